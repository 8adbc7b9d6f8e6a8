"""What the team screen shows and does (issue 21): the team's workers and
their devices with fingerprints, admitting a device after the fingerprint
read aloud matches, removing a device or a whole worker, the server config.

The rules are the team service's (``app.services.team``), which the CLI uses
too; this module gathers what one screen needs in one read and holds the one
rule the CLI and the screen share about admitting: the fingerprint typed by
the admin must be the request's. ``app.services.team`` brings the network
client, so it is imported where it is needed, not when the app starts.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.caseteam import TeamRole, Worker
from app.i18n import N_, _, ngettext
from app.services import caseteam, team_status
from app.store.store import Store
from app.team.crypto import device_fingerprint, normalise_device_fingerprint
from app.team.model import Member, Role

#: Said by the CLI and the screen alike when the fingerprint read aloud differs.
FINGERPRINT_MISMATCH = N_("De vingerafdruk klopt niet: het apparaat is niet toegelaten.")


@dataclass(frozen=True)
class Device:
    """One device of a worker in the team (apparaat)."""

    device: str
    fingerprint: str
    admin: bool  # beheerder: may admit and remove devices
    this_one: bool
    #: When and by whom it was admitted, where this store saw it (its audit log).
    admitted_at: datetime | None = None
    admitted_by: str | None = None


@dataclass(frozen=True)
class TeamWorker:
    """A worker of the team with their devices (medewerker)."""

    id: str
    name: str
    role: TeamRole | None  # None: not (yet) in the worker directory
    devices: tuple[Device, ...]


@dataclass(frozen=True)
class TeamScreen:
    """The team as the screen shows it; ``name`` None: this store is in no team."""

    name: str | None
    admin: bool
    #: Only the store that made the team can write the server config.
    writes_server_config: bool
    workers: tuple[TeamWorker, ...]
    sync: team_status.SyncState | None
    server_url: str | None

    @property
    def in_team(self) -> bool:
        return self.name is not None


def fingerprint_matches(fingerprint: str, spoken: str) -> bool:
    """The admit rule: what the other person read aloud (typed with or without
    spaces, dashes or dots) is the request's own fingerprint."""
    return normalise_device_fingerprint(spoken) == fingerprint


def _fingerprint(member: Member) -> str:
    return device_fingerprint(member.signing, member.exchange, member.device, member.worker)


def _admissions(store: Store, team_id: str) -> dict[str, tuple[datetime, str]]:
    """device -> (when, by which worker) from the admit entries this store holds."""
    return {str(e.detail["admitted"]): (e.at, e.actor)
            for e in store.audit.entries(team_id) if "admitted" in e.detail}


def _sort_key(worker: TeamWorker) -> tuple:
    order = {TeamRole.LEAD: 0, TeamRole.DEPUTY: 1, TeamRole.WORKER: 2, None: 3}
    return order[worker.role], worker.name.casefold()


def team_screen(store: Store) -> TeamScreen:
    """Everything the team screen shows, read at once (for a worker thread)."""
    directory = caseteam.workers(store)
    if not team_status.in_team(store):
        return TeamScreen(None, False, False, _directory_only(directory), None, None)
    keys = store.team.keys()
    members = keys.members()
    me = members.get(store.device_id)
    admitted = _admissions(store, keys.team_id)
    devices: dict[str, list[Device]] = {}
    for member in members.values():
        when, by = admitted.get(member.device, (None, None))
        devices.setdefault(member.worker, []).append(Device(
            member.device, _fingerprint(member), member.role is Role.ADMIN,
            member.device == store.device_id, when,
            None if by is None else caseteam.worker_name(store, by)))
    workers = [TeamWorker(worker_id, caseteam.worker_name(store, worker_id),
                          directory[worker_id].role if worker_id in directory else None,
                          tuple(sorted(found, key=lambda d: (not d.this_one, d.device))))
               for worker_id, found in devices.items()]
    # Colleagues in the directory without a device yet are part of the team too.
    workers += [w for w in _directory_only(directory) if w.id not in devices]
    return TeamScreen(keys.name, me is not None and me.role is Role.ADMIN,
                      bool(keys.row()["server_secret"]), tuple(sorted(workers, key=_sort_key)),
                      team_status.state(store), team_status.server_url(store))


def _directory_only(directory: dict[str, Worker]) -> tuple[TeamWorker, ...]:
    return tuple(sorted((TeamWorker(w.id, w.name, w.role, ()) for w in directory.values()),
                        key=_sort_key))


@dataclass(frozen=True)
class JoinRequest:
    """A request file read (aanmeldverzoek): the device, its fingerprint, and
    the worker's name when the directory knows them."""

    member: Member
    fingerprint: str
    known_worker: str | None


def read_request_file(path: Path) -> tuple[Member, str]:
    """The device in a request file and its fingerprint (the CLI's and the screen's read)."""
    from app.services import team

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise team.TeamError(_("Het aanmeldverzoek is niet te lezen: {why}").format(
            why=exc.strerror or exc)) from None
    return team.read_request(data)


def write_join_request(store: Store, out: Path, worker: str | None = None) -> str:
    """Write this device's request to join; returns the fingerprint to read
    aloud. ``worker``: a new laptop of a worker already in the team."""
    from app.services import team

    request, fingerprint = team.join_request(store, worker)
    write_team_file(out, request)
    return fingerprint


