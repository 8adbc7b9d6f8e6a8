"""Screens that show a count say "1 concept", "1 open casus", "1 minuut":
each tested with one and with more, in Dutch and in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.i18n import set_language
from app.reporting.overview import FIGURES, Overview
from app.services.session import wait_message
from app.ui.dashboard import DashboardView
from app.ui.meldcode_view import MeldcodeView
from app.ui.settings_dialog import SettingsDialog


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("nl")


def _overview(open_cases: int, median: float | None) -> Overview:
    return Overview(by_step={n: () for n in range(1, 6)},
                    by_phase={n: () for n in (1, 2, 3, 4, 5, None)},
                    lists={code: () for code in FIGURES},
                    median_days_to_decision=median, open_cases=open_cases)


@pytest.mark.parametrize(("open_cases", "median", "text"), [
    (1, 1.0, "1 open casus. Van eerste signaal tot besluit: mediaan 1 dag."),
    (3, 2.5, "3 open casussen. Van eerste signaal tot besluit: mediaan 2,5 dagen."),
    (2, 1.5, "2 open casussen. Van eerste signaal tot besluit: mediaan 1,5 dagen."),
    (0, None, "0 open casussen. Van eerste signaal tot besluit: mediaan –."),
])
def test_the_overview_counts_cases_and_days(qtbot, open_cases, median, text):
    view = DashboardView()
    qtbot.addWidget(view)
    view.show_overview(_overview(open_cases, median))
    assert view.summary.text() == text


def test_the_overview_in_english(qtbot, english):
    view = DashboardView()
    qtbot.addWidget(view)
    view.show_overview(_overview(1, 1.0))
    assert view.summary.text() == "1 open case. From first signal to decision: median 1 day."


@pytest.mark.parametrize(("count", "text"), [
    (1, "Er is 1 concept dat nog niet is vastgelegd."),
    (4, "Er zijn 4 concepten die nog niet zijn vastgelegd."),
    (0, ""),
])
def test_the_drafts_line(qtbot, count, text):
    view = MeldcodeView()
    qtbot.addWidget(view)
    view.show_drafts(count)
    assert view.drafts_label.text() == text


@pytest.mark.parametrize(("minutes", "suffix"), [(1, " minuut"), (2, " minuten"),
                                                 (30, " minuten")])
def test_the_lock_minutes_follow_the_number(qtbot, tmp_path: Path, minutes, suffix):
    dialog = SettingsDialog(lambda _code: None, settings=Settings(),
                            settings_path=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    dialog.idle_minutes.setValue(minutes)
    assert dialog.idle_minutes.suffix() == suffix
    assert dialog.idle_minutes.text() == f"{minutes}{suffix}"


def test_the_lock_minutes_in_english(qtbot, tmp_path: Path, english):
    dialog = SettingsDialog(lambda _code: None, settings=Settings(),
                            settings_path=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    dialog.idle_minutes.setValue(1)
    assert dialog.idle_minutes.text() == "1 minute"


def test_the_wait_after_wrong_passphrases():
    assert wait_message(1) == "Te veel pogingen. Wacht 1 seconde en probeer het dan opnieuw."
    assert wait_message(8) == "Te veel pogingen. Wacht 8 seconden en probeer het dan opnieuw."
