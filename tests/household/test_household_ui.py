"""The household on screen: every member shows, double-click and the
context menu reach edit, history and removal, and the dialog edits a person."""

from __future__ import annotations

from datetime import date

import pytest

from PySide6.QtCore import Qt

from app.cases.model import Person, Role
from app.services import cases as case_service
from app.ui.case_view import CaseView
from app.ui.person_dialog import PersonDialog
from app.ui.person_history import person_history_html


def _case_with(store, count: int):
    case = case_service.create_case(store, "Familie Groot")
    mother = case_service.add_person(store, case.id, "Moeder", Role.PARENT,
                                     street="Lindelaan 4", postcode="8011 AB", place="Zwolle")
    for n in range(count - 1):
        case_service.add_person(store, case.id, f"Kind {n}", Role.CHILD,
                                date_of_birth=date(2010 + n, 1, 1), same_address_as=mother.id)
    return case_service.find_case(store, case.id)


def test_the_table_shows_every_member_and_double_click_edits(qtbot, store):
    case = _case_with(store, 9)
    view = CaseView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show_case(case)
    view.show()
    qtbot.waitExposed(view)
    table = view.table
    last = table.visualRect(view.household.index(8, 0))
    assert last.isValid() and last.bottom() <= table.viewport().height()
    # the oldest child first
    assert [view.household.index(r, 0).data() for r in range(3)] == [
        "Moeder", "Kind 0", "Kind 1"]
    assert not view.person_buttons["edit"].isEnabled()
    table.selectRow(2)
    assert view.person_buttons["remove"].isEnabled()
    with qtbot.waitSignal(view.person_action_requested) as emitted:
        table.doubleClicked.emit(view.household.index(2, 0))
    assert emitted.args == ["edit", case.people[2].id]
    with qtbot.waitSignal(view.person_action_requested) as emitted:
        qtbot.mouseClick(view.person_buttons["history"], Qt.MouseButton.LeftButton)
    assert emitted.args == ["history", case.people[2].id]


def test_the_dialog_edits_every_field_and_asks_a_reason(qtbot, store):
    case = _case_with(store, 2)
    mother, child = case.people
    dialog = PersonDialog(None, child, case.people)
    qtbot.addWidget(dialog)
    assert dialog.editors["same_address_as"].currentData() == mother.id
    assert dialog.editors["school"].isEnabled()
    dialog.editors["school"].setText("Basisschool De Linde")
    dialog.editors["interpreter_needed"].setCurrentIndex(
        dialog.editors["interpreter_needed"].findData(False))
    values = dialog.values()
    assert values["school"] == "Basisschool De Linde" and values["interpreter_needed"] is False
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted  # only empty fields filled in
    dialog = PersonDialog(None, child, case.people)
    qtbot.addWidget(dialog)
    dialog.editors["name"].setText("Kind nul")
    dialog._accept()
    assert "waarom" in dialog.error.text().lower()
    dialog.reason_edit.setText("typfout")
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    # the school is for a child only
    parent = PersonDialog(None, mother, case.people)
    qtbot.addWidget(parent)
    assert not parent.editors["school"].isEnabled()


def test_history_shows_what_changed_and_discreet_mode_hides_the_address(store):
    case = _case_with(store, 1)
    mother = case.people[0]
    case_service.edit_person(store, case.id, mother.id, reason="verhuisd",
                             street="Kerkstraat 9")
    html = person_history_html(case_service.person_history(store, mother.id), case.people)
    assert "verhuisd" in html and "Kerkstraat 9" in html and "Lindelaan 4" in html
    discreet = person_history_html(case_service.person_history(store, mother.id),
                                   case.people, discreet=True)
    assert "Kerkstraat" not in discreet and "Moeder" not in discreet


def test_discreet_history_leaves_out_reasons_and_dates_of_birth(store):
    case = _case_with(store, 2)
    child = case.people[1]
    case_service.edit_person(store, case.id, child.id, date_of_birth=date(2011, 3, 4),
                             reason="Heette eerst Anna de Vries, dochter van Piet Jansen")
    versions = case_service.person_history(store, child.id)
    shown = person_history_html(versions, case.people)
    assert "Anna de Vries" in shown and "2011" in shown
    discreet = person_history_html(versions, case.people, discreet=True)
    assert "Anna" not in discreet and "Jansen" not in discreet
    assert "2010" not in discreet and "2011" not in discreet


def test_shell_edits_and_removes_through_the_dialogs(qtbot, store, monkeypatch):
    from app.ui import shell as shell_module

    case = _case_with(store, 2)
    child = case.people[1]
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(case)

    class Host:
        """Just what the shell's person handlers use."""

        store = None
        discreet = False
        controller = safety_controller = None
        _people_changed = shell_module.Shell._people_changed

    host = Host()
    host.store, host.case_view = store, view
    monkeypatch.setattr(PersonDialog, "ask", classmethod(
        lambda cls, parent, person=None, others=(), discreet=False, store=None, seen=None: (
            {**person.values(), "phone": "06 1234 5678"}, "")))
    shell_module.Shell._person_action(host, "edit", child.id)
    assert store.cases.get(case.id).people[1].phone == "06 1234 5678"
    from app.ui import person_history  # the shell imports the question where it asks it

    monkeypatch.setattr(person_history, "ask_removal_reason", lambda *a, **k: "dubbel")
    shell_module.Shell._person_action(host, "remove", child.id)
    assert [p.name for p in view.case.people] == ["Moeder"]
    assert isinstance(view.case.people[0], Person)


def test_discreet_mode_does_not_open_the_person_form(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.ui import shell as shell_module

    case = _case_with(store, 1)
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(case)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: told.append(text))
    monkeypatch.setattr(PersonDialog, "ask", classmethod(
        lambda cls, *a, **k: pytest.fail("the form shows the full name and address")))

    class Host:
        discreet = True

    host = Host()
    host.store, host.case_view = store, view
    shell_module.Shell._person_action(host, "edit", case.people[0].id)
    assert told and "discrete modus" in told[0]
