"""A 3-node cluster with an R3 stream loses its stream leader while a device publishes."""

from __future__ import annotations

import asyncio
import socket
import time

import nats
import pytest

from app.services import team
from app.team.sync import Sync, stream_name
from tests.team.helpers import (
    lead_store,
    member_store,
    new_case,
    own_ops,
    received,
    record_many,
    team_id,
)
from tests.team.natsserver import NatsServer


def free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


@pytest.fixture
def cluster(tmp_path):
    routes = free_ports(3)
    nodes = []
    for i, port in enumerate(routes, start=1):
        work = tmp_path / f"node-{i}"
        work.mkdir()
        conf = work / "node.conf"
        conf.write_text(
            f'server_name: "n{i}"\n'
            f'jetstream {{ store_dir: "{work / "js"}" }}\n'
            f'cluster {{ name: "vw", listen: "127.0.0.1:{port}", routes: ['
            + ", ".join(f'"nats-route://127.0.0.1:{p}"' for p in routes) + "] }\n")
        nodes.append(NatsServer(work, config=conf))
    for node in nodes:
        node.start()
    yield nodes
    for node in nodes:
        node.stop()


async def _ready(url: str, deadline: float) -> None:
    """Until the cluster has a JetStream meta leader (a stream can be made)."""
    while True:
        try:
            nc = await nats.connect(url)
            try:
                await nc.jetstream().account_info()
                return
            finally:
                await nc.close()
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


@pytest.mark.slow
def test_the_stream_leader_killed_while_publishing_loses_nothing(tmp_path, cluster):
    urls = ",".join(n.url for n in cluster)
    asyncio.run(_ready(cluster[0].url, time.monotonic() + 30))
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    lkeys, llog = team.sync_parts(lead)
    asyncio.run(Sync(lkeys, llog, replicas=3).once(urls, create_stream=True))
    count = 2000
    record_many(worker, new_case(worker), [f"signaal {i}" for i in range(count)])
    wkeys, wlog = team.sync_parts(worker)
    total = wlog.outbox_count()
    sync = Sync(wkeys, wlog)

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.create_task(sync.run(urls, stop=stop, poll_s=0.05))
        deadline = time.monotonic() + 120
        while sync.report.sent < total // 4:
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.005)
        info = await sync.js.stream_info(stream_name(team_id(lead)))
        leader = next(n for n in cluster if info.cluster.leader == n.config.read_text()
                      .split('"')[1])
        leader.kill()
        killed_at = sync.report.sent
        while wlog.outbox_count():
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.05)
        stop.set()
        await task
        return killed_at, leader

    killed_at, leader = asyncio.run(scenario())
    assert killed_at < total
    alive = ",".join(n.url for n in cluster if n is not leader)
    report = asyncio.run(Sync(lkeys, llog).once(alive, timeout_s=120))
    assert received(lead) == own_ops(worker)  # nothing lost
    assert report.received == len(own_ops(worker))  # nothing twice
    lead.close()
    worker.close()


@pytest.mark.slow
def test_the_leads_first_sync_keeps_the_stream_on_three_servers(tmp_path, cluster):
    """``veiligwijzer sync --replicas 3``: the cluster example of the README
    keeps every change on all three nodes (a stream made with one replica
    would be lost with its node)."""
    urls = ",".join(n.url for n in cluster)
    asyncio.run(_ready(cluster[0].url, time.monotonic() + 30))
    lead = lead_store(tmp_path / "lead.db")
    try:
        assert team.sync_once(lead, urls, replicas=3).refused == {}

        async def replicas() -> tuple[int, int]:
            nc = await nats.connect(cluster[1].url)
            try:
                info = await nc.jetstream().stream_info(stream_name(team_id(lead)))
                return info.config.num_replicas, len(info.cluster.replicas)
            finally:
                await nc.close()

        assert asyncio.run(replicas()) == (3, 2)  # the leader and two copies
    finally:
        lead.close()
