"""The first words of a half-filled form, to tell two drafts of one kind apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.model import FieldType, FormDefinition

#: Text fields whose first words say what a draft is about.
_TEXT = (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)


def first_words(definition: FormDefinition, values: Mapping[str, Any], words: int = 8) -> str:
    """The first ``words`` words of the first text answered, in the form's
    order, with "…" when there is more; "" when no text is typed yet."""
    for f in definition.fields:
        text = values.get(f.key)
        if f.type in _TEXT and isinstance(text, str) and text.strip():
            parts = text.split()
            return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return ""
