"""A broken definition fails when it is built, with a Dutch message."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.forms import (
    DEFAULT_MAX_LENGTH,
    Condition,
    DefinitionError,
    Field,
    FieldType,
    FormDefinition,
    Section,
    initial_values,
    when,
)
from tests.forms.samples import CONVERSATION, SIGNAL

T = FieldType
CHOICES = (("a", "A"), ("b", "B"))


def form(*fields, **kw) -> FormDefinition:
    return FormDefinition(kw.pop("id", "f"), kw.pop("title", "Formulier"), fields, **kw)


BROKEN = [
    ("duplicate key", lambda: form(Field("a", T.SHORT_TEXT, "A"), Field("a", T.DATE, "B")),
     "twee keer"),
    ("duplicate key across sections", lambda: form(
        Section("Een", (Field("a", T.YES_NO, "A"),)),
        Section("Twee", (Field("a", T.YES_NO, "A"),))),
     "twee keer"),
    ("condition on a later field", lambda: form(
        Field("b", T.SHORT_TEXT, "B", visible_if=when("a", True)), Field("a", T.YES_NO, "A")),
     "staat er niet vóór"),
    ("condition on an unknown field", lambda: form(
        Field("b", T.SHORT_TEXT, "B", visible_if=when("zzz", True))), "staat er niet vóór"),
    ("condition on itself", lambda: form(
        Field("a", T.YES_NO, "A", visible_if=when("a", True))), "staat er niet vóór"),
    ("condition on a text field", lambda: form(
        Field("a", T.SHORT_TEXT, "A"), Field("b", T.SHORT_TEXT, "B", visible_if=when("a", "x"))),
     "tekst- of datumveld"),
    ("condition value not a choice", lambda: form(
        Field("a", T.SINGLE_CHOICE, "A", choices=CHOICES),
        Field("b", T.SHORT_TEXT, "B", visible_if=when("a", "c"))), "geen mogelijk antwoord"),
    ("condition 'nee' instead of False", lambda: form(
        Field("a", T.YES_NO, "A"), Field("b", T.SHORT_TEXT, "B", visible_if=when("a", "nee"))),
     "geen mogelijk antwoord"),
    ("condition without values",
     lambda: Field("b", T.SHORT_TEXT, "B", visible_if=Condition("a", ())),
     "ongeldige voorwaarde"),
    ("key with capitals", lambda: Field("Naam", T.SHORT_TEXT, "Naam"), "Ongeldige veldnaam"),
    ("key with space", lambda: Field("de naam", T.SHORT_TEXT, "Naam"), "Ongeldige veldnaam"),
    ("unknown type", lambda: Field("a", "colour", "A"), "onbekend soort"),
    ("empty label", lambda: Field("a", T.SHORT_TEXT, "  "), "geen label"),
    ("choices on a text field", lambda: Field("a", T.SHORT_TEXT, "A", choices=CHOICES),
     "alleen keuzevelden"),
    ("choice field without choices", lambda: Field("a", T.SINGLE_CHOICE, "A"), "niet allebei"),
    ("choices and a source", lambda: Field("a", T.MULTI_CHOICE, "A", choices=CHOICES,
                                           source="children"), "niet allebei"),
    ("source on a date", lambda: Field("a", T.DATE, "A", source="children"), "keuzelijst"),
    ("duplicate choice code", lambda: Field("a", T.SINGLE_CHOICE, "A",
                                            choices=(("x", "X"), ("x", "Y"))), "eigen"),
    ("empty choice label", lambda: Field("a", T.SINGLE_CHOICE, "A", choices=(("x", ""),)),
     "label"),
    ("minimum above maximum", lambda: Field("a", T.INTEGER, "A", minimum=5, maximum=1),
     "groter dan"),
    ("bounds on a scale", lambda: Field("a", T.SCALE, "A", maximum=5), "getalveld"),
    ("fractional bound", lambda: Field("a", T.INTEGER, "A", minimum=0.5), "hele getallen"),
    ("not_in_future on text", lambda: Field("a", T.SHORT_TEXT, "A", not_in_future=True),
     "datum"),
    ("multiple on a choice", lambda: Field("a", T.SINGLE_CHOICE, "A", choices=CHOICES,
                                           multiple=True), "persoon"),
    ("max_length on a number", lambda: Field("a", T.INTEGER, "A", max_length=3), "tekstvelden"),
    ("max_length zero", lambda: Field("a", T.SHORT_TEXT, "A", max_length=0), "maximale lengte"),
    ("default of the wrong type", lambda: form(Field("a", T.INTEGER, "A", default="veel")),
     "standaardwaarde"),
    ("default not a choice", lambda: form(Field("a", T.SINGLE_CHOICE, "A", choices=CHOICES,
                                                default="z")), "standaardwaarde"),
    ("default for a person", lambda: form(Field("a", T.PERSON, "A", default="p-anna")),
     "standaardwaarde"),
    ("no fields", lambda: form(), "geen velden"),
    ("bad form id", lambda: form(Field("a", T.YES_NO, "A"), id="Mijn Formulier"),
     "formuliernaam"),
    ("version zero", lambda: form(Field("a", T.YES_NO, "A"), version=0), "versie"),
    ("no title", lambda: form(Field("a", T.YES_NO, "A"), title=""), "titel"),
    ("not a field", lambda: form("vraag"), "onderdelen en velden"),
]


@pytest.mark.parametrize(("build", "fragment"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_definition_is_refused(build, fragment: str):
    with pytest.raises(DefinitionError) as caught:
        build()
    assert isinstance(caught.value, ValidationError)
    assert fragment in caught.value.message


def test_samples_are_valid_and_ordered():
    assert CONVERSATION.keys == ("held", "held_on", "reason_not_held")
    assert [s.title for s in SIGNAL.sections] == ["Wat is er gezien of gehoord?",
                                                   "Wie en hoe ernstig"]
    assert SIGNAL.field("safety").bounds == (0, 10)
    with pytest.raises(KeyError):
        SIGNAL.field("nope")


def test_text_fields_get_a_sensible_default_length():
    assert Field("a", T.SHORT_TEXT, "A").max_length == DEFAULT_MAX_LENGTH[T.SHORT_TEXT] == 200
    assert Field("a", T.LONG_TEXT, "A").max_length == 4000
    assert Field("a", T.PHONE, "A").max_length == 30
    assert Field("a", T.DATE, "A").max_length is None


def test_loose_fields_form_an_untitled_section():
    f = form(Field("a", T.YES_NO, "A"), Section("S", (Field("b", T.YES_NO, "B"),)),
             Field("c", T.YES_NO, "C"))
    assert [(s.title, [x.key for x in s.fields]) for s in f.sections] == [
        (None, ["a"]), ("S", ["b"]), (None, ["c"])]


def test_type_given_as_text_is_accepted():
    assert Field("a", "scale", "A").type is T.SCALE


def test_initial_values_are_the_defaults():
    assert initial_values(SIGNAL) == {"vt_phone": "0800-2000"}
