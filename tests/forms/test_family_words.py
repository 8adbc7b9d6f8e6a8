"""Every field whose text reaches the family plan asks for the family's own
words, and no other field says it does: each text field of the safety forms
gets its own marker, the answers go through the forms' converters into a
plan, and the family plan is read back for the markers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.cases.model import Case, CaseStatus, Provenance
from app.export.family_plan import family_plan_document
from app.forms import FieldType, FormContext
from app.forms import safety as forms
from app.forms.context import static_clock
from app.i18n import _
from app.safety import (
    ActorKind,
    CasePlan,
    ItemStatus,
    Phase,
    PhaseState,
    add_condition,
    add_item,
    add_named_contact,
    add_support_person,
    add_tension_signal,
    plan_evaluation,
    set_condition_family_words,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
CONTEXT = FormContext(clock=static_clock(NOW))
TEXT = (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)
#: The forms whose answers can reach the family plan.
FEEDING = ("concern", "arrangements", "condition", "condition_words", "item",
           "support_person", "tension_signal", "contact")
#: How the help of such a field begins; it goes on to ask for the family's way
#: of saying it ("in woorden die het gezin zelf gebruikt", "zoals het gezin …").
ASKS_FAMILY_WORDS = "Dit komt in het gezinsplan"


def marker(form: str, key: str) -> str:
    return f"MARK-{form}-{key}-END"


def answers(form: str, **other: Any) -> dict[str, Any]:
    """A marker in every text field of ``form``, and ``other`` answers."""
    values = {f.key: marker(form, f.key)
              for f in forms.SAFETY_FORMS[form].fields if f.type in TEXT}
    return {**values, **other}


def plan_from_every_form() -> CasePlan:
    """One answer of every feeding form, through its converter, in a plan.
    The second condition gets the family's words afterwards (its own form)."""
    plan = CasePlan("p", "case", biggest_concern=answers("concern")["biggest_concern"])
    arranged = forms.arrangements_from_values(
        answers("arrangements", evaluate_on=date(2026, 3, 20)), context=CONTEXT)
    plan = plan_evaluation(CasePlan(
        "p", "case", biggest_concern=plan.biggest_concern, overseer=arranged.overseer,
        evaluate_with=arranged.evaluate_with, terms=arranged.terms, if_kept=arranged.if_kept,
        if_not_kept=arranged.if_not_kept), arranged.evaluate_on)
    first = forms.condition_from_values(
        answers("condition", source="veilig_thuis", set_on=date(2026, 3, 1)), context=CONTEXT)
    second = forms.condition_from_values(
        answers("condition", source="veilig_thuis", set_on=date(2026, 3, 1), family_words=None,
                text="Tweede voorwaarde."), context=CONTEXT)
    plan = add_condition(add_condition(plan, first), second)
    plan = set_condition_family_words(plan, second.id, forms.condition_words_from_values(
        answers("condition_words"), context=CONTEXT))
    state = PhaseState.start(date(2026, 3, 1))
    item = forms.item_from_values(answers(
        "item", who_kind=ActorKind.NETWORK.value, phase=str(Phase.DIRECT_SAFETY.value),
        status=ItemStatus.OPEN.value, ongoing=True), context=CONTEXT)
    plan = add_item(plan, item, state)
    plan = add_support_person(plan, forms.support_person_from_values(
        answers("support_person"), context=CONTEXT))
    plan = add_tension_signal(plan, forms.tension_signal_from_values(
        answers("tension_signal"), context=CONTEXT))
    contact = forms.contact_from_values(answers("contact", number="06-12345678"),
                                        context=CONTEXT)
    return add_named_contact(plan, contact.name, contact.number)


def family_plan_text() -> str:
    case = Case("case", "VW-TEST", "Familie Test", CaseStatus.OPEN,
                Provenance(NOW, NOW, "worker", "device"))
    return family_plan_document(case, plan_from_every_form(), PhaseState.start(
        date(2026, 3, 1)), made_on=date(2026, 3, 10)).text()


TEXT_FIELDS = [(form, f) for form, definition in forms.SAFETY_FORMS.items()
               for f in definition.fields if f.type in TEXT]
FED = [pytest.param(form, f, id=f"{form}.{f.key}") for form, f in TEXT_FIELDS
       if form in FEEDING]
NOT_FED = [pytest.param(form, f, id=f"{form}.{f.key}") for form, f in TEXT_FIELDS
           if form not in FEEDING]


@pytest.fixture(scope="module")
def printed() -> str:
    return family_plan_text()


@pytest.mark.parametrize(("form", "field"), FED)
def test_a_field_the_family_reads_asks_for_the_family_words(printed, form, field):
    help_text = _(field.help) if field.help else ""
    if marker(form, field.key) in printed:
        assert help_text.startswith(ASKS_FAMILY_WORDS), (form, field.key, help_text)
        assert "het gezin" in help_text[len(ASKS_FAMILY_WORDS):], (form, field.key, help_text)
    else:
        assert not help_text.startswith(ASKS_FAMILY_WORDS), (form, field.key, help_text)


def test_the_formal_condition_says_how_the_family_reads_it(printed):
    """The formal text reaches the plan only when the family's words are
    missing; its help says so instead of asking for the family's words."""
    formal = forms.CONDITION_FORM.field("text")
    assert marker("condition", "text") not in printed  # the family's words are given
    assert "Tweede voorwaarde." not in printed
    assert "Zo leest het gezin het ook, als je hieronder niets invult." in _(formal.help)
    assert "Veilig Thuis" in _(formal.help)


def test_the_markers_reach_the_plan(printed):
    """The fields the family plan is made of do reach it (so the test above
    can fail): the agreement, the network, the signals, the arrangements."""
    for form, key in (("concern", "biggest_concern"), ("condition", "family_words"),
                      ("condition_words", "family_words"), ("item", "what"),
                      ("item", "who_name"), ("support_person", "role"),
                      ("tension_signal", "does_3"), ("contact", "name"),
                      ("arrangements", "terms")):
        assert marker(form, key) in printed, (form, key)
    for form, key in (("item", "why"),):
        assert marker(form, key) not in printed


@pytest.mark.parametrize(("form", "field"), NOT_FED)
def test_no_other_field_claims_to_reach_the_family_plan(form, field):
    assert not (_(field.help) if field.help else "").startswith(ASKS_FAMILY_WORDS)
