"""A region's or organisation's own variant of the forms, from a JSON file.

A variant changes labels, help texts, required flags, limits and choices of
existing fields, and adds fields, per form id; no code changes. Everything in
the file is checked before use, and any problem is a :class:`VariantError`
with a Dutch message that says where in the file it is. The format::

    {"format": "veiligwijzer.form-variant", "format_version": 1,
     "name": "Wijkteam Utrecht-Noord", "version": 3,
     "forms": {"consultation": {
         "title": "Consultatie",
         "fields": {"vt_phone": {"default": "030 123 45 67", "required": true}},
         "add": [{"key": "buurtteam", "type": "single_choice", "label": "Buurtteam",
                  "choices": [{"code": "noord", "label": "Noord"}], "after": "vt_phone"}]}}}

Text may be a string or ``{"nl": "...", "en": "..."}`` (``nl`` required).
An optional ``"veilig_thuis": {"region": "Utrecht", "phone": "0800-2000"}``
names the region's Veilig Thuis; the handover shows it with the variant's
name and version.

Where variants come from and which one is in use: ``app.services.variants``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.forms.model import DefinitionError, Field, FormDefinition, Section
from app.forms.variant_schema import FIELD_CHANGES, VariantError, read_field, read_text, where
from app.forms.variant_schema import obj as _obj
from app.i18n import _

FORMAT = "veiligwijzer.form-variant"
FORMAT_VERSION = 1
MAX_BYTES = 1_000_000

__all__ = ["FORMAT", "FORMAT_VERSION", "FormOverride", "FormVariant", "VariantError",
           "VariantInfo", "apply_variant", "apply_variants", "load_variant", "parse_variant"]


@dataclass(frozen=True)
class VariantInfo:
    """What a handover says about the variant its forms were filled in with."""

    name: str
    version: int
    veilig_thuis_region: str = ""
    veilig_thuis_phone: str = ""


@dataclass(frozen=True)
class FormOverride:
    """What a variant changes in one form."""

    form_id: str
    title: Any = None
    changes: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()  # field key -> changes
    added: tuple[tuple[Field, str | None], ...] = ()  # new field, key it follows


@dataclass(frozen=True)
class FormVariant:
    """A checked variant file: its name, version and per-form overrides."""

    name: str
    version: int
    forms: tuple[FormOverride, ...]
    veilig_thuis_region: str = ""
    veilig_thuis_phone: str = ""

    @property
    def info(self) -> VariantInfo:
        return VariantInfo(self.name, self.version, self.veilig_thuis_region,
                           self.veilig_thuis_phone)

    def override_for(self, form_id: str) -> FormOverride | None:
        return next((o for o in self.forms if o.form_id == form_id), None)

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"


def load_variant(path: str | os.PathLike[str]) -> FormVariant:
    """Read and check the variant file at ``path``."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise VariantError(_("Het variantbestand ‘{name}’ is te groot.").format(name=file.name))
        data = file.read_bytes()
    except OSError:
        raise VariantError(_("Het variantbestand ‘{name}’ kan niet worden gelezen.")
                           .format(name=file.name)) from None
    return parse_variant(data)


