"""The meldcode of one open case: opens the record dialogs, calls the services,
redraws the view. Keeps the shell free of per-record logic."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.cases.model import Case
from app.errors import VeiligwijzerError
from app.forms import FormContext, VariantError, tr
from app.forms import meldcode as forms
from app.forms.first_words import first_words
from app.i18n import _, format_date, format_datetime
from app.meldcode import MeldcodeProgress
from app.meldcode.kindcheck import latest_run
from app.meldcode.next_step import offer_after
from app.meldcode.signals import SignalHistory
from app.services import case_screen
from app.services import meldcode as service
from app.services import overview as overview_service
from app.services import variants as variant_service
from app.services.case_screen import MeldcodeScreen
from app.services.session import Store, TaskStopped
from app.ui import discreet
from app.ui.case_controller import acute_intro, person_context
from app.ui.drafts_dialog import DraftRow, DraftsDialog
from app.ui.meldcode_view import MeldcodeView, all_rows
from app.ui.messages import show_error
from app.ui.notice import tell
from app.ui.record_dialog import RecordDialog
from app.ui.signal_history import SignalHistoryDialog
from app.ui.tasks import wait_for_store_task

#: What each record kind's dialog converts and records.
_PLAIN = {
    "risk_profile": (forms.risk_profile_from_values, service.record_risk_profile),
    "kindcheck_run": (forms.kindcheck_run_from_values, service.record_kindcheck_run),
    "consultation": (forms.consultation_from_values, service.record_consultation),
    "conversation": (forms.conversation_from_values, service.record_conversation),
    "weighing": (forms.weighing_from_values, service.record_weighing),
    "signal": (forms.signal_from_values, service.record_signal),
    "acute_path": (forms.acute_path_from_values, service.record_acute_path),
}


def ask_correction_reason(parent: QWidget) -> str | None:
    """Why a signal is corrected, or None when cancelled. Tests replace this."""
    reason, ok = QInputDialog.getMultiLineText(
        parent, _("Signaal corrigeren"),
        _("Waarom corrigeer je dit signaal? De oude versie blijft bewaard."))
    return reason if ok else None


def ask_review_comment(parent: QWidget) -> str | None:
    """The team lead's comment on a decision, or None. Tests replace this."""
    comment, ok = QInputDialog.getMultiLineText(
        parent, _("Besproken met teamleider"),
        _("Wat hebben jullie besproken? Dit blijft bij de casus bewaard."))
    return comment if ok else None


