"""One answer at a time: read a raw value, normalise it, or say what is wrong.

Raw values come from the form widget (text, ``date``, ``bool`` ...) or from
stored or imported data (ISO text, ``"ja"``/``"nee"``), so each type accepts
both its Python type and a plain text form. ``normalise`` returns
``(value, None)`` or ``(None, message)``; an unanswered field gives
``(None, None)``. Whether an answer is required is decided in ``validation``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from app.forms.context import FormContext, allowed_codes
from app.forms.model import Field, FieldType
from app.forms.typed_dates import parse_day, parse_moment
from app.i18n import _, ngettext

MIN_YEAR = 1900
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NL_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ]" + _TIME + r"$")
_NL_DATETIME = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}) " + _TIME + r"$")
_INTEGER = re.compile(r"^[+-]?\d{1,12}$")
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]*$")
_YES = {"ja", "yes", "true", "j", "y"}
_NO = {"nee", "no", "false", "n"}

Result = tuple[Any, str | None]


def wrong_type() -> str:
    return _("Dit antwoord heeft niet de goede vorm.")


def is_blank(raw: Any) -> bool:
    """No answer: ``None``, empty or white text, or an empty list."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | tuple | set | frozenset) and not raw


def normalise(f: Field, raw: Any, context: FormContext) -> Result:
    """The typed, cleaned answer to ``f``, or the Dutch message why it is wrong."""
    if is_blank(raw):
        return None, None
    return _READERS[f.type](f, raw, context)


def _text(f: Field, raw: Any, _context: FormContext) -> Result:
    if not isinstance(raw, str):
        return None, wrong_type()
    if f.type is FieldType.LONG_TEXT:
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        text = " ".join(raw.split())
    assert f.max_length is not None
    if len(text) > f.max_length:
        return None, ngettext("Dit is te lang: hoogstens {max} teken, nu {count}.",
                              "Dit is te lang: hoogstens {max} tekens, nu {count}.",
                              f.max_length).format(max=f.max_length, count=len(text))
    if f.type is FieldType.PHONE:
        digits = sum(ch.isdigit() for ch in text)
        if not _PHONE.match(text) or not 3 <= digits <= 15:
            return None, _("Dit is geen telefoonnummer. Gebruik cijfers, spaties, - en +.")
    return text, None


def _date_from(match: re.Match[str] | None, nl: bool) -> Result:
    if match is None:
        return None, _("Vul een datum in als dd-mm-jjjj.")
    a, b, c = (int(g) for g in match.groups()[:3])
    year, month, day = (c, b, a) if nl else (a, b, c)
    try:
        return date(year, month, day), None
    except ValueError:
        return None, _("Deze datum bestaat niet.")


def _date(f: Field, raw: Any, context: FormContext) -> Result:
    if isinstance(raw, str):
        text = raw.strip()
        typed = parse_day(text, context.today())
        iso = _ISO_DATE.match(text)
        value, problem = (typed, None) if typed else _date_from(
            iso or _NL_DATE.match(text), nl=iso is None)
        if problem:
            return None, problem
    elif isinstance(raw, date) and not isinstance(raw, datetime):
        value = raw
    else:
        return None, wrong_type()
    if value.year < MIN_YEAR:
        return None, _("Vul een jaar vanaf {year} in.").format(year=MIN_YEAR)
    if f.not_in_future and value > context.today():
        return None, _("Deze datum ligt in de toekomst.")
    return value, None


def _datetime(f: Field, raw: Any, context: FormContext) -> Result:
    if isinstance(raw, str):
        text = raw.strip()
        iso = _ISO_DATETIME.match(text)
        match = iso or _NL_DATETIME.match(text)
        typed = parse_moment(text, context.today())
        if match is None and typed is not None:
            return _moment_rules(f, typed, context)
        if match is None:
            return None, _("Vul een datum en tijd in als dd-mm-jjjj uu:mm.")
        a, b, c, hh, mm, ss = (int(g or 0) for g in match.groups())
        year, month, day = (a, b, c) if iso else (c, b, a)
        try:
            value = datetime(year, month, day, hh, mm, ss)
        except ValueError:
            return None, _("Deze datum of tijd bestaat niet.")
    elif isinstance(raw, datetime):
        value = raw
    else:
        return None, wrong_type()
    return _moment_rules(f, value, context)


def _moment_rules(f: Field, value: datetime, context: FormContext) -> Result:
    if value.year < MIN_YEAR:
        return None, _("Vul een jaar vanaf {year} in.").format(year=MIN_YEAR)
    if f.not_in_future and _aware(value) > _aware(context.now()):
        return None, _("Dit moment ligt in de toekomst.")
    return value, None


def _aware(moment: datetime) -> datetime:
    """Naive moments are local time, as the form widget gives them."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _integer(f: Field, raw: Any, _context: FormContext) -> Result:
    if isinstance(raw, str) and _INTEGER.match(raw.strip()):
        value = int(raw.strip())
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        return None, _("Vul een heel getal in.")
    low, high = f.bounds
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            message = _("Vul een getal in van {low} tot en met {high}.")
        elif low is not None:
            message = _("Vul een getal in van {low} of meer.")
        else:
            message = _("Vul een getal in van {high} of minder.")
        return None, message.format(low=low, high=high)
    return value, None


def _yes_no(_f: Field, raw: Any, _context: FormContext) -> Result:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
        return raw.strip().lower() in _YES, None
    return None, wrong_type()


def _not_allowed(f: Field) -> str:
    if f.type is FieldType.PERSON:
        return _("Deze persoon hoort niet bij het huishouden van deze casus.")
    return _("Deze keuze is niet mogelijk.")


def _choice(f: Field, raw: Any, context: FormContext) -> Result:
    allowed = allowed_codes(f, context)
    if not f.is_multi:
        if not isinstance(raw, str):
            return None, wrong_type()
        code = raw.strip()
        return (code, None) if code in allowed else (None, _not_allowed(f))
    if not isinstance(raw, list | tuple | set | frozenset) or not all(
            isinstance(code, str) for code in raw):
        return None, wrong_type()
    picked = {code.strip() for code in raw}
    if not picked <= allowed:
        return None, _not_allowed(f)
    order = [c.code for c in (context.source(f.source) if f.source or f.type is FieldType.PERSON
                              else f.choices)]
    return [code for code in order if code in picked], None


_READERS: dict[FieldType, Callable[[Field, Any, FormContext], Result]] = {
    FieldType.SHORT_TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.PHONE: _text,
    FieldType.DATE: _date,
    FieldType.DATETIME: _datetime,
    FieldType.INTEGER: _integer,
    FieldType.SCALE: _integer,
    FieldType.YES_NO: _yes_no,
    FieldType.SINGLE_CHOICE: _choice,
    FieldType.MULTI_CHOICE: _choice,
    FieldType.PERSON: _choice,
}
