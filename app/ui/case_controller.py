"""What the case screens share: the household as form choices, the acute
path's first words and the quick note (snelle notitie)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from app.cases.model import Case, initials
from app.forms import FormContext
from app.forms import meldcode as forms
from app.i18n import N_, _
from app.safety.plan import EmergencyNumbers
from app.services import meldcode as service
from app.services.session import Store
from app.ui.notice import tell
from app.ui.record_dialog import RecordDialog
from app.ui.style import SUBHEADING_SCALE, TITLE_SCALE, Tone, heading_size, text_colour


def acute_intro(numbers: EmergencyNumbers = EmergencyNumbers()) -> str:  # noqa: B008
    """The first thing the acute path shows: whom to call, large (sized from
    the application font, so it stays larger than the text around it)."""
    return (
        f"<p style='font-size:{heading_size(TITLE_SCALE)}; font-weight:600; "
        f"color:{text_colour(Tone.ERROR)}'>"
        + _("Is iemand nu in direct gevaar? Bel {n}.").format(n=numbers.emergency)
        + f"</p><p style='font-size:{heading_size(SUBHEADING_SCALE)}; font-weight:600'>"
        + _("Veilig Thuis: {n} — gratis, dag en nacht.").format(n=numbers.veilig_thuis)
        + "</p><p>" + _("Leg daarna hieronder vast wat er gebeurde en wie je belde.") + "</p>"
    )


def person_context(case: Case, discreet: bool = False) -> FormContext:
    """The household as form choices; initials only in discreet mode."""
    return FormContext(people=tuple((p.id, initials(p.name) if discreet else p.name)
                                    for p in case.people))


def quick_capture(store: Store, case: Case, parent: QWidget, discreet: bool = False) -> bool:
    """Snelle notitie: the facts in seconds, kept as a draft of the case to be
    completed into a signal later."""
    draft_id = str(uuid.uuid4())
    context = person_context(case, discreet)

    def on_draft(values: dict) -> None:
        service.save_draft(store, draft_id, case.id, "quick_signal", values)

    def convert(values: dict):
        return forms.quick_signal_from_values(values, context=context, id=draft_id)

    def submit(_quick) -> None:
        on_draft(dialog.form.values())

    kept = _("Bewaard als concept bij {case}.").format(case=case.reference)
    dialog = RecordDialog(forms.QUICK_SIGNAL_FORM, context, convert, submit, None, on_draft,
                          _("Snelle notitie bij {case}. Alleen de feiten zijn nodig; je maakt "
                            "het signaal later af.").format(case=case.reference), parent,
                          kept_note=kept)
    dialog.set_button_texts(N_("Bewaren"), N_("Sluiten"))
    saved = dialog.exec() == RecordDialog.DialogCode.Accepted
    dialog.deleteLater()
    if saved:
        tell(parent, kept)
    return saved
