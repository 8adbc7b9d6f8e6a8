"""Issue 21: a receiving store checks the author's role with the same rules
as the author's store. A worker's device can sign anything; what its role
does not allow is refused and counted by every other store, never applied.

The forged operations go through the store's own write path (validly signed
by the worker's device), past the service that would have refused them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.cases.model import new_id, utc_now
from app.caseteam import TeamRole, Worker
from app.services import caseteam
from app.store.overview import Review
from tests.team.helpers import directory_team, new_case, sync_all


def _meta(store) -> dict[str, str]:
    return {"updated_at": utc_now().isoformat(), "author": store.worker_id,
            "device": store.device_id}


@pytest.fixture
def wijkteam(tmp_path, nats_server):
    """Ans leads the team; Sanne made a case; Youssef is a co-worker on it."""
    stores = lead, sanne, youssef = directory_team(tmp_path, "Ans", "Sanne", "Youssef")
    case_id = new_case(sanne, "Jansen")
    assert sync_all(stores, nats_server.url) == {}
    caseteam.add_member(lead, case_id, youssef.worker_id)
    assert sync_all(stores, nats_server.url) == {}
    assert youssef.worker_id in caseteam.case_team(sanne, case_id).co_workers
    yield stores, case_id, nats_server.url
    for store in stores:
        store.close()


def test_a_member_change_by_a_worker_is_refused_by_every_other_store(wijkteam):
    (lead, sanne, youssef), case_id, url = wijkteam
    with youssef.transaction():  # only the team lead may take someone off a case
        youssef.caseteam.remove_member(case_id, youssef.worker_id, _meta(youssef))
    assert sync_all((lead, sanne, youssef), url) == {caseteam.NOT_ALLOWED: 2}
    for store in (lead, sanne):
        assert youssef.worker_id in caseteam.case_team(store, case_id).co_workers
        assert store.team.stream().refused() == {caseteam.NOT_ALLOWED: 1}


def test_a_review_by_a_worker_is_refused_and_the_leads_is_applied(wijkteam):
    (lead, sanne, youssef), case_id, url = wijkteam
    with youssef.transaction():
        youssef.overview.add_review(Review(new_id(), case_id, new_id(), "goed zo",
                                           datetime.now(UTC), youssef.worker_id),
                                    youssef.device_id)
    with lead.transaction():
        lead.overview.add_review(Review(new_id(), case_id, new_id(), "besproken",
                                        datetime.now(UTC), lead.worker_id), lead.device_id)
    assert sync_all((lead, sanne, youssef), url) == {caseteam.NOT_ALLOWED: 2}
    assert [r.comment for r in sanne.overview.reviews(case_id)] == ["besproken"]
    assert [r.comment for r in lead.overview.reviews(case_id)] == ["besproken"]


def test_a_takeover_by_a_co_worker_is_refused_one_by_the_case_lead_applied(wijkteam):
    (lead, sanne, youssef), case_id, url = wijkteam
    with youssef.transaction():  # a co-worker may not make themself casusregisseur
        youssef.caseteam.set_lead(case_id, youssef.worker_id, _meta(youssef))
    assert sync_all((lead, sanne, youssef), url) == {caseteam.NOT_ALLOWED: 2}
    assert caseteam.case_team(lead, case_id).lead == sanne.worker_id
    caseteam.take_over(sanne, case_id, youssef.worker_id)  # the casusregisseur may
    sync_all((lead, sanne, youssef), url)
    assert caseteam.case_team(lead, case_id).lead == youssef.worker_id
    assert sanne.worker_id in caseteam.case_team(lead, case_id).co_workers
    assert lead.team.stream().refused() == {caseteam.NOT_ALLOWED: 1}  # only the forged one
    # A takeover is judged by the casusregisseur its author saw, and the one
    # who led the case may stay on it, so even Youssef's store, which applied
    # its own forgery, takes Sanne's handover: judged by what it saw, not by
    # what arrived first.
    assert caseteam.NOT_ALLOWED not in youssef.team.stream().refused()


def test_a_worker_making_themself_team_lead_is_refused(wijkteam):
    (lead, sanne, youssef), case_id, url = wijkteam
    with youssef.transaction():
        youssef.caseteam.set_worker(Worker(youssef.worker_id, "Youssef", TeamRole.LEAD),
                                    _meta(youssef))
    assert sync_all((lead, sanne, youssef), url) == {caseteam.NOT_ALLOWED: 2}
    for store in (lead, sanne):
        assert caseteam.workers(store)[youssef.worker_id].role is TeamRole.WORKER


def test_the_role_is_the_devices_worker_not_the_author_the_operation_names(wijkteam):
    (lead, sanne, youssef), case_id, url = wijkteam
    # Youssef's device signs an operation that names Ans as its author.
    youssef.ops.author, youssef.ops._writer = lead.worker_id, None
    with youssef.transaction():
        youssef.caseteam.remove_member(case_id, youssef.worker_id, _meta(lead))
    assert sync_all((lead, sanne, youssef), url) == {caseteam.NOT_ALLOWED: 2}
    assert youssef.worker_id in caseteam.case_team(sanne, case_id).co_workers


def test_a_request_is_judged_by_who_is_on_the_case_when_it_arrives(wijkteam):
    (lead, sanne, youssef), case_id, url = wijkteam
    caseteam.ask_review(youssef, case_id, "graag bespreken")  # on the case: applied
    assert sync_all((lead, sanne, youssef), url) == {}
    assert [r.note for r in sanne.caseteam.requests(case_id)] == ["graag bespreken"]
    # Offline, Youssef asks again while the lead takes him off the case; the
    # lead's change reaches the stream first. Every store reads the stream in
    # the same order, so every other store refuses the second request alike.
    caseteam.ask_review(youssef, case_id, "nog een keer")
    caseteam.remove_member(lead, case_id, youssef.worker_id)
    assert sync_all((lead, sanne, youssef), url) == {caseteam.NOT_ALLOWED: 2}
    for store in (lead, sanne):
        assert [r.note for r in store.caseteam.requests(case_id)] == ["graag bespreken"]
