"""Working as a team (issue 21): what the lead's overview, the new-since
marks and the members panel cost on a large store.

``python -m benchmarks.caseteam`` builds a store (10,000 cases, 20,000
signals, through the one write path), puts a team of ten workers in its
directory, hands a tenth of the cases over and adds a co-worker to another
tenth, then prints one JSON object with medians in ms:

* ``team_overview_ms``: the whole overview (every figure, per worker);
* ``team_overview_one_worker_ms``: the same narrowed to one worker;
* ``leads_ms``: the casusregisseur of every case (the per-worker grouping);
* ``open_conflicts_ms``, ``open_requests_ms``: the two new figures' facts;
* ``case_sets_ms``: the facts the overview had before (for comparison);
* ``changed_by_others_ms``: the new-since marks for the case list;
* ``case_team_ms``: who is on one case (the members panel);
* ``refusal_check_us``: what the receiving store's role check (issue 21)
  adds per operation it applies, over 2,000 of the store's operations
  (mostly signals: one indexed look); ``refusal_check_member_us`` per
  member change or takeover (the rules asked with the case's members);
* ``list_cases_ms``: the case list with the consultant's look at ended
  consultations (one indexed look when the worker has none).

``--quick`` builds a tenth. This script reports, it does not fail.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure  # noqa: E402
from benchmarks.build import PASSPHRASE, build_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    cases, signals = (1000, 2000) if args.quick else (10000, 20000)
    measure.use_cheap_key_slots()

    from app.cases.model import new_id
    from app.caseteam import TeamRole
    from app.services import caseteam
    from app.services import overview as overview_service
    from app.services.cases import list_cases
    from app.store.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        built = build_store(Path(scratch) / "team.db", cases, signals)
        with Store.open(built.path, PASSPHRASE) as store:
            caseteam.set_worker(store, store.worker_id, "Teamleider", TeamRole.LEAD)
            workers = [new_id() for _ in range(10)]
            for n, worker in enumerate(workers):
                caseteam.set_worker(store, worker, f"Medewerker {n}", TeamRole.WORKER)
            for n, case_id in enumerate(built.case_ids):
                if n % 10 == 1:
                    caseteam.take_over(store, case_id, workers[n % 7])
                elif n % 10 == 2:
                    caseteam.add_member(store, case_id, workers[n % 9])
            runs = 5
            print(json.dumps({
                "cases": cases,
                "team_overview_ms": round(measure.median_s(
                    lambda: overview_service.team_overview(store), runs) * 1000, 1),
                "team_overview_one_worker_ms": round(measure.median_s(
                    lambda: overview_service.team_overview(store, worker=workers[1]),
                    runs) * 1000, 1),
                "leads_ms": round(measure.median_s(store.caseteam.leads, runs) * 1000, 1),
                "open_conflicts_ms": round(measure.median_s(store.ops.conflicts, runs) * 1000,
                                           1),
                "open_requests_ms": round(measure.median_s(
                    lambda: caseteam.open_requests(store), runs) * 1000, 1),
                "case_sets_ms": round(measure.median_s(
                    store.overview.case_sets, runs) * 1000, 1),
                "changed_by_others_ms": round(measure.median_s(
                    lambda: caseteam.changed_by_others(store), runs) * 1000, 2),
                "case_team_ms": round(measure.median_s(
                    lambda: caseteam.case_team(store, built.case_ids[1]), runs) * 1000, 2),
                **_refusal_figures(store, runs),
                "list_cases_ms": round(measure.median_s(
                    lambda: list_cases(store), runs) * 1000, 1),
            }, indent=2))


def _refusal_figures(store, runs: int) -> dict[str, float]:
    from app.oplog.operation import parse
    from app.services import caseteam

    def ops(where: str) -> list:
        return [parse(body) for (body,) in store.conn.execute(
            f"SELECT body FROM operations WHERE {where} ORDER BY seq LIMIT 2000")]

    common = ops("entity IN ('records', 'persons', 'cases') AND body NOT LIKE '%case_lead\"%'")
    member = ops("entity = 'case_members' OR (entity = 'cases' AND body LIKE"
                 " '%\"case_lead\":\"%')")

    def per_op(sample: list) -> float:
        seconds = measure.median_s(
            lambda: [caseteam.refusal(store, op, op.author) for op in sample], runs)
        return round(seconds / max(len(sample), 1) * 1e6, 1)

    return {"refusal_check_us": per_op(common), "refusal_check_member_us": per_op(member),
            "refusal_sample": len(common), "refusal_member_sample": len(member)}


if __name__ == "__main__":
    main()
