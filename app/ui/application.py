"""Start the GUI: one QApplication, the language set before any widget exists."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.config import Settings, data_dir, default_store_path, demo_store_path
from app.ui import style
from app.ui.clipboard import guard_clipboard
from app.ui.qt_i18n import apply_language
from app.ui.shell import Shell


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Veiligwijzer")
    app.setDesktopFileName("nl.veiligwijzer.Veiligwijzer")
    app.setStyleSheet(style.BASE)
    guard_clipboard()
    return app


def run(store_path: Path | None = None, explicit_store: bool = False,
        training: bool = False) -> int:
    settings = Settings.load()
    app = create_application()
    apply_language(settings.language)
    path = store_path or default_store_path()
    # A store given on the command line keeps its demo and training stores beside
    # it, not in the user folder.
    demo = path.with_name("demo.db") if explicit_store else demo_store_path()
    training_path = (path.with_name("training.db") if explicit_store
                     else data_dir() / "training.db")
    window = Shell(path, demo, settings, training_path=training_path)
    window.show()
    if training:
        window.open_training()
    return app.exec()
