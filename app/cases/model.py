"""Case (casus), household (huishouden) and person (betrokkene).

Pure data and rules; the store persists these, the interface shows them.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from app.errors import ValidationError
from app.i18n import N_, _, ngettext

MAX_NAME_LENGTH = 200
MAX_AGE = 120


def new_id() -> str:
    """Record keys are random UUIDs, so records from two devices never clash."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# No 0/O or 1/I/L: a reference is read aloud on the phone to Veilig Thuis.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference(today: date) -> str:
    """A case reference like ``VW-2611-K7QD``: year and month, then four random
    characters. Random rather than counted, so that two devices never hand out
    the same reference and the count of cases does not leak."""
    tail = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(4))
    return f"VW-{today:%y%m}-{tail}"


class Role(StrEnum):
    """A person's place in the household (rol in het huishouden)."""

    CHILD = "child"
    PARENT = "parent"
    PARTNER = "partner"
    EX_PARTNER = "ex_partner"
    HOUSEHOLD_MEMBER = "household_member"
    OUTSIDE_HOUSEHOLD = "outside_household"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])


_ROLE_LABELS = {
    Role.CHILD: N_("Kind"),
    Role.PARENT: N_("Ouder of verzorger"),
    Role.PARTNER: N_("Partner"),
    Role.EX_PARTNER: N_("Ex-partner"),
    Role.HOUSEHOLD_MEMBER: N_("Ander lid van het huishouden"),
    Role.OUTSIDE_HOUSEHOLD: N_("Iemand buiten het huishouden"),
}


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _({CaseStatus.OPEN: N_("Open"), CaseStatus.CLOSED: N_("Afgesloten")}[self])


@dataclass(frozen=True)
class Provenance:
    """Who made a record, on which device, and when (all times UTC)."""

    created_at: datetime
    updated_at: datetime
    author: str
    device: str

    @classmethod
    def now(cls, author: str, device: str) -> Provenance:
        moment = utc_now()
        return cls(moment, moment, author, device)

    def touched(self, author: str, device: str) -> Provenance:
        return replace(self, updated_at=utc_now(), author=author, device=device)


@dataclass(frozen=True)
class Person:
    """Betrokkene: someone in the household or network.

    Either a date of birth or an estimated age is known (or neither, when the
    worker does not know yet); the date of birth wins when both are given.
    """

    id: str
    case_id: str
    name: str
    role: Role
    date_of_birth: date | None = None
    age: int | None = None
    parental_authority: bool | None = None
    provenance: Provenance | None = None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return self.age
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    def is_minor_on(self, day: date) -> bool | None:
        age = self.age_on(day)
        return None if age is None else age < 18


def validate_person(name: str, date_of_birth: date | None, age: int | None, today: date) -> None:
    if not name.strip():
        raise ValidationError(_("Vul een naam in."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            ngettext("De naam is te lang (meer dan {n} teken).",
                     "De naam is te lang (meer dan {n} tekens).", MAX_NAME_LENGTH
                     ).format(n=MAX_NAME_LENGTH), field="name"
        )
    if date_of_birth is not None:
        if date_of_birth > today:
            raise ValidationError(_("De geboortedatum ligt in de toekomst."), field="date_of_birth")
        if today.year - date_of_birth.year > MAX_AGE:
            raise ValidationError(_("Deze geboortedatum kan niet kloppen."), field="date_of_birth")
    if age is not None and not 0 <= age <= MAX_AGE:
        raise ValidationError(
            ngettext("Een leeftijd ligt tussen 0 en {n} jaar.",
                     "Een leeftijd ligt tussen 0 en {n} jaar.", MAX_AGE).format(n=MAX_AGE),
            field="age"
        )


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list: what a worker scans for.

    ``current_step`` (meldcode 1–5), ``safety_phase`` (1–5) and ``next_due``
    are kept on the case by the services that change them, so the list of
    ten thousand cases needs one query and no domain computation.
    """

    id: str
    reference: str
    household_name: str
    status: CaseStatus
    current_step: int
    safety_phase: int | None
    next_due: date | None
    updated_at: datetime


@dataclass(frozen=True)
class Case:
    """Casus: everything recorded about one household."""

    id: str
    reference: str
    household_name: str
    status: CaseStatus
    provenance: Provenance
    current_step: int = 1
    safety_phase: int | None = None
    next_due: date | None = None
    closed_on: date | None = None
    people: tuple[Person, ...] = field(default=())

    def summary(self) -> CaseSummary:
        return CaseSummary(
            self.id, self.reference, self.household_name, self.status, self.current_step,
            self.safety_phase, self.next_due, self.provenance.updated_at,
        )


def initials(name: str) -> str:
    """``Şükran Yılmaz`` → ``Ş. Y.``: what discreet mode shows instead of a name."""
    return " ".join(f"{word[0]}." for word in name.split() if word[0].isalpha()) or "…"


#: Words that stand in a name as written in a plan ("Oma Fatma", "Juf Anneke")
#: but name nobody on their own: masking them would only blur the text.
_NOT_NAMES = frozenset({"oma", "opa", "tante", "oom", "juf", "meester", "mevrouw", "meneer",
                        "buurvrouw", "buurman", "familie", "broer", "zus", "vriend",
                        "vriendin", "dokter", "wijkteam"})


def mask_names(text: str, names: Iterable[str]) -> str:
    """``text`` with every name in ``names`` replaced by its initials, also
    where only a part of it stands ("Lotte zei …" → "L. zei …"): for free text
    that stays on screen in discreet mode. Parts that start with a small letter
    (van, de) are not names on their own and stay."""
    swaps: dict[str, str] = {}
    for name in names:
        if name.strip():
            swaps[name.strip()] = initials(name)
            for part in re.split(r"[\s-]+", name.strip()):
                if len(part) >= 2 and part[0].isupper() and part.casefold() not in _NOT_NAMES:
                    swaps.setdefault(part, f"{part[0]}.")
    if not swaps or not text:
        return text
    # A name of four letters or more also with a Dutch possessive s ("Lottes fiets").
    pattern = re.compile(r"(?<!\w)(" + "|".join(
        re.escape(k) + ("s?" if len(k) >= 4 else "")
        for k in sorted(swaps, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
    folded = {k.casefold(): v for k, v in swaps.items()}

    def swap(match: re.Match) -> str:
        found = match.group(0).casefold()
        shown = folded.get(found) or folded.get(found[:-1], match.group(0))
        # "broer Mehmet." → "broer M." rather than "broer M.."
        return shown[:-1] if text[match.end():match.end() + 1] == "." else shown

    return pattern.sub(swap, text)


def validate_household_name(name: str) -> str:
    """The household name shown in the case list, e.g. "Familie Yılmaz"."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Geef het huishouden een naam."), field="household_name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            ngettext("De naam is te lang (meer dan {n} teken).",
                     "De naam is te lang (meer dan {n} tekens).", MAX_NAME_LENGTH
                     ).format(n=MAX_NAME_LENGTH),
            field="household_name",
        )
    return name
