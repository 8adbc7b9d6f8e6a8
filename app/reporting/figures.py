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

Small counts are masked where the figures leave the app (``mask``): a count
from 1 to 4 could point to one family in a small municipality.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from app.i18n import N_, _
from app.meldcode import MeldcodeRecords
from app.meldcode.records import ConsultationPartner

SMALL_COUNT = 5


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

    @property
    def is_count(self) -> bool:
        return isinstance(self.value, int)


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


def figures(cases: list[CaseFacts], start: date, end: date) -> list[Figure]:
    """Every figure for the period ``start``–``end`` (both included)."""
    forms: Counter = Counter()
    weighings: Counter = Counter()
    kindchecks: Counter = Counter()
    phases: Counter = Counter()
    advice = reports = relapses = 0
    days_to_decision: list[int] = []
    labels: dict[tuple[str, str], str] = {}

    for case in cases:
        r = case.records
        for history in r.signals:
            signal = history.current
            if _in(signal.observed_at.date(), start, end):
                for form in signal.forms:
                    forms[str(form)] += 1
                    labels["signals_by_form", str(form)] = form.label
        advice += sum(1 for c in r.consultations if c.partner is
                      ConsultationPartner.VEILIG_THUIS_ADVICE and _in(c.consulted_on, start, end))
        for w in r.weighings:
            if _in(w.weighed_on, start, end):
                kind = w.outcome.kind
                weighings[str(kind)] += 1
                labels["weighing_outcomes", str(kind)] = kind.label
        for run in r.kindcheck_runs:
            if _in(run.checked_on, start, end):
                kind = run.outcome.kind
                kindchecks[str(kind)] += 1
                labels["kindchecks", str(kind)] = kind.label
        first_signal = min((h.original.observed_at.date() for h in r.signals), default=None)
        for d in r.decisions:
            if not _in(d.decided_on, start, end):
                continue
            reports += d.is_report
            if first_signal is not None and d.decided_on >= first_signal:
                days_to_decision.append((d.decided_on - first_signal).days)
        if case.is_open and case.safety_phase:
            phases[str(case.safety_phase)] += 1
            labels["cases_per_phase", str(case.safety_phase)] = _("Fase {n}").format(
                n=case.safety_phase)
        relapses += sum(1 for day in case.relapses if _in(day, start, end))

    rows: list[Figure] = []

    def add(indicator: str, counter: Counter) -> None:
        for code, count in sorted(counter.items()):
            rows.append(Figure(indicator, code, labels[indicator, code], count))

    add("signals_by_form", forms)
    rows.append(Figure("advice_requests", "", indicator_label("advice_requests"), advice))
    rows.append(Figure("reports", "", indicator_label("reports"), reports))
    add("weighing_outcomes", weighings)
    add("kindchecks", kindchecks)
    add("cases_per_phase", phases)
    rows.append(Figure("relapses", "", indicator_label("relapses"), relapses))
    rows.append(Figure("decisions_measured", "", indicator_label("decisions_measured"),
                       len(days_to_decision)))
    if days_to_decision:
        rows.append(Figure("median_days_to_decision", "",
                           indicator_label("median_days_to_decision"),
                           float(statistics.median(days_to_decision))))
    return rows


def mask(figure: Figure, measured: int | None = None) -> str:
    """The value as it may leave the app: counts of 1–4 become ``<5``; a median
    over fewer than five decisions is not given at all."""
    if figure.indicator == "median_days_to_decision":
        if measured is not None and measured < SMALL_COUNT:
            return f"<{SMALL_COUNT}"
        return f"{figure.value:g}"
    count = int(figure.value)
    return f"<{SMALL_COUNT}" if 0 < count < SMALL_COUNT else str(count)
