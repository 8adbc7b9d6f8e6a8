"""Cold start (issue 17): the window up to the unlock screen loads only what
that screen needs. The PDF library, the case screens, their services and
their dialogs load after the unlock screen is shown (or when first used);
a heavy import creeping back into the start fails here."""

import os
import subprocess
import sys

#: Modules the unlock screen does not use: the PDF export, and the
#: workspace's screens, controllers, dialogs and the services behind them
#: (together about a third of a cold start, benchmarks/README.md).
LATE = (
    "reportlab", "PIL", "app.export.pdf",
    "app.ui.case_list", "app.ui.case_view", "app.ui.dashboard", "app.ui.team_controller",
    "app.ui.meldcode_controller", "app.ui.safety_controller", "app.ui.store_actions",
    "app.ui.record_dialog", "app.ui.settings_dialog", "app.ui.conflicts",
    "app.services.case_screen", "app.services.overview", "app.services.exchange",
    "app.services.handover", "app.services.backup", "app.export.package",
)

#: The cold start as ``app.ui.application.run`` makes it: the Shell on a
#: store that exists, shown, one turn of the event loop (the first frame).
_START = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from app.config import Settings
from app.ui.application import create_application
from app.ui.shell import Shell
path = Path(sys.argv[1])
app = create_application()
window = Shell(path, path.with_name("demo.db"), Settings())
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _loaded_after(statement: str, *args: str) -> list[str]:
    probe = f"{statement}\nprint(' '.join(n for n in {LATE!r} if n in sys.modules))"
    out = subprocess.run([sys.executable, "-c", "import sys\n" + probe, *args],
                         capture_output=True, text=True, check=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return out.stdout.split()


def test_the_unlock_screen_module_loads_no_case_screen_nor_pdf_library():
    assert _loaded_after("import app.ui.shell") == []


def test_the_first_frame_of_the_unlock_screen_loads_none_of_them(tmp_path):
    store = tmp_path / "store.db"
    store.write_bytes(b"")  # an existing store: the start shows the unlock screen
    assert _loaded_after(_START, str(store)) == []


def test_the_workspace_loads_them_once_the_unlock_screen_has_shown(tmp_path):
    store = tmp_path / "store.db"
    store.write_bytes(b"")
    # The workspace is built a moment after the first frame, not at unlocking.
    after = _START.replace("QTimer.singleShot(0, app.quit)", "QTimer.singleShot(1000, app.quit)")
    loaded = _loaded_after(after, str(store))
    assert {"app.ui.case_list", "app.ui.case_view", "app.ui.dashboard"} <= set(loaded)
    assert "reportlab" not in loaded


def test_writing_a_pdf_loads_it():
    assert "reportlab" in _loaded_after("from app.services import handover; import app.export.pdf")
