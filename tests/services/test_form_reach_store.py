"""Every answer of the meldcode and handover forms survives the store and reaches
the handover's JSON.

The same answers as ``tests/forms/test_form_reach.py`` (every field filled,
scenarios that show every field), now with the case's real people, recorded
through the services on a real SQLCipher store and read back: the object
read back equals the object written. Then each answer is changed on its own
and the handover JSON must change with it; the answers Veilig Thuis does not
get are listed here with the reason, so leaving one out is a decision someone
wrote down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import uuid4

import pytest

from app.cases.model import Role
from app.export.handover import handover_json
from app.forms import safety as forms_safety
from app.meldcode.signals import SignalHistory
from app.safety.plan import ConditionSource, Goal, GoalKind, SafetyCondition
from app.services import handover, meldcode, safety
from app.services.cases import add_person, create_case
from tests.export.handover_case import PROFILE
from tests.forms import reach
from tests.forms.test_form_reach import FORM_CASES, REPORT_WEIGHING, SOURCES, FormCase

# Where each record is recorded, how it is read back, and where it sits in the
# handover's input.
Record = Callable[[Any, str, Any], None]
Load = Callable[[Any, str], Any]
Place = Callable[[Any, Any], Any]


def _records(field: str) -> tuple[Load, Place]:
    def load(store, case_id):
        return getattr(meldcode.load_records(store, case_id), field)[-1]

    def place(data, record):
        return replace(data, records=replace(data.records, **{field: (record,)}))

    return load, place


def _signal_place(data, signal):
    history = SignalHistory.start(signal, reach.NOW)
    return replace(data, records=replace(data.records, signals=(history,)))


def _decision_record(store, case_id, decision):
    weighing = replace(REPORT_WEIGHING, id=str(uuid4()))
    meldcode.record_weighing(store, case_id, weighing)
    decision = replace(decision, weighing_id=weighing.id)
    meldcode.record_decision(store, case_id, decision)
    return decision


STORED: dict[str, tuple[Record, Load, Place]] = {
    "signal": (meldcode.record_signal,
               lambda store, case_id: meldcode.load_records(store, case_id).signals[-1].current,
               _signal_place),
    "risk_profile": (meldcode.record_risk_profile, *_records("risk_profiles")),
    "kindcheck_run": (meldcode.record_kindcheck_run, *_records("kindcheck_runs")),
    "consultation": (meldcode.record_consultation, *_records("consultations")),
    "conversation": (meldcode.record_conversation, *_records("conversations")),
    "weighing": (meldcode.record_weighing, *_records("weighings")),
    "decision": (_decision_record, *_records("decisions")),
    "acute_path": (meldcode.record_acute_path, *_records("acute_paths")),
    "worker_profile": (lambda store, _case_id, p: handover.set_worker_profile(store, p),
                       lambda store, _case_id: handover.get_worker_profile(store),
                       lambda data, p: replace(data, profile=p)),
    "handover_details": (handover.set_handover_details, handover.get_handover_details,
                         lambda data, d: replace(data, details=d, report_kind=(
                             handover.resolve_report_kind(d, data.records, None)))),
}
NOT_STORED_HERE = {
    "quick_signal": "kept as a draft of its raw answers until it is completed into a signal",
    "vt_feedback": "what Veilig Thuis sends back; tests/services/test_handover_service.py",
}
# Answers that do not reach the handover's JSON on purpose, and why.
NOT_FOR_VEILIG_THUIS: dict[str, dict[str, str]] = {}


def test_every_meldcode_and_handover_form_is_stored_here():
    forms = {n for n in FORM_CASES if not n.startswith("safety.")}
    assert forms == set(STORED) | set(NOT_STORED_HERE)


def _household(store):
    case = create_case(store, "Familie Reach")
    people = [add_person(store, case.id, name, role, age=age)
              for name, role, age in (("Moeder", Role.PARENT, 35), ("Vader", Role.PARENT, 37),
                                      ("Kind", Role.CHILD, 8), ("Baby", Role.CHILD, 1))]
    return case, reach.context(tuple((p.id, p.name) for p in people), SOURCES)


@pytest.mark.parametrize("name", sorted(STORED))
def test_every_answer_is_stored_and_reaches_the_handover(store, name):
    case: FormCase = FORM_CASES[name]
    record, load, place = STORED[name]
    skip = {**case.not_carried, **NOT_FOR_VEILIG_THUIS.get(name, {})}
    reached: set[str] = set()
    dropped: set[str] = set()
    for fixed in case.scenarios:
        kase, ctx = _household(store)
        values = reach.fill(case.form, ctx, fixed)
        obj = reach.call_build(case.build, values, ctx)
        obj = replace(obj, id=str(uuid4())) if hasattr(obj, "id") else obj  # stored once each
        recorded = record(store, kase.id, obj)
        obj = recorded if isinstance(recorded, type(obj)) else obj  # as the service stored it
        assert reach.snapshot(load(store, kase.id)) == reach.snapshot(obj), name
        data = handover.handover_input(store, kase.id)
        if data.profile is None:
            data = replace(data, profile=PROFILE)
        like = _like(obj)
        base = handover_json(place(data, obj))
        assert base == handover_json(data), name
        for key, changed, other in reach.variations(case.form, ctx, values, case.build):
            if changed is None or key in skip:
                continue
            if handover_json(place(data, like(other))) == base:
                dropped.add(key)
            else:
                reached.add(key)
    assert not dropped - reached, (
        f"{name}: changing {sorted(dropped - reached)} does not change the handover's JSON")
    missing = set(case.form.keys) - reached - set(skip)
    assert not missing, f"{name}: never shown to reach the handover: {sorted(missing)}"


def _like(recorded: Any) -> Callable[[Any], Any]:
    """A variation as the service would have stored it: the recorded object's
    id (and the weighing it follows), so only the varied answer differs."""
    def give(obj: Any) -> Any:
        keep = {k: getattr(recorded, k) for k in ("id", "weighing_id") if hasattr(obj, k)}
        return replace(obj, **keep) if keep else obj
    return give


# -- the safety plan's forms --------------------------------------------------------


def _plan_case(store):
    """A case with a plan holding the conditions and goals the item form offers."""
    kase, ctx = _household(store)
    mother = ctx.people[0][0]
    safety.add_conditions(store, kase.id, [
        SafetyCondition(code, text, ConditionSource.VEILIG_THUIS, reach.TODAY)
        for code, text in SOURCES[forms_safety.CONDITIONS]])
    for code, text in SOURCES[forms_safety.GOALS]:
        safety.add_goal(store, kase.id, Goal(code, mother, GoalKind.SAFETY, text, "Gezien."))
    return kase, ctx


def _plan(store, case_id):
    return safety.load_plan(store, case_id).plan


def _with_plan(data, **changes):
    return replace(data, plan=replace(data.plan, **changes))


SAFETY_STORED: dict[str, tuple[Record, Load, Place]] = {
    "safety.condition": (
        lambda store, case_id, c: safety.add_condition(store, case_id, c),
        lambda store, case_id: _plan(store, case_id).conditions[-1],
        lambda data, c: _with_plan(data, conditions=(*data.plan.conditions[:-1], c))),
    "safety.item": (
        lambda store, case_id, item: safety.add_item(store, case_id, item),
        lambda store, case_id: _plan(store, case_id).items[-1],
        lambda data, item: _with_plan(data, items=(item,))),
    "safety.support_person": (
        lambda store, case_id, p: safety.add_support_person(store, case_id, p),
        lambda store, case_id: _plan(store, case_id).network[-1],
        lambda data, p: _with_plan(data, network=(p,))),
}
SAFETY_NOT_IN_HANDOVER = {
    "safety.arrangements": "terms and what follows kept or not kept are words for the family "
                           "(the family plan); the overseer and with whom are in plan JSON",
    "safety.condition_words": "the family's own words for a condition are for the family "
                              "plan; Veilig Thuis keeps the formal text it set",
    "safety.condition_status": "progress on a condition, reported back to Veilig Thuis by "
                               "the plan's condition status",
    "safety.goal": "recovery goals (phase 3) come after the handover",
    "safety.tension_signal": "warning signs are the family's own plan",
    "safety.contact": "the family plan's emergency contacts",
    "safety.scale_score": "the worker's scaling over time",
    "safety.evaluation": "evaluations come after the handover",
    "safety.relapse": "a relapse starts phase 1 again",
    "safety.profiles": "the family profile is a working aid, kept out of every export",
}
NOT_FOR_VEILIG_THUIS.update({
    "safety.condition": {"family_words": "for the family plan; Veilig Thuis keeps the "
                                         "formal text it set"},
    "safety.item": {"person_id": "whose recovery plan (phase 3): not a safety agreement",
                    "goal_id": "the goal it serves (phase 3): not a safety agreement"},
})


def test_every_safety_form_is_placed_here():
    forms = {n for n in FORM_CASES if n.startswith("safety.")}
    assert forms == set(SAFETY_STORED) | set(SAFETY_NOT_IN_HANDOVER)


@pytest.mark.parametrize("name", sorted(SAFETY_STORED))
def test_every_safety_answer_is_stored_and_reaches_the_handover(store, name):
    case: FormCase = FORM_CASES[name]
    record, load, place = SAFETY_STORED[name]
    skip = {**case.not_carried, **NOT_FOR_VEILIG_THUIS.get(name, {})}
    reached: set[str] = set()
    dropped: set[str] = set()
    for fixed in case.scenarios:
        kase, ctx = _plan_case(store)
        values = reach.fill(case.form, ctx, fixed)
        obj = reach.call_build(case.build, values, ctx)
        record(store, kase.id, obj)
        assert reach.snapshot(load(store, kase.id)) == reach.snapshot(obj), name
        data = handover.handover_input(store, kase.id)
        data = replace(data, profile=data.profile or PROFILE)
        base = handover_json(data)
        for key, changed, other in reach.variations(case.form, ctx, values, case.build):
            if changed is None or key in skip:
                continue
            if handover_json(place(data, other)) == base:
                dropped.add(key)
            else:
                reached.add(key)
    assert not dropped - reached, (
        f"{name}: changing {sorted(dropped - reached)} does not change the handover's JSON")
    missing = set(case.form.keys) - reached - set(skip)
    assert not missing, f"{name}: never shown to reach the handover: {sorted(missing)}"
