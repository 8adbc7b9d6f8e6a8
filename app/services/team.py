"""The team (issue 20): make it, ask to join, admit, remove, configure the server, sync.

Who may read what (TEAM.md): the team key of each epoch goes to every
member device; a case key goes to the devices of the worker who made the case
and to the team's admins (issue 18 adds co-workers and takeover). A new
device of a worker gets every key of that worker's cases. Removing a device
makes a new team key and a new key for every case it could read, wrapped
for everyone else; what it already held cannot be taken back.

What travels is the operation log's own (issue 19): ``StreamLog`` gives the
sync the log's outbox and applies what the stream brings through the log's
merge (``OpLog.receive``, the same path as ``ops import``), with the case-list
columns and search rows, and the cursor, in one transaction. Operations of no
case (audit entries about the store or the team) travel under the team key.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from app.errors import VeiligwijzerError
from app.i18n import N_, _
from app.oplog.operation import SignedOperation
from app.services import caseteam as caseteam_refusals
from app.services.case_keys import give_case_key
from app.services.summary import refresh_summary
from app.services.team_status import (  # noqa: F401 - the team's one place for callers
    Progress,
    SyncState,
    in_team,
    progress,
    server_url,
    state,
    state_text,
    unsent_warning,
)
from app.store.audit import AuditAction
from app.store.store import Store
from app.store.team import StreamTables, TeamKeyStore
from app.team import crypto, keyring, server_config
from app.team.crypto import Sealed, device_fingerprint
from app.team.keyring import TeamFileError
from app.team.model import TEAM_SCOPE, Channel, Key, Member, Outgoing, Role, SyncReport, scope_of
from app.team.sync import (
    ERASED,
    GAP,
    NO_ACCESS,
    NO_STREAM,
    OFFLINE,
    REMOVED,
    UNMERGEABLE,
    Sync,
    SyncError,
)

T = TypeVar("T")


class TeamError(VeiligwijzerError):
    pass


@dataclass(frozen=True)
class TeamInfo:
    team_id: str
    name: str
    device: str
    fingerprint: str


def own_member(store: Store, role: Role = Role.MEMBER) -> Member:
    return Member(device=store.device_id, worker=store.worker_id, role=role,
                  signing=store.signing_key().public_key,
                  exchange=store.team.exchange_key().public_key)


def _fingerprint(member: Member) -> str:
    return device_fingerprint(member.signing, member.exchange, member.device, member.worker)


def own_fingerprint(store: Store) -> str:
    me = own_member(store)
    return _fingerprint(me)


def _keys(store: Store) -> TeamKeyStore:
    try:
        return store.team.keys()
    except LookupError:
        raise TeamError(_("Deze kluis hoort nog niet bij een team.")) from None


def _admin_keys(store: Store) -> TeamKeyStore:
    keys = _keys(store)
    me = keys.members().get(store.device_id)
    if me is None or me.role is not Role.ADMIN:
        raise TeamError(_("Alleen een beheerder van het team kan dit doen."))
    return keys


def _publish_membership(keys: TeamKeyStore, log: StreamTables, members: list[Member],
                        team_key: Key) -> bytes:
    """The next member list, kept here and queued for the stream."""
    epoch = keys.epoch() + 1
    signed = keyring.membership_statement(keys, epoch, members, team_key)
    keys.set_members(epoch, members, signed)
    log.add_statement(signed)
    return signed


def create_team(store: Store, name: str) -> TeamInfo:
    """Make a team with this store's device as its first admin (the lead)."""
    name = name.strip()
    if not name:
        raise TeamError(_("Geef het team een naam."))
    if store.team.row() is not None:
        raise TeamError(_("Deze kluis hoort al bij een team."))
    me = own_member(store, Role.ADMIN)
    team_id = uuid.uuid4().hex
    secret = os.urandom(32)
    with store.transaction():
        store.team.create(team_id, name, secret, store.device_id,
                            server_config.device_password(secret, store.device_id))
        keys = _keys(store)
        team_key = keyring.make_key("", 1, store.device_id)
        keys.add_key(team_key, [store.device_id])
        _publish_membership(keys, store.team.stream(), [me], team_key)
        store.audit.append(AuditAction.CREATE, "team", team_id, role=str(Role.ADMIN))
    return TeamInfo(team_id, name, store.device_id, _fingerprint(me))


