"""Locking while background work runs (an export, a backup, a search): the
task is stopped and waited for before the store closes, it leaves nothing
half-done behind, and the store opens afterwards as before.

Each task is held at a point inside its real work until the lock has asked
it to stop, so that the lock surely falls in the middle of it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from PySide6.QtWidgets import QMessageBox

from app.export import pdf
from app.services import backup as backup_service
from app.services import search as search_service
from app.store.store import Store
from app.ui import shell as shell_module
from app.ui import store_actions, tasks
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.export.handover_case import EXPORT_PASSPHRASE, make_case
from tests.ui.shells import unlocked_shell

pytest.importorskip("pytestqt")


def hold(monkeypatch, owner, name: str) -> threading.Event:
    """Replace ``owner.name``: on the task's thread it signals ``reached``, then
    waits until every task has been told to stop before doing the real work."""
    real = getattr(owner, name)
    reached = threading.Event()

    def held(*args, **kwargs):
        reached.set()
        for task in list(tasks._running):
            if task.store is not None:
                assert task.stop.wait(30), "the lock never asked the task to stop"
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return reached


@pytest.fixture
def shell(qtbot, tmp_path: Path, monkeypatch):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        case = make_case(store)
    window = unlocked_shell(qtbot, tmp_path)
    window.case = case
    # The store closes only once no task is running on it.
    closed_with = []
    real_lock = shell_module.lock

    def lock(store):
        closed_with.append([t.running() for t in tasks._running if t.store is store])
        real_lock(store)

    monkeypatch.setattr(shell_module, "lock", lock)
    window.closed_with = closed_with
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: messages.append(text))
    window.messages = messages
    yield window
    window.close()


def lock_now(qtbot, shell: Shell, reached: threading.Event) -> None:
    assert reached.wait(30), "the task never started"
    shell.lock()
    qtbot.waitUntil(lambda: shell.store is None, timeout=30000)
    assert len(shell.closed_with) == 1 and not any(shell.closed_with[0]), shell.closed_with


def audit_actions(path: Path) -> list[str]:
    with Store.open(path, PASSPHRASE) as store:
        return [e.action for e in store.audit.entries()]


def test_lock_during_an_export(qtbot, shell: Shell, tmp_path: Path, monkeypatch):
    from app.ui import handover_dialog

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(handover_dialog, "ask_folder", lambda parent: out)
    reached = hold(monkeypatch, pdf, "write_pdf")
    dialog = handover_dialog.HandoverDialog(shell.store, shell.case.case_id, parent=shell)
    dialog.show()
    dialog.passphrase.edit.setText(EXPORT_PASSPHRASE)
    dialog.repeat.edit.setText(EXPORT_PASSPHRASE)
    dialog.export()
    lock_now(qtbot, shell, reached)
    assert list(out.iterdir()) == []  # no package without its audit entry
    assert "export" not in audit_actions(shell.store_path)


def test_lock_during_a_backup(qtbot, shell: Shell, tmp_path: Path, monkeypatch):
    folder = tmp_path / "backups"
    monkeypatch.setattr(store_actions, "ask_backup_folder", lambda parent: folder)
    monkeypatch.setattr(store_actions, "ask_passphrase", lambda parent, why: PASSPHRASE)
    reached = hold(monkeypatch, backup_service, "write_backup")
    store_actions.make_backup(shell)
    lock_now(qtbot, shell, reached)
    qtbot.waitUntil(lambda: bool(shell.messages))
    assert shell.messages == ["Afgebroken: Veiligwijzer ging op slot voordat dit klaar was."]
    assert not folder.exists() or list(folder.iterdir()) == []
    assert "backup" not in audit_actions(shell.store_path)
    assert shell.isEnabled()


def test_lock_during_a_search(qtbot, shell: Shell, monkeypatch):
    reached = hold(monkeypatch, search_service, "matching_cases")
    shell.cases.filter.setText("yılmaz")
    shell.cases._typing.timeout.emit()  # the typing pause
    assert shell.cases.searching
    lock_now(qtbot, shell, reached)
    assert not shell.cases.searching
    assert shell.cases.filter.text() == "" and shell.cases.model.rowCount() == 0
    qtbot.wait(50)  # a late result of the stopped search changes nothing
    assert shell.cases.model.rowCount() == 0


def test_search_runs_off_the_ui_thread_and_finds(qtbot, shell: Shell, monkeypatch):
    threads = []
    real = search_service.matching_cases

    def recorded(store, text):
        threads.append(threading.current_thread())
        return real(store, text)

    monkeypatch.setattr(search_service, "matching_cases", recorded)
    shell.cases.filter.setText("yılmaz")
    shell.cases._typing.timeout.emit()
    qtbot.waitUntil(lambda: not shell.cases.searching, timeout=10000)
    assert threads and threads[0] is not threading.main_thread()
    assert shell.cases.model.rowCount() == 1