def parse_variant(text: str | bytes) -> FormVariant:
    """Check a variant given as JSON text (``str`` or UTF-8 ``bytes``)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise VariantError(_("Het variantbestand is geen UTF-8-tekst.")) from None
    if not isinstance(text, str):
        raise VariantError(_("Het variantbestand is geen tekst."))
    if len(text) > MAX_BYTES:
        raise VariantError(_("Het variantbestand is te groot."))
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise VariantError(_("Het variantbestand is geen geldige JSON (regel {line}, kolom "
                             "{column}).").format(line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise VariantError(_("Het variantbestand is te diep genest.")) from None
    except ValueError:  # e.g. an integer with thousands of digits
        raise VariantError(_("Het variantbestand bevat een ongeldige waarde.")) from None
    return _read_variant(data)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise VariantError(_("Het variantbestand noemt ‘{key}’ twee keer.").format(key=key))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise VariantError(_("Het variantbestand bevat een ongeldig getal ({value}).")
                       .format(value=name))


def _read_variant(data: Any) -> FormVariant:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VariantError(_("Dit is geen formuliervariant van Veiligwijzer: ‘format’ ontbreekt "
                             "of klopt niet."))
    fmt = data.get("format_version")
    if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT_VERSION:
        raise VariantError(_("Deze formuliervariant is gemaakt voor een nieuwere versie van "
                             "Veiligwijzer."))
    top = _obj(data, "", required={"format", "format_version", "name", "forms"},
               optional={"version", "description", "veilig_thuis"})
    if top["format_version"] != FORMAT_VERSION:
        raise where("format_version", _("verwacht {version}").format(version=FORMAT_VERSION))
    name = str(read_text(top["name"], "name", plain=True))
    version = top.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 10**9:
        raise where("version", _("verwacht een heel getal vanaf 1"))
    if "description" in top:
        read_text(top["description"], "description", limit=4000)
    forms = _obj(top["forms"], "forms")
    region, phone = _veilig_thuis(top.get("veilig_thuis"))
    return FormVariant(name, version, tuple(_read_form(form_id, spec, f"forms.{form_id}")
                                            for form_id, spec in forms.items()),
                       region, phone)


def _veilig_thuis(spec: Any) -> tuple[str, str]:
    if spec is None:
        return "", ""
    spec = _obj(spec, "veilig_thuis", optional={"region", "phone"})
    region = read_text(spec["region"], "veilig_thuis.region", plain=True, limit=200) \
        if "region" in spec else ""
    phone = read_text(spec["phone"], "veilig_thuis.phone", plain=True, limit=30) \
        if "phone" in spec else ""
    return str(region), str(phone)


def _read_form(form_id: str, spec: Any, path: str) -> FormOverride:
    spec = _obj(spec, path, optional={"title", "fields", "add"})
    title = read_text(spec["title"], f"{path}.title") if "title" in spec else None
    changes = []
    for key, change in _obj(spec.get("fields", {}), f"{path}.fields").items():
        here = f"{path}.fields.{key}"
        items = _obj(change, here, optional=set(FIELD_CHANGES))
        changes.append((key, tuple((name, FIELD_CHANGES[name](value, f"{here}.{name}"))
                                   for name, value in items.items())))
    added = spec.get("add", [])
    if not isinstance(added, list) or len(added) > 200:
        raise where(f"{path}.add", _("verwacht een lijst van hoogstens 200 velden"))
    return FormOverride(form_id, title, tuple(changes),
                        tuple(read_field(item, f"{path}.add[{i}]") for i, item in enumerate(added)))


def apply_variant(definition: FormDefinition, variant: FormVariant) -> FormDefinition:
    """``definition`` as the variant wants it; unchanged when the variant does not name it.

    Raises :class:`VariantError` when the variant names a field the form does
    not have, or when the result breaks a rule of form definitions.
    """
    override = variant.override_for(definition.id)
    if override is None:
        return definition
    context = _("Variant ‘{name}’, formulier ‘{form}’").format(name=variant.name,
                                                               form=definition.id)
    sections = [list(s.fields) for s in definition.sections]
    try:
        for key, changes in override.changes:
            i, j = _locate(sections, key, context)
            sections[i][j] = replace(sections[i][j], **dict(changes))
        for new, after in override.added:
            i, j = _locate(sections, after, context) if after else (len(sections) - 1,
                                                                    len(sections[-1]) - 1)
            sections[i].insert(j + 1, new)
        label = variant.label if definition.variant is None else (
            f"{definition.variant} + {variant.label}")
        return FormDefinition(
            definition.id, override.title or definition.title,
            tuple(Section(s.title, tuple(fields), s.help)
                  for s, fields in zip(definition.sections, sections, strict=True)),
            definition.version, label)
    except DefinitionError as exc:
        raise VariantError(f"{context}: {exc.message}", field=exc.field) from None


def apply_variants(definitions: Iterable[FormDefinition],
                   variant: FormVariant) -> dict[str, FormDefinition]:
    """All ``definitions`` by id with the variant applied; refuses unknown form ids."""
    by_id = {d.id: d for d in definitions}
    unknown = [o.form_id for o in variant.forms if o.form_id not in by_id]
    if unknown:
        raise VariantError(_("Variant ‘{name}’ noemt een formulier dat niet bestaat: ‘{form}’.")
                           .format(name=variant.name, form=unknown[0]))
    return {form_id: apply_variant(d, variant) for form_id, d in by_id.items()}


def _locate(sections: list[list[Field]], key: str, context: str) -> tuple[int, int]:
    for i, fields in enumerate(sections):
        for j, f in enumerate(fields):
            if f.key == key:
                return i, j
    raise VariantError(_("{context}: er is geen veld ‘{key}’.").format(context=context, key=key),
                       field=key)

