"""Errors a user can cause. Each carries a message in plain language that the
interface and the command line show as it is; a traceback is never shown."""

from __future__ import annotations

import errno

from app.i18n import _


class VeiligwijzerError(Exception):
    """Base for every error with a message meant for the user.

    ``message`` is already translated text (use ``_()`` where it is raised).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(VeiligwijzerError):
    """Input that breaks a rule; ``field`` names the field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def os_error_message(exc: OSError, path: object | None = None) -> str:
    """An operating-system error in plain Dutch, naming the file or folder.

    ``path`` defaults to the file the error names. The system's own text is
    only used for an error without a plainer explanation here.
    """
    where = path if path is not None else (exc.filename or "?")
    code = exc.errno
    if code == errno.EROFS:
        return _("De map {path} is alleen-lezen.").format(path=where)
    if code in (errno.EACCES, errno.EPERM):
        return _("Veiligwijzer heeft geen toestemming om {path} te gebruiken.").format(
            path=where)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("Er is geen ruimte meer op de schijf van {path}.").format(path=where)
    if code == errno.ENOENT:
        return _("Dit bestaat niet: {path}").format(path=where)
    if code == errno.EIO:
        return _("De schijf gaf een fout bij het lezen of schrijven van {path}.").format(
            path=where)
    return _("{path} kon niet worden gebruikt: {why}").format(
        path=where, why=exc.strerror or exc.__class__.__name__)