def join_request(store: Store, worker: str | None = None) -> tuple[dict, str]:
    """The request file for this device, and the fingerprint to read aloud.

    ``worker``: this laptop replaces or adds to the laptop of a worker who
    is already in the team (the id ``veiligwijzer workers`` shows); once
    admitted it gets every key of that worker's cases. The fingerprint
    covers the worker id, and the admin sees the worker's name before
    admitting."""
    if store.team.row() is not None:
        raise TeamError(_("Deze kluis hoort al bij een team."))
    if worker is not None and worker != store.worker_id:
        try:
            worker = str(uuid.UUID(worker))
        except ValueError:
            raise TeamError(_("Dit is geen medewerker-id (zie veiligwijzer workers).")) from None
        if store.has_own_work():
            raise TeamError(_("Alleen een nieuwe, lege kluis kan de laptop van een andere "
                              "medewerker worden: deze kluis heeft al eigen werk."))
        store.become_worker(worker)
    me = own_member(store)
    request = keyring.request_file(me)
    return request, request["fingerprint"]


def read_request(data: bytes) -> tuple[Member, str]:
    try:
        return keyring.read_request(json.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, TeamFileError):
        raise TeamError(_("Dit is geen aanmeldverzoek van Veiligwijzer.")) from None


def admit(store: Store, member: Member) -> dict:
    """Admit a device (the admin compared its fingerprint first); returns its welcome file.

    A new device of a worker who is already in the team gets every key of
    that worker's cases.
    """
    keys = _admin_keys(store)
    members = keys.members()
    if member.device in members:
        raise TeamError(_("Dit apparaat is al lid van het team."))
    if keys.ever_member(member.device) is not None:
        raise TeamError(_("Dit apparaat is uit het team gehaald en kan niet terugkomen; "
                          "maak op dat apparaat een nieuwe kluis."))
    log = store.team.stream()
    team_key = keys.current_key("")
    assert team_key is not None
    with store.transaction():
        new_list = [*members.values(), member]
        signed = _publish_membership(keys, log, new_list, team_key)
        keys.add_recipients(team_key.key_id, [member.device])
        grants = [(k, [member]) for k in keys.case_keys()
                  if _on_case(store, keys, k, member.worker)]
        for key, _to in grants:
            keys.add_recipients(key.key_id, [member.device])
        if grants:
            log.add_statement(keyring.keys_statement(keys, grants))
        store.audit.append(AuditAction.CHANGE, "team", keys.team_id, admitted=member.device)
    row = keys.row()
    password = server_config.device_password(row["server_secret"], member.device) \
        if row["server_secret"] else ""
    return keyring.welcome_file(keys.team_id, keys.name, signed, member.device, password)


def _on_case(store: Store, keys: TeamKeyStore, key: Key, worker: str) -> bool:
    """Whether ``worker`` is on the case of this key: made it, leads it or
    works on it (a new laptop of theirs reads what they read)."""
    if _worker_of(keys, key) == worker:
        return True
    explicit, creator = store.caseteam.lead_and_creator(key.scope)
    return worker in {explicit or creator, *store.caseteam.co_workers(key.scope)}


def _worker_of(keys: TeamKeyStore, key: Key) -> str | None:
    """The worker whose case this is: the one whose device gave its first key."""
    giver = keys.first_giver(key.scope)
    member = keys.ever_member(giver) if giver else None
    return None if member is None else member.worker


def join(store: Store, data: bytes) -> tuple[TeamInfo, list[str]]:
    """Join with the welcome file an admin made; returns the team and the
    fingerprints of its admins, to compare."""
    if store.team.row() is not None:
        raise TeamError(_("Deze kluis hoort al bij een team."))
    try:
        welcome = json.loads(data.decode("utf-8"))
        statement, members, signed = keyring.read_welcome(welcome, store.device_id)
    except (UnicodeDecodeError, ValueError, TeamFileError, AttributeError):
        raise TeamError(_("Dit is geen welkomstbestand voor deze kluis.")) from None
    with store.transaction():
        store.team.create(str(welcome["team"]), str(welcome["name"]), None,
                            str(welcome["server_user"]), str(welcome["server_password"]))
        keys = _keys(store)
        # Trusted as the admins in it signed it: the worker compares their fingerprints.
        keyring.receive(_Bootstrap(keys, members), signed, str(statement["device"]))
        store.audit.append(AuditAction.CREATE, "team", keys.team_id, role=str(Role.MEMBER))
    admins = [_fingerprint(m) for m in members
              if m.role is Role.ADMIN]
    me = own_member(store)
    return TeamInfo(keys.team_id, keys.name, store.device_id,
                    _fingerprint(me)), admins


