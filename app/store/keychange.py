"""A change of key slots that is all or nothing (passphrase change, reset
with the recovery key, a new recovery key).

Two files change: the key file and the store (its audit entry). The order:

1. The key file is rewritten with the new slot as its *pending* slot, with a
   fresh change id; the slot in force is untouched.
2. The audit entry (CHANGE on "store", with ``key_change`` = that id) is
   committed. **This commit is the moment the change takes effect.**
3. The key file is rewritten with the pending slot in force.

A failure in step 1 or 2 leaves the change not made (the pending slot is
removed again where possible); a failure in step 3 leaves it made. A pending
slot left behind by any failure is settled at the next open (``settle``):
with the audit entry there, it is put in force; without, it is dropped. The
outcome never depends on which secret is typed: the secret that no longer
applies is refused, so exactly one passphrase opens the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.cases.model import new_id
from app.i18n import _
from app.store import keys
from app.store.audit import AuditAction
from app.store.database import Connection
from app.store.errors import StoreError, WrongPassphrase


class Outcome(StrEnum):
    APPLIED = "applied"
    NOT_APPLIED = "not_applied"
    #: The store could not be asked; the next open settles it.
    UNKNOWN = "unknown"


class KeyChangeFailed(StoreError):
    """A change failed; ``outcome`` says whether it took effect all the same."""

    def __init__(self, message: str, outcome: Outcome) -> None:
        super().__init__(message)
        self.outcome = outcome


class SecretReplaced(WrongPassphrase):
    """The secret opened a slot that a finished change has since replaced."""

    def __init__(self) -> None:
        super().__init__()
        self.message = _("Dit wachtwoord is vervangen door een nieuw wachtwoord. Gebruik het "
                         "nieuwe wachtwoord.")
        self.args = (self.message,)


def took_effect(conn: Connection, change: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM audit_log WHERE action = ? AND object_type = 'store'"
        " AND json_extract(detail, '$.key_change') = ?",
        (str(AuditAction.CHANGE), change)).fetchone()
    return row is not None


def settle(store, key_file: keys.KeyFile, via_pending: bool, slot_name: str) -> None:
    """At open: complete or roll back a pending slot, then refuse the secret
    if it is the one that no longer applies (``store`` is closed by the caller)."""
    pending = key_file.pending
    if pending is None:
        return
    applied = took_effect(store.conn, pending.change)
    settled = key_file.completed() if applied else key_file.with_pending(None)
    try:
        keys.write_key_file(keys.key_file_path(store.path), settled)
    except OSError:
        pass  # decided by the audit log again at the next open
    if via_pending and not applied:
        raise WrongPassphrase()
    if not via_pending and applied and pending.slot.name == slot_name:
        raise SecretReplaced()


@dataclass(frozen=True)
class Applied:
    #: False when the key file could not be brought up to date after the
    #: change took effect; the next open does it.
    key_file_finished: bool


def apply(store, new_slot: keys.KeySlot, code: str) -> Applied:
    """Put ``new_slot`` in force with one audit entry (``key=code``), all or
    nothing. ``KeyChangeFailed`` when it did not take effect (or when that
    cannot be known), with a message that says which secret opens the store."""
    key_path = keys.key_file_path(store.path)
    ops = keys.file_ops()
    before = keys.read_key_file(key_path)
    if before.pending is not None:
        # Left by an earlier failure that could not be settled at open.
        settle(store, before, False, "")
        before = keys.read_key_file(key_path)
    change = new_id()
    staged = before.with_pending(keys.PendingSlot(change, new_slot))
    try:
        keys.write_key_file(key_path, staged)
        with store.transaction():
            store.audit.append(AuditAction.CHANGE, "store", store.store_id, key=code,
                               key_change=change)
            ops.checkpoint("before_commit")
        ops.checkpoint("after_commit")
    except Exception as exc:
        try:
            applied = took_effect(store.conn, change)
        except Exception:
            raise KeyChangeFailed(_unknown(new_slot.name), Outcome.UNKNOWN) from exc
        if not applied:
            try:
                keys.write_key_file(key_path, before)
            except OSError:
                pass  # the pending slot is dropped at the next open
            raise KeyChangeFailed(_not_applied(new_slot.name), Outcome.NOT_APPLIED) from exc
    try:
        keys.write_key_file(key_path, staged.completed())
    except OSError:
        return Applied(key_file_finished=False)
    return Applied(key_file_finished=True)


def _not_applied(slot_name: str) -> str:
    if slot_name == keys.RECOVERY_SLOT:
        return _("Er is geen nieuwe herstelsleutel gemaakt: het sleutelbestand kon niet worden "
                 "bijgewerkt. De herstelsleutel van vóór deze poging (als die er was) blijft "
                 "geldig.")
    return _("Het wachtwoord is niet veranderd: het sleutelbestand kon niet worden bijgewerkt. "
             "Het wachtwoord van vóór deze poging opent de kluis nog.")


def _unknown(slot_name: str) -> str:
    if slot_name == keys.RECOVERY_SLOT:
        return _("Het is niet zeker of de nieuwe herstelsleutel geldt. Open de kluis opnieuw "
                 "met het wachtwoord en maak dan een nieuwe herstelsleutel.")
    return _("Het is niet zeker of het wachtwoord is veranderd. Open de kluis opnieuw met het "
             "oude of het nieuwe wachtwoord: er werkt er precies één, en Veiligwijzer maakt de "
             "wijziging dan af of draait hem terug.")
