"""A demo store filled with fictional families.

Every name here is made up. The families cover the five family profiles and
elder abuse, and use diacritics and non-Latin scripts so that every screen and
export is seen with real-world names. Later features add their signals, steps
and plans to these same households.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.cases.model import Role
from app.services.cases import add_person, create_case
from app.store.store import Store, StoreKind


@dataclass(frozen=True)
class DemoPerson:
    name: str
    role: Role
    born: date
    parental_authority: bool | None = None


@dataclass(frozen=True)
class DemoFamily:
    household_name: str
    people: tuple[DemoPerson, ...]


DEMO_FAMILIES: tuple[DemoFamily, ...] = (
    DemoFamily("Familie Yılmaz", (
        DemoPerson("Şükran Yılmaz", Role.PARENT, date(1991, 3, 14), True),
        DemoPerson("Emre Yılmaz", Role.PARTNER, date(1988, 7, 2), True),
        DemoPerson("Ayşe Yılmaz", Role.CHILD, date(2018, 5, 21)),
        DemoPerson("Can Yılmaz", Role.CHILD, date(2021, 1, 9)),
    )),
    DemoFamily("Familie Kowalski / de Groot", (
        DemoPerson("Łukasz Kowalski", Role.PARENT, date(1985, 11, 30), True),
        DemoPerson("Zoë de Groot", Role.EX_PARTNER, date(1987, 4, 17), True),
        DemoPerson("Maja Kowalski", Role.CHILD, date(2014, 8, 3)),
        DemoPerson("Tymon Kowalski", Role.CHILD, date(2017, 2, 25)),
    )),
    DemoFamily("Familie Nguyễn", (
        DemoPerson("Nguyễn Thị Mai", Role.PARENT, date(1997, 6, 12), True),
        DemoPerson("Trần Văn Minh", Role.PARTNER, date(1995, 9, 28), False),
        DemoPerson("Nguyễn Bảo An", Role.CHILD, date(2024, 3, 1)),
    )),
    DemoFamily("Familie Коваленко", (
        DemoPerson("Олена Коваленко", Role.PARENT, date(1981, 12, 5), True),
        DemoPerson("Дмитро Коваленко", Role.CHILD, date(2012, 10, 19)),
    )),
    DemoFamily("Familie Παπαδόπουλος", (
        DemoPerson("Σοφία Παπαδοπούλου", Role.PARENT, date(1990, 1, 23), True),
        DemoPerson("Νίκος Παπαδόπουλος", Role.CHILD, date(2015, 7, 7)),
        DemoPerson("Jeroen Brouwer", Role.PARTNER, date(1984, 5, 16), False),
    )),
    DemoFamily("Familie van Dijk", (
        DemoPerson("Grietje van Dijk-Bakker", Role.PARENT, date(1944, 2, 11)),
        DemoPerson("Henk van Dijk", Role.HOUSEHOLD_MEMBER, date(1971, 8, 22)),
    )),
)


def fill_demo(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Add the demo families to ``store``; returns the number of cases added."""
    total = len(DEMO_FAMILIES)
    for done, family in enumerate(DEMO_FAMILIES, start=1):
        case = create_case(store, family.household_name)
        for person in family.people:
            add_person(store, case.id, person.name, person.role, date_of_birth=person.born,
                       parental_authority=person.parental_authority)
        if progress:
            progress(done, total)
    return total


def create_demo_store(path: Path, passphrase: str,
                      progress: Callable[[int, int], None] | None = None) -> Store:
    """A new store of kind *demo*, filled; never mixed with a real store."""
    store = Store.create(path, passphrase, StoreKind.DEMO)
    try:
        fill_demo(store, progress)
    except BaseException:
        store.close()
        raise
    return store
