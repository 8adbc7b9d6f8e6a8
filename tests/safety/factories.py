"""Small builders for plain test data; every id and date is fixed so tables read easily."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.safety import (
    Actor,
    ActorKind,
    CasePlan,
    ConditionSource,
    Goal,
    GoalKind,
    Phase,
    PhaseState,
    PlanItem,
    SafetyCondition,
)

START = date(2026, 1, 5)
MOTHER = "8c0d6f7e-0000-4000-8000-000000000001"
FATHER = "8c0d6f7e-0000-4000-8000-000000000002"
CHILD = "8c0d6f7e-0000-4000-8000-000000000003"

MOTHER_ACTS = Actor(ActorKind.FAMILY_MEMBER, person_id=MOTHER)
WORKER_ACTS = Actor(ActorKind.PROFESSIONAL, name="Wijkteam, Sanne de Vries")


def state_in(phase: int, since: date = START) -> PhaseState:
    return PhaseState(Phase(phase), since)


def empty_plan() -> CasePlan:
    return CasePlan(id="plan-1", case_id="case-1")


def item(item_id: str = "item-1", phase: int = 1, **changes) -> PlanItem:
    base = PlanItem(
        id=item_id,
        what="Vader slaapt bij zijn broer als de ruzie oploopt",
        why="Dan komt het niet tot slaan",
        who=Actor(ActorKind.FAMILY_MEMBER, person_id=FATHER),
        phase=Phase(phase),
    )
    return replace(base, **changes)


def goal(goal_id: str = "goal-1", kind: GoalKind = GoalKind.SAFETY, **changes) -> Goal:
    base = Goal(
        id=goal_id,
        person_id=CHILD,
        kind=kind,
        text="Sara slaapt weer de hele nacht door",
        measure="Moeder houdt twee weken bij hoe Sara slaapt",
    )
    return replace(base, **changes)


def condition(condition_id: str, **changes) -> SafetyCondition:
    base = SafetyCondition(
        id=condition_id,
        text=f"Voorwaarde {condition_id}",
        source=ConditionSource.VEILIG_THUIS,
        set_on=START,
    )
    return replace(base, **changes)


def plan_with_conditions(*condition_ids: str) -> CasePlan:
    return replace(empty_plan(), conditions=tuple(condition(c) for c in condition_ids))
