"""The case repository (``store.cases``): domain objects in, domain objects
out; the only SQL for cases and people. Callers own the transaction (see
``Store.transaction``). Every change is written as an operation
(``app.store.oplog``), whose projector writes the rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime

from app.cases.model import (
    PERSON_FIELD_NAMES,
    PERSON_FIELDS,
    Case,
    CaseStatus,
    CaseSummary,
    FieldKind,
    Person,
    PersonVersion,
    Provenance,
    Role,
    household_order,
)
from app.store.codec import from_json, to_json
from app.store.database import Connection
from app.store.oplog import log_of


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
        """A new case and its people, as operations (``app.store.oplog``); the
        case list's columns are local (``set_summary``)."""
        p = case.provenance
        log_of(self._conn).set("cases", case.id, {
            "reference": case.reference, "household_name": case.household_name,
            "status": str(case.status), "closed_on": _iso(case.closed_on),
            "created_at": _iso(p.created_at)}, meta=_meta(p))
        self.set_summary(case.id, case.current_step, case.safety_phase, case.next_due)
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

    def summaries(self, limit: int | None = None) -> list[CaseSummary]:
        """Every case as a list row, most recently changed first; with
        ``limit``, only that many from the top (read from the start of the
        ``cases_list`` index: a screenful costs what one row costs)."""
        return _summaries(self._conn.execute(
            # The id too: cases changed in the same second keep one order,
            # which a list updated row by row follows (``merged_in``). The
            # ``cases_list`` index gives both, read backwards.
            f"SELECT {_SUMMARY_COLUMNS} FROM cases ORDER BY updated_at DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        ))

    def summaries_of(self, case_ids: Iterable[str]) -> list[CaseSummary]:
        """The list rows of these cases (those that exist), in no order."""
        ids = list(case_ids)
        found: list[CaseSummary] = []
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start:start + _IDS_PER_QUERY]
            found += _summaries(self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM cases"
                f" WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def list_mark(self) -> int:
        """Where the log of changed list rows (``case_list_changes``, kept by
        triggers on ``cases``) is now: read it *before* the rows, so that a
        change made in between is read again next time, never missed."""
        return self._conn.execute(
            "SELECT coalesce(max(seq), 0) FROM case_list_changes").fetchone()[0]

    def list_changes_since(self, mark: int) -> tuple[int, frozenset[str]] | None:
        """(the new mark, the ids of the cases whose list row changed, was
        added or went since ``mark``), or None when the log no longer goes
        back that far (``forget_list_changes``): then read the whole list."""
        rows = self._conn.execute("SELECT seq, case_id FROM case_list_changes"
                                  " WHERE seq > ? ORDER BY seq", (mark,)).fetchall()
        # After the rows: a clearing by another connection before them shows
        # here, one after them took nothing this read needed.
        first = self._conn.execute("SELECT min(seq) FROM case_list_changes").fetchone()[0]
        if first is not None and first > mark + 1:
            return None
        return (rows[-1][0] if rows else mark), frozenset(r[1] for r in rows)

    def forget_list_changes(self) -> None:
        """Drop the log of changed list rows but its last number, so that it
        does not grow without end; a reader from before reads the whole list."""
        self._conn.execute(
            "DELETE FROM case_list_changes WHERE seq < (SELECT max(seq) FROM case_list_changes)")

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM cases").fetchone()[0]

    def touch(self, case_id: str, provenance: Provenance) -> None:
        """When the case last changed, and by whom: an operation with only the
        case's last-change columns, so every store's case list agrees."""
        log_of(self._conn).set("cases", case_id, {}, meta=_meta(provenance))

    def set_summary(self, case_id: str, current_step: int, safety_phase: int | None,
                    next_due: date | None) -> None:
        """Store the columns the case list shows (meldcode step, safety phase,
        next due date); the services recompute them after every change. They
        follow from the projections, so they are local, not operations."""
        self._conn.execute(
            "UPDATE cases SET current_step = ?, safety_phase = ?, next_due = ? WHERE id = ?",
            (current_step, safety_phase, _iso(next_due), case_id),
        )

    def add_person(self, person: Person) -> None:
        """A new person, and their first version in the history."""
        p = person.provenance
        assert p is not None, "a stored person has a provenance"
        log_of(self._conn).set("persons", person.id, {
            "case_id": person.case_id, **_fields(person), "created_at": _iso(p.created_at)},
            meta=_meta(p))
        self._add_version(person, reason=None, removed=False)

    def update_person(self, person: Person, reason: str | None,
                      seen: Mapping[str, Iterable[str]] | None = None) -> None:
        """Store the new values of a person and keep them as the next version.

        Only the fields that changed become part of the operation, each with
        the heads the worker saw (``seen``, from when the form opened; the
        current heads when None)."""
        p = person.provenance
        assert p is not None, "a stored person has a provenance"
        row = self._rows(f"SELECT {', '.join(PERSON_FIELD_NAMES)} FROM persons WHERE id = ?",
                         (person.id,))
        changed = {name: value for name, value in _fields(person).items()
                   if not row or row[0][name] != value}
        if changed:
            log_of(self._conn).set("persons", person.id, changed, meta=_meta(p), seen=seen)
        self._add_version(person, reason=reason, removed=False)

    def remove_person(self, person: Person, reason: str) -> None:
        """Take a person out of the household; the history keeps a last row
        that says so, with the reason."""
        p = person.provenance
        assert p is not None, "a stored person has a provenance"
        log_of(self._conn).remove("persons", person.id, meta=_meta(p))
        self._add_version(person, reason=reason, removed=True)

    def _add_version(self, person: Person, *, reason: str | None, removed: bool) -> None:
        p = person.provenance
        assert p is not None, "a stored person has a provenance"
        log_of(self._conn).append("person_versions", {
            "person_id": person.id, "case_id": person.case_id,
            "payload": to_json(replace(person, provenance=None)), "reason": reason,
            "removed": int(removed), "created_at": _iso(p.updated_at), "author": p.author,
            "device": p.device})

    def unedited(self, person: Person, names: Iterable[str],
                 seen: Mapping[str, Iterable[str]]) -> set[str]:
        """Of ``names``, the fields where ``person`` holds a value the form
        saw when it opened (``OpLog.unedited``): left as shown, not edited."""
        wanted = set(names)
        values = {n: v for n, v in _fields(person).items() if n in wanted}
        return set(log_of(self._conn).unedited("persons", person.id, values, seen))

    def heads(self, person_id: str) -> dict[str, tuple[str, ...]]:
        """The heads of every field of a person: what a form that opens now
        has seen (pass them back to ``update_person``)."""
        return log_of(self._conn).heads("persons", person_id, PERSON_FIELD_NAMES)

    def person_history(self, person_id: str) -> list[PersonVersion]:
        """Every version of a person, oldest first."""
        return [
            PersonVersion(r["version"], from_json(Person, r["payload"]), r["reason"],
                          bool(r["removed"]), datetime.fromisoformat(r["created_at"]),
                          r["author"])
            for r in self._rows(
                "SELECT version, payload, reason, removed, created_at, author"
                " FROM person_versions WHERE person_id = ? ORDER BY version", (person_id,))
        ]

    def person_mentions(self, case_id: str, person_id: str) -> dict[str, int]:
        """Where a person's id is used in the case, by kind of record: every
        version of every meldcode record, the safety plan, and the address
        of other people. A UUID in a payload is a reference to that person."""
        found: dict[str, int] = {}
        for kind, count in self._conn.execute(
                "SELECT kind, count(DISTINCT id) FROM records"
                " WHERE case_id = ? AND instr(payload, ?) > 0 GROUP BY kind",
                (case_id, person_id)).fetchall():
            found[kind] = count
        if self._conn.execute(
                "SELECT 1 FROM safety_plans WHERE case_id = ? AND instr(payload, ?) > 0",
                (case_id, person_id)).fetchone():
            found["safety_plan"] = 1
        lives_with = self._conn.execute(
            "SELECT count(*) FROM persons WHERE case_id = ? AND same_address_as = ?",
            (case_id, person_id)).fetchone()[0]
        if lives_with:
            found["same_address"] = lives_with
        return found

    def people(self, case_id: str) -> list[Person]:
        """The people of a case in the household order (``household_order``)."""
        people = [
            Person(
                id=r["id"], case_id=r["case_id"], name=r["name"], role=Role(r["role"]),
                date_of_birth=_date(r["date_of_birth"]), age=r["age"],
                parental_authority=_bool(r["parental_authority"]),
                provenance=_provenance(r), street=r["street"], postcode=r["postcode"],
                place=r["place"], same_address_as=r["same_address_as"], phone=r["phone"],
                school=r["school"], language=r["language"],
                interpreter_needed=_bool(r["interpreter_needed"]),
            )
            # rowid: the order they were added, also within one second.
            for r in self._rows(
                "SELECT * FROM persons WHERE case_id = ? ORDER BY created_at, rowid", (case_id,))
        ]
        return list(household_order(people, date.today()))


_SUMMARY_COLUMNS = ("id, reference, household_name, status, current_step, safety_phase,"
                    " next_due, updated_at")
#: Below SQLite's limit of bound parameters in every build.
_IDS_PER_QUERY = 500


def _summaries(cursor) -> list[CaseSummary]:
    """List rows of ``_SUMMARY_COLUMNS``."""
    # Plain lookups and the parsers themselves: 30,000 rows each pay them.
    status, day, moment = {s.value: s for s in CaseStatus}, date.fromisoformat, \
        datetime.fromisoformat
    return [
        CaseSummary(r[0], r[1], r[2], status.get(r[3]) or CaseStatus(r[3]), r[4], r[5],
                    day(r[6]) if r[6] else None, moment(r[7]))
        for r in cursor  # row by row: each row's tuple is freed as its summary is made
    ]


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _meta(p: Provenance) -> dict[str, str]:
    return {"updated_at": _iso(p.updated_at) or "", "author": p.author, "device": p.device}


def _fields(person: Person) -> dict[str, object]:
    """The declared fields of a person as SQL values, by name."""
    return dict(zip(PERSON_FIELD_NAMES, _columns(person), strict=True))


def _columns(person: Person) -> tuple:
    """The declared fields of a person as SQL values, in declaration order."""
    values = []
    for f in PERSON_FIELDS:
        value = getattr(person, f.name)
        if f.kind in (FieldKind.ROLE,):
            value = str(value)
        elif f.kind is FieldKind.DATE:
            value = _iso(value)
        elif f.kind is FieldKind.YES_NO:
            value = None if value is None else int(value)
        values.append(value)
    return tuple(values)
