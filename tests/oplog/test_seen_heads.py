"""Every form that edits mutable fields keeps the heads it saw when it opened
(issue 19): a value that arrived from another store while the form was open
becomes a conflict on both values when the form is saved, never a silent
overwrite; a field the form left as it showed it stays as it arrived.

One table, one row per form, each with a real pair of SQLCipher stores that
exchange their operations: the person form, the case's type and status (the
close-case form), the handover details and the safety plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pytest

from app.cases.model import Role
from app.forms.handover import HandoverDetails
from app.services import cases as case_service
from app.services import fields
from app.services import handover as handover_service
from app.services import retention as retention_service
from app.services import safety as safety_service
from app.store.oplog import import_batch
from app.store.store import Store
from tests.conftest import PASSPHRASE


def exchange_ops(source: Store, target: Store) -> None:
    items = [(bytes(b), bytes(s)) for _seq, b, s in source.ops.since(0)]
    with target.transaction():
        result = import_batch(target.ops, items, source.ops.devices())
    assert not result.refused


@dataclass(frozen=True)
class Form:
    """One form: what it edits (entity, field), how a colleague changes that
    field, and how the form saves a value with the heads it saw."""

    entity: str
    field: str
    #: (store, case id, person id) -> the entity id
    thing: Callable[[Store, str, str], str]
    #: (store, case id, person id, value, seen): save the form with ``value``
    save: Callable
    #: The stored value of the field, for two different inputs
    values: tuple[str, str]
    #: (store, case id, person id) -> what the form shows when it opens
    shown: Callable | None = None
    #: (store, case id, person id, seen, shown): save the form as it was
    #: opened, with another field changed
    save_other: Callable | None = None


def _person_save(store, case_id, person_id, value, seen):
    case_service.edit_person(store, case_id, person_id, "typfout", seen=seen, phone=value)


def _person_shown(store, case_id, person_id):
    return next(p for p in case_service.find_case(store, case_id).people if p.id == person_id)


def _person_other(store, case_id, person_id, seen, shown):
    # The person form sends every field as it showed them when it opened.
    case_service.edit_person(store, case_id, person_id, "", seen=seen, phone=shown.phone,
                             school="De Regenboog")


def _handover_save(store, case_id, _person_id, value, seen):
    details = handover_service.get_handover_details(store, case_id)
    handover_service.set_handover_details(store, case_id, replace(details, agreements=value),
                                          seen=seen)


def _handover_shown(store, case_id, _person_id):
    return handover_service.get_handover_details(store, case_id)


def _handover_other(store, case_id, _person_id, seen, shown):
    handover_service.set_handover_details(
        store, case_id, replace(shown, other_professionals="huisarts"), seen=seen)


def _case_type_save(store, case_id, _person_id, value, seen):
    retention_service.set_case_type(store, case_id, value, seen=seen)


def _concern_save(store, case_id, _person_id, value, seen):
    safety_service.set_biggest_concern(store, case_id, value, seen=seen)


FORMS = [
    pytest.param(Form("persons", "phone", lambda s, c, p: p, _person_save,
                      ("0612345678", "0687654321"), _person_shown, _person_other), id="person"),
    pytest.param(Form("cases", "case_type", lambda s, c, p: c, _case_type_save,
                      ("youth", "adult")), id="case"),
    pytest.param(Form("handover_details", "agreements", lambda s, c, p: c, _handover_save,
                      ("Moeder belt dagelijks.", "Vader haalt de kinderen op."),
                      _handover_shown, _handover_other), id="handover"),
    pytest.param(Form("safety_plan", "version_op", lambda s, c, p: c, _concern_save,
                      ("Ruzie bij het ophalen.", "Schreeuwen in de nacht.")), id="safety_plan"),
]


@pytest.fixture
def pair(tmp_path):
    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    case = case_service.create_case(a, "Familie de Wit")
    person = case_service.add_person(a, case.id, "Sara de Wit", Role.PARENT, age=38)
    handover_service.set_handover_details(a, case.id, HandoverDetails(agreements="Eerst"))
    safety_service.set_biggest_concern(a, case.id, "Eerste zorg")
    retention_service.set_case_type(a, case.id, "advice")
    exchange_ops(a, b)
    yield a, b, case.id, person.id
    a.close()
    b.close()


@pytest.mark.parametrize("form", FORMS)
def test_a_value_that_arrives_while_the_form_is_open_becomes_a_conflict(pair, form):
    a, b, case_id, person_id = pair
    thing = form.thing(b, case_id, person_id)
    theirs, ours = form.values
    seen = fields.seen(b, form.entity, thing)  # B opens the form
    assert seen[form.field], "the form saw the field's current head"
    form.save(a, case_id, person_id, theirs, None)
    exchange_ops(a, b)  # arrives while B's form is open
    form.save(b, case_id, person_id, ours, seen)
    exchange_ops(b, a)
    for store in (a, b):
        conflicts = fields.conflicts_of(store, form.entity, thing)
        assert list(conflicts) == [form.field]
        versions = conflicts[form.field].versions
        assert len(versions) == 2
        assert {v.device for v in versions} == {a.device_id, b.device_id}


@pytest.mark.parametrize("form", FORMS)
def test_without_a_value_from_elsewhere_the_form_saves_plainly(pair, form):
    _a, b, case_id, person_id = pair
    thing = form.thing(b, case_id, person_id)
    seen = fields.seen(b, form.entity, thing)
    form.save(b, case_id, person_id, form.values[1], seen)
    assert fields.conflicts_of(b, form.entity, thing) == {}


@pytest.mark.parametrize("form", [f for f in FORMS if f.values[0].save_other is not None])
def test_a_field_the_form_left_as_shown_keeps_what_arrived(pair, form):
    a, b, case_id, person_id = pair
    thing = form.thing(b, case_id, person_id)
    theirs, _ours = form.values
    seen = fields.seen(b, form.entity, thing)
    shown = form.shown(b, case_id, person_id)
    form.save(a, case_id, person_id, theirs, None)
    exchange_ops(a, b)
    form.save_other(b, case_id, person_id, seen, shown)  # changes another field only
    exchange_ops(b, a)
    for store in (a, b):
        assert fields.conflicts_of(store, form.entity, thing) == {}
        [version] = store.ops.versions(form.entity, thing)[form.field]
        assert version.value == theirs and version.device == a.device_id


def test_closing_a_case_with_the_status_seen_when_the_form_opened(pair):
    a, b, case_id, _person_id = pair
    seen = fields.seen(b, "cases", case_id)
    retention_service.close_case(a, case_id, date.today())
    retention_service.reopen_case(a, case_id)
    exchange_ops(a, b)
    retention_service.close_case(b, case_id, date.today(), seen=seen)
    exchange_ops(b, a)
    for store in (a, b):
        assert "status" in fields.conflicts_of(store, "cases", case_id)


def test_a_plan_in_conflict_takes_no_change_until_a_version_is_chosen(pair):
    a, b, case_id, _person_id = pair
    seen = safety_service.load_plan(b, case_id).seen
    safety_service.set_biggest_concern(a, case_id, "Van A")
    exchange_ops(a, b)
    safety_service.set_biggest_concern(b, case_id, "Van B", seen=seen)
    with pytest.raises(safety_service.PlanInConflict):
        safety_service.set_biggest_concern(b, case_id, "Nog iets")
    [row] = fields.conflicts_of(b, "safety_plan", case_id).values()
    chosen = next(v for v in row.versions if v.device == a.device_id)
    fields.resolve(b, row, chosen.value)
    assert safety_service.load_plan(b, case_id).plan.biggest_concern == "Van A"
    safety_service.set_biggest_concern(b, case_id, "Nog iets")
