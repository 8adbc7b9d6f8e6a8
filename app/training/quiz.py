"""The trainee's answer at a decision point, compared with the model answer.

``check_answer`` runs the trainee's answers through the same rules as the
model answers (``weigh`` for the afwegingskader, ``kindcheck_outcome`` for
the kindcheck) and says how they compare: the same outcome the same way,
the same outcome another way, a report where the model offers help or
closes (an unneeded report), no report where the model reports (a missed
report), a report under another reporting norm, a report that misses (or
sees) acute unsafety, another outcome, or not finished. It also names the first question where the
answers part.

Answers past the point where the model stops belong to later: weighings 3
to 5 after a report are made together with Veilig Thuis, weighing 5 after
the help has had its term. When the trainee followed the model up to there,
such answers are set aside (``beyond``) rather than counted as wrong.

The quiz forms are the meldcode forms without the date, the reason for the
check and the reasoning: the same questions, shown only when the earlier
answers lead to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from app.forms.meldcode import (
    KINDCHECK_FORM,
    WEIGHING_FORM,
    kindcheck_answers_from_values,
    weighing_answers_from_values,
)
from app.forms.meldcode.weighing import ANSWER_KEYS
from app.forms.model import FormDefinition
from app.i18n import N_, _, ngettext
from app.meldcode.afwegingskader import (
    WeighingAnswers,
    WeighingOutcome,
    WeighingOutcomeKind,
    WeighingQuestion,
    weigh,
)
from app.meldcode.kindcheck import (
    ChildContact,
    KindcheckAnswers,
    KindcheckOutcomeKind,
    KindcheckQuestion,
    ParentalProblem,
    kindcheck_outcome,
)
from app.training.cases import DecisionPoint, ModelAnswers, Outcome

Question = WeighingQuestion | KindcheckQuestion


class Verdict(StrEnum):
    """How the trainee's answer compares with the model answer."""

    RIGHT = "right"
    OTHER_ROUTE = "other_route"
    UNNEEDED_REPORT = "unneeded_report"
    MISSED_REPORT = "missed_report"
    OTHER_NORM = "other_norm"
    OTHER_URGENCY = "other_urgency"
    OTHER_OUTCOME = "other_outcome"
    UNFINISHED = "unfinished"

    @property
    def label(self) -> str:
        return _(_VERDICT_LABELS[self])


_VERDICT_LABELS = {
    Verdict.RIGHT: N_("Goed: dezelfde uitkomst, langs dezelfde weg."),
    Verdict.OTHER_ROUTE: N_(
        "De uitkomst is dezelfde, maar je kwam er langs een andere weg. Bespreek het verschil."
    ),
    Verdict.UNNEEDED_REPORT: N_(
        "Jij meldt bij Veilig Thuis, maar hier is melden niet nodig. Kijk bij welke afweging "
        "je een ander antwoord gaf."
    ),
    Verdict.MISSED_REPORT: N_(
        "Hier hoort een melding bij Veilig Thuis, maar jij meldt niet. Kijk bij welke "
        "afweging je een ander antwoord gaf."
    ),
    Verdict.OTHER_NORM: N_("Je meldt ook, maar om een andere reden: een andere meldnorm."),
    Verdict.OTHER_URGENCY: N_(
        "Je meldt ook, maar je ziet de acute onveiligheid anders. Bij acute onveiligheid neem je "
        "meteen contact op met Veilig Thuis of de politie."
    ),
    Verdict.OTHER_OUTCOME: N_("Jouw antwoord geeft een andere uitkomst."),
    Verdict.UNFINISHED: N_("Je antwoord is nog niet af: er volgt nog geen uitkomst uit."),
}


@dataclass(frozen=True)
class QuizResult:
    """The trainee's outcome next to the model outcome, with the reasons of
    both (in ``trainee.reasons`` and ``model.reasons``), and the answers
    they came from."""

    verdict: Verdict
    trainee: Outcome
    model: Outcome
    first_difference: Question | None
    trainee_answers: ModelAnswers
    model_answers: ModelAnswers
    beyond: tuple[Question, ...] = ()

    @property
    def is_right(self) -> bool:
        return self.verdict is Verdict.RIGHT

    @property
    def same_outcome(self) -> bool:
        return self.verdict in (Verdict.RIGHT, Verdict.OTHER_ROUTE)


def question_title(question: Question) -> str:
    """"Afweging 2" or "Vraag 4b", in the current language."""
    if isinstance(question, WeighingQuestion):
        return question.title
    return _("Vraag {n}").format(n=question.number)


