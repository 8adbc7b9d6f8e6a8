"""Working as a team in the app, with the stores synced through a real
nats-server (issue 21's must-show): a lead and two workers, each their own
store and device on one machine, each in a window of its own whose
background sync talks to one test server on loopback.

- a takeover on the worker's screen reaches the colleague's screen, with
  the old worker still on the case and the audit entry on both stores;
- the worker's request for a review reaches the lead's overview, and the
  lead's "Besproken met teamleider" reaches the worker's open case;
- the same field changed on two stores offline is shown in place in all
  three windows, settled in one, and gone from the other two after sync.

One server for the module (each test makes its own team, so its own
stream); stores with one case, so the windows open fast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from app.cases.model import Role, new_id
from app.caseteam import TeamRole
from app.meldcode.steps import Step
from app.services import cases, caseteam, meldcode, team
from app.store.oplog import AUDIT
from app.store.store import Store
from app.ui import meldcode_controller, team_controller
from app.ui.case_list import NEW_ROLE, REFERENCE
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.meldcode import builders
from tests.team.helpers import admit_into, lead_store
from tests.team.natsserver import NatsServer
from tests.ui.test_team_screen import open_window as open_unlocked

pytest.importorskip("pytestqt")

#: How long a change may take to travel: publish, poll (0.25 s), apply, refill.
TRAVEL_MS = 15_000

LEAD, SANNE, YOUSSEF = "Ans de Vries", "Sanne Bos", "Youssef El Amrani"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = NatsServer(tmp_path_factory.mktemp("nats")).start()
    yield server
    server.stop()


@dataclass
class Team:
    """Three stores in one team, closed again; a case of Sanne's with a
    mother and a child, the lead on it as admin."""

    folders: dict[str, Path]
    workers: dict[str, str]
    case_id: str
    mother: str
    url: str

    def store(self, who: str) -> Store:
        """The store of ``who`` opened outside a window: offline work."""
        return Store.open(self.folders[who] / "store.db", PASSPHRASE)


def _sync(stores: list[Store], url: str) -> None:
    for store in stores:
        assert team.sync_once(store, url).refused == {}


@pytest.fixture
def trio(tmp_path, server) -> Team:
    folders = {who: tmp_path / who.split()[0].lower() for who in (LEAD, SANNE, YOUSSEF)}
    for folder in folders.values():
        folder.mkdir()
    lead = lead_store(folders[LEAD] / "store.db")
    sanne = Store.create(folders[SANNE] / "store.db", PASSPHRASE)
    youssef = Store.create(folders[YOUSSEF] / "store.db", PASSPHRASE)
    stores = [lead, sanne, youssef]
    try:
        for store in (sanne, youssef):
            admit_into(store, lead)  # fingerprints compared in admit_into
        # The worker directory: the lead first (it starts the team's list).
        for store, name, role in ((lead, LEAD, TeamRole.LEAD), (sanne, SANNE, TeamRole.WORKER),
                                  (youssef, YOUSSEF, TeamRole.WORKER)):
            caseteam.set_worker(lead, store.worker_id, name, role)
        _sync(stores, server.url)  # the lead makes the stream; the others learn the team
        case_id = cases.create_case(sanne, "Familie Jansen").id
        mother = cases.add_person(sanne, case_id, "Linda Jansen", Role.PARENT, age=34).id
        cases.add_person(sanne, case_id, "Noor Jansen", Role.CHILD, age=6)
        _sync([sanne, lead, youssef], server.url)
        return Team(folders, {LEAD: lead.worker_id, SANNE: sanne.worker_id,
                              YOUSSEF: youssef.worker_id}, case_id, mother, server.url)
    finally:
        for store in stores:
            store.close()


@pytest.fixture
def windows(qtbot):
    opened: list[Shell] = []

    def open_window(trio: Team, who: str) -> Shell:
        window = open_unlocked(qtbot, trio.folders[who])
        opened.append(window)
        # The store synced before (``veiligwijzer sync``): the window syncs by itself.
        qtbot.waitUntil(lambda: window.team_sync.label.text().startswith("Bijgewerkt om"),
                        timeout=TRAVEL_MS)
        return window

    yield open_window
    for window in opened:
        window.close()


def member_rows(window: Shell) -> list[tuple[str, str]]:
    model = window.case_view.members.model
    return [(model.index(r, 0).data(), model.index(r, 1).data())
            for r in range(model.rowCount())]


def listed(window: Shell, case_id: str) -> bool:
    return window.cases.model.row_of(case_id) is not None


def audited(store: Store, case_id: str, key: str) -> list[dict]:
    """Audit entries about ``case_id`` with ``key`` that this store holds,
    its own and those that came with the team's stream."""
    found = []
    for (op_id,) in store.conn.execute(
            "SELECT op_id FROM operations WHERE entity = ?", (AUDIT,)):
        row = store.ops.change_of(op_id)
        detail = json.loads(row["detail"])
        if row["object_id"] == case_id and detail.get("key") == key:
            found.append({**row, "detail": detail})
    return found


