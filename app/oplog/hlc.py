"""Hybrid logical clock (HLC): wall time in milliseconds, a counter, a device.

A timestamp is taken for every local operation (``Clock.tick``) and the clock
moves past every foreign one it receives (``Clock.observe``), so an operation
always carries a later time than every operation its author had seen, even
when the laptops' clocks disagree. The device id breaks ties, so no two
operations of two devices share a timestamp.

The clock orders history for display and gives a deterministic order; it
never decides which of two concurrent edits wins (``merge`` keeps both).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

_WALL_DIGITS = 15
_COUNTER_DIGITS = 8
MAX_COUNTER = 10**_COUNTER_DIGITS - 1


class ClockError(ValueError):
    """A timestamp that cannot be read, or a clock pushed past its range."""


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        """Fixed-width text that sorts as the timestamp does."""
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}.{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        if not isinstance(text, str):
            raise ClockError("a timestamp is text")
        parts = text.split(".", 2)
        if len(parts) != 3 or len(parts[0]) != _WALL_DIGITS \
                or len(parts[1]) != _COUNTER_DIGITS or not parts[2] \
                or not (parts[0].isdigit() and parts[1].isdigit()):
            raise ClockError("not a timestamp")
        return cls(int(parts[0]), int(parts[1]), parts[2])


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class Clock:
    """The clock of one device; ``last`` is the latest timestamp it gave or saw."""

    def __init__(self, device: str, last: Timestamp | None = None,
                 now: Callable[[], int] = wall_clock_ms) -> None:
        self.device = device
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0
        self._now = now

    @property
    def last(self) -> Timestamp:
        return Timestamp(self._wall, self._counter, self.device)

    def tick(self) -> Timestamp:
        """The timestamp of a new local operation."""
        now = self._now()
        if now > self._wall:
            self._wall, self._counter = now, 0
        else:
            self._bump()
        return self.last

    def observe(self, remote: Timestamp) -> None:
        """Move past a received timestamp (merge on receive)."""
        now = self._now()
        wall = max(self._wall, remote.wall_ms, now)
        if wall == self._wall and wall == remote.wall_ms:
            counter = max(self._counter, remote.counter) + 1
        elif wall == self._wall:
            counter = self._counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        if counter > MAX_COUNTER:
            raise ClockError("clock counter out of range")
        self._wall, self._counter = wall, counter

    def _bump(self) -> None:
        if self._counter >= MAX_COUNTER:
            raise ClockError("clock counter out of range")
        self._counter += 1
