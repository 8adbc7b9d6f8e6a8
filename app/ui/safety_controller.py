"""The safety plan of one open case: opens the dialogs, calls the safety
services, redraws ``SafetyView``. The dialogs that are not forms are module
functions (``ask_*``) that tests replace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMessageBox,
    QWidget,
)

from app.cases.model import Case, initials, mask_names, new_id
from app.errors import ValidationError, VeiligwijzerError
from app.forms import FormContext
from app.forms import safety as forms
from app.i18n import _, format_date, format_datetime, ngettext
from app.safety import CasePlan, Phase, conditions_without_family_words, deadlines
from app.safety.discreet import discreet_plan
from app.services import cases as case_service
from app.services import fields as fields_service
from app.services import meldcode as drafts_service
from app.services import safety as service
from app.services.documents import FORMAL_LEAD_IN
from app.services.exchange import field_label
from app.services.meldcode import SAFETY_DRAFT
from app.services.session import Store, TaskStopped
from app.ui import discreet
from app.ui.case_controller import person_context
from app.ui.file_dialogs import choose_folder
from app.ui.messages import show_error
from app.ui.record_dialog import RecordDialog
from app.ui.safety_export_dialog import Protection, ProtectionDialog
from app.ui.safety_view import ACTIONS, SafetyView
from app.ui.tasks import wait_for_store_task
from app.ui.versions_box import VersionsBox

#: Date fields that start empty (RecordDialog starts every date on today).
_EMPTY_DATES = {"item": ("due",), "goal": ("due",), "arrangements": ("evaluate_on",),
                "evaluation": ("next_on",)}


def formal_text_notice(plan: CasePlan) -> str:
    """Tells the worker which conditions the family will read in the
    organisation's words (empty when none), before the family plan is made."""
    formal = conditions_without_family_words(plan)
    if not formal:
        return ""
    return ngettext(
        "{n} voorwaarde staat nog niet in woorden van het gezin. In het gezinsplan staat dan "
        "de tekst van de organisatie, met deze zin ervoor: ‘{lead_in}’",
        "{n} voorwaarden staan nog niet in woorden van het gezin. In het gezinsplan staat dan "
        "de tekst van de organisatie, met deze zin ervoor: ‘{lead_in}’",
        len(formal)).format(n=len(formal), lead_in=_(FORMAL_LEAD_IN)) + " " + _(
        "Wil je dat veranderen? Kies Annuleren, kies de voorwaarde en dan ‘{button}’.").format(
        button=_(ACTIONS["condition_words_selected"]).replace("&", ""))


def ask_protection(parent: QWidget, notice: str = "") -> Protection | None:
    """Passphrase or explicit no encryption; ``None`` when cancelled. ``notice``
    warns about the plan's content. Tests replace this."""
    dialog = ProtectionDialog(parent, notice)
    choice = dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
    dialog.deleteLater()
    return choice


def ask_folder(parent: QWidget) -> Path | None:
    """The folder to write the family plan to; ``None`` when cancelled. Tests replace this."""
    return choose_folder(parent, _("Waar wil je het gezinsplan opslaan?"))


def show_done(parent: QWidget, text: str) -> None:
    """Tells the worker where the file went. Tests replace this."""
    QMessageBox.information(parent, _("Gezinsplan opgeslagen"), text)


@dataclass(frozen=True)
class _Versions:
    """The plan's open conflict of two versions saved at once, or ``row`` None."""

    row: object | None


def _read_versions(store: Store, case_id: str) -> _Versions:
    return _Versions(fields_service.conflicts_of(store, fields_service.SAFETY_PLAN,
                                                 case_id).get("version_op"))


def read_plan(store: Store, case_id: str) -> tuple[Case, service.SafetyPlan, _Versions]:
    """For a worker thread: the case, its safety plan and the plan's conflict."""
    return (case_service.find_case(store, case_id), service.load_plan(store, case_id),
            _read_versions(store, case_id))