def test_a_takeover_reaches_the_colleagues_screen(qtbot, trio, windows, monkeypatch):
    sanne = windows(trio, SANNE)
    youssef = windows(trio, YOUSSEF)
    assert listed(sanne, trio.case_id)
    assert not listed(youssef, trio.case_id)  # not on the case: need to know

    sanne.open_case(trio.case_id)
    assert member_rows(sanne) == [(f"{SANNE} (jij)", "Casusregisseur"), (LEAD, "Teamleider")]
    monkeypatch.setattr(team_controller, "ask_colleague",
                        lambda parent, title, label, workers: trio.workers[YOUSSEF])
    qtbot.mouseClick(sanne.case_view.members.buttons["take_over"], Qt.MouseButton.LeftButton)
    assert member_rows(sanne)[0] == (YOUSSEF, "Casusregisseur")

    # The takeover gives Youssef the case key: the case comes to his list, new.
    qtbot.waitUntil(lambda: listed(youssef, trio.case_id), timeout=TRAVEL_MS)
    model = youssef.cases.model
    assert model.index(model.row_of(trio.case_id), REFERENCE).data(NEW_ROLE) is True
    youssef.open_case(trio.case_id)
    assert member_rows(youssef) == [(f"{YOUSSEF} (jij)", "Casusregisseur"),
                                    (SANNE, "Medewerker op de casus"),
                                    (LEAD, "Teamleider")]
    assert [p.name for p in youssef.case_view.household.rows] == ["Linda Jansen", "Noor Jansen"]
    # He may hand it over now; she no longer may.
    assert youssef.case_view.members.buttons["take_over"].isEnabled()
    assert not sanne.case_view.members.buttons["take_over"].isEnabled()

    # One audit entry of the takeover, made on Sanne's device, on both stores.
    for window in (sanne, youssef):
        [entry] = audited(window.store, trio.case_id, "case_taken_over")
        assert entry["device"] == sanne.store.device_id
        assert entry["detail"]["worker"] == trio.workers[YOUSSEF]
        assert entry["detail"]["previous"] == trio.workers[SANNE]
    assert [e.detail.get("key") for e in sanne.store.audit.entries(trio.case_id)].count(
        "case_taken_over") == 1


def _decided(trio: Team) -> None:
    """Offline, Sanne takes the case through the acute path to a decision."""
    with trio.store(SANNE) as sanne:
        path = replace(builders.acute_path(), id=new_id())
        meldcode.record_acute_path(sanne, trio.case_id, path)
        meldcode.record_decision(sanne, trio.case_id,
                                 replace(builders.acute_decision(path), id=new_id()))
        _sync([sanne], trio.url)


