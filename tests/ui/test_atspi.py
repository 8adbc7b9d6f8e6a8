"""Over AT-SPI, as Orca gets it: typing in a secret field sends none of the
typed characters, and an announcement arrives as ``object:announcement``.

Slow and Linux-only: it starts Xvfb, a D-Bus session with the AT-SPI bus, a
listener under the system Python (pyatspi) and the app on the xcb platform.
Skipped when those are not installed (docs/screen-reader-check.md says how).
The control proves the listener hears typing: a plain password line edit
gives its characters away.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _missing() -> str:
    for tool in ("Xvfb", "dbus-run-session"):
        if shutil.which(tool) is None:
            return tool
    if not Path(BUS_LAUNCHER).exists():
        return "at-spi2-core"
    has_pyatspi = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"],
                                 capture_output=True).returncode == 0
    return "" if has_pyatspi else "python3-pyatspi"


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is Linux")]


@pytest.fixture
def display():
    missing = _missing()
    if missing:
        pytest.skip(f"needs {missing} (docs/screen-reader-check.md)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def test_typing_in_a_secret_field_sends_no_character(tmp_path: Path, display: str):
    secret, control = "Zq7Kx9Wv", "Pj4Hy8Rn"  # letters that occur in no name or role
    message = "Dit wachtwoord klopt niet."
    events = tmp_path / "events.tsv"
    session = (f"{BUS_LAUNCHER} --launch-immediately & bus=$!; sleep 1; "
               f"{SYSTEM_PYTHON} {HERE / 'atspi' / 'listen.py'} {events} 12 & listener=$!; "
               f"sleep 2; "
               f"{sys.executable} {HERE / 'atspi' / 'type_secrets.py'} "
               f"{secret} {control} '{message}'; "
               f"wait $listener; kill $bus")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "PYTHONPATH": str(ROOT),
           "XDG_RUNTIME_DIR": str(tmp_path)}
    started = time.monotonic()
    subprocess.run(["dbus-run-session", "--", "bash", "-c", session], env=env, timeout=60,
                   capture_output=True, check=False)
    lines = events.read_text("utf-8").splitlines() if events.exists() else []
    assert lines[:1] == ["ready"], f"no listener after {time.monotonic() - started:.0f} s"
    heard = "\n".join(lines)

    typed = [line for line in lines if line.startswith("object:text-changed")]
    assert any("Gewoon" in line and control[0] in line for line in typed), \
        "the control: a plain password field sends what is typed"
    for char in set(secret):
        assert not any(char in line.split("\t", 3)[3] for line in typed
                       if "Wachtwoord" in line), char
    assert secret not in heard and secret[:3] not in heard
    assert any(line.startswith("object:announcement") and message in line for line in lines)
    roles = {line.split("\t")[1] for line in lines if "\tWachtwoord\t" in line}
    assert roles == {"password text"}
