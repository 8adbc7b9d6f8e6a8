"""The store as a log of operations (issue 19): what it costs.

``python -m benchmarks.oplog`` builds a store through the one write path
(10,000 cases, 50,000 signals: about 100,000 operations with people and
their histories), then prints one JSON object with:

* ``ops``: how many operations the store holds;
* ``replay_100k_s``: checking every signature and applying all of them to a
  new, empty store in one transaction (a new device catching up);
* ``replay_ops_per_s``: the same as a rate;
* ``save_signal_ms``: recording one signal through the service, with its
  operation, projection, audit entry (itself an operation) and case-list
  columns (median);
* ``case_list_ms``: the case list of the replayed store (median);
* ``verify_replay_s``: ``verify``'s comparison of every projection with a
  replay of the log.

``--quick`` builds a tenth. This script reports, it does not fail.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure  # noqa: E402
from benchmarks.build import PASSPHRASE, build_store  # noqa: E402


def _median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.oplog", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the operations")
    parser.add_argument("--runs", type=int, default=9, help="runs per median (default 9)")
    args = parser.parse_args(argv)
    cases, signals = (1_000, 5_000) if args.quick else (10_000, 50_000)

    from app.meldcode.signals import Signal
    from app.meldcode.vocabulary import SourceKind, ViolenceForm
    from app.services.cases import list_cases
    from app.services.meldcode import record_signal
    from app.store.oplog import import_batch
    from app.store.store import Store

    measure.use_cheap_key_slots()
    with tempfile.TemporaryDirectory(prefix="vw-oplog-bench-") as folder:
        source_path, target_path = Path(folder) / "a.db", Path(folder) / "b.db"
        built = build_store(source_path, cases, signals)
        figures: dict[str, float | int] = {"build_s": round(built.seconds, 1)}
        with Store.open(source_path, PASSPHRASE) as source:
            items = [(bytes(body), bytes(sig)) for _seq, body, sig in source.ops.since(0)]
            devices = source.ops.devices()
        figures["ops"] = len(items)
        with Store.create(target_path, PASSPHRASE) as target:
            started = time.perf_counter()
            with target.transaction():
                result = import_batch(target.ops, items, devices)
            took = time.perf_counter() - started
            assert not result.refused, result.refused
            figures["replay_100k_s" if not args.quick else "replay_10k_s"] = round(took, 2)
            figures["replay_ops_per_s"] = round(len(items) / took)
            figures["case_list_ms"] = _median_ms(lambda: list_cases(target), args.runs)
            started = time.perf_counter()
            differences = target.ops.differences()
            figures["verify_replay_s"] = round(time.perf_counter() - started, 2)
            figures["verify_differences"] = len(differences)
            case_id = built.case_ids[1]
            person = target.cases.get(case_id).people[0].id

            def save_signal() -> None:
                record_signal(target, case_id, Signal(
                    str(uuid.uuid4()), datetime(2026, 1, 5, 10, tzinfo=UTC),
                    (person,), frozenset({ViolenceForm.PHYSICAL_ABUSE}),
                    SourceKind.OWN_OBSERVATION, "Blauwe plek op de arm, gezien bij bezoek."),
                    now=datetime(2026, 1, 5, 11, tzinfo=UTC))

            figures["save_signal_ms"] = _median_ms(save_signal, args.runs)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
