"""Sharing a case for a consultation on screen (issue 21): the worker shares
it from the members panel, the panel shows the sharing with its end, and
the colleague's app shows the case as a consultation, read only, until the
worker ends it; then the colleague's app no longer shows the case.

Each window is the app on one store of the trainer's team; the stores
exchange what operation files carry."""

from __future__ import annotations

import pytest

from app.caseteam.consultation import ConsultationLength
from app.services import caseteam
from app.services.cases import list_cases
from app.services.training_team import exchange
from app.ui import team_controller
from app.ui.team_controller import ShareDialog
from tests.ui.test_team_ui import SANNE, YOUSSEF, open_member, team, team_files  # noqa: F401


def _youssef(store) -> str:
    return next(w.id for w in caseteam.workers(store).values() if w.name == "Youssef El Amrani")


def test_a_worker_shares_a_case_and_the_colleague_reads_it_only(qtbot, team,  # noqa: F811
                                                               monkeypatch):
    sanne = open_member(qtbot, team, SANNE)
    youssef = open_member(qtbot, team, YOUSSEF)
    case_id = next(c.id for c in list_cases(sanne.store)
                   if not caseteam.case_team(sanne.store, c.id).on_case(_youssef(sanne.store)))
    sanne.open_case(case_id)
    panel = sanne.case_view.members
    assert panel.buttons["share"].isEnabled()
    assert not panel.buttons["end_share"].isEnabled()  # nothing shared yet
    asked = []
    monkeypatch.setattr(team_controller, "ask_share", lambda _parent, workers: (
        asked.append([w.name for w in workers]) or (_youssef(sanne.store),
                                                    ConsultationLength.DAY)))
    panel.buttons["share"].click()
    assert "Youssef El Amrani" in asked[0] and "Sanne Bos" not in asked[0]
    assert "Gedeeld voor consultatie met Youssef El Amrani, tot" in panel.status.text()
    assert panel.buttons["end_share"].isEnabled()
    assert sanne.case_view.read_only_note.isHidden()
    mine = sanne.case_view.meldcode.pages[min(sanne.case_view.meldcode.pages)]
    assert not mine.buttons["signal"].isHidden() and not sanne.case_view.add_person.isHidden()

    exchange(sanne.store, youssef.store)
    youssef.open_case(case_id)
    view = youssef.case_view
    assert not view.read_only_note.isHidden()
    assert "alleen lezen, tot" in view.read_only_note.text()
    assert "Sanne Bos" in view.read_only_note.text()
    assert all(b.isHidden() for b in view.members.buttons.values())
    assert view.add_person.isHidden()
    signal_button = view.meldcode.pages[min(view.meldcode.pages)].buttons["signal"]
    assert signal_button.isHidden()
    assert all(b.isHidden() for b in view.case_buttons.values())

    told = []
    monkeypatch.setattr("app.ui.shell.QMessageBox.information",
                        lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr("app.ui.case_controller.quick_capture",
                        lambda *_args: pytest.fail("a note on a case read only"))
    youssef.quick_capture()  # Ctrl+Shift+S: no note the team would refuse
    assert told == ["Bij een consultatie kun je de casus alleen lezen."]

    monkeypatch.setattr(team_controller, "ask_end", lambda _parent, names: (
        0 if names == ["Youssef El Amrani"] else None))
    panel.buttons["end_share"].click()
    assert "Gedeeld voor consultatie" not in panel.status.text()
    youssef.show_cases()
    exchange(sanne.store, youssef.store)
    youssef._synced(frozenset({case_id}))
    assert case_id not in {c.id for c in list_cases(youssef.store)}
    assert youssef.stack.currentWidget() is youssef.cases


def test_the_share_dialog_offers_the_lengths_with_one_week_first_chosen(qtbot):
    from app.caseteam import TeamRole, Worker

    dialog = ShareDialog(None, (Worker("f", "Fatima", TeamRole.WORKER),))
    qtbot.addWidget(dialog)
    assert [dialog.length.itemText(i) for i in range(dialog.length.count())] == [
        "1 dag", "1 week", "2 weken"]
    assert dialog.choice() == ("f", ConsultationLength.WEEK)
    assert dialog.who.accessibleName() and dialog.length.accessibleName()
