"""Meldcode use cases on real SQLCipher stores: recording, correcting,
guards, the case-list summary, drafts, audit entries and the demo store."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.cases.model import Person, Role
from app.errors import ValidationError
from app.meldcode.afwegingskader import WeighingAnswers
from app.meldcode.deadlines import DEFAULT_TERMS, add_working_days
from app.meldcode.progress import StepGuardError
from app.meldcode.records import ConsultationPartner, Conversation, ConversationSkipReason
from app.meldcode.steps import Step
from app.meldcode.vocabulary import ViolenceForm
from app.services import cases as case_service
from app.services import meldcode
from app.services.cases import CaseNotFound
from app.services.demo import DEMO_FAMILIES, create_demo_store
from app.store.audit import AuditAction
from app.store.records import RecordKind
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.meldcode import builders as b

NOW = b.NOW
TODAY = b.TODAY


@pytest.fixture
def family(store: Store) -> tuple[str, Person, Person]:
    """A case with a mother and a child: (case id, mother, child)."""
    case = case_service.create_case(store, "Familie Dewaele")
    mother = case_service.add_person(store, case.id, "Inès Dewaele", Role.PARENT, age=34)
    child = case_service.add_person(store, case.id, "Noor Dewaele", Role.CHILD, age=6)
    return case.id, mother, child


def _signal(child: Person, **changes):
    return b.signal(concerns=(child.id,), **changes)


def _steps_1_to_3(store: Store, case_id: str, mother: Person, child: Person) -> None:
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    meldcode.record_risk_profile(store, case_id, b.risk_profile(), NOW)
    meldcode.record_kindcheck_run(store, case_id, b.kindcheck_run(), NOW)
    meldcode.record_consultation(store, case_id, b.consultation(), NOW)
    meldcode.record_conversation(store, case_id, b.conversation(participants=(mother.id,)), NOW)


def _audit_count(store: Store) -> int:
    return len(store.audit.entries())


# -- signals ---------------------------------------------------------------------


def test_a_recorded_signal_is_version_1_of_its_history(store: Store, family):
    case_id, _mother, child = family
    history = meldcode.record_signal(store, case_id, _signal(child), NOW)
    assert [v.number for v in history.versions] == [1]
    stored = meldcode.signal_history(store, history.id)
    assert stored == history
    assert stored.versions[0].author == store.worker_id
    [loaded] = meldcode.load_records(store, case_id).signals
    assert loaded.current == _signal(child)


@pytest.mark.parametrize(("changes", "field"), [
    ({"concerns": ("someone-else",)}, "concerns"),
    ({"observed_at": NOW + timedelta(hours=1)}, "observed_at"),
    ({"facts": "  "}, "facts"),
])
def test_an_invalid_signal_is_refused_and_nothing_is_stored(store: Store, family, changes,
                                                            field):
    case_id, _mother, child = family
    before = _audit_count(store)
    signal = _signal(child)
    with pytest.raises(ValidationError) as caught:
        meldcode.record_signal(store, case_id, replace(signal, **changes), NOW)
    assert caught.value.field == field
    assert meldcode.load_records(store, case_id).signals == ()
    assert _audit_count(store) == before


def test_a_corrected_signal_keeps_both_versions_and_the_reason(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Dewaele")
        child = case_service.add_person(store, case.id, "Noor Dewaele", Role.CHILD, age=6)
        original = _signal(child)
        meldcode.record_signal(store, case.id, original, NOW)
        corrected = replace(original, facts="Blauwe plek op de rechterwang, ongeveer 3 cm.")
        meldcode.correct_signal(store, case.id, corrected, "  Verkeerde wang genoteerd. ",
                                NOW + timedelta(hours=2))
    with Store.open(store_path, PASSPHRASE) as store:
        history = meldcode.signal_history(store, original.id)
        current = meldcode.load_records(store, case.id).signals[0].current
    assert [(v.number, v.signal, v.reason) for v in history.versions] == [
        (1, original, ""), (2, corrected, "Verkeerde wang genoteerd.")]
    assert history.versions[1].recorded_at == NOW + timedelta(hours=2)
    assert current == corrected


@pytest.mark.parametrize(("reason", "change"), [
    ("", True),
    ("Gewoon", False),  # a correction must change something
])
def test_a_correction_needs_a_reason_and_a_change(store: Store, family, reason, change):
    case_id, _mother, child = family
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    signal = _signal(child, facts="Anders") if change else _signal(child)
    with pytest.raises(ValidationError):
        meldcode.correct_signal(store, case_id, signal, reason, NOW)
    assert len(meldcode.signal_history(store, signal.id).versions) == 1


def test_only_a_signal_of_this_case_can_be_corrected(store: Store, family):
    case_id, _mother, child = family
    other = case_service.create_case(store, "Familie Anders").id
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    meldcode.record_consultation(store, case_id, b.consultation(), NOW)
    for target_case, signal in ((other, _signal(child, facts="x")),
                                (case_id, _signal(child, id="unknown")),
                                (case_id, _signal(child, id="con-1"))):
        with pytest.raises(meldcode.SignalNotFound):
            meldcode.correct_signal(store, target_case, signal, "Reden", NOW)
    with pytest.raises(meldcode.SignalNotFound):
        meldcode.signal_history(store, "con-1")


def test_a_correction_before_the_original_is_a_clock_problem(store: Store, family):
    case_id, _mother, child = family
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    with pytest.raises(meldcode.ClockBehind):
        meldcode.correct_signal(store, case_id, _signal(child, facts="x"), "Reden",
                                NOW - timedelta(minutes=1))


def test_the_same_record_twice_is_refused(store: Store, family):
    case_id, _mother, child = family
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    with pytest.raises(meldcode.AlreadyRecorded):
        meldcode.record_signal(store, case_id, _signal(child), NOW)


def test_records_for_an_unknown_case_are_refused(store: Store):
    with pytest.raises(CaseNotFound):
        meldcode.record_consultation(store, "nope", b.consultation(), NOW)
    with pytest.raises(CaseNotFound):
        meldcode.load_records(store, "nope")


# -- the other records and the guards ---------------------------------------------------


def test_every_kindcheck_run_is_kept(store: Store, family):
    case_id, _mother, _child = family
    meldcode.record_kindcheck_run(store, case_id, b.kindcheck_run(), NOW)
    meldcode.record_kindcheck_run(store, case_id, b.kindcheck_run(
        id="kc-2", answers=b.kindcheck_answers(parental_problems=frozenset(),
                                               child_contacts=None, children=(),
                                               concerns=None)), NOW)
    runs = meldcode.load_records(store, case_id).kindcheck_runs
    assert [r.id for r in runs] == ["kc-1", "kc-2"]


def test_an_unfinished_kindcheck_is_refused(store: Store, family):
    case_id, _mother, _child = family
    with pytest.raises(ValidationError):
        meldcode.record_kindcheck_run(store, case_id, b.kindcheck_run(
            answers=b.kindcheck_answers(concerns=None)), NOW)


def test_a_decision_without_a_weighing_is_refused(store: Store, family):
    case_id, mother, child = family
    _steps_1_to_3(store, case_id, mother, child)
    before = _audit_count(store)
    with pytest.raises(StepGuardError) as caught:
        meldcode.record_decision(store, case_id, b.decision_for(b.weighing()), NOW)
    assert "afweging" in caught.value.message
    assert meldcode.load_records(store, case_id).decisions == ()
    assert _audit_count(store) == before


def test_a_decision_after_an_unfinished_weighing_is_refused(store: Store, family):
    case_id, _mother, _child = family
    meldcode.record_weighing(store, case_id, b.weighing(b.UNFINISHED_ANSWERS), NOW)
    with pytest.raises(StepGuardError):
        meldcode.record_decision(store, case_id, b.decision_for(b.weighing()), NOW)


def test_a_decision_that_does_not_follow_the_weighing_is_refused(store: Store, family):
    case_id, _mother, _child = family
    weighing = b.weighing(b.OFFER_HELP_ANSWERS)
    meldcode.record_weighing(store, case_id, weighing, NOW)
    with pytest.raises(StepGuardError):
        meldcode.record_decision(store, case_id, b.decision_for(b.weighing()), NOW)
    meldcode.record_decision(store, case_id, b.decision_for(weighing), NOW)
    with pytest.raises(StepGuardError):  # a second decision needs a new weighing
        meldcode.record_decision(store, case_id, b.decision_for(weighing, id="d-2"), NOW)


def test_on_the_acute_path_a_decision_needs_no_weighing(store: Store, family):
    case_id, _mother, _child = family
    path = b.acute_path()
    meldcode.record_acute_path(store, case_id, path, NOW)
    assert meldcode.case_progress(store, case_id).current_step is Step.DECIDE
    meldcode.record_decision(store, case_id, b.acute_decision(path), NOW)
    records = meldcode.load_records(store, case_id)
    assert records.latest_decision == b.acute_decision(path)


def test_honour_related_violence_needs_a_specialist_before_the_conversation(store: Store,
                                                                            family):
    case_id, mother, child = family
    meldcode.record_signal(store, case_id, _signal(child, forms=frozenset({
        ViolenceForm.HONOUR_RELATED_VIOLENCE})), NOW)
    talk = b.conversation(participants=(mother.id,))
    with pytest.raises(StepGuardError):
        meldcode.record_conversation(store, case_id, talk, NOW)
    meldcode.record_consultation(store, case_id, b.consultation(
        partner=ConsultationPartner.VEILIG_THUIS_ADVICE), NOW)
    meldcode.record_conversation(store, case_id, talk, NOW)


def test_a_conversation_with_someone_outside_the_case_is_refused(store: Store, family):
    case_id, _mother, _child = family
    with pytest.raises(ValidationError) as caught:
        meldcode.record_conversation(store, case_id, b.conversation(), NOW)
    assert caught.value.field == "participants"


def test_a_skipped_conversation_is_recorded(store: Store, family):
    case_id, _mother, _child = family
    meldcode.record_conversation(store, case_id, Conversation(
        "talk-2", TODAY, False, skip_reason=ConversationSkipReason.NO_CONTACT,
        skip_explanation="Drie keer gebeld en een brief gestuurd."), NOW)
    assert meldcode.load_records(store, case_id).conversations[0].id == "talk-2"


# -- the case-list summary ----------------------------------------------------------


def _summary(store: Store, case_id: str):
    return next(s for s in case_service.list_cases(store) if s.id == case_id)


def test_the_case_list_follows_the_records(store: Store, family):
    case_id, mother, child = family
    assert (_summary(store, case_id).current_step, _summary(store, case_id).next_due) == (
        1, None)
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    summary = _summary(store, case_id)
    assert summary.current_step == 1
    assert summary.next_due == TODAY + timedelta(days=DEFAULT_TERMS.stalled_step_days)
    assert summary.updated_at == NOW

    meldcode.record_risk_profile(store, case_id, b.risk_profile(), NOW)
    meldcode.record_kindcheck_run(store, case_id, b.kindcheck_run(), NOW)
    assert _summary(store, case_id).current_step == 2
    meldcode.record_consultation(store, case_id, b.consultation(), NOW)
    assert _summary(store, case_id).current_step == 3
    meldcode.record_conversation(store, case_id, b.conversation(participants=(mother.id,)),
                                 NOW)
    assert _summary(store, case_id).current_step == 4

    weighing = b.weighing()
    meldcode.record_weighing(store, case_id, weighing, NOW)
    assert _summary(store, case_id).current_step == 5
    meldcode.record_decision(store, case_id, b.decision_for(weighing), NOW)
    summary = _summary(store, case_id)
    assert summary.current_step == 5
    # Reported today: Veilig Thuis assesses within five working days.
    assert summary.next_due == add_working_days(TODAY, 5)
    assert meldcode.case_progress(store, case_id).current_step is None
    assert meldcode.case_deadlines(store, case_id)[0].due == summary.next_due


def test_help_offered_shows_the_follow_up_date(store: Store, family):
    case_id, mother, child = family
    _steps_1_to_3(store, case_id, mother, child)
    weighing = b.weighing(WeighingAnswers(True, False, False, True, True))
    meldcode.record_weighing(store, case_id, weighing, NOW)
    meldcode.record_decision(store, case_id, b.decision_for(weighing), NOW)
    assert _summary(store, case_id).next_due == TODAY + timedelta(weeks=6)
    assert meldcode.case_progress(store, case_id).awaiting_follow_up


def test_the_summary_keeps_the_safety_phase(store: Store, family):
    case_id, _mother, child = family
    store.cases.set_summary(case_id, 1, 2, None)
    meldcode.record_signal(store, case_id, _signal(child), NOW)
    assert _summary(store, case_id).safety_phase == 2


# -- drafts --------------------------------------------------------------------


DRAFT = {"facts": "Blauwe plek", "forms": ["physical_abuse"], "acute": False,
         "observed_on": date(2026, 3, 9), "observed_at": datetime(2026, 3, 9, 15, 30),
         "age": 6, "source_detail": None}


def test_drafts_survive_closing_and_reopening_the_store(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        case_id = case_service.create_case(store, "Familie Dewaele").id
        meldcode.save_draft(store, "draft-1", case_id, "signal", {"facts": "Blau"}, NOW)
        meldcode.save_draft(store, "draft-1", case_id, "signal", DRAFT, NOW)
        meldcode.save_draft(store, "quick-1", None, "signal", {"facts": "Snel"}, NOW)
    with Store.open(store_path, PASSPHRASE) as store:
        [in_case] = meldcode.drafts(store, case_id)
        everything = meldcode.drafts(store)
    assert in_case.values == DRAFT and in_case.kind == "signal"
    assert {d.id for d in everything} == {"draft-1", "quick-1"}
    assert next(d for d in everything if d.id == "quick-1").case_id is None


def test_a_draft_survives_a_crash_without_close(store_path: Path):
    store = Store.create(store_path, PASSPHRASE)
    meldcode.save_draft(store, "d", None, "signal", DRAFT, NOW)
    store.conn.close()  # no checkpoint, no lock: as after a crash
    with Store.open(store_path, PASSPHRASE) as again:
        assert meldcode.drafts(again)[0].values == DRAFT


def test_saving_a_draft_writes_no_audit_entry(store: Store, family):
    case_id, _mother, _child = family
    before = _audit_count(store)
    for n in range(5):
        meldcode.save_draft(store, "d", case_id, "signal", {"facts": "x" * n})
    assert _audit_count(store) == before


def test_a_draft_is_discarded(store: Store):
    meldcode.save_draft(store, "d", None, "signal", DRAFT)
    assert meldcode.discard_draft(store, "d") is True
    assert meldcode.discard_draft(store, "d") is False
    assert meldcode.drafts(store) == []


def test_a_draft_for_an_unknown_case_is_refused(store: Store):
    with pytest.raises(CaseNotFound):
        meldcode.save_draft(store, "d", "nope", "signal", DRAFT)


def test_recording_from_a_draft_removes_it_in_the_same_step(store: Store, family):
    case_id, _mother, child = family
    meldcode.save_draft(store, "d", case_id, "signal", DRAFT, NOW)
    with pytest.raises(ValidationError):
        meldcode.record_signal(store, case_id, _signal(child, facts=""), NOW, draft_id="d")
    assert [d.id for d in meldcode.drafts(store)] == ["d"], "a refused record keeps the draft"
    meldcode.record_signal(store, case_id, _signal(child), NOW, draft_id="d")
    assert meldcode.drafts(store) == []


# -- audit -------------------------------------------------------------------------


def test_audit_entries_hold_ids_and_codes_only(store: Store, family):
    case_id, mother, child = family
    _steps_1_to_3(store, case_id, mother, child)
    meldcode.correct_signal(store, case_id, _signal(child, facts="Rechterwang, 3 cm."),
                            "Verkeerde wang genoteerd.", NOW)
    entries = [e for e in store.audit.entries(case_id)
               if e.action == AuditAction.CHANGE and "record" in e.detail]
    assert [(e.detail["kind"], e.detail["version"]) for e in entries] == [
        ("signal", 1), ("risk_profile", 1), ("kindcheck_run", 1), ("consultation", 1),
        ("conversation", 1), ("signal", 2)]
    for entry in entries:
        assert set(entry.detail) == {"kind", "record", "version"}
        assert entry.detail["kind"] in set(RecordKind)
    text = json.dumps([e.detail for e in store.audit.entries()], ensure_ascii=False)
    for secret in ("Dewaele", "Noor", "Inès", "Blauwe plek", "wang", "moeder", "Verkeerde"):
        assert secret not in text
    assert store.verify().ok


# -- demo ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = create_demo_store(tmp_path_factory.mktemp("demo") / "demo.db", PASSPHRASE)
    yield store
    store.close()


def _demo_case(store: Store, name: str) -> str:
    return next(s.id for s in case_service.list_cases(store) if s.household_name == name)


def test_the_demo_store_verifies(demo: Store):
    report = demo.verify()
    assert report.ok, report.problems
    assert report.cases == len(DEMO_FAMILIES)


def test_the_demo_families_stand_at_every_point_of_the_meldcode(demo: Store):
    steps = {s.household_name: s.current_step for s in case_service.list_cases(demo)}
    assert steps == {
        "Familie Yılmaz": 1, "Familie Kowalski / de Groot": 2, "Familie Nguyễn": 3,
        "Familie Коваленко": 5, "Familie Παπαδόπουλος": 5, "Familie van Dijk": 5,
    }
    assert all(s.next_due is not None for s in case_service.list_cases(demo))


def test_the_demo_holds_the_interesting_records(demo: Store):
    def records(name: str):
        return meldcode.load_records(demo, _demo_case(demo, name))

    yilmaz = records("Familie Yılmaz")
    corrected = [h for h in yilmaz.signals if h.corrections]
    assert len(corrected) == 1 and corrected[0].corrections[0].reason
    assert len(records("Familie Kowalski / de Groot").kindcheck_runs) == 2
    kovalenko = records("Familie Коваленко")
    assert kovalenko.latest_decision is not None and kovalenko.latest_decision.is_report
    acute = meldcode.case_progress(demo, _demo_case(demo, "Familie Παπαδόπουλος"))
    assert acute.acute and acute.current_step is Step.DECIDE
    assert meldcode.case_progress(demo, _demo_case(demo, "Familie van Dijk")).awaiting_follow_up


def test_the_demo_audit_log_names_no_one(demo: Store):
    text = json.dumps([e.detail for e in demo.audit.entries()], ensure_ascii=False)
    for family in DEMO_FAMILIES:
        assert family.household_name.removeprefix("Familie ") not in text
        for person in family.people:
            assert person.name.split()[0] not in text
