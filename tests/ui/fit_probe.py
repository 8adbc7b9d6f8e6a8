"""Open every screen, form and dialog on a 1366×768 screen at one text scale
and print, as JSON, whatever does not fit.

Run in its own process, because ``QT_SCALE_FACTOR`` is read once, when the
QApplication starts: ``python -m tests.ui.fit_probe FOLDER [SHOTS]`` in the
environment of ``environment(factor, folder)`` (``VW_PROBE_LANGUAGE=en`` for
English). The offscreen platform gets a 1366×768 screen from a config file.
The test is tests/ui/test_fit_screen.py.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

SCREEN = (1366, 768)


def environment(factor: float, folder: Path) -> dict[str, str]:
    """The environment for a probe at ``factor`` on a 1366×768 offscreen screen."""
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), "utf-8")
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=str(factor),
               QT_ENABLE_HIGHDPI_SCALING="1")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        env[var] = str(folder / sub)
    return env


def _problems(window) -> list[str]:
    """What of ``window`` lies off the screen: the window, a button, a field of
    the button row; or a scroll area that needs horizontal scrolling."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import (
        QAbstractButton,
        QApplication,
        QDialogButtonBox,
        QScrollArea,
    )

    QApplication.processEvents()
    screen = window.screen().availableGeometry()
    found: list[str] = []
    frame = window.frameGeometry()
    if not screen.contains(frame):
        found.append(f"window {frame.width()}x{frame.height()} at {frame.x()},{frame.y()} "
                     f"on {screen.width()}x{screen.height()}")
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not window:
            continue
        inside_scroll = any(isinstance(p, QScrollArea) for p in _parents(button, window))
        if inside_scroll:
            continue  # a control in a scrolling part is reached by scrolling
        rect = QRect(button.mapToGlobal(button.rect().topLeft()), button.size())
        text = button.text().replace("&", "") or button.objectName() or type(button).__name__
        shown = QRect(window.mapToGlobal(window.rect().topLeft()), window.size())
        if not (screen.contains(rect) and shown.contains(rect)):
            found.append(f"button {text!r} at {rect.x()},{rect.y()} {rect.width()}x"
                         f"{rect.height()} is off the screen or the window")
    for box in window.findChildren(QDialogButtonBox):
        if box.isVisible() and any(isinstance(p, QScrollArea) for p in _parents(box, window)):
            found.append("a button row inside the scrolling part")
    for area in window.findChildren(QScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            found.append(f"horizontal scrolling in {area.objectName() or 'a scroll area'} "
                         f"({area.widget().minimumSizeHint().width()} > "
                         f"{area.viewport().width()})")
    return found


def _parents(widget, stop) -> Iterator:
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parentWidget()


def _dialogs(shell, store, case) -> Iterator[tuple[str, Callable]]:
    """(name, make) for every dialog; ``make()`` returns it, not yet shown."""
    from app.caseteam import TeamRole, Worker
    from app.forms import FormContext
    from app.forms import meldcode as meldcode_forms
    from app.forms import safety as safety_forms
    from app.services import meldcode as meldcode_service
    from app.services import team
    from app.ui.acute_case_dialog import AcuteCaseDialog, CaseChoice
    from app.ui.case_controller import acute_intro, person_context
    from app.ui.close_case_dialog import CloseCaseDialog
    from app.ui.drafts_dialog import DraftRow, DraftsDialog
    from app.ui.file_dialogs import folder_dialog
    from app.ui.handover_dialog import HandoverDialog
    from app.ui.new_case_dialog import NewCaseDialog
    from app.ui.passphrase_dialog import ChangePassphraseDialog
    from app.ui.person_dialog import PersonDialog
    from app.ui.profile_dialog import ProfileDialog
    from app.ui.quiz_dialog import QuizDialog
    from app.ui.record_dialog import RecordDialog
    from app.ui.recovery_key_dialog import RecoveryKeyDialog
    from app.ui.safety_export_dialog import ProtectionDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.signal_history import SignalHistoryDialog
    from app.ui.team_admit import AdmitDialog
    from app.ui.team_controller import ShareDialog
    from app.ui.team_screen import TeamScreen
    from app.ui.vt_feedback_dialog import VtFeedbackDialog

    context = person_context(case)

    def record(definition, intro="") -> Callable:
        return lambda: RecordDialog(definition, context, lambda v: v, lambda r: None, None,
                                    lambda v: None, intro, shell)

    for kind, definition in meldcode_forms.MELDCODE_FORMS.items():
        yield f"form {kind}", record(definition, acute_intro() if kind == "acute_path" else "")
    yield "form quick_signal", record(meldcode_forms.QUICK_SIGNAL_FORM, "Snelle notitie")
    for kind, definition in safety_forms.SAFETY_FORMS.items():
        yield f"form safety {kind}", record(definition)
    yield "new case", lambda: NewCaseDialog(shell)
    yield "person", lambda: PersonDialog(shell)
    yield "settings", lambda: SettingsDialog(lambda language: None, shell)
    yield "change passphrase", lambda: ChangePassphraseDialog(lambda old, new, again: None,
                                                               shell)
    yield "close case", lambda: CloseCaseDialog("youth_help", parent=shell)
    signal = meldcode_service.load_records(store, case.id).signals[0]
    yield "signal history", lambda: SignalHistoryDialog(
        meldcode_service.signal_history(store, signal.id), case.people, shell)
    yield "recovery key", lambda: RecoveryKeyDialog("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23", shell)
    yield "protection", lambda: ProtectionDialog(shell)
    yield "profile", lambda: ProfileDialog(store, shell)
    yield "vt feedback", lambda: VtFeedbackDialog(store, case.id, shell, FormContext())
    yield "handover", lambda: HandoverDialog(store, case.id, parent=shell)
    yield "quiz", lambda: QuizDialog(_any_decision_point(), shell)
    yield "drafts", lambda: DraftsDialog([DraftRow("d", "VW-2612-ABCD", "Signaal vastleggen",
                                                   "Kind zei dat papa boos was en", "10:00")],
                                         lambda draft_id: None, shell)
    yield "folder", lambda: folder_dialog(shell, "Map voor de back-up")
    yield "share for consultation", lambda: ShareDialog(shell, (
        Worker("w1", "Fatima Öztürk-van den Berghe", TeamRole.WORKER),))
    yield "acute case", lambda: AcuteCaseDialog(acute_intro(), [CaseChoice(
        case.id, f"{case.reference} — {case.household_name}")], case.id, shell)
    yield "team screen, no team", lambda: TeamScreen(store, shell.team_sync, False, shell)
    team.create_team(store, "Wijkteam Noord")  # the last: the dialogs above see no team
    yield "team screen", lambda: TeamScreen(store, shell.team_sync, False, shell)
    yield "admit device", lambda: AdmitDialog(store, shell)


def _any_decision_point():
    from app.training.cases import TRAINING_CASES

    return TRAINING_CASES[0].decision_point


def probe(folder: Path, shots: Path | None = None) -> dict[str, list[str]]:
    """Problems per window; with ``shots``, a PNG of some windows goes there."""
    from app.config import Settings
    from app.services import cases as case_service
    from app.services.demo import create_demo_store
    from app.store.store import Store
    from app.ui.application import create_application
    from app.ui.qt_i18n import apply_language
    from app.ui.shell import Shell

    app = create_application(["probe"])
    apply_language(os.environ.get("VW_PROBE_LANGUAGE", "nl"))
    report: dict[str, list[str]] = {}
    shell = Shell(folder / "store.db", folder / "demo.db", Settings(),
                  settings_path=folder / "settings.json")
    shell.show()
    report["setup screen"] = _problems(shell)
    Store.create(folder / "store.db", "vier woorden als wachtwoord").close()
    shell._show_start()
    report["unlock screen"] = _problems(shell)
    create_demo_store(folder / "demo.db", "demo").close()
    shell._unlock_path(shell.demo_path, "demo")
    shell.statusBar().showMessage("Bewaard als concept bij VW-2612-ABCD.")  # the tallest case
    report["case list"] = _problems(shell)
    rows = case_service.list_cases(shell.store)
    case = case_service.find_case(shell.store, rows[0].id)
    shell.open_case(case.id)
    for tab in range(shell.case_view.workspace.count()):
        shell.case_view.workspace.setCurrentIndex(tab)
        report[f"case screen, tab {tab}"] = _problems(shell)
        if shots is not None:
            shell.grab().save(str(shots / f"case-screen-{tab}.png"))
    shell.show_overview()
    report["overview"] = _problems(shell)
    shell.show_cases()
    for name, make in _dialogs(shell, shell.store, case):
        dialog = make()
        dialog.show()
        report[name] = _problems(dialog)
        if shots is not None and name in ("form signal", "form acute_path", "handover",
                                              "team screen", "admit device"):
            dialog.grab().save(str(shots / f"{name.replace(' ', '-')}.png"))
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    # The team made for the team screen has changes not sent: quitting would
    # ask (a modal question nobody answers here).
    shell.confirm_quit = lambda _warning: True
    shell.close()
    return {name: found for name, found in report.items() if found}


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None),
                     indent=1, ensure_ascii=False))
