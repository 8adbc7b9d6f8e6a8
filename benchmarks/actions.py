"""Count the actions of the typical case of issue 15, driven through the real
app (offscreen): a new case, two parents and two children, three signals, the
risks, the kindcheck, a consultation, the conversation, the weighing to
"melden", the decision, and a safety plan with a condition, an agreement, a
network member and a score.

One action is one key press or click, and one typed text (a name, a sentence)
counts as one. The worker reaches a field with its Alt+letter (one action),
picks a choice by typing its first letters (one action; the arrow keys, one
per press, when that does not reach it) and ticks with Space. The
script behaves like a worker who looks at the screen: when the app has put
the next step's button in focus it presses Space, otherwise it clicks the step
and then the button. A date of birth is typed in the way the form allows.

    .venv/bin/python -m benchmarks.actions             # this checkout
    PYTHONPATH=/path/to/other/checkout .venv/bin/python -m benchmarks.actions

Prints one JSON object: the count per part and the total. The handover and
the family plan (passphrase, folder) are not driven; they take the same
actions before and after this change.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QListWidget  # noqa: E402

PASSPHRASE = "vier woorden als wachtwoord"
CTRL = Qt.KeyboardModifier.ControlModifier


class Worker:
    def __init__(self) -> None:
        self.part = "start"
        self.counts: Counter[str] = Counter()

    def act(self, n: int = 1) -> None:
        self.counts[self.part] += n

    def key(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)
        self.act()

    def type(self, widget, text: str) -> None:
        widget.setFocus()
        for char in text:
            QTest.keyClick(widget, char) if char.isascii() else widget.insert(char)
        self.act()

    def click(self, button) -> None:
        button.click()
        self.act()

    # -- forms ------------------------------------------------------------------------

    def field(self, form, key: str):
        widget = form.focus_widget(key)
        widget.setFocus()  # Alt+letter on its label
        self.act()
        return widget

    def fill(self, form, key: str, text: str) -> None:
        widget = self.field(form, key)
        if hasattr(widget, "selectAll"):
            widget.selectAll()
        QTest.keyClicks(widget, text)
        self.act()

    def choose(self, form, key: str, code) -> None:
        combo: QComboBox = self.field(form, key)
        wanted = combo.findData(code)
        if wanted < 0:
            raise AssertionError(f"{code!r} not offered for {key}")
        if combo.currentIndex() != wanted and not self._type_ahead(
                combo, combo.itemText(wanted), lambda: combo.currentIndex() == wanted):
            while combo.currentIndex() != wanted:
                self.key(combo, Qt.Key.Key_Down if combo.currentIndex() < wanted
                         else Qt.Key.Key_Up)

    def tick(self, form, key: str, label: str) -> None:
        view: QListWidget = self.field(form, key)
        if not self._type_ahead(view, label, lambda: view.currentItem() is not None
                                and view.currentItem().text() == label):
            view.setCurrentRow(0)
            while view.currentItem().text() != label:
                self.key(view, Qt.Key.Key_Down)
        self.key(view, Qt.Key.Key_Space)

    def _type_ahead(self, widget, text: str, found) -> bool:
        """Type the first letters of ``text`` (one action), as a worker jumps in a
        list; False when no prefix of up to four letters lands on it."""
        for length in range(1, 5):
            QTest.keyClicks(widget, text[:length].lower())
            QTest.qWait(QApplication.keyboardInputInterval() + 20)  # the search starts anew
            if found():
                self.act()
                return True
        return False

    def save(self, form) -> None:
        self.key(form.focus_widget(form.definition.keys[0]), Qt.Key.Key_Return, CTRL)


def activate(window) -> None:
    """Make ``window`` active, as a window manager does (offscreen does not)."""
    window.activateWindow()
    for _ in range(200):
        if window.isActiveWindow():
            return
        QApplication.processEvents()
        QTest.qWait(5)


def on_next_dialog(action) -> None:
    """Run ``action(dialog)`` on the next modal dialog as soon as it shows."""
    tries = iter(range(500))

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            try:
                activate(dialog)
                action(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()
        elif next(tries, None) is not None:
            QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def run(folder: Path) -> dict:
    from app.config import Settings
    from app.meldcode.vocabulary import ViolenceForm
    from app.store.store import Store
    from app.ui.shell import Shell

    Store.create(folder / "store.db", PASSPHRASE).close()
    shell = Shell(folder / "store.db", folder / "demo.db", Settings(),
                  settings_path=folder / "settings.json")
    shell.show()
    shell._unlock(PASSPHRASE)
    w = Worker()

    # -- the case and its household ------------------------------------------------------
    w.part = "case and household"

    def name_case(dialog) -> None:
        w.type(dialog.name, "Familie Doğan")
        w.key(dialog.name, Qt.Key.Key_Return)

    on_next_dialog(name_case)
    shell.commands["new_case"].trigger()  # Ctrl+N
    w.act()

    people = (("Elif Doğan", 1, None, "34"), ("Hakan Doğan", 1, None, "37"),
              ("Mert Doğan", 0, "14-5-18", None), ("Ayla Doğan", 0, "3 mrt 2021", None))
    for name, role_downs, born, age in people:
        def add(dialog, name=name, role_downs=role_downs, born=born, age=age) -> None:
            w.type(dialog.name, name)
            dialog.role.setFocus()
            w.act()  # Alt+R
            dialog.role.setCurrentIndex(0)
            for _ in range(role_downs):
                w.key(dialog.role, Qt.Key.Key_Down)
            if born is not None:
                if hasattr(dialog, "known_dob"):  # before: tick, then the day section
                    w.click(dialog.known_dob)
                    w.act()  # the double click on the day that typing needed
                    dialog.dob.setDate(dialog.dob.date().fromString(
                        "14-05-2018" if born == "14-5-18" else "03-03-2021", "dd-MM-yyyy"))
                    w.act()  # typing the date
                else:
                    w.act()  # Alt+G
                    w.type(dialog.dob.edit, born)
            else:
                w.act()  # Alt+L
                dialog.age.setValue(int(age))
                w.act()  # typing the age
            w.key(dialog.name, Qt.Key.Key_Return)

        on_next_dialog(add)
        w.click(shell.case_view.add_person)

    # -- the meldcode ----------------------------------------------------------------------
    view = shell.case_view.meldcode

    def open_form(step: int, action: str, fill) -> None:
        """Open ``action`` on ``step``: Space when the app offers it, else click the step
        (when another is shown) and then the button."""
        button = view.pages[step].buttons[action]
        def answer(dialog) -> None:
            fill(dialog.form)
            w.save(dialog.form)
            if dialog.isVisible():  # not recorded: say why, the count would be wrong
                print(action, dialog.error.text(), dialog.form.errors(), file=sys.stderr)

        on_next_dialog(answer)
        activate(shell)
        if QApplication.focusWidget() is button and view.selected_step == step:
            w.key(button, Qt.Key.Key_Space)
            return
        if view.selected_step != step:  # one click on the step's tab
            view.stepper.tabs.setCurrentIndex(view.stepper.index_of(step))
            w.act()
        w.click(button)

    w.part = "step 1: signals, risks, kindcheck"
    signals = (
        ("Mert Doğan", ViolenceForm.WITNESSING_PARTNER_VIOLENCE, "Mert zei: papa schreeuwde."),
        ("Ayla Doğan", ViolenceForm.PHYSICAL_NEGLECT, "Ayla had geen jas aan in de kou."),
        ("Elif Doğan", ViolenceForm.PARTNER_VIOLENCE, "Elif had een blauwe plek op de arm."))
    for person, form_of_violence, facts in signals:
        open_form(1, "signal", lambda f, p=person, v=form_of_violence, t=facts: (
            w.tick(f, "concerns", p), w.tick(f, "forms", v.label),
            w.choose(f, "source", "own_observation"), w.fill(f, "facts", t),
            w.choose(f, "acute_indication", False)))
    open_form(1, "risk_profile", lambda f: w.tick(f, "risk_factors", "Schulden"))
    open_form(1, "kindcheck_run", lambda f: (w.choose(f, "trigger", "intake"),
                                              w.choose(f, "has_parental_problems", False)))

    w.part = "steps 2-5"
    open_form(2, "consultation", lambda f: (
        w.choose(f, "partner", "attention_officer"), w.choose(f, "anonymous", True),
        w.fill(f, "advice", "Bespreek de zorgen met moeder."),
        w.choose(f, "result", "suspicion_remains")))
    open_form(3, "conversation", lambda f: (
        w.choose(f, "held", True), w.tick(f, "participants", "Elif Doğan"),
        w.fill(f, "what_was_said", "De zorgen over Mert en Ayla."),
        w.fill(f, "client_reaction", "Moeder herkent het en wil hulp.")))
    open_form(4, "weighing", lambda f: (
        w.choose(f, "suspicion", True), w.choose(f, "acute_unsafety", False),
        w.choose(f, "structural_unsafety", True),
        w.fill(f, "reasoning", "De kinderen zien al maanden geweld thuis.")))
    open_form(5, "decision", lambda f: w.choose(f, "client_informed", True))

    # -- the safety plan -------------------------------------------------------------------
    w.part = "safety plan"
    safety = shell.case_view.safety
    shell.case_view.workspace.setCurrentIndex(1)  # a click on the Veiligheidsplan tab
    w.act()

    def safety_form(action: str, fill) -> None:
        def answer(dialog) -> None:
            fill(dialog.form)
            w.save(dialog.form)
            if dialog.isVisible():  # not recorded: say why, the count would be wrong
                print(action, dialog.error.text(), dialog.form.errors(), file=sys.stderr)

        on_next_dialog(answer)
        w.click(safety.buttons[action])

    safety_form("condition", lambda f: (
        w.fill(f, "text", "Vader woont tijdelijk elders."),
        w.choose(f, "source", f.focus_widget("source").itemData(1))))
    safety_form("item", lambda f: (
        w.fill(f, "what", "Moeder belt bij ruzie haar zus."),
        w.fill(f, "why", "Zo is er snel hulp."),
        w.choose(f, "who_kind", "family_member"),
        w.choose(f, "who_person", f.focus_widget("who_person").itemData(1))))
    safety_form("support_person", lambda f: (
        w.fill(f, "name", "Tante Fatma"), w.fill(f, "role", "Zus van moeder"),
        w.fill(f, "reach", "06-12345678")))
    safety_form("scale_score", lambda f: (
        w.choose(f, "person_id", f.focus_widget("person_id").itemData(1)),
        w.choose(f, "view", f.focus_widget("view").itemData(1)),
        w.fill(f, "score", "6")))

    from app.services import meldcode as meldcode_service
    from app.services import safety as safety_service

    case_id = shell.case_view.case.id
    records = meldcode_service.load_records(shell.store, case_id)
    plan = safety_service.load_plan(shell.store, case_id).plan
    # What was recorded, so a count of a flow that silently failed cannot pass for one.
    done = {"people": len(shell.case_view.case.people), "signals": len(records.signals),
            "decision": records.latest_decision is not None,
            "conditions": len(plan.conditions), "agreements": len(plan.items),
            "network": len(plan.network), "scores": len(plan.scale_scores)}
    shell.close()
    counts = dict(w.counts)
    return {"actions": counts, "total": sum(counts.values()), "recorded": done}


if __name__ == "__main__":
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="vw-actions-") as tmp:
        print(json.dumps(run(Path(tmp)), indent=1, ensure_ascii=False))
