"""Forms as data (vragenlijsten): definitions, one validator, regional variants.

Every questionnaire of the app (signal record, kindcheck, consultation,
conversation, afwegingskader, safety-plan sections) is a :class:`FormDefinition`
of typed :class:`Field` s. ``app.ui.forms.FormWidget`` draws any of them;
:func:`validate` and :func:`clean` check them; :func:`load_variant` and
:func:`apply_variant` let a region change wording and add questions without
code. Pure Python: no Qt, no database, no I/O beyond reading a variant file.

Example::

    from app.forms import Field, FieldType as T, FormDefinition, Section, when
    from app.i18n import N_

    CONVERSATION = FormDefinition(
        id="conversation", title=N_("Gesprek met de ouders"), version=1,
        sections=[Section(N_("Het gesprek"), (
            Field("held", T.YES_NO, N_("Is het gesprek gehouden?"), required=True),
            Field("held_on", T.DATE, N_("Datum gesprek"), not_in_future=True,
                  visible_if=when("held", True)),
            Field("reason_not_held", T.LONG_TEXT, N_("Waarom niet?"), required=True,
                  visible_if=when("held", False)),
        ))])
"""

from __future__ import annotations

from app.forms.context import FormContext, choices_for, static_clock
from app.forms.model import (
    DEFAULT_MAX_LENGTH,
    Condition,
    DefinitionError,
    Field,
    FieldType,
    FormDefinition,
    Section,
    when,
)
from app.forms.text import Choice, LocalText, Text, tr
from app.forms.validation import clean, initial_values, validate, visible_fields
from app.forms.values import normalise
from app.forms.variants import (
    FormVariant,
    VariantError,
    apply_variant,
    apply_variants,
    load_variant,
    parse_variant,
)

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "Choice",
    "Condition",
    "DefinitionError",
    "Field",
    "FieldType",
    "FormContext",
    "FormDefinition",
    "FormVariant",
    "LocalText",
    "Section",
    "Text",
    "VariantError",
    "apply_variant",
    "apply_variants",
    "choices_for",
    "clean",
    "initial_values",
    "load_variant",
    "normalise",
    "parse_variant",
    "static_clock",
    "tr",
    "validate",
    "visible_fields",
    "when",
]
