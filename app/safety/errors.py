"""Errors the safety rules raise, and the small checks they share."""

from __future__ import annotations

from app.errors import ValidationError


class PhaseRuleError(ValidationError):
    """A step that the phase rules forbid, such as recovery work while direct
    safety (fase 1) is not established, or moving on past phase 5.

    A subclass of ``ValidationError`` so the interface shows its message like
    any other input error, while services and tests can tell it apart.
    """


def require_text(value: str, field: str, message: str) -> str:
    """Return ``value`` stripped, or raise ``ValidationError(message)`` when it is
    blank. ``message`` is already translated by the caller, so each Dutch text
    stays where its rule is."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError(message, field=field)
    return text
