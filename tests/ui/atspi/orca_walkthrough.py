"""The real app, walked through for Orca (run by run_orca.sh): setup with two
different passphrases, the demo, a lock and two wrong passphrases, the meldcode
stepper, and "Signaal vastleggen" recorded empty twice. Everything typed is
a real X key event from xdotool, as from a keyboard; the steps are written to
``steps.txt`` in the folder given, to read beside Orca's log."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.config import Settings
from app.services import cases
from app.ui.application import create_application
from app.ui.shell import Shell


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    shell = Shell(folder / "store.db", folder / "demo.db", Settings(),
                  settings_path=folder / "settings.json")
    shell.show()
    steps_file = (folder / "steps.txt").open("w", buffering=1, encoding="utf-8")

    def step(text: str) -> None:
        now = time.time()
        steps_file.write(f"{time.strftime('%H:%M:%S', time.localtime(now))}"
                         f".{int(now * 1000) % 1000:03d} STEP {text}\n")

    def keys(*args: str) -> None:
        subprocess.Popen(["xdotool", *args])

    def activate() -> None:
        window = QApplication.activeModalWidget() or shell
        keys("windowactivate", str(int(window.winId())))

    def richest() -> str:
        rows = cases.list_cases(shell.store)
        return max(rows, key=lambda r: (r.safety_phase or 0, r.current_step)).id

    def stepper_first_signal() -> None:
        view = shell.case_view.meldcode
        view.select_step(1)
        view.pages[1].buttons["signal"].setFocus()

    def show_stepper() -> None:
        shell.case_view.workspace.setCurrentWidget(shell.case_view.meldcode)
        shell.case_view.meldcode.stepper.tabs.setFocus()

    script = [
        (3000, "activate the window", activate),
        (2000, "type a passphrase", lambda: keys("type", "--delay", "120",
                                                 "vier woorden als wachtwoord")),
        (5000, "Tab", lambda: keys("key", "Tab")),
        (1500, "type it differently", lambda: keys("type", "--delay", "120",
                                                   "vier woorden als wachtwoort")),
        (5000, "Return: make the store", lambda: keys("key", "Return")),
        (3000, "Return again", lambda: keys("key", "Return")),
        (3000, "Alt+D: the demo", lambda: keys("key", "alt+d")),
        (9000, "Ctrl+L: lock", lambda: keys("key", "ctrl+l")),
        (3000, "type a wrong passphrase", lambda: keys("type", "--delay", "120",
                                                       "fout wachtwoord")),
        (3000, "Return: unlock", lambda: keys("key", "Return")),
        (4000, "type a wrong passphrase again", lambda: keys("type", "--delay", "120",
                                                             "weer fout")),
        (2500, "Return: unlock again", lambda: keys("key", "Return")),
        (4000, "unlock with the demo passphrase", lambda: shell._unlock("demo")),
        (3000, "open the case furthest along", lambda: shell.open_case(richest())),
        (3000, "focus the stepper", show_stepper),
        (3000, "Right", lambda: keys("key", "Right")),
        (3000, "Right", lambda: keys("key", "Right")),
        (3000, "Left", lambda: keys("key", "Left")),
        (3000, "step 1, focus 'Signaal vastleggen'", stepper_first_signal),
        (3000, "Return on 'Signaal vastleggen'", lambda: keys("key", "Return")),
        (5000, "activate the dialog", activate),
        (3000, "Ctrl+Return: record it empty", lambda: keys("key", "ctrl+Return")),
        (5000, "Ctrl+Return again", lambda: keys("key", "ctrl+Return")),
        (5000, "Tab", lambda: keys("key", "Tab")),
        (3000, "Tab", lambda: keys("key", "Tab")),
        (3000, "Escape", lambda: keys("key", "Escape")),
        (3000, "quit", app.quit),
    ]

    def run(index: int = 0) -> None:
        if index == len(script):
            return
        delay, text, action = script[index]

        def go() -> None:
            step(text)
            try:
                action()
            except Exception as exc:  # noqa: BLE001 - note it and walk on
                step(f"failed: {exc!r}")
            run(index + 1)

        QTimer.singleShot(delay, go)

    run()
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
