"""Monitoring figures from plain records: what is counted, the periods allowed,
and rounding that no combination of reports can undo."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.meldcode import MeldcodeRecords
from app.meldcode.records import ConsultationPartner
from app.meldcode.vocabulary import ViolenceForm
from app.reporting.figures import (
    MEDIAN_MINIMUM,
    CaseFacts,
    Figure,
    Period,
    PeriodNotAllowed,
    figures,
    period_of,
    periods_in,
    published,
    rounded,
    true_counts,
)
from tests.meldcode import builders as b

START, END = date(2026, 1, 1), date(2026, 3, 31)
Q1 = Period(2026, 1, 3)


def value(counts, indicator, category=""):
    """A true count (``true_counts``) or a figure's value (``figures``)."""
    if isinstance(counts, tuple):
        return counts[0][indicator, category]
    return next((f.value for f in counts if f.indicator == indicator
                 and f.category == category), None)


def case(signal_days=(), forms=(ViolenceForm.PHYSICAL_ABUSE,), **records) -> CaseFacts:
    signals = tuple(
        b.history(id=f"s{i}", observed_at=datetime(d.year, d.month, d.day, 10, tzinfo=UTC),
                  forms=frozenset(forms))
        for i, d in enumerate(signal_days))
    return CaseFacts(MeldcodeRecords(signals=signals, **records))


def test_signals_are_counted_per_form_and_within_the_period():
    rows = true_counts([
        case([date(2026, 2, 1)], forms=(ViolenceForm.PHYSICAL_ABUSE,
                                        ViolenceForm.WITNESSING_PARTNER_VIOLENCE)),
        case([date(2026, 2, 2), date(2025, 12, 31)]),  # one outside the period
    ], START, END)
    assert value(rows, "signals_by_form", "physical_abuse") == 2
    assert value(rows, "signals_by_form", "witnessing_partner_violence") == 1


def test_advice_reports_weighings_and_median_days():
    w = b.weighing(weighed_on=date(2026, 3, 1))
    records = MeldcodeRecords(
        signals=(b.history(observed_at=datetime(2026, 2, 20, 9, tzinfo=UTC)),),
        consultations=(b.consultation(partner=ConsultationPartner.VEILIG_THUIS_ADVICE,
                                      consulted_on=date(2026, 2, 25)),
                       b.consultation(id="c2", partner=ConsultationPartner.COLLEAGUE)),
        weighings=(w,),
        decisions=(b.decision_for(w, decided_on=date(2026, 3, 2)),),
    )
    rows = true_counts([CaseFacts(records)], START, END)
    assert value(rows, "advice_requests") == 1
    assert value(rows, "reports") == 1
    assert value(rows, "weighing_outcomes", "report") == 1
    assert rows[1] == [10]
    assert value(rows, "decisions_measured") == 1


def test_open_cases_per_phase_and_relapses():
    cases = [CaseFacts(MeldcodeRecords(), safety_phase=1, relapses=(date(2026, 2, 1),))
             for _ in range(3)]
    cases += [CaseFacts(MeldcodeRecords(), safety_phase=2, is_open=False)] * 7
    assert value(true_counts(cases, START, END), "relapses") == 3
    rows = figures(cases, Q1)
    assert value(rows, "cases_per_phase", "1") == 5  # 3, rounded
    assert value(rows, "cases_per_phase", "2") == 0  # closed cases do not count
    assert value(rows, "relapses") == 5


def test_kindcheck_outcomes_are_counted():
    run = b.kindcheck_run(checked_on=date(2026, 1, 5))
    rows = true_counts([CaseFacts(MeldcodeRecords(kindcheck_runs=(run, replace(run, id="k2"))))],
                       START, END)
    assert value(rows, "kindchecks", str(run.outcome.kind)) == 2



# -- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "kind"), [
    ("2026-02-01", "2026-02-28", "month"), ("2024-02-01", "2024-02-29", "month"),
    ("2026-04-01", "2026-06-30", "quarter"), ("2026-01-01", "2026-12-31", "year"),
])
def test_whole_months_quarters_and_years_are_allowed(start, end, kind):
    period = period_of(date.fromisoformat(start), date.fromisoformat(end))
    assert (str(period.kind), period.start.isoformat(), period.end.isoformat()) == (
        kind, start, end)


