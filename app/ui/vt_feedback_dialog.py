"""Record what Veilig Thuis let the worker know after a report (terugkoppeling):
an acknowledgement, or feedback after the safety assessment or an
investigation, with the route Veilig Thuis chose and the safety conditions it
handed back. Earlier feedback of the case is listed above the form."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.forms import FormContext
from app.forms.handover import VT_FEEDBACK_FORM, VtFeedback, vt_feedback_from_values
from app.i18n import _, format_date
from app.services import handover as service
from app.ui.record_dialog import RecordDialog


def feedback_summary(items: list[VtFeedback]) -> str:
    """Earlier feedback in a few lines, oldest first."""
    lines = []
    for item in items:
        parts = [format_date(item.received_on, "short"), item.kind.label]
        if item.route is not None:
            parts.append(item.route.label)
        if item.vt_reference:
            parts.append(_("kenmerk {ref}").format(ref=item.vt_reference))
        lines.append(" · ".join(parts))
    return "\n".join(lines)


class VtFeedbackDialog(RecordDialog):
    """``record`` holds the new ``VtFeedback`` after ``exec()`` returned true."""

    def __init__(self, store, case_id: str, parent: QWidget | None = None,
                 context: FormContext | None = None) -> None:
        context = context or FormContext()
        earlier = service.vt_feedback(store, case_id)
        intro = _("Leg vast wat Veilig Thuis heeft laten weten. Voorwaarden die Veilig Thuis "
                  "meegeeft komen in het veiligheidsplan.")
        if earlier:
            intro += "\n\n" + _("Eerder vastgelegd:") + "\n" + feedback_summary(earlier)
        super().__init__(
            VT_FEEDBACK_FORM, context,
            lambda values: vt_feedback_from_values(values, context=context),
            lambda feedback: service.record_vt_feedback(store, case_id, feedback),
            intro=intro, parent=parent)
        self.setWindowTitle(_("Terugkoppeling van Veilig Thuis"))
