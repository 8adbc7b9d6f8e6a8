"""Case use cases: list, create, open, add a household member."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.cases.model import (
    PERSON_FIELD_NAMES,
    Case,
    CaseStatus,
    CaseSummary,
    Person,
    PersonVersion,
    Provenance,
    Role,
    changed_fields,
    edit_needs_reason,
    new_id,
    new_reference,
    validate_household_name,
    validate_person_details,
    why_not_removable,
)
from app.errors import ValidationError, VeiligwijzerError
from app.i18n import _
from app.output import shown
from app.services.case_keys import give_case_key
from app.store.audit import AuditAction
from app.store.store import Store


class CaseNotFound(VeiligwijzerError):
    def __init__(self, ref: str) -> None:
        super().__init__(_("Er is geen casus met kenmerk {ref}.").format(ref=shown(ref)))


MAX_REASON_LENGTH = 1000


class PersonNotInCase(VeiligwijzerError):
    def __init__(self) -> None:
        super().__init__(_("Deze betrokkene hoort niet (meer) bij deze casus."))


class PersonStillNamed(VeiligwijzerError):
    """A person named in records cannot be removed; the message says where."""


def _provenance(store: Store) -> Provenance:
    return Provenance.now(store.worker_id, store.device_id)


def list_cases(store: Store) -> list[CaseSummary]:
    return list_cases_read(store)[0]


@dataclass(frozen=True)
class ListRead:
    """Where a read of the case list stood (caselijst): the store's log of
    changed list rows (``CaseRepository.list_mark``) and the cases hidden
    because a consultation is over, which ends by time, not by a write."""

    mark: int
    hidden: frozenset[str]


#: More changed cases than this since the last read: read the whole list,
#: which then costs about what reading them one by one would.
MAX_LIST_CHANGES = 2000


def list_cases_read(store: Store) -> tuple[list[CaseSummary], ListRead]:
    """``list_cases``, and where it was read (for ``list_changes`` next time)."""
    mark = store.cases.list_mark()  # before the rows: a change in between is read again
    hidden = _consultation_over(store)
    return [c for c in store.cases.summaries() if c.id not in hidden], ListRead(mark, hidden)


def list_changes(store: Store, since: ListRead) -> tuple[
        list[CaseSummary], frozenset[str], ListRead] | None:
    """What changed in the case list since ``since``: (the list rows of the
    cases to show anew, the ids of every case whose row changed, came or
    went, where this read stands), so that the list equals ``list_cases``
    once those rows are replaced. None when that cannot be told (the log
    was cleared meanwhile, or most of the list changed): read it all."""
    changes = store.cases.list_changes_since(since.mark)
    if changes is None:
        return None
    mark, changed = changes
    hidden = _consultation_over(store)
    changed = changed | (hidden ^ since.hidden)
    if len(changed) > MAX_LIST_CHANGES:
        return None
    rows = [c for c in store.cases.summaries_of(changed) if c.id not in hidden] \
        if changed else []
    return rows, changed, ListRead(mark, hidden)


def _consultation_over(store: Store) -> frozenset[str]:
    """Cases this worker had for a consultation that is over: no longer shown
    (issue 21), even before a colleague's device made the case's new key."""
    if not store.consultations.of_consultant(store.worker_id):
        return frozenset()  # nearly every worker: one indexed look
    from app.services.caseteam import hidden_cases  # it builds on this module

    return hidden_cases(store)


def first_cases(store: Store, count: int) -> list[CaseSummary]:
    """The ``count`` most recently changed cases, as ``list_cases`` begins:
    the top of the case list, shown at once while the rest is read."""
    return store.cases.summaries(limit=count)


def create_case(store: Store, household_name: str, today: date | None = None) -> Case:
    name = validate_household_name(household_name)
    today = today or date.today()
    with store.transaction():
        reference = new_reference(today)
        while store.cases.reference_exists(reference):
            reference = new_reference(today)
        case = Case(new_id(), reference, name, CaseStatus.OPEN, _provenance(store))
        store.cases.add(case)
        # In a team, the case's key is made with it: need to know from the start.
        give_case_key(store, case.id)
        store.audit.append(AuditAction.CREATE, "case", case.id)
    return case


def find_case(store: Store, id_or_reference: str) -> Case:
    case = store.cases.get(id_or_reference) or store.cases.by_reference(id_or_reference.upper())
    if case is None or case.id in _consultation_over(store):
        raise CaseNotFound(id_or_reference)
    return case


def open_case(store: Store, id_or_reference: str) -> Case:
    """Load a case to show it; the view is logged."""
    case = find_case(store, id_or_reference)
    with store.transaction():
        store.audit.append(AuditAction.VIEW, "case", case.id)
        store.caseteam.mark_seen(case.id)  # new since you looked: local, no operation
    return case


def add_person(store: Store, case_id: str, name: str, role: Role,
               date_of_birth: date | None = None, age: int | None = None,
               parental_authority: bool | None = None, today: date | None = None,
               **details: Any) -> Person:
    """Add a person to the household. ``details`` are the other declared
    fields (``PERSON_FIELDS``): address, phone, school, language, interpreter."""
    today = today or date.today()
    provenance = _provenance(store)
    person = Person(new_id(), case_id, name, role, date_of_birth,
                    None if date_of_birth else age, parental_authority, provenance, **details)
    with store.transaction():
        case = store.cases.get(case_id)
        if case is None:
            raise CaseNotFound(case_id)
        person = validate_person_details(person, case.people, today)
        store.cases.add_person(person)
        store.cases.touch(case_id, provenance)
        store.audit.append(AuditAction.CHANGE, "case", case_id, added="person",
                           person=person.id)
    return person


def _person(case: Case, person_id: str) -> Person:
    for person in case.people:
        if person.id == person_id:
            return person
    raise PersonNotInCase()


def person_heads(store: Store, person_id: str) -> dict[str, tuple[str, ...]]:
    """What a person form has seen when it opens: pass it to ``edit_person``,
    so that a value that arrives from a colleague meanwhile becomes a
    conflict instead of being overwritten."""
    return store.cases.heads(person_id)


def edit_person(store: Store, case_id: str, person_id: str, reason: str = "",
                today: date | None = None, seen: Mapping[str, tuple[str, ...]] | None = None,
                **changes: Any) -> Person:
    """Change a person's fields (any of ``PERSON_FIELDS``). The previous
    values stay in the history; a changed or cleared value needs a reason.
    ``seen``: the heads when the form opened (``person_heads``); the current
    ones when None (the command line, tests)."""
    unknown = set(changes) - set(PERSON_FIELD_NAMES)
    if unknown:
        raise TypeError(f"not a person field: {sorted(unknown)}")
    today = today or date.today()
    with store.transaction():
        case = store.cases.get(case_id)
        if case is None:
            raise CaseNotFound(case_id)
        old = _person(case, person_id)
        if seen is not None:
            # A field the form sends as it showed it is no edit, also when a
            # colleague's value arrived meanwhile: theirs stays.
            left = store.cases.unedited(replace(old, **changes), changes, seen)
            changes = {k: v for k, v in changes.items() if k not in left}
        new = replace(old, **changes)
        if new.date_of_birth is not None:
            new = replace(new, age=None)
        new = validate_person_details(new, case.people, today)
        changed = changed_fields(old, new)
        if not changed:
            return old
        if edit_needs_reason(old, new) and not reason.strip():
            raise ValidationError(_("Schrijf op waarom je dit verandert. De vorige gegevens "
                                    "blijven bewaard."), field="reason")
        if len(reason) > MAX_REASON_LENGTH:
            raise ValidationError(_("De reden is te lang."), field="reason")
        provenance = old.provenance.touched(store.worker_id, store.device_id) \
            if old.provenance else _provenance(store)
        new = replace(new, provenance=provenance)
        store.cases.update_person(new, reason.strip() or None, seen=seen)
        store.cases.touch(case_id, provenance)
        store.audit.append(AuditAction.CHANGE, "case", case_id, changed="person",
                           person=person_id, fields=",".join(changed))
    return new


def remove_person(store: Store, case_id: str, person_id: str, reason: str) -> None:
    """Take a person out of the household. Refused, with where they are
    named, when a record names them; otherwise kept in the history with the
    reason and logged."""
    if not reason.strip():
        raise ValidationError(_("Schrijf op waarom deze betrokkene uit het huishouden gaat."),
                              field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(_("De reden is te lang."), field="reason")
    with store.transaction():
        case = store.cases.get(case_id)
        if case is None:
            raise CaseNotFound(case_id)
        person = _person(case, person_id)
        refusal = why_not_removable(store.cases.person_mentions(case_id, person_id))
        if refusal is not None:
            raise PersonStillNamed(refusal)
        provenance = _provenance(store)
        store.cases.remove_person(replace(person, provenance=provenance), reason.strip())
        store.cases.touch(case_id, provenance)
        store.audit.append(AuditAction.CHANGE, "case", case_id, removed="person",
                           person=person_id)


def person_history(store: Store, person_id: str) -> list[PersonVersion]:
    """Every version of a person, oldest first (also of a removed person)."""
    return store.cases.person_history(person_id)
