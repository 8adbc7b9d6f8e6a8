"""The case screens' figures alone, for comparing two checkouts quickly.

``python -m benchmarks.view --folder DIR [--runs N] [--profile PART]``

Uses the 30,000-case store ``python -m benchmarks --cases 30000 --folder DIR``
built (copy it first: the parts below append signals). Prints one JSON
object: ``case_list_ms``, ``open_case_ms`` and the stall and UI-thread busy
time of typing in the search field, opening the 200-signal case, saving a
signal in it and going back to the list, measured as ``python -m benchmarks``
does (the same functions of ``benchmarks.measure``). The full run takes ten
minutes; this one about one.

``--profile PART`` (typing, open_case, saving, back_to_list, case_list) runs
that part under cProfile on the UI thread and writes the 25 costliest
functions by own time and by cumulative time to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure  # noqa: E402
from benchmarks.build import EXPORT_SIGNALS, PASSPHRASE, search_queries  # noqa: E402

PARTS = ("case_list", "typing", "open_case", "saving", "back_to_list")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.view", description=__doc__)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--words", type=int, default=12, help="words typed (default 12)")
    parser.add_argument("--profile", choices=PARTS)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    measure.use_cheap_key_slots()
    from app.services.cases import list_cases
    from app.services.session import Unlocker
    from app.ui import application
    from app.ui.case_list import CaseListView

    path = args.folder / f"bench-{args.cases}.db"
    built = json.loads((args.folder / f"bench-{args.cases}.json").read_text())
    export_case = built["export_case"]
    measure.keep_none_alive()
    getattr(application, "tune_process", lambda: None)()
    app = QApplication.instance() or QApplication([])
    profiler = cProfile.Profile()

    def profiled(part: str, work):
        if args.profile != part:
            return work()
        profiler.enable()
        try:
            return work()
        finally:
            profiler.disable()

    figures: dict[str, object] = {"load_start": os.getloadavg()[0]}
    store = Unlocker(path).unlock(PASSPHRASE)
    rows = list_cases(store)
    view = CaseListView()
    view.resize(1100, 700)
    view.show()

    figures["case_list_ms"] = round(statistics.median(
        profiled("case_list", lambda: measure.fill_and_sort_s(view, rows))
        for _ in range(args.runs)) * 1000, 1)
    view.set_cases(list_cases(store))
    measure.pump()
    words = [q for q in search_queries(200) if " " not in q][:args.words]
    typing_median, typing_max = profiled(
        "typing", lambda: measure.stall_while_typing(app, view, store, words))
    view.hide()

    shell = measure.shell_for(path)
    shell._unlock_path(path, PASSPHRASE)
    measure.pump()
    open_ms, open_stall = profiled("open_case", lambda: measure.open_case(
        app, shell, export_case, EXPORT_SIGNALS, args.runs))
    figures["open_case_ms"] = round(open_ms, 1)
    saving = profiled("saving", lambda: measure.stall_while_saving(
        app, shell, export_case, EXPORT_SIGNALS, args.runs))
    back = profiled("back_to_list", lambda: measure.stall_back_to_list(
        app, shell, export_case, args.runs))
    shell.lock()
    figures["stall_ms"] = {"typing_median_word": round(typing_median, 1),
                           "typing_worst_word": round(typing_max, 1),
                           "open_case": round(open_stall, 1), "saving": round(saving, 1),
                           "back_to_list": round(back, 1)}
    figures["busy_ms"] = {k: round(v, 1) for k, v in measure.busy_by_part.items()}
    figures["load_end"] = os.getloadavg()[0]
    print(json.dumps(figures))
    if args.profile:
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(r"/app/|\{", 30)
            print(out.getvalue(), file=sys.stderr)
    store.close()
    measure.leave()


if __name__ == "__main__":
    main()
