"""Print one JSON object with speed and memory figures (medians of several runs).

``python -m benchmarks`` builds a store of 10,000 cases and 100,000 signals in
a scratch folder (``--cases 30000``: a team lead's store of 30,000 and 300,000;
``--quick``: 1,000 and 10,000), then measures; see ``benchmarks/README.md`` for
what each figure means. Targets (issue #17) are printed beside the figures;
this script reports, it does not fail.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure  # noqa: E402
from benchmarks.build import (  # noqa: E402
    EXPORT_SIGNALS,
    PASSPHRASE,
    build_store,
    open_plain,
    plain_copy,
    search_queries,
)

TARGETS = {
    "cold_start_s": 0.8, "unlock_shown_s": 0.15, "case_list_ms": 50, "search_p95_ms": 10,
    "open_case_ms": 50, "save_signal_ms": 30, "export_pdf_s": 0.5,
    "sqlcipher_over_sqlite": 1.25, "ui_stall_ms": 16, "rss_mb": 150,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="1,000 cases and 10,000 signals instead of 10,000 and 100,000")
    parser.add_argument("--cases", type=int, default=10_000,
                        help="cases in the store, ten signals each (default 10,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--queries", type=int, default=300,
                        help="search queries for search_p95_ms (default 300)")
    parser.add_argument("--folder", type=Path,
                        help="keep the built stores here and reuse them on the next run")
    parser.add_argument("--imports", action="store_true",
                        help="also print the slowest imports of a cold start (to stderr)")
    args = parser.parse_args(argv)
    cases = 1_000 if args.quick else args.cases
    signals = 10 * cases
    runs = args.runs

    from PySide6.QtWidgets import QApplication

    measure.use_cheap_key_slots()
    from app.services.cases import list_cases
    from app.services.session import Unlocker
    from app.ui import application
    from app.ui.case_list import CaseListView

    folder = args.folder or Path(tempfile.mkdtemp(prefix="veiligwijzer-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{cases}.db"
    manifest = folder / f"bench-{cases}.json"
    figures: dict[str, object] = {"cases": cases, "signals": signals,
                                  "can_lock_all_memory": measure.can_lock_all_memory()}
    if path.exists() and manifest.exists():
        built = _load_built(manifest)
    else:
        for stale in folder.glob(f"bench-{cases}*"):
            stale.unlink()
        built = build_store(path, cases, signals)
        # The store's name only: a copied folder must measure its own copy.
        manifest.write_text(json.dumps({"path": path.name, "export_case": built.export_case,
                                        "case_ids": built.case_ids, "seconds": built.seconds}))
    figures["build_s"] = round(built.seconds, 1)
    plain_path = folder / f"plain-{cases}.db"
    for stale in folder.glob(f"plain-{cases}.db*"):
        stale.unlink()
    plain_copy(built, plain_path)

    measure.keep_none_alive()
    # As the app does at start (a checkout from before issue 17, measured
    # for comparison through PYTHONPATH, has no such step).
    getattr(application, "tune_process", lambda: None)()
    app = QApplication.instance() or QApplication([])
    view = CaseListView()
    view.resize(1100, 700)
    view.show()

    # -- unlock and the case list ------------------------------------------------------
    def unlock_and_list():
        store = Unlocker(path).unlock(PASSPHRASE)
        view.set_cases(list_cases(store))
        measure.pump()
        store.close()

    # Unlock with the real key derivation = the store's part + one derivation.
    figures["unlock_store_s"] = round(measure.median_s(unlock_and_list, runs), 3)
    kdf = measure.unlock_kdf_s(max(3, runs // 2))
    figures["unlock_kdf_s"] = round(kdf["seconds"], 3)
    figures["unlock_kdf_params"] = {"kdf": "scrypt", "n": kdf["n"], "r": 8, "p": 1,
                                    "memory_mib": kdf["memory_mib"]}
    figures["unlock_s"] = round(figures["unlock_store_s"] + kdf["seconds"], 3)

    store = Unlocker(path).unlock(PASSPHRASE)
    rows = list_cases(store)

    figures["case_list_ms"] = round(
        statistics.median(measure.fill_and_sort_s(view, rows) for _ in range(runs)) * 1000, 1)
    figures["query_ms"] = round(measure.median_s(lambda: list_cases(store), runs) * 1000, 1)

    def type_and_clear():
        # The list filters once typing pauses; the pause itself is not measured.
        for text in ("0999", ""):
            view.filter.setText(text)
            view._typing.timeout.emit()

    figures["filter_ms"] = round(measure.median_s(type_and_clear, runs) * 1000, 1)

    # -- search --------------------------------------------------------------------------
    queries = search_queries(args.queries)
    times = measure.search_times_ms(store, queries)
    figures["search_p95_ms"] = round(measure.percentile(times, 0.95), 1)
    figures["search_p50_ms"] = round(measure.percentile(times, 0.50), 1)
    figures["search_max_ms"] = round(max(times), 1)
    task_times = measure.search_task_times_ms(store, queries)
    figures["search_task_p95_ms"] = round(measure.percentile(task_times, 0.95), 1)
    figures["search_task_p50_ms"] = round(measure.percentile(task_times, 0.50), 1)

    # -- export --------------------------------------------------------------------------
    scratch = Path(tempfile.mkdtemp(prefix="exports-", dir=folder))
    export = measure.export_s(store, built.export_case, max(3, runs // 2), scratch)
    figures.update({name: round(value, 3) for name, value in export.items()})

    # -- the event loop while exporting and typing ---------------------------------------------
    view.set_cases(list_cases(store))
    measure.pump()
    export_stall = measure.stall_during_export(app, view, store, built.export_case,
                                               max(3, runs // 2), scratch)
    words = [q for q in queries if " " not in q][:12]
    typing_median, typing_max = measure.stall_while_typing(app, view, store, words)

    # -- the app's window: saving, opening a case, back to the list, unlocking -------------
    figures["save_signal_ms"] = round(measure.save_signal_ms(store, built.case_ids[1], runs), 1)
    shell = measure.shell_for(path)
    shell._unlock_path(path, PASSPHRASE)
    measure.pump()
    open_ms, open_stall = measure.open_case(app, shell, built.export_case, EXPORT_SIGNALS, runs)
    figures["open_case_ms"] = round(open_ms, 1)
    figures["unlock_shown_s"], figures["unlock_all_rows_s"] = (
        round(s, 3) for s in measure.unlock_in_shell(app, shell, path, runs))
    stalls = {
        "export": export_stall, "typing_median_word": typing_median,
        "typing_worst_word": typing_max, "open_case": open_stall,
        "saving": measure.stall_while_saving(app, shell, built.export_case, EXPORT_SIGNALS,
                                             max(3, runs // 2)),
        "back_to_list": measure.stall_back_to_list(app, shell, built.export_case,
                                                   max(3, runs // 2)),
        "unlock_to_list": measure.stall_unlock_to_list(app, shell, path, max(3, runs // 2)),
    }
    shell.lock()
    figures["ui_stall_ms"] = round(max(v for k, v in stalls.items()
                                       if k != "typing_median_word"), 1)
    figures["ui_stall_detail_ms"] = {k: round(v, 1) for k, v in stalls.items()}
    # The UI thread's own CPU time in those gaps: the part of a stall that
    # is the app's, also when other work on the machine delays the thread.
    figures["ui_busy_ms"] = round(max(measure.busy_by_part.values()), 1)
    figures["ui_busy_detail_ms"] = {k: round(v, 1) for k, v in measure.busy_by_part.items()}

    # -- SQLCipher against plain SQLite --------------------------------------------------------
    plain_store = open_plain(plain_path)
    mix = measure.sqlcipher_over_sqlite(store, plain_store, measure.Mix(built, queries), runs)
    figures["sqlcipher_over_sqlite"] = mix.pop("ratio")
    figures["sqlcipher_over_sqlite_detail"] = mix
    plain_store.conn.close()
    store.close()
    shutil.rmtree(scratch, ignore_errors=True)
    # The same mix with memory security on, as an organisation's policy can ask
    # (in its own process: SQLCipher cannot turn it off again).
    secure = measure.mix_in_process(True, manifest, plain_path, args.queries, runs)
    figures["sqlcipher_over_sqlite_memory_security"] = secure.pop("ratio")
    figures["sqlcipher_over_sqlite_memory_security_detail"] = secure

    # -- fresh processes -------------------------------------------------------------------------
    rss, peak = measure.rss_mb(path, max(3, runs // 2))
    figures["rss_mb"] = round(rss, 1)
    figures["rss_peak_mb"] = round(peak, 1)
    figures["bench_process_peak_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["cold_start_s"] = round(measure.cold_start_s(path, runs), 3)
    if args.imports:
        print(measure.import_profile(path), file=sys.stderr)

    figures["targets"] = TARGETS
    figures["missed"] = [name for name, target in TARGETS.items()
                         if isinstance(figures.get(name), int | float)
                         and figures[name] > target]  # type: ignore[operator]
    figures["measured_at"] = time.strftime("%Y-%m-%d %H:%M")
    print(json.dumps(figures, indent=2))
    if args.folder is None:
        shutil.rmtree(folder, ignore_errors=True)
    measure.leave()


def _load_built(manifest: Path):
    from benchmarks.build import Built

    data = json.loads(manifest.read_text())
    return Built(manifest.parent / Path(data["path"]).name, data["export_case"],
                 tuple(data["case_ids"]), data["seconds"])


if __name__ == "__main__":
    main()
