"""Fill any form with valid answers, vary one answer at a time, and see where it lands.

The harness behind ``test_form_reach.py``. It knows nothing of a particular
form: :func:`fill` answers every shown field from its type (so a question
added to a form tomorrow is answered too), and :func:`variations` gives, per
answered field, the same answers with only that field changed (plus what
newly shown fields need). A converter that drops a field gives the same
object for both, which :func:`snapshot` makes visible.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from app.errors import ValidationError
from app.forms import FieldType, FormContext, FormDefinition, choices_for, static_clock
from app.forms.model import Field
from app.forms.validation import visible_fields

T = FieldType
NOW = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
TODAY = NOW.date()
FIXED_ID = "form-reach-record"
ALTERNATIVES = 4


def context(people: tuple[tuple[str, str], ...],
            sources: Mapping[str, tuple[tuple[str, str], ...]] | None = None) -> FormContext:
    return FormContext(people=people, sources=dict(sources or {}), clock=static_clock(NOW))


def sample(f: Field, ctx: FormContext, alt: int = 0) -> Any:
    """A valid answer to ``f`` of its type; ``alt`` picks another one."""
    kind = f.type
    if kind in (T.SHORT_TEXT, T.LONG_TEXT):
        return f"{f.key} antwoord {alt}"[: f.max_length]
    if kind is T.PHONE:
        return f"030-12345{alt:02d}"
    if kind is T.DATE:
        return TODAY - timedelta(days=3 + alt)
    if kind is T.DATETIME:
        return NOW - timedelta(hours=5 + alt)
    if kind is T.INTEGER:
        low, high = f.bounds
        low = 0 if low is None else low
        value = low + alt
        return value if high is None or value <= high else high - alt
    if kind is T.SCALE:
        return 5 + alt
    if kind is T.YES_NO:
        return alt % 2 == 0
    options = [c.code for c in choices_for(f, ctx)]
    if not options:
        raise AssertionError(f"field {f.key!r} offers no choices in the test context")
    if kind is T.SINGLE_CHOICE or (kind is T.PERSON and not f.multiple):
        return options[alt % len(options)]
    return [options[alt % len(options)]]


def fill(form: FormDefinition, ctx: FormContext, fixed: Mapping[str, Any]) -> dict[str, Any]:
    """``fixed`` plus a sampled answer for every other field that is shown."""
    values = dict(fixed)
    for _round in range(len(form.fields) + 1):
        shown = visible_fields(form, values, ctx)
        missing = [f for f in shown if f.key not in values]
        if not missing:
            keys = {f.key for f in shown}
            return {k: v for k, v in values.items() if k in keys}
        for f in missing:
            values[f.key] = sample(f, ctx)
    raise AssertionError(f"{form.id}: answers do not settle")


def snapshot(obj: Any) -> Any:
    """Plain data for comparing domain objects: order-free sets, enums by value."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: snapshot(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, frozenset | set):
        return sorted((snapshot(x) for x in obj), key=repr)
    if isinstance(obj, tuple | list):
        return [snapshot(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): snapshot(v) for k, v in obj.items()}
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


def call_build(build: Callable[..., Any], values: Mapping[str, Any], ctx: FormContext) -> Any:
    """``build(values, context=ctx)``, with the fixed id where it takes one."""
    if "id" in inspect.signature(build).parameters:
        return build(values, context=ctx, id=FIXED_ID)
    return build(values, context=ctx)


def _others(f: Field, ctx: FormContext, value: Any) -> list[Any]:
    """Other answers to try for ``f``: samples, one more choice, and empty."""
    tries = [sample(f, ctx, alt) for alt in range(1, ALTERNATIVES + 1)]
    if f.is_multi:
        tries += [list(value) + [x] for x in sample_all(f, ctx) if x not in value]
    if not f.required:
        tries.append(None)
    return [x for x in tries if x != value]


def sample_all(f: Field, ctx: FormContext) -> list[str]:
    return [c.code for c in choices_for(f, ctx)]


def variations(form: FormDefinition, ctx: FormContext, base: Mapping[str, Any],
               build: Callable[..., Any]) -> Iterator[tuple[str, dict[str, Any] | None, Any]]:
    """Per answered field of ``base``: answers with only that field changed
    (newly shown fields answered) that still build, with their object; or
    ``None`` when no other answer builds."""
    for key, value in base.items():
        if value is None:  # left empty on purpose by the scenario
            continue
        f = form.field(key)
        found = None
        for other in _others(f, ctx, value):
            values = fill(form, ctx, {**{k: v for k, v in base.items() if k != key}, key: other})
            try:
                found = (values, call_build(build, values, ctx))
            except ValidationError:
                continue
            break
        yield key, (None if found is None else found[0]), (None if found is None else found[1])
