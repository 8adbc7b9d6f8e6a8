"""Form definitions as data: fields, sections and the form (vragenlijst).

A definition is immutable and checked when it is built, so a broken
definition (two fields with one key, a condition on a field that comes later)
fails at import time in a test, not in front of a worker. The same checks
guard a region's variant file, which is why they raise :class:`DefinitionError`
with a Dutch message instead of ``ValueError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, NoReturn

from app.errors import ValidationError
from app.forms.text import Choice, LocalText, Text
from app.i18n import _

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FORM_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


class DefinitionError(ValidationError):
    """A form definition (or a variant applied to it) breaks a rule."""


class FieldType(StrEnum):
    """The kinds of question a form can ask."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"  # meerdere regels
    DATE = "date"
    DATETIME = "datetime"
    INTEGER = "integer"
    YES_NO = "yes_no"  # ja / nee / nog niet ingevuld
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    PERSON = "person"  # iemand uit het huishouden van de casus
    SCALE = "scale"  # schaalvraag 0-10
    PHONE = "phone"


TEXT_TYPES = frozenset({FieldType.SHORT_TEXT, FieldType.LONG_TEXT, FieldType.PHONE})
CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE})
DATE_TYPES = frozenset({FieldType.DATE, FieldType.DATETIME})
DEFAULT_MAX_LENGTH = {FieldType.SHORT_TEXT: 200, FieldType.LONG_TEXT: 4000, FieldType.PHONE: 30}
MAX_LENGTH_LIMIT = 100_000
SCALE_MIN, SCALE_MAX = 0, 10
# Fields whose answer can steer a visible_if condition.
CONDITION_TYPES = frozenset({FieldType.YES_NO, FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE,
                             FieldType.INTEGER, FieldType.SCALE})


@dataclass(frozen=True)
class Condition:
    """Show a field only when an earlier field ``field`` has one of ``one_of``.

    For a multiple-choice field it is enough that one of the values is ticked.
    """

    field: str
    one_of: tuple[Any, ...]


def when(key: str, *values: Any) -> Condition:
    """``visible_if=when("gesprek_gehouden", False)``."""
    return Condition(key, tuple(values))


def _fail(message: str, key: str | None = None) -> NoReturn:
    raise DefinitionError(message, field=key)


