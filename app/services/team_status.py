"""What the window shows of the team sync (issue 20), without loading the
network client: the state line of the status bar, the warning at quitting,
and the server the app syncs with. ``app.services.team`` does the syncing.

One source for the texts: offline, "N te versturen", "Bijgewerkt om HH:MM",
no access, removed from the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.i18n import _, ngettext
from app.store.store import Store


class Kind(StrEnum):
    """The kind of state: a screen reader is told when it changes, not each
    time the count or the time in the text does."""

    OFFLINE = "offline"
    SENDING = "sending"
    UPDATED = "updated"
    NO_ACCESS = "no-access"
    REMOVED = "removed"


@dataclass(frozen=True)
class SyncState:
    to_send: int
    held: int
    refused: dict[str, int]
    removed: bool


@dataclass(frozen=True)
class Progress:
    """What the window shows of the background sync."""

    text: str
    kind: Kind
    #: Cases whose projections the stream changed since the last progress.
    changed: frozenset[str] = frozenset()


def in_team(store: Store) -> bool:
    return store.team.row() is not None


def server_url(store: Store) -> str | None:
    """The team server this store synced with last (None: not in a team, or
    never synced; ``veiligwijzer sync`` remembers it)."""
    row = store.team.row()
    return None if row is None else row["server_url"]


def state(store: Store) -> SyncState:
    row = store.team.row()
    if row is None:
        raise LookupError("this store is not in a team")
    tables = store.team.stream()
    return SyncState(tables.unsent_count(), tables.held_count(), tables.refused(),
                     bool(row["removed"]))


def kind_of(state: SyncState, *, online: bool, no_access: bool = False) -> Kind:
    if state.removed:
        return Kind.REMOVED
    if no_access:
        return Kind.NO_ACCESS
    if not online:
        return Kind.OFFLINE
    return Kind.SENDING if state.to_send else Kind.UPDATED


def state_text(state: SyncState, *, online: bool, no_access: bool = False,
               synced_at: datetime | None = None) -> str:
    """The sync state as the window shows it (one source for the status bar)."""
    kind = kind_of(state, online=online, no_access=no_access)
    if kind is Kind.REMOVED:
        return _("Uit het team gehaald")
    if kind is Kind.NO_ACCESS:
        return _("Geen toegang tot de teamserver")
    if kind is Kind.OFFLINE:
        if state.to_send:
            return ngettext("Offline, {n} wijziging te versturen",
                            "Offline, {n} wijzigingen te versturen",
                            state.to_send).format(n=state.to_send)
        return _("Offline")
    if kind is Kind.SENDING:
        return ngettext("{n} wijziging te versturen", "{n} wijzigingen te versturen",
                        state.to_send).format(n=state.to_send)
    if synced_at is not None:
        return _("Bijgewerkt om {time}").format(time=f"{synced_at.astimezone():%H:%M}")
    return _("Bijgewerkt")


def progress(store: Store, *, online: bool, no_access: bool = False,
             synced_at: datetime | None = None,
             changed: frozenset[str] = frozenset()) -> Progress:
    current = state(store)
    return Progress(state_text(current, online=online, no_access=no_access,
                               synced_at=synced_at),
                    kind_of(current, online=online, no_access=no_access), changed)


def failed(_exc: Exception) -> Progress:
    """The background sync stopped on something unexpected: offline, said so."""
    return Progress(_("Offline"), Kind.OFFLINE)


def unsent_warning(store: Store) -> str | None:
    """Said before the app closes while changes have not reached the team."""
    if store.team.row() is None:
        return None
    count = state(store).to_send
    if not count:
        return None
    return ngettext("{n} wijziging is nog niet naar het team verstuurd. Als je nu stopt, "
                    "gaat die mee bij de volgende keer dat je online bent.",
                    "{n} wijzigingen zijn nog niet naar het team verstuurd. Als je nu "
                    "stopt, gaan die mee bij de volgende keer dat je online bent.",
                    count).format(n=count)
