"""The team sync in the app (issue 20): two windows, two stores, one test
server. A signal saved in window A shows in window B's open case without
anything done in B; the status bar says how far the sync is, in a label a
screen reader reads; quitting with unsent changes warns; locking stops the
sync. A store in no team shows nothing of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cases.model import Role
from app.config import Settings
from app.meldcode.steps import Step
from app.services import cases, meldcode, team
from app.store.store import Store
from app.ui.accessibility import announcer
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.team.helpers import admit_into, new_case, signal

pytest.importorskip("pytestqt")


def open_window(qtbot, folder: Path) -> Shell:
    window = Shell(folder / "store.db", folder / "demo.db", Settings(),
                   settings_path=folder / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window._unlock(PASSPHRASE)
    assert window.store is not None
    window.confirm_quit = lambda _warning: True  # a test never waits on a modal question
    return window


def step_one_texts(window: Shell) -> list[str]:
    return [summary for _d, _w, summary in
            window.case_view.meldcode.pages[Step.MAP_SIGNALS].model.texts()]


@pytest.fixture
def two_windows(qtbot, tmp_path, nats_server):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with Store.create(tmp_path / "a" / "store.db", PASSPHRASE) as lead, \
            Store.create(tmp_path / "b" / "store.db", PASSPHRASE) as worker:
        team.create_team(lead, "Wijkteam Noord")
        admit_into(worker, lead)
        team.sync_once(lead, nats_server.url)  # the admin makes the stream
        case_id = new_case(worker, "Familie Jansen")  # the worker's case; the lead reads it
        child = cases.add_person(worker, case_id, "Noor Jansen", Role.CHILD, age=6).id
        team.sync_once(worker, nats_server.url)
        team.sync_once(lead, nats_server.url)
    a, b = open_window(qtbot, tmp_path / "a"), open_window(qtbot, tmp_path / "b")
    yield a, b, case_id, child
    for window in (a, b):
        window.close()


def test_a_signal_saved_in_window_a_shows_in_window_b(qtbot, two_windows):
    a, b, case_id, child = two_windows
    said: list[str] = []
    announcer().said.connect(said.append)
    for window in (a, b):
        qtbot.waitUntil(lambda w=window: w.team_sync.label.text().startswith("Bijgewerkt om"),
                        timeout=10_000)
        assert window.statusBar().isVisible()
        assert window.team_sync.label.accessibleName() == "Teamsynchronisatie"
    assert any(text.startswith("Bijgewerkt om") for text in said)
    b.open_case(case_id)
    qtbot.waitUntil(lambda: b.case_view.case is not None)
    assert step_one_texts(b) == []

    meldcode.record_signal(a.store, case_id, signal("Buurvrouw hoorde geschreeuw", child))
    qtbot.waitUntil(lambda: any("Buurvrouw hoorde geschreeuw" in t for t in step_one_texts(b)),
                    timeout=10_000)
    # B's own change (opening the case is audited) goes out too.
    qtbot.waitUntil(lambda: b.team_sync.label.text().startswith("Bijgewerkt om"),
                    timeout=10_000)


def test_quitting_with_unsent_changes_warns_and_locking_stops_the_sync(qtbot, two_windows,
                                                                         nats_server):
    a, _b, case_id, child = two_windows
    qtbot.waitUntil(lambda: a.team_sync.label.text().startswith("Bijgewerkt om"),
                    timeout=10_000)
    nats_server.stop()
    qtbot.waitUntil(lambda: a.team_sync.label.text().startswith("Offline"), timeout=15_000)
    meldcode.record_signal(a.store, case_id, signal("Zonder verbinding vastgelegd", child))
    qtbot.waitUntil(lambda: "te versturen" in a.team_sync.label.text(), timeout=10_000)
    warned: list[str] = []

    def refuse(warning: str) -> bool:
        warned.append(warning)
        return False

    a.confirm_quit = refuse
    a.close()
    assert a.isVisible() and a.store is not None  # not closed: the worker said no
    assert "nog niet naar het team verstuurd" in warned[0]

    a.lock()
    assert a.store is None and not a.team_sync.running
    assert not a.team_sync.label.isVisible()


def test_a_store_in_no_team_shows_nothing_of_the_sync(qtbot, tmp_path):
    Store.create(tmp_path / "store.db", PASSPHRASE).close()
    window = open_window(qtbot, tmp_path)
    assert not window.team_sync.running
    assert not window.team_sync.label.isVisible() and not window.statusBar().isVisible()
    window.close()
