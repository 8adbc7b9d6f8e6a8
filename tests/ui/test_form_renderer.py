"""The generic form renderer, driven like a worker would: keyboard first."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.forms import apply_variant, parse_variant
from app.forms.variants import FORMAT
from app.i18n import set_language
from app.ui.forms import FormWidget
from app.ui.forms.date_field import DateField
from tests.forms.samples import CONVERSATION, SIGNAL, context

FULL = {"summary": "Blauwe plek", "facts": "Regel 1\nRegel 2",
        "observed_at": datetime(2026, 3, 9, 16, 45), "source": "told", "told_by": "Juf Ans",
        "concerns": ["p-anna", "p-cem"], "child": "p-bram", "forms": ["neglect"],
        "children_count": 3, "safety": 0, "born": date(2016, 5, 1), "vt_phone": "0800-2000"}


@pytest.fixture
def signal(qtbot) -> FormWidget:
    widget = FormWidget(SIGNAL, context())
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def conversation(qtbot) -> FormWidget:
    widget = FormWidget(CONVERSATION, context())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def editor(form: FormWidget, key: str) -> QWidget:
    return form._rows[key].editor.focus


def test_one_editor_of_the_right_kind_per_field(signal: FormWidget):
    kinds = {"summary": QLineEdit, "facts": QPlainTextEdit, "observed_at": QLineEdit,
             "source": QComboBox, "told_by": QLineEdit, "concerns": QListWidget,
             "child": QComboBox, "forms": QListWidget, "children_count": QSpinBox,
             "safety": QSpinBox, "born": QLineEdit, "vt_phone": QLineEdit}
    for key, kind in kinds.items():
        assert isinstance(editor(signal, key), kind), key
    for key in ("born", "observed_at"):
        assert isinstance(signal._rows[key].editor.widget, DateField)


def test_every_editor_has_a_name_a_description_and_a_buddy(signal: FormWidget):
    for f in SIGNAL.fields:
        row = signal._rows[f.key]
        assert row.editor.focus.accessibleName() == f.label
        assert row.label.buddy() is row.editor.focus
        assert "&" in row.label.text()  # Alt+letter mnemonic
    facts = editor(signal, "facts")
    assert facts.accessibleDescription() == (
        "Verplicht. Alleen wat je zelf zag of hoorde, of wat iemand letterlijk zei.")
    assert editor(signal, "observed_at").accessibleDescription() == ""
    assert signal._rows["safety"].help.text() == "0 = helemaal niet veilig, 10 = veilig genoeg."


def test_mnemonics_are_unique(signal: FormWidget):
    letters = []
    for row in signal._rows.values():
        text = row.label.text().replace("&&", "")
        letters.append(text[text.index("&") + 1].lower())
    assert len(letters) == len(set(letters))


def test_tab_order_follows_the_fields(signal: FormWidget):
    wanted = [editor(signal, f.key) for f in SIGNAL.fields]
    seen, widget = [], wanted[0]
    for _ in range(200):
        if widget in wanted and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
    assert seen == wanted


def test_typing_gives_values_and_emits_changed(qtbot, signal: FormWidget):
    with qtbot.waitSignal(signal.changed):
        qtbot.keyClicks(editor(signal, "summary"), "Kind huilde")
    qtbot.keyClicks(editor(signal, "facts"), "Zei: papa slaat")
    with qtbot.waitSignal(signal.field_changed) as changed:
        qtbot.keyClicks(editor(signal, "vt_phone"), "9")
    assert changed.args == ["vt_phone"]
    values = signal.values()
    assert values["summary"] == "Kind huilde"
    assert values["facts"] == "Zei: papa slaat"
    assert values["vt_phone"] == "0800-20009"  # the default was there already
    assert values["born"] is None and values["children_count"] is None
    assert values["concerns"] == [] and values["child"] is None
    assert "told_by" not in values  # hidden: source is not "told"


def test_set_values_round_trips_and_stays_quiet(qtbot, signal: FormWidget):
    emitted = []
    signal.changed.connect(lambda: emitted.append(1))
    signal.set_values(FULL)
    assert signal.values() == FULL
    assert emitted == []
    assert signal.clean()["told_by"] == "Juf Ans"
    signal.set_values({})
    assert signal.values()["summary"] is None


def test_visible_if_toggles_live(qtbot, conversation: FormWidget):
    held = editor(conversation, "held")
    assert not conversation.is_field_visible("held_on")
    assert not conversation.is_field_visible("reason_not_held")
    held.setFocus()
    qtbot.keyClick(held, Qt.Key.Key_Down)  # Ja
    assert conversation.values() == {"held": True, "held_on": None}
    assert conversation.is_field_visible("held_on")
    assert conversation._rows["held_on"].box.isVisible()
    assert not conversation._rows["reason_not_held"].label.isVisible()
    qtbot.keyClick(held, Qt.Key.Key_Down)  # Nee
    assert conversation.is_field_visible("reason_not_held")
    assert not conversation._rows["held_on"].box.isVisible()
    qtbot.keyClicks(editor(conversation, "reason_not_held"), "Moeder was ziek")
    assert conversation.values() == {"held": False, "reason_not_held": "Moeder was ziek"}
    qtbot.keyClick(held, Qt.Key.Key_Up)  # back to Ja: the text is kept in the editor only
    assert conversation.values() == {"held": True, "held_on": None}
    qtbot.keyClick(held, Qt.Key.Key_Down)
    assert conversation.values()["reason_not_held"] == "Moeder was ziek"


def test_validate_shows_messages_and_focuses_the_first_bad_field(qtbot, signal: FormWidget):
    signal.activateWindow()
    signal.set_values({"summary": "Iets", "source": "told", "children_count": 3})
    assert not signal.validate()
    errors = signal.errors()
    assert set(errors) == {"facts", "told_by", "concerns"}
    row = signal._rows["facts"]
    assert row.error.isVisible() and row.error.text() == "Vul dit in; dit is verplicht."
    assert "color: #b00020" in row.error.styleSheet()
    assert not signal._rows["summary"].error.isVisible()
    assert row.editor.focus.accessibleDescription().startswith("Vul dit in; dit is verplicht.")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is row.editor.focus)
    # fixing a field removes its message while typing; others stay
    qtbot.keyClicks(row.editor.focus, "Gezien")
    assert not row.error.isVisible()
    assert signal._rows["told_by"].error.isVisible()
    assert "Vul dit in" not in row.editor.focus.accessibleDescription()


def test_date_editor_has_an_empty_state(qtbot, signal: FormWidget):
    born = editor(signal, "born")
    assert born.text() == "" and signal.values()["born"] is None
    assert born.placeholderText() == "bijv. 14-05-2018"
    qtbot.keyClicks(born, "1-5-16")
    assert signal.values()["born"] == date(2016, 5, 1)
    born.selectAll()
    qtbot.keyClick(born, Qt.Key.Key_Delete)
    assert signal.values()["born"] is None


@pytest.mark.parametrize("typed", ["14-05-2018", "14-5-18", "14 mei 2018"])
def test_one_click_then_type_a_date(qtbot, signal: FormWidget, typed):
    """The field held a date already; one click and typing replaces it."""
    born = editor(signal, "born")
    signal.set_values({**FULL})
    signal.activateWindow()
    qtbot.mouseClick(born, Qt.MouseButton.LeftButton, pos=born.rect().center())
    qtbot.waitUntil(lambda: born.selectedText() == born.text())
    qtbot.keyClicks(born, typed)
    assert signal.values()["born"] == date(2018, 5, 14)
    qtbot.keyClick(born, Qt.Key.Key_Tab)  # leaving the field shows it the one way
    assert born.text() == "14-05-2018"


def test_a_moment_is_typed_with_its_time(qtbot, signal: FormWidget):
    seen = editor(signal, "observed_at")
    seen.setFocus()
    seen.selectAll()
    qtbot.keyClicks(seen, "9-3-26 8.15")
    assert signal.values()["observed_at"] == datetime(2026, 3, 9, 8, 15)


def test_text_that_is_no_date_stays_and_the_validator_says_so(qtbot, signal: FormWidget):
    born = editor(signal, "born")
    qtbot.keyClicks(born, "vorige week")
    assert signal.values()["born"] == "vorige week"
    signal.validate()
    assert signal._rows["born"].error.isVisible()
    signal.set_values({"born": "vorige week"})  # a draft comes back as it was typed
    assert born.text() == "vorige week"


def test_the_calendar_beside_the_field_picks_a_day(qtbot, signal: FormWidget):
    field: DateField = signal._rows["born"].editor.widget
    assert field.calendar.maximumDate().toPython() == date(2026, 3, 10)  # not in the future
    with qtbot.waitSignal(signal.changed):
        field.calendar.clicked.emit(QDate(2016, 5, 1))
    assert signal.values()["born"] == date(2016, 5, 1)
    assert editor(signal, "born").text() == "01-05-2016"


def test_number_editors_start_at_zero_and_can_be_emptied(qtbot, signal: FormWidget):
    for key in ("children_count", "safety"):
        box = editor(signal, key)
        assert box.text() == "Niet ingevuld"
        box.setFocus()
        with qtbot.waitSignal(signal.changed):
            qtbot.keyClick(box, Qt.Key.Key_Up)
        assert signal.values()[key] == 0
        qtbot.keyClick(box, Qt.Key.Key_Up)
        assert signal.values()[key] == 1
        box.selectAll()
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
        assert signal.values()[key] is None
    assert editor(signal, "safety").maximum() == 10


def test_space_ticks_a_multiple_choice(qtbot, signal: FormWidget):
    view = editor(signal, "concerns")
    assert [view.item(i).text() for i in range(view.count())] == [
        "Anna de Vries", "Bram de Vries", "Cem Yilmaz"]
    view.setFocus()
    view.setCurrentRow(2)
    with qtbot.waitSignal(signal.changed):
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Space)
    assert signal.values()["concerns"] == ["p-cem"]
    child = editor(signal, "child")
    assert [child.itemText(i) for i in range(child.count())] == [
        "Niet ingevuld", "Bram de Vries", "Cem Yilmaz"]  # source "children"


def test_discreet_mode_hides_sensitive_fields_but_keeps_them(signal: FormWidget):
    signal.set_values(FULL)
    signal.set_discreet(True)
    assert not signal._rows["facts"].box.isVisible()
    assert signal.values()["facts"] == FULL["facts"]
    signal.set_discreet(False)
    assert signal._rows["facts"].box.isVisible()


def test_variant_text_follows_a_language_change(qtbot):
    variant = parse_variant(json.dumps({
        "format": FORMAT, "format_version": 1, "name": "Noord",
        "forms": {"conversation": {"fields": {"held": {
            "label": {"nl": "Is er gepraat?", "en": "Did you talk?"},
            "help": {"nl": "Met beide ouders.", "en": "With both parents."}}}}}}))
    widget = FormWidget(apply_variant(CONVERSATION, variant), context())
    qtbot.addWidget(widget)
    row = widget._rows["held"]
    assert row.editor.focus.accessibleName() == "Is er gepraat?"
    set_language("en")
    QApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    assert row.label.text().replace("&", "") == "Did you talk? *"
    assert row.help.text() == "With both parents."
    assert row.editor.focus.accessibleName() == "Did you talk?"


def test_retranslate_keeps_answers_and_messages(signal: FormWidget):
    signal.set_values(FULL | {"summary": ""})
    signal.validate()
    signal.retranslate()
    assert signal.values() == FULL | {"summary": None}
    assert signal.errors() == {"summary": ["Vul dit in; dit is verplicht."]}


def test_the_form_can_be_drawn(signal: FormWidget, tmp_path):
    signal.set_values(FULL)
    image = signal.grab()
    assert not image.isNull() and image.width() == 700
    assert image.save(str(tmp_path / "form.png"))
    labels = [w.text() for w in signal.findChildren(QLabel)]
    assert "Signaal vastleggen" in labels and "Vragen met een * zijn verplicht." in labels


def test_long_questions_wrap_in_a_narrow_window(qtbot):
    question = "Wanneer probeer je het opnieuw met de ouders, en met wie van het team samen?"
    variant = parse_variant(json.dumps({
        "format": FORMAT, "format_version": 1, "name": "Noord",
        "forms": {"conversation": {"fields": {"held": {"label": question}}}}}))
    widget = FormWidget(apply_variant(CONVERSATION, variant), context())
    qtbot.addWidget(widget)
    widget.resize(320, 500)
    widget.show()
    qtbot.waitExposed(widget)
    label = widget._rows["held"].label
    qtbot.waitUntil(lambda: label.width() <= widget._scroll.viewport().width())
    assert label.height() > label.fontMetrics().lineSpacing()  # wrapped, not cut off
    assert label.height() >= label.heightForWidth(label.width())
    assert not widget._scroll.horizontalScrollBar().isVisible()


def _wheel(widget: QWidget, notches: int = -3) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("key", ["source", "children_count", "forms"])
def test_the_wheel_over_a_control_scrolls_the_form(qtbot, signal: FormWidget, key):
    signal.resize(700, 300)  # short: the form must scroll
    signal.set_values(FULL)
    bar = signal._scroll.verticalScrollBar()
    assert bar.maximum() > 0
    before = signal.values()
    control = editor(signal, key)
    target = control.viewport() if isinstance(control, QListWidget) else control
    editor(signal, "summary").setFocus()
    _wheel(target)
    assert bar.value() > 0
    assert signal.values() == before


def test_the_wheel_works_in_the_control_the_worker_is_in(qtbot, signal: FormWidget):
    signal.set_values(FULL)
    box = editor(signal, "children_count")
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    _wheel(box, 1)
    assert signal.values()["children_count"] == 4
