"""Every window and dialog fits a 1366×768 laptop screen at 1×, 1.5× and 2×
text, with every button on the screen and no horizontal scrolling.

Each factor runs in its own process: ``QT_SCALE_FACTOR`` is read once, when
the QApplication starts, and it scales the whole interface (fonts, margins,
icons) the way a worker's display setting does. Scaling only the application
font would leave margins and icons at 1× and test a screen no worker has.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.fit_probe import environment

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("factor", "language"),
                         [(1.0, "nl"), (1.5, "nl"), (2.0, "nl"), (2.0, "en")])
def test_every_window_fits_a_laptop_screen(tmp_path: Path, factor: float, language: str):
    env = environment(factor, tmp_path) | {"VW_PROBE_LANGUAGE": language}
    done = subprocess.run([sys.executable, "-m", "tests.ui.fit_probe", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    problems = json.loads(done.stdout)
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def test_the_probe_sees_a_window_that_does_not_fit(qtbot):
    """The check itself can fail: a dialog wider than the screen is reported."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

    from tests.ui.fit_probe import _problems

    dialog = QDialog()
    qtbot.addWidget(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    QVBoxLayout(dialog).addWidget(buttons)
    room = dialog.screen().availableGeometry()
    dialog.setMinimumWidth(room.width() + 200)
    dialog.show()
    found = _problems(dialog)
    assert any(p.startswith("window") for p in found)
    assert any("'OK'" in p for p in found)
