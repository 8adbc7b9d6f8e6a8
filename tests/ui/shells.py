"""The app's main window on a test store, as the UI tests start it."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE


def shown_shell(qtbot, folder: Path) -> Shell:
    """The window on ``folder``/store.db, shown and locked; its settings in
    ``folder`` too (never the user's own)."""
    window = Shell(folder / "store.db", folder / "demo.db", Settings(),
                   settings_path=folder / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def unlocked_shell(qtbot, folder: Path) -> Shell:
    """``shown_shell``, unlocked with the tests' passphrase."""
    window = shown_shell(qtbot, folder)
    window._unlock(PASSPHRASE)
    assert window.store is not None
    return window
