"""Reading the pieces of a variant file, each checked, with the place of any problem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.errors import ValidationError
from app.forms.model import Condition, DefinitionError, Field
from app.forms.text import Choice, LocalText
from app.i18n import LANGUAGES, _, ngettext

MAX_TEXT = 2000
MAX_ITEMS = 500


class VariantError(ValidationError):
    """A variant file that cannot be used; the message says why and where."""


def short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def where(path: str, problem: str) -> VariantError:
    return VariantError(_("Fout in het variantbestand bij ‘{path}’: {problem}").format(
        path=short(path, 120), problem=problem))


def obj(value: Any, path: str, required: set[str] | None = None,
        optional: set[str] | None = None) -> dict[str, Any]:
    """A JSON object; with ``required``/``optional`` only those keys are allowed."""
    if not isinstance(value, dict):
        raise where(path or "(begin)", _("verwacht een object {…}"))
    if len(value) > MAX_ITEMS:
        raise where(path, _("te veel onderdelen (hoogstens {max})").format(max=MAX_ITEMS))
    if required is None and optional is None:
        return value
    allowed = (required or set()) | (optional or set())
    for key in value:
        if key not in allowed:
            raise where(path or "(begin)", _("onbekende sleutel ‘{key}’").format(key=short(key)))
    for key in sorted(required or ()):
        if key not in value:
            raise where(path or "(begin)", _("‘{key}’ ontbreekt").format(key=key))
    return value


def read_text(value: Any, path: str, plain: bool = False, limit: int = MAX_TEXT) -> Any:
    """A non-empty string, or (unless ``plain``) ``{"nl": ..., "en": ...}``."""
    if isinstance(value, dict) and not plain:
        texts = obj(value, path, required={"nl"}, optional=set(LANGUAGES))
        return LocalText.of({lang: read_text(text, f"{path}.{lang}", plain=True, limit=limit)
                             for lang, text in texts.items()})
    if not isinstance(value, str) or not value.strip():
        raise where(path, _("verwacht een niet-lege tekst"))
    if len(value) > limit:
        raise where(path, ngettext("tekst is te lang (hoogstens {max} teken)",
                                   "tekst is te lang (hoogstens {max} tekens)", limit
                                   ).format(max=limit))
    return value


def _optional_text(value: Any, path: str) -> Any:
    return None if value is None else read_text(value, path)


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise where(path, _("verwacht true of false"))
    return value


def _int(value: Any, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**31 - 2:
        raise where(path, _("verwacht een heel getal"))
    return value


def _optional_int(value: Any, path: str) -> int | None:
    return None if value is None else _int(value, path)


def _code(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise where(path, _("verwacht een code van 1 tot 64 tekens"))
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise where(path, ngettext("verwacht een lijst van hoogstens {max} item",
                                   "verwacht een lijst van hoogstens {max} items", MAX_ITEMS
                                   ).format(max=MAX_ITEMS))
    return value


def _choices(value: Any, path: str) -> tuple[Choice, ...]:
    result = []
    for i, item in enumerate(_list(value, path)):
        here = f"{path}[{i}]"
        item = obj(item, here, required={"code", "label"})
        result.append(Choice(_code(item["code"], f"{here}.code"),
                             read_text(item["label"], f"{here}.label")))
    return tuple(result)


def _scalar(value: Any, path: str) -> Any:
    if isinstance(value, bool) or isinstance(value, str) and len(value) <= 64:
        return value
    return _int(value, path)


def _default(value: Any, path: str) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return read_text(value, path, plain=True, limit=100_000)
    if isinstance(value, list):
        return [_code(v, f"{path}[{i}]") for i, v in enumerate(_list(value, path))]
    return _scalar(value, path)


def _condition(value: Any, path: str) -> Condition:
    spec = obj(value, path, required={"field"}, optional={"equals", "one_of"})
    if ("equals" in spec) == ("one_of" in spec):
        raise where(path, _("geef ‘equals’ of ‘one_of’ (één van beide)"))
    values = [spec["equals"]] if "equals" in spec else _list(spec["one_of"], f"{path}.one_of")
    if not values:
        raise where(f"{path}.one_of", _("verwacht minstens één waarde"))
    return Condition(_code(spec["field"], f"{path}.field"),
                     tuple(_scalar(v, f"{path}.one_of[{i}]") for i, v in enumerate(values)))


# What a variant may change in an existing field, with the reader for each.
FIELD_CHANGES: dict[str, Callable[[Any, str], Any]] = {
    "label": read_text,
    "help": _optional_text,
    "required": _bool,
    "sensitive": _bool,
    "not_in_future": _bool,
    "max_length": _optional_int,
    "minimum": _optional_int,
    "maximum": _optional_int,
    "choices": _choices,
    "default": _default,
}
_NEW_FIELD: dict[str, Callable[[Any, str], Any]] = {
    **FIELD_CHANGES,
    "key": _code,
    "type": _code,
    "source": _code,
    "multiple": _bool,
    "visible_if": _condition,
}


def read_field(value: Any, path: str) -> tuple[Field, str | None]:
    """A new field for the form, and the key of the field it follows (``after``)."""
    spec = obj(value, path, required={"key", "type", "label"},
               optional=set(_NEW_FIELD) | {"after"})
    after = _code(spec["after"], f"{path}.after") if "after" in spec else None
    kwargs = {name: _NEW_FIELD[name](v, f"{path}.{name}") for name, v in spec.items()
              if name != "after"}
    try:
        return Field(**kwargs), after
    except DefinitionError as exc:
        raise where(path, exc.message) from None
