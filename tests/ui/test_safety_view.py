"""A phase-1 safety plan built with the keyboard from three Veilig Thuis
conditions: unanswered conditions are red until agreements answer them; an
evaluation moves the case on to phase 2; a relapse brings it back; the
family plan is written where the worker chose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.cases.model import Role
from app.export.address import Address
from app.safety import Phase, Transition
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.services import safety as safety_service
from app.store.store import Store
from app.ui import safety_controller
from app.ui.safety_controller import SafetyController
from app.ui.safety_export_dialog import Protection
from app.ui.safety_view import SafetyView
from app.ui.style import Tone, text_colour
from tests.conftest import PASSPHRASE
from tests.ui.test_meldcode_flow import Keyboard, fill, press_button
from tests.ui.test_shell import when_dialog_opens

CONDITIONS = (
    "Er is geen geweld meer in huis.",
    "Ayşe ziet en hoort geen ruzie meer.",
    "Moeder heeft een eigen telefoon.",
)


@pytest.fixture
def screen(qtbot, tmp_path: Path):
    store = Store.create(tmp_path / "store.db", PASSPHRASE)
    case = case_service.create_case(store, "Familie Şahin")
    mother = case_service.add_person(store, case.id, "Şükran Şahin", Role.PARENT, age=33)
    father = case_service.add_person(store, case.id, "Emre Şahin", Role.PARTNER, age=36)
    case = case_service.find_case(store, case.id)
    host = QWidget()
    qtbot.addWidget(host)
    view = SafetyView(host)
    QVBoxLayout(host).addWidget(view)
    controller = SafetyController(store, case, view, host)
    controller.refresh()
    host.resize(1000, 760)
    host.show()
    qtbot.waitExposed(host)
    yield store, case, view, controller, mother.id, father.id
    host.close()
    store.close()


def red_rows(view: SafetyView) -> list[bool]:
    model, red = view.conditions, QColor(text_colour(Tone.ERROR))
    return [model.data(model.index(r, 0), Qt.ItemDataRole.ForegroundRole) == red
            for r in range(model.rowCount())]


def test_build_a_phase_1_plan_and_move_on_with_the_keyboard(qtbot, qtmodeltester, screen):
    store, case, view, controller, mother, father = screen
    assert not safety_service.load_plan(store, case.id).started

    for text in CONDITIONS:
        fill(qtbot, lambda k, text=text: (k.type("text", text),
                                          k.choose("source", "veilig_thuis")))
        press_button(qtbot, view.buttons["condition"])
    assert view.conditions.rowCount() == 3
    assert red_rows(view) == [True, True, True]
    assert view.unanswered.isVisible() and "3 van de 3" in view.unanswered.text()
    assert view.timeline.boxes[Phase.DIRECT_SAFETY].accessibleName().endswith("huidige fase")

    fill(qtbot, lambda k: (
        k.type("what", "Emre slaapt bij zijn broer als de ruzie oploopt."),
        k.type("why", "Dan komt het niet tot slaan."),
        k.choose("who_kind", "family_member"), k.choose("who_person", father),
        k.tick("answers", CONDITIONS[0]), k.tick("answers", CONDITIONS[1])))
    press_button(qtbot, view.buttons["item"])
    assert red_rows(view) == [False, False, True]

    fill(qtbot, lambda k: (
        k.type("what", "Het wijkteam regelt een telefoon voor Şükran."),
        k.type("why", "Zo kan zij zelf hulp halen."),
        k.choose("who_kind", "professional"), k.type("who_name", "Sanne, wijkteam"),
        k.tick("answers", CONDITIONS[2])))
    press_button(qtbot, view.buttons["item"])
    assert red_rows(view) == [False, False, False]
    assert not view.unanswered.isVisible()
    assert "(3 van 3)" in view.vt_answered.text()
    assert view.items.rowCount() == 2
    qtmodeltester.check(view.items)
    qtmodeltester.check(view.conditions)

    fill(qtbot, lambda k: (
        k.type("went_well", "Emre hield zich aan de afspraak."),
        k.choose("scale_person", mother),
        k.choose("conditions_met", True),
        k.choose("decision", Transition.MOVE_ON.value)))
    press_button(qtbot, view.buttons["evaluation"])
    loaded = safety_service.load_plan(store, case.id)
    assert loaded.state.phase == Phase.STABLE_SAFETY
    assert view.timeline.boxes[Phase.STABLE_SAFETY].accessibleName().endswith("huidige fase")
    summary = next(s for s in case_service.list_cases(store) if s.id == case.id)
    assert summary.safety_phase == 2


def test_a_relapse_asks_date_and_reason_and_goes_back_to_phase_1(qtbot, screen):
    store, case, view, _controller, _mother, _father = screen
    fill(qtbot, lambda k: k.type("text", CONDITIONS[0]))
    press_button(qtbot, view.buttons["condition"])
    assert "0 van 1" in view.vt_answered.text()
    # The condition has no agreement: moving on needs a reason, which the plan shows.
    reason = "Veilig Thuis spreekt de afspraken zelf met het gezin af."
    fill(qtbot, lambda k: (k.choose("decision", Transition.MOVE_ON.value),
                           k.type("open_conditions_reason", reason)))
    press_button(qtbot, view.buttons["evaluation"])
    assert safety_service.load_plan(store, case.id).state.phase == Phase.STABLE_SAFETY
    assert reason in view.evaluations.text()

    fill(qtbot, lambda k: k.type("reason", "Emre sloeg Şükran opnieuw."))
    press_button(qtbot, view.buttons["relapse"])
    state = safety_service.load_plan(store, case.id).state
    assert state.phase == Phase.DIRECT_SAFETY
    assert state.history[-1].reason == "Emre sloeg Şükran opnieuw."
    assert view.timeline.relapse_label.isVisible()
    assert "Emre sloeg Şükran opnieuw." in view.timeline.relapse_label.text()
    assert "↺" in view.timeline.boxes[Phase.STABLE_SAFETY].text()


def test_the_item_status_changes_in_the_table(qtbot, screen):
    store, case, view, _controller, _mother, father = screen
    fill(qtbot, lambda k: (k.type("what", "Emre belt zijn broer."), k.type("why", "Rust."),
                           k.choose("who_kind", "family_member"),
                           k.choose("who_person", father)))
    press_button(qtbot, view.buttons["item"])
    index = view.items.index(0, 4)
    assert view.items.setData(index, "done")
    assert safety_service.load_plan(store, case.id).plan.items[0].status == "done"
    assert view.items.data(view.items.index(0, 4)) == "Gedaan"


def test_print_the_family_plan_encrypted_or_explicitly_not(qtbot, monkeypatch, screen,
                                                          tmp_path: Path):
    from pypdf import PdfReader

    store, case, view, _controller, _mother, father = screen
    fill(qtbot, lambda k: k.type("text", CONDITIONS[0]))
    press_button(qtbot, view.buttons["condition"])
    out = tmp_path / "out"
    out.mkdir()
    told: list[str] = []
    monkeypatch.setattr(safety_controller, "ask_folder", lambda parent: out)
    monkeypatch.setattr(safety_controller, "show_done", lambda parent, text: told.append(text))
    errors: list[str] = []
    monkeypatch.setattr(safety_controller, "show_error",
                        lambda parent, exc: errors.append(exc.message))
    monkeypatch.setattr(safety_controller, "ask_protection", lambda parent, notice: pytest.fail(
        "no agreements: refused before anything is asked"))
    press_button(qtbot, view.buttons["family_plan"])
    assert "nog geen afspraken in het plan" in errors[-1] and not list(out.iterdir())
    assert view.buttons["family_plan"].text().replace("&", "") == "Gezinsplan als pdf opslaan…"
    fill(qtbot, lambda k: (k.type("what", "Emre belt zijn broer."), k.type("why", "Rust."),
                           k.choose("who_kind", "family_member"),
                           k.choose("who_person", father)))
    press_button(qtbot, view.buttons["item"])
    notices: list[str] = []
    monkeypatch.setattr(safety_controller, "ask_protection",
                        lambda parent, notice: notices.append(notice)
                        or Protection("geheim wachtwoord"))
    press_button(qtbot, view.buttons["family_plan"])
    # The condition has no words of the family: the worker is told before printing.
    assert notices[-1].startswith("1 voorwaarde staat nog niet in woorden van het gezin.")
    [package] = out.iterdir()
    assert package.name.startswith(f"veiligheidsplan-{case.reference}-")
    path = package / "veiligheidsplan.pdf"
    assert PdfReader(path).is_encrypted and "versleuteld" in told[-1]
    assert package.name in told[-1]
    # The encrypted plan is never replaced: another export is a package of its own.
    monkeypatch.setattr(safety_controller, "ask_protection",
                        lambda parent, notice: Protection(None))
    press_button(qtbot, view.buttons["family_plan"])
    assert PdfReader(path).is_encrypted and len(told) == 2 and len(errors) == 1
    second = next(p for p in out.iterdir() if p != package)
    assert not PdfReader(second / path.name).is_encrypted and "geen wachtwoord" in told[-1]
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setattr(safety_controller, "ask_folder", lambda parent: other)
    monkeypatch.setattr(safety_controller, "ask_protection",
                        lambda parent, notice: Protection(None, Address.U))
    press_button(qtbot, view.buttons["family_plan"])
    [formal] = other.iterdir()
    assert not PdfReader(formal / path.name).is_encrypted
    # The worker's choice of "u" reaches the file.
    text = " ".join(page.extract_text() for page in PdfReader(formal / path.name).pages)
    assert "U kunt dag en nacht bellen." in " ".join(text.split())


def test_a_closed_safety_form_keeps_what_was_typed_and_goes_on_from_it(qtbot, screen):
    store, case, view, _controller, _mother, _father = screen
    when_dialog_opens(qtbot, lambda dialog: dialog.reject())  # opened, nothing typed
    press_button(qtbot, view.buttons["condition"])
    assert meldcode_service.drafts(store, case.id) == []

    def type_then_lock(dialog):
        Keyboard(qtbot, dialog).type("text", CONDITIONS[0])
        dialog.reject()  # what locking the app does to an open form

    when_dialog_opens(qtbot, type_then_lock)
    press_button(qtbot, view.buttons["condition"])
    assert [d.kind for d in meldcode_service.drafts(store, case.id)] == ["safety:condition"]
    assert meldcode_service.meldcode_drafts(store, case.id) == []  # not a meldcode form

    typed = []
    fill(qtbot, lambda k: (typed.append(k.form.values()["text"]),
                           k.choose("source", "veilig_thuis")))
    press_button(qtbot, view.buttons["condition"])
    assert typed == [CONDITIONS[0]]
    assert [c.text for c in safety_service.load_plan(store, case.id).plan.conditions] \
        == [CONDITIONS[0]]
    assert meldcode_service.drafts(store, case.id) == []  # saved, so the draft is gone

    def type_wait_and_take_back(dialog):
        keys = Keyboard(qtbot, dialog)
        keys.type("text", "Iets voor de verkeerde familie")
        qtbot.waitUntil(lambda: meldcode_service.drafts(store, case.id) != [])  # kept
        field = keys.focus("text")
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
        dialog.reject()

    when_dialog_opens(qtbot, type_wait_and_take_back)
    press_button(qtbot, view.buttons["condition"])
    assert meldcode_service.drafts(store, case.id) == []  # taken back: thrown away


def test_the_status_names_the_phase_and_counts_one_condition(qtbot, screen):
    _store, _case, view, _controller, _mother, _father = screen
    assert view.status.text().startswith("Nog geen veiligheidsplan.")
    fill(qtbot, lambda k: k.type("text", CONDITIONS[0]))
    press_button(qtbot, view.buttons["condition"])
    assert view.status.text().startswith("Nu in fase 1 (directe veiligheid), sinds ")
    assert view.unanswered.text() == "Nog geen afspraak bij 1 van de 1 voorwaarde."
    fill(qtbot, lambda k: k.type("text", CONDITIONS[1]))
    press_button(qtbot, view.buttons["condition"])
    assert view.unanswered.text() == "Nog geen afspraak bij 2 van de 2 voorwaarden."


def test_a_condition_gets_the_family_words_and_keeps_its_formal_text(qtbot, screen):
    """The add form asks for the family's words beside the formal text; a
    condition already in the plan (e.g. handed back by Veilig Thuis) gets them
    from its own button, which shows the formal text and leaves it alone."""
    store, case, view, _controller, _mother, _father = screen
    fill(qtbot, lambda k: (k.type("text", CONDITIONS[0]),
                           k.type("family_words", "Niemand in huis slaat of duwt.")))
    press_button(qtbot, view.buttons["condition"])
    fill(qtbot, lambda k: k.type("text", CONDITIONS[1]))
    press_button(qtbot, view.buttons["condition"])
    plan = safety_service.load_plan(store, case.id).plan
    assert [(c.text, c.family_words) for c in plan.conditions] == [
        (CONDITIONS[0], "Niemand in huis slaat of duwt."), (CONDITIONS[1], "")]
    model = view.conditions
    assert [model.index(r, 1).data() for r in range(2)] == ["Niemand in huis slaat of duwt.",
                                                            "Nog niet"]
    view.conditions_table.setCurrentIndex(model.index(1, 0))
    shown: list[str] = []

    def words(k):
        shown.append(k.dialog.intro.text())
        assert k.form.values().get("family_words") in (None, "")
        k.type("family_words", "Ayşe ziet geen ruzie meer.")

    fill(qtbot, words)
    press_button(qtbot, view.buttons["condition_words_selected"])
    assert CONDITIONS[1] in shown[-1]
    plan = safety_service.load_plan(store, case.id).plan
    assert [(c.text, c.family_words) for c in plan.conditions] == [
        (CONDITIONS[0], "Niemand in huis slaat of duwt."),
        (CONDITIONS[1], "Ayşe ziet geen ruzie meer.")]
    assert model.index(1, 1).data() == "Ayşe ziet geen ruzie meer."
    # Opened again, the form starts from the family's words as saved.
    seen: list = []
    view.conditions_table.setCurrentIndex(model.index(1, 0))
    when_dialog_opens(qtbot, lambda dialog: seen.append(dialog.form.values()["family_words"]))
    press_button(qtbot, view.buttons["condition_words_selected"])
    assert seen == ["Ayşe ziet geen ruzie meer."]


def test_the_export_dialog_warns_about_conditions_without_the_family_words(qtbot):
    from app.safety import CasePlan, ConditionSource, SafetyCondition, add_condition
    from app.ui.safety_controller import formal_text_notice
    from app.ui.safety_export_dialog import ProtectionDialog

    plan = CasePlan("p", "c")
    assert formal_text_notice(plan) == ""
    for n, words in enumerate(("", "Niemand slaat.", "")):
        plan = add_condition(plan, SafetyCondition(f"c{n}", CONDITIONS[n],
                                                   ConditionSource.VEILIG_THUIS,
                                                   date(2026, 3, 1), family_words=words))
    notice = formal_text_notice(plan)
    assert notice.startswith("2 voorwaarden staan nog niet in woorden van het gezin.")
    assert "‘Woorden van het gezin’" in notice and "Annuleren" in notice
    dialog = ProtectionDialog(None, notice)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.notice.isVisible() and dialog.notice.text() == notice
    assert dialog.accessibleDescription() == notice
    quiet = ProtectionDialog(None)
    qtbot.addWidget(quiet)
    quiet.show()
    assert not quiet.notice.isVisible()


def test_the_current_phase_is_drawn_highlighted_and_moves_with_the_state(qtbot):
    """The phase boxes take their look from one style sheet on the timeline
    and a property per box: the current phase dark blue, the others light."""
    from app.safety import PhaseState
    from app.ui.safety_widgets import PhaseTimeline

    timeline = PhaseTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(900, 80)
    timeline.show()
    qtbot.waitExposed(timeline)

    def fill_colour(phase: Phase) -> str:
        box = timeline.boxes[phase]
        return box.grab().toImage().pixelColor(6, box.height() // 2).name()

    for current in (Phase.DIRECT_SAFETY, Phase.STABLE_SAFETY):
        timeline.set_state(PhaseState(current, date.today()), started=True)
        assert [fill_colour(p) for p in Phase] == [
            "#1d6fa5" if p == current else "#f1f3f5" for p in Phase]
    timeline.set_state(PhaseState(Phase.STABLE_SAFETY, date.today()), started=False)
    assert {fill_colour(p) for p in Phase} == {"#f1f3f5"}
