"""Who may read what: requests to join, the signed member list, wrapped keys.

Statements on ``vw.<team>.keys.<device>`` are signed JSON
(``crypto.sign_statement``); the keys in them are wrapped per receiving
device, so the server and the other members see only key ids and device ids.

- ``membership``: the member list of one epoch, signed by an admin, with the
  team key of that epoch wrapped for every member. Taken only from a device
  that is an admin in the list this device already trusts, and only for a
  newer epoch.
- ``keys``: case keys wrapped for the devices of a case. The first key of a
  case is taken from any member (its creator); a later one only from an admin
  or from the device that gave the first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.team.crypto import (
    BAD_SIGNATURE,
    MALFORMED,
    NOT_OURS,
    UNKNOWN_DEVICE,
    EnvelopeError,
    b64,
    canonical,
    check_statement,
    device_fingerprint,
    new_key,
    read_statement,
    sign_statement,
    unb64,
    unwrap_key,
    wrap_key,
)
from app.team.model import Key, Member, Role, TeamKeys

VERSION = 1
REQUEST_KIND = "veiligwijzer/team-request"
WELCOME_KIND = "veiligwijzer/team-welcome"


class TeamFileError(Exception):
    """A request or welcome file that is not one (a Dutch message is the caller's)."""


def _wraps(keys: TeamKeys, key: Key, recipients: list[Member]) -> dict[str, str]:
    secret = canonical({"scope": key.scope, "epoch": key.epoch, "key": b64(key.secret)})
    return {m.device: b64(wrap_key(secret, m.exchange, keys.team_id, key.key_id, m.device))
            for m in recipients}


def membership_statement(keys: TeamKeys, epoch: int, members: list[Member],
                         team_key: Key) -> bytes:
    """The member list of ``epoch`` and its team key, signed by this (admin) device."""
    return sign_statement(keys.signing, {
        "v": VERSION, "type": "membership", "team": keys.team_id, "device": keys.device_id,
        "epoch": epoch, "members": [m.to_json() for m in members],
        "key_id": b64(team_key.key_id), "wraps": _wraps(keys, team_key, members)})


def keys_statement(keys: TeamKeys, grants: list[tuple[Key, list[Member]]]) -> bytes:
    """Case keys, each wrapped for its devices, signed by this device."""
    return sign_statement(keys.signing, {
        "v": VERSION, "type": "keys", "team": keys.team_id, "device": keys.device_id,
        "keys": [{"key_id": b64(k.key_id), "wraps": _wraps(keys, k, to)} for k, to in grants]})


def make_key(scope: str, epoch: int, given_by: str) -> Key:
    secret, key_id = new_key()
    return Key(key_id=key_id, scope=scope, epoch=epoch, secret=secret, given_by=given_by)


@dataclass(frozen=True)
class Received:
    """What a key statement changed here."""

    key_ids: tuple[bytes, ...] = ()
    members_changed: bool = False
    removed: bool = False  # this device is no longer in the member list


def _unwrap(keys: TeamKeys, key_id: bytes, wrapped: str, giver: str) -> Key:
    secret = json.loads(unwrap_key(unb64(wrapped), keys.exchange, keys.team_id, key_id,
                                   keys.device_id))
    return Key(key_id=key_id, scope=str(secret["scope"]), epoch=int(secret["epoch"]),
               secret=unb64(secret["key"]), given_by=giver)


def _members(statement: dict) -> list[Member]:
    return [Member.from_json(m) for m in statement["members"]]


def check_membership(data: bytes, team_id: str,
                     trusted: dict[str, Member] | None) -> tuple[dict, list[Member]]:
    """A membership statement checked against the admins of ``trusted`` (or,
    for a device that joins from a welcome file, against its own admin list)."""
    statement, body, signature = read_statement(data)
    if statement.get("type") != "membership" or statement.get("team") != team_id:
        raise EnvelopeError(MALFORMED)
    try:
        members = _members(statement)
    except (KeyError, TypeError, ValueError):
        raise EnvelopeError(MALFORMED) from None
    signer = statement.get("device")
    admins = {m.device: m for m in (trusted.values() if trusted is not None else members)
              if m.role is Role.ADMIN}
    if signer not in admins:
        raise EnvelopeError(UNKNOWN_DEVICE)
    check_statement(admins[signer].signing, body, signature)
    return statement, members


def receive(keys: TeamKeys, data: bytes, device: str) -> Received:
    """Take a key statement published by ``device``; EnvelopeError when refused."""
    statement, body, signature = read_statement(data)
    if statement.get("team") != keys.team_id or statement.get("device") != device:
        raise EnvelopeError(BAD_SIGNATURE)
    kind = statement.get("type")
    if kind == "membership":
        return _receive_membership(keys, data)
    if kind != "keys":
        raise EnvelopeError(MALFORMED)
    sender = keys.ever_member(device)
    if sender is None:
        raise EnvelopeError(UNKNOWN_DEVICE)
    check_statement(sender.signing, body, signature)
    added = []
    try:
        for grant in statement["keys"]:
            wrapped = grant["wraps"].get(keys.device_id)
            if wrapped is None:
                continue
            key = _unwrap(keys, unb64(grant["key_id"]), wrapped, device)
            first = keys.first_giver(key.scope)
            if first is not None and device != first and sender.role is not Role.ADMIN:
                raise EnvelopeError(NOT_OURS)
            # Who else holds it: a removal gives the next key to the same devices.
            if keys.add_key(key, sorted(grant["wraps"])):
                added.append(key.key_id)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise EnvelopeError(MALFORMED) from None
    return Received(key_ids=tuple(added))


def _receive_membership(keys: TeamKeys, data: bytes) -> Received:
    statement, members = check_membership(data, keys.team_id, keys.members())
    epoch = int(statement["epoch"])
    if epoch <= keys.epoch():
        # An earlier list (a device that joined later reads the stream from
        # its start): who was in the team then, to verify their operations.
        keys.add_former_members(members)
        return Received()
    keys.set_members(epoch, members, data)
    added = []
    wrapped = statement["wraps"].get(keys.device_id)
    if wrapped is not None:
        key = _unwrap(keys, unb64(statement["key_id"]), wrapped, str(statement["device"]))
        if keys.add_key(key, [m.device for m in members]):
            added.append(key.key_id)
    removed = all(m.device != keys.device_id for m in members)
    return Received(key_ids=tuple(added), members_changed=True, removed=removed)


# -- files between people -------------------------------------------------------

def request_file(member: Member) -> dict:
    """A device's request to join (aanmeldverzoek): public keys and fingerprint."""
    return {"kind": REQUEST_KIND, "version": VERSION, "member": member.to_json(),
            "fingerprint": device_fingerprint(member.signing, member.exchange, member.device,
                                            member.worker)}


def read_request(data: dict) -> tuple[Member, str]:
    """The requesting device and its fingerprint (computed here, not taken from the file)."""
    try:
        if data.get("kind") != REQUEST_KIND:
            raise TeamFileError("not a request")
        member = Member.from_json(dict(data["member"], role=str(Role.MEMBER)))
        if len(member.signing) != 32 or len(member.exchange) != 32:
            raise TeamFileError("bad keys")
    except (AttributeError, KeyError, TypeError, ValueError, EnvelopeError):
        raise TeamFileError("not a request") from None
    return member, device_fingerprint(member.signing, member.exchange, member.device,
                                            member.worker)


def welcome_file(team_id: str, name: str, membership: bytes, user: str,
                 password: str) -> dict:
    """What an admitted device needs to join (welkomstbestand): the signed
    member list with the team key wrapped for it, and its server account."""
    return {"kind": WELCOME_KIND, "version": VERSION, "team": team_id, "name": name,
            "membership": b64(membership), "server_user": user, "server_password": password}


def read_welcome(data: dict, own_device: str) -> tuple[dict, list[Member], bytes]:
    try:
        if data.get("kind") != WELCOME_KIND:
            raise TeamFileError("not a welcome")
        membership = unb64(data["membership"])
        statement, members = check_membership(membership, str(data["team"]), None)
    except (AttributeError, KeyError, TypeError, ValueError, EnvelopeError):
        raise TeamFileError("not a welcome") from None
    if all(m.device != own_device for m in members):
        raise TeamFileError("not for this device")
    return statement, members, membership
