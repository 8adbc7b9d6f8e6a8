"""Helpers shared by the meldcode forms: domain text shown lazily, choices
built from the domain's enums, typed reading of cleaned answers, and domain
errors put on the form's keys.

The domain enums (``ViolenceForm``, ``SourceKind`` …) own their Dutch labels
and expose them only translated, through ``.label`` / ``.help``. A form is
built once at import time but shown in whatever language is current, so a
choice label must not be read at import time. :class:`DomainText` is a
:class:`~app.forms.LocalText` that reads the member's ``label`` (or ``help``)
each time :func:`~app.forms.tr` shows it: one Dutch text, kept in the domain,
in the current language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar
from uuid import uuid4

from app.errors import ValidationError
from app.forms.context import FormContext
from app.forms.model import FormDefinition
from app.forms.text import Choice, LocalText
from app.forms.validation import visible_fields
from app.forms.values import normalise
from app.i18n import _

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class DomainText(LocalText):
    """An enum member's ``label`` (or another text attribute such as ``help``),
    read in the current language each time it is shown."""

    member: Enum | None = None
    attr: str = "label"

    def get(self, language: str) -> str:
        return str(getattr(self.member, self.attr))


@dataclass(frozen=True)
class NumberedText(LocalText):
    """A catalogue text with ``{n}`` (marked with ``N_`` where it is written),
    translated and filled in each time it is shown: ``Hoe oud is kind {n}?``."""

    message: str = ""
    n: int = 0

    def get(self, language: str) -> str:
        return _(self.message).format(n=self.n)


def domain_text(member: Enum, attr: str = "label") -> DomainText:
    return DomainText((), member, attr)


def numbered(message: str, n: int) -> NumberedText:
    return NumberedText((), message, n)


def code_of(member: Enum) -> str:
    """The stored code of a member as a form answer (``ReportingNorm`` 1 → ``"1"``)."""
    return str(member.value)


def enum_choices(enum: type[Enum], exclude: Iterable[Enum] = ()) -> tuple[Choice, ...]:
    """Every member of ``enum`` as a choice, in the enum's order, labelled lazily."""
    skip = set(exclude)
    return tuple(Choice(code_of(m), domain_text(m)) for m in enum if m not in skip)


def codes(enum: type[Enum], *members: Enum) -> tuple[str, ...]:
    """Codes for ``when(...)``; all members of ``enum`` when none are given."""
    return tuple(code_of(m) for m in (members or tuple(enum)))


def member(enum: type[E], code: str | None) -> E | None:
    if code is None:
        return None
    return next(m for m in enum if code_of(m) == code)


def members(enum: type[E], picked: Iterable[str] | None) -> frozenset[E]:
    wanted = set(picked or ())
    return frozenset(m for m in enum if code_of(m) in wanted)


def ordered_codes(items: Iterable[Enum]) -> list[str]:
    """Codes of ``items`` in their enum's order (stable values for a form)."""
    chosen = list(items)
    if not chosen:
        return []
    enum = type(chosen[0])
    return [code_of(m) for m in enum if m in set(chosen)]


def text(value: str | None) -> str:
    return value or ""


def flag(value: bool | None) -> bool:
    return bool(value)


def new_id(record_id: str | None) -> str:
    return record_id or str(uuid4())


def context_or_default(context: FormContext | None) -> FormContext:
    return context or FormContext()


def aware(moment: datetime) -> datetime:
    """Naive moments are local time, as the form widget gives them."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def to_utc(moment: datetime) -> datetime:
    return aware(moment).astimezone(UTC)


def now_of(context: FormContext) -> datetime:
    return aware(context.now())


def person_ids(context: FormContext) -> tuple[str, ...]:
    return tuple(c.code for c in context.source(None))


@contextmanager
def on_form_keys(mapping: Mapping[str, str] | None = None) -> Iterator[None]:
    """Re-raise a domain ``ValidationError`` with its field renamed to the form's key.

    The class (``KindcheckError``, ``WeighingError`` …) and the Dutch message
    stay as the domain raised them.
    """
    try:
        yield
    except ValidationError as err:
        key = (mapping or {}).get(err.field or "", err.field)
        if key == err.field:
            raise
        raise type(err)(err.message, field=key) from err


def drop_none(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values for a form, without unanswered fields."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}


def lenient(definition: FormDefinition, values: Mapping[str, Any],
            context: FormContext) -> dict[str, Any]:
    """The typed answers of the shown fields, with wrong or missing answers as
    ``None`` (``[]`` for lists): to preview where a half-filled form leads."""
    read: dict[str, Any] = {}
    for f in visible_fields(definition, values, context):
        value, _problem = normalise(f, values.get(f.key), context)
        read[f.key] = ([] if f.is_multi else None) if value is None else value
    return read
