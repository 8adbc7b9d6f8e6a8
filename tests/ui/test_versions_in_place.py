"""A field in conflict is shown where the field is shown (issue 19): a case
field under the case's title, a person's field under the household, a
handover detail in the handover dialog and in its form, and the safety plan
above the plan. Each shows every version with who, which device and when,
is read by a screen reader as "2 versies: … of …", is settled right there
with the keyboard, and is gone everywhere after settling and after an
exchange to the other store. Discreet mode hides the values.

Two real stores: A and B change the same fields; B's forms were open when
A's changes arrived (``seen``), so both values stay as heads."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app import i18n
from app.cases.model import Role
from app.forms.handover import HandoverDetails
from app.services import cases as case_service
from app.services import exchange, fields
from app.services import handover as handover_service
from app.services import retention as retention_service
from app.services import safety as safety_service
from app.services.retention import case_type_label
from app.store.store import Store
from app.ui.case_view import CaseView
from app.ui.handover_dialog import HandoverDialog
from app.ui.record_dialog import RecordDialog
from app.ui.safety_controller import SafetyController
from app.ui.versions_box import VersionsBox
from tests.conftest import PASSPHRASE
from tests.oplog.test_seen_heads import exchange_ops

SHOT = "/tmp/conflicts-{name}.png"


@pytest.fixture
def conflicted(tmp_path):
    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    case = case_service.create_case(a, "Familie Bakker")
    anna = case_service.add_person(a, case.id, "Anna Bakker", Role.PARENT, age=34)
    retention_service.set_case_type(a, case.id, "advice")
    handover_service.set_handover_details(a, case.id, HandoverDetails(agreements="Eerst"))
    safety_service.set_biggest_concern(a, case.id, "Eerste zorg")
    exchange_ops(a, b)
    # B opens its forms: the person, the close-case form, the handover
    # details and the safety plan.
    seen = {entity: fields.seen(b, entity, thing) for entity, thing in (
        ("persons", anna.id), ("cases", case.id), ("handover_details", case.id))}
    plan_seen = safety_service.load_plan(b, case.id).seen
    shown_details = handover_service.get_handover_details(b, case.id)
    # Meanwhile A changes the same fields, and that arrives at B.
    case_service.edit_person(a, case.id, anna.id, "typfout", name="Anna Bakker-Jansen")
    retention_service.set_case_type(a, case.id, "youth")
    handover_service.set_handover_details(
        a, case.id, HandoverDetails(agreements="Moeder belt elke avond."))
    safety_service.set_biggest_concern(a, case.id, "Van A: ruzie bij het ophalen")
    exchange_ops(a, b)
    # B saves its forms.
    case_service.edit_person(b, case.id, anna.id, "typfout", seen=seen["persons"],
                             name="Anne Bakker")
    retention_service.set_case_type(b, case.id, "adult", seen=seen["cases"])
    handover_service.set_handover_details(
        b, case.id, replace(shown_details, agreements="Vader haalt de kinderen op."),
        seen=seen["handover_details"])
    safety_service.set_biggest_concern(b, case.id, "Van B: schreeuwen in de nacht",
                                       seen=plan_seen)
    exchange_ops(b, a)
    yield a, b, case.id, anna.id
    a.close()
    b.close()


def _gone_everywhere(a: Store, b: Store, entity: str, thing: str) -> None:
    assert fields.conflicts_of(b, entity, thing) == {}
    exchange_ops(b, a)
    assert fields.conflicts_of(a, entity, thing) == {}


def _case_view(qtbot, store: Store, case_id: str) -> CaseView:
    view = CaseView()
    qtbot.addWidget(view)
    view.resize(1366, 768)

    def show() -> None:
        view.show_case(case_service.find_case(store, case_id))
        view.set_conflicts(exchange.case_conflicts(store, case_id), store)

    # As the main window does: a field settled in place shows the case again.
    view.versions_resolved.connect(lambda _case_id: show())
    show()
    _shown(qtbot, view)
    return view


def _shown(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _choose(qtbot, box: VersionsBox, device: str) -> None:
    """Choose the version made on ``device`` and keep it, with the keyboard only."""
    index = next(i for i, v in enumerate(box.row.versions) if v.device == device)
    box.choices[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.choices[0])
    for _step in range(index):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert box.choices[index].isChecked()
    for _step in range(len(box.choices) + 3):
        if QApplication.focusWidget() is box.keep:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is box.keep
    qtbot.keyClick(box.keep, Qt.Key.Key_Space)


def test_a_case_field_in_conflict_is_shown_and_settled_under_the_title(qtbot, conflicted):
    a, b, case_id, _anna = conflicted
    view = _case_view(qtbot, b, case_id)
    box = view.versions[("cases", case_id, "case_type")]
    assert box.isVisible()
    youth, adult = case_type_label("youth"), case_type_label("adult")
    assert box.accessibleName() == f"Soort hulp: 2 versies: {youth} of {adult}" \
        or box.accessibleName() == f"Soort hulp: 2 versies: {adult} of {youth}"
    texts = [c.text() for c in box.choices]
    assert any(t.startswith(f"{adult}\ndoor jou op dit apparaat") for t in texts)
    assert any(t.startswith(f"{youth}\ndoor ") and "apparaat " in t for t in texts)
    view.grab().save(SHOT.format(name="case-nl"))
    _choose(qtbot, box, a.device_id)
    assert ("cases", case_id, "case_type") not in view.versions
    assert retention_service.case_type_of(b, case_id) == "youth"
    _gone_everywhere(a, b, "cases", case_id)
    assert retention_service.case_type_of(a, case_id) == "youth"


def test_a_persons_field_in_conflict_is_shown_under_the_household(qtbot, conflicted):
    a, b, case_id, anna_id = conflicted
    view = _case_view(qtbot, b, case_id)
    row = [p.id for p in view.household.rows].index(anna_id)
    assert view.household.data(view.household.index(row, 0)) == "2 versies"
    box = view.versions[("persons", anna_id, "name")]
    assert box.title() == "Naam van betrokkene 1 (Ouder of verzorger): 2 versies"
    assert box.accessibleName().endswith(
        "2 versies: Anna Bakker-Jansen of Anne Bakker")
    view.grab().save(SHOT.format(name="person-nl"))
    # A typed value settles it too.
    box.typed.setFocus()
    qtbot.waitUntil(box.typed.hasFocus)
    qtbot.keyClicks(box.typed, "Anna Jansen")
    assert box.other.isChecked()
    qtbot.keyClick(box.keep, Qt.Key.Key_Space)
    assert ("persons", anna_id, "name") not in view.versions
    assert view.household.data(view.household.index(row, 0)) == "Anna Jansen"
    _gone_everywhere(a, b, "persons", anna_id)
    [anna] = [p for p in case_service.find_case(a, case_id).people if p.id == anna_id]
    assert anna.name == "Anna Jansen"


def test_a_handover_detail_in_conflict_in_the_dialog_and_its_form(qtbot, conflicted):
    a, b, case_id, _anna = conflicted
    dialog = HandoverDialog(b, case_id)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    box = dialog.versions["agreements"]
    assert box.accessibleName().startswith("Afspraken die al zijn gemaakt: 2 versies: ")
    assert "Moeder belt elke avond." in box.accessibleName()
    dialog.grab().save(SHOT.format(name="handover-nl"))
    seen_in_form: list[list[str]] = []

    def in_the_form() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, RecordDialog)
        try:
            boxes = form.findChildren(VersionsBox)
            seen_in_form.append([x.row.conflict.field for x in boxes])
            [in_form] = boxes
            in_form.grab().save(SHOT.format(name="handover-form-nl"))
            index = next(i for i, v in enumerate(in_form.row.versions)
                         if v.device == a.device_id)
            in_form.choices[index].setChecked(True)
            in_form.settle()
            # The form now shows the kept value, and saving it is no new edit.
            seen_in_form.append([form.form.values()["agreements"]])
            form.save_button.click()
        finally:
            if form.isVisible():  # never leave the test hanging on the form
                form.reject()

    QTimer.singleShot(50, in_the_form)
    dialog.edit_details()
    assert seen_in_form == [["agreements"], ["Moeder belt elke avond."]]
    assert handover_service.get_handover_details(b, case_id).agreements == \
        "Moeder belt elke avond."
    assert "agreements" not in dialog.versions
    _gone_everywhere(a, b, "handover_details", case_id)


def test_the_safety_plan_in_conflict_is_shown_above_the_plan(qtbot, conflicted):
    a, b, case_id, _anna = conflicted
    parent = QWidget()
    qtbot.addWidget(parent)
    view = CaseView(parent)
    controller = SafetyController(b, case_service.find_case(b, case_id), view.safety, parent)
    controller.refresh()
    parent.resize(1366, 768)
    view.resize(1366, 768)
    view.workspace.setCurrentWidget(view.safety)
    _shown(qtbot, parent)
    box = view.safety.versions
    assert isinstance(box, VersionsBox)
    assert box.title() == "Veiligheidsplan: 2 versies"
    assert box.accessibleName().startswith("Veiligheidsplan: 2 versies: Versie ")
    assert not box.row.editable and box.typed is None
    parent.grab().save(SHOT.format(name="safety-nl"))
    _choose(qtbot, box, a.device_id)
    assert view.safety.versions is None
    assert safety_service.load_plan(b, case_id).plan.biggest_concern == \
        "Van A: ruzie bij het ophalen"
    _gone_everywhere(a, b, "safety_plan", case_id)
    assert safety_service.load_plan(a, case_id).plan.biggest_concern == \
        "Van A: ruzie bij het ophalen"


def test_discreet_mode_hides_the_values_and_the_choice(qtbot, conflicted):
    _a, b, case_id, _anna = conflicted
    view = _case_view(qtbot, b, case_id)
    view.set_discreet(True)
    shown = " ".join(
        " ".join([box.title(), box.accessibleName(), *(c.text() for c in box.choices),
                  *(c.accessibleName() for c in box.choices)])
        for box in view.versions.values())
    for value in ("Anna Bakker-Jansen", "Anne Bakker", case_type_label("youth"),
                  case_type_label("adult")):
        assert value not in shown
    assert all("verborgen" in box.accessibleName() and not box.keep.isEnabled()
               and not any(c.isEnabled() for c in box.choices)
               for box in view.versions.values())
    view.grab().save(SHOT.format(name="discreet-nl"))
    view.set_discreet(False)
    assert "Anne Bakker" in view.versions[("persons", _anna, "name")].accessibleName()


def test_in_english(qtbot, conflicted):
    _a, b, case_id, anna_id = conflicted
    i18n.set_language("en")
    view = _case_view(qtbot, b, case_id)
    box = view.versions[("persons", anna_id, "name")]
    assert box.accessibleName().endswith("2 versions: Anna Bakker-Jansen or Anne Bakker")
    assert box.keep.text() == "Keep this version"
    view.grab().save(SHOT.format(name="person-en"))
    view.set_discreet(True)
    view.grab().save(SHOT.format(name="discreet-en"))


def test_the_person_form_shows_the_versions_under_the_field(qtbot, conflicted):
    from app.ui.person_dialog import PersonDialog

    a, b, case_id, anna_id = conflicted
    case = case_service.find_case(b, case_id)
    [anna] = [p for p in case.people if p.id == anna_id]
    seen = case_service.person_heads(b, anna_id)  # the form opens
    dialog = PersonDialog(None, anna, case.people)
    qtbot.addWidget(dialog)
    dialog.show_versions(b, seen)
    dialog.resize(1366, 768)
    _shown(qtbot, dialog)
    box = dialog.versions["name"]
    assert list(dialog.versions) == ["name"]
    assert box.accessibleName() == "Naam: 2 versies: Anna Bakker-Jansen of Anne Bakker"
    dialog.grab().save(SHOT.format(name="person-form-nl"))
    _choose(qtbot, box, a.device_id)
    assert dialog.editors["name"].text() == "Anna Bakker-Jansen"
    # Saving the form afterwards, with another field changed, is no new
    # edit of the name.
    values = {**dialog.values(), "phone": "0612345678"}
    case_service.edit_person(b, case_id, anna_id, "nieuw nummer", seen=seen, **values)
    _gone_everywhere(a, b, "persons", anna_id)
    for store in (a, b):
        [now] = [p for p in case_service.find_case(store, case_id).people if p.id == anna_id]
        assert (now.name, now.phone) == ("Anna Bakker-Jansen", "0612345678")
