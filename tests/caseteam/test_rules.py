"""The rules of working as a team on a case, table-driven (no store, no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.caseteam import (
    Action,
    MemberRole,
    ReviewRequest,
    TeamRole,
    Worker,
    case_lead,
    case_members,
    open_request,
    why_not,
    why_not_remove,
    why_not_take_over,
)

TEAM = {w.id: w for w in (
    Worker("ans", "Ans", TeamRole.LEAD), Worker("dirk", "Dirk", TeamRole.DEPUTY),
    Worker("sanne", "Sanne", TeamRole.WORKER), Worker("youssef", "Youssef", TeamRole.WORKER),
    Worker("bram", "Bram", TeamRole.WORKER))}

# (action, actor, allowed) on a case led by sanne with youssef as co-worker
PERMISSIONS = [
    (Action.ADD_MEMBER, "ans", True), (Action.ADD_MEMBER, "dirk", True),
    (Action.ADD_MEMBER, "sanne", False), (Action.ADD_MEMBER, "youssef", False),
    (Action.REMOVE_MEMBER, "ans", True), (Action.REMOVE_MEMBER, "sanne", False),
    (Action.REVIEW, "ans", True), (Action.REVIEW, "dirk", True), (Action.REVIEW, "sanne", False),
    (Action.TAKE_OVER, "sanne", True), (Action.TAKE_OVER, "ans", True),
    (Action.TAKE_OVER, "youssef", False), (Action.TAKE_OVER, "bram", False),
    (Action.ASK_REVIEW, "sanne", True), (Action.ASK_REVIEW, "youssef", True),
    (Action.ASK_REVIEW, "ans", True), (Action.ASK_REVIEW, "bram", False),
    (Action.ASK_REVIEW, "stranger", False), (Action.REVIEW, "stranger", False),
]


@pytest.mark.parametrize(("action", "actor", "allowed"), PERMISSIONS)
def test_who_may_do_what_in_a_team(action, actor, allowed):
    reason = why_not(action, actor, directory=TEAM, lead="sanne", co_workers=("youssef",))
    assert (reason is None) is allowed
    if not allowed:
        assert reason  # a Dutch sentence, never an empty refusal


@pytest.mark.parametrize("action", list(Action))
def test_a_worker_on_their_own_may_do_everything(action):
    assert why_not(action, "sanne", directory={}, lead="sanne") is None


@pytest.mark.parametrize(("explicit", "creator", "expected"), [
    (None, "sanne", "sanne"), ("", "sanne", "sanne"), ("youssef", "sanne", "youssef")])
def test_the_case_lead_is_the_last_takeover_else_the_creator(explicit, creator, expected):
    assert case_lead(explicit, creator) == expected


def test_members_in_order_each_once():
    members = case_members("sanne", ["youssef", "ans", "sanne"], TEAM)
    assert [(m.worker_id, m.role) for m in members] == [
        ("sanne", MemberRole.CASE_LEAD), ("ans", MemberRole.CO_WORKER),
        ("youssef", MemberRole.CO_WORKER), ("dirk", MemberRole.DEPUTY)]


def test_the_team_lead_and_deputy_are_on_every_case():
    members = case_members("bram", [], TEAM)
    assert [(m.worker_id, m.role) for m in members] == [
        ("bram", MemberRole.CASE_LEAD), ("ans", MemberRole.TEAM_LEAD),
        ("dirk", MemberRole.DEPUTY)]


@pytest.mark.parametrize(("new", "directory", "refused"), [
    ("youssef", TEAM, False), ("sanne", TEAM, True), ("nobody", TEAM, True),
    ("nobody", {}, False)])
def test_takeover_goes_to_a_colleague_not_in_charge(new, directory, refused):
    assert (why_not_take_over(new, "sanne", directory) is not None) is refused


@pytest.mark.parametrize(("worker", "refused"), [
    ("youssef", False), ("sanne", True), ("bram", True)])
def test_the_case_lead_is_not_removed_before_a_handover(worker, refused):
    assert (why_not_remove(worker, "sanne", ("youssef",)) is not None) is refused


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def _request(day: int, rid: str = "r") -> ReviewRequest:
    return ReviewRequest(rid + str(day), "c", "", _at(day), "sanne")


@pytest.mark.parametrize(("requests", "reviews", "open_day"), [
    ([], [], None),
    ([1], [], 1),
    ([1], [2], None),
    ([1, 3], [2], 3),
    ([3], [1], 3),
    ([1, 2], [2], None),  # a review at the same moment answers the request
])
def test_a_request_is_open_until_a_review_answers_it(requests, reviews, open_day):
    found = open_request([_request(d) for d in requests], [_at(d) for d in reviews])
    assert (found.created_at.day if found else None) == open_day
