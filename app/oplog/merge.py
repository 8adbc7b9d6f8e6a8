"""Merge rules: how a set of operations becomes one state, in any order.

``Replica`` applies operations one by one; applying is idempotent and
order-free, so two replicas that received the same operations, in any order
and with any duplicates, hold the same heads, records and conflicts.

* **Append-only** things (signal versions, meldcode records, audit entries)
  merge by union of op ids.
* **Mutable fields** are multi-value registers. The heads of a field are its
  operations minus every operation that any operation of that field names as
  a parent. The named ids are kept (``superseded``) also when the named
  operation has not arrived yet, so an operation that arrives after its
  successor never becomes a head.
* Two heads with different values are a **conflict** (``FieldConflict``).
  Nothing picks a winner: a person resolves it with an operation whose
  parents are all heads. Heads that hold the same value are one value, not a
  conflict. ``FieldState.pick`` is a deterministic choice for sorting and
  searching only; every place that shows the field shows the conflict.
* **Erasing** a case is a tombstone: every operation of the case goes, and
  operations of that case that arrive later are dropped. The tombstone itself
  stays, so that it travels on.
* A person is removed by setting their ``removed`` field. A removed person
  named by an operation that the removals did not acknowledge (``ack``) is a
  conflict of its own kind (``RemovalConflict``): someone recorded something
  about them while someone else removed them. For a record (append-only)
  every version counts; for a field only a value that is still a head.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.oplog.operation import Operation, OpKind

#: The field that marks a person (or any thing) as removed.
REMOVED = "removed"

EntityKey = tuple[str, str]  # (entity kind, entity id)


@dataclass
class Register:
    """One mutable field: every operation that set it, and the op ids named as
    its parents."""

    ops: dict[str, Operation] = field(default_factory=dict)
    superseded: set[str] = field(default_factory=set)

    def heads(self) -> list[Operation]:
        return sorted((op for op_id, op in self.ops.items() if op_id not in self.superseded),
                      key=lambda op: op.order_key)


@dataclass(frozen=True)
class FieldState:
    """A field as it stands: its heads (oldest first) and their values."""

    heads: tuple[Operation, ...]
    name: str

    @property
    def values(self) -> tuple[Any, ...]:
        """The distinct values of the heads, in the order of their first head."""
        seen: list[Any] = []
        for op in self.heads:
            value = op.change[self.name]
            if value not in seen:
                seen.append(value)
        return tuple(seen)

    @property
    def in_conflict(self) -> bool:
        return len(self.values) > 1

    @property
    def head_ids(self) -> tuple[str, ...]:
        return tuple(sorted(op.op_id for op in self.heads))

    @property
    def pick(self) -> Any:
        """A deterministic value for sorting and search, never for showing
        alone: the value of the head latest by clock, then op id."""
        return self.heads[-1].change[self.name] if self.heads else None


@dataclass(frozen=True)
class FieldConflict:
    """Two or more current values of one field (``2 versies``)."""

    case_id: str
    entity: str
    entity_id: str
    field: str
    heads: tuple[Operation, ...]

    @property
    def key(self) -> tuple:
        return ("field", self.entity, self.entity_id, self.field,
                tuple(op.op_id for op in self.heads))


@dataclass(frozen=True)
class RemovalConflict:
    """A removed person named by changes the removal did not see."""

    case_id: str
    entity: str
    entity_id: str
    removals: tuple[Operation, ...]
    naming: tuple[Operation, ...]

    @property
    def key(self) -> tuple:
        return ("removed_named", self.entity, self.entity_id,
                tuple(op.op_id for op in self.naming))


Conflict = FieldConflict | RemovalConflict


class Replica:
    """The merged state of every operation applied so far (in memory)."""

    def __init__(self) -> None:
        self.ops: dict[str, Operation] = {}
        self.tombstones: dict[str, set[str]] = {}  # case id -> erase op ids
        self.registers: dict[tuple[str, str, str], Register] = {}
        self.appends: dict[EntityKey, dict[str, Operation]] = {}
        self._entity_case: dict[EntityKey, str] = {}
        # (entity, id) -> the names of its registers, so reading one thing
        # does not walk every register of the replica.
        self._names: dict[EntityKey, set[str]] = {}
        # person id -> op ids of the operations that name them
        self._named_by: dict[str, set[str]] = {}

    # -- applying --------------------------------------------------------------

    def apply(self, op: Operation) -> bool:
        """Apply one operation; False when it changed nothing (seen before, or
        of an erased case)."""
        if op.op_id in self.ops:
            return False
        if op.kind is OpKind.ERASE:
            self._erase(op)
            return True
        if op.case_id in self.tombstones:
            return False
        self.ops[op.op_id] = op
        self._entity_case.setdefault((op.entity, op.entity_id), op.case_id)
        for person in op.refs:
            self._named_by.setdefault(person, set()).add(op.op_id)
        if op.kind is OpKind.APPEND:
            self.appends.setdefault((op.entity, op.entity_id), {})[op.op_id] = op
            return True
        for name in op.change:
            register = self.registers.setdefault((op.entity, op.entity_id, name), Register())
            self._names.setdefault((op.entity, op.entity_id), set()).add(name)
            register.ops[op.op_id] = op
            register.superseded.update(op.parents.get(name, ()))
        return True

    def apply_all(self, ops: Iterable[Operation]) -> int:
        return sum(self.apply(op) for op in ops)

    def _erase(self, tombstone: Operation) -> None:
        case_id = tombstone.case_id
        self.tombstones.setdefault(case_id, set()).add(tombstone.op_id)
        self.ops[tombstone.op_id] = tombstone
        gone = {op_id for op_id, op in self.ops.items()
                if op.case_id == case_id and op.kind is not OpKind.ERASE}
        for op_id in gone:
            del self.ops[op_id]
        for key in [k for k, c in self._entity_case.items() if c == case_id]:
            del self._entity_case[key]
            self.appends.pop(key, None)
        for key in [k for k in self.registers if (k[0], k[1]) not in self._entity_case]:
            del self.registers[key]
        for key in [k for k in self._names if k not in self._entity_case]:
            del self._names[key]
        for named in self._named_by.values():
            named -= gone

    # -- reading ---------------------------------------------------------------

    def field(self, entity: str, entity_id: str, name: str) -> FieldState:
        register = self.registers.get((entity, entity_id, name))
        return FieldState(tuple(register.heads()) if register else (), name)

    def fields(self, entity: str, entity_id: str) -> dict[str, FieldState]:
        return {name: self.field(entity, entity_id, name)
                for name in sorted(self._names.get((entity, entity_id), ()))}

    def entities(self, entity: str) -> list[str]:
        """The ids of every thing of kind ``entity`` that has a register."""
        return sorted(ident for (kind, ident) in self._names if kind == entity)

    def heads(self, entity: str, entity_id: str,
              names: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The parents a new edit of ``names`` names: the current heads."""
        return {name: self.field(entity, entity_id, name).head_ids for name in names}

    def records(self, entity: str, entity_id: str) -> list[Operation]:
        return sorted(self.appends.get((entity, entity_id), {}).values(),
                      key=lambda op: op.order_key)

    def is_removed(self, entity: str, entity_id: str) -> bool:
        values = self.field(entity, entity_id, REMOVED).values
        return bool(values) and all(value is True for value in values)

    def conflicts(self) -> list[Conflict]:
        found: list[Conflict] = []
        for (entity, entity_id, name) in sorted(self.registers):
            state = self.field(entity, entity_id, name)
            if state.in_conflict:
                found.append(FieldConflict(self._entity_case[(entity, entity_id)], entity,
                                           entity_id, name, state.heads))
        for (entity, entity_id) in sorted(self._names):
            conflict = self._removal_conflict(entity, entity_id)
            if conflict is not None:
                found.append(conflict)
        return found

    def _removal_conflict(self, entity: str, entity_id: str) -> RemovalConflict | None:
        if not self.is_removed(entity, entity_id):
            return None
        register = self.registers[(entity, entity_id, REMOVED)]
        acknowledged = {ack for op in register.ops.values() for ack in op.ack}
        naming = [self.ops[op_id] for op_id in self._named_by.get(entity_id, ())
                  if op_id not in acknowledged and self._still_names(self.ops[op_id], entity_id)]
        if not naming:
            return None
        return RemovalConflict(self._entity_case[(entity, entity_id)], entity, entity_id,
                               tuple(register.heads()),
                               tuple(sorted(naming, key=lambda op: op.order_key)))

    def _still_names(self, op: Operation, person_id: str) -> bool:
        if op.kind is OpKind.APPEND:
            return True
        # A field's value names them only while it is a head of that field.
        return any(op.op_id in self.field(op.entity, op.entity_id, name).head_ids
                   for name in op.change)

    def naming_ops(self, person_id: str) -> tuple[str, ...]:
        """Every op that names ``person_id``: what a removal acknowledges."""
        return tuple(sorted(self._named_by.get(person_id, ())))

    # -- comparing -------------------------------------------------------------

    def snapshot(self) -> dict:
        """Everything that must be equal between two converged replicas."""
        return {
            "ops": sorted(self.ops),
            "tombstones": {case: sorted(ids) for case, ids in sorted(self.tombstones.items())},
            "fields": {f"{e}/{i}/{n}": (self.field(e, i, n).head_ids, self.field(e, i, n).values)
                       for (e, i, n) in sorted(self.registers)},
            "records": {f"{e}/{i}": sorted(ops) for (e, i), ops in sorted(self.appends.items())},
            "conflicts": [c.key for c in self.conflicts()],
        }

    def __iter__(self) -> Iterator[Operation]:
        return iter(sorted(self.ops.values(), key=lambda op: op.order_key))
