"""Text shown on a form: a catalogue message id, or a variant's own wording.

Labels and help texts written in code are Dutch message ids marked with
``N_`` and translated with ``_`` when shown. A region's variant file brings
text that is not in the catalogue; it may give it per language
(``{"nl": "...", "en": "..."}``), which :class:`LocalText` holds. :func:`tr`
turns either into the text for the current language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from app.i18n import DEFAULT_LANGUAGE, _, current_language


@dataclass(frozen=True)
class LocalText:
    """Text per language code; Dutch (``nl``) is always present."""

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> LocalText:
        return cls(tuple(sorted(texts.items())))

    def get(self, language: str) -> str:
        found = dict(self.texts)
        return found.get(language) or found[DEFAULT_LANGUAGE]

    def __str__(self) -> str:
        return self.get(DEFAULT_LANGUAGE)


Text = str | LocalText


def tr(text: Text | None) -> str:
    """The text in the current language; empty text for ``None``."""
    if not text:  # gettext("") would return the catalogue's header
        return ""
    if isinstance(text, LocalText):
        return text.get(current_language())
    return _(text)


class Choice(NamedTuple):
    """One answer of a choice field: a stable ``code`` that is stored, and its label."""

    code: str
    label: Text
