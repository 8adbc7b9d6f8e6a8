"""Safety conditions handed back by Veilig Thuis feed the safety plan, and the
overview knows which reports Veilig Thuis has confirmed."""

from __future__ import annotations

from datetime import date

from app.forms.handover import VtFeedback, VtFeedbackKind, VtRoute
from app.services import cases as case_service
from app.services import handover, safety
from app.services.overview import team_overview
from app.services.report import monitoring_figures


def test_handed_back_conditions_enter_the_plan_once(store):
    case = case_service.create_case(store, "Familie Voorwaarde")
    feedback = VtFeedback("fb-1", date(2026, 11, 20), VtFeedbackKind.AFTER_SAFETY_ASSESSMENT,
                          "VT-123", VtRoute.CONDITIONS_AND_FOLLOW_UP, "",
                          "Geen geweld meer in huis.\nDe kinderen gaan elke dag naar school.")
    handover.record_vt_feedback(store, case.id, feedback)
    handed = handover.conditions_from_feedback(store, case.id)
    assert safety.take_over_vt_conditions(store, case.id, handed) == 2
    assert safety.take_over_vt_conditions(store, case.id, handed) == 0  # not twice
    plan = safety.load_plan(store, case.id).plan
    assert [c.text for c in plan.conditions] == ["Geen geweld meer in huis.",
                                                 "De kinderen gaan elke dag naar school."]
    assert case.id in handover.cases_with_vt_feedback(store)
    assert case.id not in team_overview(store).lists["report_not_done"]


def test_relapses_reach_the_monitoring_figures(store):
    case = case_service.create_case(store, "Familie Terugval")
    safety.set_biggest_concern(store, case.id, "Vader slaat.")
    today = date.today()
    for _ in range(3):
        safety.record_relapse(store, case.id, today, "Nieuw geweld.")
    figures = monitoring_figures(store, date(today.year, 1, 1), date(today.year, 12, 31))
    relapses = next(f for f in figures if f.indicator == "relapses")
    assert relapses.value == 5  # 3, rounded to five
