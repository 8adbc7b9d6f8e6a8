"""The afwegingskader (2019): five weighings (afwegingen) and three reporting
norms (meldnormen), spanning step 4 (wegen) and step 5 (beslissen).

``weigh`` is the whole table of meldcode.md as one pure function. It takes
the answers given so far and returns what follows from them: close, offer
help, report, or close the help with follow-up agreements; which reporting
norm applies; whether weighings 3 to 5 are made together with Veilig Thuis;
and which weighing comes next. Answers that skip a weighing or belong to a
branch an earlier "no" closed are rejected, naming the weighing.

Choices where the reference is silent (see also ``WeighingOutcome``):

- After weighing 2 = yes the report is due at once (norm 1); weighings 3 to
  5 are still answered, together with Veilig Thuis. A later "no" on 3 or 4
  then adds no new report: the report under norm 1 stands. A "no" on 5 is a
  new report (norm 3), as the table says "report (again)".
- Weighing 5 is answered later, after the help has had its term; an answer
  set that stops after 4 = yes is a complete outcome (offer help), with
  weighing 5 pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from app.errors import ValidationError
from app.i18n import N_, _
from app.meldcode._checks import (
    MAX_SHORT_TEXT_LENGTH,
    check_not_future_date,
    check_text,
)
from app.meldcode.extras import ExtraAnswer
from app.meldcode.vocabulary import RiskInstrument


class WeighingError(ValidationError):
    """Weighing answers that skip a weighing or contradict an earlier one."""


class WeighingQuestion(IntEnum):
    """Afweging 1 to 5."""

    SUSPICION = 1
    UNSAFETY = 2
    HELP_POSSIBLE = 3
    HELP_ACCEPTED = 4
    HELP_EFFECTIVE = 5

    @property
    def label(self) -> str:
        """The question as the worker reads it."""
        return _(_QUESTION_TEXTS[self][0])

    @property
    def help(self) -> str:
        return _(_QUESTION_TEXTS[self][1])

    @property
    def title(self) -> str:
        return _("Afweging {n}").format(n=int(self))


_QUESTION_TEXTS = {
    WeighingQuestion.SUSPICION: (
        N_("Is er op basis van stap 1 tot en met 3 een vermoeden van (dreiging van) "
           "huiselijk geweld of kindermishandeling?"),
        N_("Kijk naar de signalen, de consultaties en het gesprek met de cliënt."),
    ),
    WeighingQuestion.UNSAFETY: (
        N_("Is er acute onveiligheid en/of structurele onveiligheid?"),
        N_("Is het antwoord op een van beide ja? Dan meld je bij Veilig Thuis. "
           "Afweging 3 tot en met 5 maak je dan samen met Veilig Thuis."),
    ),
    WeighingQuestion.HELP_POSSIBLE: (
        N_("Kun je passende hulp bieden of organiseren om (nieuw) geweld te voorkomen?"),
        N_("Denk aan wat jij en je organisatie kunnen, en waar je grenzen liggen."),
    ),
    WeighingQuestion.HELP_ACCEPTED: (
        N_("Accepteren de betrokkenen die hulp en werken ze mee?"),
        N_("Spreken ze af wat ze gaan doen, en doen ze dat ook?"),
    ),
    WeighingQuestion.HELP_EFFECTIVE: (
        N_("Leidt de hulp binnen de afgesproken tijd tot de nodige veiligheid en het "
           "herstel van alle betrokkenen?"),
        N_("Deze vraag beantwoord je later, als de hulp een tijd loopt."),
    ),
}

ACUTE_UNSAFETY_LABEL = N_("Is er acute onveiligheid?")
ACUTE_UNSAFETY_HELP = N_(
    "Iemand is nu in direct gevaar. De veiligheid voor de komende uren of dagen is niet "
    "zeker. Bijvoorbeeld: letsel, wurgen, een wapen, een bedreiging met de dood, een "
    "kind zonder basiszorg. Vertelt iemand over ernstig geweld? Ook dat is acute "
    "onveiligheid."
)
STRUCTURAL_UNSAFETY_LABEL = N_("Is er structurele onveiligheid?")
STRUCTURAL_UNSAFETY_HELP = N_(
    "Het is steeds opnieuw of al lang onveilig. Bijvoorbeeld: de problemen van de ouders "
    "maken het kind steeds weer onveilig, een kind ziet steeds huiselijk geweld, of "
    "stalking die al lang duurt."
)


class ReportingNorm(IntEnum):
    """Meldnorm 1 to 3."""

    UNSAFETY = 1
    NO_SUFFICIENT_HELP = 2
    HELP_FAILS = 3

    @property
    def label(self) -> str:
        return _(_NORM_LABELS[self])


_NORM_LABELS = {
    ReportingNorm.UNSAFETY: N_(
        "Meldnorm 1: meld altijd bij acute en/of structurele onveiligheid."
    ),
    ReportingNorm.NO_SUFFICIENT_HELP: N_(
        "Meldnorm 2: meld als je geen passende hulp kunt bieden of organiseren."
    ),
    ReportingNorm.HELP_FAILS: N_(
        "Meldnorm 3: meld als de hulp niet wordt geaccepteerd of niet leidt tot blijvende "
        "veiligheid."
    ),
}


class WeighingOutcomeKind(StrEnum):
    """What follows from the weighings."""

    INCOMPLETE = "incomplete"
    CLOSE = "close"
    OFFER_HELP = "offer_help"
    REPORT = "report"
    CLOSE_HELP_WITH_FOLLOW_UP = "close_help_with_follow_up"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    WeighingOutcomeKind.INCOMPLETE: N_("De afweging is nog niet klaar"),
    WeighingOutcomeKind.CLOSE: N_("Afsluiten"),
    WeighingOutcomeKind.OFFER_HELP: N_("Hulp bieden of organiseren"),
    WeighingOutcomeKind.REPORT: N_("Melden bij Veilig Thuis"),
    WeighingOutcomeKind.CLOSE_HELP_WITH_FOLLOW_UP: N_(
        "Hulp afsluiten, met afspraken over het volgen van de veiligheid"
    ),
}


@dataclass(frozen=True)
class WeighingAnswers:
    """Answers to the five weighings; ``None`` is "not answered yet".

    Weighing 2 has two inputs, acute and structural unsafety: both are
    answered together, and weighing 2 is "yes" when either is.
    """

    suspicion: bool | None = None
    acute_unsafety: bool | None = None
    structural_unsafety: bool | None = None
    help_possible: bool | None = None
    help_accepted: bool | None = None
    help_effective: bool | None = None

    def answer(self, question: WeighingQuestion) -> bool | None:
        """The yes/no answer to one weighing (weighing 2: acute or structural)."""
        if question is WeighingQuestion.UNSAFETY:
            if self.acute_unsafety is None or self.structural_unsafety is None:
                return None
            return self.acute_unsafety or self.structural_unsafety
        return {
            WeighingQuestion.SUSPICION: self.suspicion,
            WeighingQuestion.HELP_POSSIBLE: self.help_possible,
            WeighingQuestion.HELP_ACCEPTED: self.help_accepted,
            WeighingQuestion.HELP_EFFECTIVE: self.help_effective,
        }[question]

    def is_answered(self, question: WeighingQuestion) -> bool:
        """Whether anything is filled in for this weighing (even half of 2)."""
        if question is WeighingQuestion.UNSAFETY:
            return self.acute_unsafety is not None or self.structural_unsafety is not None
        return self.answer(question) is not None


@dataclass(frozen=True)
class WeighingOutcome:
    """What follows from the answers.

    - ``kind``: the action that follows now.
    - ``reporting_norm``: the norm of the report this weighing calls for, also
      after it has been made (it stays 1 through weighings 3 to 5 made with
      Veilig Thuis); ``None`` when no report is called for.
    - ``with_veilig_thuis``: weighing 2 was "yes"; weighings 3 to 5 are made
      together with Veilig Thuis.
    - ``next_weighing``: the weighing to answer next, if any;
      ``next_after_follow_up`` says it is weighing 5, which comes only after
      the help has had its term.
    - ``urgent``: acute unsafety; contact Veilig Thuis or the police at once.
    """

    kind: WeighingOutcomeKind
    reasons: tuple[str, ...]
    reporting_norm: ReportingNorm | None = None
    with_veilig_thuis: bool = False
    next_weighing: WeighingQuestion | None = None
    next_after_follow_up: bool = False
    urgent: bool = False

    @property
    def is_complete(self) -> bool:
        """A decision (step 5) can follow from this outcome."""
        return self.kind is not WeighingOutcomeKind.INCOMPLETE

    @property
    def calls_for_report(self) -> bool:
        """A report to Veilig Thuis belongs to this outcome: to make now
        (``kind`` is ``REPORT``) or already made after weighing 2."""
        return self.reporting_norm is not None


_FIELDS = {
    WeighingQuestion.SUSPICION: "suspicion",
    WeighingQuestion.UNSAFETY: "acute_unsafety",
    WeighingQuestion.HELP_POSSIBLE: "help_possible",
    WeighingQuestion.HELP_ACCEPTED: "help_accepted",
    WeighingQuestion.HELP_EFFECTIVE: "help_effective",
}

# After "no" on these weighings the afwegingskader stops (close or report).
_STOPS_ON_NO = (WeighingQuestion.SUSPICION, WeighingQuestion.HELP_POSSIBLE,
                WeighingQuestion.HELP_ACCEPTED)

_R1_NO = N_("Afweging 1: er is geen vermoeden van huiselijk geweld of kindermishandeling.")
_R1_YES = N_("Afweging 1: er is een vermoeden van (dreiging van) huiselijk geweld of "
             "kindermishandeling.")
_R2_ACUTE = N_("Afweging 2: er is acute onveiligheid.")
_R2_STRUCTURAL = N_("Afweging 2: er is structurele onveiligheid.")
_R2_NO = N_("Afweging 2: er is geen acute en geen structurele onveiligheid.")
_R3_YES = N_("Afweging 3: je kunt passende hulp bieden of organiseren.")
_R3_NO = N_("Afweging 3: je kunt geen passende hulp bieden of organiseren.")
_R4_YES = N_("Afweging 4: de betrokkenen accepteren de hulp en werken mee.")
_R4_NO = N_("Afweging 4: de betrokkenen accepteren de hulp niet of werken niet mee.")
_R5_YES = N_("Afweging 5: de hulp leidt tot de nodige veiligheid en het nodige herstel.")
_R5_NO = N_("Afweging 5: de hulp leidt niet tot de nodige veiligheid en het nodige herstel.")

_DO_CLOSE = N_("Sluit af en leg dit vast in de casus.")
_DO_REPORT = N_("Meld bij Veilig Thuis.")
_DO_REPORT_AGAIN = N_("Meld opnieuw bij Veilig Thuis.")
_DO_URGENT = N_("Er is acute onveiligheid: neem meteen contact op met Veilig Thuis of de "
                "politie.")
_DO_WITH_VT = N_("Maak afweging 3 tot en met 5 samen met Veilig Thuis.")
_DO_REPORT_STANDS = N_("De melding bij Veilig Thuis blijft staan. Bespreek de volgende "
                       "stappen met Veilig Thuis.")
_DO_OFFER_HELP = N_("Bied of organiseer de hulp. Spreek af wanneer je afweging 5 maakt, en "
                    "wie de betrokkenen bellen als het misgaat.")
_DO_CLOSE_HELP = N_("Sluit de hulp af. Maak met de betrokkenen en de samenwerkingspartners "
                    "afspraken over het volgen van de veiligheid.")


def _check_consistency(answers: WeighingAnswers) -> None:
    q = WeighingQuestion
    for question in q:
        if not answers.is_answered(question):
            continue
        for earlier in (e for e in _STOPS_ON_NO if e < question):
            if answers.answer(earlier) is False:
                raise WeighingError(
                    _("Afweging {n} hoort hier niet bij: na ‘nee’ bij afweging {earlier} "
                      "stopt de afweging.").format(n=int(question), earlier=int(earlier)),
                    field=_FIELDS[question],
                )
        if question > q.SUSPICION and not answers.is_answered(q(question - 1)):
            raise WeighingError(
                _("Afweging {n} is beantwoord, maar afweging {previous} nog niet.").format(
                    n=int(question), previous=int(question) - 1
                ),
                field=_FIELDS[question],
            )
        if question is q.UNSAFETY and answers.answer(q.UNSAFETY) is None:
            missing = "acute_unsafety" if answers.acute_unsafety is None else "structural_unsafety"
            raise WeighingError(
                _("Afweging 2: beantwoord zowel de vraag over acute onveiligheid als de vraag "
                  "over structurele onveiligheid."),
                field=missing,
            )


def weigh(answers: WeighingAnswers) -> WeighingOutcome:
    """Apply the afwegingskader to ``answers``.

    Raises ``WeighingError`` (a ``ValidationError``) naming the weighing when
    an answer skips a weighing or follows an earlier "no" that ends it.
    """
    _check_consistency(answers)
    q = WeighingQuestion
    kind = WeighingOutcomeKind
    reasons: list[str] = []

    def done(outcome_kind: WeighingOutcomeKind, norm: ReportingNorm | None = None,
             next_weighing: WeighingQuestion | None = None, later: bool = False
             ) -> WeighingOutcome:
        return WeighingOutcome(outcome_kind, tuple(reasons), norm, False, next_weighing, later,
                               False)

    # Weighing 1: is there a suspicion?
    if answers.suspicion is None:
        return done(kind.INCOMPLETE, next_weighing=q.SUSPICION)
    if not answers.suspicion:
        reasons += [_(_R1_NO), _(_DO_CLOSE)]
        return done(kind.CLOSE)
    reasons.append(_(_R1_YES))

    # Weighing 2: acute and/or structural unsafety?
    unsafe = answers.answer(q.UNSAFETY)
    if unsafe is None:
        return done(kind.INCOMPLETE, next_weighing=q.UNSAFETY)
    if unsafe:
        urgent = bool(answers.acute_unsafety)
        if answers.acute_unsafety:
            reasons.append(_(_R2_ACUTE))
        if answers.structural_unsafety:
            reasons.append(_(_R2_STRUCTURAL))
        reasons += [_(_DO_REPORT), ReportingNorm.UNSAFETY.label]
        if urgent:
            reasons.append(_(_DO_URGENT))
        reasons.append(_(_DO_WITH_VT))
        return _weigh_with_veilig_thuis(answers, reasons, urgent)
    reasons.append(_(_R2_NO))

    # Weighings 3 to 5 by the worker alone.
    if answers.help_possible is None:
        return done(kind.INCOMPLETE, next_weighing=q.HELP_POSSIBLE)
    if not answers.help_possible:
        reasons += [_(_R3_NO), _(_DO_REPORT), ReportingNorm.NO_SUFFICIENT_HELP.label]
        return done(kind.REPORT, norm=ReportingNorm.NO_SUFFICIENT_HELP)
    reasons.append(_(_R3_YES))
    if answers.help_accepted is None:
        return done(kind.INCOMPLETE, next_weighing=q.HELP_ACCEPTED)
    if not answers.help_accepted:
        reasons += [_(_R4_NO), _(_DO_REPORT), ReportingNorm.HELP_FAILS.label]
        return done(kind.REPORT, norm=ReportingNorm.HELP_FAILS)
    reasons.append(_(_R4_YES))
    if answers.help_effective is None:
        reasons.append(_(_DO_OFFER_HELP))
        return done(kind.OFFER_HELP, next_weighing=q.HELP_EFFECTIVE, later=True)
    if not answers.help_effective:
        reasons += [_(_R5_NO), _(_DO_REPORT), ReportingNorm.HELP_FAILS.label]
        return done(kind.REPORT, norm=ReportingNorm.HELP_FAILS)
    reasons += [_(_R5_YES), _(_DO_CLOSE_HELP)]
    return done(kind.CLOSE_HELP_WITH_FOLLOW_UP)


def _weigh_with_veilig_thuis(
    answers: WeighingAnswers, reasons: list[str], urgent: bool
) -> WeighingOutcome:
    """Weighings 3 to 5 after weighing 2 = yes: the report is due (norm 1),
    and the rest is weighed together with Veilig Thuis."""
    q = WeighingQuestion
    kind = WeighingOutcomeKind
    norm = ReportingNorm.UNSAFETY

    def done(outcome_kind: WeighingOutcomeKind, norm: ReportingNorm = norm,
             next_weighing: WeighingQuestion | None = None, later: bool = False
             ) -> WeighingOutcome:
        return WeighingOutcome(outcome_kind, tuple(reasons), norm, True, next_weighing, later,
                               urgent)

    if answers.help_possible is None:
        return done(kind.REPORT, next_weighing=q.HELP_POSSIBLE)
    if not answers.help_possible:
        reasons += [_(_R3_NO), _(_DO_REPORT_STANDS)]
        return done(kind.REPORT)
    reasons.append(_(_R3_YES))
    if answers.help_accepted is None:
        return done(kind.REPORT, next_weighing=q.HELP_ACCEPTED)
    if not answers.help_accepted:
        reasons += [_(_R4_NO), _(_DO_REPORT_STANDS)]
        return done(kind.REPORT)
    reasons += [_(_R4_YES), _(_DO_OFFER_HELP)]
    if answers.help_effective is None:
        return done(kind.OFFER_HELP, next_weighing=q.HELP_EFFECTIVE, later=True)
    if not answers.help_effective:
        reasons += [_(_R5_NO), _(_DO_REPORT_AGAIN), ReportingNorm.HELP_FAILS.label]
        return done(kind.REPORT, norm=ReportingNorm.HELP_FAILS)
    reasons += [_(_R5_YES), _(_DO_CLOSE_HELP)]
    return done(kind.CLOSE_HELP_WITH_FOLLOW_UP)


@dataclass(frozen=True)
class Weighing:
    """Afweging (step 4): the answers, the reasoning behind them, and any risk
    instrument that supported them. Weighing 5 is usually a later record."""

    id: str
    weighed_on: date
    answers: WeighingAnswers
    reasoning: str
    instrument: RiskInstrument | None = None
    instrument_name: str = ""
    instrument_result: str = ""
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added

    @property
    def outcome(self) -> WeighingOutcome:
        return weigh(self.answers)


def validate_weighing(weighing: Weighing, today: date) -> None:
    """Raise ``ValidationError`` when the record breaks a rule of step 4."""
    check_not_future_date(weighing.weighed_on, today, field="weighed_on",
                          message=_("De datum van de afweging ligt in de toekomst."))
    # A half-finished weighing may be saved (step 5 waits for it to be
    # complete), but an empty one says nothing.
    if weighing.outcome.next_weighing is WeighingQuestion.SUSPICION:  # also checks consistency
        raise WeighingError(_("Beantwoord ten minste afweging 1."), field="suspicion")
    check_text(weighing.reasoning, field="reasoning", label=N_("Onderbouwing"), required=True,
               missing=_("Schrijf op waarom je tot deze afweging komt."))
    check_text(weighing.instrument_name, field="instrument_name", label=N_("Naam instrument"),
               required=weighing.instrument is RiskInstrument.OTHER,
               max_length=MAX_SHORT_TEXT_LENGTH,
               missing=_("Vul in welk risico-instrument je gebruikte."))
    if weighing.instrument is None and (weighing.instrument_name.strip()
                                        or weighing.instrument_result.strip()):
        raise ValidationError(
            _("Kies eerst welk risico-instrument je gebruikte."), field="instrument"
        )
    check_text(weighing.instrument_result, field="instrument_result",
               label=N_("Uitkomst van het instrument"), required=False)
