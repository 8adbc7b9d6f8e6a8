"""The sync end to end: real SQLCipher stores, a real nats-server on loopback."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from app.services import team
from app.team import crypto
from app.team.sync import Sync, subject
from tests.team.helpers import (
    lead_store,
    member_store,
    publish_raw,
    received,
    record_many,
    stream_messages,
    team_id,
)

CASE_A = "c0ffee00-0000-4000-8000-00000000000a"
CASE_B = "c0ffee00-0000-4000-8000-00000000000b"
#: What must never be readable on the server: names and signal text of the test cases.
SECRETS = ("Jansen", "Mehmet Yilmaz", "blauwe plekken op de armen", "Wijkteam Noord",
           CASE_A, CASE_B)


def body(i: int, case: str = CASE_A) -> bytes:
    name = "Jansen" if case == CASE_A else "Mehmet Yilmaz"
    return f'{{"n": {i}, "person": "{name}", "signal": "blauwe plekken op de armen"}}'.encode()


@pytest.fixture
def three(tmp_path):
    lead = lead_store(tmp_path / "lead.db")
    a = member_store(tmp_path / "a.db", lead)
    b = member_store(tmp_path / "b.db", lead)
    yield lead, a, b
    for s in (lead, a, b):
        s.close()


def test_operations_travel_between_two_stores(tmp_path, nats_server):
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    bodies = [body(i) for i in range(5)]
    for item in bodies:
        team.record(worker, CASE_A, item)

    team.sync_once(lead, nats_server.url)  # the admin makes the stream
    report = team.sync_once(worker, nats_server.url)
    assert report.sent == 5 + 1  # the operations and the case key
    assert team.state(worker).to_send == 0

    report = team.sync_once(lead, nats_server.url)
    assert report.received == 5
    assert received(lead) == [(worker.device_id, CASE_A, b) for b in bodies]
    assert report.refused == {}
    again = team.sync_once(lead, nats_server.url)
    assert again.received == 0
    assert received(lead) == [(worker.device_id, CASE_A, b) for b in bodies]
    lead.close()
    worker.close()


def test_need_to_know_admins_read_every_case_workers_only_their_own(three, nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    record_many(a, CASE_A, [body(i) for i in range(3)])
    record_many(b, CASE_B, [body(i, CASE_B) for i in range(4)])
    for store in (a, b, lead, a, b):
        team.sync_once(store, nats_server.url)

    assert sorted(received(lead)) == sorted(
        [(a.device_id, CASE_A, body(i)) for i in range(3)]
        + [(b.device_id, CASE_B, body(i, CASE_B)) for i in range(4)])
    assert received(a) == [] and team.state(a).held == 4  # B's case: not for A
    assert received(b) == [] and team.state(b).held == 3
    assert team.state(a).refused == {}


def test_a_sigkill_while_publishing_loses_nothing_and_doubles_nothing(tmp_path, nats_server):
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    team.sync_once(lead, nats_server.url)
    count = 2000
    op_ids = record_many(worker, CASE_A, [body(i) for i in range(count)])
    keys, log = team.sync_parts(worker)
    sync = Sync(keys, log)

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.create_task(sync.run(nats_server.url, stop=stop, poll_s=0.05))
        deadline = time.monotonic() + 60
        while sync.report.sent < count // 4:
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.005)
        nats_server.kill()  # SIGKILL, mid-publishing
        killed_at = sync.report.sent
        await asyncio.sleep(0.3)
        nats_server.start(same_port=True)
        while log.outbox_count():
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.05)
        stop.set()
        await task
        return killed_at

    killed_at = asyncio.run(scenario())
    assert killed_at < count  # the kill did fall in the middle
    report = team.sync_once(lead, nats_server.url)
    got = [op for op, _d, _s, _b in team.sync_parts(lead)[1].received()]
    assert sorted(got) == sorted(op_ids)  # nothing lost, nothing twice
    assert report.received == count
    on_stream = [s for _seq, s, _d in stream_messages(nats_server.url, team_id(lead))
                 if s == subject(team_id(lead), "ops", worker.device_id)]
    assert len(on_stream) == count  # the server de-duplicated every retry
    lead.close()
    worker.close()


def test_bad_input_is_refused_counted_and_the_sync_goes_on(three, nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    record_many(a, CASE_A, [body(0)])
    team.sync_once(a, nats_server.url)
    tid = team_id(lead)
    keys_b, _ = team.sync_parts(b)
    team_key = keys_b.current_key("")
    # B seals with the team key, signs with its own key, and claims to be A.
    forged = crypto.seal(keys_b.signing, team=tid, device=a.device_id, op_id="forged-1",
                         scope="", epoch=team_key.epoch, key=team_key.secret,
                         key_id=team_key.key_id, body=b"vervalst")
    stranger_signing = crypto.SigningKey.generate()[0]
    stranger = crypto.seal(stranger_signing, team=tid, device="stranger", op_id="s-1", scope="",
                           epoch=team_key.epoch, key=team_key.secret, key_id=team_key.key_id,
                           body=b"onbekend")
    publish_raw(nats_server.url, subject(tid, "ops", a.device_id), forged, "forged-1")
    publish_raw(nats_server.url, subject(tid, "ops", "stranger"), stranger, "s-1")
    publish_raw(nats_server.url, subject(tid, "ops", b.device_id), b"rommel" * 10, "g-1")
    publish_raw(nats_server.url, subject(tid, "keys", b.device_id), b"geen verklaring", "g-2")
    record_many(a, CASE_A, [body(1)])
    team.sync_once(a, nats_server.url)

    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {crypto.BAD_SIGNATURE: 1, crypto.UNKNOWN_DEVICE: 1,
                              crypto.MALFORMED: 2}
    assert received(lead) == [(a.device_id, CASE_A, body(0)), (a.device_id, CASE_A, body(1))]
    assert team.state(lead).refused == report.refused


def test_a_removed_device_cannot_read_what_comes_after(three, nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    record_many(a, CASE_A, [body(0)])
    team.sync_once(a, nats_server.url)
    team.sync_once(lead, nats_server.url)

    team.remove(lead, a.device_id)
    record_many(lead, CASE_A, [body(1)])  # the lead goes on with A's case, on the new key
    team.sync_once(lead, nats_server.url)
    with pytest.raises(team.TeamError, match="uit het team gehaald"):
        team.sync_once(a, nats_server.url)
    keys_a, _ = team.sync_parts(a)
    last = stream_messages(nats_server.url, team_id(lead))[-1]
    assert last[1] == subject(team_id(lead), "ops", lead.device_id)
    assert keys_a.key(crypto.envelope_key_id(last[2])) is None
    assert keys_a.current_key(CASE_A).epoch == 1
    # B (still a member) is not on A's case either; the lead reads both.
    team.sync_once(b, nats_server.url)
    assert team.state(b).to_send == 0
    with pytest.raises(team.TeamError, match="uit het team gehaald"):
        team.sync_once(a, nats_server.url)


def test_the_server_keeps_no_name_and_no_signal_text(three, nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    record_many(a, CASE_A, [body(i) for i in range(20)])
    record_many(b, CASE_B, [body(i, CASE_B) for i in range(20)])
    for store in (a, b, lead):
        team.sync_once(store, nats_server.url)
    nats_server.stop()  # everything on disk
    files = [p for p in Path(nats_server.data_dir).rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) > 20 * 2 * 512  # the messages are there
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, (path, secret)


def test_the_window_says_what_the_sync_is_doing(three, nats_server):
    from datetime import datetime

    lead, a, _b = three
    record_many(a, CASE_A, [body(0), body(1)])
    assert team.state_text(team.state(a), online=False) == "Offline, 3 wijzigingen te versturen"
    assert "3 wijzigingen zijn nog niet naar het team verstuurd" in team.unsent_warning(a)
    assert team.state_text(team.state(a), online=True, no_access=True) == (
        "Geen toegang tot de teamserver")
    team.sync_once(lead, nats_server.url)
    team.sync_once(a, nats_server.url)
    assert team.unsent_warning(a) is None
    at = datetime(2026, 12, 3, 14, 5).astimezone()
    assert team.state_text(team.state(a), online=True, synced_at=at) == "Bijgewerkt om 14:05"
    team.remove(lead, a.device_id)
    team.sync_once(lead, nats_server.url)
    with pytest.raises(team.TeamError):
        team.sync_once(a, nats_server.url)
    assert team.state_text(team.state(a), online=True) == "Uit het team gehaald"


def test_a_message_missing_from_the_stream_is_a_counted_gap(three, nats_server):
    """The team's stream denies deletes; one made without that shows what a gap does."""
    import nats
    from nats.js.api import StreamConfig

    from app.team.sync import stream_name

    lead, a, _b = three
    tid = team_id(lead)

    async def plain_stream():
        nc = await nats.connect(nats_server.url)
        await nc.jetstream().add_stream(StreamConfig(name=stream_name(tid),
                                                     subjects=[f"vw.{tid}.>"]))
        await nc.close()

    asyncio.run(plain_stream())
    team.sync_once(lead, nats_server.url)
    record_many(a, CASE_A, [body(i) for i in range(4)])
    team.sync_once(a, nats_server.url)
    ops = [seq for seq, subj, _d in stream_messages(nats_server.url, tid)
           if subj == subject(tid, "ops", a.device_id)]

    async def delete(seq):
        nc = await nats.connect(nats_server.url)
        await nc.jetstream().delete_msg(stream_name(tid), seq)
        await nc.close()

    asyncio.run(delete(ops[1]))
    report = team.sync_once(lead, nats_server.url)
    assert report.gaps == 1
    assert received(lead) == [(a.device_id, CASE_A, body(i)) for i in (0, 2, 3)]
    assert team.state(lead).refused == {"gap": 1}
    assert team.refusal_label("gap") == "ontbrekend bericht"
