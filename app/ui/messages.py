"""The one way a screen tells the worker that something went wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import VeiligwijzerError
from app.i18n import _


def show_error(parent: QWidget | None, exc: Exception) -> None:
    """A user-caused error shows its own Dutch message; anything else a calm
    generic one — never a traceback."""
    message = exc.message if isinstance(exc, VeiligwijzerError) else _(
        "Er ging iets mis. Je gegevens zijn niet aangetast. Probeer het opnieuw.")
    QMessageBox.warning(parent, _("Er ging iets mis"), message)