def describe_answer(answers: ModelAnswers, question: Question) -> str:
    """The answer to one question in a few words: "ja", "acuut: nee,
    structureel: ja", "2 kinderen (8, 14)", a choice's label."""
    def yes_no(value: bool | None) -> str:
        return _("niet beantwoord") if value is None else _("ja") if value else _("nee")

    if isinstance(answers, WeighingAnswers) and isinstance(question, WeighingQuestion):
        if question is WeighingQuestion.UNSAFETY:
            return _("acuut: {acute}, structureel: {structural}").format(
                acute=yes_no(answers.acute_unsafety),
                structural=yes_no(answers.structural_unsafety))
        return yes_no(answers.answer(question))
    assert isinstance(answers, KindcheckAnswers)
    q = KindcheckQuestion
    if question in (q.PARENTAL_PROBLEMS, q.CHILDREN_IN_CARE):
        chosen = (answers.parental_problems if question is q.PARENTAL_PROBLEMS
                  else answers.child_contacts)
        if chosen is None:
            return _("niet beantwoord")
        order = list(ParentalProblem) + list(ChildContact)
        return ", ".join(c.label.lower() for c in sorted(chosen, key=order.index)) or _("nee")
    if question is q.ABOUT_THE_CHILDREN:
        if not answers.children:
            return _("niet beantwoord")
        ages = ", ".join("?" if c.age is None else str(c.age) for c in answers.children)
        return ngettext("{n} kind ({ages})", "{n} kinderen ({ages})",
                        len(answers.children)).format(n=len(answers.children), ages=ages)
    chosen_one = answers.concerns if question is q.CONCERNS_REMOVED else answers.other_professional
    return _("niet beantwoord") if chosen_one is None else chosen_one.label


# -- comparing the answers per question ----------------------------------------------

_UNASKED = object()


def _weighing_view(answers: WeighingAnswers, question: WeighingQuestion) -> Any:
    if question is WeighingQuestion.UNSAFETY:
        if not answers.is_answered(question):
            return None
        return (answers.acute_unsafety, answers.structural_unsafety)
    return answers.answer(question)


def _kindcheck_view(answers: KindcheckAnswers, question: KindcheckQuestion) -> Any:
    q = KindcheckQuestion
    if question is q.PARENTAL_PROBLEMS:
        return answers.parental_problems
    if question is q.CHILDREN_IN_CARE:
        return answers.child_contacts
    if question is q.ABOUT_THE_CHILDREN:
        if answers.child_contacts == {ChildContact.PREGNANT}:
            return _UNASKED  # only an unborn child: question 3 is not asked
        if not answers.children:
            return None
        # How many children, and their ages where the trainee gave each one.
        # Where a child lives is left out: "every other weekend" is "partly"
        # to one trainer and "elsewhere" to another.
        ages = [child.age for child in answers.children]
        return (len(ages), None if None in ages else tuple(sorted(ages)))
    if question is q.CONCERNS_REMOVED:
        return answers.concerns
    return answers.other_professional


def _same_children(model: Any, trainee: Any) -> bool:
    if model is None or trainee is None or model is _UNASKED or trainee is _UNASKED:
        return model is trainee
    (count, ages), (their_count, their_ages) = model, trainee
    return count == their_count and (their_ages is None or ages is None or ages == their_ages)


def _compare(model: ModelAnswers, trainee: ModelAnswers
             ) -> tuple[Question | None, tuple[Question, ...]]:
    """The first question where the answers part, and the questions the
    trainee answered past the model's last one (only when none parted)."""
    if isinstance(model, WeighingAnswers):
        questions: list[Question] = list(WeighingQuestion)

        def view(answers: Any, question: Any) -> Any:
            return _weighing_view(answers, question)
    else:
        questions = list(KindcheckQuestion)

        def view(answers: Any, question: Any) -> Any:
            return _kindcheck_view(answers, question)

    for i, question in enumerate(questions):
        theirs, ours = view(trainee, question), view(model, question)
        if ours is _UNASKED:
            continue
        if ours is None:
            beyond = tuple(q for q in questions[i:] if view(trainee, q) not in (None, _UNASKED))
            return None, beyond
        if question is KindcheckQuestion.ABOUT_THE_CHILDREN:
            if not _same_children(ours, theirs):
                return question, ()
        elif theirs != ours:
            return question, ()
    return None, ()


def _up_to_model(model: ModelAnswers, trainee: ModelAnswers) -> ModelAnswers:
    """The trainee's answers without those past the model's last answer."""
    cleared = {f.name: None for f in fields(trainee)
               if getattr(model, f.name) is None and getattr(trainee, f.name) is not None}
    return replace(trainee, **cleared)