@dataclass(frozen=True)
class Field:
    """One question (vraag). ``label`` and ``help`` are Dutch text marked with ``N_``."""

    key: str
    type: FieldType
    label: Text
    help: Text | None = None
    required: bool = False
    max_length: int | None = None  # text fields only; None means the type's default
    choices: tuple[Choice, ...] = ()
    source: str | None = None  # named list of choices supplied by the FormContext
    minimum: int | None = None  # integer fields only
    maximum: int | None = None
    visible_if: Condition | None = None
    not_in_future: bool = False  # date and datetime fields only
    sensitive: bool = False  # hidden in discreet mode
    multiple: bool = False  # person fields: more than one person
    default: Any = None

    def __post_init__(self) -> None:
        key = self.key
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            _fail(_("Ongeldige veldnaam {key!r}: gebruik kleine letters, cijfers en _.")
                  .format(key=key), None)
        try:
            kind = FieldType(self.type)
        except ValueError:
            _fail(_("Veld ‘{key}’ heeft een onbekend soort {type!r}.").format(
                key=key, type=self.type), key)
        object.__setattr__(self, "type", kind)
        object.__setattr__(self, "choices", tuple(Choice(*c) for c in self.choices))
        if not _is_text(self.label):
            _fail(_("Veld ‘{key}’ heeft geen label.").format(key=key), key)
        if self.help is not None and not _is_text(self.help):
            _fail(_("Veld ‘{key}’ heeft een ongeldige hulptekst.").format(key=key), key)
        if kind in TEXT_TYPES:
            if self.max_length is None:
                object.__setattr__(self, "max_length", DEFAULT_MAX_LENGTH[kind])
            elif not _is_int(self.max_length) or not 0 < self.max_length <= MAX_LENGTH_LIMIT:
                _fail(_("Veld ‘{key}’: de maximale lengte moet tussen 1 en {limit} liggen.")
                      .format(key=key, limit=MAX_LENGTH_LIMIT), key)
        elif self.max_length is not None:
            _fail(_("Veld ‘{key}’: alleen tekstvelden hebben een maximale lengte.")
                  .format(key=key), key)
        self._check_choices(kind)
        self._check_range(kind)
        if self.not_in_future and kind not in DATE_TYPES:
            _fail(_("Veld ‘{key}’: ‘niet in de toekomst’ kan alleen bij een datum.")
                  .format(key=key), key)
        if self.multiple and kind is not FieldType.PERSON:
            _fail(_("Veld ‘{key}’: ‘meerdere’ kan alleen bij een persoon.").format(key=key), key)
        if self.visible_if is not None and (not isinstance(self.visible_if, Condition)
                                            or not self.visible_if.one_of):
            _fail(_("Veld ‘{key}’ heeft een ongeldige voorwaarde.").format(key=key), key)

    def _check_choices(self, kind: FieldType) -> None:
        key = self.key
        if self.choices and kind not in CHOICE_TYPES:
            _fail(_("Veld ‘{key}’: alleen keuzevelden hebben keuzes.").format(key=key), key)
        if self.source is not None and (kind not in CHOICE_TYPES | {FieldType.PERSON}
                                        or not isinstance(self.source, str) or not self.source):
            _fail(_("Veld ‘{key}’: een keuzelijst uit de casus kan alleen bij een keuze of "
                    "persoon.").format(key=key), key)
        if kind in CHOICE_TYPES and bool(self.choices) == (self.source is not None):
            _fail(_("Veld ‘{key}’: geef keuzes, of een keuzelijst uit de casus (niet "
                    "allebei).").format(key=key), key)
        codes = [c.code for c in self.choices]
        if any(not isinstance(c, str) or not c for c in codes) or len(set(codes)) != len(codes):
            _fail(_("Veld ‘{key}’: elke keuze heeft een eigen, niet-lege code.").format(key=key),
                  key)
        if any(not _is_text(c.label) for c in self.choices):
            _fail(_("Veld ‘{key}’: elke keuze heeft een label.").format(key=key), key)

    def _check_range(self, kind: FieldType) -> None:
        key = self.key
        if (self.minimum is not None or self.maximum is not None) and kind is not FieldType.INTEGER:
            _fail(_("Veld ‘{key}’: alleen een getalveld heeft een minimum of maximum.")
                  .format(key=key), key)
        for bound in (self.minimum, self.maximum):
            if bound is not None and (not _is_int(bound) or abs(bound) > 2**31 - 2):
                _fail(_("Veld ‘{key}’: minimum en maximum zijn hele getallen.").format(key=key),
                      key)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            _fail(_("Veld ‘{key}’: het minimum is groter dan het maximum.").format(key=key), key)

    @property
    def is_multi(self) -> bool:
        """Whether the answer is a list (multiple choice, several people)."""
        return self.type is FieldType.MULTI_CHOICE or (
            self.type is FieldType.PERSON and self.multiple)

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        """(minimum, maximum) for numbers; the scale is always 0-10."""
        if self.type is FieldType.SCALE:
            return SCALE_MIN, SCALE_MAX
        return self.minimum, self.maximum


@dataclass(frozen=True)
class Section:
    """A titled group of fields (onderdeel); ``title`` may be ``None``."""

    title: Text | None
    fields: tuple[Field, ...]
    help: Text | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))
        if any(not isinstance(f, Field) for f in self.fields):
            _fail(_("Een onderdeel mag alleen velden bevatten."))


