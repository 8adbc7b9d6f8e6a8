"""Start the GUI: one QApplication, the language set before any widget exists."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.config import Settings, data_dir, default_store_path, demo_store_path
from app.ui import fit, style
from app.ui.clipboard import guard_clipboard
from app.ui.qt_i18n import apply_language
from app.ui.shell import Shell

APP_ID = "nl.veiligwijzer.Veiligwijzer"
#: Test hook for the packaged app: with "1", show the first screen, print one
#: line saying which it is, and quit (tests/test_packaging.py).
SMOKE_ENV = "VEILIGWIJZER_SMOKE"


def icons_dir() -> Path:
    """``resources/icons``: in the source tree, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    root = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return root / "resources" / "icons"


def app_icon() -> QIcon:
    icon = QIcon()
    for png in sorted(icons_dir().glob(f"hicolor/*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    return icon


#: How long a thread running Python may keep the interpreter lock while
#: another waits for it. Python's default, 5 ms, is paid by the UI thread at
#: each of its many waits while a search, a case being read or an export runs
#: in the background: a stall of tens of milliseconds (benchmarks/README.md).
GIL_SWITCH_INTERVAL_S = 0.001

#: The collector's thresholds: Python's own, except a full pass only after
#: 100 passes of the middle generation instead of 10. A full pass walks every
#: object not frozen (the case list's 30,000 rows among them) holding the
#: interpreter lock, 10-45 ms in the thread that happens to allocate: on a
#: team lead's store one in about every other read of the list, now about one
#: in twenty (gc.callbacks, benchmarks/README.md). Cyclic garbage waits longer.
GC_THRESHOLDS = (700, 10, 100)


def tune_process() -> None:
    """Process settings for a responsive window with work in the background."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    gc.set_threshold(*GC_THRESHOLDS)


def create_application(argv: list[str] | None = None) -> QApplication:
    tune_process()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Veiligwijzer")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    style.apply()
    guard_clipboard()
    fit.install(app)
    return app


def _smoke_report(app: QApplication, window: Shell) -> None:
    shown = window.stack.currentWidget()
    screen = next((name for name, widget in (("setup", window.setup), ("unlock", window.unlock))
                   if widget is shown), type(shown).__name__)
    # Qt's own catalogue (qtbase_nl.qm) and the icon prove the bundle is whole.
    print(f"veiligwijzer-smoke screen={screen} visible={window.isVisible()} "
          f"icon_sizes={len(app.windowIcon().availableSizes())} "
          f"qt_cancel={QCoreApplication.translate('QPlatformTheme', 'Cancel')} "
          f"title={shown.title.text()}", flush=True)
    app.quit()


def store_paths(store_path: Path | None, explicit_store: bool = False,
                demo: bool = False) -> tuple[Path, Path, Path]:
    """The real, demo and training store paths. A store given on the command
    line keeps its demo and training stores beside it, not in the user folder.
    With ``demo``, the given store is the demo (a store opens only as its own
    kind) and the worker's own store stays the default one."""
    if demo and store_path is not None:
        return default_store_path(), store_path, data_dir() / "training.db"
    path = store_path or default_store_path()
    if explicit_store:
        return path, path.with_name("demo.db"), path.with_name("training.db")
    return path, demo_store_path(), data_dir() / "training.db"


def run(store_path: Path | None = None, explicit_store: bool = False,
        training: bool = False, demo: bool = False) -> int:
    settings = Settings.load()
    app = create_application()
    apply_language(settings.language)
    path, demo_path, training_path = store_paths(store_path, explicit_store, demo)
    window = Shell(path, demo_path, settings, training_path=training_path)
    window.show()
    # Everything made at start-up lives as long as the app: keep it out of the
    # collector's full passes, which otherwise hold the UI thread for tens of
    # milliseconds while an export runs in the background (benchmarks/README).
    # So do the case screens and their modules, built once the unlock screen
    # shows (~45,000 objects more).
    gc.freeze()
    window.workspace_built.connect(gc.freeze)
    if training:
        window.open_training()
    elif demo:
        window.open_demo()
    if os.environ.get(SMOKE_ENV) == "1":
        QTimer.singleShot(0, lambda: _smoke_report(app, window))
    return app.exec()
