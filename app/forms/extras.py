"""Keep the answers to questions a region's variant added (see ``app.meldcode.extras``).

A form's converter (``signal_from_values`` …) knows the questions of the
form as the code defines it. :func:`build_with_extras` runs it on those
answers, checks all answers against the variant's form (its own required
fields and limits too), and puts the answers to the added questions on the
record's ``extras``. :func:`values_with_extras` gives them back to the form.
Nothing a worker typed into an added question is dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from app.forms.context import FormContext
from app.forms.model import Field, FieldType, FormDefinition
from app.forms.text import LocalText
from app.forms.validation import clean
from app.meldcode.extras import ExtraAnswer, encode_answer

R = TypeVar("R")


def added_fields(base: FormDefinition, form: FormDefinition) -> tuple[Field, ...]:
    """The fields of ``form`` (a variant of ``base``) that ``base`` does not have."""
    known = set(base.keys)
    return tuple(f for f in form.fields if f.key not in known)


def _dutch(text: Any) -> str:
    return text.get("nl") if isinstance(text, LocalText) else str(text)


def extra_answers(base: FormDefinition, form: FormDefinition,
                  cleaned: Mapping[str, Any]) -> tuple[ExtraAnswer, ...]:
    """The answered added questions, in the order the form asks them."""
    return tuple(ExtraAnswer(f.key, _dutch(f.label), encode_answer(cleaned[f.key]))
                 for f in added_fields(base, form)
                 if cleaned.get(f.key) not in (None, "", []))


def build_with_extras(build: Callable[[Mapping[str, Any]], R], base: FormDefinition,
                      form: FormDefinition, values: Mapping[str, Any],
                      context: FormContext | None = None) -> R:
    """``build(answers)`` on the code's own questions, with the answers to
    ``form``'s added questions on the record's ``extras``.

    ``form`` is ``base`` with a region's variant applied; the answers are
    checked against it first (a variant may make a question required). With
    ``form is base`` (no variant) this is ``build(values)`` itself.
    """
    if form is base:
        return build(values)
    cleaned = clean(form, values, context or FormContext())
    known = set(base.keys)
    record = build({k: v for k, v in values.items() if k in known})
    return dataclasses.replace(record, extras=extra_answers(base, form, cleaned))


def values_with_extras(values: Mapping[str, Any], extras: tuple[ExtraAnswer, ...],
                       form: FormDefinition) -> dict[str, Any]:
    """``values`` plus the stored answers to added questions that ``form`` still asks."""
    types = {f.key: f.type for f in form.fields}
    merged = dict(values)
    for extra in extras:
        kind = types.get(extra.key)
        if kind is None:
            continue
        answer = extra.answer
        if kind is FieldType.DATE and isinstance(answer, str):
            answer = date.fromisoformat(answer)
        elif kind is FieldType.DATETIME and isinstance(answer, str):
            answer = datetime.fromisoformat(answer)
        merged[extra.key] = answer
    return merged


__all__ = ["added_fields", "build_with_extras", "extra_answers", "values_with_extras"]
