"""Repositories: domain objects in, domain objects out; the only SQL for cases
and people. Callers own the transaction (see ``Store.transaction``)."""

from __future__ import annotations

from datetime import date, datetime

from app.cases.model import Case, CaseStatus, CaseSummary, Person, Provenance, Role
from app.store.database import Connection


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _provenance(row) -> Provenance:
    return Provenance(datetime.fromisoformat(row["created_at"]),
                      datetime.fromisoformat(row["updated_at"]), row["author"], row["device"])


class CaseRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def _rows(self, sql: str, args: tuple = ()):
        cur = self._conn.execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def add(self, case: Case) -> None:
        p = case.provenance
        self._conn.execute(
            "INSERT INTO cases (id, reference, household_name, status, current_step,"
            " safety_phase, next_due, closed_on, created_at, updated_at, author, device)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (case.id, case.reference, case.household_name, str(case.status), case.current_step,
             case.safety_phase, _iso(case.next_due), _iso(case.closed_on),
             _iso(p.created_at), _iso(p.updated_at), p.author, p.device),
        )
        for person in case.people:
            self.add_person(person)

    def reference_exists(self, reference: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM cases WHERE reference = ?", (reference,)).fetchone() is not None

    def get(self, case_id: str) -> Case | None:
        rows = self._rows("SELECT * FROM cases WHERE id = ?", (case_id,))
        return self._case(rows[0]) if rows else None

    def by_reference(self, reference: str) -> Case | None:
        rows = self._rows("SELECT * FROM cases WHERE reference = ?", (reference,))
        return self._case(rows[0]) if rows else None

    def _case(self, row: dict) -> Case:
        return Case(
            id=row["id"], reference=row["reference"], household_name=row["household_name"],
            status=CaseStatus(row["status"]), provenance=_provenance(row),
            current_step=row["current_step"], safety_phase=row["safety_phase"],
            next_due=_date(row["next_due"]), closed_on=_date(row["closed_on"]),
            people=tuple(self.people(row["id"])),
        )

    def summaries(self) -> list[CaseSummary]:
        """Every case as a list row, most recently changed first."""
        cur = self._conn.execute(
            "SELECT id, reference, household_name, status, current_step, safety_phase,"
            " next_due, updated_at FROM cases ORDER BY updated_at DESC"
        )
        return [
            CaseSummary(r[0], r[1], r[2], CaseStatus(r[3]), r[4], r[5], _date(r[6]),
                        datetime.fromisoformat(r[7]))
            for r in cur.fetchall()
        ]

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM cases").fetchone()[0]

    def touch(self, case_id: str, provenance: Provenance) -> None:
        self._conn.execute(
            "UPDATE cases SET updated_at = ?, author = ?, device = ? WHERE id = ?",
            (_iso(provenance.updated_at), provenance.author, provenance.device, case_id),
        )

    def set_summary(self, case_id: str, current_step: int, safety_phase: int | None,
                    next_due: date | None) -> None:
        """Store the columns the case list shows (meldcode step, safety phase,
        next due date); the services recompute them after every change."""
        self._conn.execute(
            "UPDATE cases SET current_step = ?, safety_phase = ?, next_due = ? WHERE id = ?",
            (current_step, safety_phase, _iso(next_due), case_id),
        )

    def add_person(self, person: Person) -> None:
        p = person.provenance
        assert p is not None, "a stored person has a provenance"
        authority = None if person.parental_authority is None else int(person.parental_authority)
        self._conn.execute(
            "INSERT INTO persons (id, case_id, name, role, date_of_birth, age,"
            " parental_authority, created_at, updated_at, author, device)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (person.id, person.case_id, person.name, str(person.role),
             _iso(person.date_of_birth), person.age, authority,
             _iso(p.created_at), _iso(p.updated_at), p.author, p.device),
        )

    def people(self, case_id: str) -> list[Person]:
        return [
            Person(
                id=r["id"], case_id=r["case_id"], name=r["name"], role=Role(r["role"]),
                date_of_birth=_date(r["date_of_birth"]), age=r["age"],
                parental_authority=None if r["parental_authority"] is None
                else bool(r["parental_authority"]),
                provenance=_provenance(r),
            )
            for r in self._rows(
                "SELECT * FROM persons WHERE case_id = ? ORDER BY created_at, name", (case_id,))
        ]