class _Bootstrap:
    """A keyring that trusts the welcome file's own admins, for its first list."""

    def __init__(self, keys: TeamKeyStore, members: list[Member]) -> None:
        self._keys = keys
        self._members = {m.device: m for m in members}

    def __getattr__(self, name):
        return getattr(self._keys, name)

    def members(self) -> dict[str, Member]:
        return self._members


def remove(store: Store, device: str) -> int:
    """Take a device out: a new member list, a new team key, and a new key for
    every case it could read, wrapped for the others. Returns the new key count."""
    keys = _admin_keys(store)
    members = keys.members()
    if device not in members:
        raise TeamError(_("Dit apparaat is geen lid van het team."))
    if device == store.device_id:
        raise TeamError(_("Een beheerder kan het eigen apparaat niet uit het team halen."))
    if members[device].role is Role.ADMIN and sum(
            m.role is Role.ADMIN for m in members.values()) == 1:
        raise TeamError(_("Het team houdt minstens één beheerder."))
    log = store.team.stream()
    staying = [m for m in members.values() if m.device != device]
    with store.transaction():
        team_key = keyring.make_key("", keys.current_key("").epoch + 1, store.device_id)
        keys.add_key(team_key, [m.device for m in staying])
        _publish_membership(keys, log, staying, team_key)
        grants = []
        for old in keys.current_case_keys():
            if device not in keys.recipients(old.key_id):
                continue
            new = keyring.make_key(old.scope, old.epoch + 1, store.device_id)
            to = [m for m in staying if m.device in keys.recipients(old.key_id)]
            keys.add_key(new, [m.device for m in to])
            grants.append((new, to))
        if grants:
            log.add_statement(keyring.keys_statement(keys, grants))
        store.audit.append(AuditAction.CHANGE, "team", keys.team_id, removed=device)
    return len(grants) + 1


def create_case_key(store: Store, case_id: str) -> Key:
    """The key of a case made on this device (made with the case, see
    ``app.services.case_keys``); for this worker's devices and the team's
    admins, queued for the stream."""
    _keys(store)
    with store.transaction():
        key = give_case_key(store, case_id)
    assert key is not None
    return key


