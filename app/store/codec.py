"""JSON codec for the frozen dataclasses of the domain (app.meldcode, later
app.safety), and for the loose values of a draft (concept).

``to_json(obj)`` and ``from_json(cls, text)`` are driven by
``typing.get_type_hints`` of the dataclass, so a new record type needs no
code here. Supported field types: ``str``, ``int``, ``float``, ``bool``,
``None``, ``date``, aware ``datetime`` (stored as ISO 8601 in UTC),
``StrEnum``/``IntEnum`` (stored by value), ``tuple[X, ...]``, fixed tuples,
``list[X]``, ``frozenset[X]`` (sorted, so the same value always gives the
same JSON), ``dict[str, X]``, nested dataclasses and ``X | None``.

Reading is strict: a payload with a wrong type, an unknown value, a missing
required field or an unknown field raises ``PayloadDamaged`` (a
``StoreDamaged``), never a raw exception. A field that is missing but has a
default gets the default, so records written before a field was added stay
readable. A type the codec cannot handle is a programming error
(``TypeError``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum, IntEnum, StrEnum
from functools import cache
from typing import Any, TypeVar

from app.i18n import _
from app.store.errors import StoreDamaged

T = TypeVar("T")
Encoder = Callable[[Any], Any]
Decoder = Callable[[Any, str], Any]


class PayloadDamaged(StoreDamaged):
    """A stored payload that does not fit its type.

    ``detail`` says where (a field path and the expected type) in English for
    a developer; it never holds the stored content, which may name people.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(_("Een gegeven in de kluis is beschadigd en kan niet worden gelezen."))
        self.detail = detail


class _Bad(Exception):
    """Internal: the value at ``path`` does not fit; becomes ``PayloadDamaged``."""


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


def _loads(text: Any) -> Any:
    if not isinstance(text, str):
        raise PayloadDamaged("payload is not text")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise PayloadDamaged("payload is not JSON") from None


# -- dataclasses ---------------------------------------------------------------


def to_json(obj: Any) -> str:
    """The dataclass ``obj`` as compact JSON with sorted keys."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"to_json takes a dataclass instance, not {type(obj).__name__}")
    return _dumps(_codec(type(obj))[0](obj))


def from_json(cls: type[T], text: str) -> T:
    """Rebuild a ``cls`` from ``to_json`` text; ``PayloadDamaged`` when it does not fit."""
    if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
        raise TypeError(f"from_json takes a dataclass type, not {cls!r}")
    decode = _codec(cls)[1]
    _field_plan(cls)  # an unsupported field type is a TypeError, whatever the payload
    data = _loads(text)
    try:
        return decode(data, cls.__name__)
    except _Bad as exc:
        raise PayloadDamaged(str(exc)) from None
    except RecursionError:
        raise PayloadDamaged(f"{cls.__name__}: nested too deeply") from None


@cache
def _codec(tp: Any) -> tuple[Encoder, Decoder]:
    """Encoder and decoder for one type, built once per type."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _optional(tp, args)
    if tp is type(None):
        return _none_codec()
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return _enum_codec(tp)
        if tp is bool or tp is int or tp is str or tp is float:
            return _scalar_codec(tp)
        if tp is datetime:  # before date: a datetime is also a date
            return _encode_datetime, _decode_datetime
        if tp is date:
            return _encode_date, _decode_date
        if dataclasses.is_dataclass(tp):
            return _dataclass_codec(tp)
    if origin is tuple:
        return _tuple_codec(tp, args)
    if origin in (list, frozenset):
        return _collection_codec(tp, origin, args)
    if origin is dict and len(args) == 2 and args[0] is str:
        return _dict_codec(args[1])
    raise TypeError(f"the store codec cannot handle {tp!r}")


def _fail(path: str, expected: str) -> _Bad:
    return _Bad(f"{path}: expected {expected}")


