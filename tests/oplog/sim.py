"""Simulated devices for merge tests: each a replica with its own writer."""

from __future__ import annotations

from app.oplog.hlc import Clock
from app.oplog.merge import REMOVED, Replica
from app.oplog.writer import Writer


class Device:
    def __init__(self, name: str, start: int = 1_000) -> None:
        ticks = iter(range(start, start + 1_000_000))
        self.name = name
        self.writer = Writer(f"worker-{name}", Clock(name, now=lambda: next(ticks)))
        self.replica = Replica()
        self.made = []

    def _keep(self, op):
        self.replica.apply(op)
        self.made.append(op)
        return op

    def set(self, case, entity, ident, change, *, refs=(), ack=()):
        """An edit that names the heads this device sees now."""
        parents = self.replica.heads(entity, ident, change)
        return self._keep(self.writer.set(case, entity, ident, change, parents,
                                          refs=refs, ack=ack))

    def append(self, case, entity, ident, payload, *, refs=()):
        return self._keep(self.writer.append(case, entity, ident, payload, refs=refs))

    def remove(self, case, person):
        """Remove a person, acknowledging what names them that this device saw."""
        return self.set(case, "person", person, {REMOVED: True},
                        ack=self.replica.naming_ops(person))

    def erase(self, case):
        return self._keep(self.writer.erase(case))

    def receive(self, ops):
        for op in ops:
            self.writer.clock.observe(op.hlc)
            self.replica.apply(op)
