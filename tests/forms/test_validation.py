"""The validator, rule by rule: each row is a field, a raw answer and the expected message."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import ValidationError
from app.forms import Field, FieldType, FormContext, FormDefinition, clean, validate, when
from app.forms.values import normalise
from tests.forms.samples import CONVERSATION, NOW, SIGNAL, context

T = FieldType
REQUIRED_TEXT = "Vul dit in; dit is verplicht."
REQUIRED_PICK = "Maak een keuze; dit is verplicht."
WRONG_TYPE = "Dit antwoord heeft niet de goede vorm."
NO_DATE = "Deze datum bestaat niet."
DATE_FORMAT = "Vul een datum in als dd-mm-jjjj."
FUTURE_DATE = "Deze datum ligt in de toekomst."
FUTURE_MOMENT = "Dit moment ligt in de toekomst."
NOT_A_CHOICE = "Deze keuze is niet mogelijk."
NOT_IN_HOUSEHOLD = "Deze persoon hoort niet bij het huishouden van deze casus."
WHOLE_NUMBER = "Vul een heel getal in."
PHONE = "Dit is geen telefoonnummer. Gebruik cijfers, spaties, - en +."

CHOICES = (("a", "A"), ("b", "B"))


def one(field: Field) -> FormDefinition:
    return FormDefinition("one", "Eén vraag", (field,))


# (test id, field, raw answer, expected messages)
CASES = [
    # required
    ("required text missing", Field("x", T.SHORT_TEXT, "X", required=True), None,
     [REQUIRED_TEXT]),
    ("required text blank", Field("x", T.SHORT_TEXT, "X", required=True), "  \n ",
     [REQUIRED_TEXT]),
    ("required text given", Field("x", T.SHORT_TEXT, "X", required=True), "iets", []),
    ("optional text missing", Field("x", T.SHORT_TEXT, "X"), None, []),
    ("required yes/no unanswered", Field("x", T.YES_NO, "X", required=True), None,
     [REQUIRED_PICK]),
    ("required yes/no answered no", Field("x", T.YES_NO, "X", required=True), False, []),
    ("required multi empty", Field("x", T.MULTI_CHOICE, "X", required=True, choices=CHOICES),
     [], [REQUIRED_PICK]),
    ("required date missing", Field("x", T.DATE, "X", required=True), "", [REQUIRED_TEXT]),
    ("required number zero", Field("x", T.INTEGER, "X", required=True), 0, []),
    # too long
    ("short text at default limit", Field("x", T.SHORT_TEXT, "X"), "a" * 200, []),
    ("short text over default limit", Field("x", T.SHORT_TEXT, "X"), "a" * 201,
     ["Dit is te lang: hoogstens 200 tekens, nu 201."]),
    ("long text at default limit", Field("x", T.LONG_TEXT, "X"), "a" * 4000, []),
    ("long text over default limit", Field("x", T.LONG_TEXT, "X"), "a" * 4001,
     ["Dit is te lang: hoogstens 4000 tekens, nu 4001."]),
    ("own limit", Field("x", T.SHORT_TEXT, "X", max_length=5), "abcdef",
     ["Dit is te lang: hoogstens 5 tekens, nu 6."]),
    ("length counted after trimming", Field("x", T.SHORT_TEXT, "X", max_length=5),
     "  abcde  ", []),
    # impossible dates and format
    ("30 February (nl)", Field("x", T.DATE, "X"), "30-02-2026", [NO_DATE]),
    ("30 February (iso)", Field("x", T.DATE, "X"), "2026-02-30", [NO_DATE]),
    ("month 13", Field("x", T.DATE, "X"), "2026-13-01", [NO_DATE]),
    ("leap day", Field("x", T.DATE, "X"), "29-02-2024", []),
    ("not a date", Field("x", T.DATE, "X"), "gisteren", [DATE_FORMAT]),
    ("year before 1900", Field("x", T.DATE, "X"), date(1850, 1, 1),
     ["Vul een jaar vanaf 1900 in."]),
    ("impossible time", Field("x", T.DATETIME, "X"), "2026-03-01T25:00",
     ["Deze datum of tijd bestaat niet."]),
    ("not a moment", Field("x", T.DATETIME, "X"), "vanochtend",
     ["Vul een datum en tijd in als dd-mm-jjjj uu:mm."]),
    # not in the future (NOW = 10 March 2026 14:30)
    ("date tomorrow", Field("x", T.DATE, "X", not_in_future=True), date(2026, 3, 11),
     [FUTURE_DATE]),
    ("date today", Field("x", T.DATE, "X", not_in_future=True), date(2026, 3, 10), []),
    ("future allowed", Field("x", T.DATE, "X"), date(2030, 1, 1), []),
    ("moment a minute ahead", Field("x", T.DATETIME, "X", not_in_future=True),
     "2026-03-10 14:31", [FUTURE_MOMENT]),
    ("moment now", Field("x", T.DATETIME, "X", not_in_future=True), NOW, []),
    ("moment with time zone ahead", Field("x", T.DATETIME, "X", not_in_future=True),
     (NOW + timedelta(hours=1)).astimezone(UTC), [FUTURE_MOMENT]),
    # integer range
    ("below minimum", Field("x", T.INTEGER, "X", minimum=0, maximum=20), -1,
     ["Vul een getal in van 0 tot en met 20."]),
    ("above maximum", Field("x", T.INTEGER, "X", minimum=0, maximum=20), "21",
     ["Vul een getal in van 0 tot en met 20."]),
    ("at maximum", Field("x", T.INTEGER, "X", minimum=0, maximum=20), 20, []),
    ("only minimum", Field("x", T.INTEGER, "X", minimum=1), 0,
     ["Vul een getal in van 1 of meer."]),
    ("only maximum", Field("x", T.INTEGER, "X", maximum=3), 4,
     ["Vul een getal in van 3 of minder."]),
    ("scale 11", Field("x", T.SCALE, "X"), 11, ["Vul een getal in van 0 tot en met 10."]),
    ("scale -1", Field("x", T.SCALE, "X"), -1, ["Vul een getal in van 0 tot en met 10."]),
    ("scale 10", Field("x", T.SCALE, "X"), 10, []),
    # choices and people
    ("unknown choice", Field("x", T.SINGLE_CHOICE, "X", choices=CHOICES), "c", [NOT_A_CHOICE]),
    ("known choice", Field("x", T.SINGLE_CHOICE, "X", choices=CHOICES), "b", []),
    ("multi with unknown", Field("x", T.MULTI_CHOICE, "X", choices=CHOICES), ["a", "z"],
     [NOT_A_CHOICE]),
    ("multi all known", Field("x", T.MULTI_CHOICE, "X", choices=CHOICES), ["b", "a", "b"], []),
    ("source choice", Field("x", T.SINGLE_CHOICE, "X", source="children"), "p-bram", []),
    ("stranger", Field("x", T.PERSON, "X"), "p-nobody", [NOT_IN_HOUSEHOLD]),
    ("household member", Field("x", T.PERSON, "X"), "p-anna", []),
    ("not among the children", Field("x", T.PERSON, "X", source="children"), "p-anna",
     [NOT_IN_HOUSEHOLD]),
    ("several people, one stranger", Field("x", T.PERSON, "X", multiple=True),
     ["p-anna", "p-nobody"], [NOT_IN_HOUSEHOLD]),
    # wrong type
    ("number for text", Field("x", T.SHORT_TEXT, "X"), 5, [WRONG_TYPE]),
    ("maybe for yes/no", Field("x", T.YES_NO, "X"), "misschien", [WRONG_TYPE]),
    ("yes/no as text", Field("x", T.YES_NO, "X"), "Ja", []),
    ("text for multi", Field("x", T.MULTI_CHOICE, "X", choices=CHOICES), "a", [WRONG_TYPE]),
    ("list for single", Field("x", T.SINGLE_CHOICE, "X", choices=CHOICES), ["a"], [WRONG_TYPE]),
    ("list for one person", Field("x", T.PERSON, "X"), ["p-anna"], [WRONG_TYPE]),
    ("datetime for date", Field("x", T.DATE, "X"), NOW, [WRONG_TYPE]),
    ("date for datetime", Field("x", T.DATETIME, "X"), date(2026, 1, 1), [WRONG_TYPE]),
    ("word for number", Field("x", T.INTEGER, "X"), "drie", [WHOLE_NUMBER]),
    ("fraction for number", Field("x", T.INTEGER, "X"), 1.5, [WHOLE_NUMBER]),
    ("bool for number", Field("x", T.INTEGER, "X"), True, [WHOLE_NUMBER]),
    # phone numbers
    ("Veilig Thuis", Field("x", T.PHONE, "X"), "0800-2000", []),
    ("international", Field("x", T.PHONE, "X"), "+31 (0)6 1234 5678", []),
    ("112", Field("x", T.PHONE, "X"), "112", []),
    ("letters", Field("x", T.PHONE, "X"), "bel me", [PHONE]),
    ("too few digits", Field("x", T.PHONE, "X"), "12", [PHONE]),
]


@pytest.mark.parametrize(("field", "raw", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rule(field: Field, raw, expected: list[str]):
    errors = validate(one(field), {"x": raw}, context())
    assert errors.get("x", []) == expected
    assert set(errors) <= {"x"}


def test_every_rule_has_a_passing_and_a_failing_row():
    kinds = {c[1].type for c in CASES}
    for kind in kinds:
        rows = [c for c in CASES if c[1].type is kind]
        assert any(c[3] for c in rows) and any(not c[3] for c in rows), kind


# visible_if: hidden fields are neither required nor kept

def test_hidden_required_field_is_not_required():
    assert validate(CONVERSATION, {"held": True, "held_on": "01-03-2026"}, context()) == {}
    assert validate(CONVERSATION, {"held": False}, context()) == {
        "reason_not_held": [REQUIRED_TEXT]}


def test_hidden_field_is_not_checked_nor_kept():
    values = {"held": True, "held_on": "2026-03-01", "reason_not_held": "x" * 9000}
    assert validate(CONVERSATION, values, context()) == {}
    assert clean(CONVERSATION, values, context()) == {"held": True,
                                                     "held_on": date(2026, 3, 1)}


def test_unanswered_condition_hides_both_branches():
    assert validate(CONVERSATION, {}, context()) == {"held": [REQUIRED_PICK]}


def test_field_behind_hidden_field_is_hidden_too():
    form = FormDefinition("chain", "Keten", (
        Field("a", T.YES_NO, "A"),
        Field("b", T.SINGLE_CHOICE, "B", choices=CHOICES, visible_if=when("a", True)),
        Field("c", T.SHORT_TEXT, "C", required=True, visible_if=when("b", "a")),
    ))
    assert validate(form, {"a": False, "b": "a"}, context()) == {}
    assert validate(form, {"a": True, "b": "a"}, context()) == {"c": [REQUIRED_TEXT]}


def test_condition_on_multiple_choice_needs_one_ticked():
    form = FormDefinition("multi", "Meer", (
        Field("m", T.MULTI_CHOICE, "M", choices=CHOICES),
        Field("why", T.SHORT_TEXT, "Waarom", required=True, visible_if=when("m", "b")),
    ))
    assert validate(form, {"m": ["a"]}, context()) == {}
    assert validate(form, {"m": ["a", "b"]}, context()) == {"why": [REQUIRED_TEXT]}


# clean

def test_clean_gives_typed_normalised_values():
    values = {"summary": "  Blauwe   plek\n op arm ", "facts": " regel 1\r\nregel 2 \n",
              "observed_at": "10-03-2026 09:15", "source": "own", "concerns": ["p-cem", "p-anna"],
              "children_count": " 2 ", "safety": 4, "vt_phone": " 0800-2000 ", "unknown": 1}
    assert clean(SIGNAL, values, context()) == {
        "summary": "Blauwe plek op arm", "facts": "regel 1\nregel 2",
        "observed_at": datetime(2026, 3, 10, 9, 15), "source": "own",
        "concerns": ["p-anna", "p-cem"], "child": None, "forms": [], "children_count": 2,
        "safety": 4, "born": None, "vt_phone": "0800-2000"}


def test_clean_raises_the_first_problem_in_form_order():
    with pytest.raises(ValidationError) as caught:
        clean(SIGNAL, {"summary": "", "children_count": 99}, context())
    assert caught.value.field == "summary"
    assert str(caught.value) == f"Korte omschrijving: {REQUIRED_TEXT}"


def test_the_clock_comes_from_the_context():
    field = Field("x", T.DATE, "X", not_in_future=True)
    later = FormContext(clock=lambda: datetime(2030, 1, 1, tzinfo=UTC))
    assert validate(one(field), {"x": "2029-12-31"}, later) == {}
    assert validate(one(field), {"x": "2029-12-31"}, context()) == {"x": [FUTURE_DATE]}


def test_normalise_reports_instead_of_raising_on_odd_input():
    for raw in (object(), {"a": 1}, b"bytes", 3.5, [1, 2], float("nan")):
        for kind in T:
            field = Field("x", kind, "X", choices=CHOICES if kind in {
                T.SINGLE_CHOICE, T.MULTI_CHOICE} else ())
            value, problem = normalise(field, raw, context())
            assert value is None and problem