class SafetyController(QObject):
    """``changed`` fires after every saved change, so lists can refresh."""

    changed = Signal()

    def __init__(self, store: Store, case: Case, view: SafetyView, parent: QWidget) -> None:
        super().__init__(parent)
        self.store, self.case, self.view, self.parent_widget = store, case, view, parent
        self.loaded: service.SafetyPlan | None = None
        self.discreet = False  # the forms then name the household by initials
        self._attached = True
        view.action_requested.connect(self.handle)
        view.item_status_changed.connect(self.set_item_status)

    def seen(self) -> dict | None:
        """The plan's heads as the screen shows it: what a form that opens
        now has seen, so a version saved elsewhere meanwhile becomes a
        conflict instead of being overwritten."""
        return dict(self.loaded.seen) if self.loaded is not None else None

    def disconnect_view(self) -> None:
        self._attached = False
        self.view.action_requested.disconnect(self.handle)
        self.view.item_status_changed.disconnect(self.set_item_status)

    def context(self) -> FormContext:
        base = person_context(self.case, self.discreet)
        if self.loaded is None:
            return base
        plan = self.loaded.plan
        if self.discreet:  # the conditions to choose from, with initials
            plan = discreet_plan(plan, [p.name for p in self.case.people], mask_names,
                                 initials)
        return forms.plan_context(plan, base)

    def refresh(self, case: Case | None = None, loaded: service.SafetyPlan | None = None
                ) -> None:
        """Show the plan again; ``case`` and ``loaded`` when they were read
        already, else read off the UI thread (after every saved record)."""
        versions: _Versions | None = None
        if loaded is None:
            case_id = self.case.id
            try:
                case, loaded, versions = wait_for_store_task(
                    self, self.store, lambda own: read_plan(own, case_id), replaces="plan")
            except TaskStopped:
                return  # locked, or a newer refresh reads instead
            if not self._attached:
                return  # another case was opened meanwhile
        self.case = case or case_service.find_case(self.store, self.case.id)
        self.loaded = loaded
        if loaded.started:
            phase = loaded.state.phase
            status = [_("Nu in fase {number} ({name}), sinds {date}.").format(
                number=int(phase), name=phase.label.lower(),
                date=format_date(loaded.state.since, "medium"))]
            due = deadlines(loaded.plan, date.today())
            if due:
                status.append((_("Te laat: {date} — {what}") if due[0].overdue else
                               _("Volgende termijn: {date} — {what}")).format(
                    date=format_date(due[0].due, "medium"), what=due[0].kind.label))
        else:
            status = [_("Nog geen veiligheidsplan. {phase} begint zodra je iets vastlegt.")
                      .format(phase=Phase.DIRECT_SAFETY.title)]
        self.view.show_plan(loaded.plan, loaded.state, loaded.started,
                            {p.id: p.name for p in self.case.people}, " ".join(status))
        self._show_versions(versions)

    def _show_versions(self, versions: _Versions | None = None) -> None:
        """Two versions of the plan saved at once: both above the plan, to
        choose. ``versions``: the conflict, when read already."""
        if versions is None:
            versions = _read_versions(self.store, self.case.id)
        row = versions.row
        if row is None and self.view.versions is None:
            return  # none then, none now
        box = None
        if row is not None:
            box = VersionsBox(self.store, row, field_label(row.conflict.entity,
                                                           row.conflict.field))
            box.resolved.connect(lambda _value, _heads: self._settled())
        self.view.set_versions(box)

    def _settled(self) -> None:
        self.refresh()
        self.changed.emit()

    # -- actions -----------------------------------------------------------------------

    def handle(self, action: str, ref: str) -> None:
        if self.discreet and action not in discreet.SAFETY_ALLOWED:
            discreet.say_not_in_discreet(self.parent_widget)
            return
        handlers: dict[str, Callable[[], Any]] = {
            "family_plan": self.export_family_plan,
            "condition_status_selected": lambda: self.condition_status(ref),
            "condition_words_selected": lambda: self.condition_words(ref),
            "item_edit_selected": lambda: self.edit_item(ref),
        }
        handler = handlers.get(action)
        if handler is not None:
            handler()
        else:
            self.record(action)

    def _dialog(self, kind: str, convert: Callable[[dict], Any],
                submit: Callable[[Any], object], values: dict | None = None,
                intro: str = "", about: str = "") -> bool:
        """The form of ``kind``, saved as a draft while typing (a lock or a crash
        loses nothing): the next time the same form is opened for the same
        thing (``about``: an item or condition id), it goes on from the draft."""
        draft_kind = SAFETY_DRAFT + kind + (f":{about}" if about else "")
        earlier = next((d for d in drafts_service.drafts(self.store, self.case.id)
                        if d.kind == draft_kind), None)
        draft_id = earlier.id if earlier is not None else new_id()
        if earlier is not None:
            intro = "\n\n".join(filter(None, (intro, _(
                "Je gaat verder met wat je eerder typte ({time}).").format(
                time=format_datetime(earlier.updated_at, "short")))))
        clean: dict = {}  # the form as it opens without a draft

        def keep_draft(typed: dict) -> None:
            if typed == clean:
                # Nothing typed, or all of it taken back: no draft to come back
                # to (this is also how a worker throws a draft away).
                drafts_service.discard_draft(self.store, draft_id)
            else:
                drafts_service.save_draft(self.store, draft_id, self.case.id, draft_kind,
                                          typed)

        def submit_then_forget_draft(record: Any) -> object:
            result = submit(record)
            drafts_service.discard_draft(self.store, draft_id)
            return result

        dialog = RecordDialog(forms.SAFETY_FORMS[kind], self.context(), convert,
                              submit_then_forget_draft, values, keep_draft, intro,
                              self.parent_widget)
        empty = [k for k in _EMPTY_DATES.get(kind, ()) if not (values or {}).get(k)]
        if empty:
            current = dialog.form.values()
            dialog.form.set_values({**current, **dict.fromkeys(empty)})
        clean.update(dialog.form.values())
        if earlier is not None:
            dialog.form.set_values(earlier.values)
        saved = dialog.exec() == RecordDialog.DialogCode.Accepted
        dialog.deleteLater()  # a closed form is not kept alive as a hidden child
        self.refresh()
        if saved:
            self.changed.emit()
        return saved

    def record(self, kind: str) -> bool:
        """Open the form of ``kind`` and save it with its service."""
        store, case_id, ctx = self.store, self.case.id, self.context()
        seen = self.seen()
        plan = self.loaded.plan if self.loaded else None
        plans: dict[str, tuple[Callable[[dict], Any], Callable[[Any], object]]] = {
            "concern": (self._concern_convert,
                        lambda text: service.set_biggest_concern(store, case_id, text,
                                                                 seen=seen)),
            "arrangements": (lambda v: forms.arrangements_from_values(v, context=ctx),
                             lambda a: service.set_arrangements(
                                 store, case_id, overseer=a.overseer,
                                 evaluate_with=a.evaluate_with, terms=a.terms,
                                 if_kept=a.if_kept, if_not_kept=a.if_not_kept,
                                 evaluate_on=a.evaluate_on, seen=seen)),
            "condition": (lambda v: forms.condition_from_values(v, context=ctx),
                          lambda c: service.add_condition(store, case_id, c, seen=seen)),
            "item": (lambda v: forms.item_from_values(v, context=ctx),
                     lambda i: service.add_item(store, case_id, i, seen=seen)),
            "goal": (lambda v: forms.goal_from_values(v, context=ctx),
                     lambda g: service.add_goal(store, case_id, g, seen=seen)),
            "support_person": (lambda v: forms.support_person_from_values(v, context=ctx),
                               lambda p: service.add_support_person(store, case_id, p,
                                                                    seen=seen)),
            "tension_signal": (lambda v: forms.tension_signal_from_values(v, context=ctx),
                               lambda s: service.add_tension_signal(store, case_id, s,
                                                                    seen=seen)),
            "contact": (lambda v: forms.contact_from_values(v, context=ctx),
                        lambda c: service.add_named_contact(store, case_id, c.name, c.number,
                                                            seen=seen)),
            "scale_score": (lambda v: forms.scale_score_from_values(v, context=ctx),
                            lambda s: service.add_scale_score(store, case_id, s, seen=seen)),
            "evaluation": (lambda v: forms.evaluation_from_values(v, context=ctx),
                           lambda e: service.record_evaluation(store, case_id, e.evaluation,
                                                               e.scale_person_id, seen=seen)),
            "relapse": (lambda v: forms.relapse_from_values(v, context=ctx),
                        lambda r: service.record_relapse(store, case_id, r.on, r.reason,
                                                         seen=seen)),
            "profiles": (lambda v: forms.profiles_from_values(v, context=ctx),
                         lambda p: service.set_profiles(store, case_id, p, seen=seen)),
        }
        convert, submit = plans[kind]
        values: dict | None = None
        intro = ""
        if plan is not None and kind == "concern" and plan.biggest_concern:
            values = {"biggest_concern": plan.biggest_concern}
        elif plan is not None and kind == "arrangements":
            values = forms.arrangements_to_values(plan)
        elif plan is not None and kind == "profiles":
            values = forms.profiles_to_values(plan.profiles)
        elif kind == "relapse":
            intro = _("Terugval: de casus gaat in één keer terug naar fase 1. De fase waar "
                      "jullie waren, blijft zichtbaar in de geschiedenis.")
        return self._dialog(kind, convert, submit, values, intro)

    @staticmethod
    def _concern_convert(values: dict) -> str:
        text = (values.get("biggest_concern") or "").strip()
        if not text:
            raise ValidationError(_("Schrijf op wat nu de grootste zorg is."),
                                  field="biggest_concern")
        return text

    def edit_item(self, item_id: str) -> bool:
        seen = self.seen()
        plan = self.loaded.plan if self.loaded else None
        item = next((i for i in plan.items if i.id == item_id), None) if plan else None
        if item is None:
            return False
        ctx = self.context()
        return self._dialog("item", lambda v: forms.item_from_values(v, context=ctx, id=item_id),
                            lambda i: service.update_item(self.store, self.case.id, i, seen=seen),
                            forms.item_to_values(item), about=item_id)

    def condition_status(self, condition_id: str) -> bool:
        seen = self.seen()
        ctx = self.context()
        return self._dialog(
            "condition_status", lambda v: forms.condition_status_from_values(v, context=ctx),
            lambda u: service.set_condition_status(self.store, self.case.id, condition_id,
                                                   u.status, u.on, u.note, seen=seen),
            about=condition_id)

    def condition_words(self, condition_id: str) -> bool:
        """The condition in the family's words; its formal text is shown, not
        changed (Veilig Thuis gets it back as it was set)."""
        plan = self.loaded.plan if self.loaded else None
        condition = next((c for c in plan.conditions if c.id == condition_id), None) \
            if plan else None
        if condition is None:
            return False
        ctx, seen = self.context(), self.seen()
        intro = _("Zo is de voorwaarde gesteld:\n{text}\n\nDeze tekst blijft zo, voor Veilig "
                  "Thuis. Schrijf hieronder hoe het gezin het zegt.").format(text=condition.text)
        return self._dialog(
            "condition_words", lambda v: forms.condition_words_from_values(v, context=ctx),
            lambda words: service.set_condition_family_words(self.store, self.case.id,
                                                             condition_id, words, seen=seen),
            forms.condition_words_to_values(condition), intro, about=condition_id)

    def set_item_status(self, item_id: str, status: str) -> None:
        seen = self.seen()
        try:
            service.set_item_status(self.store, self.case.id, item_id, status, seen=seen)
        except VeiligwijzerError as exc:
            show_error(self.parent_widget, exc)
        self.refresh()
        self.changed.emit()

    def export_family_plan(self) -> list[Path]:
        if not (self.loaded and self.loaded.started):
            show_error(self.parent_widget, service.NoPlanYet())
            return []
        try:
            service.check_family_plan(self.loaded.plan)
        except VeiligwijzerError as exc:
            show_error(self.parent_widget, exc)
            return []
        protection = ask_protection(self.parent_widget,
                                    formal_text_notice(self.loaded.plan))
        if protection is None:
            return []
        folder = ask_folder(self.parent_widget)
        if folder is None:
            return []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            paths = service.export_family_plan(self.store, self.case.id, folder,
                                               protection.passphrase,
                                               address=protection.address)
        except VeiligwijzerError as exc:
            QApplication.restoreOverrideCursor()
            show_error(self.parent_widget, exc)
            return []
        QApplication.restoreOverrideCursor()
        note = (_("Het bestand heeft geen wachtwoord. Druk het af en verwijder het daarna.")
                if protection.passphrase is None else
                _("Het bestand is versleuteld met het wachtwoord dat je koos. Open het met dat "
                  "wachtwoord om het af te drukken."))
        show_done(self.parent_widget, _("Het gezinsplan is opgeslagen in de map {name}.").format(
            name=paths[0].parent.name) + "\n" + note)
        return paths
