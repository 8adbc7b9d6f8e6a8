"""The training store on real SQLCipher files: its kind, its cases and their
decision points, a reset that brings every case back, and a reset that
leaves any other store alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.cases.model import Role, new_id
from app.config import data_dir
from app.meldcode import Weighing, WeighingAnswers
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.services import training
from app.store.keys import key_file_path
from app.store.store import Store, StoreKind
from app.training import TRAINING_CASES, Verdict
from tests.conftest import PASSPHRASE


def _snapshot(store: Store) -> dict[str, tuple]:
    """Per household: its people, the number of records of each kind, the step."""
    shot = {}
    for summary in case_service.list_cases(store):
        case = case_service.find_case(store, summary.id)
        records = meldcode_service.load_records(store, summary.id)
        shot[summary.household_name] = (
            sorted((p.name, p.role, p.age) for p in case.people),
            len(records.signals), len(records.risk_profiles), len(records.kindcheck_runs),
            len(records.consultations), len(records.conversations), len(records.weighings),
            len(records.decisions), summary.current_step,
        )
    return shot


@pytest.fixture(scope="module")
def training_store(tmp_path_factory):
    store = training.create_training_store(tmp_path_factory.mktemp("training") / "training.db")
    yield store
    store.close()


def test_the_path_is_in_the_data_folder():
    assert training.training_store_path() == data_dir() / "training.db"


def test_the_training_store_is_of_kind_training_and_verifies(training_store: Store):
    assert training_store.kind is StoreKind.TRAINING
    report = training_store.verify()
    assert report.ok, report.problems
    assert report.cases == len(TRAINING_CASES)


def test_it_opens_with_the_public_passphrase(tmp_path: Path):
    path = tmp_path / "training.db"
    training.create_training_store(path).close()
    with Store.open(path, training.TRAINING_PASSPHRASE) as store:
        assert store.kind is StoreKind.TRAINING


def test_every_case_has_its_decision_point(training_store: Store):
    found = {}
    for summary in case_service.list_cases(training_store):
        point = training.decision_point(training_store, summary.id)
        assert point is not None, summary.household_name
        assert point.household_name == summary.household_name
        found[point.case_key] = point
    assert set(found) == {case.key for case in TRAINING_CASES}
    assert training.decision_point(training_store, new_id()) is None


def test_a_household_that_is_no_training_case_has_no_decision_point(tmp_path: Path):
    with training.create_training_store(tmp_path / "training.db") as store:
        own = case_service.create_case(store, "Familie Oefen-Eigen")
        assert training.decision_point(store, own.id) is None


def test_a_real_store_never_gives_a_decision_point(store: Store):
    same_name = case_service.create_case(store, TRAINING_CASES[0].household_name)
    assert training.decision_point(store, same_name.id) is None


def test_the_answer_is_checked_through_the_service(training_store: Store):
    summary = next(s for s in case_service.list_cases(training_store)
                   if s.household_name == "Familie Ferreira")
    point = training.decision_point(training_store, summary.id)
    assert training.check_answer(point, point.model).verdict is Verdict.RIGHT
    wrong = WeighingAnswers(True, False, False, True, True)
    assert training.check_answer(point, wrong).verdict is Verdict.MISSED_REPORT


def test_reset_restores_every_case_after_a_change(tmp_path: Path):
    path = tmp_path / "training.db"
    with training.create_training_store(path) as store:
        before = _snapshot(store)
        first = case_service.list_cases(store)[0]
        case_service.add_person(store, first.id, "Zoë Extra", Role.CHILD, age=3)
        duric = next(s for s in case_service.list_cases(store)
                     if s.household_name == "Familie Đurić")
        meldcode_service.record_weighing(store, duric.id, Weighing(
            new_id(), date.today(), WeighingAnswers(True, False, False, True, True),
            "Een cursist probeerde iets uit."))
        case_service.create_case(store, "Familie Cursist")
        assert _snapshot(store) != before
    with training.reset_training(path) as store:
        assert store.kind is StoreKind.TRAINING
        assert _snapshot(store) == before
        assert store.verify().ok


def test_reset_creates_a_missing_training_store(tmp_path: Path):
    path = tmp_path / "nieuw" / "training.db"
    with training.reset_training(path) as store:
        assert store.kind is StoreKind.TRAINING
        assert len(case_service.list_cases(store)) == len(TRAINING_CASES)


def test_reset_refuses_a_real_store(tmp_path: Path):
    path = tmp_path / "training.db"
    with Store.create(path, PASSPHRASE) as real:
        case_service.create_case(real, "Familie Echt")
    with pytest.raises(training.NotATrainingStore) as caught:
        training.reset_training(path)
    assert "oefenomgeving" in caught.value.message
    assert path.exists() and key_file_path(path).exists()
    with Store.open(path, PASSPHRASE) as real:
        assert [s.household_name for s in case_service.list_cases(real)] == ["Familie Echt"]


@pytest.mark.parametrize("kind", [StoreKind.REAL, StoreKind.DEMO])
def test_reset_refuses_another_kind_even_with_the_training_passphrase(tmp_path: Path, kind):
    path = tmp_path / "training.db"
    with Store.create(path, training.TRAINING_PASSPHRASE, kind) as other:
        case_service.create_case(other, "Familie Echt")
    with pytest.raises(training.NotATrainingStore):
        training.reset_training(path)
    with Store.open(path, training.TRAINING_PASSPHRASE) as other:
        assert other.kind is kind
        assert len(case_service.list_cases(other)) == 1


def test_filling_a_real_store_is_refused(store: Store):
    with pytest.raises(training.NotATrainingStore):
        training.fill_training(store)
    assert case_service.list_cases(store) == []


def test_a_failed_fill_leaves_no_files(tmp_path: Path, monkeypatch):
    path = tmp_path / "training.db"

    def broken(*_args, **_kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(training, "_add_case", broken)
    with pytest.raises(RuntimeError):
        training.create_training_store(path)
    assert not any(p.exists() for p in (path, key_file_path(path),
                                        Path(f"{path}-wal"), Path(f"{path}-shm")))


def test_progress_is_reported_per_case(tmp_path: Path):
    seen = []
    with training.create_training_store(tmp_path / "training.db",
                                        progress=lambda done, total: seen.append((done, total))):
        pass
    total = len(TRAINING_CASES)
    assert seen == [(n, total) for n in range(1, total + 1)]