@pytest.mark.parametrize(("start", "end"), [
    ("2026-01-01", "2026-01-30"), ("2026-01-02", "2026-01-31"), ("2026-01-01", "2026-02-28"),
    ("2026-02-01", "2026-04-30"), ("2026-01-01", "2026-06-30"), ("2025-01-01", "2026-12-31"),
    ("2026-03-15", "2026-03-15"), ("2025-12-01", "2026-02-28"),
])
def test_any_other_period_is_refused_in_plain_dutch(start, end):
    with pytest.raises(PeriodNotAllowed) as raised:
        period_of(date.fromisoformat(start), date.fromisoformat(end))
    assert "hele kalendermaand, een heel kwartaal of een heel kalenderjaar" in \
        raised.value.message


def test_a_year_has_seventeen_periods():
    assert [(p.first_month, p.last_month) for p in periods_in(2026)][11:] == [
        (12, 12), (1, 3), (4, 6), (7, 9), (10, 12), (1, 12)]


# -- rounding --------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [(0, 0), (2, 0), (3, 5), (7, 5), (8, 10),
                                                 (12, 10), (13, 15), (120, 120)])
def test_counts_round_to_the_nearest_five(count, expected):
    assert rounded(count) == expected


@pytest.mark.parametrize(("figure", "shown"), [
    (Figure("reports", "", "Meldingen", 0), "<5"), (Figure("reports", "", "Meldingen", 5), "5"),
    (Figure("reports", "", "Meldingen", 120), "120"),
    (Figure("median_days_to_decision", "", "Mediaan", 12.5), "12.5"),
])
def test_what_leaves_the_app(figure, shown):
    assert published(figure) == shown


def test_every_category_is_listed_even_when_nothing_happened():
    rows = figures([], Q1)
    forms = [f.category for f in rows if f.indicator == "signals_by_form"]
    assert forms == [str(f) for f in ViolenceForm]
    assert [f.category for f in rows if f.indicator == "cases_per_phase"] == list("12345")
    assert {published(f) for f in rows} == {"<5"}


def test_the_median_needs_ten_decisions_after_rounding():
    def decisions(n: int) -> list[CaseFacts]:
        w = b.weighing(weighed_on=date(2026, 3, 1))
        return [CaseFacts(MeldcodeRecords(
            signals=(b.history(observed_at=datetime(2026, 2, 1 + i, 9, tzinfo=UTC)),),
            weighings=(w,), decisions=(b.decision_for(w, decided_on=date(2026, 3, 2)),)))
            for i in range(n)]

    assert value(figures(decisions(7), Q1), "median_days_to_decision") is None  # 7 → 5
    rows = figures(decisions(8), Q1)  # 8 → 10
    assert value(rows, "decisions_measured") == MEDIAN_MINIMUM
    assert value(rows, "median_days_to_decision") == 25.5  # 29 … 22 days


# -- no report, and no combination of reports, gives away an exact count -------------------

YEAR = 2025
#: True signals per month of each form: every category small, and one with 4
#: in every month (12 × "<5" beside a year of 48 gave away 4 a month before).
MONTHLY = {
    ViolenceForm.PHYSICAL_ABUSE: (4,) * 12,
    ViolenceForm.SEXUAL_ABUSE: (1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 1),
    ViolenceForm.EMOTIONAL_NEGLECT: (3, 3, 3, 0, 4, 1, 0, 2, 2, 4, 4, 0),
    ViolenceForm.PHYSICAL_NEGLECT: (1,) * 12,
    ViolenceForm.HONOUR_RELATED_VIOLENCE: (0,) * 11 + (1,),
}


def small_cases() -> list[CaseFacts]:
    cases = []
    for form, counts in MONTHLY.items():
        signals = tuple(
            b.history(id=f"{form}-{month}-{n}", forms=frozenset({form}),
                      observed_at=datetime(YEAR, month, 1 + 2 * n, 9, tzinfo=UTC))
            for month, count in enumerate(counts, start=1) for n in range(count))
        cases.append(CaseFacts(MeldcodeRecords(signals=signals)))
    return cases


def published_per_period(cases: list[CaseFacts]) -> dict[str, dict[Period, int]]:
    """What someone with every allowed report of the year sees, per form."""
    seen: dict[str, dict[Period, int]] = {str(f): {} for f in MONTHLY}
    for period in periods_in(YEAR):
        for row in figures(cases, period):
            if row.indicator == "signals_by_form" and row.category in seen:
                seen[row.category][period] = int(row.value)
    return seen


