"""Case use cases: list, create, open, add a household member."""

from __future__ import annotations

from datetime import date

from app.cases.model import (
    Case,
    CaseStatus,
    CaseSummary,
    Person,
    Provenance,
    Role,
    new_id,
    new_reference,
    validate_household_name,
    validate_person,
)
from app.errors import VeiligwijzerError
from app.i18n import _
from app.output import shown
from app.store.audit import AuditAction
from app.store.store import Store


class CaseNotFound(VeiligwijzerError):
    def __init__(self, ref: str) -> None:
        super().__init__(_("Er is geen casus met kenmerk {ref}.").format(ref=shown(ref)))


def _provenance(store: Store) -> Provenance:
    return Provenance.now(store.worker_id, store.device_id)


def list_cases(store: Store) -> list[CaseSummary]:
    return store.cases.summaries()


def create_case(store: Store, household_name: str, today: date | None = None) -> Case:
    name = validate_household_name(household_name)
    today = today or date.today()
    with store.transaction():
        reference = new_reference(today)
        while store.cases.reference_exists(reference):
            reference = new_reference(today)
        case = Case(new_id(), reference, name, CaseStatus.OPEN, _provenance(store))
        store.cases.add(case)
        store.audit.append(AuditAction.CREATE, "case", case.id)
    return case


def find_case(store: Store, id_or_reference: str) -> Case:
    case = store.cases.get(id_or_reference) or store.cases.by_reference(id_or_reference.upper())
    if case is None:
        raise CaseNotFound(id_or_reference)
    return case


def open_case(store: Store, id_or_reference: str) -> Case:
    """Load a case to show it; the view is logged."""
    case = find_case(store, id_or_reference)
    with store.transaction():
        store.audit.append(AuditAction.VIEW, "case", case.id)
    return case


def add_person(store: Store, case_id: str, name: str, role: Role,
               date_of_birth: date | None = None, age: int | None = None,
               parental_authority: bool | None = None, today: date | None = None) -> Person:
    validate_person(name, date_of_birth, age, today or date.today())
    provenance = _provenance(store)
    person = Person(new_id(), case_id, name.strip(), role, date_of_birth,
                    None if date_of_birth else age, parental_authority, provenance)
    with store.transaction():
        if store.cases.get(case_id) is None:
            raise CaseNotFound(case_id)
        store.cases.add_person(person)
        store.cases.touch(case_id, provenance)
        store.audit.append(AuditAction.CHANGE, "case", case_id, added="person",
                           person=person.id)
    return person
