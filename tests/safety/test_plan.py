"""The plan: recovery only after direct safety, condition coverage, item rules,
the emergency part and deadlines — each from a table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.errors import ValidationError
from app.safety import (
    Actor,
    ActorKind,
    ConditionSource,
    ConditionStatus,
    ContactKind,
    DeadlineKind,
    EmergencyNumbers,
    Evaluation,
    FamilyProfile,
    GoalKind,
    GuidanceCode,
    ItemStatus,
    Phase,
    PhaseRuleError,
    PhaseState,
    SignalResponse,
    SupportPerson,
    TensionSignal,
    Transition,
    active_phases,
    add_condition,
    add_goal,
    add_item,
    add_named_contact,
    add_support_person,
    add_tension_signal,
    condition_report,
    deadlines,
    emergency_contacts,
    items_in_phase,
    next_evaluation,
    plan_evaluation,
    plan_guidance,
    record_evaluation,
    relapse,
    safety_agreements,
    select_profiles,
    set_condition_status,
    set_item_status,
    unanswered_conditions,
    update_item,
)
from tests.safety.factories import (
    CHILD,
    MOTHER,
    MOTHER_ACTS,
    WORKER_ACTS,
    condition,
    empty_plan,
    goal,
    item,
    plan_with_conditions,
    state_in,
)

RECOVERY_REFUSED = (
    "Herstel kan pas beginnen als het direct veilig is. De casus staat nog in fase 1: "
    "werk eerst aan het veiligheidsplan."
)

# --- recovery work is refused while direct safety is not established ---------------------

# (case phase, item phase, kind of the goal the item serves or None, accepted)
RECOVERY_TABLE = [
    (1, 3, None, False),  # a recovery-plan item in phase 1
    (1, 1, GoalKind.TRAUMA_RECOVERY, False),  # recovery goal under a phase-1 item
    (1, 2, GoalKind.DAILY_FUNCTIONING, False),
    (1, 1, GoalKind.SAFETY, True),  # safety work is what phase 1 is for
    (1, 1, None, True),
    (1, 2, None, True),  # risk work may be planned already
    (2, 3, None, True),  # phases 2 and 3 may run together
    (2, 2, GoalKind.TRAUMA_RECOVERY, True),
    (3, 3, None, True),
    (4, 3, None, True),
    (5, 3, GoalKind.DAILY_FUNCTIONING, True),
]


@pytest.mark.parametrize(("phase", "item_phase", "goal_kind", "accepted"), RECOVERY_TABLE)
def test_recovery_item_only_after_direct_safety(
    phase: int, item_phase: int, goal_kind: GoalKind | None, accepted: bool
) -> None:
    plan = empty_plan()
    goal_id = None
    if goal_kind is not None:
        # The goal itself is entered while it was allowed; the item is the new work.
        plan = replace(plan, goals=(goal(kind=goal_kind),))
        goal_id = "goal-1"
    new = item(phase=item_phase, person_id=CHILD, goal_id=goal_id)
    if accepted:
        assert add_item(plan, new, state_in(phase)).items == (new,)
    else:
        with pytest.raises(PhaseRuleError) as caught:
            add_item(plan, new, state_in(phase))
        assert caught.value.message == RECOVERY_REFUSED
        assert caught.value.field == "phase"


def test_recovery_item_is_refused_again_after_a_relapse() -> None:
    plan = add_item(empty_plan(), item("r1", phase=3, person_id=CHILD), state_in(2))
    back = relapse(state_in(2), date(2026, 3, 1), "Nieuw incident")
    with pytest.raises(PhaseRuleError):
        add_item(plan, item("r2", phase=3, person_id=CHILD), back)
    # The recovery item already there can still be kept up to date.
    paused = set_item_status(plan, "r1", ItemStatus.IN_PROGRESS)
    paused = update_item(paused, replace(paused.items[0], what="Traumabehandeling Sara"), back)
    assert (paused.items[0].status, paused.items[0].what) == (
        ItemStatus.IN_PROGRESS, "Traumabehandeling Sara"
    )


def test_turning_an_item_into_recovery_work_is_refused_in_phase_1() -> None:
    plan = add_item(empty_plan(), item("i1", phase=2), state_in(1))
    with pytest.raises(PhaseRuleError):
        update_item(plan, replace(plan.items[0], phase=Phase.RECOVERY, person_id=CHILD),
                    state_in(1))


@pytest.mark.parametrize(
    ("phase", "kind", "accepted"),
    [
        (1, GoalKind.SAFETY, True),
        (1, GoalKind.TRAUMA_RECOVERY, False),
        (1, GoalKind.DAILY_FUNCTIONING, False),
        (2, GoalKind.TRAUMA_RECOVERY, True),
        (3, GoalKind.DAILY_FUNCTIONING, True),
    ],
)
def test_recovery_goal_only_after_direct_safety(phase: int, kind: GoalKind, accepted: bool) -> None:
    new = goal(kind=kind)
    if accepted:
        assert add_goal(empty_plan(), new, state_in(phase)).goals == (new,)
    else:
        with pytest.raises(PhaseRuleError):
            add_goal(empty_plan(), new, state_in(phase))


# (case phase, items as (phase, status), active phases)
ACTIVE_TABLE = [
    (1, [(3, ItemStatus.OPEN)], {1}),  # recovery on hold while unsafe
    (2, [], {2}),
    (2, [(2, ItemStatus.OPEN)], {2}),
    (2, [(3, ItemStatus.OPEN)], {2, 3}),
    (2, [(3, ItemStatus.IN_PROGRESS)], {2, 3}),
    (2, [(3, ItemStatus.DONE)], {2}),
    (3, [(3, ItemStatus.OPEN)], {3}),
    (4, [], {4}),
]


@pytest.mark.parametrize(("phase", "items", "expected"), ACTIVE_TABLE)
def test_active_phases(phase: int, items: list[tuple[int, ItemStatus]], expected: set[int]) -> None:
    plan = replace(empty_plan(), items=tuple(
        item(f"i{n}", phase=p, status=s, person_id=CHILD) for n, (p, s) in enumerate(items)
    ))
    assert active_phases(state_in(phase), plan) == {Phase(p) for p in expected}


# --- safety conditions (veiligheidsvoorwaarden) ------------------------------------------

# (items as (answers, status), unanswered condition ids) for conditions A, B, C
COVERAGE_TABLE = [
    ([], ["A", "B", "C"]),
    ([({"A"}, ItemStatus.OPEN)], ["B", "C"]),
    ([({"A", "B"}, ItemStatus.IN_PROGRESS), ({"C"}, ItemStatus.DONE)], []),
    ([({"A"}, ItemStatus.NOT_KEPT)], ["A", "B", "C"]),  # a broken agreement answers nothing
    ([({"A"}, ItemStatus.NOT_KEPT), ({"A"}, ItemStatus.OPEN)], ["B", "C"]),
    ([(set(), ItemStatus.OPEN)], ["A", "B", "C"]),  # an item that answers no condition
]


@pytest.mark.parametrize(("items", "unanswered"), COVERAGE_TABLE)
def test_unanswered_conditions(
    items: list[tuple[set[str], ItemStatus]], unanswered: list[str]
) -> None:
    plan = plan_with_conditions("A", "B", "C")
    for n, (answers, status) in enumerate(items):
        plan = add_item(plan, item(f"i{n}", answers=frozenset(answers), status=status),
                        state_in(1))
    assert [c.id for c in unanswered_conditions(plan)] == unanswered


def test_no_conditions_means_nothing_unanswered() -> None:
    assert unanswered_conditions(empty_plan()) == []


def test_an_item_cannot_answer_an_unknown_condition() -> None:
    with pytest.raises(ValidationError) as caught:
        add_item(plan_with_conditions("A"), item(answers=frozenset({"Z"})), state_in(1))
    assert caught.value.field == "answers"


def test_condition_progress_is_reportable_to_veilig_thuis() -> None:
    plan = add_condition(empty_plan(), condition("A"))
    plan = add_condition(plan, condition("B", source=ConditionSource.LOCAL_TEAM))
    plan = add_item(plan, item("i1", answers=frozenset({"A"})), state_in(1))
    plan = set_condition_status(plan, "A", ConditionStatus.MET, date(2026, 2, 1),
                                " Vader woont bij zijn broer ")
    report = condition_report(plan)
    assert [(r.condition.id, r.condition.status, r.condition.status_on,
             r.condition.progress_note, [i.id for i in r.items]) for r in report] == [
        ("A", ConditionStatus.MET, date(2026, 2, 1), "Vader woont bij zijn broer", ["i1"]),
    ]
    assert [r.condition.id for r in condition_report(plan, source=None)] == ["A", "B"]


def test_condition_status_cannot_predate_the_condition() -> None:
    with pytest.raises(ValidationError) as caught:
        set_condition_status(plan_with_conditions("A"), "A", ConditionStatus.MET,
                             date(2025, 12, 1))
    assert caught.value.field == "status_on"


def test_condition_needs_text() -> None:
    with pytest.raises(ValidationError) as caught:
        add_condition(empty_plan(), condition("A", text="  "))
    assert caught.value.field == "text"


# --- plan items: what, why, who ------------------------------------------------------------

# (changes to a valid item, field refused)
ITEM_TABLE = [
    ({"what": " "}, "what"),
    ({"why": ""}, "why"),
    ({"who": Actor(ActorKind.FAMILY_MEMBER)}, "who"),
    ({"who": Actor(ActorKind.NETWORK)}, "who"),
    ({"who": Actor(ActorKind.PROFESSIONAL, name="  ")}, "who"),
    ({"phase": Phase.RECOVERY, "person_id": None}, "person_id"),
    ({"goal_id": "no-such-goal"}, "goal_id"),
]


@pytest.mark.parametrize(("changes", "field"), ITEM_TABLE)
def test_item_validation(changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_item(empty_plan(), item(**changes), state_in(2))
    assert caught.value.field == field
    assert caught.value.message  # a Dutch sentence for the worker


@pytest.mark.parametrize(
    "who",
    [
        MOTHER_ACTS,
        WORKER_ACTS,
        Actor(ActorKind.NETWORK, name="Oma Fatma"),
        Actor(ActorKind.NETWORK, person_id="support-1"),
    ],
)
def test_item_who_can_be_family_network_or_professional(who: Actor) -> None:
    plan = add_item(empty_plan(), item(who=who), state_in(1))
    assert plan.items[0].who == who


def test_plans_are_views_on_the_items() -> None:
    plan = empty_plan()
    for n, (phase, person) in enumerate([(1, None), (2, None), (3, CHILD), (3, MOTHER), (5, None)]):
        plan = add_item(plan, item(f"i{n}", phase=phase, person_id=person), state_in(2))
    assert [i.id for i in safety_agreements(plan)] == ["i0"]
    assert [i.id for i in items_in_phase(plan, Phase.STABLE_SAFETY)] == ["i1"]
    assert [i.id for i in items_in_phase(plan, Phase.RECOVERY, CHILD)] == ["i2"]
    assert [i.id for i in items_in_phase(plan, Phase.RECOVERY, MOTHER)] == ["i3"]
    assert [i.id for i in items_in_phase(plan, Phase.LASTING_SAFETY)] == ["i4"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"text": ""}, "text"), ({"measure": " "}, "measure"), ({"person_id": ""}, "person_id")],
)
def test_goal_must_be_concrete_testable_and_personal(changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_goal(empty_plan(), goal(**changes), state_in(2))
    assert caught.value.field == field


# --- network, tension signals, emergency part -----------------------------------------------


@pytest.mark.parametrize(
    ("person", "field"),
    [
        (SupportPerson("s1", "", "oma", "06-12345678"), "name"),
        (SupportPerson("s1", "Fatma", "", "06-12345678"), "role"),
        (SupportPerson("s1", "Fatma", "oma", " "), "reach"),
    ],
)
def test_support_person_needs_name_role_and_reach(person: SupportPerson, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_support_person(empty_plan(), person)
    assert caught.value.field == field


def test_support_person_is_added() -> None:
    person = SupportPerson("s1", "Fatma", "oma, woont om de hoek", "06-12345678")
    assert add_support_person(empty_plan(), person).network == (person,)


@pytest.mark.parametrize(
    ("signal", "accepted"),
    [
        (TensionSignal("t1", "Hij gaat harder praten",
                       (SignalResponse(MOTHER_ACTS, "Gaat met de kinderen naar oma"),)), True),
        (TensionSignal("t1", "Hij gaat harder praten", ()), False),
        (TensionSignal("t1", "", (SignalResponse(MOTHER_ACTS, "Gaat wandelen"),)), False),
        (TensionSignal("t1", "Deuren slaan", (SignalResponse(MOTHER_ACTS, " "),)), False),
        (TensionSignal("t1", "Deuren slaan",
                       (SignalResponse(Actor(ActorKind.FAMILY_MEMBER), "Wandelen"),)), False),
    ],
)
def test_tension_signal_says_what_each_person_does(signal: TensionSignal, accepted: bool) -> None:
    if accepted:
        assert add_tension_signal(empty_plan(), signal).tension_signals == (signal,)
    else:
        with pytest.raises(ValidationError):
            add_tension_signal(empty_plan(), signal)


def test_emergency_part_has_the_national_numbers_then_named_contacts() -> None:
    plan = add_named_contact(empty_plan(), " Buurvrouw Ans ", "06-98765432")
    contacts = emergency_contacts(plan)
    assert [(c.kind, c.number, c.name) for c in contacts] == [
        (ContactKind.EMERGENCY, "112", ""),
        (ContactKind.VEILIG_THUIS, "0800-2000", ""),
        (ContactKind.NAMED, "06-98765432", "Buurvrouw Ans"),
    ]
    assert contacts[1].display_name == ContactKind.VEILIG_THUIS.label
    assert contacts[2].display_name == "Buurvrouw Ans"


def test_emergency_numbers_are_configurable() -> None:
    numbers = EmergencyNumbers(emergency="112", veilig_thuis="0800 2000 (regio Test)")
    assert [c.number for c in emergency_contacts(empty_plan(), numbers)] == [
        "112", "0800 2000 (regio Test)"
    ]


@pytest.mark.parametrize(
    ("name", "number", "field"),
    [("Ans", "", "number"), ("Ans", "bel maar", "number"), ("", "06-98765432", "name")],
)
def test_named_contact_validation(name: str, number: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_named_contact(empty_plan(), name, number)
    assert caught.value.field == field


# --- evaluation dates and deadlines ---------------------------------------------------------

J1, F1, M1, A1 = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)


@pytest.mark.parametrize(
    ("planned", "held", "expected"),
    [
        ([], [], None),
        ([M1, F1], [], F1),  # earliest planned, whatever the order entered
        ([F1, M1], [F1], M1),  # the evaluation of F1 was held
        ([F1, M1], [J1], F1),  # an earlier evaluation does not cover F1
        ([F1], [F1], None),
        ([F1, A1], [M1], A1),  # F1 was passed by a later evaluation
    ],
)
def test_next_evaluation(planned: list[date], held: list[date], expected: date | None) -> None:
    plan = empty_plan()
    for day in planned:
        plan = plan_evaluation(plan, day)
    for n, day in enumerate(held):
        plan = record_evaluation(plan, Evaluation(f"e{n}", day, Transition.STAY))
    assert next_evaluation(plan) == expected


def test_an_evaluation_plans_the_next_one() -> None:
    plan = plan_evaluation(empty_plan(), F1)
    plan = record_evaluation(plan, Evaluation("e1", F1, Transition.STAY, next_on=A1))
    assert plan.evaluation_dates == (F1, A1)
    assert next_evaluation(plan) == A1


def test_deadlines_soonest_first_with_overdue_flag() -> None:
    plan = plan_evaluation(empty_plan(), M1)
    plan = add_item(plan, item("late", due=F1), state_in(2))
    plan = add_item(plan, item("done", due=J1, status=ItemStatus.DONE), state_in(2))
    plan = add_item(plan, item("broken", due=J1, status=ItemStatus.NOT_KEPT), state_in(2))
    plan = add_item(plan, item("standing"), state_in(2))  # no date: no deadline
    plan = add_goal(plan, goal("g1", due=A1), state_in(2))
    plan = add_goal(plan, goal("g2", due=J1, reached_on=J1), state_in(2))
    result = deadlines(plan, today=date(2026, 2, 15))
    assert [(d.due, d.kind, d.ref_id, d.overdue) for d in result] == [
        (F1, DeadlineKind.PLAN_ITEM, "late", True),
        (M1, DeadlineKind.EVALUATION, None, False),
        (A1, DeadlineKind.GOAL, "g1", False),
    ]


def test_plan_guidance_warns_against_joint_conversations_for_intimate_terror() -> None:
    plan = replace(empty_plan(), profiles=select_profiles(
        [FamilyProfile.INTIMATE_TERROR, FamilyProfile.FAMILY_UNDER_STRESS]
    ))
    codes = [g.code for g in plan_guidance(plan)]
    assert codes[0] is GuidanceCode.NO_JOINT_CONVERSATIONS
    assert GuidanceCode.JOINT_CONVERSATION_CAN_HELP not in codes



def test_a_phase_number_from_the_store_still_blocks_recovery() -> None:
    # The store keeps the phase as a plain 1–5; phase 1 must still mean "not safe yet".
    from_store = PhaseState(1, date(2026, 1, 5))  # type: ignore[arg-type]
    with pytest.raises(PhaseRuleError):
        add_item(empty_plan(), item(phase=3, person_id=CHILD), from_store)
