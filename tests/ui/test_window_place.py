"""The main window opens where it was closed; the settings hold nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import Settings, WindowPlace
from app.ui.shell import Shell


def test_size_and_position_are_remembered(qtbot, tmp_path: Path):
    path = tmp_path / "settings.json"
    first = Shell(tmp_path / "store.db", tmp_path / "demo.db", Settings(), settings_path=path)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(40, 30, 700, 500)
    first.close()
    doc = json.loads(path.read_text("utf-8"))
    assert set(doc) == {"language", "idle_lock_minutes", "window"}
    assert doc["window"] == {"x": 40, "y": 30, "width": 700, "height": 500, "maximized": False}

    again = Shell(tmp_path / "store.db", tmp_path / "demo.db", Settings.load(path),
                  settings_path=path)
    qtbot.addWidget(again)
    again.show()
    geometry = again.geometry()
    assert (geometry.x(), geometry.y(), geometry.width(), geometry.height()) == (40, 30, 700, 500)
    again.close()


@pytest.mark.parametrize("stored", [
    None, "40,30", {"x": 1, "y": 2, "width": 3}, {"x": 1, "y": 2, "width": 50, "height": 900},
    {"x": "1", "y": 2, "width": 500, "height": 900}, {"x": True, "y": 2, "width": 500,
                                                      "height": 900},
])
def test_a_strange_stored_place_is_ignored(tmp_path: Path, stored):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "nl", "window": stored}), "utf-8")
    assert Settings.load(path).window is None


def test_a_maximised_window_is_kept_maximised(tmp_path: Path):
    path = tmp_path / "settings.json"
    Settings(window=WindowPlace(0, 0, 800, 600, True)).save(path)
    assert Settings.load(path).window == WindowPlace(0, 0, 800, 600, True)
