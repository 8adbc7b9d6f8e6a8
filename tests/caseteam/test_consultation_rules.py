"""The rules of sharing a case for a consultation, table-driven (no store, no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.caseteam import TeamRole, Worker, why_not_change_directory, why_not_member_change
from app.caseteam.consultation import (
    CLOCK_SLACK,
    DEFAULT_LENGTH,
    Consultation,
    ConsultationLength,
    consultants,
    end_of,
    over_for,
    read_only_refusal,
    why_not_end,
    why_not_share,
    why_not_times,
)

TEAM = {w.id: w for w in (
    Worker("ans", "Ans", TeamRole.LEAD), Worker("dirk", "Dirk", TeamRole.DEPUTY),
    Worker("sanne", "Sanne", TeamRole.WORKER), Worker("youssef", "Youssef", TeamRole.WORKER),
    Worker("fatima", "Fatima", TeamRole.WORKER), Worker("bram", "Bram", TeamRole.WORKER))}
CASE = {"directory": TEAM, "lead": "sanne", "co_workers": ("youssef",)}
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _shared(consultant="fatima", length=ConsultationLength.WEEK, ended_at=None):
    return Consultation("c1", "case", consultant, "sanne", length, START,
                        end_of(START, length), ended_at)


# (actor, consultant, already running with, allowed)
SHARING = [
    ("sanne", "fatima", (), True),  # the casusregisseur
    ("youssef", "fatima", (), True),  # a co-worker
    ("ans", "bram", (), True), ("dirk", "bram", (), True),  # the team lead, the deputy
    ("bram", "fatima", (), False),  # not on the case
    ("fatima", "bram", ("fatima",), False),  # a consultant does not pass the case on
    ("sanne", "youssef", (), False),  # already on the case
    ("sanne", "ans", (), False),  # the team lead is on every case
    ("sanne", "sanne", (), False),
    ("sanne", "stranger", (), False),  # not in the team's directory
    ("sanne", "fatima", ("fatima",), False),  # already shared with her
    ("sanne", "bram", ("fatima",), True),  # one more consultant
]


@pytest.mark.parametrize(("actor", "consultant", "running", "allowed"), SHARING)
def test_who_may_share_a_case_with_whom(actor, consultant, running, allowed):
    reason = why_not_share(actor, consultant, running=[_shared(c) for c in running], **CASE)
    assert (reason is None) is allowed
    assert reason is None or reason.strip()


def test_a_worker_without_a_team_has_nobody_to_share_with():
    assert why_not_share("sanne", "fatima", directory={}, lead="sanne")


def test_the_colleagues_to_share_with_are_the_team_less_the_case_and_running():
    names = [w.id for w in consultants(TEAM, lead="sanne", co_workers=("youssef",),
                                       running=[_shared("bram")])]
    assert names == ["fatima"]


@pytest.mark.parametrize(("length", "days"), [
    (ConsultationLength.DAY, 1), (ConsultationLength.WEEK, 7),
    (ConsultationLength.TWO_WEEKS, 14)])
def test_a_length_ends_that_many_days_later(length, days):
    assert end_of(START, length) == START + timedelta(days=days)


def test_the_default_length_is_one_week():
    assert DEFAULT_LENGTH is ConsultationLength.WEEK


# (minutes after the start, ended by hand after minutes, running)
RUNNING = [
    (0, None, True), (60 * 24 * 7 - 1, None, True), (60 * 24 * 7, None, False),
    (60 * 24 * 8, None, False), (30, 10, False), (5, 10, False),
]


@pytest.mark.parametrize(("minutes", "ended_after", "running"), RUNNING)
def test_a_sharing_runs_until_its_end_time_or_its_end_by_hand(minutes, ended_after, running):
    ended = START + timedelta(minutes=ended_after) if ended_after is not None else None
    shared = _shared(ended_at=ended)
    now = START + timedelta(minutes=minutes)
    assert shared.running(now) is running
    assert shared.over(now) is not running


# (length code, end after start, start after the operation's clock, accepted)
TIMES = [
    ("1w", timedelta(weeks=1), timedelta(0), True),
    ("1d", timedelta(days=1), -timedelta(hours=3), True),  # the sharer's clock behind
    ("2w", timedelta(weeks=2), CLOCK_SLACK, True),
    ("2w", timedelta(weeks=2), CLOCK_SLACK + timedelta(seconds=1), False),
    ("1d", timedelta(days=90), timedelta(0), False),  # a length not on the list
    ("90d", timedelta(days=90), timedelta(0), False),
    ("1w", timedelta(weeks=2), timedelta(0), False),
]


@pytest.mark.parametrize(("code", "span", "ahead", "accepted"), TIMES)
def test_a_received_sharing_has_a_length_from_the_list_and_no_later_start(code, span,
                                                                          ahead, accepted):
    made_at = START
    reason = why_not_times(code, START + ahead, START + ahead + span, made_at)
    assert (reason is None) is accepted


# (worker, their consultations of the case, refused as read only)
READ_ONLY = [
    ("fatima", ("fatima",), True), ("fatima", (), False), ("bram", ("fatima",), False),
    ("sanne", ("sanne",), False),  # on the case: no consultant
    ("ans", ("ans",), False),
]


@pytest.mark.parametrize(("worker", "with_whom", "refused"), READ_ONLY)
def test_a_consultant_changes_nothing(worker, with_whom, refused):
    reason = read_only_refusal(worker, [_shared(c) for c in with_whom], **CASE)
    assert (reason is not None) is refused


@pytest.mark.parametrize(("actor", "allowed"), [
    ("sanne", True), ("youssef", True), ("ans", True), ("fatima", False), ("bram", False)])
def test_who_may_end_a_sharing(actor, allowed):
    assert (why_not_end(actor, **CASE) is None) is allowed


@pytest.mark.parametrize(("minutes", "on_case", "hidden"), [
    (0, False, False), (60 * 24 * 7, False, True), (60 * 24 * 7, True, False)])
def test_the_consultants_app_stops_showing_the_case_after_the_end(minutes, on_case, hidden):
    now = START + timedelta(minutes=minutes)
    assert over_for("fatima", [_shared()], now, on_case=on_case) is hidden
    assert over_for("bram", [_shared()], now) is False  # never had it


# (actor, worker, removing, allowed) on sanne's case with youssef as co-worker
MEMBER_CHANGES = [
    ("ans", "bram", False, True), ("dirk", "youssef", True, True),
    ("sanne", "bram", False, False), ("sanne", "youssef", True, False),
    ("sanne", "sanne", False, True),  # stays on as co-worker when handing over
    ("youssef", "youssef", False, False), ("youssef", "youssef", True, False),
]


@pytest.mark.parametrize(("actor", "worker", "removing", "allowed"), [
    ("bram", "bram", False, True),  # led the case before: stays on after a handover
    ("bram", "bram", True, False), ("bram", "fatima", False, False),
    ("fatima", "fatima", False, False)])
def test_a_former_casusregisseur_may_stay_on_the_case(actor, worker, removing, allowed):
    reason = why_not_member_change(actor, worker, removing=removing, former_leads={"bram"},
                                   **CASE)
    assert (reason is None) is allowed


@pytest.mark.parametrize(("actor", "worker", "removing", "allowed"), MEMBER_CHANGES)
def test_who_may_change_the_members_as_a_receiving_store_checks(actor, worker, removing,
                                                                 allowed):
    reason = why_not_member_change(actor, worker, removing=removing, **CASE)
    assert (reason is None) is allowed


@pytest.mark.parametrize(("actor", "directory", "allowed"), [
    ("sanne", {}, True), ("ans", TEAM, True), ("dirk", TEAM, True), ("sanne", TEAM, False),
    ("stranger", TEAM, False)])
def test_who_may_change_the_directory(actor, directory, allowed):
    assert (why_not_change_directory(actor, directory) is None) is allowed
