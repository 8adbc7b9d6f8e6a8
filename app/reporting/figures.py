"""Monitoring figures (monitorgegevens) over a period: counts, never names.

A pure function from plain per-case facts to rows of counts. What is counted:

- signals by form of violence (a signal with two forms counts for both),
  by the date the signal was observed;
- advice requests to Veilig Thuis (consultations with Veilig Thuis) and
  reports to Veilig Thuis (decisions to report), by their date;
- outcomes of the weighing, by the date of the weighing;
- kindchecks done and their outcome, by the date of the check;
- open cases per safety phase, as on the day the figures are made;
- relapses to phase 1, by their date;
- the median number of days from a case's first signal to a decision taken
  in the period.

Figures that cannot be subtracted. Two reports over overlapping periods
must not reveal, by their difference, one family's signal. So:

- A period is a whole calendar month, quarter or year (:func:`period_of`);
  nothing else is accepted.
- Counts are rounded to a multiple of 5 (``ROUNDING_BASE``), *consistently*:
  for every category the count from 1 January through the end of each
  month is rounded (to the nearest multiple, 0–2 down to 0), and a period's
  figure is the rounded count through its last month minus the rounded count
  through the month before it. So the months of a quarter add up to the
  quarter, and the quarters to the year, exactly: subtracting published
  figures only gives back published figures. All anyone can learn is each
  rounded running count, and each of those leaves at least three possible
  true counts, for every period and every difference of periods (the tests
  try them all). The price: a month's figure can be up to 4 away from its
  true count (a running count up to 2).
- A figure of 0 is shown as ``<5``: it stands for 0 to 4 true events, so a
  row of small figures never adds up to an exact count. Every category is
  always listed, so a missing row does not say "none".
- Open cases per phase are counted on the day of the report and rounded the
  same way.
- The median is only given when the (rounded) number of decisions it is over
  is at least ``MEDIAN_MINIMUM``.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.errors import ValidationError
from app.i18n import N_, _
from app.meldcode import MeldcodeRecords
from app.meldcode.afwegingskader import WeighingOutcomeKind
from app.meldcode.kindcheck import KindcheckOutcomeKind
from app.meldcode.records import ConsultationPartner
from app.meldcode.vocabulary import ViolenceForm

ROUNDING_BASE = 5
SMALL_COUNT = ROUNDING_BASE
MEDIAN_MINIMUM = 10
SAFETY_PHASES = (1, 2, 3, 4, 5)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    """A whole calendar month, quarter or year: ``first_month``–``last_month`` of ``year``."""

    year: int
    first_month: int
    last_month: int

    @property
    def kind(self) -> PeriodKind:
        length = self.last_month - self.first_month + 1
        return {1: PeriodKind.MONTH, 3: PeriodKind.QUARTER, 12: PeriodKind.YEAR}[length]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month,
                    calendar.monthrange(self.year, self.last_month)[1])


def periods_in(year: int) -> list[Period]:
    """Every period a report may cover within ``year``: 12 months, 4 quarters, the year."""
    return ([Period(year, m, m) for m in range(1, 13)]
            + [Period(year, q, q + 2) for q in (1, 4, 7, 10)] + [Period(year, 1, 12)])


class PeriodNotAllowed(ValidationError):
    def __init__(self) -> None:
        super().__init__(_(
            "Cijfers gaan alleen over een hele kalendermaand, een heel kwartaal of een heel "
            "kalenderjaar, bijvoorbeeld van 2026-04-01 tot en met 2026-06-30. Zo kan niemand "
            "door twee overzichten van elkaar af te trekken één gezin terugvinden."),
            field="period")


def period_of(start: date, end: date) -> Period:
    """The period from ``start`` to ``end`` (both included), if it is one allowed."""
    for period in periods_in(start.year):
        if (period.start, period.end) == (start, end):
            return period
    raise PeriodNotAllowed()


def rounded(count: int) -> int:
    """``count`` to the nearest multiple of ``ROUNDING_BASE`` (halves up: 3 → 5)."""
    return ROUNDING_BASE * ((count + ROUNDING_BASE // 2) // ROUNDING_BASE)


@dataclass(frozen=True)
class CaseFacts:
    """What the figures need from one case: its meldcode records, its
    current safety phase (None without a plan), whether it is open, and the
    dates of its relapses to phase 1."""

    records: MeldcodeRecords
    safety_phase: int | None = None
    is_open: bool = True
    relapses: tuple[date, ...] = ()


@dataclass(frozen=True)
class Figure:
    indicator: str  # stable code
    category: str  # stable code ("" when the indicator has one number)
    label: str  # Dutch (translated) text for people
    value: int | float


INDICATORS = {
    "signals_by_form": N_("Signalen per vorm van geweld"),
    "advice_requests": N_("Adviesvragen aan Veilig Thuis"),
    "reports": N_("Meldingen bij Veilig Thuis"),
    "weighing_outcomes": N_("Uitkomst van de afweging"),
    "kindchecks": N_("Kindchecks gedaan, per uitkomst"),
    "cases_per_phase": N_("Open casussen per fase"),
    "relapses": N_("Terugval naar fase 1"),
    "median_days_to_decision": N_("Mediaan dagen van eerste signaal tot besluit"),
    "decisions_measured": N_("Besluiten waarover de mediaan gaat"),
}


def indicator_label(code: str) -> str:
    return _(INDICATORS[code])


def _in(day: date, start: date, end: date) -> bool:
    return start <= day <= end


#: Every category of every counted indicator, so that each is always listed.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "signals_by_form": tuple(str(f) for f in ViolenceForm),
    "advice_requests": ("",),
    "reports": ("",),
    "weighing_outcomes": tuple(str(k) for k in WeighingOutcomeKind),
    "kindchecks": tuple(str(k) for k in KindcheckOutcomeKind),
    "relapses": ("",),
    "decisions_measured": ("",),
}


def _label(indicator: str, category: str) -> str:
    if indicator == "signals_by_form":
        return ViolenceForm(category).label
    if indicator == "weighing_outcomes":
        return WeighingOutcomeKind(category).label
    if indicator == "kindchecks":
        return KindcheckOutcomeKind(category).label
    if indicator == "cases_per_phase":
        return _("Fase {n}").format(n=category)
    return indicator_label(indicator)


def true_counts(cases: list[CaseFacts], start: date, end: date) -> tuple[Counter, list[int]]:
    """True counts per (indicator, category) from ``start`` to ``end``, and the
    days from first signal to each decision in that time. Never shown as
    they are: :func:`figures` rounds them."""
    counts: Counter = Counter()
    days_to_decision: list[int] = []
    for case in cases:
        r = case.records
        for history in r.signals:
            signal = history.current
            if _in(signal.observed_at.date(), start, end):
                for form in signal.forms:
                    counts["signals_by_form", str(form)] += 1
        counts["advice_requests", ""] += sum(
            1 for c in r.consultations
            if c.partner is ConsultationPartner.VEILIG_THUIS_ADVICE
            and _in(c.consulted_on, start, end))
        for w in r.weighings:
            if _in(w.weighed_on, start, end):
                counts["weighing_outcomes", str(w.outcome.kind)] += 1
        for run in r.kindcheck_runs:
            if _in(run.checked_on, start, end):
                counts["kindchecks", str(run.outcome.kind)] += 1
        first_signal = min((h.original.observed_at.date() for h in r.signals), default=None)
        for d in r.decisions:
            if not _in(d.decided_on, start, end):
                continue
            counts["reports", ""] += d.is_report
            if first_signal is not None and d.decided_on >= first_signal:
                days_to_decision.append((d.decided_on - first_signal).days)
        counts["relapses", ""] += sum(1 for day in case.relapses if _in(day, start, end))
    counts["decisions_measured", ""] = len(days_to_decision)
    return counts, days_to_decision


def figures(cases: list[CaseFacts], period: Period) -> list[Figure]:
    """Every figure for ``period``, rounded as this module's docstring says."""
    new_year = date(period.year, 1, 1)
    through = true_counts(cases, new_year, period.end)[0]
    before = (true_counts(cases, new_year, period.start - timedelta(days=1))[0]
              if period.first_month > 1 else Counter())
    phases = Counter(str(c.safety_phase) for c in cases if c.is_open and c.safety_phase)

    def counted(indicator: str) -> list[Figure]:
        return [Figure(indicator, category, _label(indicator, category),
                       rounded(through[indicator, category])
                       - rounded(before[indicator, category]))
                for category in CATEGORIES[indicator]]

    rows = (counted("signals_by_form") + counted("advice_requests") + counted("reports")
            + counted("weighing_outcomes") + counted("kindchecks")
            + [Figure("cases_per_phase", str(n), _label("cases_per_phase", str(n)),
                      rounded(phases[str(n)])) for n in SAFETY_PHASES]
            + counted("relapses") + counted("decisions_measured"))
    days_to_decision = true_counts(cases, period.start, period.end)[1]
    if rows[-1].value >= MEDIAN_MINIMUM and days_to_decision:
        rows.append(Figure("median_days_to_decision", "",
                           indicator_label("median_days_to_decision"),
                           float(statistics.median(days_to_decision))))
    return rows


def published(figure: Figure) -> str:
    """The value as it leaves the app: a rounded count of 0 as ``<5`` (it stands
    for 0 to 4), a median as a number."""
    if figure.indicator == "median_days_to_decision":
        return f"{figure.value:g}"
    return f"<{SMALL_COUNT}" if figure.value == 0 else str(int(figure.value))
