"""Store errors a user can meet, each with a calm message in plain Dutch."""

from __future__ import annotations

from pathlib import Path

from app.errors import VeiligwijzerError
from app.i18n import _


class StoreError(VeiligwijzerError):
    """Base class: the store could not be opened, read or written."""


class WrongPassphrase(StoreError):
    def __init__(self) -> None:
        super().__init__(_("Dit wachtwoord klopt niet. Probeer het opnieuw."))


class StoreNotFound(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("Er is geen kluis op deze plek: {path}").format(path=path))


class StoreExists(StoreError):
    def __init__(self, path: Path) -> None:
        message = _("Er staat al een kluis op deze plek: {path}. Kies een andere plek.")
        super().__init__(message.format(path=path))


class NotEncrypted(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "Dit bestand is niet versleuteld: {path}. Veiligwijzer opent alleen "
                "een versleutelde kluis."
            ).format(path=path)
        )


class KeyFileProblem(StoreError):
    """The key file next to the store is missing, damaged or from another store."""


class NewerSchema(StoreError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            _(
                "Deze kluis is gemaakt met een nieuwere versie van Veiligwijzer "
                "(schema {found}, deze versie kent {known}). Werk Veiligwijzer bij."
            ).format(found=found, known=known)
        )


class StoreDamaged(StoreError):
    """The file opened with the right key but its contents are not readable."""


class StoreEmpty(StoreError):
    """A store file of zero bytes: it is never filled in as a new, empty store."""

    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "Het kluisbestand is leeg (0 bytes): {path}. Veiligwijzer laat het zoals het is. "
            "Zet de kluis terug uit een back-up.").format(path=path))


class StoreNotWritable(StoreError):
    """The store cannot be written where it is: a read-only folder or file, no
    permission, or a full disk. Never a reason to call the store damaged."""


class TaskStopped(StoreError):
    """Background work stopped because the store locked (or was closed)."""

    def __init__(self) -> None:
        super().__init__(_("Afgebroken: Veiligwijzer ging op slot voordat dit klaar was."))
