"""The worker's own details as reporter (melder) to Veilig Thuis, one per store."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.forms import FormContext
from app.forms.handover import (
    WORKER_PROFILE_FORM,
    worker_profile_from_values,
    worker_profile_to_values,
)
from app.i18n import _
from app.services import handover as service
from app.ui.record_dialog import RecordDialog


class ProfileDialog(RecordDialog):
    """Shows the stored profile; "Vastleggen" saves it (audited by the service).
    ``record`` holds the saved ``WorkerProfile`` after ``exec()``."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(
            WORKER_PROFILE_FORM, FormContext(),
            lambda values: worker_profile_from_values(values),
            lambda profile: service.set_worker_profile(store, profile),
            values=worker_profile_to_values(service.get_worker_profile(store)),
            intro=_("Veilig Thuis heeft je naam, organisatie en een telefoonnummer of "
                    "e-mailadres nodig om je te bereiken na een melding."),
            parent=parent)
        self.setWindowTitle(_("Mijn gegevens als melder"))
        self.resize(620, 480)
