"""The one write path: operations in, projections out (issue 19).

Every change a worker makes is an operation (``app.oplog``): ``OpLog.set``
(new values for fields of a row), ``OpLog.append`` (a row of an append-only
table) and ``OpLog.erase`` (the tombstone of a case) build it, sign it with
the device key, keep it in ``operations`` and project it, all inside the
caller's transaction. ``OpLog.receive`` applies an operation from another
store the same way. The projectors here are the only code that writes the
projection tables (``cases``, ``persons``, ``records`` …); what the screens
read is therefore always what the log says.

Each projection table is an entity kind and each row an entity (``TABLES``):

* a *register table* (cases, persons, handover details): every carried
  column is a multi-value register. The column holds a deterministic pick
  (latest head by clock, then op id) for sorting and search; a field in
  conflict is shown from ``versions``, never from the column alone. The
  columns ``updated_at``, ``author`` and ``device`` say who changed the row
  last, from the latest operation: a fact, not a value to choose between.
  Columns the services compute from other data (the case list's step,
  phase and due date) are local and not carried.
* an *append table* (records, person versions, safety-plan versions, Veilig
  Thuis feedback, reviews): one operation per row, merged by union. Where
  rows are numbered (``version``), the number is the place of the operation
  in the order (hlc, op id), so two devices that add a version concurrently
  both keep theirs and agree on the numbers.
* audit entries are operations too (entity ``audit_log``), so they travel;
  the local keyed chain stays as it is, and entries from other devices are
  kept in the log only, not in this device's chain.

Drafts, settings, the worker's profile and the search index are local.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.oplog.hlc import Clock, Timestamp
from app.oplog.merge import REMOVED, RemovalConflict, Replica
from app.oplog.operation import Operation, OpKind, SignedOperation, parse
from app.oplog.writer import Writer
from app.security.signing import SigningKey
from app.store.database import Connection, DatabaseError
from app.store.team import destroy_case_keys

AUDIT = "audit_log"
#: The case of operations that belong to no case: audit entries of the store,
#: the worker directory.
TEAM = "-"

#: Per field, the op ids of its heads: what a form saw when it opened.
Heads = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Table:
    """How one projection table follows the log."""

    name: str
    #: The column whose value is the entity id (the group of numbered rows).
    key: str
    #: The column that names the row's case.
    case: str
    append: bool = False
    #: Append tables: the column numbered by the order of the operations.
    version: str | None = None
    #: Register tables: computed locally, never carried in an operation.
    local: tuple[str, ...] = ()
    #: Register tables: the last change's time, author and device.
    meta: tuple[str, ...] = ()
    #: Persons can be removed (the row goes, the register stays).
    removable: bool = False
    #: A register without a table of its own: its fields (``safety_plan``).
    fields: tuple[str, ...] = ()
    #: Team-wide rows (the worker directory): operations of no case (``TEAM``).
    team: bool = False

    @property
    def projected(self) -> bool:
        return not self.fields


_META = ("updated_at", "author", "device")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("cases", "id", "id", local=("current_step", "safety_phase", "next_due"),
          meta=_META),
    Table("persons", "id", "case_id", meta=_META, removable=True),
    Table("handover_details", "case_id", "case_id", meta=_META),
    Table("records", "id", "case_id", append=True, version="version"),
    Table("person_versions", "person_id", "case_id", append=True, version="version"),
    Table("safety_plans", "case_id", "case_id", append=True, version="version"),
    Table("vt_feedback", "id", "case_id", append=True),
    Table("reviews", "id", "case_id", append=True),
    # Working as a team (issue 21): the worker directory is team-wide; a
    # case's co-workers are rows that can be removed, like persons.
    Table("workers", "id", "id", meta=_META, team=True),
    Table("case_members", "id", "case_id", meta=_META, removable=True),
    Table("review_requests", "id", "case_id", append=True),
    # A case shared for a consultation, and the end of that (issue 21).
    Table("consultation_shares", "id", "case_id", append=True),
    Table("consultation_ends", "id", "case_id", append=True),
    # Which version of the case's safety plan is current: two devices that
    # save the plan at once make two heads, a conflict a person settles. The
    # versions themselves are rows of safety_plans.
    Table("safety_plan", "case_id", "case_id", fields=("version_op",)),
)}


@dataclass(frozen=True)
class FieldVersion:
    """One current value of a field, with who set it, where and when."""

    op_id: str
    value: Any
    author: str
    device: str
    at: datetime


@dataclass(frozen=True)
class OpenConflict:
    """An open conflict as the store lists it (ids and codes, no values)."""

    kind: str  # "field" or "removed_named"
    case_id: str
    entity: str
    entity_id: str
    field: str
    versions: tuple[FieldVersion, ...]


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hlc_time(stamp: Timestamp) -> datetime:
    return datetime.fromtimestamp(stamp.wall_ms / 1000, UTC).replace(microsecond=0)


class OpLog:
    def __init__(self, conn: Connection, author: str, device: str,
                 key: SigningKey | None = None) -> None:
        self._conn = conn
        self.author = author
        self.device = device
        self._key = key
        self._writer: Writer | None = None
        self._columns: dict[str, tuple[str, ...]] = {}

    # -- who writes -------------------------------------------------------------

    def forget_writer(self) -> None:
        """The author changed (``Store.become_worker``): the next write makes a
        writer under the new one."""
        self._writer = None

    def use_key(self, key: SigningKey | None) -> None:
        """The device key signs every operation; None once the store locks."""
        self._key = key

    def add_own_key(self) -> None:
        """Keep this device's public key with the others (inside a transaction)."""
        if self._key is None:
            raise RuntimeError("no device key")
        self._conn.execute(
            "INSERT OR IGNORE INTO device_keys (device, public_key, first_seen)"
            " VALUES (?, ?, ?)", (self.device, self._key.public_key, _now()))

    def _w(self) -> Writer:
        if self._writer is None:
            row = self._conn.execute("SELECT max(hlc) FROM operations").fetchone()
            last = Timestamp.decode(row[0]) if row and row[0] else None
            clock = Clock(self.device, last and Timestamp(last.wall_ms, last.counter,
                                                          self.device))
            self._writer = Writer(self.author, clock)
        return self._writer

    def columns(self, table: str) -> tuple[str, ...]:
        """The columns an operation carries for ``table`` (its own columns
        less the key, the local ones, the meta ones and the row number)."""
        if table not in self._columns and TABLES[table].fields:
            self._columns[table] = TABLES[table].fields
        if table not in self._columns:
            spec = TABLES[table]
            names = [r[1] for r in self._conn.execute(f'PRAGMA table_info("{table}")')]
            skip = {spec.key, spec.version, *spec.local, *spec.meta} if not spec.append \
                else {spec.version}
            self._columns[table] = tuple(n for n in names if n not in skip)
        return self._columns[table]

    # -- making operations ----------------------------------------------------------

    def set(self, table: str, entity_id: str, values: Mapping[str, Any], *,
            seen: Mapping[str, Iterable[str]] | None = None,
            meta: Mapping[str, Any] | None = None,
            ack: Iterable[str] = ()) -> Operation | None:
        """New values for fields of a row (a new row: every carried column).

        ``seen``: per field, the heads the worker saw when the form opened;
        None takes the current heads (the CLI, tests, and changes that are
        not edits of a shown value). With ``seen``, a field whose value is
        one the worker saw is no edit and is left out (``unedited``), so a
        form that shows an old value, or one side of a conflict, never
        overwrites what arrived meanwhile nor settles the conflict; None when
        nothing is left. ``meta``: the row's last-change columns.
        """
        spec = TABLES[table]
        change = dict(values)
        unknown = set(change) - set(self.columns(table)) - {REMOVED}
        if unknown or spec.append:
            raise ValueError(f"not carried for {table}: {sorted(unknown)}")
        if seen is not None:
            for name in self.unedited(table, entity_id, change, seen):
                del change[name]
            if not change and not meta:
                return None
        case_id = change.get(spec.case) if spec.case != spec.key else entity_id
        case_id = TEAM if spec.team else case_id or self._case_of(table, entity_id)
        parents = self.heads(table, entity_id, change) if seen is None else \
            {name: tuple(seen.get(name, ())) for name in change}
        body = dict(change)
        for name, value in (meta or {}).items():
            if name not in spec.meta:
                raise ValueError(f"{name} is not a meta column of {table}")
            body[name] = value
        op = self._w().set(case_id, table, entity_id, body, parents,
                           refs=self._refs(case_id, entity_id, body), ack=ack)
        self._keep(op, own=True)
        return op

    def unedited(self, table: str, entity_id: str, values: Mapping[str, Any],
                 seen: Mapping[str, Iterable[str]]) -> list[str]:
        """The fields of ``values`` that hold a value of one of the heads the
        worker saw: left as the form showed them, not edited."""
        found = []
        for name, value in values.items():
            ids = tuple(seen.get(name, ()))
            if not ids:
                continue
            marks = ",".join("?" * len(ids))
            if self._conn.execute(
                    "SELECT 1 FROM field_ops WHERE entity = ? AND entity_id = ? AND field = ?"
                    f" AND value = ? AND op_id IN ({marks}) LIMIT 1",
                    (table, entity_id, name, _json(value), *ids)).fetchone():
                found.append(name)
        return found

    def remove(self, table: str, entity_id: str, *, meta: Mapping[str, Any] | None = None,
               seen: Mapping[str, Iterable[str]] | None = None) -> Operation | None:
        """Take a row out (a person): its ``removed`` register becomes true;
        acknowledges every operation naming it that this store has."""
        if not TABLES[table].removable:
            raise ValueError(f"rows of {table} are not removed one by one")
        return self.set(table, entity_id, {REMOVED: True}, seen=seen, meta=meta,
                        ack=self.naming(entity_id))

    def append(self, table: str, row: Mapping[str, Any], *, project: bool = True) -> Operation:
        """A row of an append-only table (without its number, if numbered)."""
        spec = TABLES.get(table)
        if table == AUDIT:
            case_id = row["object_id"] if row.get("object_type") == "case" else TEAM
            if self._conn.execute("SELECT 1 FROM erased_cases WHERE case_id = ?",
                                  (case_id,)).fetchone():
                case_id = TEAM  # the entry of the erasure itself outlives the case
            entity_id = row["id"]
        else:
            if spec is None or not spec.append:
                raise ValueError(f"{table} is not an append table")
            unknown = set(row) - set(self.columns(table))
            if unknown:
                raise ValueError(f"not carried for {table}: {sorted(unknown)}")
            case_id, entity_id = row[spec.case], row[spec.key]
        op = self._w().append(case_id, table, entity_id, dict(row),
                              refs=self._refs(case_id, None, row) if table != AUDIT else ())
        self._keep(op, own=True, project=project)
        return op

    def erase(self, case_id: str) -> Operation:
        """The tombstone of a case: the case and every operation of it go."""
        op = self._w().erase(case_id)
        self._keep(op, own=True)
        return op

    def _keep(self, op: Operation, *, own: bool, project: bool = True,
              signed: SignedOperation | None = None) -> None:
        if signed is None:
            if self._key is None:
                raise RuntimeError("the store is locked: no device key to sign with")
            signed = op.sign(self._key)
        # The operation and its projection stand or fall together, also when
        # the caller runs outside a transaction.
        with self._savepoint("operation"):
            self._keep_signed(op, signed, own=own, project=project)

    @contextmanager
    def _savepoint(self, name: str) -> Iterator[None]:
        """What runs inside stands or falls together."""
        self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
            raise
        self._conn.execute(f"RELEASE {name}")

    def _keep_signed(self, op: Operation, signed: SignedOperation, *, own: bool,
                     project: bool) -> None:
        self._conn.execute(
            "INSERT INTO operations (op_id, case_id, entity, entity_id, kind, hlc, author,"
            " device, body, signature) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (op.op_id, op.case_id, op.entity, op.entity_id, str(op.kind), op.hlc.encode(),
             op.author, op.device, signed.body, signed.signature))
        if own:
            self._conn.execute("INSERT INTO outbox (op_id) VALUES (?)", (op.op_id,))
        self._index(op)
        if project:
            self._project(op)
            self._track_conflicts((op,))

    def _index(self, op: Operation) -> None:
        if op.kind is OpKind.SET:
            spec = TABLES.get(op.entity)
            for name, value in op.change.items():
                if spec is not None and name in spec.meta:
                    continue
                self._conn.execute(
                    "INSERT INTO field_ops (entity, entity_id, field, op_id, hlc, value)"
                    " VALUES (?,?,?,?,?,?)",
                    (op.entity, op.entity_id, name, op.op_id, op.hlc.encode(), _json(value)))
                self._conn.executemany(
                    "INSERT OR IGNORE INTO field_parents (entity, entity_id, field, op_id)"
                    " VALUES (?,?,?,?)",
                    [(op.entity, op.entity_id, name, p) for p in op.parents.get(name, ())])
            self._conn.executemany(
                "INSERT OR IGNORE INTO op_acks (person_id, op_id) VALUES (?, ?)",
                [(op.entity_id, a) for a in op.ack])
        self._conn.executemany("INSERT OR IGNORE INTO op_refs (person_id, op_id) VALUES (?, ?)",
                               [(p, op.op_id) for p in op.refs])

    def _index_many(self, ops: Sequence[Operation]) -> None:
        """``_index`` of many operations, one statement per table."""
        fields, parents, acks, refs = [], [], [], []
        for op in ops:
            if op.kind is OpKind.SET:
                spec = TABLES.get(op.entity)
                for name, value in op.change.items():
                    if spec is not None and name in spec.meta:
                        continue
                    fields.append((op.entity, op.entity_id, name, op.op_id, op.hlc.encode(),
                                   _json(value)))
                    parents += [(op.entity, op.entity_id, name, p)
                                for p in op.parents.get(name, ())]
                acks += [(op.entity_id, a) for a in op.ack]
            refs += [(p, op.op_id) for p in op.refs]
        self._conn.executemany(
            "INSERT INTO field_ops (entity, entity_id, field, op_id, hlc, value)"
            " VALUES (?,?,?,?,?,?)", fields)
        self._conn.executemany(
            "INSERT OR IGNORE INTO field_parents (entity, entity_id, field, op_id)"
            " VALUES (?,?,?,?)", parents)
        self._conn.executemany(
            "INSERT OR IGNORE INTO op_acks (person_id, op_id) VALUES (?, ?)", acks)
        self._conn.executemany(
            "INSERT OR IGNORE INTO op_refs (person_id, op_id) VALUES (?, ?)", refs)

    def case_of(self, table: str, entity_id: str) -> str:
        """The case a thing belongs to."""
        return self._case_of(table, entity_id)

    def _case_of(self, table: str, entity_id: str) -> str:
        row = self._conn.execute(
            "SELECT case_id FROM operations WHERE entity = ? AND entity_id = ? LIMIT 1",
            (table, entity_id)).fetchone()
        if row is None:
            raise LookupError(f"no operations for {table} {entity_id}")
        return row[0]

    def _refs(self, case_id: str, own_id: str | None, values: Mapping[str, Any]) -> list[str]:
        """The people of the case whose id the change holds (a UUID in a
        payload names that person, as ``person_mentions`` reads it)."""
        text = _json(dict(values))
        return [pid for (pid,) in self._conn.execute(
            "SELECT id FROM persons WHERE case_id = ?", (case_id,))
            if pid != own_id and pid in text]

    # -- reading the registers --------------------------------------------------------

    def heads(self, table: str, entity_id: str, names: Iterable[str]) -> dict[str, tuple]:
        """The current heads of ``names``: what an edit opened now has seen."""
        found: dict[str, list[str]] = {name: [] for name in names}
        for name, op_id in self._conn.execute(
                "SELECT field, op_id FROM field_heads WHERE entity = ? AND entity_id = ?",
                (table, entity_id)):
            if name in found:
                found[name].append(op_id)
        return {name: tuple(sorted(ids)) for name, ids in found.items()}

    def versions(self, table: str, entity_id: str) -> dict[str, tuple[FieldVersion, ...]]:
        """Per field the distinct current values, oldest first: one value
        normally, two or more for a field in conflict (``2 versies``)."""
        rows = self._conn.execute(
            "SELECT h.field, h.value, h.op_id, o.author, o.device, o.hlc FROM field_heads h"
            " JOIN operations o ON o.op_id = h.op_id WHERE h.entity = ? AND h.entity_id = ?"
            " ORDER BY h.field, h.hlc, h.op_id", (table, entity_id)).fetchall()
        found: dict[str, list[FieldVersion]] = {}
        for name, value, op_id, author, device, hlc in rows:
            seen = found.setdefault(name, [])
            decoded = json.loads(value)
            if any(v.value == decoded for v in seen):
                continue
            seen.append(FieldVersion(op_id, decoded, author, device,
                                     hlc_time(Timestamp.decode(hlc))))
        return {name: tuple(v) for name, v in found.items()}

    def change_of(self, op_id: str) -> dict[str, Any] | None:
        """The change an operation this store holds made (its row, its values)."""
        row = self._conn.execute("SELECT body FROM operations WHERE op_id = ?",
                                 (op_id,)).fetchone()
        return None if row is None else json.loads(row[0])["change"]

    def position(self, op_id: str) -> int | None:
        """The number an appended row has in its group (its version)."""
        row = self._conn.execute(
            "SELECT count(*) FROM operations o, operations x WHERE x.op_id = ?"
            " AND o.entity = x.entity AND o.entity_id = x.entity_id AND o.kind = 'append'"
            " AND (o.hlc < x.hlc OR (o.hlc = x.hlc AND o.op_id <= x.op_id))",
            (op_id,)).fetchone()
        return row[0] or None

    def naming(self, person_id: str) -> tuple[str, ...]:
        return tuple(r[0] for r in self._conn.execute(
            "SELECT op_id FROM op_refs WHERE person_id = ? ORDER BY op_id", (person_id,)))

    #: People removed while a change the removal did not acknowledge names
    #: them: the candidates the pure rules then decide on (``_removal_conflict``).
    _REMOVED_NAMED = (
        "SELECT DISTINCT h.entity_id FROM field_heads h WHERE h.entity = 'persons'"
        " AND h.field = ? AND h.value = 'true' AND EXISTS (SELECT 1 FROM op_refs r"
        " WHERE r.person_id = h.entity_id AND r.op_id NOT IN"
        " (SELECT op_id FROM op_acks WHERE person_id = h.entity_id))")

    def conflicts(self, case_id: str | None = None) -> list[OpenConflict]:
        """Every open conflict (of one case): fields with two or more values,
        and removed people named by changes the removal did not see."""
        found: list[OpenConflict] = []
        for entity, entity_id, name in self._field_conflicts(case_id):
            owner = self._case_of(entity, entity_id)
            if case_id is None or owner == case_id:
                found.append(OpenConflict("field", owner, entity, entity_id, name,
                                          self.versions(entity, entity_id)[name]))
        removed = self._REMOVED_NAMED
        if case_id is not None:  # the people of this case only, as below
            removed += (" AND h.entity_id IN (SELECT entity_id FROM operations"
                        " WHERE case_id = ? AND entity = 'persons')")
        for (person_id,) in self._conn.execute(
                removed, (REMOVED,) if case_id is None else (REMOVED, case_id)).fetchall():
            conflict = self._removal_conflict(person_id)
            if conflict is not None and (case_id is None or conflict.case_id == case_id):
                found.append(conflict)
        return found

    def conflicted_cases(self) -> frozenset[str]:
        """The cases with an open conflict, read from the table the merge
        keeps (``open_conflicts``), not worked out over the whole store."""
        return frozenset(r[0] for r in self._conn.execute(
            "SELECT DISTINCT case_id FROM open_conflicts"))

    def kept_conflicts(self) -> set[tuple[str, str, str, str, str]]:
        """(kind, case, entity, entity id, field) of every conflict the table holds."""
        return set(self._conn.execute(
            "SELECT kind, case_id, entity, entity_id, field FROM open_conflicts"))

    def _track_conflicts(self, ops: Iterable[Operation]) -> None:
        """Keep ``open_conflicts`` up to date for what ``ops`` touched: each
        field they set (a second head opens a conflict, a resolution closes
        it), and each person they name, remove, or stop naming (a value names
        someone only while it is a head). Same rules as ``conflicts``."""
        fields: dict[tuple[str, str, str], None] = {}
        people: dict[str, None] = {}
        superseded: set[str] = set()
        for op in ops:
            if op.kind is OpKind.ERASE:
                continue  # ``_erase`` drops the case's rows
            if op.kind is OpKind.SET:
                spec = TABLES.get(op.entity)
                for name in op.change:
                    if spec is None or name not in spec.meta:
                        fields.setdefault((op.entity, op.entity_id, name))
                for ids in op.parents.values():
                    superseded.update(ids)
                if op.entity == "persons":
                    people.setdefault(op.entity_id)
            for person in op.refs:
                people.setdefault(person)
        for person in sorted(self._present(
                "SELECT DISTINCT person_id FROM op_refs WHERE op_id IN ({})", superseded)):
            people.setdefault(person)
        for entity, entity_id, name in fields:
            open_ = self._conn.execute(
                "SELECT count(DISTINCT value) > 1 FROM field_heads"
                " WHERE entity = ? AND entity_id = ? AND field = ?",
                (entity, entity_id, name)).fetchone()[0]
            self._keep_conflict("field", entity, entity_id, name,
                                self._case_of(entity, entity_id) if open_ else None)
        for person in people:
            conflict = self._removal_conflict(person) if self._conn.execute(
                self._REMOVED_NAMED + " AND h.entity_id = ?", (REMOVED, person)).fetchone() \
                else None
            self._keep_conflict("removed_named", "persons", person, REMOVED,
                                None if conflict is None else conflict.case_id)

    def _keep_conflict(self, kind: str, entity: str, entity_id: str, name: str,
                       case_id: str | None) -> None:
        if case_id is None:
            self._conn.execute("DELETE FROM open_conflicts WHERE kind = ? AND entity = ?"
                               " AND entity_id = ? AND field = ?",
                               (kind, entity, entity_id, name))
        else:
            self._conn.execute("INSERT OR REPLACE INTO open_conflicts (kind, entity, entity_id,"
                               " field, case_id) VALUES (?, ?, ?, ?, ?)",
                               (kind, entity, entity_id, name, case_id))

    def _field_conflicts(self, case_id: str | None) -> list[tuple[str, str, str]]:
        """(entity, entity id, field) in conflict, of every thing or of the
        things of one case (a superset: each of their operations' case).

        For one case, thing by thing: each is a primary-key search, while the
        view over the whole store reads every field of every case (1,050,000
        rows on 30,000 cases: 1.5 s at every case opened; per thing: 2 ms)."""
        if case_id is None:
            return self._conn.execute("SELECT entity, entity_id, field FROM field_conflicts"
                                      " ORDER BY entity, entity_id, field").fetchall()
        found: list[tuple[str, str, str]] = []
        for entity, entity_id in self._conn.execute(
                "SELECT DISTINCT entity, entity_id FROM operations WHERE case_id = ?"
                " ORDER BY entity, entity_id", (case_id,)).fetchall():
            found += ((entity, entity_id, name) for (name,) in self._conn.execute(
                "SELECT field FROM field_conflicts WHERE entity = ? AND entity_id = ?"
                " ORDER BY field", (entity, entity_id)))
        return found

    def _removal_conflict(self, person_id: str) -> OpenConflict | None:
        """Decided by the pure rules on the ops that concern this person."""
        replica = Replica()
        for (body,) in self._conn.execute(
                "SELECT body FROM operations WHERE (entity = 'persons' AND entity_id = ?)"
                " OR op_id IN (SELECT op_id FROM op_refs WHERE person_id = ?)",
                (person_id, person_id)):
            op = parse(body)
            replica.apply(op)
        for conflict in replica.conflicts():
            if isinstance(conflict, RemovalConflict) and conflict.entity_id == person_id:
                return OpenConflict("removed_named", conflict.case_id, conflict.entity,
                                    person_id, REMOVED, tuple(
                                        FieldVersion(op.op_id, op.entity, op.author, op.device,
                                                     hlc_time(op.hlc))
                                        for op in conflict.naming))
        return None

    # -- projecting ----------------------------------------------------------------------

    def _project(self, op: Operation) -> None:
        if op.kind is OpKind.ERASE:
            self._erase(op.case_id)
        elif op.entity not in TABLES:
            # Audit entries: our own are in the chain already, others stay in
            # the log. A kind a newer version made: kept and passed on.
            return
        elif op.kind is OpKind.APPEND:
            self._project_append(TABLES[op.entity], op)
        elif TABLES[op.entity].projected:
            self._project_row(TABLES[op.entity], op.entity_id)

    def _project_row(self, spec: Table, entity_id: str) -> None:
        """Write the row from its registers: the pick of every field, and the
        meta columns of the latest operation."""
        picks: dict[str, Any] = {}
        for name, value in self._conn.execute(
                "SELECT field, value FROM field_heads WHERE entity = ? AND entity_id = ?"
                " ORDER BY field, hlc, op_id", (spec.name, entity_id)):
            picks[name] = json.loads(value)  # the last head by (hlc, op id) stays
        removed = self._conn.execute(
            "SELECT count(*), sum(value = 'true') FROM field_heads"
            " WHERE entity = ? AND entity_id = ? AND field = ?",
            (spec.name, entity_id, REMOVED)).fetchone()
        picks.pop(REMOVED, None)
        if removed[0] and removed[0] == removed[1]:
            self._conn.execute(f'DELETE FROM "{spec.name}" WHERE "{spec.key}" = ?', (entity_id,))
            return
        meta: dict[str, Any] = {}
        for (body,) in self._conn.execute(
                "SELECT body FROM operations WHERE entity = ? AND entity_id = ? AND kind = 'set'"
                " ORDER BY hlc DESC, op_id DESC", (spec.name, entity_id)):
            change = json.loads(body)["change"]
            for name in spec.meta:
                if name in change and name not in meta:
                    meta[name] = change[name]
            if len(meta) == len(spec.meta):
                break
        values = {**picks, **meta}
        exists = self._conn.execute(f'SELECT 1 FROM "{spec.name}" WHERE "{spec.key}" = ?',
                                    (entity_id,)).fetchone()
        if exists:
            if values:
                self._conn.execute(
                    f'UPDATE "{spec.name}" SET {", ".join(f"{n} = ?" for n in values)}'
                    f' WHERE "{spec.key}" = ?', (*values.values(), entity_id))
            return
        names = [spec.key, *values]
        self._conn.execute(
            f'INSERT INTO "{spec.name}" ({", ".join(names)})'
            f' VALUES ({", ".join("?" * len(names))})', (entity_id, *values.values()))

    def _project_append(self, spec: Table, op: Operation) -> None:
        row = dict(op.change)
        if spec.version is None:
            self._insert(spec, row)
            return
        later = self._conn.execute(
            "SELECT count(*) FROM operations WHERE entity = ? AND entity_id = ?"
            " AND kind = 'append' AND (hlc > ? OR (hlc = ? AND op_id > ?))",
            (spec.name, op.entity_id, op.hlc.encode(), op.hlc.encode(), op.op_id)).fetchone()[0]
        if not later:
            number = self._conn.execute(
                "SELECT count(*) FROM operations WHERE entity = ? AND entity_id = ?"
                " AND kind = 'append'", (spec.name, op.entity_id)).fetchone()[0]
            self._insert(spec, {**row, spec.version: number})
            return
        # A version from elsewhere that sorts before ours: number them all anew.
        self._renumber(spec, op.entity_id, op.case_id)

    def _renumber(self, spec: Table, entity_id: str, case_id: str) -> None:
        self._conn.execute("INSERT OR IGNORE INTO projection_rebuild (case_id) VALUES (?)",
                           (case_id,))
        self._conn.execute(f'DELETE FROM "{spec.name}" WHERE "{spec.key}" = ?', (entity_id,))
        for number, (body,) in enumerate(self._conn.execute(
                "SELECT body FROM operations WHERE entity = ? AND entity_id = ?"
                " AND kind = 'append' ORDER BY hlc, op_id",
                (spec.name, entity_id)).fetchall(), start=1):
            self._insert(spec, {**json.loads(body)["change"], spec.version: number})
        self._conn.execute("DELETE FROM projection_rebuild WHERE case_id = ?", (case_id,))

    def _insert(self, spec: Table, row: Mapping[str, Any]) -> None:
        self._conn.execute(
            f'INSERT INTO "{spec.name}" ({", ".join(row)}) VALUES ({", ".join("?" * len(row))})',
            tuple(row.values()))

    def _erase(self, case_id: str) -> None:
        """Everything of the case goes: its rows (by cascade), its operations
        and registers; the tombstone stays so that it travels on."""
        tombstone = self._conn.execute(
            "SELECT op_id FROM operations WHERE case_id = ? AND kind = 'erase'"
            " ORDER BY op_id LIMIT 1", (case_id,)).fetchone()[0]
        self._conn.execute("INSERT OR IGNORE INTO erased_cases (case_id, op_id) VALUES (?, ?)",
                           (case_id, tombstone))
        self._conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        for table in ("field_ops", "field_parents"):
            self._conn.execute(
                f"DELETE FROM {table} WHERE (entity, entity_id) IN (SELECT entity, entity_id"
                " FROM operations WHERE case_id = ? AND kind <> 'erase')", (case_id,))
        for table in ("op_refs", "op_acks"):
            self._conn.execute(
                f"DELETE FROM {table} WHERE op_id IN (SELECT op_id FROM operations"
                " WHERE case_id = ? AND kind <> 'erase')", (case_id,))
        self._conn.execute("DELETE FROM operations WHERE case_id = ? AND kind <> 'erase'",
                           (case_id,))
        self._conn.execute("DELETE FROM open_conflicts WHERE case_id = ?", (case_id,))
        # The case's keys go too, every epoch, in this transaction: what stays
        # in the team's stream is ciphertext nobody can open.
        destroy_case_keys(self._conn, case_id)

    # -- operations from elsewhere ------------------------------------------------------

    def erased_of(self, case_ids: Iterable[str]) -> set[str]:
        """Which of these cases were erased here (their tombstone is all that is left)."""
        return self._present("SELECT case_id FROM erased_cases WHERE case_id IN ({})",
                             set(case_ids))

    def known_of(self, op_ids: Iterable[str]) -> set[str]:
        """Which of these operations the store holds already."""
        return self._present("SELECT op_id FROM operations WHERE op_id IN ({})", set(op_ids))

    def known(self, op_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM operations WHERE op_id = ?",
                                  (op_id,)).fetchone() is not None

    def receive(self, signed: SignedOperation) -> bool:
        """Apply an operation from another store; its signature is checked by
        the caller against the device's known key. False when it changes
        nothing: already here, or of an erased case."""
        op = signed.op
        if self.known(op.op_id):
            return False
        if op.kind is not OpKind.ERASE and self._conn.execute(
                "SELECT 1 FROM erased_cases WHERE case_id = ?", (op.case_id,)).fetchone():
            return False
        self._w().clock.observe(op.hlc)
        self._keep(op, own=False, signed=signed)
        return True

    def receive_many(self, batch: Sequence[SignedOperation]) -> tuple[set[str], list[int]]:
        """Apply operations from elsewhere (checked by the caller), in the
        caller's transaction: the same state as ``receive`` of each in turn.

        Returns the cases whose projections changed and the positions in
        ``batch`` of operations refused because this store cannot merge them.
        The batch is merged together (one insert per table, each register row
        and each numbering worked out once). When anything in it does not fit,
        or it holds a tombstone, none of it stays and each half is tried
        again, down to single operations through ``receive``: one that does
        not fit is refused alone, the rest still land, and a batch with one
        bad operation costs a few more statements, not one per operation.
        """
        cases: set[str] = set()
        refused: list[int] = []
        self._receive_split(list(batch), 0, cases, refused)
        return cases, refused

    def _receive_split(self, batch: list[SignedOperation], offset: int, cases: set[str],
                       refused: list[int]) -> None:
        if len(batch) == 1:
            try:
                if self.receive(batch[0]):
                    cases.add(batch[0].op.case_id)
            except (ValueError, LookupError, DatabaseError):
                refused.append(offset)
            return
        if not batch:
            return
        try:
            with self._savepoint("receive_many"):
                together = self._receive_together(batch)
        except (_OneByOne, ValueError, LookupError, DatabaseError):
            # Nothing of the batch stayed. The writer's clock saw it already;
            # seeing it again changes nothing.
            half = len(batch) // 2
            self._receive_split(batch[:half], offset, cases, refused)
            self._receive_split(batch[half:], offset + half, cases, refused)
            return
        cases |= together

    def _present(self, sql: str, values: Iterable[str]) -> set[str]:
        """Which of ``values`` the query (``IN ({})``) finds, in chunks the
        driver's parameter limit allows."""
        values = list(values)
        found: set[str] = set()
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            found.update(r[0] for r in self._conn.execute(
                sql.format(",".join("?" * len(chunk))), chunk))
        return found

    def _receive_together(self, batch: Sequence[SignedOperation]) -> set[str]:
        known = self._present("SELECT op_id FROM operations WHERE op_id IN ({})",
                              {s.op.op_id for s in batch})
        erased = self._present("SELECT case_id FROM erased_cases WHERE case_id IN ({})",
                               {s.op.case_id for s in batch})
        fresh: list[SignedOperation] = []
        for signed in batch:
            op = signed.op
            if op.op_id in known or (op.kind is not OpKind.ERASE and op.case_id in erased):
                continue
            if op.kind is OpKind.ERASE:
                raise _OneByOne()  # rare, and it deletes what came before it
            known.add(op.op_id)
            fresh.append(signed)
        if not fresh:
            return set()
        ops = [s.op for s in fresh]
        # Numbered groups: how many operations each held before this batch,
        # and its latest clock, read before the batch is added.
        groups: dict[tuple[str, str], list[Operation]] = {}
        for op in ops:
            spec = TABLES.get(op.entity)
            if op.kind is OpKind.APPEND and spec is not None and spec.version is not None:
                groups.setdefault((op.entity, op.entity_id), []).append(op)
        before: dict[tuple[str, str], tuple[int, str | None]] = {}
        for entity in {e for e, _i in groups}:
            ids = [i for e, i in groups if e == entity]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for entity_id, count, latest in self._conn.execute(
                        "SELECT entity_id, count(*), max(hlc) FROM operations"
                        f" WHERE entity = ? AND kind = 'append' AND entity_id IN"
                        f" ({','.join('?' * len(chunk))}) GROUP BY entity_id",
                        (entity, *chunk)):
                    before[(entity, entity_id)] = (count, latest)
        writer = self._w()
        for op in ops:
            writer.clock.observe(op.hlc)
        self._conn.executemany(
            "INSERT INTO operations (op_id, case_id, entity, entity_id, kind, hlc, author,"
            " device, body, signature) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(op.op_id, op.case_id, op.entity, op.entity_id, str(op.kind), op.hlc.encode(),
              op.author, op.device, signed.body, signed.signature)
             for op, signed in zip(ops, fresh, strict=True)])
        self._index_many(ops)
        # Registers first, in the order each thing first appears (a case
        # before its people), then the appended rows, which point at them.
        rows: dict[tuple[str, str], None] = {}
        for op in ops:
            spec = TABLES.get(op.entity)
            if op.kind is OpKind.SET and spec is not None and spec.projected:
                rows.setdefault((op.entity, op.entity_id))
        for entity, entity_id in rows:
            self._project_row(TABLES[entity], entity_id)
        inserts: dict[str, list[dict[str, Any]]] = {}
        for op in ops:
            spec = TABLES.get(op.entity)
            if op.kind is OpKind.APPEND and spec is not None and spec.version is None:
                inserts.setdefault(spec.name, []).append(dict(op.change))
        for (entity, entity_id), new in groups.items():
            spec = TABLES[entity]
            count, latest = before.get((entity, entity_id), (0, None))
            new.sort(key=lambda op: (op.hlc.encode(), op.op_id))
            if latest is not None and latest >= new[0].hlc.encode():
                # One from here sorts before one already numbered: all anew.
                self._renumber(spec, entity_id, new[0].case_id)
                continue
            inserts.setdefault(spec.name, []).extend(
                {**op.change, spec.version: count + n} for n, op in enumerate(new, start=1))
        self._track_conflicts(ops)
        for table, table_rows in inserts.items():
            by_columns: dict[tuple[str, ...], list[tuple]] = {}
            for row in table_rows:
                by_columns.setdefault(tuple(row), []).append(tuple(row.values()))
            for names, values in by_columns.items():
                self._conn.executemany(
                    f'INSERT INTO "{table}" ({", ".join(names)})'
                    f' VALUES ({", ".join("?" * len(names))})', values)
        return {op.case_id for op in ops}

    def device_key(self, device: str) -> bytes | None:
        row = self._conn.execute("SELECT public_key FROM device_keys WHERE device = ?",
                                 (device,)).fetchone()
        return None if row is None else bytes(row[0])

    def trust(self, device: str, public_key: bytes) -> None:
        """Trust on first use (until team membership, issue 20)."""
        self._conn.execute("INSERT INTO device_keys (device, public_key, first_seen)"
                           " VALUES (?, ?, ?)", (device, public_key, _now()))

    def since(self, seq: int) -> Iterator[tuple[int, bytes, bytes]]:
        """(seq, body, signature) of every operation that arrived after ``seq``."""
        yield from self._conn.execute(
            "SELECT seq, body, signature FROM operations WHERE seq > ? ORDER BY seq", (seq,))

    def last_seq(self) -> int:
        return self._conn.execute("SELECT coalesce(max(seq), 0) FROM operations").fetchone()[0]

    def devices(self) -> dict[str, bytes]:
        return {d: bytes(k) for d, k in self._conn.execute(
            "SELECT device, public_key FROM device_keys")}

    def move_cursor(self, source: str, position: int) -> None:
        """Remember how far ``source``'s operations have been read (only forward)."""
        self._conn.execute(
            "INSERT INTO op_cursors (source, position) VALUES (?, ?) ON CONFLICT (source)"
            " DO UPDATE SET position = max(position, excluded.position)", (source, position))

    def outbox_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM outbox").fetchone()[0]

    # -- an existing store becomes a log ------------------------------------------------

    def backfill(self, audit_rows: Iterable[Mapping[str, Any]]) -> int:
        """Make the current state of a store from before the log into
        operations: one SET per row of a register table (every carried
        field), one APPEND per row of an append table, in version order, and
        one per audit entry. The rows are there already: nothing is projected.
        """
        made = 0
        for spec in TABLES.values():
            if not spec.projected:
                continue
            names = self.columns(spec.name)
            if spec.append:
                order = f'"{spec.key}", "{spec.version}"' if spec.version else "rowid"
                for row in self._conn.execute(
                        f'SELECT {", ".join(names)} FROM "{spec.name}" ORDER BY {order}'
                        ).fetchall():
                    self.append(spec.name, dict(zip(names, row, strict=True)), project=False)
                    made += 1
                continue
            cols = [spec.key, *names, *spec.meta]
            for row in self._conn.execute(
                    f'SELECT {", ".join(cols)} FROM "{spec.name}" ORDER BY rowid').fetchall():
                doc = dict(zip(cols, row, strict=True))
                op = self._w().set(
                    TEAM if spec.team else
                    doc[spec.case] if spec.case != spec.key else doc[spec.key], spec.name,
                    doc[spec.key], {n: doc[n] for n in (*names, *spec.meta)}, {})
                self._keep(op, own=True, project=False)
                made += 1
        for entry in audit_rows:
            self.append(AUDIT, entry, project=False)
            made += 1
        return made

    # -- verify: the projections equal a replay of the log ----------------------------

    def replay(self) -> Replica:
        replica = Replica()
        for (body,) in self._conn.execute("SELECT body FROM operations ORDER BY seq"):
            replica.apply(parse(body))
        return replica

    def differences(self) -> list[str]:
        """Where a projection table differs from a replay of the log, as
        ``table id column`` codes (ids and codes, no values); empty when they
        agree. A row the log lacks is ``(extra)``, one it holds but the table
        lacks ``(missing)``."""
        replica = self.replay()
        found: list[str] = []
        for spec in TABLES.values():
            if not spec.projected:
                continue
            names = self.columns(spec.name)
            if spec.append:
                found += self._append_differences(spec, names, replica)
                continue
            cols = [spec.key, *names]
            actual = {row[0]: dict(zip(cols, row, strict=True)) for row in self._conn.execute(
                f'SELECT {", ".join(cols)} FROM "{spec.name}"')}
            expected: dict[str, dict] = {}
            for entity_id in replica.entities(spec.name):
                if replica.is_removed(spec.name, entity_id):
                    continue
                fields = replica.fields(spec.name, entity_id)
                expected[entity_id] = {spec.key: entity_id, **{
                    n: state.pick for n, state in fields.items() if n != REMOVED}}
            for entity_id in sorted(set(actual) | set(expected)):
                if entity_id not in expected:
                    found.append(f"{spec.name} {entity_id} (extra)")
                elif entity_id not in actual:
                    found.append(f"{spec.name} {entity_id} (missing)")
                else:
                    found += [f"{spec.name} {entity_id} {n}" for n in names
                              if n in expected[entity_id]
                              and expected[entity_id][n] != actual[entity_id][n]]
        return found

    def _append_differences(self, spec: Table, names: tuple[str, ...],
                            replica: Replica) -> list[str]:
        cols = [*names, spec.version] if spec.version else list(names)
        actual = sorted(_json(dict(zip(cols, row, strict=True))) for row in self._conn.execute(
            f'SELECT {", ".join(cols)} FROM "{spec.name}"'))
        expected: list[str] = []
        for (entity, _entity_id), ops in replica.appends.items():
            if entity != spec.name:
                continue
            ordered = sorted(ops.values(), key=lambda op: op.order_key)
            for number, op in enumerate(ordered, start=1):
                row = dict(op.change)
                if spec.version:
                    row[spec.version] = number
                expected.append(_json(row))
        expected.sort()
        if actual == expected:
            return []
        gone = len(set(expected) - set(actual))
        extra = len(set(actual) - set(expected))
        return [f"{spec.name} (missing {gone}, extra {extra})"]


