"""Unlocking in the app's window alone, on a store built by ``python -m benchmarks``.

    .venv/bin/python -m benchmarks.unlock --folder /tmp/copy [--cases 30000] [--runs 5]
                                          [--real-kdf]

Prints one JSON object: ``unlock_shown_s`` and ``unlock_all_rows_s`` (as in
the full benchmark), the stall of unlocking to the list with the UI
thread's own part (``ui_stall_ms`` / ``ui_busy_ms`` for ``unlock_to_list``)
and each run's figures, and the load average around the run. A few
minutes instead of the full benchmark's half hour, so that two checkouts
can be run in turn on the same store (``PYTHONPATH`` to the other one's
source, started from that folder, with this file copied into it).

``--real-kdf``: the store's passphrase slot gets the cost a new slot gets on
this computer (``keys.DEFAULT_KDF``, calibrated) for the run, so that the
figures include the key derivation every real unlock pays; the key file is
put back as it was at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import measure  # noqa: E402
from benchmarks.build import PASSPHRASE  # noqa: E402


def _real_slot(path: Path) -> bytes:
    """Rewrap the passphrase slot with today's real cost; returns the key
    file's bytes from before, to put back."""
    from app.store import keys

    key_path = keys.key_file_path(path)
    before = key_path.read_bytes()
    key_file = keys.read_key_file(key_path)
    store_key = keys.unwrap(key_file, PASSPHRASE)
    slot = keys.wrap(store_key, PASSPHRASE, key_file.store_id, keys.PASSPHRASE_SLOT,
                     policy=keys.DEFAULT_KDF)
    keys.write_key_file(key_path, key_file.with_slot(slot))
    return before


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.unlock", description=__doc__)
    parser.add_argument("--folder", type=Path, required=True,
                        help="a folder with a built store (a copy: unlocking writes to it)")
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--real-kdf", action="store_true",
                        help="unlock with a key slot of the real cost")
    args = parser.parse_args(argv)
    path = args.folder / f"bench-{args.cases}.db"

    from PySide6.QtWidgets import QApplication

    from app.store import keys
    from app.ui import application

    kept = None
    if args.real_kdf:
        kept = _real_slot(path)
    else:
        measure.use_cheap_key_slots()
    figures: dict[str, object] = {"source": str(Path(application.__file__).parents[2]),
                                  "real_kdf": args.real_kdf,
                                  "load_before": round(os.getloadavg()[0], 2)}
    try:
        measure.keep_none_alive()
        getattr(application, "tune_process", lambda: None)()
        app = QApplication.instance() or QApplication([])
        shell = measure.shell_for(path)
        shell._unlock_path(path, PASSPHRASE)  # warm-up: the workspace built, pages cached
        measure._spin(app, lambda: shell.store is not None and not shell.cases.searching)
        shown, all_rows = [], []
        for _ in range(args.runs):
            first, full = measure.unlock_in_shell(app, shell, path, 1)
            shown.append(round(first, 3))
            all_rows.append(round(full, 3))
        stalls, busy = [], []
        for _ in range(args.runs):
            stalls.append(round(measure.stall_unlock_to_list(app, shell, path, 1), 1))
            busy.append(round(measure.busy_by_part["unlock_to_list"], 1))
        shell.lock()
        measure._spin(app, lambda: shell.store is None)
    finally:
        if kept is not None:
            keys.key_file_path(path).write_bytes(kept)
    figures.update({
        "unlock_shown_s": statistics.median(shown),
        "unlock_all_rows_s": statistics.median(all_rows),
        "unlock_to_list_stall_ms": statistics.median(stalls),
        "unlock_to_list_busy_ms": statistics.median(busy),
        "runs": {"shown_s": shown, "all_rows_s": all_rows, "stall_ms": stalls, "busy_ms": busy},
        "load_after": round(os.getloadavg()[0], 2),
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    })
    print(json.dumps(figures))
    measure.leave()


if __name__ == "__main__":
    main()
