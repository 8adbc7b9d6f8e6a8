"""Handover use cases on a real store: one transaction and one audit entry per
change, exports logged with ids and codes only, feedback of Veilig Thuis."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.forms.handover import (
    HandoverDetails,
    ReportKind,
    VtFeedback,
    VtFeedbackKind,
    VtRoute,
    WorkerProfile,
    vt_feedback_from_values,
)
from app.services import handover
from app.services.cases import CaseNotFound
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.export.handover_case import EXPORT_PASSPHRASE, NAMES, PROFILE, make_case


def _last(store: Store):
    return store.audit.entries()[-1]


def test_worker_profile_is_one_per_store_and_survives_reopening(store, store_path: Path):
    assert handover.get_worker_profile(store) is None
    handover.set_worker_profile(store, PROFILE)
    assert _last(store).action == "change" and _last(store).object_type == "worker_profile"
    handover.set_worker_profile(store, replace(PROFILE, phone="", email="a@b.nl"))
    assert store.conn.execute("SELECT count(*) FROM worker_profile").fetchone()[0] == 1
    store.close()
    with Store.open(store_path, PASSPHRASE) as again:
        assert handover.get_worker_profile(again) == replace(PROFILE, phone="", email="a@b.nl")


@pytest.mark.parametrize("profile", [
    WorkerProfile("", "Wijkteam", phone="0612345678"),
    WorkerProfile("Fatima", "", phone="0612345678"),
    WorkerProfile("Fatima", "Wijkteam"),
    WorkerProfile("Fatima", "Wijkteam", email="geen-adres"),
])
def test_incomplete_profile_is_refused_and_nothing_is_written(store, profile):
    entries = len(store.audit.entries())
    with pytest.raises(ValidationError):
        handover.set_worker_profile(store, profile)
    assert handover.get_worker_profile(store) is None
    assert len(store.audit.entries()) == entries


def test_handover_details_round_trip_and_audit(store):
    case = make_case(store, details=False)
    assert handover.get_handover_details(store, case.case_id) == HandoverDetails()
    details = HandoverDetails(ReportKind.ADVICE, "Huisarts", "Oma", "Afspraak", "Geheim", "")
    handover.set_handover_details(store, case.case_id, details)
    assert handover.get_handover_details(store, case.case_id) == details
    entry = _last(store)
    assert (entry.action, entry.object_id) == ("change", case.case_id)
    assert entry.detail == {"changed": "handover_details", "report_kind": "advice"}
    with pytest.raises(CaseNotFound):
        handover.set_handover_details(store, "no-such-case", details)


def test_vt_feedback_is_recorded_and_conditions_come_back(store):
    case = make_case(store)
    today = date.today()
    handover.record_vt_feedback(store, case.case_id, VtFeedback(
        "11111111-1111-4111-8111-111111111111", today - timedelta(days=6),
        VtFeedbackKind.ACKNOWLEDGEMENT, "VT-2026-0042"))
    handover.record_vt_feedback(store, case.case_id, vt_feedback_from_values({
        "received_on": today, "kind": "after_safety_assessment", "vt_reference": "VT-2026-0042",
        "route": "conditions_and_follow_up",
        "conditions": "- Łukasz woont tijdelijk bij zijn broer\n\n2. Zoë gaat elke dag naar "
                      "school\n",
        "notes": "Casus naar het wijkteam."}))
    items = handover.vt_feedback(store, case.case_id)
    assert [f.kind for f in items] == [VtFeedbackKind.ACKNOWLEDGEMENT,
                                       VtFeedbackKind.AFTER_SAFETY_ASSESSMENT]
    assert items[1].route is VtRoute.CONDITIONS_AND_FOLLOW_UP
    conditions = handover.conditions_from_feedback(store, case.case_id)
    assert [c.text for c in conditions] == ["Łukasz woont tijdelijk bij zijn broer",
                                           "Zoë gaat elke dag naar school"]
    assert {c.feedback_id for c in conditions} == {items[1].id}
    assert conditions[0].vt_reference == "VT-2026-0042"
    entry = _last(store)
    assert entry.detail["added"] == "vt_feedback" and entry.detail["route"] == \
        "conditions_and_follow_up"
    assert "Łukasz" not in str(entry.detail)


@pytest.mark.parametrize("values", [
    {"kind": "after_safety_assessment"},  # no route
    {"kind": "after_investigation", "route": "no_follow_up", "conditions": "Iets"},
    {"kind": "acknowledgement", "received_on": date.today() + timedelta(days=2)},
])
def test_wrong_vt_feedback_is_refused(store, values):
    case = make_case(store)
    feedback = VtFeedback("22222222-2222-4222-8222-222222222222",
                          values.get("received_on", date.today()),
                          VtFeedbackKind(values["kind"]),
                          route=VtRoute(values["route"]) if "route" in values else None,
                          conditions=values.get("conditions", ""))
    with pytest.raises(ValidationError):
        handover.record_vt_feedback(store, case.case_id, feedback)
    assert handover.vt_feedback(store, case.case_id) == []


def test_export_is_audited_with_ids_and_codes_only(store, tmp_path: Path):
    case = make_case(store)
    target = handover.export_handover(store, case.case_id, tmp_path / "pkg", EXPORT_PASSPHRASE)
    entry = _last(store)
    assert (entry.action, entry.object_type, entry.object_id) == ("export", "case",
                                                                  case.case_id)
    detail = entry.detail
    assert detail["export"] == "handover" and detail["report_kind"] == "report"
    assert detail["encrypted"] is True
    assert detail["sections"].split(",")[-1] == "not_for_family"
    assert detail["signals"].split(",") == [s.id for s in case.signals]
    assert set(detail["parts"].split(",")) == {p.name for p in target.iterdir()} - {
        "manifest.json"}
    text = str(detail)
    for name in NAMES + (PROFILE.name,):
        assert name not in text
    assert store.audit.verify().intact


def test_client_copy_export_is_audited(store, tmp_path: Path):
    case = make_case(store)
    person = handover.find_person(store, case.case_id, "  zoë DE groot ")
    handover.export_client_copy(store, case.case_id, person.id, tmp_path / "c", None)
    detail = _last(store).detail
    assert detail["export"] == "client_copy" and detail["person"] == person.id
    assert detail["encrypted"] is False
    assert "decision" not in detail["sections"].split(",")


def test_export_needs_the_reporter_and_a_good_passphrase(store, tmp_path: Path):
    case = make_case(store, profile=False)
    with pytest.raises(handover.ReporterMissing):
        handover.export_handover(store, case.case_id, tmp_path / "a", EXPORT_PASSPHRASE)
    assert handover.build_handover(store, case.case_id).warnings, "the preview still works"
    handover.set_worker_profile(store, PROFILE)
    with pytest.raises(handover.WeakExportPassphrase):
        handover.export_handover(store, case.case_id, tmp_path / "b", "kort")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_report_kind_follows_choice_then_details_then_decision(store):
    case = make_case(store, details=False)
    assert handover.build_handover(store, case.case_id).input.report_kind is ReportKind.REPORT
    handover.set_handover_details(store, case.case_id, HandoverDetails(ReportKind.ADVICE))
    assert handover.build_handover(store, case.case_id).input.report_kind is ReportKind.ADVICE
    chosen = handover.build_handover(store, case.case_id, ReportKind.REPORT)
    assert chosen.input.report_kind is ReportKind.REPORT
    document, data = chosen
    assert data["kind"] == "report" and document.title == "Melding aan Veilig Thuis"


def test_a_failing_audit_entry_removes_the_package(store, tmp_path: Path, monkeypatch):
    case = make_case(store)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store.audit, "append", broken)
    with pytest.raises(OSError):
        handover.export_handover(store, case.case_id, tmp_path / "pkg", EXPORT_PASSPHRASE)
    assert not (tmp_path / "pkg").exists()


def test_unknown_person_is_a_clear_error(store):
    case = make_case(store)
    with pytest.raises(handover.PersonNotFound):
        handover.find_person(store, case.case_id, "Niemand")
    assert handover.find_person(store, case.case_id, case.id("Олена Коваленко")).name == \
        "Олена Коваленко"


def test_a_field_in_conflict_is_a_warning_before_the_handover(store, tmp_path: Path):
    from app.services import cases
    from app.services.training_team import exchange

    case = make_case(store)
    assert not any("versies" in w for w in handover.build_handover(store, case.case_id).warnings)
    other = Store.create(tmp_path / "other.db", PASSPHRASE)
    try:
        exchange(store, other)
        person = cases.find_case(store, case.case_id).people[0].id
        cases.edit_person(store, case.case_id, person, reason="verhuisd", street="Eikenlaan 1")
        cases.edit_person(other, case.case_id, person, reason="verhuisd", street="Wilgenlaan 3")
        exchange(other, store)
    finally:
        other.close()
    warnings = handover.build_handover(store, case.case_id).warnings
    assert warnings[0].startswith("Eén gegeven heeft twee of meer versies.")
