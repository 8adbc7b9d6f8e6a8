"""The sync end to end: real SQLCipher stores, a real nats-server on loopback."""

from __future__ import annotations

from app.services import team
from tests.team.helpers import lead_store, member_store, received


def test_operations_travel_between_two_stores(tmp_path, nats_server):
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    case = "c0ffee00-0000-4000-8000-000000000001"
    bodies = [f"operatie {i}".encode() for i in range(5)]
    for body in bodies:
        team.record(worker, case, body)

    team.sync_once(lead, nats_server.url)  # the admin makes the stream
    report = team.sync_once(worker, nats_server.url)
    assert report.sent == 5 + 1  # the operations and the case key
    assert team.state(worker).to_send == 0

    report = team.sync_once(lead, nats_server.url)
    assert report.received == 5
    assert received(lead) == [(worker.device_id, case, b) for b in bodies]
    assert report.refused == {}
    # Nothing more: a second round applies nothing twice.
    again = team.sync_once(lead, nats_server.url)
    assert again.received == 0
    assert received(lead) == [(worker.device_id, case, b) for b in bodies]
    lead.close()
    worker.close()
