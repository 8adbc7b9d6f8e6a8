"""How strong a new passphrase is, in words a worker understands.

A store's passphrase guards a family's most sensitive data on a laptop that
travels. The rule: at least 10 characters, not a well-known password; the hint
steers toward a short sentence of four or more words, which is both strong and
easy to remember (the advice of the Dutch NCSC).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

from app.i18n import N_, _

MIN_LENGTH = 10

_COMMON = {
    "wachtwoord", "password", "welkom01", "welkom123", "qwertyuiop", "1234567890",
    "wachtwoord1", "wachtwoord123", "password123", "veiligthuis", "veiligwijzer",
    "wijkteam123", "zomer2026!", "winter2026!", "0123456789", "abcdefghij",
}


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def hint(self) -> str:
        return _(_HINTS[self])


_LABELS = {
    Strength.TOO_SHORT: N_("Te kort"),
    Strength.WEAK: N_("Zwak"),
    Strength.FAIR: N_("Redelijk"),
    Strength.STRONG: N_("Sterk"),
}
_HINTS = {
    Strength.TOO_SHORT: N_("Gebruik minstens 10 tekens. Een korte zin is het makkelijkst."),
    Strength.WEAK: N_("Makkelijk te raden. Maak er een zin van vier of meer woorden van."),
    Strength.FAIR: N_("Nog één woord erbij maakt het sterk."),
    Strength.STRONG: N_("Goed gekozen. Onthoud het goed."),
}


def _entropy_bits(passphrase: str) -> float:
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(not c.isalnum() for c in passphrase):
        pool += 33
    # Repeated characters add little: count distinct ones more than repeats.
    distinct = len(set(passphrase))
    effective = distinct + (len(passphrase) - distinct) * 0.25
    return effective * math.log2(max(pool, 2))


@dataclass(frozen=True)
class Assessment:
    strength: Strength

    @property
    def acceptable(self) -> bool:
        return self.strength >= Strength.WEAK and self.strength != Strength.TOO_SHORT


def assess(passphrase: str) -> Assessment:
    if len(passphrase) < MIN_LENGTH:
        return Assessment(Strength.TOO_SHORT)
    if passphrase.lower() in _COMMON:
        return Assessment(Strength.WEAK)
    words = len([w for w in passphrase.split() if len(w) >= 2])
    bits = _entropy_bits(passphrase)
    if words >= 4 or bits >= 100:
        return Assessment(Strength.STRONG)
    if words >= 3 or bits >= 60:
        return Assessment(Strength.FAIR)
    return Assessment(Strength.WEAK)
