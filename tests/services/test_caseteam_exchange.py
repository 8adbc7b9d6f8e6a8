"""Working as a team through operation files (issue 21): a lead and two
workers, each their own store on one machine, exchanging what
``ops export`` / ``ops import`` carry. A takeover, a review, members and a
conflict travel; what a worker has seen stays local."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cases.model import Role
from app.caseteam import MemberRole
from app.errors import ValidationError
from app.services import caseteam
from app.services import exchange as exchange_service
from app.services import overview as overview_service
from app.services.cases import add_person, list_cases, open_case
from app.services.meldcode import load_records
from app.services.training import TRAINING_PASSPHRASE
from app.services.training_team import TRAINING_TEAM, create_training_team, exchange
from app.store.store import Store


@pytest.fixture(scope="module")
def team_files(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("team")
    create_training_team(directory)
    return directory


@pytest.fixture
def team(team_files, tmp_path):
    """The lead's, Sanne's and Youssef's stores, a fresh copy per test."""
    copy = tmp_path / "team"
    shutil.copytree(team_files, copy)
    stores = [Store.open(copy / m.file, TRAINING_PASSPHRASE) for m in TRAINING_TEAM]
    yield stores
    for store in stores:
        store.close()


def _everyone(stores) -> None:
    for source in stores:
        for target in stores:
            if target is not source:
                exchange(source, target)


def _a_decided_case(store: Store) -> str:
    return sorted(store.overview.case_sets()["decided"])[0]


def test_the_team_starts_alike_with_its_directory(team):
    lead, sanne, youssef = team
    names = {w.name for w in caseteam.workers(youssef).values()}
    assert names == {m.name for m in TRAINING_TEAM}
    assert {c.id for c in list_cases(lead)} == {c.id for c in list_cases(youssef)}
    case_id = list_cases(lead)[0].id
    for store in team:
        assert caseteam.case_team(store, case_id).lead == sanne.worker_id
        assert store.ops.differences() == []


def test_a_takeover_is_seen_on_the_other_stores(team):
    lead, sanne, youssef = team
    case_id = list_cases(sanne)[0].id
    caseteam.take_over(sanne, case_id, youssef.worker_id)
    _everyone(team)
    for store in team:
        seen = caseteam.case_team(store, case_id)
        assert seen.lead == youssef.worker_id
        assert sanne.worker_id in seen.co_workers  # stays until the lead removes her
        assert store.ops.differences() == []
    # The lead removes Sanne; on Youssef's store she is gone from the case.
    caseteam.remove_member(lead, case_id, sanne.worker_id)
    exchange(lead, youssef)
    members = caseteam.case_team(youssef, case_id).members
    assert [(m.worker_id, m.role) for m in members] == [
        (youssef.worker_id, MemberRole.CASE_LEAD), (lead.worker_id, MemberRole.TEAM_LEAD)]
    entries = [e for e in youssef.ops.replay().appends if e[0] == "audit_log"]
    assert entries  # the audit entries travel with the rest


def test_only_the_lead_adds_and_removes_members(team):
    lead, sanne, youssef = team
    case_id = list_cases(sanne)[0].id
    with pytest.raises(caseteam.NotAllowed):
        caseteam.add_member(sanne, case_id, youssef.worker_id)
    with pytest.raises(caseteam.NotAllowed):
        caseteam.take_over(youssef, case_id, youssef.worker_id)
    caseteam.add_member(lead, case_id, youssef.worker_id)
    with pytest.raises(ValidationError):
        caseteam.add_member(lead, case_id, youssef.worker_id)
    with pytest.raises(ValidationError):  # the casusregisseur goes only by a handover
        caseteam.remove_member(lead, case_id, sanne.worker_id)
    exchange(lead, sanne)
    assert caseteam.case_team(sanne, case_id).co_workers == (youssef.worker_id,)
    caseteam.remove_member(lead, case_id, youssef.worker_id)
    caseteam.add_member(lead, case_id, youssef.worker_id)  # back on the case
    exchange(lead, sanne)
    assert caseteam.case_team(sanne, case_id).co_workers == (youssef.worker_id,)


def test_a_review_asked_by_the_worker_and_given_by_the_lead(team):
    lead, sanne, _youssef = team
    case_id = _a_decided_case(sanne)
    record_id = load_records(sanne, case_id).decisions[-1].id
    caseteam.ask_review(sanne, case_id, "Graag bespreken voor de melding")
    exchange(sanne, lead)
    assert case_id in caseteam.open_requests(lead)
    assert caseteam.case_team(lead, case_id).open_request.note == \
        "Graag bespreken voor de melding"
    with pytest.raises(caseteam.NotAllowed):  # the worker does not review herself
        overview_service.review_decision(sanne, case_id, record_id, "Zelf besproken")
    overview_service.review_decision(lead, case_id, record_id, "Besproken: melden is juist")
    exchange(lead, sanne)
    reviews = overview_service.case_reviews(sanne, case_id)
    assert [(r.comment, r.author) for r in reviews] == [
        ("Besproken: melden is juist", lead.worker_id)]
    assert caseteam.case_team(sanne, case_id).open_request is None
    assert case_id not in caseteam.open_requests(sanne)


