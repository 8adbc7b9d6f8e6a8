"""Errors a user can cause. Each carries a message in plain language that the
interface and the command line show as it is; a traceback is never shown."""

from __future__ import annotations


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