@dataclass(frozen=True)
class FormDefinition:
    """A questionnaire (vragenlijst): sections of fields, in the order they are asked.

    ``sections`` may mix :class:`Section` and bare :class:`Field` items;
    consecutive bare fields form an untitled section. ``variant`` names the
    region's variant applied to it, if any, so a stored answer says which
    wording it answered.
    """

    id: str
    title: Text
    sections: tuple[Section, ...] = ()
    version: int = 1
    variant: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not FORM_ID_PATTERN.match(self.id):
            _fail(_("Ongeldige formuliernaam {id!r}.").format(id=self.id))
        if not _is_text(self.title):
            _fail(_("Formulier ‘{id}’ heeft geen titel.").format(id=self.id))
        if not _is_int(self.version) or self.version < 1:
            _fail(_("Formulier ‘{id}’: de versie is een heel getal vanaf 1.").format(id=self.id))
        object.__setattr__(self, "sections", _group(self.sections))
        if not self.fields:
            _fail(_("Formulier ‘{id}’ heeft geen velden.").format(id=self.id))
        seen: dict[str, Field] = {}
        for f in self.fields:
            if f.key in seen:
                _fail(_("Formulier ‘{id}’: de veldnaam ‘{key}’ komt twee keer voor.")
                      .format(id=self.id, key=f.key), f.key)
            if f.visible_if is not None:
                _check_condition(f, seen)
            if f.default is not None:
                _check_default(f)
            seen[f.key] = f

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def replace(self, **changes: Any) -> FormDefinition:
        return replace(self, **changes)


def _group(items: Iterable[Section | Field]) -> tuple[Section, ...]:
    sections: list[Section] = []
    loose: list[Field] = []
    for item in items:
        if isinstance(item, Field):
            loose.append(item)
            continue
        if not isinstance(item, Section):
            _fail(_("Een formulier bestaat uit onderdelen en velden."))
        if loose:
            sections.append(Section(None, tuple(loose)))
            loose = []
        sections.append(item)
    if loose:
        sections.append(Section(None, tuple(loose)))
    return tuple(sections)


def _check_condition(f: Field, earlier: dict[str, Field]) -> None:
    cond = f.visible_if
    assert cond is not None
    target = earlier.get(cond.field)
    if target is None:
        _fail(_("Veld ‘{key}’ hangt af van ‘{other}’, maar dat veld staat er niet vóór.")
              .format(key=f.key, other=cond.field), f.key)
    if target.type not in CONDITION_TYPES:
        _fail(_("Veld ‘{key}’ kan niet afhangen van het tekst- of datumveld ‘{other}’.")
              .format(key=f.key, other=target.key), f.key)
    codes = {c.code for c in target.choices}
    for value in cond.one_of:
        ok = {
            FieldType.YES_NO: isinstance(value, bool),
            FieldType.INTEGER: _is_int(value),
            FieldType.SCALE: _is_int(value) and SCALE_MIN <= value <= SCALE_MAX,
        }.get(target.type, isinstance(value, str) and (not codes or value in codes))
        if not ok:
            _fail(_("Veld ‘{key}’: {value!r} is geen mogelijk antwoord op ‘{other}’.")
                  .format(key=f.key, value=value, other=target.key), f.key)


def _check_default(f: Field) -> None:
    from app.forms.context import FormContext
    from app.forms.values import normalise

    if f.type is FieldType.PERSON or f.source is not None:
        _fail(_("Veld ‘{key}’: een keuzelijst uit de casus heeft geen standaardwaarde.")
              .format(key=f.key), f.key)
    _value, problem = normalise(f, f.default, FormContext())
    if problem:
        _fail(_("Veld ‘{key}’: ongeldige standaardwaarde ({problem})").format(
            key=f.key, problem=problem), f.key)


def _is_text(value: object) -> bool:
    return isinstance(value, LocalText) or (isinstance(value, str) and bool(value.strip()))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

