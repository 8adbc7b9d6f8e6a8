"""Leaving phase 1 with a condition of Veilig Thuis that no agreement answers
needs an explicit reason (issue 14); the plan shows at a glance whether every
condition of Veilig Thuis is answered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.safety import (
    ConditionSource,
    Evaluation,
    ItemStatus,
    Phase,
    PhaseRuleError,
    Transition,
    apply_evaluation,
    vt_conditions_answered,
)
from tests.safety.factories import item, plan_with_conditions, state_in

HELD = date(2026, 2, 2)
M, S = Transition.MOVE_ON, Transition.STAY

# (phase, decision, conditions met, unanswered conditions of VT, reason, phase after or error)
TABLE = [
    (1, M, None, 3, "", PhaseRuleError),   # today's gap: all open, "met" left empty
    (1, M, True, 1, "", PhaseRuleError),   # "met" says yes, but one has no agreement
    (1, M, None, 3, "Veilig Thuis vond de voorwaarden bij de terugkoppeling haalbaar; "
                    "afspraken volgen bij het volgende overleg.", 2),
    (1, M, None, 0, "", 2),                # every condition answered
    (1, S, None, 3, "", 1),                # staying needs no reason
    (2, M, None, 3, "", 3),                # the rule is about leaving phase 1
    (1, M, False, 3, "toch door", PhaseRuleError),  # "not met" still refuses
]


@pytest.mark.parametrize(("phase", "decision", "met", "open_", "reason", "expected"), TABLE)
def test_leaving_phase_1_with_an_unanswered_condition(phase, decision, met, open_, reason,
                                                      expected):
    evaluation = Evaluation("e1", HELD, decision, conditions_met=met,
                            open_conditions_reason=reason)
    if isinstance(expected, type):
        with pytest.raises(expected) as caught:
            apply_evaluation(state_in(phase), evaluation, open_)
        assert caught.value.field in ("open_conditions_reason", "decision")
        if open_ and met is not False:
            assert caught.value.field == "open_conditions_reason"
            assert str(open_) in caught.value.message
        return
    assert apply_evaluation(state_in(phase), evaluation, open_).phase == Phase(expected)


@pytest.mark.parametrize(("items", "expected"), [
    ((), (0, 2)),
    ((item("a", answers=frozenset({"c1"})),), (1, 2)),
    ((item("a", answers=frozenset({"c1", "c2"})),), (2, 2)),
    # a broken agreement no longer answers its condition (docs/decisions.md)
    ((item("a", answers=frozenset({"c1", "c2"}), status=ItemStatus.NOT_KEPT),), (0, 2)),
    # an item of a later phase answers too
    ((item("a", phase=2, answers=frozenset({"c1"})),
      item("b", answers=frozenset({"c2"}), status=ItemStatus.DONE)), (2, 2)),
])
def test_vt_conditions_answered(items, expected):
    plan = replace(plan_with_conditions("c1", "c2"), items=items)
    assert vt_conditions_answered(plan) == expected


def test_conditions_of_others_do_not_count_as_veilig_thuis():
    plan = plan_with_conditions("c1", "c2")
    local = replace(plan.conditions[1], source=ConditionSource.LOCAL_TEAM)
    plan = replace(plan, conditions=(plan.conditions[0], local))
    assert vt_conditions_answered(plan) == (0, 1)


def test_the_reason_is_recorded_and_the_overview_lists_the_case(store):
    from app.cases.model import new_id
    from app.safety import SafetyCondition
    from app.services import cases as case_service
    from app.services import overview as overview_service
    from app.services import safety as safety_service

    today = date.today()
    case = case_service.create_case(store, "Familie Fase")
    quiet = case_service.create_case(store, "Familie Rustig")
    safety_service.add_conditions(store, case.id, [
        SafetyCondition(new_id(), text, ConditionSource.VEILIG_THUIS, HELD)
        for text in ("Geen geweld meer.", "De kinderen zien geen ruzie.")])
    with pytest.raises(PhaseRuleError):
        safety_service.record_evaluation(store, case.id, Evaluation(new_id(), today, M))
    assert safety_service.load_plan(store, case.id).state.phase == Phase.DIRECT_SAFETY
    assert overview_service.team_overview(store).lists["left_phase_1_open"] == ()
    reason = "Veilig Thuis volgt de voorwaarden zelf; het wijkteam werkt aan het hulpplan."
    safety_service.record_evaluation(store, case.id, Evaluation(
        new_id(), today, M, open_conditions_reason=reason))
    plan = safety_service.load_plan(store, case.id)
    assert plan.state.phase == Phase.STABLE_SAFETY
    assert plan.plan.evaluations[-1].open_conditions_reason == reason
    assert overview_service.team_overview(store).lists["left_phase_1_open"] == (case.id,)
    assert quiet.id not in overview_service.team_overview(store).lists["left_phase_1_open"]
    entry = store.audit.entries(case.id)[-1]
    assert entry.detail.get("open_conditions") is True and reason not in str(entry.detail)
