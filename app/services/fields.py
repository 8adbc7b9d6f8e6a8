"""Fields as the log holds them, for every screen that shows or edits one (issue 19).

* ``seen``: what a form saw when it opened, the heads of every field of the
  thing it edits. The form keeps it and its service passes it back on
  saving, so a value that arrived from another device while the form was
  open becomes a conflict (``2 versies``), never silently overwritten, and
  a field the worker left as shown is no edit (``OpLog.unedited``).
* ``conflicts_of``: the fields of one thing that are in conflict, each as a
  ``ConflictRow`` with every value and who, which device and when.
* ``resolve``: settle one of them where it is shown, with one of its values
  or a typed one; the operation names every current head as its parent.

Things are named as the log names them (``app.store.oplog.TABLES``): a case
(``cases``, its id), a person (``persons``), a case's handover details
(``handover_details``, the case id) and its safety plan (``safety_plan``,
the case id).
"""

from __future__ import annotations

from typing import Any

from app.services.exchange import ConflictRow, conflict_row, resolve_field
from app.store.oplog import OpenConflict
from app.store.store import Store

CASE = "cases"
PERSON = "persons"
HANDOVER = "handover_details"
SAFETY_PLAN = "safety_plan"


def seen(store: Store, entity: str, entity_id: str) -> dict[str, tuple[str, ...]]:
    """The heads of every field of (``entity``, ``entity_id``) now: take it
    when a form opens and pass it to the service that saves the form."""
    return store.ops.heads(entity, entity_id, store.ops.columns(entity))


def conflicts_of(store: Store, entity: str, entity_id: str) -> dict[str, ConflictRow]:
    """Per field of (``entity``, ``entity_id``) in conflict, its row: every
    value with who, which device and when (read from that thing's registers
    alone, not from the whole store)."""
    found: dict[str, ConflictRow] = {}
    for name, versions in store.ops.versions(entity, entity_id).items():
        if len(versions) > 1:
            found[name] = conflict_row(store, OpenConflict(
                "field", store.ops.case_of(entity, entity_id), entity, entity_id, name,
                versions))
    return found


def in_conflict(store: Store, entity: str, entity_id: str) -> bool:
    return any(len(v) > 1 for v in store.ops.versions(entity, entity_id).values())


def resolve(store: Store, row: ConflictRow, value: Any) -> dict[str, tuple[str, ...]]:
    """Settle ``row`` with ``value`` (one of its versions' values or, where
    ``row.editable``, a typed one). Returns the field's heads after: what a
    form that is still open has now seen of it."""
    resolve_field(store, row.conflict, value)
    conflict = row.conflict
    return store.ops.heads(conflict.entity, conflict.entity_id, [conflict.field])
