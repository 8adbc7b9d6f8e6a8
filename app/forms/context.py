"""What a form needs from the case it is filled in for: people, lists, the clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from app.forms.model import Field, FieldType
from app.forms.text import Choice, tr


def _local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class FormContext:
    """Choices that differ per case, and "now", injected so tests are deterministic.

    ``people`` are the household members of the case as (id, name); a person
    field with no ``source`` offers these. ``sources`` holds other named lists
    (for example ``"children"`` or a region's ``"sociale_kaart"``); their labels
    are shown as they are, not translated. ``clock`` returns the current moment.
    """

    people: Sequence[Choice] = ()
    sources: Mapping[str, Sequence[Choice]] = field(default_factory=dict)
    clock: Callable[[], datetime] = _local_now

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    def source(self, name: str | None) -> tuple[Choice, ...]:
        """The named list, or the household for ``None``; unknown names give nothing."""
        items = self.people if name is None else self.sources.get(name, ())
        return tuple(Choice(str(code), label) for code, label in items)


def static_clock(moment: datetime) -> Callable[[], datetime]:
    """A clock that always says ``moment`` (for tests and previews)."""
    return lambda: moment


def choices_for(f: Field, context: FormContext) -> tuple[Choice, ...]:
    """The answers ``f`` allows in ``context``, with labels ready to show."""
    if f.type is FieldType.PERSON or f.source is not None:
        return tuple(Choice(c.code, c.label if isinstance(c.label, str) else tr(c.label))
                     for c in context.source(f.source))
    return tuple(Choice(c.code, tr(c.label)) for c in f.choices)


def allowed_codes(f: Field, context: FormContext) -> set[str]:
    if f.type is FieldType.PERSON or f.source is not None:
        return {c.code for c in context.source(f.source)}
    return {c.code for c in f.choices}
