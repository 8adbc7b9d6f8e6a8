"""The training store (oefenomgeving): seven fictional cases to practise the
meldcode with, in a store of its own, kind *training*, never mixed with real
data.

The cases come from ``app.training`` and go in through the same services as
real records (``app.services.cases``, ``app.services.meldcode``), so every
rule applies and the training store looks like a real one at each case's
decision point. ``reset_training`` brings back every case as it was, after a
group has practised in it.

The passphrase is public (:data:`TRAINING_PASSPHRASE`). That is acceptable
because the store holds only made-up cases: there is nothing to protect, and
a trainer must be able to open it in front of a group without a secret. It is
still a SQLCipher store like any other, so the app treats it the same way
(and the store's kind, not the passphrase, keeps it apart from real data).
Real data never belongs in it: the interface marks it as training on every
window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app.cases.model import utc_now
from app.config import data_dir
from app.errors import VeiligwijzerError
from app.i18n import _
from app.meldcode.afwegingskader import Weighing
from app.meldcode.kindcheck import KindcheckRun
from app.meldcode.records import Consultation, Conversation, Decision, RiskProfile
from app.meldcode.signals import Signal
from app.services import meldcode
from app.services.cases import add_person, create_case
from app.store import keys
from app.store.errors import StoreError
from app.store.store import Store, StoreKind
from app.training import (
    TRAINING_CASES,
    DecisionPoint,
    TrainingCase,
    build_records,
    check_answer,
    training_case,
)

TRAINING_FILENAME = "training.db"
#: Public on purpose: the training store holds only fictional cases (see above).
TRAINING_PASSPHRASE = "oefenen"

__all__ = [
    "TRAINING_FILENAME",
    "TRAINING_PASSPHRASE",
    "NotATrainingStore",
    "check_answer",
    "create_training_store",
    "decision_point",
    "fill_training",
    "reset_training",
    "training_store_path",
]


class NotATrainingStore(VeiligwijzerError):
    """Reset or fill was asked for a store that is not a training store."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _(
            "Dit is geen oefenomgeving. Veiligwijzer zet alleen een oefenomgeving terug; "
            "een andere kluis blijft zoals hij is."))


def training_store_path() -> Path:
    """The training store has its own file, apart from real and demo data."""
    return data_dir() / TRAINING_FILENAME


_RECORDERS: dict[type, Callable[..., object]] = {
    Signal: meldcode.record_signal,
    RiskProfile: meldcode.record_risk_profile,
    KindcheckRun: meldcode.record_kindcheck_run,
    Consultation: meldcode.record_consultation,
    Conversation: meldcode.record_conversation,
    Weighing: meldcode.record_weighing,
    Decision: meldcode.record_decision,
}


def _add_case(store: Store, case: TrainingCase, now: datetime) -> str:
    created = create_case(store, case.household_name)
    ids = {person.name: add_person(store, created.id, person.name, person.role,
                                   age=person.age,
                                   parental_authority=person.parental_authority).id
           for person in case.people}
    for record in build_records(case, ids, now):
        _RECORDERS[type(record)](store, created.id, record)
    return created.id


def fill_training(store: Store, progress: Callable[[int, int], None] | None = None,
                  now: datetime | None = None) -> int:
    """Add the training cases to ``store`` (a training store only); returns
    how many were added."""
    if store.kind is not StoreKind.TRAINING:
        raise NotATrainingStore()
    moment = now or utc_now()
    total = len(TRAINING_CASES)
    for done, case in enumerate(TRAINING_CASES, start=1):
        _add_case(store, case, moment)
        if progress:
            progress(done, total)
    return total


def create_training_store(path: Path | None = None,
                          progress: Callable[[int, int], None] | None = None) -> Store:
    """A new store of kind *training* at ``path`` (default
    :func:`training_store_path`), filled with the training cases; open."""
    path = Path(path or training_store_path())
    store = Store.create(path, TRAINING_PASSPHRASE, StoreKind.TRAINING)
    try:
        fill_training(store, progress)
    except BaseException:
        store.close()
        _remove(path)
        raise
    return store


def _files(path: Path) -> tuple[Path, ...]:
    return (path, keys.key_file_path(path), Path(f"{path}-wal"), Path(f"{path}-shm"))


def _remove(path: Path) -> None:
    for candidate in _files(path):
        candidate.unlink(missing_ok=True)


def reset_training(path: Path | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Store:
    """Remove the training store at ``path`` and create it anew with every
    case as it was; returns the new store, open.

    The store is opened first and removed only when it is a training store:
    a store of another kind, or one the training passphrase does not open, or
    one that cannot be read, is left untouched (``NotATrainingStore``). Close
    every open ``Store`` on ``path`` before calling this.
    """
    path = Path(path or training_store_path())
    if path.exists():
        try:
            store = Store.open(path, TRAINING_PASSPHRASE)
        except StoreError:
            raise NotATrainingStore(_(
                "Deze kluis is geen oefenomgeving, of hij kan niet worden gelezen. "
                "Veiligwijzer laat hem staan zoals hij is.")) from None
        kind = store.kind
        store.close()
        if kind is not StoreKind.TRAINING:
            raise NotATrainingStore()
        _remove(path)
    return create_training_store(path, progress)


def decision_point(store: Store, case_id: str) -> DecisionPoint | None:
    """The decision point of a training case, or ``None`` when the store is
    not a training store or the case is not one of the training cases. A
    training case is known by its household name: the training store holds
    nothing else, and no schema change is needed."""
    if store.kind is not StoreKind.TRAINING:
        return None
    case = store.cases.get(case_id)
    if case is None:
        return None
    found = training_case(case.household_name)
    return None if found is None else found.decision_point

