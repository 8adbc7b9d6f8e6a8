"""Killing the app mid-typing loses at most the last half second: the draft
is in the store when it is opened again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.cases.model import Role
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.store.store import Store
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
FIRST = "Moeder had een blauwe plek op haar wang. "
REST = "x"


def test_sigkill_while_typing_keeps_the_draft(tmp_path: Path):
    path = tmp_path / "store.db"
    with Store.create(path, PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Kill")
        case_service.add_person(store, case.id, "Iris Kill", Role.PARENT, age=31)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(path), PASSPHRASE, case.id,
         FIRST, REST],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and "TYPED" not in line:
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                break
        assert "TYPED" in line, "the typing process did not get going"
        time.sleep(1.0)  # twice the autosave interval of steady typing
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    with Store.open(path, PASSPHRASE) as store:
        drafts = meldcode_service.drafts(store, case.id)
        assert store.verify().ok
    assert [d.kind for d in drafts] == ["quick_signal"]
    facts = drafts[0].values["facts"]
    assert facts.startswith(FIRST.strip())
    typed_on = facts[len(FIRST.strip()):].strip()
    # Typing went on for over a second after the first sentence: most of it is kept.
    assert typed_on and set(typed_on) == {REST}
