"""A scripted GUI session, run as its own process by test_no_leaks: unlock the
demo store, open every case, type in a form, record a signal, lock, quit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.config import Settings  # noqa: E402
from app.security.process import harden_process  # noqa: E402
from app.ui.application import create_application  # noqa: E402
from app.ui.qt_i18n import apply_language  # noqa: E402
from app.ui.shell import Shell  # noqa: E402


def main() -> None:
    harden_process()
    demo, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = create_application()
    apply_language("nl")
    window = Shell(demo.with_name("real.db"), demo, Settings())
    window.show()
    window._unlock_path(demo, passphrase)
    for row in range(window.cases.model.rowCount()):
        window.open_case(window.cases.model.case_at(row).id)
        window.case_view.workspace.setCurrentIndex(1)
        app.processEvents()
    last_name = window.case_view.case.people[0].name
    window.cases.filter.setText("kring")  # a search for a word from a signal
    window.cases._apply_filter()
    app.processEvents()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, fill)
            return
        dialog.form.focus_widget("facts").setPlainText("Lekproef: buurman hoorde gegil.")
        dialog.save_draft()
        dialog.reject()

    QTimer.singleShot(0, fill)
    window.quick_capture()
    window.set_language("en")
    window.lock()
    window.close()
    app.quit()
    # An unexpected error must not put anything from the file on the screen.
    raise RuntimeError(f"test error while showing {last_name}")


if __name__ == "__main__":
    main()