def test_two_takeovers_at_once_are_a_conflict_settled_on_one_gone_on_all(team):
    lead, sanne, youssef = team
    case_id = list_cases(sanne)[0].id
    caseteam.take_over(sanne, case_id, youssef.worker_id)
    caseteam.take_over(lead, case_id, lead.worker_id)  # neither saw the other
    _everyone(team)
    for store in team:
        conflicts = [c for c in store.ops.conflicts(case_id) if c.field == "case_lead"]
        assert len(conflicts) == 1
        assert {v.value for v in conflicts[0].versions} == {youssef.worker_id, lead.worker_id}
    row = next(r for r in exchange_service.open_conflicts(youssef) if
               r.conflict.field == "case_lead")
    assert set(row.labels) == {"Youssef El Amrani", "Ans de Vries"}
    # Who made each version: a colleague by the name in the directory.
    who = {v.value: exchange_service.who_and_when(youssef, v) for v in row.versions}
    assert who[youssef.worker_id].startswith("door Sanne Bos op apparaat ")
    assert who[lead.worker_id].startswith("door Ans de Vries op apparaat ")
    keep = next(v for v in row.versions if v.value == youssef.worker_id)
    exchange_service.resolve_conflict(youssef, keep.op_id)
    _everyone(team)
    for store in team:
        assert store.ops.conflicts(case_id) == []
        assert caseteam.case_team(store, case_id).lead == youssef.worker_id


def test_new_since_you_looked_marks_cases_changed_elsewhere(team):
    lead, sanne, youssef = team
    cases = [c.id for c in list_cases(youssef)]
    assert caseteam.changed_by_others(youssef) == frozenset(cases)  # never opened yet
    for case_id in cases:
        open_case(youssef, case_id)
    assert caseteam.changed_by_others(youssef) == frozenset()
    caseteam.ask_review(sanne, cases[0], "")
    open_case(sanne, cases[1])  # a view is no change
    own_before = youssef.ops.last_seq()
    add_person(youssef, cases[2], "Kees", Role.CHILD, age=4)  # their own: no news
    exchange(sanne, youssef)
    assert caseteam.changed_by_others(youssef) == frozenset({cases[0]})
    assert youssef.ops.last_seq() > own_before
    exchange(youssef, lead)
    assert cases[2] in caseteam.changed_by_others(lead)
    open_case(youssef, cases[0])
    assert caseteam.changed_by_others(youssef) == frozenset()


def test_a_change_of_members_calls_the_hook_for_the_case_key(team):
    lead, _sanne, youssef = team
    case_id = list_cases(lead)[0].id
    calls: list[str] = []
    stop = caseteam.on_members_changed(lambda store, cid: calls.append(cid))
    try:
        caseteam.add_member(lead, case_id, youssef.worker_id)
        caseteam.take_over(lead, case_id, youssef.worker_id)
    finally:
        stop()
    caseteam.add_member(lead, case_id, lead.worker_id)
    assert calls == [case_id, case_id]


def test_the_leads_overview_counts_per_worker_from_the_log(team):
    lead, sanne, youssef = team
    cases = [c.id for c in list_cases(sanne)]
    caseteam.take_over(sanne, cases[0], youssef.worker_id)
    caseteam.ask_review(sanne, cases[1], "")
    # The same field changed on two stores at once: an open conflict.
    exchange(sanne, youssef)
    caseteam.take_over(youssef, cases[0], sanne.worker_id)
    caseteam.take_over(lead, cases[0], lead.worker_id)
    _everyone(team)
    result = overview_service.team_overview(lead)
    mine = result.by_worker[sanne.worker_id]
    assert cases[1] in mine["review_requested"]
    assert set(result.lists["open_conflicts"]) == {cases[0]}
    assert sum(len(w["open_conflicts"]) for w in result.by_worker.values()) == 1
    assert len(mine["cases"]) + sum(
        len(w["cases"]) for k, w in result.by_worker.items() if k != sanne.worker_id) \
        == result.open_cases
    only = overview_service.team_overview(lead, worker=youssef.worker_id)
    assert set(only.by_worker) <= {youssef.worker_id}


def test_a_member_change_a_workers_role_does_not_allow_is_not_imported(team):
    """Operation files too: the receiving store checks the author's role."""
    lead, sanne, youssef = team
    case_id = list_cases(sanne)[0].id
    meta = {"updated_at": "2026-03-02T09:00:00+00:00", "author": youssef.worker_id,
            "device": youssef.device_id}
    with youssef.transaction():  # past the service, validly signed by his device
        youssef.caseteam.add_member(case_id, youssef.worker_id, meta)
    imported = exchange_service.import_ops(
        lead, exchange_service.read_document(exchange_service.export_ops(youssef).document))
    assert [reason for _op, reason in imported.result.not_allowed] == [caseteam.NOT_ALLOWED]
    assert youssef.worker_id not in caseteam.case_team(lead, case_id).co_workers
    assert lead.ops.differences() == []
