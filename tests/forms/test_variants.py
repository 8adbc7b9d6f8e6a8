"""A region's variant file: applied when sound, refused with a Dutch message when not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ValidationError, VeiligwijzerError
from app.forms import (
    FieldType,
    FormVariant,
    LocalText,
    VariantError,
    apply_variant,
    apply_variants,
    load_variant,
    parse_variant,
    tr,
    validate,
)
from app.forms.variants import FORMAT, MAX_BYTES
from app.i18n import set_language
from tests.forms.samples import CONVERSATION, SIGNAL, context


def variant(forms: dict, **top) -> dict:
    return {"format": FORMAT, "format_version": 1, "name": "Regio Noord", "forms": forms, **top}


UTRECHT = variant({
    "signal": {
        "title": {"nl": "Signaal (Noord)", "en": "Signal (North)"},
        "fields": {
            "vt_phone": {"default": "030 123 45 67", "help": "Ons eigen Veilig Thuis-nummer."},
            "summary": {"label": "Wat viel op?", "max_length": 120},
            "child": {"required": True},
            "forms": {"choices": [{"code": "physical", "label": "Lichamelijk"},
                                  {"code": "online", "label": "Online"}]},
        },
        "add": [
            {"key": "team", "type": "single_choice", "label": "Buurtteam", "required": True,
             "choices": [{"code": "noord", "label": "Noord"}, {"code": "oost", "label": "Oost"}],
             "after": "summary"},
            {"key": "team_other", "type": "short_text", "label": "Welk team dan?",
             "visible_if": {"field": "team", "equals": "oost"}, "after": "team"},
            {"key": "note", "type": "long_text", "label": {"nl": "Notitie", "en": "Note"}},
        ],
    },
}, version=3, description="Voor het wijkteam Noord.")


def test_variant_changes_labels_help_required_and_adds_fields():
    v = parse_variant(json.dumps(UTRECHT))
    changed = apply_variant(SIGNAL, v)
    assert changed.variant == "Regio Noord v3"
    assert changed.keys[:4] == ("summary", "team", "team_other", "facts")
    assert changed.keys[-1] == "note"
    assert changed.field("summary").label == "Wat viel op?"
    assert changed.field("summary").max_length == 120
    assert changed.field("child").required
    assert changed.field("vt_phone").default == "030 123 45 67"
    assert tr(changed.field("vt_phone").help) == "Ons eigen Veilig Thuis-nummer."
    assert [c.code for c in changed.field("forms").choices] == ["physical", "online"]
    assert changed.field("team").type is FieldType.SINGLE_CHOICE
    # the original is untouched, and other forms pass through
    assert SIGNAL.field("summary").label == "Korte omschrijving"
    assert apply_variant(CONVERSATION, v) is CONVERSATION
    # the new rules are enforced by the one validator
    errors = validate(changed, {"team": "oost"}, context())
    assert "team_other" not in errors and errors["child"] and errors["summary"]
    assert validate(changed, {}, context())["team"] == ["Maak een keuze; dit is verplicht."]


def test_variant_text_per_language():
    changed = apply_variant(SIGNAL, parse_variant(json.dumps(UTRECHT)))
    assert isinstance(changed.title, LocalText)
    assert tr(changed.title) == "Signaal (Noord)"
    set_language("en")
    assert tr(changed.title) == "Signal (North)"
    assert tr(changed.field("note").label) == "Note"
    assert tr(changed.field("summary").label) == "Wat viel op?"  # no English given


def test_variant_from_file_and_bytes(tmp_path: Path):
    path = tmp_path / "noord.json"
    path.write_text(json.dumps(UTRECHT), encoding="utf-8")
    assert isinstance(load_variant(path), FormVariant)
    assert load_variant(str(path)).name == "Regio Noord"
    assert parse_variant(b"\xef\xbb\xbf" + json.dumps(UTRECHT).encode()).version == 3


def test_apply_variants_refuses_an_unknown_form():
    v = parse_variant(json.dumps(variant({"nope": {}, "signal": {}})))
    with pytest.raises(VariantError, match="‘nope’"):
        apply_variants([SIGNAL, CONVERSATION], v)
    ok = parse_variant(json.dumps(UTRECHT))
    both = apply_variants([SIGNAL, CONVERSATION], ok)
    assert both["conversation"] is CONVERSATION and both["signal"].variant == "Regio Noord v3"


def _bad(forms: dict | None = None, **top) -> str:
    return json.dumps(variant(forms or {}, **top))


# (id, file text, a fragment of the Dutch message)
MALFORMED = [
    ("empty", "", "geen geldige JSON"),
    ("not json", "{format: 1", "geen geldige JSON (regel 1, kolom 2)"),
    ("a list", "[]", "geen formuliervariant"),
    ("wrong marker", json.dumps({"format": "iets anders"}), "geen formuliervariant"),
    ("newer format", _bad(format_version=2), "nieuwere versie"),
    ("format version as text", _bad(format_version="1"), "format_version"),
    ("unknown top key", _bad(colour="rood"), "onbekende sleutel ‘colour’"),
    ("no name", json.dumps({"format": FORMAT, "format_version": 1, "forms": {}}),
     "‘name’ ontbreekt"),
    ("name is a number", _bad(name=5), "‘name’: verwacht een niet-lege tekst"),
    ("version zero", _bad(version=0), "version"),
    ("forms is a list", json.dumps(variant([])), "‘forms’: verwacht een object"),
    ("duplicate key", '{"format": "x", "format": "y"}', "‘format’ twee keer"),
    ("NaN", '{"format": NaN}', "ongeldig getal (NaN)"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "te diep genest"),
    ("huge integer", '{"format": ' + "9" * 5000 + "}", "ongeldige waarde"),
    ("field change of wrong type", _bad({"signal": {"fields": {"summary": {"required": "ja"}}}}),
     "forms.signal.fields.summary.required’: verwacht true of false"),
    ("unknown field change", _bad({"signal": {"fields": {"summary": {"colour": 1}}}}),
     "onbekende sleutel ‘colour’"),
    ("label empty", _bad({"signal": {"fields": {"summary": {"label": " "}}}}),
     "verwacht een niet-lege tekst"),
    ("text without Dutch", _bad({"signal": {"title": {"en": "Signal"}}}), "‘nl’ ontbreekt"),
    ("text in an unknown language", _bad({"signal": {"title": {"nl": "a", "fr": "b"}}}),
     "onbekende sleutel ‘fr’"),
    ("label too long", _bad({"signal": {"fields": {"summary": {"label": "a" * 3000}}}}),
     "te lang"),
    ("add is an object", _bad({"signal": {"add": {}}}), "verwacht een lijst"),
    ("added field without type", _bad({"signal": {"add": [{"key": "x", "label": "X"}]}}),
     "‘type’ ontbreekt"),
    ("added field of unknown type", _bad({"signal": {"add": [
        {"key": "x", "type": "colour", "label": "X"}]}}), "onbekend soort"),
    ("added field with a bad key", _bad({"signal": {"add": [
        {"key": "Mijn Veld", "type": "short_text", "label": "X"}]}}), "Ongeldige veldnaam"),
    ("choice without code", _bad({"signal": {"add": [
        {"key": "x", "type": "single_choice", "label": "X", "choices": [{"label": "A"}]}]}}),
     "‘code’ ontbreekt"),
    ("condition with both forms", _bad({"signal": {"add": [
        {"key": "x", "type": "short_text", "label": "X",
         "visible_if": {"field": "source", "equals": "own", "one_of": ["own"]}}]}}),
     "één van beide"),
    ("float bound", _bad({"signal": {"fields": {"children_count": {"maximum": 2.5}}}}),
     "heel getal"),
]


@pytest.mark.parametrize(("text", "fragment"), [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
def test_malformed_variant_is_refused_in_dutch(text: str, fragment: str):
    with pytest.raises(VariantError) as caught:
        parse_variant(text)
    assert isinstance(caught.value, ValidationError)
    assert fragment in caught.value.message


# (id, forms part of a well-formed file that does not fit the SIGNAL form, message fragment)
MISFITS = [
    ("unknown field", {"signal": {"fields": {"nope": {"required": True}}}},
     "er is geen veld ‘nope’"),
    ("after unknown field", {"signal": {"add": [
        {"key": "x", "type": "short_text", "label": "X", "after": "nope"}]}}, "geen veld ‘nope’"),
    ("added key exists", {"signal": {"add": [
        {"key": "summary", "type": "short_text", "label": "X"}]}}, "twee keer"),
    ("condition on a later field", {"signal": {"add": [
        {"key": "x", "type": "short_text", "label": "X", "after": "summary",
         "visible_if": {"field": "source", "equals": "own"}}]}}, "staat er niet vóór"),
    ("choices removed under a condition", {"signal": {"fields": {"source": {
        "choices": [{"code": "own", "label": "Eigen"}]}}}}, "geen mogelijk antwoord"),
    ("choices on a person field", {"signal": {"fields": {"concerns": {
        "choices": [{"code": "a", "label": "A"}]}}}}, "alleen keuzevelden"),
    ("minimum on text", {"signal": {"fields": {"summary": {"minimum": 1}}}}, "getalveld"),
    ("default breaks the field", {"signal": {"fields": {"vt_phone": {"default": "bel ons"}}}},
     "standaardwaarde"),
]


@pytest.mark.parametrize(("forms", "fragment"), [m[1:] for m in MISFITS],
                         ids=[m[0] for m in MISFITS])
def test_variant_that_does_not_fit_the_form_is_refused(forms: dict, fragment: str):
    v = parse_variant(json.dumps(variant(forms)))
    with pytest.raises(VariantError) as caught:
        apply_variant(SIGNAL, v)
    assert fragment in caught.value.message
    assert caught.value.message.startswith("Variant ‘Regio Noord’, formulier ‘signal’: ")


def test_unreadable_files_are_refused(tmp_path: Path):
    with pytest.raises(VariantError, match="kan niet worden gelezen"):
        load_variant(tmp_path / "missing.json")
    with pytest.raises(VariantError, match="kan niet worden gelezen"):
        load_variant(tmp_path)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(VariantError, match="geen UTF-8"):
        load_variant(binary)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 1))
    with pytest.raises(VariantError, match="te groot"):
        load_variant(big)


# Fuzzing: whatever comes in, only the project's own errors come out.

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=25)
WORDS = ["format", "format_version", "name", "version", "forms", "signal", "conversation",
         "fields", "add", "title", "label", "help", "required", "key", "type", "choices", "code",
         "after", "visible_if", "field", "equals", "one_of", "max_length", "minimum", "maximum",
         "default", "source", "multiple", "sensitive", "nl", "en", "summary", "held", "short_text",
         "yes_no", "single_choice", "scale", "person", FORMAT]
near_values = st.recursive(
    st.sampled_from(WORDS) | st.booleans() | st.integers(-3, 300) | st.none() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(WORDS), inner,
                                                                max_size=5),
    max_leaves=40)
near_variants = st.builds(
    lambda forms, extra: {"format": FORMAT, "format_version": 1, "name": "Fuzz", "forms": forms,
                          **extra},
    st.dictionaries(st.sampled_from(["signal", "conversation", "x"]),
                    st.dictionaries(st.sampled_from(["title", "fields", "add"]), near_values,
                                    max_size=3), max_size=2),
    st.dictionaries(st.sampled_from(["version", "description"]), near_values, max_size=1))


scalars = (st.sampled_from(WORDS) | st.booleans() | st.integers(-3, 300) | st.none()
           | st.text(max_size=5))
choice_lists = st.lists(st.fixed_dictionaries({"code": st.sampled_from(["own", "told", "a", ""]),
                                               "label": st.sampled_from(["A", "", "Bron"])}),
                        max_size=3)
changes = st.dictionaries(
    st.sampled_from(["label", "help", "required", "sensitive", "not_in_future", "max_length",
                     "minimum", "maximum", "choices", "default"]),
    scalars | choice_lists, max_size=3)
new_fields = st.fixed_dictionaries(
    {"key": st.sampled_from(["extra", "summary", "x", "Bad Key"]),
     "type": st.sampled_from([t.value for t in FieldType] + ["colour"]),
     "label": st.sampled_from(["Extra", {"nl": "Extra", "en": "Extra"}, ""])},
    optional={"after": st.sampled_from(["summary", "source", "safety", "nope"]),
              "choices": choice_lists, "required": st.booleans(), "multiple": st.booleans(),
              "visible_if": st.fixed_dictionaries(
                  {"field": st.sampled_from(["source", "summary", "held", "extra"]),
                   "equals": scalars}),
              "default": scalars, "minimum": scalars, "source": st.sampled_from(["children"])})
targeted_variants = st.builds(
    lambda fields, add: variant({"signal": {"fields": fields, "add": add}}),
    st.dictionaries(st.sampled_from(list(SIGNAL.keys) + ["nope"]), changes, max_size=3),
    st.lists(new_fields, max_size=3))


def _only_our_errors(text: str | bytes) -> None:
    try:
        v = parse_variant(text)
        for definition in (SIGNAL, CONVERSATION):
            apply_variant(definition, v)
    except VeiligwijzerError as exc:
        assert isinstance(exc, ValidationError) and exc.message.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_only_raises_validation_errors(text: str):
    _only_our_errors(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_raises_validation_errors(data: bytes):
    _only_our_errors(data)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_random_json_only_raises_validation_errors(value):
    _only_our_errors(json.dumps(value))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_variants | targeted_variants)
def test_nearly_valid_variants_only_raise_validation_errors(value):
    _only_our_errors(json.dumps(value))
