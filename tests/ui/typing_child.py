"""Run by test_crash_keeps_draft in its own process: unlock, open the quick
capture for a case and keep typing until the test kills this process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.config import Settings  # noqa: E402
from app.ui.application import create_application  # noqa: E402
from app.ui.shell import Shell  # noqa: E402


def main() -> None:
    store, passphrase, case_id, first, rest = sys.argv[1:6]
    app = create_application()
    window = Shell(Path(store), Path(store).with_name("demo.db"), Settings(),
                   settings_path=Path(store).with_name("settings.json"))
    window.show()
    window._unlock(passphrase)
    window.open_case(case_id)

    def typing() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, typing)
            return
        facts = dialog.form.focus_widget("facts")
        facts.setFocus()
        QTest.keyClicks(facts, first)
        # Past the autosave pause, then say so and go on typing until killed.
        QTimer.singleShot(1500, lambda: (print("TYPED", flush=True), more(facts)))

    def more(facts) -> None:
        QTest.keyClicks(facts, rest)
        QTimer.singleShot(10, lambda: more(facts))

    QTimer.singleShot(0, typing)
    QTimer.singleShot(0, window.quick_capture)
    app.exec()


if __name__ == "__main__":
    main()
