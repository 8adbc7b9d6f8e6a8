"""Print one JSON object with speed and memory figures (medians of several runs).

Builds a store of 10,000 cases in a scratch folder, then measures. Targets
(issue "Packaging, languages, accessibility and speed") are printed beside the
figures; this script reports, it does not fail.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "benchmark wachtwoord met vier woorden"
CASES = 10_000
RUNS = 5

TARGETS = {"cold_start_s": 1.5, "unlock_s": 0.8, "case_list_10k_ms": 150, "rss_mb": 250}


def build_store(path: Path) -> None:
    from app.cases.model import Case, CaseStatus, Person, Provenance, Role, new_id
    from app.store.store import Store

    with Store.create(path, PASSPHRASE) as store:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        with store.transaction():
            for i in range(CASES):
                moment = base + timedelta(minutes=i)
                prov = Provenance(moment, moment, store.worker_id, store.device_id)
                case_id = new_id()
                store.cases.add(Case(
                    case_id, f"VW-BENCH-{i:05d}", f"Familie {i:05d}", CaseStatus.OPEN, prov,
                    current_step=1 + i % 5, safety_phase=None if i % 3 else 1 + i % 5,
                    people=(Person(new_id(), case_id, f"Ouder {i}", Role.PARENT, None, 40, True,
                                   prov),),
                ))


def median_s(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_cold_start(path: Path) -> float:
    """Process start until the unlock screen is shown (the window is exposed)."""
    script = (
        "import sys, time; t0 = float(sys.argv[2]);"
        "from pathlib import Path;"
        "from PySide6.QtCore import QTimer;"
        "from app.config import Settings;"
        "from app.ui.application import create_application;"
        "from app.ui.qt_i18n import apply_language;"
        "app = create_application(); apply_language('nl');"
        "from app.ui.shell import Shell;"
        "w = Shell(Path(sys.argv[1]), Path(sys.argv[1]).with_name('demo.db'), Settings());"
        "w.show();"
        "QTimer.singleShot(0, lambda: (print(time.time() - t0), app.quit()));"
        "app.exec()"
    )
    results = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", script, str(path), str(time.time())],
                             capture_output=True, text=True, check=True)
        results.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(results)


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.services.cases import list_cases
    from app.services.session import Unlocker
    from app.ui.case_list import UPDATED, CaseListView

    folder = Path(tempfile.mkdtemp(prefix="veiligwijzer-bench-"))
    path = folder / "bench.db"
    start = time.perf_counter()
    build_store(path)
    figures: dict[str, float] = {"build_10k_s": round(time.perf_counter() - start, 2)}

    app = QApplication.instance() or QApplication([])
    view = CaseListView()
    view.resize(1100, 700)
    view.show()

    def unlock_and_list():
        store = Unlocker(path).unlock(PASSPHRASE)
        view.set_cases(list_cases(store))
        app.processEvents()
        store.close()

    figures["unlock_s"] = round(median_s(unlock_and_list), 3)

    store = Unlocker(path).unlock(PASSPHRASE)
    rows = list_cases(store)

    def fill_and_sort():
        view.set_cases(rows)
        view.table.sortByColumn(UPDATED, Qt.SortOrder.AscendingOrder)
        view.table.sortByColumn(UPDATED, Qt.SortOrder.DescendingOrder)
        app.processEvents()

    figures["case_list_10k_ms"] = round(median_s(fill_and_sort) * 1000, 1)
    figures["query_10k_ms"] = round(median_s(lambda: list_cases(store)) * 1000, 1)
    figures["filter_10k_ms"] = round(
        median_s(lambda: (view.filter.setText("0999"), view.filter.setText(""))) * 1000, 1)
    figures["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    store.close()
    figures["cold_start_s"] = round(measure_cold_start(path), 3)
    figures["targets"] = TARGETS
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
