"""The audit log: append-only, hash-chained, free of personal data."""

from __future__ import annotations

import pytest

from app.cases.model import Role
from app.services import cases as case_service
from app.services.session import Unlocker
from app.store.audit import AuditAction
from app.store.database import DatabaseError
from app.store.errors import WrongPassphrase
from tests.conftest import PASSPHRASE


def test_every_change_and_view_is_logged(store):
    case = case_service.create_case(store, "Familie Privé")
    case_service.add_person(store, case.id, "Noor Privé", Role.PARENT, age=40)
    case_service.open_case(store, case.id)
    actions = [e.action for e in store.audit.entries(case.id)]
    assert actions == [AuditAction.CREATE, AuditAction.CHANGE, AuditAction.VIEW]


def test_audit_log_holds_no_names(store):
    case = case_service.create_case(store, "Familie Privé")
    case_service.add_person(store, case.id, "Noor Privé", Role.PARENT, age=40)
    dump = "".join(str(e) for e in store.audit.entries())
    assert "Privé" not in dump and "Noor" not in dump


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'view'",
    "DELETE FROM audit_log",
])
def test_audit_log_refuses_update_and_delete(store, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        store.conn.execute(statement)


def test_chain_reports_the_first_broken_link(store):
    for i in range(4):
        case_service.create_case(store, f"Familie {i}")
    assert store.audit.verify().intact
    # Edit behind the app's back: drop the trigger as someone with the key could.
    store.conn.execute("DROP TRIGGER audit_log_no_update")
    third = store.audit.entries()[2]
    store.conn.execute("UPDATE audit_log SET detail = '{\"x\": 1}' WHERE seq = ?", (third.seq,))
    report = store.audit.verify()
    assert report.first_broken_seq == third.seq
    assert not store.verify().ok


def test_failed_unlocks_are_logged_at_the_next_unlock(store_path):
    from app.store.store import Store

    Store.create(store_path, PASSPHRASE).close()
    now = [1000.0]
    unlocker = Unlocker(store_path, clock=lambda: now[0])
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            unlocker.unlock("fout wachtwoord")
    with unlocker.unlock(PASSPHRASE) as store:
        entries = store.audit.entries()
    failed = [e for e in entries if e.action == AuditAction.FAILED_UNLOCK]
    assert failed and failed[-1].detail == {"attempts": 2}
    assert entries[-1].action == AuditAction.UNLOCK


def test_repeated_failures_are_slowed_down(store_path):
    from app.services.session import WrongPassphraseTooSoon
    from app.store.store import Store

    Store.create(store_path, PASSPHRASE).close()
    now = [1000.0]
    unlocker = Unlocker(store_path, clock=lambda: now[0])
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            unlocker.unlock("fout wachtwoord")
    assert unlocker.wait_seconds() == pytest.approx(1.0)
    # Even the right passphrase must wait its turn.
    with pytest.raises(WrongPassphraseTooSoon):
        unlocker.unlock(PASSPHRASE)
    now[0] += 1.0
    unlocker.unlock(PASSPHRASE).close()


def test_a_store_of_another_kind_is_refused_at_a_path(tmp_path):
    from app.services.session import WrongStoreKind
    from app.store.store import Store, StoreKind

    Store.create(tmp_path / "training.db", PASSPHRASE, StoreKind.TRAINING).close()
    Store.create(tmp_path / "real.db", PASSPHRASE).close()
    with pytest.raises(WrongStoreKind) as caught:
        Unlocker(tmp_path / "training.db", expect=StoreKind.REAL).unlock(PASSPHRASE)
    assert "Oefenomgeving" in caught.value.message
    with pytest.raises(WrongStoreKind):
        Unlocker(tmp_path / "real.db", expect=StoreKind.TRAINING).unlock(PASSPHRASE)
    Unlocker(tmp_path / "training.db", expect=StoreKind.TRAINING).unlock(PASSPHRASE).close()
