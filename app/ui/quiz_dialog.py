"""The trainer's pause at a decision point of a training case (oefenen).

The dialog shows the situation and the question. The trainee answers with
the meldcode's own questions (the afwegingskader, or the kindcheck), drawn
by the form renderer, so a question shows only when the earlier answers lead
to it. "Toon antwoord" then puts the trainee's outcome next to the outcome
of the model answer, each with its reasons, says where the answers part,
and shows the trainer's explanation. Changing an answer afterwards updates
the comparison at once, so a group can try "what if".

Modal questions inside go through module-level ``ask_…`` functions that
tests replace. ``show_quiz`` opens the dialog and returns the last result.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.i18n import _
from app.training import (
    DecisionPoint,
    QuizResult,
    Verdict,
    answers_from_values,
    check_answer,
    describe_answer,
    question_title,
    quiz_form,
)
from app.ui.accessibility import show_error
from app.ui.forms import FormWidget
from app.ui.forms.labels import muted
from app.ui.style import Tone, set_tone


def ask_reveal_unfinished(parent: QWidget) -> bool:
    """The answer is not finished: show the model answer anyway?"""
    reply = QMessageBox.question(
        parent, _("Oefenen"),
        _("Je antwoord is nog niet af. Wil je het goede antwoord toch zien?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return reply == QMessageBox.StandardButton.Yes


def _label(text: str = "", *, bold: bool = False, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or scale != 1.0:
        font = label.font()
        if bold:
            font.setWeight(QFont.Weight.DemiBold)
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    return label


# Verdict -> (background, text): light boxes with dark text, readable in a
# light and a dark theme and on a projector.
_VERDICT_COLOURS: dict[Verdict | None, tuple[str, str]] = {
    Verdict.RIGHT: ("#e3f2e5", "#1b5e20"),
    Verdict.UNFINISHED: ("#ececec", "#303030"),
    None: ("#fff1d6", "#6d4200"),
}


def _reasons(reasons: tuple[str, ...]) -> str:
    return "\n".join(f"• {reason}" for reason in reasons) or _("(nog geen uitkomst)")


class _OutcomeColumn(QFrame):
    """One side of the comparison: a heading, the outcome, its reasons."""

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.heading = _label(heading, bold=True)
        muted(self.heading, 1.0)
        self.outcome = _label(bold=True, scale=1.15)
        self.reasons = _label()
        layout.addWidget(self.heading)
        layout.addWidget(self.outcome)
        layout.addWidget(self.reasons)
        layout.addStretch(1)

    def show_outcome(self, kind_label: str, reasons: tuple[str, ...]) -> None:
        self.outcome.setText(kind_label)
        self.reasons.setText(_reasons(reasons))
        self.setAccessibleName(f"{self.heading.text()}: {kind_label}")


class QuizDialog(QDialog):
    def __init__(self, point: DecisionPoint, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.point = point
        self.quiz_result: QuizResult | None = None
        self.setWindowTitle(_("Oefenen"))
        title = _label(point.household_name, bold=True, scale=1.35)
        topic = _label(point.topic)
        muted(topic, 1.0)

        situation = _label(point.situation)
        question = _label(point.question, bold=True)
        self.form = FormWidget(quiz_form(point), show_title=False)
        self.form.changed.connect(self._answers_changed)
        self.error = _label()
        set_tone(self.error, Tone.ERROR)
        self.error.hide()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(_label(_("De situatie"), bold=True))
        column.addWidget(situation)
        column.addSpacing(6)
        column.addWidget(_label(_("De vraag"), bold=True))
        column.addWidget(question)
        column.addWidget(self.form, 1)
        column.addWidget(self.error)

        self.panel = self._build_panel()
        self.panel.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        self.buttons = QDialogButtonBox()
        self.reveal_button = self.buttons.addButton(_("&Toon antwoord"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.reveal_button.setToolTip(_("Toon antwoord (Ctrl+Enter)"))
        self.again_button = self.buttons.addButton(_("&Opnieuw"),
                                                   QDialogButtonBox.ButtonRole.ResetRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in (self.reveal_button, self.again_button, close):
            button.setAutoDefault(False)
        self.reveal_button.clicked.connect(self.reveal)
        self.again_button.clicked.connect(self.start_again)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.reveal)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(topic)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1180, 760)

    def _build_panel(self) -> QScrollArea:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.verdict = _label(bold=True, scale=1.15)
        self.verdict.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        model_heading = _("Volgens {model}").format(model=self._model_name().lower())
        self.trainee_column = _OutcomeColumn(_("Jouw antwoord"))
        self.model_column = _OutcomeColumn(model_heading)
        columns = QGridLayout()
        columns.addWidget(self.trainee_column, 0, 0)
        columns.addWidget(self.model_column, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        self.difference = _label()
        self.beyond = _label()
        muted(self.beyond, 1.0)
        self.explanation = _label(self.point.reasoning)
        layout.addWidget(self.verdict)
        layout.addLayout(columns)
        layout.addWidget(self.difference)
        layout.addWidget(self.beyond)
        layout.addWidget(_label(_("Uitleg van de trainer"), bold=True))
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setAccessibleName(_("Het antwoord"))
        return scroll

    def _model_name(self) -> str:
        return _("De kindcheck") if self.point.is_kindcheck else _("Het afwegingskader")

    # -- answering ---------------------------------------------------------------------

    def _check(self) -> QuizResult | None:
        answers = answers_from_values(self.point, self.form.values())
        try:
            result = check_answer(self.point, answers)
        except ValidationError as exc:
            self.error.show()
            show_error(self.error, exc.message)
            return None
        self.error.hide()
        return result

    def reveal(self) -> None:
        """Compare the answer with the model answer and show both."""
        result = self._check()
        if result is None:
            return
        if result.verdict is Verdict.UNFINISHED and not ask_reveal_unfinished(self):
            return
        self._show(result)
        if self.panel.isHidden():
            self.panel.show()
            width = max(self.splitter.width(), 10)
            self.splitter.setSizes([width * 2 // 5, width - width * 2 // 5])
        self.verdict.setFocus(Qt.FocusReason.OtherFocusReason)

    def _answers_changed(self) -> None:
        if self.panel.isVisible():
            result = self._check()
            if result is not None:
                self._show(result)

    def start_again(self) -> None:
        self.form.set_values({})
        self.quiz_result = None
        self.error.hide()
        self.panel.hide()
        self.form.focus_widget(self.form.definition.keys[0]).setFocus()

    def _show(self, result: QuizResult) -> None:
        self.quiz_result = result
        self.verdict.setText(result.verdict.label)
        self.verdict.setAccessibleName(result.verdict.label)
        background, text = _VERDICT_COLOURS.get(result.verdict, _VERDICT_COLOURS[None])
        self.verdict.setStyleSheet(f"background: {background}; color: {text}; "
                                   "padding: 8px; border-radius: 4px;")
        self.trainee_column.show_outcome(result.trainee.kind.label, result.trainee.reasons)
        self.model_column.show_outcome(result.model.kind.label, result.model.reasons)
        first = result.first_difference
        self.difference.setVisible(first is not None)
        if first is not None:
            self.difference.setText(_(
                "Het eerste verschil zit bij {title}: {question}\n"
                "Jij: {yours}\n{model}: {theirs}").format(
                    title=question_title(first).lower(), question=first.label,
                    yours=describe_answer(result.trainee_answers, first),
                    model=self._model_name(), theirs=describe_answer(result.model_answers, first)))
        self.beyond.setVisible(bool(result.beyond))
        self.beyond.setText(_(
            "Je beantwoordde ook: {questions}. Die vragen horen bij een later moment en "
            "tellen hier niet mee.").format(
                questions=", ".join(question_title(q) for q in result.beyond)))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Enter moves on, as in the record dialog; Ctrl+Enter shows the answer.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.focusNextChild()
            return
        super().keyPressEvent(event)


def show_quiz(point: DecisionPoint, parent: QWidget | None = None) -> QuizResult | None:
    """Open the quiz at ``point`` (modal); the last result shown, if any."""
    dialog = QuizDialog(point, parent)
    dialog.exec()
    result = dialog.quiz_result
    dialog.deleteLater()
    return result
