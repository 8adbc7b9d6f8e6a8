"""What the records point to for weighing 2: acute or structural unsafety.

``unsafety_indications`` reads a case's recorded facts — signal markers and
forms, the risk profile's duration and police involvement, the kindcheck's
parental problems — and returns each indication the domain reference
(``meldcode.md``: acute onveiligheid, structurele onveiligheid) names. It
supports the weighing; it never replaces it: the worker answers weighing 2,
and the free text of the records can say more than these markers.

Acute unsafety (someone is in direct danger now):
- a signal marked "someone is now in direct danger" (inflicted injury,
  strangulation, a weapon, disclosure of serious violence, absence of basic
  care: the worker marks what the facts say);
- the acute path was taken;
- a form that the reference lists as acute: human trafficking, the threat of
  forced marriage or female genital mutilation;
- violence against, or substance use by, a pregnant woman.

Structural unsafety (a pattern that repeats or continues):
- problems of a parent or carer (addiction, psychiatric problems, an
  intellectual disability) while the unsafety has lasted half a year or more;
- a child who systematically witnesses partner violence: witnessing that has
  gone on for a month or more, or is recorded in two or more signals;
- stalking that has lasted half a year or more;
- violence the police were involved in that has lasted half a year or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.i18n import N_, _
from app.meldcode.kindcheck import ParentalProblem, latest_run
from app.meldcode.progress import MeldcodeRecords
from app.meldcode.vocabulary import PoliceInvolvement, RiskFactor, ViolenceDuration, ViolenceForm


class UnsafetyIndication(StrEnum):
    """One fact in the records that points to acute or structural unsafety."""

    ACUTE_SIGNAL = "acute_signal"
    ACUTE_PATH = "acute_path"
    ACUTE_FORM = "acute_form"
    PREGNANCY_AT_RISK = "pregnancy_at_risk"
    PARENTAL_PROBLEMS_OVER_TIME = "parental_problems_over_time"
    SYSTEMATIC_WITNESSING = "systematic_witnessing"
    LASTING_STALKING = "lasting_stalking"
    LASTING_VIOLENCE_WITH_POLICE = "lasting_violence_with_police"

    @property
    def is_acute(self) -> bool:
        return self in _ACUTE

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_ACUTE = frozenset({
    UnsafetyIndication.ACUTE_SIGNAL, UnsafetyIndication.ACUTE_PATH,
    UnsafetyIndication.ACUTE_FORM, UnsafetyIndication.PREGNANCY_AT_RISK,
})

_LABELS = {
    UnsafetyIndication.ACUTE_SIGNAL: N_("Bij een signaal staat dat iemand nu in direct gevaar is."),
    UnsafetyIndication.ACUTE_PATH: N_("Er is al contact geweest met Veilig Thuis of de politie "
                                      "omdat iemand in direct gevaar was."),
    UnsafetyIndication.ACUTE_FORM: N_("Een signaal wijst op mensenhandel, huwelijksdwang of "
                                      "vrouwelijke genitale verminking."),
    UnsafetyIndication.PREGNANCY_AT_RISK: N_("Er is geweld of middelengebruik terwijl iemand "
                                             "zwanger is."),
    UnsafetyIndication.PARENTAL_PROBLEMS_OVER_TIME: N_(
        "Een ouder of verzorger heeft problemen (verslaving, psychische problemen of een "
        "verstandelijke beperking) en het is al een half jaar of langer onveilig."),
    UnsafetyIndication.SYSTEMATIC_WITNESSING: N_(
        "Een kind ziet of hoort steeds opnieuw geweld tussen de ouders."),
    UnsafetyIndication.LASTING_STALKING: N_("De stalking duurt al een half jaar of langer."),
    UnsafetyIndication.LASTING_VIOLENCE_WITH_POLICE: N_(
        "Het geweld duurt al een half jaar of langer en de politie is erbij geweest."),
}

# Forms the reference lists among its examples of acute unsafety.
ACUTE_FORMS = frozenset({
    ViolenceForm.HUMAN_TRAFFICKING, ViolenceForm.FORCED_MARRIAGE,
    ViolenceForm.FEMALE_GENITAL_MUTILATION,
})
# Problems of a parent or carer that, continuing, make a child or a
# dependent adult structurally unsafe.
_LASTING_PROBLEM_RISKS = frozenset({
    RiskFactor.ADDICTION, RiskFactor.PSYCHIATRIC_PROBLEMS,
    RiskFactor.MILD_INTELLECTUAL_DISABILITY,
})
_LASTING_PROBLEM_KINDCHECK = frozenset({
    ParentalProblem.ADDICTION, ParentalProblem.PSYCHIATRIC_PROBLEMS,
    ParentalProblem.INTELLECTUAL_DISABILITY,
})
_VIOLENCE_AGAINST_A_PREGNANT_WOMAN = frozenset({
    ViolenceForm.PARTNER_VIOLENCE, ViolenceForm.PHYSICAL_ABUSE,
})
_DURATIONS = tuple(ViolenceDuration)
_HALF_A_YEAR = _DURATIONS.index(ViolenceDuration.SIX_MONTHS_TO_ONE_YEAR)
_A_MONTH = _DURATIONS.index(ViolenceDuration.ONE_TO_SIX_MONTHS)


@dataclass(frozen=True)
class UnsafetyIndications:
    """The indications found, acute and structural apart, in the order of
    :class:`UnsafetyIndication`."""

    acute: tuple[UnsafetyIndication, ...] = ()
    structural: tuple[UnsafetyIndication, ...] = ()

    @property
    def points_to_acute(self) -> bool:
        return bool(self.acute)

    @property
    def points_to_structural(self) -> bool:
        return bool(self.structural)


def unsafety_indications(records: MeldcodeRecords) -> UnsafetyIndications:
    """What the records point to for weighing 2 (afweging 2), following the
    examples of acute and structural unsafety in the domain reference.

    Only the current version of each signal counts, and only the newest risk
    profile and kindcheck run (they replace the older ones)."""
    signals = [history.current for history in records.signals]
    forms = records.forms
    profile = max(records.risk_profiles, key=lambda p: p.recorded_on, default=None)
    risks = profile.risk_factors if profile else frozenset()
    police = (profile.police or frozenset()) - {PoliceInvolvement.NONE} if profile else frozenset()
    duration = (_DURATIONS.index(profile.duration)
                if profile and profile.duration is not None else -1)
    run = latest_run(records.kindcheck_runs)
    problems = (run.answers.parental_problems or frozenset()) if run else frozenset()

    found: set[UnsafetyIndication] = set()
    i = UnsafetyIndication
    if any(signal.acute_indication for signal in signals):
        found.add(i.ACUTE_SIGNAL)
    if records.acute_paths:
        found.add(i.ACUTE_PATH)
    if forms & ACUTE_FORMS:
        found.add(i.ACUTE_FORM)
    if RiskFactor.PREGNANCY in risks and (forms & _VIOLENCE_AGAINST_A_PREGNANT_WOMAN
                                         or RiskFactor.ADDICTION in risks):
        found.add(i.PREGNANCY_AT_RISK)
    if (risks & _LASTING_PROBLEM_RISKS or problems & _LASTING_PROBLEM_KINDCHECK) and \
            duration >= _HALF_A_YEAR:
        found.add(i.PARENTAL_PROBLEMS_OVER_TIME)
    witnessed = [s for s in signals if ViolenceForm.WITNESSING_PARTNER_VIOLENCE in s.forms]
    if witnessed and (duration >= _A_MONTH or len(witnessed) >= 2):
        found.add(i.SYSTEMATIC_WITNESSING)
    if ViolenceForm.STALKING in forms and duration >= _HALF_A_YEAR:
        found.add(i.LASTING_STALKING)
    if police and duration >= _HALF_A_YEAR:
        found.add(i.LASTING_VIOLENCE_WITH_POLICE)
    ordered = [indication for indication in i if indication in found]
    return UnsafetyIndications(tuple(x for x in ordered if x.is_acute),
                               tuple(x for x in ordered if not x.is_acute))
