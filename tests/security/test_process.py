"""Crash safety and process hardening, in real processes: a SIGKILL during
saving loses no committed record; core dumps are off after harden_process();
an uncaught exception writes its type and place, never its message."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.helpers import ROOT


def test_sigkill_during_saving_loses_no_committed_record(store_path: Path):
    Store.create(store_path, PASSPHRASE).close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.security.saving_child", str(store_path), PASSPHRASE],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    printed: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while len(printed) < 25 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            printed.append(line.strip())
        assert len(printed) == 25, "the saving process did not get going"
        time.sleep(random.uniform(0.0, 0.05))  # somewhere inside the next save
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        printed += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    with Store.open(store_path, PASSPHRASE) as store:
        report = store.verify()
        stored = {c.reference for c in store.cases.summaries()}
        assert report.ok, report.problems
    assert set(printed) <= stored
    # At most the one case being saved when the kill came is more than was printed.
    assert len(stored) - len(printed) in (0, 1)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONFAULTHANDLER": ""})


def test_core_dumps_are_off_after_harden_process():
    result = _run(
        "import ctypes, resource\n"
        "from app.security.process import harden_process\n"
        "h = harden_process()\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
        "libc = ctypes.CDLL(None)\n"
        "print(libc.prctl(3, 0, 0, 0, 0))\n"  # PR_GET_DUMPABLE
        "print(h.core_dumps_off, h.not_dumpable, h.quiet_crashes)\n")
    assert result.returncode == 0, result.stderr
    limit, dumpable, flags = result.stdout.splitlines()
    assert limit == "(0, 0)"
    if sys.platform.startswith("linux"):
        assert dumpable == "0"
        assert flags == "True True True"


def test_an_uncaught_exception_writes_no_message_or_values():
    secret = "Kind Geheimnaam 2017"
    result = _run(
        "from app.security.process import harden_process\n"
        "harden_process()\n"
        "import threading\n"
        f"name = {secret!r}\n"
        "t = threading.Thread(target=lambda: int(name)); t.start(); t.join()\n"
        "raise ValueError('kon ' + name + ' niet opslaan')\n")
    assert result.returncode == 1
    assert secret not in result.stderr and "Geheimnaam" not in result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert all(line.startswith("veiligwijzer: interne fout ValueError bij ") for line in lines)
