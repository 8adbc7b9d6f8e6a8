"""What the team sync needs from a store, as protocols, and the plain records.

The operation log (issue 19) fills ``OperationLog`` through
``app.services.team.StreamLog``: its outbox, the cursor in the team's stream
(an ``op_cursors`` row), whether an op id is known, and ``apply`` (the log's
merge, the same path as ``ops import``).
``TeamKeys`` is the keyring: this device's keys, the member list and the
case and team keys per epoch (``app.store.team.TeamKeyStore``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from app.security.signing import SigningKey
from app.team.crypto import ExchangeKey, Sealed

T = TypeVar("T")


class Role(StrEnum):
    ADMIN = "admin"  # beheerder: the lead and a deputy; signs the member list
    MEMBER = "member"


class Channel(StrEnum):
    """The two subjects a device publishes on: ``vw.<team>.<channel>.<device>``."""

    OPS = "ops"
    KEYS = "keys"


@dataclass(frozen=True)
class Member:
    """A device admitted to the team (teamlid-apparaat)."""

    device: str
    worker: str
    role: Role
    signing: bytes  # Ed25519 public key
    exchange: bytes  # X25519 public key

    def to_json(self) -> dict:
        from app.team.crypto import b64

        return {"device": self.device, "worker": self.worker, "role": str(self.role),
                "signing": b64(self.signing), "exchange": b64(self.exchange)}

    @classmethod
    def from_json(cls, value: dict) -> Member:
        from app.team.crypto import unb64

        return cls(device=str(value["device"]), worker=str(value["worker"]),
                   role=Role(value["role"]), signing=unb64(value["signing"]),
                   exchange=unb64(value["exchange"]))


@dataclass(frozen=True)
class Key:
    """A case key (scope = case id) or a team key (scope = "") of one epoch."""

    key_id: bytes
    scope: str
    epoch: int
    secret: bytes
    given_by: str  # the device that wrapped it for us (or made it)


#: The scope of the team key: operations of no case (audit entries of the
#: store, of the team) travel under it.
TEAM_SCOPE = ""
#: The case id the operation log gives an audit entry about no case.
NO_CASE = "-"


def scope_of(case_id: str) -> str:
    """Whose key seals an operation of ``case_id``: the case's, or the team's."""
    return TEAM_SCOPE if case_id == NO_CASE else case_id


@dataclass(frozen=True)
class Outgoing:
    """One entry of the outbox: an operation to seal and publish (``body`` and
    ``signature`` as the operation log signed it), or an already signed key
    statement (``channel`` KEYS) to publish as it is."""

    op_id: str
    channel: Channel
    scope: str
    body: bytes
    signature: bytes = b""


@dataclass
class SyncReport:
    """What one sync round did: shown to the worker, and ``--once``'s result."""

    sent: int = 0
    received: int = 0
    duplicates: int = 0
    held: int = 0  # waiting for a key (a case this device is not on, or not yet)
    refused: dict[str, int] = field(default_factory=dict)
    gaps: int = 0
    to_send: int = 0

    def refuse(self, reason: str) -> None:
        self.refused[reason] = self.refused.get(reason, 0) + 1


class OperationLog(Protocol):
    """The store's side of the sync (filled by the operation log of issue 19)."""

    def outbox(self, limit: int) -> list[Outgoing]:
        """The oldest entries not yet acknowledged, oldest first."""

    def outbox_count(self) -> int: ...

    def mark_sent(self, acks: list[tuple[str, int]]) -> None:
        """The server acknowledged these (op id, stream sequence): they leave the outbox."""

    def cursor(self) -> int:
        """The last stream sequence this device has read (0: none)."""

    def knows(self, op_id: str) -> bool: ...

    def known_of(self, op_ids: list[str]) -> set[str]:
        """The ones of ``op_ids`` the store holds already."""

    def apply(self, applied: list[tuple[Sealed, int]], cursor: int) -> list[str]:
        """Merge verified foreign operations (with their stream sequences) and
        move the cursor to ``cursor``, in one transaction. Idempotent: an op id
        already known is left as it is. Each was checked: the operation's
        signature by a member's key, its device the message's sender, its
        case the one of the key that sealed it. Returns the refusal reason of
        each one the merge could not take (counted, the rest applied)."""

    def skip(self, sequence: int, reason: str | None) -> None:
        """Move the cursor past a message; ``reason`` when it was refused (counted)."""

    def take(self, sequence: int, work: Callable[[], T]) -> T:
        """Run ``work`` (a key statement's changes to the keyring) and move the
        cursor past ``sequence`` in one transaction: all of it or nothing."""

    def hold(self, sequence: int, device: str, waits_for: bytes, envelope: bytes) -> None:
        """Keep a message this device cannot open yet and move the cursor;
        ``waits_for``: the key id it lacks, or its sender's admission (a
        marker ``Sync`` makes). Held again, it waits for what it lacks next."""

    def held(self, waits_for: bytes) -> list[tuple[int, str, bytes]]:
        """Messages held for what has arrived: (sequence, device, envelope)."""

    def release(self, sequences: list[int]) -> None:
        """Forget held messages once opened (or refused)."""


class TeamKeys(Protocol):
    """The keyring of one device in one team."""

    team_id: str
    device_id: str
    signing: SigningKey
    exchange: ExchangeKey

    def members(self) -> dict[str, Member]:
        """Current members by device id (removed devices left out)."""

    def ever_member(self, device: str) -> Member | None:
        """A device that is or was a member (its operations from before its removal stay valid)."""

    def epoch(self) -> int: ...

    def set_members(self, epoch: int, members: list[Member], signed: bytes) -> None: ...

    def add_former_members(self, members: list[Member]) -> None:
        """Devices of an earlier member list this device did not know: kept
        as removed members, so their operations from then verify."""

    def add_key(self, key: Key, recipients: list[str] = ()) -> bool:
        """Keep a key and the devices it was given to; False when it was known."""

    def key(self, key_id: bytes) -> Key | None: ...

    def erased(self, key_id: bytes) -> bool:
        """A key destroyed with its case's erasure."""

    def current_key(self, scope: str) -> Key | None:
        """The newest epoch's key for a case (or the team, scope "")."""

    def recipients(self, key_id: bytes) -> list[str]:
        """The devices a key was given to."""

    def first_giver(self, scope: str) -> str | None:
        """The device that gave the first key of ``scope``."""
