"""The unlock screen names disk trouble and damage plainly, and stays locked."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from app.config import Settings
from app.services import cases as case_service
from app.store.store import Store
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE

pytest.importorskip("pytestqt")


@pytest.fixture
def shell(qtbot, tmp_path: Path):
    Store.create(tmp_path / "store.db", PASSPHRASE).close()
    window = Shell(tmp_path / "store.db", tmp_path / "demo.db", Settings(),
                   settings_path=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def corrupt() -> sqlcipher3.DatabaseError:
    """What SQLite raises on a damaged page."""
    error = sqlcipher3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode, error.sqlite_errorname = 11, "SQLITE_CORRUPT"
    return error


def test_read_only_store_file_at_the_unlock_screen(shell: Shell):
    shell.store_path.chmod(0o400)
    shell._unlock(PASSPHRASE)
    assert shell.store is None and shell.stack.currentWidget() is shell.unlock
    assert shell.unlock.error.text().startswith(f"Het bestand {shell.store_path} is alleen-lezen")
    assert not Path(f"{shell.store_path}-shm").exists()


def test_empty_store_file_at_the_unlock_screen(shell: Shell):
    shell.store_path.write_bytes(b"")
    shell._unlock(PASSPHRASE)
    assert shell.store is None
    assert "leeg (0 bytes)" in shell.unlock.error.text()
    assert shell.store_path.stat().st_size == 0


def test_damage_met_by_the_first_screen_locks_again_with_a_message(shell: Shell, monkeypatch):
    """A damaged page that unlocking did not read, read by the case list."""

    def damaged(store):
        raise corrupt()

    monkeypatch.setattr(case_service, "list_cases_read", damaged)
    shell._unlock(PASSPHRASE)
    assert shell.store is None and shell.stack.currentWidget() is shell.unlock
    assert shell.unlock.error.text() == "De kluis is beschadigd en kan niet worden gelezen."


def test_damage_met_by_the_first_rows_on_the_worker_locks_again_with_a_message(
        shell: Shell, monkeypatch):
    """The first rows are read with the unlock, on its worker."""

    def damaged(store, count):
        raise corrupt()

    monkeypatch.setattr(case_service, "first_cases", damaged)
    shell._unlock(PASSPHRASE)
    assert shell.store is None and shell.stack.currentWidget() is shell.unlock
    assert shell.unlock.error.text() == "De kluis is beschadigd en kan niet worden gelezen."
    with Store.open(shell.store_path, PASSPHRASE) as store:
        actions = [e.action for e in store.audit.entries()]
    assert actions[-2:] == ["unlock", "lock"]  # closed again with its lock entry
