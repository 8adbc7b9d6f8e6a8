"""Monitoring figures from plain records, and the masking of small counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.meldcode import MeldcodeRecords
from app.meldcode.records import ConsultationPartner
from app.meldcode.vocabulary import ViolenceForm
from app.reporting.figures import CaseFacts, Figure, figures, mask
from tests.meldcode import builders as b

START, END = date(2026, 1, 1), date(2026, 3, 31)


def value(rows, indicator, category=""):
    return next((f.value for f in rows if f.indicator == indicator and f.category == category),
                None)


def case(signal_days=(), forms=(ViolenceForm.PHYSICAL_ABUSE,), **records) -> CaseFacts:
    signals = tuple(
        b.history(id=f"s{i}", observed_at=datetime(d.year, d.month, d.day, 10, tzinfo=UTC),
                  forms=frozenset(forms))
        for i, d in enumerate(signal_days))
    return CaseFacts(MeldcodeRecords(signals=signals, **records))


def test_signals_are_counted_per_form_and_within_the_period():
    rows = figures([
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
    rows = figures([CaseFacts(records)], START, END)
    assert value(rows, "advice_requests") == 1
    assert value(rows, "reports") == 1
    assert value(rows, "weighing_outcomes", "report") == 1
    assert value(rows, "median_days_to_decision") == 10.0
    assert value(rows, "decisions_measured") == 1


def test_open_cases_per_phase_and_relapses():
    rows = figures([
        CaseFacts(MeldcodeRecords(), safety_phase=1, relapses=(date(2026, 2, 1),)),
        CaseFacts(MeldcodeRecords(), safety_phase=1),
        CaseFacts(MeldcodeRecords(), safety_phase=2, is_open=False),
    ], START, END)
    assert value(rows, "cases_per_phase", "1") == 2
    assert value(rows, "cases_per_phase", "2") is None
    assert value(rows, "relapses") == 1


def test_kindcheck_outcomes_are_counted():
    run = b.kindcheck_run(checked_on=date(2026, 1, 5))
    rows = figures([CaseFacts(MeldcodeRecords(kindcheck_runs=(run, replace(run, id="k2"))))],
                   START, END)
    assert value(rows, "kindchecks", str(run.outcome.kind)) == 2


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"),
                                              (120, "120")])
def test_small_counts_are_masked(count, shown):
    assert mask(Figure("reports", "", "Meldingen", count)) == shown


@pytest.mark.parametrize(("measured", "shown"), [(4, "<5"), (5, "12.5")])
def test_a_median_over_few_decisions_is_not_given(measured, shown):
    assert mask(Figure("median_days_to_decision", "", "Mediaan", 12.5), measured) == shown