class StreamLog:
    """``app.team.model.OperationLog`` on a store: the operation log's outbox
    and merge, the team's tables for the cursor, held and refused messages."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.tables = store.team.stream()
        #: Cases whose projections the stream changed (for the screens).
        self.changed_cases: set[str] = set()

    def outbox(self, limit: int) -> list[Outgoing]:
        """Key statements first (a case's key before its operations), then
        own operations in the order they were made. An operation of a case
        that has no key yet (made before the store joined the team) gets
        its key here."""
        entries = self.tables.unsent_statements(limit)
        ops = self.tables.unsent_operations(max(limit - len(entries), 0))
        keys = self.store.team.keys()
        # An erased case's tombstone is all that is left of it here, and its
        # key went with the erasure: it travels under the team key (and no
        # new key is made for the case).
        erased = self.store.ops.erased_of({case for _op, case, _body, _sig in ops})
        missing = sorted({scope_of(case) for _op, case, _body, _sig in ops} - erased
                         - {TEAM_SCOPE} - {k.scope for k in keys.current_case_keys()})
        if missing:
            with self.store.transaction():
                for case_id in missing:
                    give_case_key(self.store, case_id)
            entries = self.tables.unsent_statements(limit)
        return entries + [Outgoing(op_id=op_id, channel=Channel.OPS,
                                   scope=TEAM_SCOPE if case in erased else scope_of(case),
                                   body=body, signature=signature)
                          for op_id, case, body, signature in ops]

    def outbox_count(self) -> int:
        return self.tables.unsent_count()

    def mark_sent(self, acks: list[tuple[str, int]]) -> None:
        self.tables.mark_sent(acks)

    def cursor(self) -> int:
        return self.tables.cursor()

    def knows(self, op_id: str) -> bool:
        return self.tables.knows(op_id)

    def known_of(self, op_ids: list[str]) -> set[str]:
        return self.store.ops.known_of(op_ids)

    def apply(self, applied: list[tuple[Sealed, int]], cursor: int) -> list[str]:
        """Merge checked operations (``Sync`` verified each one's signature
        by a member's key) and move the cursor, in one transaction; the case-list
        columns and search rows follow, once per case, as after ``ops import``.
        Returns the reasons of the operations refused.

        Each operation's author is judged by its role as this store stands
        when the operation comes in stream order (issue 21), so an operation
        that changes who may do what (a member, a takeover, the directory)
        is merged before the next one is judged; the ordinary ones between
        such changes merge together. One the log cannot merge is refused
        alone, and the rest still land."""
        members = self.store.team.keys()
        cases: set[str] = set()
        refused: list[str] = []
        pending: list[SignedOperation] = []
        workers: dict[str, str] = {}

        def merge() -> None:
            if pending:
                # The log keeps an operation and its projection together (a
                # savepoint): one that does not fit leaves nothing. A signed
                # operation this store cannot merge must not stop the sync
                # for every later one: refused and counted.
                touched, unmergeable = self.store.ops.receive_many(pending)
                cases.update(touched)
                for _position in unmergeable:
                    self.tables.count_refusal(UNMERGEABLE)
                    refused.append(UNMERGEABLE)
                pending.clear()

        with self.store.transaction():
            for sealed, _sequence in applied:
                signed = sealed.checked if isinstance(sealed.checked, SignedOperation) \
                    else SignedOperation.read(sealed.body, sealed.signature)
                if sealed.device not in workers:
                    member = members.ever_member(sealed.device)
                    if member is None:  # checked by the sync; never merged unchecked
                        raise TeamError(_(REFUSAL_LABELS[crypto.UNKNOWN_DEVICE]))
                    self.tables.know_member_key(member.device, member.signing)
                    workers[sealed.device] = member.worker
                changes_roles = caseteam_refusals.changes_roles(signed.op)
                if changes_roles:
                    merge()
                reason = caseteam_refusals.refusal(self.store, signed.op,
                                                   workers[sealed.device])
                if reason is not None:
                    self.tables.count_refusal(reason)
                    refused.append(reason)
                    continue
                pending.append(signed)
                if changes_roles:
                    merge()
            merge()
            self.tables.move(cursor)
            for case_id in sorted(cases):
                if self.store.cases.get(case_id) is not None:
                    refresh_summary(self.store, case_id)
        self.changed_cases |= cases
        return refused

    def skip(self, sequence: int, reason: str | None) -> None:
        self.tables.skip(sequence, reason)

    def take(self, sequence: int, work: Callable[[], T]) -> T:
        with self.store.transaction():
            result = work()
            self.tables.move(sequence)
        return result

    def hold(self, sequence: int, device: str, waits_for: bytes, envelope: bytes) -> None:
        self.tables.hold(sequence, device, waits_for, envelope)

    def held(self, waits_for: bytes) -> list[tuple[int, str, bytes]]:
        return self.tables.held(waits_for)

    def release(self, sequences: list[int]) -> None:
        self.tables.release(sequences)


def write_server_config(store: Store, out: Path, data_dir: str = "./jetstream") -> list[Path]:
    keys = _admin_keys(store)
    secret = keys.row()["server_secret"]
    if not secret:
        raise TeamError(_("Alleen de kluis waarmee het team is gemaakt kan de "
                          "serverinstellingen schrijven."))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in server_config.files(keys.team_id, list(keys.members().values()),
                                          secret, data_dir).items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        os.chmod(path, 0o600)  # it holds every device's password
        written.append(path)
    return written


def sync_parts(store: Store) -> tuple[TeamKeyStore, StreamLog]:
    return _keys(store), StreamLog(store)


SYNC_MESSAGES = {
    OFFLINE: N_("De teamserver is niet bereikbaar."),
    NO_ACCESS: N_("Geen toegang tot de teamserver."),
    REMOVED: N_("Dit apparaat is uit het team gehaald."),
    NO_STREAM: N_("De teamserver heeft nog geen gegevens van dit team; een beheerder "
                 "synchroniseert eerst."),
}


#: Why messages were refused, as the worker reads it (``crypto.REASONS`` and the sync's own).
REFUSAL_LABELS = {
    crypto.NOT_DECRYPTABLE: N_("niet te ontsleutelen"),
    crypto.BAD_SIGNATURE: N_("handtekening klopt niet"),
    crypto.UNKNOWN_DEVICE: N_("onbekend apparaat"),
    crypto.NOT_OURS: N_("hoort bij een andere casus"),
    crypto.MALFORMED: N_("onleesbaar bericht"),
    GAP: N_("ontbrekend bericht"),
    UNMERGEABLE: N_("past niet in deze kluis"),
    ERASED: N_("hoort bij een gewiste casus"),
    **caseteam_refusals.REFUSAL_LABELS,
}


def refusal_label(reason: str) -> str:
    return _(REFUSAL_LABELS[reason]) if reason in REFUSAL_LABELS else reason


def _remember(store: Store, url: str) -> None:
    if server_url(store) != url:
        store.team.set_server_url(url)


def _account(store: Store, keys: TeamKeyStore, url: str) -> tuple[str | None, str, bool]:
    """(server user, password, may make the stream) of this device."""
    row = keys.row()
    me = keys.members().get(store.device_id)
    return (row["server_user"] if "@" not in url else None, row["server_password"],
            me is not None and me.role is Role.ADMIN)


def sync_once(store: Store, url: str, timeout_s: float = 60.0,
              replicas: int = 1) -> SyncReport:
    """Publish the outbox and read the stream up to its end, once. An admin
    makes the team's stream if it is missing, kept on ``replicas`` servers
    (3 on a 3-node cluster; a stream's replicas are set when it is made)."""
    keys, log = sync_parts(store)
    if keys.row()["removed"]:
        raise TeamError(_(SYNC_MESSAGES[REMOVED]))
    user, password, admin = _account(store, keys, url)
    sync = Sync(keys, log, replicas=replicas)
    try:
        report = asyncio.run(sync.once(url, user, password, create_stream=admin,
                                       timeout_s=timeout_s))
    except SyncError as exc:
        raise TeamError(_(SYNC_MESSAGES[exc.reason])) from None
    _remember(store, url)
    return report


async def sync_forever(store: Store, url: str, stop: asyncio.Event | None = None) -> None:
    """Sync while online until ``stop`` is set (or the task is cancelled)."""
    keys, log = sync_parts(store)
    user, password, admin = _account(store, keys, url)
    sync = Sync(keys, log)
    _remember(store, url)
    try:
        await sync.run(url, user, password, stop=stop or asyncio.Event(), create_stream=admin)
    except SyncError as exc:
        raise TeamError(_(SYNC_MESSAGES[exc.reason])) from None


async def _until(work, event: asyncio.Event, grace_s: float = 2.0) -> None:
    """Run ``work`` until it ends, or until ``event`` is set and a short grace
    has passed (a client stuck reconnecting to a server that is gone must not
    hold up locking or quitting): then it is cancelled."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            await asyncio.wait({task}, timeout=grace_s)
        if not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=grace_s)
        if task.done() and not task.cancelled():
            task.result()
    finally:
        stopper.cancel()


#: How long the background sync waits before it tries an unreachable server again.
RETRY_S = 5.0


def sync_in_background(store: Store, url: str, stop: threading.Event,
                       on_progress: Callable[[Progress], None], *, poll_s: float = 0.25,
                       retry_s: float = RETRY_S) -> None:
    """Sync until ``stop`` is set: for one worker thread of the app, on a store
    of its own (``Store.for_thread``). Offline, it tries again every
    ``retry_s``; no access or a removed device ends it (said in the window).
    ``on_progress`` is called in this thread whenever the text changes or the
    stream changed cases."""
    keys, log = sync_parts(store)
    user, password, admin = _account(store, keys, url)
    shown: list[str] = [""]

    def report(**how) -> None:
        changed = frozenset(log.changed_cases)
        log.changed_cases.clear()
        now = progress(store, changed=changed, **how)
        if now.text != shown[0] or changed:
            shown[0] = now.text
            on_progress(now)

    current: list[Sync] = []

    def on_change(_report: SyncReport) -> None:
        online = bool(current) and current[0].online
        report(online=online, synced_at=datetime.now().astimezone() if online else None)

    async def until_stopped(event: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(0.05)
        event.set()

    async def run() -> None:
        event = asyncio.Event()
        watcher = asyncio.create_task(until_stopped(event))
        try:
            while not stop.is_set():
                if keys.row()["removed"]:
                    report(online=True)
                    return
                sync = Sync(keys, log, on_change=on_change)
                current[:] = [sync]
                try:
                    await _until(sync.run(url, user, password, stop=event, create_stream=admin,
                                          poll_s=poll_s), event)
                except SyncError as exc:
                    if exc.reason in (NO_ACCESS, REMOVED):
                        report(online=True, no_access=exc.reason == NO_ACCESS)
                        return
                    report(online=False)
                    try:
                        await asyncio.wait_for(event.wait(), retry_s)
                    except TimeoutError:
                        pass
        finally:
            watcher.cancel()

    report(online=False)
    asyncio.run(run())