def feasible_counts(intervals: dict[Period, tuple[int, int]], top: int = 12
                    ) -> dict[Period, set[int]]:
    """Every value each period's true count can have, given only that each
    period's count lies in its interval (any rounding's published meaning) and
    that months add up to quarters and the year: exact integer search over the
    months (0..``top`` each), forwards and backwards over (quarter, year) sums."""
    def fits(period: Period, total: int) -> bool:
        low, high = intervals[period]
        return low <= total <= high

    months = [Period(YEAR, m, m) for m in range(1, 13)]
    forward = [{(0, 0)}]
    for m, month in enumerate(months):
        states = set()
        for quarter_sum, year_sum in forward[-1]:
            for x in range(top + 1):
                if not fits(month, x):
                    continue
                q = quarter_sum + x
                if m % 3 == 2:
                    if not fits(Period(YEAR, m - 1, m + 1), q):
                        continue
                    q = 0
                states.add((q, year_sum + x))
        forward.append(states)
    ends = {s for s in forward[-1] if fits(Period(YEAR, 1, 12), s[1])}
    backward = [set() for _ in range(13)]
    backward[12] = ends
    found: dict[Period, set[int]] = {p: set() for p in intervals}
    for m in range(11, -1, -1):
        for quarter_sum, year_sum in forward[m]:
            for x in range(top + 1):
                if not fits(months[m], x):
                    continue
                q = quarter_sum + x
                quarter = Period(YEAR, m - 1, m + 1) if m % 3 == 2 else None
                if quarter is not None:
                    if not fits(quarter, q):
                        continue
                    nxt = (0, year_sum + x)
                else:
                    nxt = (q, year_sum + x)
                if nxt in backward[m + 1]:
                    backward[m].add((quarter_sum, year_sum))
                    found[months[m]].add(x)
                    if quarter is not None:
                        found[quarter].add(q)
    found[Period(YEAR, 1, 12)] = {s[1] for s in ends if (0, 0) in backward[0]}
    return found


def test_figures_add_up_so_subtracting_reports_gives_nothing_new():
    for form, seen in published_per_period(small_cases()).items():
        for quarter in periods_in(YEAR)[12:16]:
            months = sum(seen[Period(YEAR, m, m)] for m in range(quarter.first_month,
                                                                   quarter.last_month + 1))
            assert seen[quarter] - months == 0, form  # a quarter minus its months
        assert seen[Period(YEAR, 1, 12)] == sum(seen[q] for q in periods_in(YEAR)[12:16])


def test_no_combination_of_reports_recovers_an_exact_count():
    """Attacker 1 knows only what a published figure means (true count within 4
    of it); attacker 2 knows the rounding itself (each rounded running count
    from 1 January, recovered by adding up the months). Neither pins any month,
    quarter, year or other run of months to one value."""
    for form, seen in published_per_period(small_cases()).items():
        true = MONTHLY[ViolenceForm(form)]
        intervals = {p: (max(0, v - 4), v + 4) for p, v in seen.items()}
        feasible = feasible_counts(intervals)
        for period, values in feasible.items():
            truth = sum(true[period.first_month - 1:period.last_month])
            assert truth in values and len(values) > 1, (form, period, values)

        running = [0] + [sum(seen[Period(YEAR, m, m)] for m in range(1, k + 1))
                         for k in range(1, 13)]
        options = [{0}] + [{c for c in range(0, 60) if rounded(c) == r} for r in running[1:]]
        for first in range(1, 13):
            for last in range(first, 13):
                values = {after - before for before in options[first - 1]
                          for after in options[last] if after >= before}
                truth = sum(true[first - 1:last])
                assert truth in values and len(values) > 1, (form, first, last, values)


def test_the_attack_finds_what_rounding_each_period_on_its_own_gives_away():
    """The same search against the old way (each period rounded on its own,
    1–4 as <5): a year of 48 beside twelve months of <5 pins every month to 4.
    So the test above can fail."""
    true = MONTHLY[ViolenceForm.PHYSICAL_ABUSE]

    def naive(period: Period) -> tuple[int, int]:
        count = sum(true[period.first_month - 1:period.last_month])
        if count < 5:
            return (0, 4)
        return (rounded(count) - 2, rounded(count) + 2)

    feasible = feasible_counts({p: naive(p) for p in periods_in(YEAR)})
    assert feasible[Period(YEAR, 1, 1)] == {4}
    assert feasible[Period(YEAR, 1, 12)] == {48}