class _OneByOne(Exception):
    """A batch that ``OpLog.receive_many`` applies one operation at a time."""


def log_of(conn: Connection) -> OpLog:
    """The write path of the store that owns ``conn``."""
    log = getattr(conn, "oplog", None)
    if log is None:
        raise RuntimeError("this connection's store keeps no log of operations")
    return log


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# -- a batch of operations from elsewhere --------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    applied: int
    already_here: int
    #: (device, public key) of devices seen for the first time (trusted now).
    new_devices: tuple[tuple[str, bytes], ...]
    #: (op id, reason code) of every operation refused; nothing was applied then.
    refused: tuple[tuple[str, str], ...]
    #: The cases whose projections changed.
    cases: frozenset[str]
    #: Operations a ``refuse`` check turned down (a role that does not allow
    #: them), by reason code; the rest of the batch is applied.
    not_allowed: tuple[tuple[str, str], ...] = ()


def import_batch(log: OpLog, items: Iterable[tuple[bytes, bytes]],
                 keys: Mapping[str, bytes],
                 refuse: Callable[[Operation], str | None] | None = None) -> ImportResult:
    """Check every operation, then apply them all, in the caller's
    transaction. An operation that cannot be read, whose device key is
    unknown or differs from the one this store knows, or whose signature does
    not verify refuses the whole batch (``refused``): nothing is half-applied.
    ``refuse(op)``, asked just before each is applied, names why this store
    does not take that one operation (``not_allowed``), or None.
    """
    known = log.devices()
    refused: list[tuple[str, str]] = []
    new: dict[str, bytes] = {}
    signed_ops: list[SignedOperation] = []
    for body, signature in items:
        try:
            signed = SignedOperation.read(body, signature)
        except ValueError:
            refused.append(("?", "unreadable"))
            continue
        device = signed.op.device
        key = known.get(device)
        offered = keys.get(device)
        if key is None:
            if offered is None:
                refused.append((signed.op.op_id, "unknown_device"))
                continue
            key = new.setdefault(device, offered)
        elif offered is not None and offered != key:
            refused.append((signed.op.op_id, "other_key"))
            continue
        if not signed.verifies(key):
            refused.append((signed.op.op_id, "bad_signature"))
            continue
        signed_ops.append(signed)
    if refused:
        return ImportResult(0, 0, (), tuple(refused), frozenset())
    for device, key in new.items():
        log.trust(device, key)
    applied = already = 0
    cases: set[str] = set()
    not_allowed: list[tuple[str, str]] = []
    for signed in signed_ops:
        reason = None if refuse is None or log.known(signed.op.op_id) else refuse(signed.op)
        if reason is not None:
            not_allowed.append((signed.op.op_id, reason))
            continue
        if log.receive(signed):
            applied += 1
            cases.add(signed.op.case_id)
        else:
            already += 1
    return ImportResult(applied, already, tuple(sorted(new.items())), (), frozenset(cases),
                        tuple(not_allowed))
