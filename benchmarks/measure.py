"""The measurements: each returns plain numbers; ``__main__`` prints them."""

from __future__ import annotations

import gc
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.build import PASSPHRASE, Built, signal_facts

EXPORT_PASSPHRASE = "export wachtwoord voor de benchmark 2026"


def median_s(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


# -- the process -------------------------------------------------------------------


def can_lock_all_memory() -> bool:
    """Whether every ``mlock`` succeeds here (``CAP_IPC_LOCK``, as root has):
    SQLCipher's memory security then locks each allocation for real, which
    costs far more than for a normal user, whose locks stop at a small limit
    (see README.md)."""
    import resource

    try:
        status = Path("/proc/self/status").read_text().splitlines()
        effective = next(line for line in status if line.startswith("CapEff:"))
        return bool(int(effective.split()[1], 16) >> 14 & 1)  # bit 14: CAP_IPC_LOCK
    except (OSError, StopIteration, ValueError):
        return resource.getrlimit(resource.RLIMIT_MEMLOCK)[0] == resource.RLIM_INFINITY


# -- the key slots -----------------------------------------------------------------


def use_cheap_key_slots() -> None:
    """The benchmark's stores are built and opened with cheap key slots (the
    test seam), so that unlock figures show the store's own work; the real
    cost of the key derivation is measured apart (``unlock_kdf_s``)."""
    from app.store import keys

    keys.use_kdf_policy(keys.KdfPolicy(min_n=2**10, calibrate=False))


def unlock_kdf_s(runs: int) -> dict[str, float]:
    """One derivation with the parameters a new slot gets on this computer
    (``keys.DEFAULT_KDF``, calibrated): what every unlock pays on top."""
    from app.store import keys

    n = keys.calibrated_n(keys.DEFAULT_KDF)
    seconds = median_s(lambda: keys.kdf_seconds(n, keys.DEFAULT_KDF.r, keys.DEFAULT_KDF.p),
                       runs)
    return {"seconds": seconds, "n": n, "memory_mib": 128 * keys.DEFAULT_KDF.r * n / 2**20}


# -- search ------------------------------------------------------------------------


def search_times_ms(store, queries: list[str]) -> list[float]:
    """``matching_cases`` once per query (after one warm-up pass over a few)."""
    from app.services.search import matching_cases

    for query in queries[:10]:
        matching_cases(store, query)
    times = []
    for query in queries:
        start = time.perf_counter()
        matching_cases(store, query)
        times.append((time.perf_counter() - start) * 1000)
    return times


def search_task_times_ms(store, queries: list[str]) -> list[float]:
    """As the app searches: each query a task on a thread of its own, on the
    store's connection for tasks (``Store.for_thread``), from asking for it
    until the result is there."""
    import threading

    from app.services.search import matching_cases

    times: list[float] = []

    def task(query: str) -> None:
        start = time.perf_counter()
        with store.for_thread(threading.Event()) as own:
            matching_cases(own, query)
        times.append((time.perf_counter() - start) * 1000)

    for query in queries:
        thread = threading.Thread(target=task, args=(query,))
        thread.start()
        thread.join()
    return times


# -- export ------------------------------------------------------------------------


def export_s(store, case_id: str, runs: int, scratch: Path) -> dict[str, float]:
    """``export_handover`` of the case, encrypted, medians of ``runs``:
    ``export_s`` the whole of it; ``export_kdf_s`` its key derivation (the
    scrypt of the encrypted JSON part, ``app.export.package._SCRYPT``): a
    security setting, like ``unlock_kdf_s``, timed inside each run;
    ``export_pdf_s`` the rest (the PDF, its encryption, the package)."""
    from app.export import package
    from app.services.handover import export_handover

    folder = Path(tempfile.mkdtemp(prefix="export-", dir=scratch))
    derive = package._scrypt_key
    spent: list[float] = []

    def timed_derive(*args, **kwargs):
        start = time.perf_counter()
        try:
            return derive(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    totals, kdfs = [], []
    package._scrypt_key = timed_derive
    try:
        for n in range(runs):
            spent.clear()
            start = time.perf_counter()
            export_handover(store, case_id, folder / f"p{n}", EXPORT_PASSPHRASE)
            totals.append(time.perf_counter() - start)
            kdfs.append(sum(spent))
    finally:
        package._scrypt_key = derive
    return {"export_s": statistics.median(totals), "export_kdf_s": statistics.median(kdfs),
            "export_pdf_s": statistics.median(t - k for t, k in zip(totals, kdfs, strict=True))}


# -- SQLCipher against plain SQLite ------------------------------------------------------


class Mix:
    """The same query mix for a store on SQLCipher and one on plain SQLite:
    the case list query, ``load_records`` of some cases, searches, and one
    transaction that appends a batch of signals through ``store.records``."""

    PARTS = ("case_list", "load_records", "search", "insert")

    def __init__(self, built: Built, queries: list[str], seed: int = 3) -> None:
        rng = random.Random(seed)
        self.load_ids = rng.sample(built.case_ids, min(20, len(built.case_ids)))
        self.queries = rng.sample(queries, 10)
        self.insert_ids = rng.sample(built.case_ids, 100)
        self.rng = rng

    def run(self, store) -> dict[str, float]:
        from app.meldcode.signals import Signal
        from app.meldcode.vocabulary import SourceKind, ViolenceForm
        from app.services.cases import list_cases
        from app.services.meldcode import load_records
        from app.services.search import matching_cases

        times: dict[str, float] = {}
        start = time.perf_counter()
        list_cases(store)
        times["case_list"] = time.perf_counter() - start

        start = time.perf_counter()
        for case_id in self.load_ids:
            load_records(store, case_id)
        times["load_records"] = time.perf_counter() - start

        start = time.perf_counter()
        for query in self.queries:
            matching_cases(store, query)
        times["search"] = time.perf_counter() - start

        from app.cases.model import new_id

        at = datetime.now(UTC)
        batch = []
        for case_id in self.insert_ids:
            facts, who = signal_facts(self.rng)
            batch.append((case_id, Signal(new_id(), at - timedelta(hours=1), ("benchmark",),
                                          frozenset({ViolenceForm.PHYSICAL_ABUSE}),
                                          SourceKind.TOLD_BY_SOMEONE, facts, source_detail=who)))
        start = time.perf_counter()
        repo = store.records
        with store.transaction():
            for case_id, signal in batch:
                repo.append(case_id, signal, created_at=at, author=store.worker_id,
                            device=store.device_id)
        times["insert"] = time.perf_counter() - start
        return times


def sqlcipher_over_sqlite(cipher_store, plain_store, mix: Mix, runs: int) -> dict:
    """Median total time of the mix on each, alternating, after a warm-up."""
    mix.run(cipher_store), mix.run(plain_store)
    cipher, plain = [], []
    for _ in range(runs):
        cipher.append(mix.run(cipher_store))
        plain.append(mix.run(plain_store))

    def total(runs_: list[dict[str, float]]) -> float:
        return statistics.median(sum(r.values()) for r in runs_)

    parts = {part: round(statistics.median(r[part] for r in cipher)
                         / statistics.median(r[part] for r in plain), 2) for part in Mix.PARTS}
    return {"ratio": round(total(cipher) / total(plain), 2),
            "sqlcipher_ms": round(total(cipher) * 1000, 1),
            "sqlite_ms": round(total(plain) * 1000, 1), "parts": parts}


_MIX_SCRIPT = """
import json, sys
from pathlib import Path
from benchmarks.measure import Mix, sqlcipher_over_sqlite, use_cheap_key_slots
from benchmarks.build import PASSPHRASE, Built, open_plain, search_queries
from app.store import database
use_cheap_key_slots()
database.set_memory_security(sys.argv[1] == "on")
data = json.loads(Path(sys.argv[2]).read_text())
built = Built(Path(sys.argv[2]).parent / Path(data["path"]).name, data["export_case"],
              tuple(data["case_ids"]), data["seconds"])
from app.services.session import Unlocker
store = Unlocker(built.path).unlock(PASSPHRASE)
plain = open_plain(Path(sys.argv[3]))
mix = sqlcipher_over_sqlite(store, plain, Mix(built, search_queries(int(sys.argv[4]))),
                            int(sys.argv[5]))
print(json.dumps(mix))
plain.conn.close()
store.close()
"""


def mix_in_process(memory_security: bool, manifest: Path, plain: Path, queries: int,
                   runs: int) -> dict:
    """``sqlcipher_over_sqlite`` in a fresh process with memory security on or
    off: once on, SQLCipher keeps it on for the whole process."""
    out = subprocess.run([sys.executable, "-c", _MIX_SCRIPT, "on" if memory_security else "off",
                          str(manifest), str(plain), str(queries), str(runs)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- in a fresh process ----------------------------------------------------------------------

_RSS_SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from benchmarks.measure import use_cheap_key_slots
use_cheap_key_slots()
from pathlib import Path
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from app.services.cases import list_cases
from app.services.session import Unlocker
from app.ui.case_list import CaseListView
app = QApplication([])
view = CaseListView(); view.resize(1100, 700); view.show()
store = Unlocker(Path(sys.argv[1])).unlock(sys.argv[2])
view.set_cases(list_cases(store))
loop = QEventLoop()
for _ in range(5):
    loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024)
store.close()
"""


def rss_mb(path: Path, runs: int) -> tuple[float, float]:
    """(resident, peak resident) MB of a fresh process with the store open and
    the case list filled: the build of the store is not in it."""
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(path), PASSPHRASE],
                             capture_output=True, text=True, check=True)
        results.append(tuple(float(x) for x in out.stdout.split()))
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results))


_COLD_START_SCRIPT = (
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


def cold_start_s(path: Path, runs: int) -> float:
    """Process start until the unlock screen is shown (the window is exposed)."""
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD_START_SCRIPT, str(path),
                              str(time.time())], capture_output=True, text=True, check=True)
        results.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(results)


def import_profile(path: Path) -> str:
    """The slowest imports of a cold start (``-X importtime``), for the README."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", _COLD_START_SCRIPT, str(path),
                          str(time.time())], capture_output=True, text=True, check=True)
    rows = []
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    return json.dumps(sorted(rows, reverse=True)[:25], indent=1)


# -- the event loop ------------------------------------------------------------------------


#: Per part of ``ui_stall_ms``: the median of the most CPU time the UI
#: thread itself used between two ticks (``StallMeter.busy_ms``).
busy_by_part: dict[str, float] = {}


class StallMeter:
    """A QTimer that ticks every 5 ms on the UI thread; the largest gap
    between two ticks is the longest stall of the event loop.

    ``busy_ms``: the most CPU time the UI thread itself used between two
    ticks. On a machine shared with other work the gaps also hold the time
    the thread waited for a core; this part is the app's own."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = 0.0
        self.largest = self.busy = 0.0

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.largest = max(self.largest, now - self.last)
        self.busy = max(self.busy, cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def start(self) -> None:
        self.largest = self.busy = 0.0
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.largest * 1000

    @property
    def busy_ms(self) -> float:
        return self.busy * 1000


_loop = None
_NONE_REFS: list[None] = []
_probed = False


def _drops_none() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def keep_none_alive() -> None:
    """Work around a reference bug of PySide6 6.12.0 on CPython 3.11 (excluded
    in pyproject.toml): every call of a method that returns ``void``
    (``setText``, ``clear``, ``processEvents`` …) drops one reference to
    ``None`` that it never took, so a few thousand calls abort the
    interpreter ("deallocating None"). With such a PySide6, holding a few
    million extra references keeps this process alive."""
    global _probed
    if not _probed:
        # Probed once: probing at every pump put ~50 µs of its own on the
        # UI thread between the events the stall meter times.
        _probed, dropping = True, _drops_none()
        if dropping:
            _NONE_REFS.append(None)
    if _NONE_REFS and sys.getrefcount(None) < 1_000_000:
        _NONE_REFS.extend([None] * 2_000_000)


def leave() -> None:
    """End the process; without tearing down when ``keep_none_alive`` had to
    step in (freeing its references would expose the missing ones)."""
    sys.stdout.flush()
    if _NONE_REFS:
        os._exit(0)


def pump(wait_ms: int = 0) -> None:
    """Handle pending events (waiting up to ``wait_ms`` for one).

    Through a ``QEventLoop`` on purpose: the static
    ``QCoreApplication.processEvents`` of PySide6 6.12 on Python 3.11 drops
    one reference to ``None`` per call, which aborts the interpreter
    ("deallocating None") after a few thousand calls.
    """
    from PySide6.QtCore import QEventLoop

    global _loop
    keep_none_alive()
    if _loop is None:
        _loop = QEventLoop()
    if wait_ms:
        _loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, wait_ms)
    else:
        _loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def _spin(app, until: Callable[[], bool], timeout_s: float = 120) -> None:
    end = time.perf_counter() + timeout_s
    while not until():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step did not finish")
        pump(5)


def stall_during_export(app, view, store, case_id: str, runs: int, scratch: Path) -> float:
    """Largest gap while ``export_handover`` runs through ``run_store_task``."""
    from app.services.handover import export_handover
    from app.ui.tasks import run_store_task

    folder = Path(tempfile.mkdtemp(prefix="stall-", dir=scratch))
    meter = StallMeter()
    stalls, busy = [], []
    for n in range(runs):
        done: list[object] = []
        meter.start()
        run_store_task(view, store, lambda own, n=n: export_handover(
            own, case_id, folder / f"p{n}", EXPORT_PASSPHRASE), done.append, done.append)
        _spin(app, lambda done=done: bool(done))
        _spin(app, _quiet_for(0.05))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
        if isinstance(done[0], Exception):
            raise done[0]
    busy_by_part["export"] = statistics.median(busy)
    return statistics.median(stalls)


def _quiet_for(seconds: float) -> Callable[[], bool]:
    end = time.perf_counter() + seconds
    return lambda: time.perf_counter() > end


def fill_and_sort_s(view, rows: list) -> float:
    """``case_list_ms``: from an empty list, every case in, sorted twice, drawn."""
    from PySide6.QtCore import Qt

    from app.ui.case_list import UPDATED

    view.set_cases([])
    pump()
    start = time.perf_counter()
    view.set_cases(rows)
    view.table.sortByColumn(UPDATED, Qt.SortOrder.AscendingOrder)
    view.table.sortByColumn(UPDATED, Qt.SortOrder.DescendingOrder)
    pump()
    return time.perf_counter() - start


def stall_while_typing(app, view, store, words: list[str], key_interval_s: float = 0.09
                       ) -> tuple[float, float]:
    """Type each word into the case list's search field one key at a time
    (about 11 keys a second), wait for the list to settle, clear the field.
    Returns (median, largest) of the largest gap per word."""
    from PySide6.QtTest import QTest

    from app.services.search import matching_cases
    from app.ui.tasks import run_store_task

    # As the app searches (``Shell._search``): off the UI thread, on the
    # task's own connection, the rows to show planned in the same task.
    view.set_search(lambda text, prepare, deliver: run_store_task(
        view, store, lambda own: prepare(matching_cases(own, text)), deliver,
        lambda _exc: deliver(None), replaces="search"))
    meter = StallMeter()
    stalls, busy = [], []
    for word in words:
        view.filter.clear()
        _spin(app, _quiet_for(0.1))
        meter.start()
        for key in word:
            keep_none_alive()
            QTest.keyClicks(view.filter, key)
            _spin(app, _quiet_for(key_interval_s))
        _spin(app, _quiet_for(0.5))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
    view.filter.clear()
    view.set_search(None)
    _spin(app, _quiet_for(0.1))
    busy_by_part["typing_worst_word"] = max(busy)
    return statistics.median(stalls), max(stalls)


# -- the app's own window: opening a case, saving, unlocking -------------------------------


def signal_for(case) -> object:
    """A valid new signal about the first person of ``case``, observed an hour ago."""
    from app.cases.model import new_id
    from app.meldcode.signals import Signal
    from app.meldcode.vocabulary import SourceKind, ViolenceForm

    return Signal(new_id(), datetime.now(UTC) - timedelta(hours=1), (case.people[0].id,),
                  frozenset({ViolenceForm.PHYSICAL_ABUSE}), SourceKind.OWN_OBSERVATION,
                  "Tijdens het huisbezoek zag ik een blauwe plek op de bovenarm.")


def save_signal_ms(store, case_id: str, runs: int) -> float:
    """``record_signal`` through the service: validation against the case's
    records, the append, the case-list columns, the audit entry and the
    search row, in one transaction; whatever path the service takes."""
    from app.services.cases import find_case
    from app.services.meldcode import record_signal

    case = find_case(store, case_id)
    record_signal(store, case_id, signal_for(case))  # warm-up
    return median_s(lambda: record_signal(store, case_id, signal_for(case)), runs) * 1000


def shell_for(path: Path):
    """The app's main window on ``path``, locked, as the app starts."""
    from app.config import Settings
    from app.ui.shell import Shell

    shell = Shell(path, path.with_name("demo.db"), Settings())
    shell.resize(1100, 720)
    shell.show()
    # As app.ui.application.run: what start-up made stays out of the
    # collector's full passes; so do the case screens, where they are built
    # after the unlock screen (a checkout from before that builds them at once).
    gc.freeze()
    if hasattr(shell, "workspace_built"):
        shell.workspace_built.connect(gc.freeze)
    pump()
    return shell


def _signals_shown(shell, case_id: str, at_least: int) -> Callable[[], bool]:
    from app.meldcode.steps import Step

    def shown() -> bool:
        case = shell.case_view.case
        page = shell.case_view.meldcode.pages[Step.MAP_SIGNALS]
        return (case is not None and case.id == case_id
                and shell.stack.currentWidget() is shell.case_view
                and page.model.rowCount() >= at_least)
    return shown


def _back_to_list(app, shell) -> None:
    shell.show_cases()
    _spin(app, lambda: shell.stack.currentWidget() is shell.cases and not shell.cases.searching)
    shell.case_view.meldcode.clear()
    _spin(app, _quiet_for(0.05))


def open_case(app, shell, case_id: str, signals: int, runs: int) -> tuple[float, float]:
    """(median ms, median stall ms) from asking for a case in the list until it
    is shown with its stepper and the records of every step."""
    meter = StallMeter()
    times, stalls, busy = [], [], []
    for _ in range(runs + 1):
        _back_to_list(app, shell)
        meter.start()
        start = time.perf_counter()
        shell.open_case(case_id)
        _spin(app, _signals_shown(shell, case_id, signals))
        times.append(time.perf_counter() - start)
        _spin(app, _quiet_for(0.05))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
    busy_by_part["open_case"] = statistics.median(busy[1:])
    return statistics.median(times[1:]) * 1000, statistics.median(stalls[1:])


def stall_back_to_list(app, shell, case_id: str, runs: int) -> float:
    """Largest gap from leaving an open case until the case list is filled."""
    meter = StallMeter()
    stalls, busy = [], []
    for _ in range(runs):
        shell.open_case(case_id)
        _spin(app, lambda: shell.case_view.case is not None)
        _spin(app, _quiet_for(0.05))
        meter.start()
        shell.show_cases()
        _spin(app, lambda: shell.stack.currentWidget() is shell.cases
              and shell.cases.model.rowCount() > 0)
        _spin(app, _quiet_for(0.05))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
    busy_by_part["back_to_list"] = statistics.median(busy)
    return statistics.median(stalls)


def save_as_the_form_does(shell, case_id: str) -> None:
    """A new signal in the open case, as the signal form's 'Vastleggen' does
    once it is valid: the service on the UI thread, then what the controller
    does after a saved form."""
    from app.services.meldcode import record_signal

    controller = shell.controller
    before = controller.screen.progress
    record_signal(shell.store, case_id, signal_for(shell.case_view.case))
    if hasattr(controller, "show_saved"):
        controller.show_saved(True, before)
    else:  # a checkout from before show_saved: what its form did
        controller.refresh()
        controller.changed.emit()
        controller.offer_next_step(before)


def stall_while_saving(app, shell, case_id: str, signals: int, runs: int) -> float:
    """Largest gap while a signal is saved in an open case and the case is
    shown again, as the signal form's 'Vastleggen' does once it is valid:
    the service on the UI thread, then what the controller does after a
    saved form (``show_saved``: the case read again, the panels that follow)."""
    from app.meldcode.steps import Step

    shell.open_case(case_id)
    _spin(app, _signals_shown(shell, case_id, signals))
    listed = shell.case_view.meldcode.pages[Step.MAP_SIGNALS].model.rowCount()
    meter = StallMeter()
    stalls, busy = [], []
    for n in range(runs):
        _spin(app, _quiet_for(0.05))
        meter.start()
        save_as_the_form_does(shell, case_id)
        _spin(app, _signals_shown(shell, case_id, listed + n + 1))  # shown with the new one
        _spin(app, _quiet_for(0.1))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
    busy_by_part["saving"] = statistics.median(busy)
    return statistics.median(stalls)


def stall_unlock_to_list(app, shell, path: Path, runs: int) -> float:
    """Largest gap from the passphrase given (cheap key slots: the key
    derivation is ``unlock_kdf_s``) until the case list is filled."""
    meter = StallMeter()
    stalls, busy = [], []
    for _ in range(runs):
        shell.lock()
        _spin(app, lambda: shell.store is None)
        _spin(app, _quiet_for(0.05))
        meter.start()
        shell._unlock_path(path, PASSPHRASE)
        _spin(app, lambda: shell.stack.currentWidget() is shell.cases
              and shell.cases.model.rowCount() > 0)
        _spin(app, _quiet_for(0.05))
        stalls.append(meter.stop())
        busy.append(meter.busy_ms)
    busy_by_part["unlock_to_list"] = statistics.median(busy)
    return statistics.median(stalls)


def unlock_in_shell(app, shell, path: Path, runs: int) -> tuple[float, float]:
    """(median s, median s) in the app's window from the passphrase given
    (cheap key slots) until the case list's first rows are drawn, and until
    every case is in the list. The second is ``unlock_store_s``'s work in
    the app's own order (the list read off the UI thread); the first is
    what the worker sees first."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        at: float | None = None

        def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt API
            if (event.type() == QEvent.Type.Paint and self.at is None
                    and shell.cases.model.rowCount() > 0):
                self.at = time.perf_counter()
            return False

    first, full = [], []
    for _ in range(runs):
        shell.lock()
        _spin(app, lambda: shell.store is None)
        _spin(app, _quiet_for(0.05))
        probe = FirstPaint()
        viewport = shell.cases.table.viewport()
        viewport.installEventFilter(probe)
        start = time.perf_counter()
        shell._unlock_path(path, PASSPHRASE)
        _spin(app, lambda probe=probe: shell.cases.model.total > 0 and probe.at is not None)
        full.append(time.perf_counter() - start)
        first.append(probe.at - start)
        viewport.removeEventFilter(probe)
    return statistics.median(first), statistics.median(full)
