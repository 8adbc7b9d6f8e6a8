"""The kindcheck (part of step 1): are there children who can be harmed by
the problems of an adult or adolescent client?

The check is a short flow of questions. ``kindcheck_outcome`` reads the
answers given so far and returns where the flow ends (or which question is
next), with the reasons in plain Dutch. Answers that skip a question or
belong to a branch the earlier answers closed are rejected, naming the
question. A run is a snapshot: the check is repeated (at intake, evaluation,
a multidisciplinary meeting, a new worry) and every run is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from app.errors import ValidationError
from app.i18n import N_, _, ngettext
from app.meldcode._checks import (
    MAX_SHORT_TEXT_LENGTH,
    NOTES_LABEL,
    check_not_future_date,
    check_text,
)
from app.meldcode.extras import ExtraAnswer
from app.meldcode.steps import Step
from app.meldcode.vocabulary import ADDICTION_LABEL, PSYCHIATRIC_PROBLEMS_LABEL

MAX_CHILD_AGE = 17


class KindcheckError(ValidationError):
    """Kindcheck answers that skip a question or contradict an earlier one."""


class KindcheckQuestion(IntEnum):
    """The questions of the kindcheck, in order. Question 5 is the follow-up
    to an unclear answer on question 4; people call it "4b"."""

    PARENTAL_PROBLEMS = 1
    CHILDREN_IN_CARE = 2
    ABOUT_THE_CHILDREN = 3
    CONCERNS_REMOVED = 4
    OTHER_PROFESSIONAL = 5

    @property
    def number(self) -> str:
        return "4b" if self is KindcheckQuestion.OTHER_PROFESSIONAL else str(int(self))

    @property
    def label(self) -> str:
        """The question as the worker reads it."""
        return _(_QUESTION_LABELS[self])


_QUESTION_LABELS = {
    KindcheckQuestion.PARENTAL_PROBLEMS: N_(
        "Heeft de cliënt problemen die kinderen ernstig kunnen schaden?"
    ),
    KindcheckQuestion.CHILDREN_IN_CARE: N_(
        "Zorgt de cliënt voor minderjarige kinderen, is de cliënt zwanger, of wonen er "
        "minderjarige broers of zussen in huis?"
    ),
    KindcheckQuestion.ABOUT_THE_CHILDREN: N_(
        "Over welke kinderen gaat het? Hoe oud zijn ze, waar wonen ze en wie zorgt er mee?"
    ),
    KindcheckQuestion.CONCERNS_REMOVED: N_(
        "Nemen de antwoorden de zorgen over de kinderen overtuigend weg?"
    ),
    KindcheckQuestion.OTHER_PROFESSIONAL: N_(
        "Is er een andere hulpverlener bij het gezin betrokken, en pakt die de zorgen over de "
        "kinderen op?"
    ),
}


class ParentalProblem(StrEnum):
    """A problem of the client that can seriously harm minor children."""

    PARTNER_VIOLENCE = "partner_violence"
    ADDICTION = "addiction"
    PSYCHIATRIC_PROBLEMS = "psychiatric_problems"
    INTELLECTUAL_DISABILITY = "intellectual_disability"
    THREATENED_EVICTION = "threatened_eviction"
    FIREARM = "firearm"

    @property
    def label(self) -> str:
        return _(_PROBLEM_LABELS[self])


_PROBLEM_LABELS = {
    ParentalProblem.PARTNER_VIOLENCE: N_("Partnergeweld"),
    ParentalProblem.ADDICTION: ADDICTION_LABEL,
    ParentalProblem.PSYCHIATRIC_PROBLEMS: PSYCHIATRIC_PROBLEMS_LABEL,
    ParentalProblem.INTELLECTUAL_DISABILITY: N_("Verstandelijke beperking"),
    ParentalProblem.THREATENED_EVICTION: N_("Dreigende uithuiszetting"),
    ParentalProblem.FIREARM: N_("Bezit van een vuurwapen"),
}


class ChildContact(StrEnum):
    """How the client is in contact with minor children (question 2)."""

    OWN_CHILDREN = "own_children"
    PARTNERS_CHILDREN = "partners_children"
    CHILDREN_WHERE_CLIENT_STAYS = "children_where_client_stays"
    PREGNANT = "pregnant"
    MINOR_SIBLINGS_AT_HOME = "minor_siblings_at_home"

    @property
    def label(self) -> str:
        return _(_CONTACT_LABELS[self])


_CONTACT_LABELS = {
    ChildContact.OWN_CHILDREN: N_("Zorgt voor eigen minderjarige kinderen"),
    ChildContact.PARTNERS_CHILDREN: N_("Zorgt voor minderjarige kinderen van de partner"),
    ChildContact.CHILDREN_WHERE_CLIENT_STAYS: N_(
        "Is vaak op een adres waar minderjarige kinderen wonen"
    ),
    ChildContact.PREGNANT: N_("Is zwanger"),
    ChildContact.MINOR_SIBLINGS_AT_HOME: N_("Woont met minderjarige broers of zussen (jongere)"),
}


class ChildResidence(StrEnum):
    """Where a child lives, seen from the client."""

    WITH_CLIENT = "with_client"
    PARTLY_WITH_CLIENT = "partly_with_client"
    ELSEWHERE = "elsewhere"

    @property
    def label(self) -> str:
        return _(_RESIDENCE_LABELS[self])


_RESIDENCE_LABELS = {
    ChildResidence.WITH_CLIENT: N_("Woont bij de cliënt"),
    ChildResidence.PARTLY_WITH_CLIENT: N_("Woont deels bij de cliënt"),
    ChildResidence.ELSEWHERE: N_("Woont ergens anders"),
}


class ConcernsAnswer(StrEnum):
    """Question 4: did the answers remove the concerns?"""

    REMOVED = "removed"
    DOUBT = "doubt"
    REMAIN = "remain"
    UNCLEAR = "unclear"

    @property
    def label(self) -> str:
        return _(_CONCERNS_LABELS[self])


_CONCERNS_LABELS = {
    ConcernsAnswer.REMOVED: N_("Ja, de zorgen zijn weg"),
    ConcernsAnswer.DOUBT: N_("Ik twijfel"),
    ConcernsAnswer.REMAIN: N_("Nee, de zorgen blijven"),
    ConcernsAnswer.UNCLEAR: N_("De cliënt antwoordt niet of niet duidelijk"),
}


class OtherProfessional(StrEnum):
    """Question 4b: is another professional involved, and do they take over?"""

    NONE = "none"
    TAKES_OVER = "takes_over"
    DOES_NOT_TAKE_OVER = "does_not_take_over"

    @property
    def label(self) -> str:
        return _(_OTHER_LABELS[self])


_OTHER_LABELS = {
    OtherProfessional.NONE: N_("Er is geen andere hulpverlener"),
    OtherProfessional.TAKES_OVER: N_("Een andere hulpverlener pakt de zorgen op"),
    OtherProfessional.DOES_NOT_TAKE_OVER: N_(
        "Een andere hulpverlener is betrokken, maar pakt de zorgen niet op"
    ),
}


class KindcheckTrigger(StrEnum):
    """Why the kindcheck was done (aanleiding)."""

    INTAKE = "intake"
    EVALUATION = "evaluation"
    MULTIDISCIPLINARY_MEETING = "multidisciplinary_meeting"
    NEW_WORRY = "new_worry"

    @property
    def label(self) -> str:
        return _(_TRIGGER_LABELS[self])


_TRIGGER_LABELS = {
    KindcheckTrigger.INTAKE: N_("Intake"),
    KindcheckTrigger.EVALUATION: N_("Evaluatie"),
    KindcheckTrigger.MULTIDISCIPLINARY_MEETING: N_("Multidisciplinair overleg"),
    KindcheckTrigger.NEW_WORRY: N_("Nieuwe zorgen"),
}


@dataclass(frozen=True)
class KindcheckChild:
    """One child the client cares for or lives with (question 3).

    ``age`` is ``None`` when the worker does not know it yet.
    """

    age: int | None
    residence: ChildResidence
    care_shared_with: str = ""
    contact: str = ""
    alone_with_client: bool | None = None


@dataclass(frozen=True)
class KindcheckAnswers:
    """The answers given so far. ``None`` means "not answered yet"; an empty
    set means "no" (no problems, no children)."""

    parental_problems: frozenset[ParentalProblem] | None = None
    child_contacts: frozenset[ChildContact] | None = None
    children: tuple[KindcheckChild, ...] = ()
    children_notice: str = ""
    care_and_safety: str = ""
    help_wanted: bool | None = None
    concerns: ConcernsAnswer | None = None
    other_professional: OtherProfessional | None = None
    other_professional_name: str = ""


class KindcheckOutcomeKind(StrEnum):
    """Where the kindcheck ends."""

    IN_PROGRESS = "in_progress"
    CLOSED_NO_PARENTAL_PROBLEMS = "closed_no_parental_problems"
    CLOSED_NO_CHILDREN = "closed_no_children"
    CLOSED_CONCERNS_REMOVED = "closed_concerns_removed"
    CONSULT = "consult"
    CONTINUE_MELDCODE = "continue_meldcode"
    HANDED_OVER = "handed_over"
    TELL_CLIENT_AND_CONTINUE = "tell_client_and_continue"

    @property
    def label(self) -> str:
        return _(_OUTCOME_LABELS[self])


_OUTCOME_LABELS = {
    KindcheckOutcomeKind.IN_PROGRESS: N_("Nog niet klaar"),
    KindcheckOutcomeKind.CLOSED_NO_PARENTAL_PROBLEMS: N_(
        "Afgesloten: geen problemen die kinderen kunnen schaden"
    ),
    KindcheckOutcomeKind.CLOSED_NO_CHILDREN: N_("Afgesloten: geen minderjarige kinderen"),
    KindcheckOutcomeKind.CLOSED_CONCERNS_REMOVED: N_("Afgesloten: de zorgen zijn weggenomen"),
    KindcheckOutcomeKind.CONSULT: N_("Twijfel: overleg met een collega of Veilig Thuis (stap 2)"),
    KindcheckOutcomeKind.CONTINUE_MELDCODE: N_("De zorgen blijven: ga verder met de meldcode"),
    KindcheckOutcomeKind.HANDED_OVER: N_("Overgedragen aan een andere hulpverlener"),
    KindcheckOutcomeKind.TELL_CLIENT_AND_CONTINUE: N_(
        "Vertel de cliënt dat je de stappen van de meldcode volgt"
    ),
}

_CLOSED = frozenset({
    KindcheckOutcomeKind.CLOSED_NO_PARENTAL_PROBLEMS,
    KindcheckOutcomeKind.CLOSED_NO_CHILDREN,
    KindcheckOutcomeKind.CLOSED_CONCERNS_REMOVED,
})
_CONTINUES = frozenset({
    KindcheckOutcomeKind.CONSULT,
    KindcheckOutcomeKind.CONTINUE_MELDCODE,
    KindcheckOutcomeKind.TELL_CLIENT_AND_CONTINUE,
})


@dataclass(frozen=True)
class KindcheckOutcome:
    """The result of the answers so far: ``kind``, the reasons in plain Dutch,
    and the next question while the check is in progress."""

    kind: KindcheckOutcomeKind
    reasons: tuple[str, ...]
    next_question: KindcheckQuestion | None = None

    @property
    def is_finished(self) -> bool:
        return self.kind is not KindcheckOutcomeKind.IN_PROGRESS

    @property
    def is_closed(self) -> bool:
        """No concern about the children remains for this worker."""
        return self.kind in _CLOSED

    @property
    def continues_meldcode(self) -> bool:
        """The concern stays with this worker, who goes on with the meldcode."""
        return self.kind in _CONTINUES

    @property
    def next_step(self) -> Step | None:
        return Step.CONSULT if self.continues_meldcode else None


# Reasons: what an answer means for the flow.
_R_PROBLEMS = N_("Vraag 1: de cliënt heeft problemen die kinderen kunnen schaden: {problems}.")
_R_NO_PROBLEMS = N_(
    "Vraag 1: de cliënt heeft geen problemen die kinderen kunnen schaden. "
    "Sluit de kindcheck af en leg dit vast."
)
_R_CHILDREN = N_("Vraag 2: {contacts}.")
_R_NO_CHILDREN = N_(
    "Vraag 2: de cliënt zorgt niet voor minderjarige kinderen, is niet zwanger en woont "
    "niet met minderjarige broers of zussen. Sluit de kindcheck af en leg dit vast."
)
_R_REMOVED = N_(
    "Vraag 4: de antwoorden nemen de zorgen overtuigend weg. Sluit de kindcheck af en "
    "leg dit vast."
)
_R_DOUBT = N_("Vraag 4: je twijfelt. Overleg met een collega of met Veilig Thuis (stap 2).")
_R_REMAIN = N_("Vraag 4: de zorgen blijven. Ga verder met de meldcode.")
_R_UNCLEAR = N_("Vraag 4: de cliënt antwoordt niet of niet duidelijk.")
_R_NO_OTHER = N_(
    "Er is geen andere hulpverlener. Vertel de cliënt dat je de stappen van de meldcode volgt."
)
_R_TAKES_OVER = N_(
    "Een andere hulpverlener ({name}) pakt de zorgen over de kinderen op. Leg deze overdracht vast."
)
_R_NOT_TAKEN_OVER = N_(
    "Een andere hulpverlener is betrokken, maar pakt de zorgen niet op. Volg de stappen "
    "van de meldcode."
)


def _skipped(question: KindcheckQuestion, earlier: KindcheckQuestion) -> KindcheckError:
    return KindcheckError(
        _("Vraag {question} is beantwoord, maar vraag {earlier} nog niet.").format(
            question=question.number, earlier=earlier.number
        ),
        field=_FIELDS[question],
    )


def _closed_by(question: KindcheckQuestion, earlier: KindcheckQuestion) -> KindcheckError:
    return KindcheckError(
        _("Vraag {question} hoort niet bij deze kindcheck: na het antwoord op vraag "
          "{earlier} is de kindcheck klaar.").format(
            question=question.number, earlier=earlier.number
        ),
        field=_FIELDS[question],
    )


_FIELDS = {
    KindcheckQuestion.PARENTAL_PROBLEMS: "parental_problems",
    KindcheckQuestion.CHILDREN_IN_CARE: "child_contacts",
    KindcheckQuestion.ABOUT_THE_CHILDREN: "children",
    KindcheckQuestion.CONCERNS_REMOVED: "concerns",
    KindcheckQuestion.OTHER_PROFESSIONAL: "other_professional",
}


def _answered_after(
    answers: KindcheckAnswers, question: KindcheckQuestion
) -> KindcheckQuestion | None:
    """The first question after ``question`` that has an answer."""
    given = {
        KindcheckQuestion.PARENTAL_PROBLEMS: answers.parental_problems is not None,
        KindcheckQuestion.CHILDREN_IN_CARE: answers.child_contacts is not None,
        KindcheckQuestion.ABOUT_THE_CHILDREN: bool(
            answers.children or answers.children_notice.strip()
            or answers.care_and_safety.strip() or answers.help_wanted is not None
        ),
        KindcheckQuestion.CONCERNS_REMOVED: answers.concerns is not None,
        KindcheckQuestion.OTHER_PROFESSIONAL: (
            answers.other_professional is not None or bool(answers.other_professional_name.strip())
        ),
    }
    return next((q for q in KindcheckQuestion if q > question and given[q]), None)


def _labels(items: Iterable[ParentalProblem | ChildContact]) -> str:
    # In the order of the questionnaire, so the same answers give the same text.
    chosen = set(items)
    ordered = [m for enum in (ParentalProblem, ChildContact) for m in enum if m in chosen]
    return ", ".join(item.label.lower() for item in ordered)


def _check_children(children: tuple[KindcheckChild, ...]) -> None:
    for child in children:
        if child.age is not None and not 0 <= child.age <= MAX_CHILD_AGE:
            raise KindcheckError(
                ngettext("Vraag 3: een minderjarig kind is 0 tot en met {n} jaar oud.",
                         "Vraag 3: een minderjarig kind is 0 tot en met {n} jaar oud.",
                         MAX_CHILD_AGE).format(n=MAX_CHILD_AGE),
                field="children",
            )
        check_text(child.care_shared_with, field="children", label=N_("Wie zorgt er mee"),
                   required=False, max_length=MAX_SHORT_TEXT_LENGTH, error=KindcheckError)
        check_text(child.contact, field="children", label=N_("Contact met de cliënt"),
                   required=False, max_length=MAX_SHORT_TEXT_LENGTH, error=KindcheckError)


def kindcheck_outcome(answers: KindcheckAnswers) -> KindcheckOutcome:
    """Where the kindcheck stands after ``answers``.

    Raises ``KindcheckError`` (a ``ValidationError``) naming the question when
    an answer skips an earlier question or belongs to a closed branch.
    """
    q = KindcheckQuestion
    kind = KindcheckOutcomeKind
    reasons: list[str] = []

    def stop_or_wait(current: KindcheckQuestion, *, closed: bool) -> None:
        later = _answered_after(answers, current)
        if later is not None:
            raise _closed_by(later, current) if closed else _skipped(later, current)

    # Question 1: parental problems.
    if answers.parental_problems is None:
        stop_or_wait(q.PARENTAL_PROBLEMS, closed=False)
        return KindcheckOutcome(kind.IN_PROGRESS, (), q.PARENTAL_PROBLEMS)
    if not answers.parental_problems:
        stop_or_wait(q.PARENTAL_PROBLEMS, closed=True)
        return KindcheckOutcome(kind.CLOSED_NO_PARENTAL_PROBLEMS, (_(_R_NO_PROBLEMS),))
    reasons.append(_(_R_PROBLEMS).format(problems=_labels(answers.parental_problems)))

    # Question 2: children in the client's care, pregnancy, minor siblings.
    if answers.child_contacts is None:
        stop_or_wait(q.CHILDREN_IN_CARE, closed=False)
        return KindcheckOutcome(kind.IN_PROGRESS, tuple(reasons), q.CHILDREN_IN_CARE)
    if not answers.child_contacts:
        stop_or_wait(q.CHILDREN_IN_CARE, closed=True)
        reasons.append(_(_R_NO_CHILDREN))
        return KindcheckOutcome(kind.CLOSED_NO_CHILDREN, tuple(reasons))
    reasons.append(_(_R_CHILDREN).format(contacts=_labels(answers.child_contacts)))

    # Question 3: the children. Only an unborn child needs no entry.
    _check_children(answers.children)
    needs_children = answers.child_contacts != {ChildContact.PREGNANT}
    if needs_children and not answers.children:
        later = _answered_after(answers, q.ABOUT_THE_CHILDREN)
        if later is not None:
            raise KindcheckError(
                _("Vraag {question} is beantwoord, maar bij vraag 3 staan nog geen "
                  "kinderen.").format(question=later.number),
                field=_FIELDS[later],
            )
        return KindcheckOutcome(kind.IN_PROGRESS, tuple(reasons), q.ABOUT_THE_CHILDREN)
    if answers.children:
        count = len(answers.children)
        reasons.append(
            ngettext("Vraag 3: het gaat om {n} kind.", "Vraag 3: het gaat om {n} kinderen.",
                     count).format(n=count)
        )

    # Question 4: were the concerns removed?
    if answers.concerns is None:
        stop_or_wait(q.CONCERNS_REMOVED, closed=False)
        return KindcheckOutcome(kind.IN_PROGRESS, tuple(reasons), q.CONCERNS_REMOVED)
    if answers.concerns is not ConcernsAnswer.UNCLEAR:
        if _answered_after(answers, q.CONCERNS_REMOVED) is not None:
            raise KindcheckError(
                _("Vraag 4b hoort alleen bij een onduidelijk antwoord op vraag 4."),
                field=_FIELDS[q.OTHER_PROFESSIONAL],
            )
        reason, result = {
            ConcernsAnswer.REMOVED: (_R_REMOVED, kind.CLOSED_CONCERNS_REMOVED),
            ConcernsAnswer.DOUBT: (_R_DOUBT, kind.CONSULT),
            ConcernsAnswer.REMAIN: (_R_REMAIN, kind.CONTINUE_MELDCODE),
        }[answers.concerns]
        reasons.append(_(reason))
        return KindcheckOutcome(result, tuple(reasons))
    reasons.append(_(_R_UNCLEAR))

    # Question 4b: another professional.
    name = answers.other_professional_name
    check_text(name, field="other_professional_name", label=N_("Andere hulpverlener"),
               required=answers.other_professional is OtherProfessional.TAKES_OVER,
               max_length=MAX_SHORT_TEXT_LENGTH,
               missing=_("Vraag 4b: vul in welke hulpverlener de zorgen oppakt."),
               error=KindcheckError)
    if answers.other_professional is None:
        return KindcheckOutcome(kind.IN_PROGRESS, tuple(reasons), q.OTHER_PROFESSIONAL)
    if answers.other_professional is OtherProfessional.NONE:
        if name.strip():
            raise KindcheckError(
                _("Vraag 4b: er is geen andere hulpverlener, dus vul geen naam in."),
                field="other_professional_name",
            )
        reasons.append(_(_R_NO_OTHER))
        return KindcheckOutcome(kind.TELL_CLIENT_AND_CONTINUE, tuple(reasons))
    if answers.other_professional is OtherProfessional.TAKES_OVER:
        reasons.append(_(_R_TAKES_OVER).format(name=name.strip()))
        return KindcheckOutcome(kind.HANDED_OVER, tuple(reasons))
    reasons.append(_(_R_NOT_TAKEN_OVER))
    return KindcheckOutcome(kind.CONTINUE_MELDCODE, tuple(reasons))


@dataclass(frozen=True)
class KindcheckRun:
    """One run of the kindcheck: a snapshot, kept with all earlier runs."""

    id: str
    checked_on: date
    trigger: KindcheckTrigger
    answers: KindcheckAnswers
    notes: str = ""
    #: The parent or adult client the check is about (a person of the case).
    client_id: str | None = None
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added

    @property
    def outcome(self) -> KindcheckOutcome:
        return kindcheck_outcome(self.answers)


def validate_kindcheck_run(run: KindcheckRun, today: date) -> None:
    """A run is recorded only when it is finished and dated today or earlier."""
    check_not_future_date(run.checked_on, today, field="checked_on",
                          message=_("De datum van de kindcheck ligt in de toekomst."))
    check_text(run.notes, field="notes", label=NOTES_LABEL, required=False)
    check_text(run.answers.children_notice, field="children_notice",
               label=N_("Wat merken de kinderen?"), required=False)
    check_text(run.answers.care_and_safety, field="care_and_safety",
               label=N_("Lukt het de cliënt om genoeg zorg en veiligheid te geven?"),
               required=False)
    outcome = run.outcome
    if outcome.next_question is not None:
        raise KindcheckError(
            _("De kindcheck is nog niet klaar: beantwoord vraag {n}.").format(
                n=outcome.next_question.number
            ),
            field=_FIELDS[outcome.next_question],
        )


def latest_run(runs: Iterable[KindcheckRun]) -> KindcheckRun | None:
    """The most recent run; of runs on one day, the last in the list."""
    latest: KindcheckRun | None = None
    for run in runs:
        if latest is None or run.checked_on >= latest.checked_on:
            latest = run
    return latest
