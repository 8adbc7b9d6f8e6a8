"""Answers to questions that a region's variant added (extra vragen).

A variant file (``app.forms.variants``) may add questions to a form without
code. The converters of a form know only its own questions, so the answers
to the added ones travel beside the record, each with its question as it was
asked: the record explains itself after the variant changed or is gone, the
store keeps it like any other field, and the handover shows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExtraAnswer:
    """One answer to an added question.

    ``label`` is the question in Dutch; ``value`` the answer as JSON text
    (text, a whole number, true/false, a list of codes, a date as ISO 8601).
    """

    key: str
    label: str
    value: str

    @property
    def answer(self) -> Any:
        return json.loads(self.value)


def encode_answer(value: Any) -> str:
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    elif isinstance(value, tuple | frozenset | set):
        value = list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


__all__ = ["ExtraAnswer", "encode_answer"]
