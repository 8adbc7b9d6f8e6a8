"""A key file's file operations that fail at a chosen step (disk full)."""

from __future__ import annotations

import errno

from app.store import keys


class FailingOps(keys.FileOps):
    """Counts every step; raises (disk full) at step ``at``, or from ``at`` on."""

    def __init__(self, at: int | None = None, persistent: bool = False) -> None:
        self.at, self.persistent, self.steps = at, persistent, []

    def _step(self, name: str) -> None:
        k = len(self.steps)
        self.steps.append(name)
        if self.at is not None and (k == self.at or (self.persistent and k > self.at)):
            raise OSError(errno.ENOSPC, "No space left on device")

    def write(self, fd, data):
        self._step("write")
        super().write(fd, data)

    def fsync(self, fd):
        self._step("fsync")
        super().fsync(fd)

    def replace(self, source, target):
        self._step("rename")
        super().replace(source, target)

    def fsync_dir(self, folder):
        self._step("fsync_dir")
        super().fsync_dir(folder)

    def checkpoint(self, name):
        self._step(name)
