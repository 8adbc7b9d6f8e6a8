"""Creating and unlocking stores.

The screens know the store and its failures only through this module: the
``Store`` they hold, its kind, and the errors they must tell apart (a wrong
passphrase, a task told to stop, damage met after opening).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from app.errors import ValidationError, VeiligwijzerError
from app.i18n import _, ngettext
from app.security.passphrase import assess
from app.security.throttle import UnlockThrottle
from app.store.audit import AuditAction
from app.store.database import DatabaseError as DatabaseError
from app.store.disk import store_error as store_error
from app.store.errors import TaskStopped as TaskStopped
from app.store.errors import WrongPassphrase as WrongPassphrase
from app.store.store import Store as Store
from app.store.store import StoreKind as StoreKind

T = TypeVar("T")


def create_store(path: Path, passphrase: str, repeated: str,
                 kind: StoreKind = StoreKind.REAL) -> Store:
    """A new, empty store; the passphrase is typed twice and must be strong enough."""
    if passphrase != repeated:
        raise ValidationError(_("De twee wachtwoorden zijn niet gelijk."), field="repeated")
    if not assess(passphrase).acceptable:
        raise ValidationError(assess(passphrase).strength.hint, field="passphrase")
    return Store.create(path, passphrase, kind)



def wait_message(seconds: int) -> str:
    """"Wacht 1 seconde" or "Wacht 5 seconden" after too many wrong passphrases."""
    return ngettext("Te veel pogingen. Wacht {n} seconde en probeer het dan opnieuw.",
                    "Te veel pogingen. Wacht {n} seconden en probeer het dan opnieuw.",
                    seconds).format(n=seconds)

class Unlocker:
    """Unlocks one store path, slowing down repeated wrong passphrases.

    Failed tries cannot be written to the locked store, so they are counted
    here and written to the audit log at the next successful unlock.
    """

    def __init__(self, path: Path, clock=time.monotonic,
                 expect: StoreKind | None = None) -> None:
        self.path = Path(path)
        self.throttle = UnlockThrottle()
        self._clock = clock
        #: The kind of store that belongs at this path: a training store is
        #: never opened where the real one should be, nor the other way round.
        self.expect = expect

    def wait_seconds(self) -> float:
        return self.throttle.wait_seconds(self._clock())

    def unlock(self, passphrase: str) -> Store:
        """Unlock on the calling thread (the command line, the demo)."""
        failed = self.begin()
        try:
            store = self.open(passphrase, failed)
        except WrongPassphrase:
            self.failed()
            raise
        self.succeeded()
        return store

    # The window unlocks in three steps, so that the key derivation and the
    # store's opening run on a worker and the throttle stays on the UI thread:
    # ``begin`` there, ``open`` (or ``open_for_handover``) on the worker,
    # then ``failed`` or ``succeeded`` there again.

    def begin(self) -> int:
        """Before a try: ``WrongPassphraseTooSoon`` while the wait after
        wrong passphrases runs; else the failed tries to write down once
        this one succeeds."""
        if self.wait_seconds() > 0:
            raise WrongPassphraseTooSoon(self.wait_seconds())
        return self.throttle.failures

    def failed(self) -> None:
        """The try gave a wrong passphrase: the next one waits longer."""
        self.throttle.record_failure(self._clock())

    def succeeded(self) -> None:
        self.throttle.record_success()

    def open(self, passphrase: str, failed: int) -> Store:
        """The store, opened with its audit entries (``failed`` wrong tries
        before this one, and the unlock). Touches no state of this
        ``Unlocker``: it may run on a worker while the UI thread waits."""
        store = Store.open(self.path, passphrase)
        if self.expect is not None and store.kind != self.expect:
            found = store.kind
            store.close()
            raise WrongStoreKind(found, self.expect)
        try:
            with store.transaction():
                if failed:
                    store.audit.append(AuditAction.FAILED_UNLOCK, "store", store.store_id,
                                       attempts=failed)
                store.audit.append(AuditAction.UNLOCK, "store", store.store_id)
        except BaseException:
            # No unlock without its audit entry: the store closes again, and the
            # failed tries stay counted for the next attempt.
            store.close()
            raise
        return store

    def open_for_handover(self, passphrase: str, failed: int,
                          prepare: Callable[[Store], T] | None = None) -> Handover[T]:
        """For a worker: ``open``, then ``prepare(store)`` (the first rows a
        screen shows), then the store handed over for the UI thread's own
        connection (``Handover.store``). What fails after the store opened
        closes it again, with a lock entry after the unlock entry."""
        store = self.open(passphrase, failed)
        try:
            prepared = prepare(store) if prepare is not None else None
        except BaseException:
            lock(store)
            raise
        key, store_id = store.hand_over()
        return Handover(self.path, key, store_id, prepared)


@dataclass
class Handover(Generic[T]):
    """A store opened and audited on a worker, for the UI thread to take
    over, with what was read for its first screen. Holds the store key until
    ``store`` or ``discard``: one of them is called, exactly once."""

    path: Path
    key: bytearray | None
    store_id: str
    prepared: T | None

    def store(self) -> Store:
        """The store on a connection of the calling thread."""
        key, self.key = self.key, None
        if key is None:
            raise TaskStopped()
        return Store.resume(self.path, key, self.store_id)

    def discard(self) -> None:
        """Not wanted any more (the window locked or closed meanwhile): the
        store is opened once more to write the lock after the unlock entry,
        then closed; the key goes either way."""
        try:
            store = self.store()
        except (TaskStopped, VeiligwijzerError, DatabaseError, OSError):
            return
        try:
            lock(store)
        except VeiligwijzerError:
            pass  # closed all the same; only the lock's entry could not be written


class WrongStoreKind(VeiligwijzerError):
    def __init__(self, found: StoreKind, expected: StoreKind) -> None:
        super().__init__(_(
            "Dit is een kluis van het soort '{found}', maar hier hoort '{expected}'. "
            "Veiligwijzer opent hem hier niet, zodat oefengegevens en echte gegevens nooit "
            "door elkaar raken.").format(found=found.label, expected=expected.label))


class WrongPassphraseTooSoon(WrongPassphrase):
    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.message = wait_message(max(1, round(seconds)))
        self.args = (self.message,)


def lock(store: Store) -> None:
    """Close the store; SQLCipher drops its key with the connection."""
    if store.is_open:
        try:
            with store.transaction():
                store.audit.append(AuditAction.LOCK, "store", store.store_id)
        finally:
            # Locking must close the store even when the entry cannot be
            # written (a full disk): the key goes either way.
            store.close()
