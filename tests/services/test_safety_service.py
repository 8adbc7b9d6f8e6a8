"""The safety-plan services on real SQLCipher files: the plan persists, every
change is a version, a relapse is one action, the case list follows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.cases.model import Role
from app.errors import ValidationError
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from app.safety import (
    Actor,
    ActorKind,
    ConditionSource,
    Evaluation,
    FamilyProfile,
    ItemStatus,
    Phase,
    PhaseChange,
    PhaseRuleError,
    PlanItem,
    Relapse,
    SafetyCondition,
    ScaleScore,
    ScaleView,
    SupportPerson,
    Transition,
    select_profiles,
)
from app.services import cases as case_service
from app.services import meldcode, safety
from app.store.audit import AuditAction
from app.store.database import DatabaseError
from app.store.store import Store
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()


def at(days: int) -> datetime:
    return NOW + timedelta(days=days)


@pytest.fixture
def family(store: Store):
    case = case_service.create_case(store, "Familie Öztürk")
    mother = case_service.add_person(store, case.id, "Zeynep Öztürk", Role.PARENT, age=31)
    father = case_service.add_person(store, case.id, "Murat Öztürk", Role.PARTNER, age=35)
    return case.id, mother.id, father.id


def condition(text: str, set_on: date = TODAY) -> SafetyCondition:
    return SafetyCondition(f"c-{text}", text, ConditionSource.VEILIG_THUIS, set_on)


def agreement(item_id: str, person: str, answers: set[str], due: date | None = None,
              phase: Phase = Phase.DIRECT_SAFETY) -> PlanItem:
    return PlanItem(item_id, f"Afspraak {item_id}", "Zodat het veilig is",
                    Actor(ActorKind.FAMILY_MEMBER, person_id=person), phase, due,
                    answers=frozenset(answers), person_id=person)


def summary(store: Store, case_id: str):
    return next(s for s in case_service.list_cases(store) if s.id == case_id)


def test_a_new_case_has_an_empty_plan_in_phase_1_that_is_not_saved(store: Store, family):
    case_id, _m, _f = family
    loaded = safety.load_plan(store, case_id, today=TODAY)
    assert not loaded.started and loaded.version == 0
    assert loaded.state.phase == Phase.DIRECT_SAFETY and loaded.state.since == TODAY
    assert loaded.plan.case_id == case_id and loaded.plan.items == ()
    assert safety.plan_versions(store, case_id) == []
    assert summary(store, case_id).safety_phase is None


def test_the_plan_persists_across_reopening_and_keeps_every_version(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        case_id = case_service.create_case(store, "Familie Nowak").id
        mother = case_service.add_person(store, case_id, "Agnieszka Nowak", Role.PARENT).id
        safety.add_condition(store, case_id, condition("Geen geweld meer"), now=NOW)
        safety.set_biggest_concern(store, case_id, "Vader slaat moeder.", now=at(0))
        safety.add_item(store, case_id, agreement("a1", mother, {"c-Geen geweld meer"}),
                        now=at(1))
        safety.add_support_person(store, case_id, SupportPerson(
            "n1", "Małgorzata", "zus", "06-12345678"), now=at(1))
        safety.set_item_status(store, case_id, "a1", ItemStatus.DONE, now=at(2))
    with Store.open(store_path, PASSPHRASE) as store:
        loaded = safety.load_plan(store, case_id)
        versions = safety.plan_versions(store, case_id)
    assert loaded.started and loaded.version == 5
    assert loaded.plan.biggest_concern == "Vader slaat moeder."
    assert [i.status for i in loaded.plan.items] == [ItemStatus.DONE]
    assert loaded.plan.network[0].name == "Małgorzata"
    assert loaded.state.phase == Phase.DIRECT_SAFETY and loaded.state.since == TODAY
    assert [v.version for v in versions] == [1, 2, 3, 4, 5]
    assert [v.change for v in versions] == [
        "add_condition", "set_biggest_concern", "add_item", "add_support_person",
        "set_item_status"]
    # Earlier versions are kept as they were.
    assert versions[0].plan.items == () and versions[0].plan.biggest_concern == ""
    assert versions[3].plan.items[0].status == ItemStatus.OPEN


def test_stored_versions_cannot_be_changed_or_deleted(store: Store, family):
    case_id, _m, _f = family
    safety.set_biggest_concern(store, case_id, "Zorg", now=NOW)
    for sql in ("UPDATE safety_plans SET change = 'x'",
                "DELETE FROM safety_plans WHERE case_id = ?"):
        with pytest.raises(DatabaseError, match="append-only"):
            store.conn.execute(sql, *((case_id,),) if "?" in sql else ())
    # Erasing the whole case still removes its plan.
    with store.transaction():
        store.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
    assert store.conn.execute("SELECT count(*) FROM safety_plans").fetchone()[0] == 0


def test_a_relapse_is_one_action_back_to_phase_1_with_date_and_reason(store: Store, family):
    case_id, mother, _f = family
    safety.add_condition(store, case_id, condition("Geen geweld"), now=NOW)
    safety.add_item(store, case_id, agreement("a1", mother, {"c-Geen geweld"}), now=NOW)
    moved = safety.record_evaluation(store, case_id, Evaluation(
        "e1", TODAY + timedelta(days=14), Transition.MOVE_ON, conditions_met=True),
        now=at(14))
    assert moved.state.phase == Phase.STABLE_SAFETY
    assert summary(store, case_id).safety_phase == 2

    relapse_on = TODAY + timedelta(days=20)
    back = safety.record_relapse(store, case_id, relapse_on, "Vader sloeg moeder opnieuw.",
                                 now=at(20))
    assert back.state.phase == Phase.DIRECT_SAFETY and back.state.since == relapse_on
    change, relapse = back.state.history
    assert isinstance(change, PhaseChange) and change.to_phase == Phase.STABLE_SAFETY
    assert relapse == Relapse(relapse_on, Phase.STABLE_SAFETY, "Vader sloeg moeder opnieuw.")
    # One version, one audit entry, and the list shows phase 1 again.
    versions = safety.plan_versions(store, case_id)
    assert versions[-1].change == "relapse" and versions[-1].version == versions[-2].version + 1
    assert safety.load_plan(store, case_id).state.history[-1] == relapse
    assert summary(store, case_id).safety_phase == 1
    entries = [e for e in store.audit.entries(case_id) if e.detail.get("change") == "relapse"]
    assert len(entries) == 1 and entries[0].action == AuditAction.CHANGE
    assert "Vader" not in str(entries[0].detail)  # ids and codes only


def test_a_relapse_needs_a_reason_and_leaves_nothing_behind(store: Store, family):
    case_id, _m, _f = family
    safety.set_biggest_concern(store, case_id, "Zorg", now=NOW)
    with pytest.raises(ValidationError):
        safety.record_relapse(store, case_id, TODAY, "  ", now=NOW)
    assert safety.load_plan(store, case_id).version == 1


def test_recovery_work_is_refused_in_phase_1(store: Store, family):
    case_id, mother, _f = family
    with pytest.raises(PhaseRuleError):
        safety.add_item(store, case_id, agreement("r1", mother, set(), phase=Phase.RECOVERY),
                        now=NOW)
    assert safety.plan_versions(store, case_id) == []


def test_moving_on_with_unmet_conditions_is_refused(store: Store, family):
    case_id, _m, _f = family
    safety.add_condition(store, case_id, condition("Geen geweld"), now=NOW)
    with pytest.raises(PhaseRuleError):
        safety.record_evaluation(store, case_id, Evaluation(
            "e1", TODAY, Transition.MOVE_ON, conditions_met=False), now=NOW)
    assert safety.load_plan(store, case_id).state.phase == Phase.DIRECT_SAFETY


def test_the_case_list_shows_the_phase_and_the_earliest_due_date(store: Store, family):
    case_id, mother, _f = family
    # The meldcode has its own deadlines: a signal starts the consultation term.
    meldcode.record_signal(store, case_id, Signal(
        "s1", NOW - timedelta(hours=1), (mother,), frozenset({ViolenceForm.PARTNER_VIOLENCE}),
        SourceKind.OWN_OBSERVATION, "Blauwe plek op de arm."), NOW)
    meldcode_due = meldcode.case_deadlines(store, case_id)[0].due
    before = summary(store, case_id)
    assert before.safety_phase is None and before.next_due == meldcode_due

    # A later safety deadline does not move next_due …
    safety.add_condition(store, case_id, condition("Geen geweld"), now=NOW)
    safety.plan_evaluation(store, case_id, meldcode_due + timedelta(days=30), now=NOW)
    later = summary(store, case_id)
    assert later.safety_phase == 1 and later.next_due == meldcode_due
    # … an earlier one does.
    soon = meldcode_due - timedelta(days=1)
    safety.add_item(store, case_id, agreement("a1", mother, {"c-Geen geweld"}, due=soon),
                    now=NOW)
    assert summary(store, case_id).next_due == soon
    # Done items no longer count; the meldcode deadline is the earliest again.
    safety.set_item_status(store, case_id, "a1", ItemStatus.DONE, now=NOW)
    assert summary(store, case_id).next_due == meldcode_due
    # A meldcode change keeps the safety phase in the list.
    meldcode.record_signal(store, case_id, Signal(
        "s2", NOW - timedelta(minutes=5), (mother,), frozenset({ViolenceForm.PARTNER_VIOLENCE}),
        SourceKind.OWN_OBSERVATION, "Moeder huilde."), NOW)
    assert summary(store, case_id).safety_phase == 1


def test_evaluation_scores_join_the_scaling_history(store: Store, family):
    case_id, mother, _f = family
    safety.add_scale_score(store, case_id, ScaleScore(mother, TODAY, ScaleView.WORKER, 3),
                           now=NOW)
    evaluation = Evaluation("e1", TODAY + timedelta(days=7), Transition.STAY,
                            worker_score=4, family_score=6, next_on=TODAY + timedelta(days=21))
    plan = safety.record_evaluation(store, case_id, evaluation, scale_person_id=mother,
                                    now=at(7)).plan
    assert [(s.view, s.score) for s in plan.scale_scores] == [
        (ScaleView.WORKER, 3), (ScaleView.WORKER, 4), (ScaleView.FAMILY, 6)]
    assert plan.evaluations == (evaluation,)
    assert summary(store, case_id).next_due == TODAY + timedelta(days=21)


def test_profiles_contacts_and_audit_entries(store: Store, family):
    case_id, _m, _f = family
    safety.set_profiles(store, case_id, select_profiles(
        {FamilyProfile.INTIMATE_TERROR, FamilyProfile.FAMILY_UNDER_STRESS}), now=NOW)
    safety.add_named_contact(store, case_id, "Buurvrouw Aylin", "06-12345678", now=NOW)
    with pytest.raises(ValidationError):
        safety.add_named_contact(store, case_id, "Oom", "bel maar", now=NOW)
    plan = safety.load_plan(store, case_id).plan
    assert plan.profiles.profiles == {FamilyProfile.INTIMATE_TERROR,
                                      FamilyProfile.FAMILY_UNDER_STRESS}
    assert [c.name for c in plan.named_contacts] == ["Buurvrouw Aylin"]
    changes = [e for e in store.audit.entries(case_id) if e.detail.get("kind") == "safety_plan"]
    assert [e.detail["change"] for e in changes] == ["set_profiles", "add_named_contact"]
    assert all("Aylin" not in str(e.detail) for e in changes)
