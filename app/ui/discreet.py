"""What can be done in discreet mode (discrete modus), with the family in the room.

Only what shows nothing that identifies or judges: the history of a signal
(dates and initials), the quick note and the acute path (opened from the
shell, not from here), and the parts of the safety plan that the family
makes together with the worker. Everything else opens a form or a document
with the worker's own judgement, the forms of violence or the full text, so
it waits until discreet mode is off.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _

#: Meldcode actions (``MeldcodeView.action_requested``) allowed in discreet mode.
MELDCODE_ALLOWED = frozenset({"history_selected"})
#: Safety-plan actions (``SafetyView.action_requested``) allowed in discreet mode:
#: new parts of the plan that the family makes with the worker.
SAFETY_ALLOWED = frozenset({"item", "condition", "support_person", "tension_signal",
                            "contact", "scale_score"})


def not_in_discreet_text() -> str:
    return _("Dit kan niet in de discrete modus: het laat gegevens zien die niet voor het "
             "gezin zijn. Zet de discrete modus uit met Ctrl+D als het gezin niet "
             "meekijkt. Iets opschrijven kan wel: met een snelle notitie (Ctrl+Shift+S).")


def say_not_in_discreet(parent: QWidget) -> None:
    """Tell the worker this waits until discreet mode is off. Tests replace this."""
    QMessageBox.information(parent, _("Discrete modus"), not_in_discreet_text())
