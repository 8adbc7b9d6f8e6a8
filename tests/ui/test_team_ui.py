"""Working as a team on screen (issue 21): the members panel on the case
screen (takeover, members, a request for a review), the lead's overview per
worker, the new-since mark in the case list; discreet mode and the lock.

Each window is the app on one store of the trainer's team (a lead and two
workers); the stores exchange what operation files carry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from app.config import Settings
from app.services import caseteam
from app.services.cases import list_cases
from app.services.training_team import TRAINING_TEAM, create_training_team, exchange
from app.ui import team_controller
from app.ui.case_list import NEW_ROLE, REFERENCE
from app.ui.shell import Shell
from tests.ui.test_shell import has_focus

LEAD, SANNE, YOUSSEF = range(3)


@pytest.fixture(scope="module")
def team_files(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("team")
    create_training_team(directory)
    return directory


@pytest.fixture
def team(team_files, tmp_path) -> Path:
    copy = tmp_path / "team"
    shutil.copytree(team_files, copy)
    return copy


def open_member(qtbot, team: Path, who: int) -> Shell:
    """The app on one member's training store, as ``veiligwijzer train
    --store DIR/<who>/kluis.db`` opens it."""
    folder = (team / TRAINING_TEAM[who].file).parent
    window = Shell(folder / "kluis.db", folder / "demo.db", Settings(),
                   settings_path=folder / "settings.json",
                   training_path=folder / "training.db")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: has_focus(window))
    window.open_training()
    qtbot.waitUntil(lambda: window.store is not None, timeout=30000)
    return window


def member_rows(shell: Shell) -> list[tuple[str, str]]:
    model = shell.case_view.members.model
    return [(model.index(r, 0).data(), model.index(r, 1).data())
            for r in range(model.rowCount())]


def test_the_members_panel_hands_over_and_asks_for_a_review(qtbot, team, monkeypatch):
    sanne = open_member(qtbot, team, SANNE)
    case_id = list_cases(sanne.store)[0].id
    sanne.open_case(case_id)
    panel = sanne.case_view.members
    assert member_rows(sanne) == [("Sanne Bos (jij)", "Casusregisseur"),
                                  ("Ans de Vries", "Teamleider")]
    buttons = panel.buttons
    assert not buttons["add"].isEnabled() and not buttons["remove"].isEnabled()
    assert buttons["add"].toolTip()  # says why: only the team lead
    assert buttons["take_over"].isEnabled() and buttons["ask_review"].isEnabled()

    youssef_id = next(w.id for w in caseteam.workers(sanne.store).values()
                      if w.name == "Youssef El Amrani")
    offered = []
    monkeypatch.setattr(team_controller, "ask_colleague",
                        lambda parent, title, label, workers: offered.append(
                            {w.name for w in workers}) or youssef_id)
    qtbot.mouseClick(buttons["take_over"], Qt.MouseButton.LeftButton)
    assert offered == [{"Ans de Vries", "Youssef El Amrani"}]
    assert member_rows(sanne) == [("Youssef El Amrani", "Casusregisseur"),
                                  ("Sanne Bos (jij)", "Medewerker op de casus"),
                                  ("Ans de Vries", "Teamleider")]
    assert not buttons["take_over"].isEnabled()  # no longer hers to hand over

    monkeypatch.setattr(team_controller, "ask_note", lambda parent: "Twijfel over melden")
    qtbot.mouseClick(buttons["ask_review"], Qt.MouseButton.LeftButton)
    assert panel.status.isVisible()
    assert "Bespreking gevraagd door Sanne Bos" in panel.status.text()
    assert "Twijfel over melden" in panel.status.text()

    sanne.set_discreet(True)  # the note may say something about the family
    assert "Twijfel" not in panel.status.text()
    assert "Bespreking gevraagd door Sanne Bos" in panel.status.text()
    sanne.set_discreet(False)

    sanne.lock()
    assert sanne.case_view.members.model.rowCount() == 0
    assert not panel.status.text()
    sanne.close()


def test_the_lead_adds_and_removes_and_the_worker_sees_it(qtbot, team, monkeypatch):
    lead = open_member(qtbot, team, LEAD)
    case_id = list_cases(lead.store)[0].id
    lead.open_case(case_id)
    panel = lead.case_view.members
    assert panel.buttons["add"].isEnabled()
    youssef_id = next(w.id for w in caseteam.workers(lead.store).values()
                      if w.name == "Youssef El Amrani")
    monkeypatch.setattr(team_controller, "ask_colleague",
                        lambda parent, title, label, workers: youssef_id)
    qtbot.mouseClick(panel.buttons["add"], Qt.MouseButton.LeftButton)
    assert ("Youssef El Amrani", "Medewerker op de casus") in member_rows(lead)
    assert not panel.buttons["remove"].isEnabled()  # nobody chosen yet
    panel.table.selectRow(1)
    assert panel.buttons["remove"].isEnabled()
    panel.table.selectRow(0)  # the casusregisseur goes only by a handover
    assert not panel.buttons["remove"].isEnabled()

    youssef = open_member(qtbot, team, YOUSSEF)
    for source in (lead.store,):
        exchange(source, youssef.store)
    youssef.show_cases()
    model = youssef.cases.model
    row = model.row_of(case_id)
    assert model.index(row, REFERENCE).data(NEW_ROLE) is True
    assert model.index(row, REFERENCE).data().startswith("● ")
    youssef.open_case(case_id)
    assert ("Youssef El Amrani (jij)", "Medewerker op de casus") in member_rows(youssef)
    assert model.index(model.row_of(case_id), REFERENCE).data(NEW_ROLE) is False

    panel.table.selectRow(1)
    qtbot.mouseClick(panel.buttons["remove"], Qt.MouseButton.LeftButton)
    assert all(name != "Youssef El Amrani" for name, _r in member_rows(lead))
    lead.close()
    youssef.close()


def test_the_leads_overview_per_worker_opens_the_cases(qtbot, team):
    lead = open_member(qtbot, team, LEAD)
    sanne_store_cases = [c.id for c in list_cases(lead.store)]
    sanne_id = caseteam.case_team(lead.store, sanne_store_cases[0]).lead
    caseteam.ask_review(lead.store, sanne_store_cases[1], "")
    lead.show_overview()
    board = lead.dashboard
    assert lead.stack.currentWidget() is board
    assert board.buttons["review_requested"].text().startswith("1\n")
    assert board.buttons["open_conflicts"].text().startswith("0\n")
    table = board.workers_table
    assert table.rowCount() == 1 and table.item(0, 0).text() == "Sanne Bos"
    assert table.item(0, 1).text() == str(len(sanne_store_cases))

    with qtbot.waitSignal(board.show_cases) as opened:
        board._open_worker_cell(0, 1 + 3)  # the column "Bespreking gevraagd"
    assert opened.args[0] == [sanne_store_cases[1]]
    assert opened.args[1] == "Sanne Bos: Bespreking gevraagd"

    # The filter: Youssef leads no case; the figures go to zero.
    index = next(i for i in range(board.worker.count())
                 if board.worker.itemText(i) == "Youssef El Amrani")
    board.worker.setCurrentIndex(index)
    board.worker.activated.emit(index)
    assert "0 open casussen" in board.summary.text()
    assert board.worker.currentText() == "Youssef El Amrani"
    board.worker.setCurrentIndex(board.worker.findData(sanne_id))
    board.worker.activated.emit(board.worker.currentIndex())
    assert board.buttons["review_requested"].text().startswith("1\n")

    lead.set_discreet(True)  # the overview names other cases: it goes
    assert lead.stack.currentWidget() is not board
    lead.set_discreet(False)
    lead.lock()
    assert board.workers_table.rowCount() == 0 and board.worker.count() == 0
    lead.close()


def test_only_the_lead_can_record_a_review(qtbot, team):
    from app.services.meldcode import load_records

    sanne = open_member(qtbot, team, SANNE)
    decided = next(c.id for c in list_cases(sanne.store)
                   if load_records(sanne.store, c.id).decisions)
    sanne.open_case(decided)
    button = sanne.case_view.meldcode.pages[5].buttons["review"]
    assert not button.isEnabled()
    assert "teamleider" in button.toolTip()
    sanne.close()
    lead = open_member(qtbot, team, LEAD)
    lead.open_case(decided)
    button = lead.case_view.meldcode.pages[5].buttons["review"]
    assert button.isEnabled() and not button.toolTip()
    lead.close()