def test_a_review_asked_by_the_worker_and_given_in_the_leads_app(qtbot, trio, windows,
                                                                  monkeypatch):
    _decided(trio)
    lead = windows(trio, LEAD)
    sanne = windows(trio, SANNE)
    lead.show_overview()
    assert lead.dashboard.buttons["review_requested"].text().startswith("0\n")
    sanne.open_case(trio.case_id)
    panel = sanne.case_view.members
    monkeypatch.setattr(team_controller, "ask_note", lambda parent: "Melden of niet?")
    qtbot.mouseClick(panel.buttons["ask_review"], Qt.MouseButton.LeftButton)
    assert f"Bespreking gevraagd door {SANNE}" in panel.status.text()

    # The request travels: the lead's open overview counts it, for Sanne,
    # and the keyboard stays where the lead left it.
    board = lead.dashboard
    lead.activateWindow()
    qtbot.waitUntil(lead.isActiveWindow)
    board.worker.setFocus()
    qtbot.waitUntil(lambda: board.worker.hasFocus())
    qtbot.waitUntil(lambda: board.buttons["review_requested"].text().startswith("1\n"),
                    timeout=TRAVEL_MS)
    assert board.worker.hasFocus()
    assert board.buttons["not_reviewed"].text().startswith("1\n")
    assert [board.workers_table.item(r, 0).text()
            for r in range(board.workers_table.rowCount())] == [SANNE]
    with qtbot.waitSignal(board.show_cases) as opened:
        board.buttons["review_requested"].click()
    assert opened.args[0] == [trio.case_id]

    # The lead records "Besproken met teamleider" on the decision, in the lead's app.
    lead.open_case(trio.case_id)
    assert f"Bespreking gevraagd door {SANNE} " in lead.case_view.members.status.text()
    page = lead.case_view.meldcode.pages[Step.DECIDE]
    monkeypatch.setattr(meldcode_controller, "ask_review_comment",
                        lambda parent: "Melden is juist; vandaag nog.")
    lead.case_view.meldcode.select_step(Step.DECIDE)
    assert page.buttons["review"].isEnabled()
    qtbot.mouseClick(page.buttons["review"], Qt.MouseButton.LeftButton)

    # Sanne's open case shows it without her doing anything: on the step
    # page and in the members panel, and her request is answered.
    sanne_page = sanne.case_view.meldcode.pages[Step.DECIDE]

    def titles() -> list[str]:
        return [sanne_page.model.index(r, 1).data() for r in range(sanne_page.model.rowCount())]

    qtbot.waitUntil(lambda: "Besproken met teamleider" in titles(), timeout=TRAVEL_MS)
    qtbot.waitUntil(lambda: "Melden is juist; vandaag nog." in panel.status.text(),
                    timeout=TRAVEL_MS)
    assert f"({LEAD})" in panel.status.text()
    assert "Bespreking gevraagd" not in panel.status.text()

    # And the lead's overview no longer asks for it.
    lead.show_overview()
    assert board.buttons["review_requested"].text().startswith("0\n")
    assert board.buttons["not_reviewed"].text().startswith("0\n")


def test_a_conflict_shown_in_three_windows_settled_in_one_gone_in_all(qtbot, trio, windows):
    with trio.store(LEAD) as lead:  # Youssef works on the case too
        caseteam.add_member(lead, trio.case_id, trio.workers[YOUSSEF])
        _sync([lead], trio.url)
    # Offline (no window open, nothing synced): the same name changed on two stores.
    for who, name in ((SANNE, "Linda Jansen-Smit"), (YOUSSEF, "Linda Smit")):
        with trio.store(who) as store:
            _sync([store], trio.url)  # up to date first: Youssef gets the case
            cases.edit_person(store, trio.case_id, trio.mother, "spelling", name=name)

    shown = {who: windows(trio, who) for who in (LEAD, SANNE, YOUSSEF)}
    key = ("persons", trio.mother, "name")
    for window in shown.values():
        window.open_case(trio.case_id)
    for who, window in shown.items():
        view = window.case_view
        qtbot.waitUntil(lambda v=view: key in v.versions, timeout=TRAVEL_MS)
        box = view.versions[key]
        assert box.isVisible(), who
        assert box.accessibleName() == "Naam van betrokkene 1 (Ouder of verzorger): " \
                                       "2 versies: Linda Jansen-Smit of Linda Smit", who
        assert view.household.data(view.household.index(0, 0)) == "2 versies"
        assert {v.device for v in box.row.versions} == {
            shown[SANNE].store.device_id, shown[YOUSSEF].store.device_id}

    # Settled in the lead's window: Sanne's version kept.
    lead_view = shown[LEAD].case_view
    box = lead_view.versions[key]
    index = next(i for i, v in enumerate(box.row.versions)
                 if v.device == shown[SANNE].store.device_id)
    box.choices[index].setChecked(True)
    qtbot.mouseClick(box.keep, Qt.MouseButton.LeftButton)
    assert key not in lead_view.versions
    assert lead_view.household.data(lead_view.household.index(0, 0)) == "Linda Jansen-Smit"

    for who in (SANNE, YOUSSEF):
        view = shown[who].case_view
        qtbot.waitUntil(lambda v=view: key not in v.versions, timeout=TRAVEL_MS)
        assert view.household.data(view.household.index(0, 0)) == "Linda Jansen-Smit", who
        assert not view.conflict_button.isVisible(), who
