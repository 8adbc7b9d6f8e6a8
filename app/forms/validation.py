"""The one validator for every form: which fields are shown, what is wrong, clean values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.errors import ValidationError
from app.forms.context import FormContext
from app.forms.model import Condition, Field, FieldType, FormDefinition
from app.forms.text import tr
from app.forms.values import normalise
from app.i18n import _

_PICK_TYPES = frozenset({FieldType.YES_NO, FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE,
                         FieldType.PERSON, FieldType.SCALE})


def _matches(condition: Condition, answers: Mapping[str, Any]) -> bool:
    value = answers.get(condition.field)
    if value is None:
        return False
    if isinstance(value, list):
        return any(_same(v, wanted) for v in value for wanted in condition.one_of)
    return any(_same(value, wanted) for wanted in condition.one_of)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b  # True is not 1


def visible_fields(definition: FormDefinition, values: Mapping[str, Any],
                   context: FormContext | None = None) -> tuple[Field, ...]:
    """The fields shown for ``values``: a field is hidden when its ``visible_if``
    does not hold, or when the field it depends on is hidden or not answered."""
    context = context or FormContext()
    answers: dict[str, Any] = {}
    shown: list[Field] = []
    for f in definition.fields:
        if f.visible_if is not None and not _matches(f.visible_if, answers):
            continue
        shown.append(f)
        answers[f.key] = normalise(f, values.get(f.key), context)[0]
    return tuple(shown)


def required_message(f: Field) -> str:
    if f.type in _PICK_TYPES:
        return _("Maak een keuze; dit is verplicht.")
    return _("Vul dit in; dit is verplicht.")


def validate(definition: FormDefinition, values: Mapping[str, Any],
             context: FormContext | None = None) -> dict[str, list[str]]:
    """Dutch messages per field key for every shown field with a problem.

    An empty dict means the answers are acceptable. Hidden fields are not
    checked (and not required); keys that are not fields of the form are
    ignored.
    """
    context = context or FormContext()
    errors: dict[str, list[str]] = {}
    for f in visible_fields(definition, values, context):
        value, problem = normalise(f, values.get(f.key), context)
        if problem:
            errors[f.key] = [problem]
        elif value is None and f.required:
            errors[f.key] = [required_message(f)]
    return errors


def clean(definition: FormDefinition, values: Mapping[str, Any],
          context: FormContext | None = None) -> dict[str, Any]:
    """Typed, normalised answers of the shown fields (hidden fields are dropped).

    Unanswered fields are ``None`` (``[]`` for lists). Raises
    :class:`~app.errors.ValidationError` naming the first field in form order
    that has a problem.
    """
    context = context or FormContext()
    errors = validate(definition, values, context)
    if errors:
        f = next(f for f in definition.fields if f.key in errors)
        raise ValidationError(f"{tr(f.label)}: {errors[f.key][0]}", field=f.key)
    cleaned: dict[str, Any] = {}
    for f in visible_fields(definition, values, context):
        value = normalise(f, values.get(f.key), context)[0]
        cleaned[f.key] = ([] if f.is_multi else None) if value is None else value
    return cleaned


def initial_values(definition: FormDefinition) -> dict[str, Any]:
    """The defaults a new, empty form starts with."""
    return {f.key: f.default for f in definition.fields if f.default is not None}
