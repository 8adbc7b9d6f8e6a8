"""Small input checks shared by the meldcode records.

Each check raises ``ValidationError`` with the field's code, so a form can put
the message next to the right field. Messages are translated when raised; the
field names (``label``) are ``N_`` texts owned by the module of the record.
"""

from __future__ import annotations

from datetime import date, datetime

from app.errors import ValidationError
from app.i18n import N_, _, ngettext

# Long enough for a careful account of one signal or conversation, short
# enough that a record stays readable in a handover to Veilig Thuis.
MAX_TEXT_LENGTH = 4000
# Names, roles, organisations, document titles.
MAX_SHORT_TEXT_LENGTH = 200

# Field names used by several records; each Dutch text lives in one place.
NOTES_LABEL = N_("Toelichting")
AGREEMENTS_LABEL = N_("Afspraken")


def check_text(
    value: str,
    *,
    field: str,
    label: str,
    required: bool,
    max_length: int = MAX_TEXT_LENGTH,
    missing: str | None = None,
    error: type[ValidationError] = ValidationError,
) -> None:
    """Reject blank required text and text longer than ``max_length``.

    ``label`` is the untranslated field name; ``missing`` an already translated
    message that replaces the generic one for a blank required field; ``error``
    the ``ValidationError`` subclass to raise.
    """
    if required and not value.strip():
        raise error(missing or _("Vul ‘{field}’ in.").format(field=_(label)), field=field)
    if len(value) > max_length:
        raise error(
            ngettext("De tekst bij ‘{field}’ is te lang: meer dan {n} teken.",
                     "De tekst bij ‘{field}’ is te lang: meer dan {n} tekens.", max_length
                     ).format(field=_(label), n=max_length),
            field=field,
        )


def check_not_future_date(value: date, today: date, *, field: str, message: str) -> None:
    if value > today:
        raise ValidationError(message, field=field)


def check_not_future_moment(value: datetime, now: datetime, *, field: str, message: str) -> None:
    if value > now:
        raise ValidationError(message, field=field)


def require_aware(value: datetime, name: str) -> None:
    """Times are stored in UTC; a naive datetime is a programming error."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")