class MeldcodeController(QObject):
    """``changed`` fires after every recorded change, so lists can refresh."""

    changed = Signal()

    def __init__(self, store: Store, case: Case, view: MeldcodeView, parent: QWidget) -> None:
        super().__init__(parent)
        self.store, self.case, self.view, self.parent_widget = store, case, view, parent
        self.discreet = False
        #: What was shown last; the next-step offer compares with it.
        self.screen: MeldcodeScreen | None = None
        self._attached = True
        view.action_requested.connect(self.handle)

    def context(self) -> FormContext:
        return person_context(self.case, self.discreet)

    def refresh(self, select_current: bool = False, screen: MeldcodeScreen | None = None,
                rows: dict[int, list] | None = None) -> None:
        """Show the case's meldcode again: ``screen`` (and its step pages'
        ``rows``) when read already, else read off the UI thread (a case of
        200 signals takes longer than a frame to read)."""
        if screen is None:
            case_id = self.case.id
            try:
                screen, rows = wait_for_store_task(
                    self, self.store, lambda own: read_meldcode(own, case_id),
                    replaces="meldcode")
            except TaskStopped:
                return  # locked, or a newer refresh reads instead
            if not self._attached:
                return  # another case was opened meanwhile
        self.screen = screen
        records, progress = screen.records, screen.progress
        run = latest_run(records.kindcheck_runs)
        if run is None:
            status = [_("Kindcheck: nog niet gedaan")]
        elif self.discreet:  # the date only: the outcome is a judgement
            status = [_("Kindcheck: gedaan op {date}").format(
                date=format_date(run.checked_on, "medium"))]
        else:
            status = [_("Kindcheck: {outcome}").format(outcome=run.outcome.kind.label)]
        due = screen.deadlines
        if due:
            overdue = due[0].is_overdue(date.today())
            status.append((_("Te laat: {date} — {what}") if overdue else
                           _("Volgende termijn: {date} — {what}")).format(
                date=format_date(due[0].due, "medium"), what=due[0].reason_label))
        self.view.show_case(records, progress, "\n".join(status), select_current,
                            screen.reviews, rows)
        self.view.show_drafts(screen.drafts)

    def disconnect_view(self) -> None:
        self._attached = False
        self.view.action_requested.disconnect(self.handle)

    # -- actions -----------------------------------------------------------------------

    def handle(self, action: str, record_id: str) -> None:
        if self.discreet and action not in discreet.MELDCODE_ALLOWED:
            discreet.say_not_in_discreet(self.parent_widget)
            return
        if action == "correct_selected":
            self.correct_signal(record_id)
        elif action == "history_selected":
            dialog = SignalHistoryDialog(service.signal_history(self.store, record_id),
                                         self.case.people, self.parent_widget, self.discreet)
            dialog.exec()
            dialog.deleteLater()
        elif action == "drafts":
            self.finish_drafts()
        elif action == "decision":
            self.decide()
        elif action == "review":
            self.review()
        else:
            self.record(action)

    def _dialog(self, kind: str, convert: Callable[[dict], Any],
                submit: Callable[[Any, str], None], values: dict | None = None,
                draft_id: str | None = None, intro: str = "") -> bool:
        """Open the form; ``submit(record, draft_id)`` records it and drops the
        draft in the same transaction, so a crash never leaves both."""
        draft_id = draft_id or str(uuid.uuid4())
        before = self.screen.progress if self.screen is not None \
            else service.case_progress(self.store, self.case.id)

        def on_draft(v: dict) -> None:
            service.save_draft(self.store, draft_id, self.case.id, kind, v)

        variant = self.variant()
        form = variant_service.form_for(kind, variant)
        context = self.context()

        def build(v: dict) -> Any:
            # The answers to questions the region's variant added stay on the record.
            return variant_service.build(kind, convert, v, variant, context, form)

        dialog = RecordDialog(form, context, build, lambda record: submit(record, draft_id),
                              values, on_draft, intro, self.parent_widget)
        dialog.form.set_discreet(self.discreet)
        recorded = dialog.exec() == RecordDialog.DialogCode.Accepted
        dialog.deleteLater()  # a closed form is not kept alive as a hidden child
        self.show_saved(recorded, before)
        return recorded

    def show_saved(self, recorded: bool, before: MeldcodeProgress) -> None:
        """After a record form closed (``recorded``: saved): the case read
        again off the UI thread and shown, then what follows a change (the
        safety plan's due date, the members panel) and the next step's offer
        against the progress ``before``. The save itself ran before, on this
        thread, so that an error is shown in the form and nothing is lost."""
        self.refresh()
        if recorded and self._attached:  # a lock or another case meanwhile: not shown
            self.changed.emit()
            self.offer_next_step(before)

    def variant(self):
        """The region's form variant chosen in the settings, or ``None``. A
        variant that cannot be read is said once; the standard forms are used."""
        try:
            # The shell's own settings: the settings dialog changes those.
            return variant_service.active_variant(getattr(self.parent_widget, "settings", None))
        except VariantError as exc:
            show_error(self.parent_widget, exc)
            return None

    def offer_next_step(self, before) -> None:
        """After the record that completes a step: show the next step, with the
        button of its first missing record in focus (Space opens it), and say so."""
        now = self.screen.progress if self.screen is not None \
            else service.case_progress(self.store, self.case.id)
        offer = offer_after(before, now)
        if offer is None:
            return
        self.view.select_step(offer.step)
        button = self.view.pages[offer.step].buttons.get(offer.record)
        if button is None:
            return
        button.setFocus()
        tell(self.parent_widget, _(
            "Stap {done} is klaar. Nu stap {step}: {label}. De knop '{action}' staat "
            "klaar: druk op de spatiebalk.").format(done=int(offer.done), step=int(offer.step),
                                  label=offer.step.label,
                                  action=button.text().replace("&", "")))

    def record(self, kind: str, values: dict | None = None, draft_id: str | None = None) -> bool:
        convert, record = _PLAIN[kind]
        context = self.context()
        intro = (acute_intro() + "<p><b>" + _("Je legt dit vast bij {case}.").format(
            case=self.case.reference) + "</b></p>") if kind == "acute_path" else ""
        return self._dialog(
            kind, lambda v: convert(v, context=context),
            lambda r, d: record(self.store, self.case.id, r, draft_id=d), values, draft_id,
            intro)

    def decide(self, values: dict | None = None, draft_id: str | None = None) -> bool:
        records = service.load_records(self.store, self.case.id)
        acute = records.latest_acute_path
        weighing = records.latest_weighing
        basis = acute if acute and (weighing is None or acute.contacted_at.date()
                                    >= weighing.weighed_on) else weighing
        if basis is None:
            QMessageBox.information(self.parent_widget, _("Eerst de afweging"), _(
                "Maak eerst de afweging (stap 4). Is iemand nu in direct gevaar? Kies dan "
                "'Acute onveiligheid'."))
            return False
        context = self.context()
        start = values or forms.decision_values_for(basis)
        return self._dialog("decision", lambda v: forms.decision_from_values(
            v, basis=basis, context=context), lambda r, d: service.record_decision(
            self.store, self.case.id, r, draft_id=d), start, draft_id)

    def review(self) -> bool:
        """The team lead marks the latest decision as discussed, with a comment."""
        decision = service.load_records(self.store, self.case.id).latest_decision
        if decision is None:
            return False
        comment = ask_review_comment(self.parent_widget)
        if comment is None:
            return False
        try:
            overview_service.review_decision(self.store, self.case.id, decision.id, comment)
        except VeiligwijzerError as exc:
            show_error(self.parent_widget, exc)
            return False
        self.refresh()
        self.changed.emit()
        return True

    def correct_signal(self, signal_id: str) -> bool:
        history: SignalHistory = service.signal_history(self.store, signal_id)
        reason = ask_correction_reason(self.parent_widget)
        if reason is None:
            return False
        if not reason.strip():
            QMessageBox.warning(self.parent_widget, _("Correctie"),
                                _("Een correctie heeft een reden nodig."))
            return False
        context = self.context()

        def submit(signal, draft_id: str) -> None:
            service.correct_signal(self.store, self.case.id, signal, reason.strip(),
                                   draft_id=draft_id)

        current = history.current
        values = variant_service.values("signal", forms.signal_to_values(current),
                                        current.extras, self.variant())
        return self._dialog("signal", lambda v: forms.signal_from_values(
            v, context=context, id=signal_id), submit, values,
            intro=_("Reden van de correctie: {reason}").format(reason=reason.strip()))

    def finish_drafts(self) -> None:
        """The case's drafts with their first words: finish one, or throw one away."""
        drafts = {d.id: d for d in service.meldcode_drafts(self.store, self.case.id)}
        if not drafts:
            return
        rows = [DraftRow(d.id, self.case.reference, tr(_draft_form(d.kind).title),
                         first_words(_draft_form(d.kind), d.values),
                         format_datetime(d.updated_at, "short")) for d in drafts.values()]

        def discard(draft_id: str) -> None:
            service.discard_draft(self.store, draft_id)

        dialog = DraftsDialog(rows, discard, self.parent_widget, self.discreet)
        finish = dialog.exec() == DraftsDialog.DialogCode.Accepted
        chosen = dialog.chosen
        dialog.deleteLater()
        self.refresh()
        if finish and chosen in drafts:
            self.open_draft(drafts[chosen])

    def open_draft(self, draft) -> bool:
        if draft.kind == "quick_signal":
            context = self.context()
            return self._dialog("signal", lambda v: forms.signal_from_values(
                v, context=context, id=draft.id), lambda r, d: service.record_signal(
                self.store, self.case.id, r, draft_id=d), draft.values, draft.id,
                intro=_("Maak deze snelle notitie af tot een signaal."))
        if draft.kind == "decision":
            return self.decide(draft.values, draft.id)
        return self.record(draft.kind, draft.values, draft.id)


def read_meldcode(store: Store, case_id: str) -> tuple[MeldcodeScreen, dict[int, list]]:
    """For a worker thread: the case's meldcode and its step pages' rows."""
    screen = case_screen.meldcode_screen(store, case_id)
    return screen, all_rows(screen.records, screen.reviews)


def _draft_form(kind: str):
    """The form a draft of ``kind`` was typed in (a quick note is a short signal)."""
    return forms.QUICK_SIGNAL_FORM if kind == "quick_signal" else forms.MELDCODE_FORMS[kind]
