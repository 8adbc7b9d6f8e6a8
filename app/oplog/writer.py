"""Making operations on this device: the author, the device and its clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.oplog.hlc import Clock
from app.oplog.operation import Operation, OpKind, uuid7


class Writer:
    """Builds the operations of one worker on one device (unsigned; the store
    signs them with the device key when it appends them)."""

    def __init__(self, author: str, clock: Clock, key_epoch: int = 0) -> None:
        self.author = author
        self.clock = clock
        self.key_epoch = key_epoch

    @property
    def device(self) -> str:
        return self.clock.device

    def _op(self, kind: OpKind, case_id: str, entity: str, entity_id: str,
            change: Mapping[str, Any], parents: Mapping[str, Iterable[str]],
            refs: Iterable[str], ack: Iterable[str]) -> Operation:
        hlc = self.clock.tick()
        return Operation(uuid7(hlc.wall_ms), case_id, entity, entity_id, kind, dict(change),
                         {name: tuple(ids) for name, ids in parents.items()}, hlc,
                         self.author, self.device, self.key_epoch,
                         tuple(sorted(set(refs))), tuple(sorted(set(ack))))

    def set(self, case_id: str, entity: str, entity_id: str, change: Mapping[str, Any],
            parents: Mapping[str, Iterable[str]], *, refs: Iterable[str] = (),
            ack: Iterable[str] = ()) -> Operation:
        """New values for fields; ``parents``: per changed field, the heads
        the worker saw (when the form opened), empty for a new thing."""
        if not change:
            raise ValueError("a SET operation changes at least one field")
        unknown = set(parents) - set(change)
        if unknown:
            raise ValueError("parents for fields that are not changed")
        return self._op(OpKind.SET, case_id, entity, entity_id, change,
                        {name: parents.get(name, ()) for name in change}, refs, ack)

    def append(self, case_id: str, entity: str, entity_id: str, payload: Mapping[str, Any],
               *, refs: Iterable[str] = ()) -> Operation:
        return self._op(OpKind.APPEND, case_id, entity, entity_id, payload, {}, refs, ())

    def erase(self, case_id: str) -> Operation:
        return self._op(OpKind.ERASE, case_id, "case", case_id, {}, {}, (), ())
