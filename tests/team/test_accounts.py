"""The server config that ``team server-config`` writes, on a real nats-server."""

from __future__ import annotations

import asyncio

import nats
import pytest

from app.services import team
from app.team import sync as transport
from app.team.sync import Sync, SyncError, subject
from tests.team.helpers import (
    lead_store,
    member_store,
    new_case,
    own_ops,
    received,
    record_many,
    signal_texts,
    team_id,
)
from tests.team.natsserver import NatsServer


@pytest.fixture
def teamed(tmp_path):
    lead = lead_store(tmp_path / "lead.db")
    a = member_store(tmp_path / "a.db", lead)
    b = member_store(tmp_path / "b.db", lead)
    conf = tmp_path / "conf"
    team.write_server_config(lead, conf, str(tmp_path / "nats" / "js"))
    server = NatsServer(tmp_path / "nats", config=conf / "veiligwijzer.conf").start()
    yield lead, a, b, server, conf
    server.stop()
    for s in (lead, a, b):
        s.close()


def test_devices_sync_through_their_own_accounts(teamed):
    lead, a, _b, server, _conf = teamed
    team.sync_once(lead, server.url)  # an admin may make the stream
    case_id = new_case(a)
    record_many(a, case_id, ["eerste", "tweede"])
    assert team.sync_once(a, server.url).sent == len(own_ops(a)) + 1  # and the case key
    team.sync_once(lead, server.url)
    assert received(lead) == own_ops(a)
    assert signal_texts(lead, case_id) == ["eerste", "tweede"]


def test_a_member_cannot_make_the_stream(teamed):
    _lead, a, _b, server, _conf = teamed
    with pytest.raises(team.TeamError, match="nog geen gegevens"):
        team.sync_once(a, server.url)


def test_publishing_on_another_devices_subject_is_refused_as_no_access(teamed):
    lead, a, _b, server, _conf = teamed
    team.sync_once(lead, server.url)
    keys, log = team.sync_parts(a)
    row = keys.row()

    async def trespass():
        sync = Sync(keys, log)
        await sync.connect(server.url, row["server_user"], row["server_password"],
                           reconnect=False)
        try:
            with pytest.raises(nats.errors.TimeoutError):
                await sync.js.publish(subject(keys.team_id, "ops", lead.device_id), b"x",
                                      timeout=1.0)
            with pytest.raises(SyncError) as denied:
                sync._raise_if_denied()
            return denied.value.reason
        finally:
            await sync.close()

    assert asyncio.run(trespass()) == transport.NO_ACCESS


def test_a_wrong_password_is_no_access(teamed):
    lead, _a, _b, server, _conf = teamed
    keys, _log = team.sync_parts(lead)
    keys.conn.execute("UPDATE team SET server_password = 'fout' WHERE id = 1")
    with pytest.raises(team.TeamError, match="Geen toegang"):
        team.sync_once(lead, server.url)


def test_a_removed_device_is_refused_after_the_config_reload(teamed):
    lead, a, b, server, conf = teamed
    team.sync_once(lead, server.url)
    team.sync_once(a, server.url)
    team.remove(lead, a.device_id)
    team.write_server_config(lead, conf, str(server.data_dir))
    server.reload()

    async def connect_as_a():
        keys, log = team.sync_parts(a)
        row = keys.row()
        sync = Sync(keys, log)
        await sync.connect(server.url, row["server_user"], row["server_password"],
                           reconnect=False)
        await sync.close()  # still let in: the reload has not taken effect yet

    assert asyncio.run(_eventually_refused(connect_as_a))
    team.sync_once(lead, server.url)
    assert team.sync_once(b, server.url).to_send == 0  # the others go on
    assert team_id(b) == team_id(lead)


async def _eventually_refused(connect) -> bool:
    for _ in range(50):  # the reload is asynchronous: give it up to 5 s
        try:
            await connect()
        except SyncError as exc:
            # While the reload runs, a connection may be dropped before it is refused.
            if exc.reason == transport.NO_ACCESS:
                return True
            assert exc.reason == transport.OFFLINE
        await asyncio.sleep(0.1)
    return False


def test_a_removed_devices_live_sync_stops_with_no_access(teamed):
    lead, a, _b, server, conf = teamed
    team.sync_once(lead, server.url)
    keys, log = team.sync_parts(a)
    row = keys.row()
    sync = Sync(keys, log)

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.create_task(sync.run(server.url, row["server_user"],
                                            row["server_password"], stop=stop, poll_s=0.1))
        await asyncio.sleep(1.0)
        assert not task.done()  # online and in sync
        team.remove(lead, a.device_id)
        team.write_server_config(lead, conf, str(server.data_dir))
        server.reload()
        try:
            await asyncio.wait_for(task, timeout=20)
        except SyncError as exc:
            return exc.reason
        finally:
            stop.set()
        return None

    assert asyncio.run(scenario()) == transport.NO_ACCESS
