"""The household (issue 14): details per person, editing with history,
removing (refused while named in records), and the household order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.cases.model import (
    PERSON_FIELD_NAMES,
    Person,
    Role,
    address_of,
    address_text,
    edit_needs_reason,
    household_order,
    normal_postcode,
    validate_person_details,
    why_not_removable,
)
from app.errors import ValidationError
from app.services import cases as case_service
from app.store.store import Store
from tests.conftest import PASSPHRASE

TODAY = date(2026, 12, 3)


def person(pid: str, role: Role = Role.CHILD, **kw) -> Person:
    return Person(pid, "case", kw.pop("name", pid), role, **kw)


# -- order -------------------------------------------------------------------------


@pytest.mark.parametrize(("people", "expected"), [
    # typed in alphabetical order in one second: parents first, then oldest child
    ([person("anna", date_of_birth=date(2020, 1, 1)), person("bram", Role.PARENT),
      person("cor", Role.OUTSIDE_HOUSEHOLD), person("dirk", date_of_birth=date(2012, 5, 1))],
     ["bram", "dirk", "anna", "cor"]),
    # a partner with parental authority is a parent; one without is an other
    ([person("kind", age=4), person("partner", Role.PARTNER, parental_authority=True),
      person("vriend", Role.PARTNER), person("moeder", Role.PARENT)],
     ["partner", "moeder", "kind", "vriend"]),
    # an estimated age is placed among birth dates; an unknown age comes last
    ([person("onbekend"), person("zes", age=6), person("tien", date_of_birth=date(2016, 6, 1)),
      person("twee", date_of_birth=date(2024, 6, 1))],
     ["tien", "zes", "twee", "onbekend"]),
    # others by role: partner, ex-partner, household member, outside the household
    ([person("buiten", Role.OUTSIDE_HOUSEHOLD), person("huis", Role.HOUSEHOLD_MEMBER),
      person("ex", Role.EX_PARTNER)],
     ["ex", "huis", "buiten"]),
])
def test_household_order(people, expected):
    assert [p.id for p in household_order(people, TODAY)] == expected


# -- details ---------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "kept"), [
    ("1234ab", "1234 AB"), (" 1234  Ab ", "1234 AB"), ("B-1000", "B-1000"), ("", "")])
def test_postcode_is_written_the_dutch_way(typed, kept):
    assert normal_postcode(typed) == kept


def test_address_is_taken_from_the_person_one_lives_with():
    mother = person("m", Role.PARENT, street="Lindelaan 4", postcode="8011 AB", place="Zwolle")
    child = person("c", same_address_as="m")
    baby = person("b", same_address_as="c")
    father = person("f", Role.EX_PARTNER, street="Dorpsstraat 1", place="Kampen")
    everyone = [mother, child, baby, father]
    assert address_text(address_of(child, everyone)) == "Lindelaan 4, 8011 AB Zwolle"
    assert address_of(baby, everyone) == mother.own_address
    assert address_text(address_of(father, everyone)) == "Dorpsstraat 1, Kampen"
    # a chain is resolved to its end when saved
    saved = validate_person_details(baby, everyone, TODAY)
    assert saved.same_address_as == "m"


@pytest.mark.parametrize(("changes", "field"), [
    ({"same_address_as": "m", "street": "Elders 1"}, "same_address_as"),
    ({"same_address_as": "c"}, "same_address_as"),  # oneself
    ({"same_address_as": "nobody"}, "same_address_as"),
    ({"phone": "bel me"}, "phone"),
    ({"postcode": "x" * 11}, "postcode"),
    ({"name": " "}, "name"),
])
def test_invalid_details_are_refused(changes, field):
    mother = person("m", Role.PARENT)
    child = replace(person("c"), **changes)
    with pytest.raises(ValidationError) as info:
        validate_person_details(child, [mother, child], TODAY)
    assert info.value.field == field


@pytest.mark.parametrize(("old", "new", "needs"), [
    ({}, {"phone": "06 1234 5678"}, False),          # filling in
    ({"phone": "06 1"}, {"phone": "06 2"}, True),     # changing
    ({"phone": "06 1"}, {"phone": ""}, True),         # clearing
    ({"interpreter_needed": None}, {"interpreter_needed": True}, False),
    ({"interpreter_needed": False}, {"interpreter_needed": True}, True),
    ({}, {}, False),
])
def test_a_changed_filled_in_value_needs_a_reason(old, new, needs):
    before = replace(person("p"), **old)
    assert edit_needs_reason(before, replace(before, **new)) is needs


def test_why_not_removable_names_where():
    assert why_not_removable({}) is None
    text = why_not_removable({"signal": 2, "safety_plan": 1})
    assert "signalen" in text and "veiligheidsplan" in text


def test_every_field_is_declared_once():
    assert len(set(PERSON_FIELD_NAMES)) == len(PERSON_FIELD_NAMES)
    assert set(PERSON_FIELD_NAMES) <= set(Person.__dataclass_fields__)


# -- the service and the store ----------------------------------------------------------


def test_details_edit_history_and_order_survive_reopening(store_path):
    store = Store.create(store_path, PASSPHRASE)
    case = case_service.create_case(store, "Familie Test")
    child = case_service.add_person(store, case.id, "Zoë", Role.CHILD, age=3,
                                    school="KDV De Vlinder")
    mother = case_service.add_person(store, case.id, "Anna", Role.PARENT,
                                     street="Lindelaan 4", postcode="8011ab", place="Zwolle",
                                     phone="06 1234 5678", language="Turks",
                                     interpreter_needed=True)
    case_service.edit_person(store, case.id, child.id, same_address_as=mother.id)
    with pytest.raises(ValidationError):
        case_service.edit_person(store, case.id, mother.id, phone="06 8765 4321")
    case_service.edit_person(store, case.id, mother.id, reason="nieuw nummer",
                             phone="06 8765 4321")
    store.close()

    store = Store.open(store_path, PASSPHRASE)
    people = store.cases.get(case.id).people
    assert [p.name for p in people] == ["Anna", "Zoë"]
    anna, zoe = people
    assert (anna.postcode, anna.phone, anna.interpreter_needed) == ("8011 AB", "06 8765 4321",
                                                                     True)
    assert zoe.same_address_as == anna.id and zoe.school == "KDV De Vlinder"
    history = case_service.person_history(store, anna.id)
    assert [(v.number, v.person.phone, v.reason) for v in history] == [
        (1, "06 1234 5678", None), (2, "06 8765 4321", "nieuw nummer")]
    entries = [e.detail for e in store.audit.entries() if e.detail.get("changed") == "person"]
    assert {"person": anna.id, "fields": "phone", "changed": "person"} in entries
    # ids and field names only: no value reaches the audit log
    assert not any(phone in str(d) for d in entries
                   for phone in ("06 1234 5678", "06 8765 4321", "8011 AB"))
    store.close()


def test_removal_is_refused_while_named_and_recorded_otherwise(store):
    case = case_service.create_case(store, "Familie Test")
    mother = case_service.add_person(store, case.id, "Anna", Role.PARENT)
    child = case_service.add_person(store, case.id, "Zoë", Role.CHILD,
                                    same_address_as=mother.id)
    with pytest.raises(ValidationError):
        case_service.remove_person(store, case.id, child.id, reason=" ")
    with pytest.raises(case_service.PersonStillNamed) as info:
        case_service.remove_person(store, case.id, mother.id, reason="verkeerd ingevuld")
    assert "adres" in info.value.message
    case_service.remove_person(store, case.id, child.id, reason="dubbel ingevoerd")
    assert [p.name for p in store.cases.get(case.id).people] == ["Anna"]
    last = case_service.person_history(store, child.id)[-1]
    assert last.removed and last.reason == "dubbel ingevoerd"
    assert any(e.detail.get("removed") == "person" for e in store.audit.entries())
    case_service.remove_person(store, case.id, mother.id, reason="verkeerd ingevuld")
    assert store.cases.get(case.id).people == ()


def test_migration_0009_keeps_the_people_and_starts_their_history(tmp_path, monkeypatch):
    from tests.store.legacy import insert_case, use_code_before

    path = tmp_path / "old.db"
    use_code_before(monkeypatch, 9)
    monkeypatch.setattr("app.store.store.write_pending", lambda conn: None)
    with Store.create(path, PASSPHRASE) as old:
        with old.transaction():
            case_id = insert_case(old.conn, "Familie Oud", old.worker_id, old.device_id)
            old.conn.execute(
                "INSERT INTO persons (id, case_id, name, role, date_of_birth, age,"
                " parental_authority, created_at, updated_at, author, device)"
                " VALUES ('p1', ?, 'Anna', 'parent', '1990-02-03', NULL, 1, ?, ?, ?, ?)",
                (case_id, "2026-11-01T10:00:00+00:00", "2026-11-01T10:00:00+00:00",
                 old.worker_id, old.device_id))
    monkeypatch.undo()
    with Store.open(path, PASSPHRASE) as store:
        anna = store.cases.get(case_id).people[0]
        assert (anna.name, anna.date_of_birth, anna.parental_authority, anna.street) == (
            "Anna", date(1990, 2, 3), True, "")
        history = case_service.person_history(store, "p1")
        assert [(v.number, v.person.name, v.person.parental_authority) for v in history] == [
            (1, "Anna", True)]
        edited = case_service.edit_person(store, case_id, "p1", place="Zwolle")
        assert edited.place == "Zwolle"
        assert len(case_service.person_history(store, "p1")) == 2
        assert store.verify().ok


def test_a_person_named_in_a_signal_or_the_plan_stays(store):
    from datetime import UTC, datetime

    from app.cases.model import new_id
    from app.meldcode.signals import Signal
    from app.meldcode.vocabulary import SourceKind, ViolenceForm
    from app.safety import SupportPerson
    from app.services import meldcode as meldcode_service
    from app.services import safety as safety_service

    case = case_service.create_case(store, "Familie Test")
    child = case_service.add_person(store, case.id, "Zoë", Role.CHILD, age=6)
    aunt = case_service.add_person(store, case.id, "Tante", Role.OUTSIDE_HOUSEHOLD)
    meldcode_service.record_signal(store, case.id, Signal(
        new_id(), datetime(2026, 11, 2, 10, tzinfo=UTC), (child.id,),
        frozenset({ViolenceForm.NOT_YET_CLEAR}), SourceKind.OWN_OBSERVATION,
        "Zoë schrok toen haar moeder binnenkwam."))
    safety_service.add_support_person(store, case.id, SupportPerson(
        new_id(), "Tante", "tante", "06 1234 5678", person_id=aunt.id))
    for person, where in ((child, "signalen"), (aunt, "veiligheidsplan")):
        with pytest.raises(case_service.PersonStillNamed) as info:
            case_service.remove_person(store, case.id, person.id, reason="weg")
        assert where in info.value.message
    assert len(store.cases.get(case.id).people) == 2
