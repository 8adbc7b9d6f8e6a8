"""Phase transitions (move on, stay, back to phase 1) and the relapse path, from tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.errors import ValidationError
from app.safety import (
    Phase,
    PhaseChange,
    PhaseRuleError,
    PhaseState,
    PlanKind,
    Relapse,
    Transition,
    allowed_transitions,
    apply_transition,
    direct_safety_established,
    move_on,
    relapse,
    relapses,
    stay,
)
from tests.safety.factories import START, state_in

LATER = START + timedelta(days=30)
M, S, B = Transition.MOVE_ON, Transition.STAY, Transition.BACK_TO_PHASE_1

# (phase, transition, phase after; None = refused)
TRANSITION_TABLE = [
    (1, M, 2), (2, M, 3), (3, M, 4), (4, M, 5), (5, M, None),
    (1, S, 1), (2, S, 2), (3, S, 3), (4, S, 4), (5, S, 5),
    (1, B, 1), (2, B, 1), (3, B, 1), (4, B, 1), (5, B, 1),
]


@pytest.mark.parametrize(("phase", "transition", "expected"), TRANSITION_TABLE)
def test_transition_table(phase: int, transition: Transition, expected: int | None) -> None:
    state = state_in(phase)
    note = "Nieuw incident: vader sloeg moeder" if transition is B else ""
    if expected is None:
        with pytest.raises(PhaseRuleError) as caught:
            apply_transition(state, transition, LATER, note)
        assert caught.value.field == "transition"
        assert "Fase 5" in caught.value.message
        assert transition not in allowed_transitions(state)
        return
    after = apply_transition(state, transition, LATER, note)
    assert after.phase == Phase(expected)
    assert transition in allowed_transitions(state)
    event = after.history[-1]
    assert (event.transition, event.from_phase, event.to_phase, event.on) == (
        transition, Phase(phase), Phase(expected), LATER
    )
    assert len(after.history) == len(state.history) + 1
    # "since" marks when the current phase began: a stay does not restart it.
    assert after.since == (START if transition is S else LATER)
    assert isinstance(event, Relapse if transition is B else PhaseChange)


@pytest.mark.parametrize(
    ("phase", "allowed"),
    [
        (1, {M, S, B}),
        (2, {M, S, B}),
        (3, {M, S, B}),
        (4, {M, S, B}),
        (5, {S, B}),
    ],
)
def test_allowed_transitions_per_phase(phase: int, allowed: set[Transition]) -> None:
    assert allowed_transitions(state_in(phase)) == allowed


@pytest.mark.parametrize(
    ("phase", "plan_kind", "label"),
    [
        (1, PlanKind.SAFETY_PLAN, "Directe veiligheid"),
        (2, PlanKind.CARE_PLAN, "Stabiele veiligheid"),
        (3, PlanKind.RECOVERY_PLAN, "Herstel"),
        (4, None, "Stabilisatie"),
        (5, PlanKind.FUTURE_PLAN, "Duurzame veiligheid"),
    ],
)
def test_phase_label_and_plan_kind(phase: int, plan_kind: PlanKind | None, label: str) -> None:
    assert Phase(phase).plan_kind is plan_kind
    assert Phase(phase).label == label
    assert Phase(phase).title == f"Fase {phase}: {label.lower()}"
    assert Phase(phase).explanation


@pytest.mark.parametrize(
    ("kind", "label", "per_person"),
    [
        (PlanKind.SAFETY_PLAN, "Veiligheidsplan", False),
        (PlanKind.CARE_PLAN, "Hulpverleningsplan", False),
        (PlanKind.RECOVERY_PLAN, "Herstelplan", True),
        (PlanKind.FUTURE_PLAN, "Toekomstplan", False),
    ],
)
def test_plan_kind_labels(kind: PlanKind, label: str, per_person: bool) -> None:
    assert (kind.label, kind.per_person) == (label, per_person)


def test_a_case_starts_in_phase_1_without_history() -> None:
    state = PhaseState.start(START)
    assert (state.phase, state.since, state.history) == (Phase.DIRECT_SAFETY, START, ())
    assert not direct_safety_established(state)


def test_codes_from_the_store_are_accepted() -> None:
    after = apply_transition(state_in(2), "move_on", LATER)  # type: ignore[arg-type]
    assert after.phase == Phase.RECOVERY


def test_a_date_before_the_current_phase_began_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        move_on(state_in(2, since=START), START - timedelta(days=1))
    assert caught.value.field == "on"


def test_full_path_is_kept_in_the_history() -> None:
    d = [START + timedelta(days=30 * n) for n in range(7)]
    state = PhaseState.start(d[0])
    state = move_on(state, d[1], "Voorwaarden voldaan")
    state = move_on(state, d[2])
    state = stay(state, d[3], "Herstel van Sara loopt nog")
    state = relapse(state, d[4], "Politie kwam na melding van buren")
    state = move_on(state, d[5])
    assert state.phase == Phase.STABLE_SAFETY
    assert [(e.transition, int(e.from_phase), int(e.to_phase), e.on) for e in state.history] == [
        (M, 1, 2, d[1]),
        (M, 2, 3, d[2]),
        (S, 3, 3, d[3]),
        (B, 3, 1, d[4]),
        (M, 1, 2, d[5]),
    ]
    assert state.history[0].note == "Voorwaarden voldaan"


# --- relapse (terugval) ---------------------------------------------------------------


@pytest.mark.parametrize("phase", [1, 2, 3, 4, 5])
def test_relapse_returns_to_phase_1_in_one_action(phase: int) -> None:
    before = state_in(phase)
    after = relapse(before, LATER, "  Moeder belde: hij dreigde weer  ")
    assert after.phase == Phase.DIRECT_SAFETY
    assert after.since == LATER
    assert not direct_safety_established(after)
    assert relapses(after) == (
        Relapse(on=LATER, from_phase=Phase(phase), reason="Moeder belde: hij dreigde weer"),
    )
    # The old state is untouched: every transition returns a new value.
    assert before == state_in(phase)


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_relapse_without_reason_is_refused(reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        relapse(state_in(3), LATER, reason)
    assert caught.value.field == "reason"
    assert caught.value.message == "Schrijf op waarom het weer onveilig is."


def test_relapses_are_all_kept_in_order() -> None:
    first, second = date(2026, 3, 1), date(2026, 6, 1)
    state = relapse(state_in(3), first, "Eerste terugval")
    state = move_on(state, date(2026, 4, 1))
    state = relapse(state, second, "Tweede terugval")
    assert [(r.on, r.from_phase, r.reason) for r in relapses(state)] == [
        (first, Phase.RECOVERY, "Eerste terugval"),
        (second, Phase.STABLE_SAFETY, "Tweede terugval"),
    ]


def test_phase_rule_error_is_a_validation_error() -> None:
    # The interface shows every ValidationError's message; phase rules must show too.
    assert issubclass(PhaseRuleError, ValidationError)
