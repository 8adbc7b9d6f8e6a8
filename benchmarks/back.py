"""The case list's own stalls, for comparing two checkouts quickly.

``python -m benchmarks.back --folder DIR [--runs N]``

Uses the 30,000-case store ``python -m benchmarks --cases 30000 --folder DIR``
built (copy it first: a run appends signals). Prints one JSON object with
the stall and UI-thread busy time (ms, medians of ``--runs``) of:

- ``back_to_list``: from an opened case back to the list, as
  ``python -m benchmarks`` measures it (``measure.stall_back_to_list``): the
  case was only looked at;
- ``back_after_saving``: the same after a signal was saved in the case, as
  the signal form does, so that its row changed and moves to the top (not
  timed: the save; timed: going back);
- ``unlock_to_list``: ``measure.stall_unlock_to_list`` (cheap key slots).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure  # noqa: E402
from benchmarks.build import EXPORT_SIGNALS, PASSPHRASE  # noqa: E402


def stall_back_after_saving(app, shell, case_id: str, runs: int) -> tuple[float, float]:
    """(median stall, median busy) ms going back to the list after a signal
    was saved in the open case."""
    meter = measure.StallMeter()
    stalls, busy = [], []
    for _ in range(runs):
        shell.open_case(case_id)
        measure._spin(app, lambda: shell.case_view.case is not None)
        measure.save_as_the_form_does(shell, case_id)
        measure._spin(app, measure._quiet_for(0.1))
        meter.start()
        shell.show_cases()
        measure._spin(app, lambda: shell.stack.currentWidget() is shell.cases
                      and shell.cases.model.rowCount() > 0)
        measure._spin(app, measure._quiet_for(0.05))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
        assert shell.cases.model.case_at(0).id == case_id  # moved to the top
    return statistics.median(stalls), statistics.median(busy)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.back", description=__doc__)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    measure.use_cheap_key_slots()
    from app.ui import application

    path = args.folder / f"bench-{args.cases}.db"
    built = json.loads((args.folder / f"bench-{args.cases}.json").read_text())
    case_id = built["export_case"]
    measure.keep_none_alive()
    getattr(application, "tune_process", lambda: None)()
    app = QApplication.instance() or QApplication([])

    figures: dict[str, object] = {"load_start": os.getloadavg()[0]}
    shell = measure.shell_for(path)
    shell._unlock_path(path, PASSPHRASE)
    measure._spin(app, lambda: shell.cases.model.rowCount() > 0)
    shell.open_case(case_id)
    measure._spin(app, measure._signals_shown(shell, case_id, EXPORT_SIGNALS))
    shell.show_cases()
    measure.pump()
    back = measure.stall_back_to_list(app, shell, case_id, args.runs)
    saved, saved_busy = stall_back_after_saving(app, shell, case_id, args.runs)
    unlock = measure.stall_unlock_to_list(app, shell, path, args.runs)
    shell.lock()
    busy = measure.busy_by_part
    figures["stall_ms"] = {"back_to_list": round(back, 1), "back_after_saving": round(saved, 1),
                           "unlock_to_list": round(unlock, 1)}
    figures["busy_ms"] = {"back_to_list": round(busy["back_to_list"], 1),
                          "back_after_saving": round(saved_busy, 1),
                          "unlock_to_list": round(busy["unlock_to_list"], 1)}
    figures["load_end"] = os.getloadavg()[0]
    print(json.dumps(figures))
    measure.leave()


if __name__ == "__main__":
    main()
