"""Slow down repeated failed unlocks.

The key derivation already costs ~0.1 s a try; on top of that, after three
failures in a row each next try waits longer (1, 2, 4 … up to 30 seconds). The
count lives in memory only: an attacker with the files bypasses the app
anyway, and the scrypt cost is what protects the file itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FREE_TRIES = 3
MAX_DELAY_S = 30.0


@dataclass
class UnlockThrottle:
    failures: int = 0
    _last_failure_at: float | None = field(default=None, repr=False)

    def delay_after(self, failures: int) -> float:
        if failures < FREE_TRIES:
            return 0.0
        return min(2.0 ** (failures - FREE_TRIES), MAX_DELAY_S)

    def record_failure(self, now: float) -> None:
        self.failures += 1
        self._last_failure_at = now

    def record_success(self) -> int:
        """Reset; return how many failures came before this success."""
        failed, self.failures, self._last_failure_at = self.failures, 0, None
        return failed

    def wait_seconds(self, now: float) -> float:
        """How long until the next try is allowed (0 when it is allowed now)."""
        if self._last_failure_at is None:
            return 0.0
        return max(0.0, self._last_failure_at + self.delay_after(self.failures) - now)
