"""A safety condition in the family's own words (in de woorden van het gezin):
the formal text stays as the organisation set it, for Veilig Thuis and for
matching the conditions it hands back; the family plan reads the family's
words; a plan saved before the field existed still loads."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from app.cases.model import initials, mask_names
from app.forms.handover import HandedBackCondition
from app.safety import (
    CasePlan,
    ConditionSource,
    PhaseState,
    SafetyCondition,
    add_condition,
    conditions_without_family_words,
    set_condition_family_words,
)
from app.safety.discreet import discreet_plan
from app.services import cases as case_service
from app.services import safety
from app.store.audit import AuditAction
from app.store.codec import to_json
from app.store.safety import phase_state_to_json
from app.store.store import Store
from tests.conftest import PASSPHRASE

DAY = date(2026, 3, 2)
FORMAL = "Er is geen sprake meer van fysiek geweld of bedreiging tussen de ouders."
OWN = "Niemand in huis slaat, duwt of bedreigt een ander."


def condition(words: str = "", text: str = FORMAL, id: str = "c1") -> SafetyCondition:
    return SafetyCondition(id, text, ConditionSource.VEILIG_THUIS, DAY, family_words=words)


@pytest.mark.parametrize(("text", "words", "for_family"), [
    (FORMAL, OWN, OWN),
    (FORMAL, "", FORMAL),
    (FORMAL, "   ", FORMAL),          # spaces only are no words
    (f"  {FORMAL} ", "", FORMAL),
    (FORMAL, f" {OWN}\n", OWN),
])
def test_the_family_reads_its_own_words_when_there_are_any(text, words, for_family):
    assert condition(words, text).for_family == for_family


def test_family_words_change_nothing_of_the_formal_text():
    plan = add_condition(CasePlan("p", "case"), condition())
    plan = add_condition(plan, condition(id="c2", text="De kinderen gaan naar school."))
    assert [c.id for c in conditions_without_family_words(plan)] == ["c1", "c2"]
    said = set_condition_family_words(plan, "c1", f"  {OWN} ")
    assert said.conditions[0] == condition(OWN)  # trimmed; text, source, date untouched
    assert said.conditions[1] == plan.conditions[1]
    assert [c.id for c in conditions_without_family_words(said)] == ["c2"]
    assert conditions_without_family_words(set_condition_family_words(said, "c1", " ")) \
        == list(plan.conditions)


def test_discreet_mode_shows_the_family_words_with_initials():
    plan = add_condition(CasePlan("p", "case"),
                         condition("Şükran Yılmaz belt zelf haar zus."))
    shown = discreet_plan(plan, ["Şükran Yılmaz"], mask_names, initials)
    assert "Şükran" not in shown.conditions[0].family_words
    assert "belt zelf haar zus" in shown.conditions[0].family_words


def test_handed_back_conditions_are_matched_on_the_formal_text_not_the_family_words(
        store: Store):
    case = case_service.create_case(store, "Familie Voorwaarde")
    safety.add_condition(store, case.id, condition())
    safety.set_condition_family_words(store, case.id, "c1", OWN)
    again = (HandedBackCondition(FORMAL.upper(), "fb", DAY),
             HandedBackCondition("Nieuw.", "fb", DAY))
    assert safety.take_over_vt_conditions(store, case.id, again) == 1
    plan = safety.load_plan(store, case.id).plan
    assert [(c.text, c.family_words) for c in plan.conditions] == [(FORMAL, OWN), ("Nieuw.", "")]
    # The family's words do not count as a text Veilig Thuis set.
    own = (HandedBackCondition(OWN, "fb", DAY),)
    assert safety.take_over_vt_conditions(store, case.id, own) == 1


def test_the_audit_entry_says_there_are_words_but_not_which(store: Store):
    case = case_service.create_case(store, "Familie Audit")
    safety.add_condition(store, case.id, condition())
    safety.set_condition_family_words(store, case.id, "c1", OWN)
    entry = [e for e in store.audit.entries(case.id) if e.action == AuditAction.CHANGE][-1]
    assert entry.detail["change"] == "set_condition_family_words"
    assert entry.detail["family_words"] is True
    assert "slaat" not in json.dumps(entry.detail)


def test_a_plan_saved_before_family_words_existed_still_loads(store_path):
    """An old payload has no ``family_words``: it loads as empty, and the
    family plan then prints the formal text."""
    store = Store.create(store_path, PASSPHRASE)
    case = case_service.create_case(store, "Familie Oud")
    plan = add_condition(CasePlan("p-old", case.id), condition())
    payload = json.loads(to_json(plan))
    for stored in payload["conditions"]:
        del stored["family_words"]
    old = json.dumps(payload)
    assert "family_words" not in old and FORMAL in old
    state = PhaseState.start(DAY)
    with store.transaction():
        # Through the store's log of operations, as every saved version is.
        store.ops.append("safety_plans", {
            "case_id": case.id, "payload": old, "phase_state": phase_state_to_json(state),
            "phase": 1, "change": "add_condition",
            "created_at": datetime(2026, 3, 2, 9, tzinfo=UTC).isoformat(),
            "author": store.worker_id, "device": store.device_id})
    store.close()
    with Store.open(store_path, PASSPHRASE) as reopened:
        loaded = safety.load_plan(reopened, case.id)
        assert loaded.version == 1
        [read] = loaded.plan.conditions
        assert read == condition()
        assert read.family_words == "" and read.for_family == FORMAL
        # And it takes the family's words as the next version.
        safety.set_condition_family_words(reopened, case.id, "c1", OWN)
        assert safety.load_plan(reopened, case.id).plan.conditions[0].for_family == OWN
