"""Regional form variants in use: where they come from, which one is chosen,
and the forms and records that follow from it.

DESIGN.md: a region or organisation ships its own variant (its own wording,
its own questions, its own Veilig Thuis region and phone) without code. A
variant is a JSON file (``app.forms.variants``) in the variants folder of
the app's config dir (``app.config.variants_dir``); the app ships examples
in ``resources/variants``. The worker chooses one in the settings (kept by
file name), the command line with ``export --variant``.

A variant applies to the meldcode forms, whose records keep the answers to
added questions (``extras``); the quick note stays as it is (it asks only
the facts). ``build`` checks the answers against the variant's form and keeps
those added answers; ``values`` gives them back to the form for a correction.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from app.config import VARIANT_FILE, Settings, variants_dir
from app.forms import FormContext, FormDefinition, FormVariant, VariantError
from app.forms import meldcode as forms
from app.forms.extras import build_with_extras, values_with_extras
from app.forms.variants import apply_variant, apply_variants, load_variant
from app.i18n import _
from app.meldcode.extras import ExtraAnswer

R = TypeVar("R")

#: The forms a variant may change or add questions to, by record kind.
VARIANT_FORMS: dict[str, FormDefinition] = {
    kind: form for kind, form in forms.MELDCODE_FORMS.items() if kind != "quick_signal"}


def examples_dir() -> Path:
    """``resources/variants``: in the source tree, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    root = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return root / "resources" / "variants"


@dataclass(frozen=True)
class VariantFile:
    """One variant file found: its name (what the settings keep), and the
    variant, or why it cannot be used."""

    name: str
    path: Path
    variant: FormVariant | None
    problem: str = ""
    example: bool = False


def check(variant: FormVariant) -> FormVariant:
    """``variant`` when it fits the forms it may change; else ``VariantError``."""
    apply_variants(VARIANT_FORMS.values(), variant)
    return variant


def _read(path: Path, example: bool) -> VariantFile:
    try:
        return VariantFile(path.name, path, check(load_variant(path)), example=example)
    except VariantError as exc:
        return VariantFile(path.name, path, None, exc.message, example)


def variant_files(folder: Path | None = None) -> list[VariantFile]:
    """The variants in the config folder, then the app's examples (a file in
    the config folder hides an example of the same name)."""
    found: dict[str, VariantFile] = {}
    for where, example in ((folder or variants_dir(), False), (examples_dir(), True)):
        if not where.is_dir():
            continue
        for path in sorted(where.glob("*.json")):
            if VARIANT_FILE.match(path.name) and path.name not in found:
                found[path.name] = _read(path, example)
    return list(found.values())


def find_variant(name_or_path: str, folder: Path | None = None) -> FormVariant:
    """A variant by file name (from :func:`variant_files`) or by path."""
    for entry in variant_files(folder):
        if entry.name == name_or_path or entry.name == f"{name_or_path}.json":
            if entry.variant is None:
                raise VariantError(entry.problem)
            return entry.variant
    path = Path(name_or_path)
    if path.suffix == ".json" and path.is_file():
        return check(load_variant(path))
    raise VariantError(_("Er is geen formuliervariant ‘{name}’. Zet het bestand in {folder}.")
                       .format(name=name_or_path, folder=folder or variants_dir()))


def active_variant(settings: Settings | None = None,
                   folder: Path | None = None) -> FormVariant | None:
    """The variant chosen in the settings; ``None`` for the standard forms.
    Raises ``VariantError`` when the chosen file is gone or broken."""
    chosen = (settings or Settings.load()).form_variant
    return None if chosen is None else find_variant(chosen, folder)


def form_for(kind: str, variant: FormVariant | None) -> FormDefinition:
    """The form of record ``kind`` as the variant asks it."""
    base = forms.MELDCODE_FORMS[kind]
    if variant is None or kind not in VARIANT_FORMS:
        return base
    return apply_variant(base, variant)


def build(kind: str, convert: Callable[[Mapping[str, Any]], R], values: Mapping[str, Any],
          variant: FormVariant | None, context: FormContext | None = None,
          form: FormDefinition | None = None) -> R:
    """``convert(answers)`` (e.g. ``signal_from_values`` with its context),
    keeping the answers to the variant's added questions on the record."""
    return build_with_extras(convert, forms.MELDCODE_FORMS[kind],
                             form or form_for(kind, variant), values, context)


def values(kind: str, answers: Mapping[str, Any], extras: tuple[ExtraAnswer, ...],
           variant: FormVariant | None) -> dict[str, Any]:
    """A record's answers for its form, with its answers to added questions."""
    return values_with_extras(answers, extras, form_for(kind, variant))


__all__ = ["VARIANT_FORMS", "VariantFile", "active_variant", "build", "check",
           "examples_dir", "find_variant", "form_for", "values", "variant_files",
           "variants_dir"]