def _settled(answers: ModelAnswers) -> ModelAnswers:
    """Half of weighing 2 and nothing after it is an unfinished answer, not
    a wrong one (the form asks the structural question after the acute one)."""
    q = WeighingQuestion
    if (isinstance(answers, WeighingAnswers) and answers.is_answered(q.UNSAFETY)
            and answers.answer(q.UNSAFETY) is None
            and not any(answers.is_answered(later) for later in q if later > q.UNSAFETY)):
        return replace(answers, acute_unsafety=None, structural_unsafety=None)
    return answers


def _finished(outcome: Outcome) -> bool:
    if isinstance(outcome, WeighingOutcome):
        return outcome.kind is not WeighingOutcomeKind.INCOMPLETE
    return outcome.kind is not KindcheckOutcomeKind.IN_PROGRESS


def check_answer(point: DecisionPoint, trainee_answers: ModelAnswers) -> QuizResult:
    """Compare the trainee's answers with the model answers of ``point``.

    Raises ``TypeError`` when the answers are of the other kind (weighing
    answers for the kindcheck case or the other way round), and the domain's
    ``ValidationError`` when the trainee's answers contradict each other
    (an answer after a question that ended the flow).
    """
    model = point.model
    if type(trainee_answers) is not type(model):
        raise TypeError(f"expected {type(model).__name__}, got {type(trainee_answers).__name__}")
    evaluate = kindcheck_outcome if isinstance(model, KindcheckAnswers) else weigh
    model_outcome: Outcome = evaluate(model)  # type: ignore[arg-type]
    first, beyond = _compare(model, trainee_answers)
    trainee_answers = _settled(trainee_answers)
    evaluate(trainee_answers)  # contradictions raise here, also past the model's last answer
    answers = _up_to_model(model, trainee_answers) if beyond else trainee_answers
    trainee: Outcome = evaluate(answers)  # type: ignore[arg-type]
    if not _finished(trainee):
        verdict = Verdict.UNFINISHED
    elif isinstance(trainee, WeighingOutcome) and isinstance(model_outcome, WeighingOutcome):
        verdict = _weighing_verdict(trainee, model_outcome) or _route(first)
    elif trainee.kind is not model_outcome.kind:
        verdict = Verdict.OTHER_OUTCOME
    else:
        verdict = _route(first)
    return QuizResult(verdict, trainee, model_outcome, first, trainee_answers, model, beyond)


def _route(first: Question | None) -> Verdict:
    return Verdict.RIGHT if first is None else Verdict.OTHER_ROUTE


def _weighing_verdict(trainee: WeighingOutcome, model: WeighingOutcome) -> Verdict | None:
    """How two finished weighing outcomes differ, or ``None`` when they lead
    to the same thing. Whether to report comes first: a report that is not
    needed, or one that is missed, is the lesson, whatever else the outcomes
    share. Another norm or urgency is only a lesson when both report."""
    if trainee.calls_for_report and not model.calls_for_report:
        return Verdict.UNNEEDED_REPORT
    if model.calls_for_report and not trainee.calls_for_report:
        return Verdict.MISSED_REPORT
    if trainee.kind is not model.kind:
        return Verdict.OTHER_OUTCOME
    if trainee.reporting_norm != model.reporting_norm:
        return Verdict.OTHER_NORM
    if trainee.urgent != model.urgent:
        return Verdict.OTHER_URGENCY
    return None


# -- the quiz forms ------------------------------------------------------------------

_KINDCHECK_LEFT_OUT = frozenset({"checked_on", "trigger", "client_id", "notes"})


def _without(form: FormDefinition, form_id: str, keep: Any) -> FormDefinition:
    return form.replace(id=form_id, sections=tuple(
        s for s in form.sections if any(keep(f.key) for f in s.fields)))


QUIZ_WEIGHING_FORM = _without(WEIGHING_FORM, "training.weighing", lambda key: key in ANSWER_KEYS)
QUIZ_KINDCHECK_FORM = _without(KINDCHECK_FORM, "training.kindcheck_run",
                               lambda key: key not in _KINDCHECK_LEFT_OUT)


def quiz_form(point: DecisionPoint) -> FormDefinition:
    """The questions the trainee answers at ``point``."""
    return QUIZ_KINDCHECK_FORM if point.is_kindcheck else QUIZ_WEIGHING_FORM


def answers_from_values(point: DecisionPoint, values: Mapping[str, Any]) -> ModelAnswers:
    """The trainee's answers so far, from the values of :func:`quiz_form`."""
    if point.is_kindcheck:
        return kindcheck_answers_from_values(values)
    return weighing_answers_from_values(values)
