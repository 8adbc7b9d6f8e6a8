"""A demo store made with ``veiligwijzer demo`` opens as a demo; the demo stays
reachable from the unlock screen; the banner says which kind of store it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from app.cli import build_parser
from app.config import Settings, default_store_path
from app.services.demo import create_demo_store
from app.store.store import Store, StoreKind
from app.ui.application import store_paths
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE

OWN_DEMO_PASSPHRASE = "een eigen demo wachtwoord"


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Path, Path]:
    real, demo = tmp_path / "real.db", tmp_path / "made-by-cli.db"
    Store.create(real, PASSPHRASE).close()
    create_demo_store(demo, OWN_DEMO_PASSPHRASE).close()
    return real, demo


def _shell(qtbot, tmp_path, real, demo) -> Shell:
    window = Shell(real, demo, Settings(), settings_path=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_demo_is_reachable_from_the_unlock_screen_and_back(qtbot, tmp_path, stores):
    real, demo = stores
    shell = _shell(qtbot, tmp_path, real, demo)
    assert shell.stack.currentWidget() is shell.unlock
    assert shell.unlock.switch_button.text() == "Demo bekijken"
    assert not shell.banner.isVisible()

    qtbot.mouseClick(shell.unlock.switch_button, Qt.MouseButton.LeftButton)
    # Its own passphrase, not the public one: the unlock screen asks, marked as the demo.
    assert shell.store is None and shell.stack.currentWidget() is shell.unlock
    assert "eigen wachtwoord" in shell.unlock.note.text()
    assert shell.banner.isVisible() and shell.banner.text().startswith("DEMO")
    assert shell.unlock.switch_button.text() == "Naar je eigen kluis"
    shell._unlock(OWN_DEMO_PASSPHRASE)
    assert shell.store is not None and shell.store.kind == StoreKind.DEMO
    assert shell.cases.model.rowCount() >= 5
    assert shell.banner.text().startswith("DEMO")

    shell.lock()
    qtbot.waitUntil(lambda: shell.store is None)
    qtbot.mouseClick(shell.unlock.switch_button, Qt.MouseButton.LeftButton)
    assert shell.unlock.switch_button.text() == "Demo bekijken"
    assert not shell.banner.isVisible()
    shell._unlock(PASSPHRASE)
    assert shell.store.kind == StoreKind.REAL
    shell.close()


def test_a_demo_store_still_opens_only_as_a_demo(qtbot, tmp_path, stores):
    """The rule of docs/decisions.md holds: the demo file at the real store's
    place is refused, and the real store at the demo's place too."""
    real, demo = stores
    swapped = _shell(qtbot, tmp_path, demo, real)
    swapped._unlock(OWN_DEMO_PASSPHRASE)
    assert swapped.store is None and shell_error(swapped)
    swapped.open_demo()
    swapped._unlock(PASSPHRASE)
    assert swapped.store is None and shell_error(swapped)
    swapped.close()


def shell_error(shell: Shell) -> str:
    return shell.unlock.error.text()


def test_the_command_line_opens_a_store_as_demo(tmp_path):
    args = build_parser().parse_args(["--store", str(tmp_path / "d.db"), "--demo"])
    assert args.demo
    real, demo, _training = store_paths(args.store, True, args.demo)
    assert demo == tmp_path / "d.db" and real == default_store_path()
    real, demo, _training = store_paths(tmp_path / "r.db", True)
    assert (real, demo) == (tmp_path / "r.db", tmp_path / "demo.db")
