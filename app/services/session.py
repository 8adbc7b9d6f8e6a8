"""Creating and unlocking stores."""

from __future__ import annotations

import time
from pathlib import Path

from app.errors import ValidationError
from app.i18n import _
from app.security.passphrase import assess
from app.security.throttle import UnlockThrottle
from app.store.audit import AuditAction
from app.store.errors import WrongPassphrase
from app.store.store import Store, StoreKind


def create_store(path: Path, passphrase: str, repeated: str,
                 kind: StoreKind = StoreKind.REAL) -> Store:
    """A new, empty store; the passphrase is typed twice and must be strong enough."""
    if passphrase != repeated:
        raise ValidationError(_("De twee wachtwoorden zijn niet gelijk."), field="repeated")
    if not assess(passphrase).acceptable:
        raise ValidationError(assess(passphrase).strength.hint, field="passphrase")
    return Store.create(path, passphrase, kind)


class Unlocker:
    """Unlocks one store path, slowing down repeated wrong passphrases.

    Failed tries cannot be written to the locked store, so they are counted
    here and written to the audit log at the next successful unlock.
    """

    def __init__(self, path: Path, clock=time.monotonic) -> None:
        self.path = Path(path)
        self.throttle = UnlockThrottle()
        self._clock = clock

    def wait_seconds(self) -> float:
        return self.throttle.wait_seconds(self._clock())

    def unlock(self, passphrase: str) -> Store:
        if self.wait_seconds() > 0:
            raise WrongPassphraseTooSoon(self.wait_seconds())
        try:
            store = Store.open(self.path, passphrase)
        except WrongPassphrase:
            self.throttle.record_failure(self._clock())
            raise
        failed = self.throttle.record_success()
        with store.transaction():
            if failed:
                store.audit.append(AuditAction.FAILED_UNLOCK, "store", store.store_id,
                                   attempts=failed)
            store.audit.append(AuditAction.UNLOCK, "store", store.store_id)
        return store


class WrongPassphraseTooSoon(WrongPassphrase):
    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.message = _("Te veel pogingen. Wacht {n} seconden en probeer het dan opnieuw.").format(
            n=max(1, round(seconds)))
        self.args = (self.message,)


def lock(store: Store) -> None:
    """Close the store; SQLCipher drops its key with the connection."""
    if store.is_open:
        with store.transaction():
            store.audit.append(AuditAction.LOCK, "store", store.store_id)
        store.close()
