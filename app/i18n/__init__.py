"""The app's own text: one gettext catalogue, Dutch as the source language.

Message ids are the Dutch text itself. Dutch is the default language and the
language of the domain reference and its glossary ("eenheid van taal"), so the
words a worker reads are the words in the code, reviewed in one place. The
English catalogue (``translations/en/LC_MESSAGES/veiligwijzer.po``) translates
them; a test keeps it complete.

Import the markers explicitly (``from app.i18n import _, N_``), never through
builtins. ``_`` looks the text up at call time, so a screen that calls it again
after a language change shows the new language without a restart. ``N_`` only
marks text for extraction; use it for module-level constants and translate
them with ``_`` where they are shown.

Dates and numbers go through babel with the locale of the current language.
"""

from __future__ import annotations

import gettext
import io
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

DOMAIN = "veiligwijzer"
DEFAULT_LANGUAGE = "nl"
LANGUAGES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
_BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def translations_dir() -> Path:
    """Where the catalogues live (top-level ``translations/``)."""
    here = Path(__file__).resolve().parent
    frozen = getattr(sys, "_MEIPASS", None)  # inside a PyInstaller bundle
    if frozen and (Path(frozen) / "translations").is_dir():
        return Path(frozen) / "translations"
    for candidate in (here.parent.parent / "translations", here.parent / "translations"):
        if candidate.is_dir():
            return candidate
    return here.parent.parent / "translations"


_language = DEFAULT_LANGUAGE
_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_listeners: list[Callable[[str], None]] = []


def catalogue_path(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalogue(po_file: Path) -> gettext.GNUTranslations:
    """The ``.po`` file compiled in memory, leaving out fuzzy entries.

    No compiled ``.mo`` is kept in the tree: its bytes depend on the babel
    release that wrote it, so a committed copy breaks on the next release.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as fh:
        catalog = read_po(fh, locale=po_file.parent.parent.name, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _load(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return compile_catalogue(catalogue_path(language))


def set_language(language: str) -> None:
    """Switch the app's language; unknown codes raise ``ValueError``."""
    global _language, _catalogue
    if language not in LANGUAGES:
        raise ValueError(f"unknown language: {language!r}")
    _catalogue = _load(language)
    _language = language
    for listener in list(_listeners):
        listener(language)


def current_language() -> str:
    return _language


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _catalogue.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _catalogue.pgettext(context, message)


def babel_locale() -> Locale:
    return Locale.parse(_BABEL_LOCALES[_language])


def format_date(value: date | None, format: str = "long") -> str:
    """``22 november 2026`` in Dutch; empty text for no date."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format=format, locale=babel_locale())


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    """A moment in the worker's local time zone, in the current language."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo else value
    return babel_dates.format_datetime(local, format=format, locale=babel_locale())


def format_number(value: float | int) -> str:
    return babel_numbers.format_decimal(value, locale=babel_locale())


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "babel_locale",
    "current_language",
    "format_date",
    "format_datetime",
    "format_number",
    "ngettext",
    "on_language_changed",
    "pgettext",
    "set_language",
]