def request_text(out: Path, fingerprint: str) -> str:
    return "\n".join((
        _("Aanmeldverzoek geschreven: {path}").format(path=out),
        _("Vingerafdruk: {fp}").format(fp=fingerprint),
        _("Lees deze vingerafdruk voor aan de beheerder (in persoon of per telefoon).")))


def join_with_file(store: Store, path: Path):
    """Join with the welcome file an admin made: (team, the admins' fingerprints)."""
    from app.services import team

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise team.TeamError(_("Het welkomstbestand is niet te lezen: {why}").format(
            why=exc.strerror or exc)) from None
    return team.join(store, data)


def joined_text(name: str, admins: list[str]) -> str:
    """Said after joining: the admins' fingerprints, to compare with what they read aloud."""
    return "\n".join([_("Lid van team: {name}").format(name=name)]
                     + [_("Vingerafdruk van de beheerder: {fp}").format(fp=fp) for fp in admins]
                     + [_("Vergelijk die met wat de beheerder voorleest.")])


def join_request_from(store: Store, path: Path) -> JoinRequest:
    member, fingerprint = read_request_file(path)
    worker = caseteam.workers(store).get(member.worker)
    return JoinRequest(member, fingerprint, worker.name if worker else None)


def admit_device(store: Store, request: JoinRequest, spoken: str, *,
                 name: str | None = None, role: TeamRole = TeamRole.WORKER) -> dict:
    """Admit the requesting device once the fingerprint read aloud matches;
    returns its welcome file. ``name``: a worker new to the directory is
    added with that name and role first, so colleagues see who it is; the
    directory's own rule (only a lead or deputy changes it) refuses before
    anything is admitted. Without a name the device is admitted all the same."""
    from app.services import team

    if not fingerprint_matches(request.fingerprint, spoken):
        raise team.TeamError(_(FINGERPRINT_MISMATCH))
    if name and name.strip() and request.known_worker is None:
        caseteam.set_worker(store, request.member.worker, name, role)
    return team.admit(store, request.member)


def welcome_path(request: Path) -> Path:
    """Where the welcome file goes beside its request, as ``team admit`` writes it."""
    return request.with_name(request.stem + "-welkom.json")


def write_team_file(path: Path, data: dict, *, private: bool = False) -> None:
    """A request or welcome file, written whole or not at all; ``private``
    for a welcome file, which holds the device's server password."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if private:
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def cases_reachable(store: Store, devices: list[str]) -> int:
    """How many cases these devices could read: what they already hold and
    what a removal cannot take back (counted from the keys this admin holds)."""
    keys = store.team.keys()
    return sum(1 for key in keys.current_case_keys()
               if any(d in keys.recipients(key.key_id) for d in devices))


def removal_warning(name: str, devices: list[str], reach: int, *, whole_worker: bool) -> str:
    """Asked before a removal (TEAM.md: what the device already held cannot be
    taken back: say so in the app): what goes, what stays readable there, and
    what follows. ``reach``: ``cases_reachable`` of the devices."""
    if whole_worker:
        question = ngettext("{name} uit het team halen, met {n} apparaat?",
                            "{name} uit het team halen, met {n} apparaten?",
                            len(devices)).format(name=name, n=len(devices))
        held = ngettext("Tot nu toe kon {name} daarmee {n} casus lezen.",
                        "Tot nu toe kon {name} daarmee {n} casussen lezen.",
                        reach).format(name=name, n=reach)
    else:
        question = _("Apparaat {id} van {name} uit het team halen?").format(
            id=devices[0][:8], name=name)
        held = ngettext("Tot nu toe kon het {n} casus lezen.",
                        "Tot nu toe kon het {n} casussen lezen.", reach).format(n=reach)
    return "\n\n".join((
        question, held,
        _("Wat al op het apparaat staat, kun je niet terughalen: die casussen en wat er "
          "tot nu toe in is vastgelegd, blijven daar leesbaar voor wie de kluis kan "
          "openen. Wat hierna wordt vastgelegd, kan het apparaat niet meer lezen."),
        _("Daarna komen er nieuwe sleutels voor het team en voor die casussen, en "
          "vervalt het account op de teamserver. Schrijf de serverinstellingen opnieuw "
          "en laad ze op de server.")))


def held_line(held: int) -> str:
    """Messages kept unread until their key or their sender's admission arrives."""
    return _("Wacht op een sleutel of op de toelating van een apparaat: {n}").format(n=held)


def refused_lines(refused: dict[str, int]) -> list[str]:
    """Messages from the team that this store refused, counted per reason."""
    from app.services import team

    return [_("Geweigerd ({reason}): {n}").format(reason=team.refusal_label(reason), n=count)
            for reason, count in sorted(refused.items())]


def removed_text(new_keys: int) -> str:
    """What a removal did and what comes next (the CLI and the screen say it alike)."""
    return "\n".join((
        ngettext("Apparaat uit het team gehaald; {n} nieuwe sleutel gemaakt.",
                 "Apparaat uit het team gehaald; {n} nieuwe sleutels gemaakt.", new_keys
                 ).format(n=new_keys),
        _("Schrijf de serverinstellingen opnieuw en laad ze op de server "
          "(nats-server --signal reload). Wat het apparaat al had, blijft daar leesbaar.")))


def remove_devices(store: Store, devices: list[str]) -> int:
    """Take devices out of the team (a lost laptop, or every device of a
    worker who leaves); returns how many new keys were made."""
    from app.services import team

    # This device first: the service refuses it before any other is removed,
    # so a refused removal leaves nothing half done.
    return sum(team.remove(store, device)
               for device in sorted(devices, key=lambda d: d != store.device_id))
