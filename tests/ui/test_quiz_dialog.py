"""The quiz at a decision point, driven with the keyboard: answer the
weighings (or the kindcheck), reveal with Ctrl+Enter, and see both outcomes
with the trainer's explanation. Also presenter mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QListWidget, QVBoxLayout, QWidget

from app.meldcode import ChildResidence, KindcheckOutcomeKind, WeighingOutcomeKind
from app.services import cases as case_service
from app.services import training
from app.training import Verdict, training_case_by_key
from app.ui import quiz_dialog
from app.ui.presenter import PRESENTER_SCALE, is_presenter_mode, set_presenter_mode
from app.ui.quiz_dialog import QuizDialog
from tests.ui.test_shell import type_into

CTRL = Qt.KeyboardModifier.ControlModifier


class Trainee:
    """Answers the quiz the way a trainee does with the keyboard."""

    def __init__(self, qtbot, dialog: QuizDialog) -> None:
        self.qtbot, self.dialog, self.form = qtbot, dialog, dialog.form
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)

    def focus(self, key: str):
        assert self.form.is_field_visible(key), f"{key} is not shown"
        widget = self.form.focus_widget(key)
        widget.setFocus()  # as Alt+<letter> on the question does
        return widget

    def choose(self, key: str, value) -> None:
        combo: QComboBox = self.focus(key)
        self.qtbot.keyClick(combo, Qt.Key.Key_Home)
        for _ in range(combo.count()):
            if combo.currentData() == value:
                return
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)
        raise AssertionError(f"{value!r} not offered for {key}")

    def tick(self, key: str, label: str) -> None:
        view: QListWidget = self.focus(key)
        self.qtbot.keyClick(view, Qt.Key.Key_Home)
        for _ in range(view.count()):
            if view.currentItem().text() == label:
                self.qtbot.keyClick(view, Qt.Key.Key_Space)
                return
            self.qtbot.keyClick(view, Qt.Key.Key_Down)
        raise AssertionError(f"{label!r} not in {key}")

    def number(self, key: str, number: int) -> None:
        box = self.focus(key)
        self.qtbot.keyClick(box, Qt.Key.Key_A, CTRL)  # "Niet ingevuld" is selected, then typed over
        type_into(self.qtbot, box, str(number))

    def press(self, button) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        button.setFocus()  # as Tab does
        self.qtbot.keyClick(button, Qt.Key.Key_Space)

    def reveal(self) -> None:
        self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)


@pytest.fixture
def open_quiz(qtbot):
    def make(key: str) -> tuple[QuizDialog, Trainee]:
        dialog = QuizDialog(training_case_by_key(key).decision_point)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog, Trainee(qtbot, dialog)

    return make


def _texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel)
                     if label.isVisibleTo(widget))


def test_right_answer_with_the_keyboard_shows_both_outcomes(open_quiz):
    dialog, trainee = open_quiz("long_term_care")
    assert dialog.panel.isHidden()
    assert not dialog.form.is_field_visible("acute_unsafety")  # only after weighing 1
    trainee.choose("suspicion", True)
    trainee.choose("acute_unsafety", False)
    trainee.choose("structural_unsafety", True)
    assert not dialog.form.is_field_visible("help_accepted")
    trainee.reveal()

    assert dialog.panel.isVisible()
    assert dialog.quiz_result.verdict is Verdict.RIGHT
    report = WeighingOutcomeKind.REPORT.label
    assert dialog.trainee_column.outcome.text() == report
    assert dialog.model_column.outcome.text() == report
    assert "Meldnorm 1" in dialog.model_column.reasons.text()
    assert dialog.verdict.text() == Verdict.RIGHT.label
    assert dialog.verdict.hasFocus()
    assert not dialog.difference.isVisibleTo(dialog)
    assert dialog.point.reasoning in _texts(dialog.panel)


def test_a_wrong_answer_shows_where_it_parts_and_follows_changes(open_quiz):
    dialog, trainee = open_quiz("family_under_stress")
    trainee.choose("suspicion", True)
    trainee.choose("acute_unsafety", False)
    trainee.choose("structural_unsafety", True)
    trainee.reveal()

    assert dialog.quiz_result.verdict is Verdict.UNNEEDED_REPORT
    assert dialog.trainee_column.outcome.text() == WeighingOutcomeKind.REPORT.label
    assert dialog.model_column.outcome.text() == WeighingOutcomeKind.OFFER_HELP.label
    difference = dialog.difference.text()
    assert "afweging 2" in difference
    assert "Jij: acuut: nee, structureel: ja" in difference
    assert "Het afwegingskader: acuut: nee, structureel: nee" in difference

    # Changing an answer after the reveal updates the comparison at once.
    trainee.choose("structural_unsafety", False)
    trainee.choose("help_possible", True)
    trainee.choose("help_accepted", True)
    assert dialog.quiz_result.verdict is Verdict.RIGHT
    assert dialog.trainee_column.outcome.text() == WeighingOutcomeKind.OFFER_HELP.label


def test_an_unfinished_answer_asks_before_revealing(open_quiz, monkeypatch):
    dialog, trainee = open_quiz("intimate_terror")
    asked = []
    monkeypatch.setattr(quiz_dialog, "ask_reveal_unfinished",
                        lambda parent: asked.append(parent) or False)
    trainee.choose("suspicion", True)
    trainee.reveal()
    assert asked == [dialog] and dialog.panel.isHidden()

    monkeypatch.setattr(quiz_dialog, "ask_reveal_unfinished", lambda parent: True)
    trainee.reveal()
    assert dialog.panel.isVisible()
    assert dialog.quiz_result.verdict is Verdict.UNFINISHED
    assert dialog.model_column.outcome.text() == WeighingOutcomeKind.REPORT.label


def test_start_again_clears_the_answers_and_hides_the_answer(open_quiz):
    dialog, trainee = open_quiz("child_behaviour")
    trainee.choose("suspicion", False)
    trainee.reveal()
    assert dialog.quiz_result.verdict is Verdict.RIGHT
    trainee.press(dialog.again_button)
    assert dialog.panel.isHidden() and dialog.quiz_result is None
    assert dialog.form.values().get("suspicion") is None
    assert dialog.form.focus_widget("suspicion").hasFocus()


def test_the_kindcheck_with_the_keyboard(open_quiz):
    dialog, trainee = open_quiz("kindcheck")
    assert "Kindcheck" in _texts(dialog)
    trainee.choose("has_parental_problems", True)
    trainee.tick("parental_problems", "Verslaving of middelengebruik")
    trainee.choose("has_child_contacts", True)
    trainee.tick("child_contacts", "Zorgt voor eigen minderjarige kinderen")
    trainee.number("children_count", 2)
    trainee.number("child1_age", 8)
    trainee.choose("child1_residence", str(ChildResidence.WITH_CLIENT))
    trainee.number("child2_age", 14)
    trainee.choose("child2_residence", str(ChildResidence.ELSEWHERE))
    trainee.choose("concerns", "doubt")
    trainee.reveal()

    assert dialog.quiz_result.verdict is Verdict.OTHER_OUTCOME
    assert dialog.trainee_column.outcome.text() == KindcheckOutcomeKind.CONSULT.label
    assert (dialog.model_column.outcome.text()
            == KindcheckOutcomeKind.CONTINUE_MELDCODE.label)
    assert dialog.model_column.heading.text() == "Volgens de kindcheck"
    assert "vraag 4" in dialog.difference.text()

    trainee.choose("concerns", "remain")
    assert dialog.quiz_result.verdict is Verdict.RIGHT


def test_answers_that_contradict_each_other_show_the_rule(open_quiz):
    dialog, trainee = open_quiz("kindcheck")
    trainee.choose("has_parental_problems", True)  # but no problem ticked
    trainee.choose("has_child_contacts", False)
    trainee.reveal()
    assert dialog.panel.isHidden()
    assert dialog.error.isVisibleTo(dialog) and "Vraag 2" in dialog.error.text()
    trainee.tick("parental_problems", "Verslaving of middelengebruik")
    trainee.reveal()
    assert not dialog.error.isVisibleTo(dialog)
    assert dialog.quiz_result.verdict is Verdict.OTHER_OUTCOME
    assert dialog.trainee_column.outcome.text() == KindcheckOutcomeKind.CLOSED_NO_CHILDREN.label


def test_the_quiz_opens_from_a_training_store(qtbot, tmp_path: Path, monkeypatch):
    with training.create_training_store(tmp_path / "training.db") as store:
        summary = next(s for s in case_service.list_cases(store)
                       if s.household_name == "Familie Đurić")
        point = training.decision_point(store, summary.id)
    shown = []

    def exec_then_answer(dialog: QuizDialog) -> int:
        shown.append(dialog)
        dialog.form.set_values({"suspicion": True, "acute_unsafety": True,
                                "structural_unsafety": True})
        dialog.reveal()
        return 0

    monkeypatch.setattr(QuizDialog, "exec", exec_then_answer)
    result = quiz_dialog.show_quiz(point)
    assert result.verdict is Verdict.RIGHT and result.model.urgent
    assert "Familie Đurić" in _texts(shown[0])
    shown[0].deleteLater()


def test_screenshot_after_revealing(open_quiz, tmp_path: Path):
    dialog, trainee = open_quiz("complex_divorce")
    for key, value in (("suspicion", True), ("acute_unsafety", False),
                       ("structural_unsafety", False), ("help_possible", True),
                       ("help_accepted", False)):
        trainee.choose(key, value)
    trainee.press(dialog.reveal_button)
    assert dialog.quiz_result.verdict is Verdict.OTHER_ROUTE
    image = dialog.grab()
    assert not image.isNull() and image.save(str(tmp_path / "quiz.png"))


# -- presenter mode ------------------------------------------------------------------


@pytest.mark.parametrize("sheet", ["", "QLabel#screenTitle { font-weight: 600; }"])
def test_presenter_mode_scales_the_font_and_restores_it(qtbot, sheet):
    app = QApplication.instance()
    old_sheet = app.styleSheet()
    app.setStyleSheet(sheet)
    normal = QFont(app.font())
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    plain = QLabel("Tekst")
    heading = QLabel("Kop")
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    heading.setFont(font)
    bold = QLabel("Vet")
    font = bold.font()
    font.setWeight(QFont.Weight.Bold)
    bold.setFont(font)
    for label in (plain, heading, bold):
        layout.addWidget(label)
    window.show()
    sizes = [w.font().pointSizeF() for w in (plain, heading, bold)]
    try:
        set_presenter_mode(app, True)
        set_presenter_mode(app, True)  # twice is once
        assert is_presenter_mode(app)
        assert app.font().pointSizeF() == pytest.approx(normal.pointSizeF() * PRESENTER_SCALE)
        assert [w.font().pointSizeF() for w in (plain, heading, bold)] == pytest.approx(
            [size * PRESENTER_SCALE for size in sizes])
        assert bold.font().weight() == QFont.Weight.Bold
    finally:
        set_presenter_mode(app, False)
        app.setStyleSheet(old_sheet)
    assert not is_presenter_mode(app)
    assert app.font() == normal
    assert [w.font().pointSizeF() for w in (plain, heading, bold)] == pytest.approx(sizes)
