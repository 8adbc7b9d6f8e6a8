"""Evaluation decisions applied to the phase state, from a table."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ValidationError
from app.safety import (
    Evaluation,
    Phase,
    PhaseRuleError,
    Relapse,
    Transition,
    apply_evaluation,
    relapses,
)
from tests.safety.factories import state_in

HELD = date(2026, 2, 2)
M, S, B = Transition.MOVE_ON, Transition.STAY, Transition.BACK_TO_PHASE_1

# (phase, decision, conditions met, phase after or the error expected)
DECISION_TABLE = [
    (1, M, True, 2),
    (1, M, None, 2),  # no conditions were set
    (1, M, False, PhaseRuleError),  # cannot leave while conditions are not met
    (3, M, False, PhaseRuleError),
    (1, S, False, 1),
    (2, S, True, 2),
    (4, M, True, 5),
    (5, M, True, PhaseRuleError),  # the last phase
    (5, S, True, 5),
    (2, B, True, 1),
    (4, B, False, 1),
]


@pytest.mark.parametrize(("phase", "decision", "met", "expected"), DECISION_TABLE)
def test_evaluation_decision(
    phase: int, decision: Transition, met: bool | None, expected: int | type[Exception]
) -> None:
    evaluation = Evaluation(
        "e1", HELD, decision,
        went_well="Vader hield zich aan de time-out",
        worries="Sara slaapt slecht",
        worker_score=6, family_score=7, conditions_met=met,
        reason="Nieuw incident" if decision is B else "",
    )
    state = state_in(phase)
    if isinstance(expected, type):
        with pytest.raises(expected) as caught:
            apply_evaluation(state, evaluation)
        assert caught.value.field in ("decision", "transition")
        return
    after = apply_evaluation(state, evaluation)
    assert after.phase == Phase(expected)
    assert after.history[-1].on == HELD
    assert after.history[-1].transition is decision


def test_back_to_phase_1_from_an_evaluation_is_a_relapse() -> None:
    evaluation = Evaluation("e1", HELD, B, worries="Politie was er", reason="Politie was er")
    after = apply_evaluation(state_in(3), evaluation)
    assert relapses(after) == (Relapse(HELD, Phase.RECOVERY, "Politie was er"),)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decision": B, "reason": " "}, "reason"),
        ({"worker_score": 11}, "worker_score"),
        ({"family_score": -1}, "family_score"),
        ({"next_on": HELD}, "next_on"),
        ({"next_on": date(2026, 1, 1)}, "next_on"),
    ],
)
def test_evaluation_validation(changes: dict, field: str) -> None:
    values = {"id": "e1", "held_on": HELD, "decision": S} | changes
    with pytest.raises(ValidationError) as caught:
        apply_evaluation(state_in(2), Evaluation(**values))
    assert caught.value.field == field


def test_an_evaluation_decision_code_from_the_store_is_accepted() -> None:
    evaluation = Evaluation("e1", HELD, "move_on", conditions_met=False)  # type: ignore[arg-type]
    with pytest.raises(PhaseRuleError):
        apply_evaluation(state_in(1), evaluation)