def _optional(tp: Any, args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    members = [a for a in args if a is not type(None)]
    if len(members) != 1 or len(args) != 2:
        raise TypeError(f"the store codec handles only X | None unions, not {tp!r}")
    encode, decode = _codec(members[0])
    return (
        lambda v: None if v is None else encode(v),
        lambda v, path: None if v is None else decode(v, path),
    )


def _none_codec() -> tuple[Encoder, Decoder]:
    def encode(v: Any) -> None:
        if v is not None:
            raise TypeError(f"expected None, got {type(v).__name__}")

    def decode(v: Any, path: str) -> None:
        if v is not None:
            raise _fail(path, "null")

    return encode, decode


def _is_type(v: Any, tp: type) -> bool:
    # bool is an int in Python but not in the store; an int is a fine float.
    if tp is bool:
        return isinstance(v, bool)
    if tp is float:
        return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    return isinstance(v, tp) and not isinstance(v, bool)


def _scalar_codec(tp: type) -> tuple[Encoder, Decoder]:
    def encode(v: Any) -> Any:
        if not _is_type(v, tp):
            raise TypeError(f"expected {tp.__name__}, got {type(v).__name__}")
        return tp(v)

    def decode(v: Any, path: str) -> Any:
        if not _is_type(v, tp):
            raise _fail(path, tp.__name__)
        return tp(v)

    return encode, decode


def _enum_codec(tp: type[Enum]) -> tuple[Encoder, Decoder]:
    if issubclass(tp, IntEnum):
        base: type = int
    elif issubclass(tp, StrEnum):
        base = str
    else:
        raise TypeError(f"the store codec handles StrEnum and IntEnum, not {tp!r}")

    def encode(v: Any) -> Any:
        if not isinstance(v, tp):
            raise TypeError(f"expected {tp.__name__}, got {type(v).__name__}")
        return base(v.value)

    def decode(v: Any, path: str) -> Any:
        if not _is_type(v, base):
            raise _fail(path, f"{tp.__name__} code")
        try:
            return tp(v)
        except ValueError:
            raise _fail(path, f"a known {tp.__name__} code") from None

    return encode, decode


def _encode_datetime(v: Any) -> str:
    if not isinstance(v, datetime) or v.utcoffset() is None:
        raise TypeError(f"expected an aware datetime, got {v!r}")
    return v.astimezone(UTC).isoformat()


def _decode_datetime(v: Any, path: str) -> datetime:
    if not isinstance(v, str):
        raise _fail(path, "ISO 8601 date and time")
    try:
        moment = datetime.fromisoformat(v)
    except ValueError:
        raise _fail(path, "ISO 8601 date and time") from None
    if moment.utcoffset() is None:
        raise _fail(path, "date and time with a UTC offset")
    return moment.astimezone(UTC)


def _encode_date(v: Any) -> str:
    if not isinstance(v, date) or isinstance(v, datetime):
        raise TypeError(f"expected a date, got {type(v).__name__}")
    return v.isoformat()


def _decode_date(v: Any, path: str) -> date:
    if not isinstance(v, str):
        raise _fail(path, "ISO 8601 date")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise _fail(path, "ISO 8601 date") from None


@cache
def _field_plan(tp: type) -> tuple[tuple[str, Encoder, Decoder, bool], ...]:
    """(name, encoder, decoder, has_default) for each init field. Built on
    first use rather than in ``_codec`` so that a dataclass may refer to
    itself."""
    hints = typing.get_type_hints(tp)
    plan = []
    for f in dataclasses.fields(tp):
        if not f.init:
            continue
        encode, decode = _codec(hints[f.name])
        has_default = (f.default is not dataclasses.MISSING
                       or f.default_factory is not dataclasses.MISSING)
        plan.append((f.name, encode, decode, has_default))
    return tuple(plan)


def _dataclass_codec(tp: type) -> tuple[Encoder, Decoder]:
    def encode(v: Any) -> dict[str, Any]:
        if type(v) is not tp:
            raise TypeError(f"expected {tp.__name__}, got {type(v).__name__}")
        return {name: enc(getattr(v, name)) for name, enc, _dec, _d in _field_plan(tp)}

    def decode(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _fail(path, f"{tp.__name__} object")
        plan = _field_plan(tp)
        unknown = set(v) - {name for name, *_rest in plan}
        if unknown:
            raise _Bad(f"{path}: {len(unknown)} unknown field(s)")
        kwargs = {}
        for name, _enc, dec, has_default in plan:
            if name in v:
                kwargs[name] = dec(v[name], f"{path}.{name}")
            elif not has_default:
                raise _Bad(f"{path}.{name}: missing")
        try:
            return tp(**kwargs)
        except (ValueError, TypeError):
            # __post_init__ refused the values (e.g. a naive time).
            raise _Bad(f"{path}: refused by {tp.__name__}") from None

    return encode, decode


def _tuple_codec(tp: Any, args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if len(args) == 2 and args[1] is Ellipsis:
        encode_item, decode_item = _codec(args[0])

        def encode(v: Any) -> list[Any]:
            if not isinstance(v, tuple):
                raise TypeError(f"expected a tuple, got {type(v).__name__}")
            return [encode_item(item) for item in v]

        def decode(v: Any, path: str) -> tuple[Any, ...]:
            if not isinstance(v, list):
                raise _fail(path, "list")
            return tuple(decode_item(item, f"{path}[{i}]") for i, item in enumerate(v))

        return encode, decode
    if not args or Ellipsis in args:
        raise TypeError(f"the store codec cannot handle {tp!r}")
    codecs = [_codec(a) for a in args]

    def encode_fixed(v: Any) -> list[Any]:
        if not isinstance(v, tuple) or len(v) != len(codecs):
            raise TypeError(f"expected a tuple of {len(codecs)}, got {v!r}")
        return [enc(item) for (enc, _dec), item in zip(codecs, v, strict=True)]

    def decode_fixed(v: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(v, list) or len(v) != len(codecs):
            raise _fail(path, f"list of {len(codecs)}")
        return tuple(dec(item, f"{path}[{i}]")
                     for i, ((_enc, dec), item) in enumerate(zip(codecs, v, strict=True)))

    return encode_fixed, decode_fixed


def _stable_order(items: list[Any]) -> list[Any]:
    try:
        return sorted(items)
    except TypeError:  # objects or mixed types: order by their JSON text
        return sorted(items, key=_dumps)


def _collection_codec(tp: Any, origin: type, args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if len(args) != 1:
        raise TypeError(f"the store codec cannot handle {tp!r}")
    encode_item, decode_item = _codec(args[0])

    def encode(v: Any) -> list[Any]:
        if not isinstance(v, origin):
            raise TypeError(f"expected a {origin.__name__}, got {type(v).__name__}")
        items = [encode_item(item) for item in v]
        return _stable_order(items) if origin is frozenset else items

    def decode(v: Any, path: str) -> Any:
        if not isinstance(v, list):
            raise _fail(path, "list")
        items = [decode_item(item, f"{path}[{i}]") for i, item in enumerate(v)]
        if origin is frozenset:
            try:
                return frozenset(items)
            except TypeError:  # unhashable items: the type was wrong
                raise _fail(path, "hashable items") from None
        return items

    return encode, decode


def _dict_codec(value_type: Any) -> tuple[Encoder, Decoder]:
    encode_value, decode_value = _codec(value_type)

    def encode(v: Any) -> dict[str, Any]:
        if not isinstance(v, dict) or not all(isinstance(k, str) for k in v):
            raise TypeError("expected a dict with text keys")
        return {k: encode_value(item) for k, item in v.items()}

    def decode(v: Any, path: str) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise _fail(path, "object")
        return {k: decode_value(item, f"{path}[{i}]") for i, (k, item) in enumerate(v.items())}

    return encode, decode


# -- draft values ----------------------------------------------------------------
#
# A draft holds what a form widget gives: text, whole numbers, yes/no, empty,
# lists, dates and times. JSON has no dates, so a date becomes
# {"$date": "2026-03-10"} and a time {"$datetime": "2026-03-10T14:05:00+00:00"}
# (naive times stay naive: a half-typed form is not yet in UTC). Values are
# never objects themselves, so every object inside a draft is one of these
# tags, and decoding is unambiguous. Tuples come back as lists.

_DATE_TAG = "$date"
_DATETIME_TAG = "$datetime"


def _encode_value(v: Any) -> Any:
    if isinstance(v, Enum):
        return _encode_value(v.value)
    if v is None or isinstance(v, bool | str | int):
        return v
    if isinstance(v, datetime):
        return {_DATETIME_TAG: v.isoformat()}
    if isinstance(v, date):
        return {_DATE_TAG: v.isoformat()}
    if isinstance(v, list | tuple):
        return [_encode_value(item) for item in v]
    raise TypeError(f"a draft value cannot be a {type(v).__name__}")


def _decode_value(v: Any, path: str) -> Any:
    if v is None or isinstance(v, bool | str | int):
        return v
    if isinstance(v, list):
        return [_decode_value(item, f"{path}[{i}]") for i, item in enumerate(v)]
    if isinstance(v, dict) and len(v) == 1:
        (tag, text), = v.items()
        if tag == _DATE_TAG and isinstance(text, str):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        if tag == _DATETIME_TAG and isinstance(text, str):
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass
    raise _fail(path, "draft value")


def encode_values(values: dict[str, Any]) -> str:
    """A draft's field values as JSON; see the comment above for the format.
    Enum members are stored by value (they come back as plain codes)."""
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise TypeError("draft values are a dict with field names as keys")
    return _dumps({k: _encode_value(v) for k, v in values.items()})


def decode_values(text: str) -> dict[str, Any]:
    """The inverse of ``encode_values``; ``PayloadDamaged`` when it does not fit."""
    data = _loads(text)
    if not isinstance(data, dict):
        raise PayloadDamaged("draft: expected an object")
    try:
        return {k: _decode_value(v, f"draft.{i}") for i, (k, v) in enumerate(data.items())}
    except _Bad as exc:
        raise PayloadDamaged(str(exc)) from None
    except RecursionError:
        raise PayloadDamaged("draft: nested too deeply") from None
