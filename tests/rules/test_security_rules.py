"""Passphrase strength and unlock throttling, from tables."""

from __future__ import annotations

import pytest

from app.security.passphrase import MIN_LENGTH, Strength, assess
from app.security.throttle import MAX_DELAY_S, UnlockThrottle


@pytest.mark.parametrize(("passphrase", "expected"), [
    ("", Strength.TOO_SHORT),
    ("kort", Strength.TOO_SHORT),
    ("a" * (MIN_LENGTH - 1), Strength.TOO_SHORT),
    ("wachtwoord", Strength.WEAK),
    ("Welkom123", Strength.TOO_SHORT),
    ("aaaaaaaaaaaa", Strength.WEAK),
    ("fietsbel op zolder", Strength.FAIR),
    ("de kat slaapt graag", Strength.STRONG),
    ("Gr0ene-Thee!Met#Honing", Strength.STRONG),
])
def test_strength(passphrase: str, expected: Strength):
    assert assess(passphrase).strength == expected


@pytest.mark.parametrize(("strength", "acceptable"), [
    (Strength.TOO_SHORT, False), (Strength.WEAK, True), (Strength.FAIR, True),
    (Strength.STRONG, True),
])
def test_only_too_short_is_refused(strength, acceptable):
    sample = {Strength.TOO_SHORT: "kort", Strength.WEAK: "wachtwoord",
              Strength.FAIR: "fietsbel op zolder", Strength.STRONG: "de kat slaapt graag"}
    assert assess(sample[strength]).acceptable is acceptable


@pytest.mark.parametrize(("failures", "delay"), [
    (0, 0.0), (1, 0.0), (2, 0.0), (3, 1.0), (4, 2.0), (5, 4.0), (8, 30.0), (20, MAX_DELAY_S),
])
def test_throttle_delays(failures: int, delay: float):
    throttle = UnlockThrottle()
    for _ in range(failures):
        throttle.record_failure(now=100.0)
    assert throttle.wait_seconds(now=100.0) == delay
    assert throttle.wait_seconds(now=100.0 + delay) == 0.0


def test_success_resets_the_throttle_and_reports_failures():
    throttle = UnlockThrottle()
    for _ in range(5):
        throttle.record_failure(now=0.0)
    assert throttle.record_success() == 5
    assert throttle.wait_seconds(now=0.0) == 0.0
    assert throttle.failures == 0
