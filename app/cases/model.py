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


class FieldKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    AGE = "age"
    YES_NO = "yes_no"
    ROLE = "role"
    PERSON = "person"


@dataclass(frozen=True)
class PersonField:
    """One field of a person: its code name, Dutch label and kind."""

    name: str
    label: str
    kind: FieldKind
    max_length: int = 0


#: Every field of a person, in the order a form asks them: the one
#: declaration the store, the history, the dialog and the exports follow.
PERSON_FIELDS: tuple[PersonField, ...] = (
    PersonField("name", N_("Naam"), FieldKind.TEXT, MAX_NAME_LENGTH),
    PersonField("role", N_("Rol"), FieldKind.ROLE),
    PersonField("date_of_birth", N_("Geboortedatum"), FieldKind.DATE),
    PersonField("age", N_("Leeftijd (geschat)"), FieldKind.AGE),
    PersonField("parental_authority", N_("Heeft gezag over een kind"), FieldKind.YES_NO),
    PersonField("street", N_("Straat en huisnummer"), FieldKind.TEXT, MAX_NAME_LENGTH),
    PersonField("postcode", N_("Postcode"), FieldKind.TEXT, 10),
    PersonField("place", N_("Plaats"), FieldKind.TEXT, MAX_NAME_LENGTH),
    PersonField("same_address_as", N_("Woont op hetzelfde adres als"), FieldKind.PERSON),
    PersonField("phone", N_("Telefoon"), FieldKind.TEXT, 30),
    PersonField("school", N_("School of kinderopvang"), FieldKind.TEXT, MAX_NAME_LENGTH),
    PersonField("language", N_("Taal die de persoon spreekt"), FieldKind.TEXT, 100),
    PersonField("interpreter_needed", N_("Tolk nodig"), FieldKind.YES_NO),
)
PERSON_FIELD_NAMES = tuple(f.name for f in PERSON_FIELDS)


@dataclass(frozen=True)
class Person:
    """Betrokkene: someone in the household or network.

    Either a date of birth or an estimated age is known (or neither, when the
    worker does not know yet); the date of birth wins when both are given.
    The address is either typed in (``street``, ``postcode``, ``place``) or
    taken from another person of the case (``same_address_as``: "woont op
    hetzelfde adres als"). ``school`` is a child's school or day-care.
    The fields are declared once in :data:`PERSON_FIELDS`.
    """

    id: str
    case_id: str
    name: str
    role: Role
    date_of_birth: date | None = None
    age: int | None = None
    parental_authority: bool | None = None
    provenance: Provenance | None = None
    street: str = ""
    postcode: str = ""
    place: str = ""
    same_address_as: str | None = None
    phone: str = ""
    school: str = ""
    language: str = ""
    interpreter_needed: bool | None = None

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

    @property
    def own_address(self) -> tuple[str, str, str]:
        return (self.street, self.postcode, self.place)

    def values(self) -> dict[str, object]:
        """The declared fields, by name (see :data:`PERSON_FIELDS`)."""
        return {name: getattr(self, name) for name in PERSON_FIELD_NAMES}


@dataclass(frozen=True)
class PersonVersion:
    """One version of a person in the household's history (like a signal's):
    the values then, why they changed, and whether the person was removed."""

    number: int
    person: Person
    reason: str | None
    removed: bool
    recorded_at: datetime
    author: str


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


_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]*$")
_DUTCH_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")


def normal_postcode(postcode: str) -> str:
    """``1234ab`` → ``1234 AB``; a foreign postcode stays as typed."""
    match = _DUTCH_POSTCODE.match(postcode.strip())
    return f"{match.group(1)} {match.group(2).upper()}" if match else postcode.strip()


def validate_person_details(person: Person, others: Iterable[Person], today: date) -> Person:
    """Check every field of ``person`` against the other people of its case
    and return it with its text trimmed and its postcode written the Dutch way.

    An address is typed in or taken from someone else, not both; the other
    person must belong to the same case, and an address taken from someone
    who takes theirs from a third is taken from that third.
    """
    validate_person(person.name, person.date_of_birth, person.age, today)
    cleaned = {f.name: getattr(person, f.name).strip() for f in PERSON_FIELDS
               if f.kind is FieldKind.TEXT}
    for f in PERSON_FIELDS:
        if f.kind is FieldKind.TEXT and len(cleaned[f.name]) > f.max_length:
            raise ValidationError(ngettext(
                "{label}: de tekst is te lang (meer dan {n} teken).",
                "{label}: de tekst is te lang (meer dan {n} tekens).", f.max_length).format(
                label=_(f.label), n=f.max_length), field=f.name)
    if cleaned["phone"] and not _PHONE.match(cleaned["phone"]):
        raise ValidationError(_("Dit telefoonnummer klopt niet."), field="phone")
    cleaned["postcode"] = normal_postcode(cleaned["postcode"])
    same = person.same_address_as or None
    if same is not None:
        if any(cleaned[k] for k in ("street", "postcode", "place")):
            raise ValidationError(_("Vul een adres in of kies bij wie de persoon woont, niet "
                                    "allebei."), field="same_address_as")
        by_id = {p.id: p for p in others if p.id != person.id}
        seen = {person.id}
        while same in by_id and by_id[same].same_address_as and same not in seen:
            seen.add(same)
            same = by_id[same].same_address_as
        if same not in by_id:
            raise ValidationError(_("Kies iemand anders uit dit huishouden."),
                                  field="same_address_as")
    return replace(person, same_address_as=same, **cleaned)


def address_of(person: Person, people: Iterable[Person]) -> tuple[str, str, str]:
    """Where ``person`` lives: their own address or that of the person they
    live with ("woont op hetzelfde adres als"); empty parts when unknown."""
    by_id = {p.id: p for p in people}
    current, seen = person, set()
    while current.same_address_as and current.same_address_as in by_id \
            and current.id not in seen:
        seen.add(current.id)
        current = by_id[current.same_address_as]
    return current.own_address


def address_text(address: tuple[str, str, str]) -> str:
    """``Lindelaan 4, 1234 AB Zwolle``; empty when nothing is known."""
    street, postcode, place = address
    town = " ".join(x for x in (postcode, place) if x)
    return ", ".join(x for x in (street, town) if x)


def is_parent_or_carer(person: Person) -> bool:
    """Parents and carers come first: the role, or an adult with parental
    authority (gezag), such as a partner who is a child's parent."""
    return person.role is Role.PARENT or (
        person.role is not Role.CHILD and person.parental_authority is True)


def household_order(people: Iterable[Person], today: date) -> tuple[Person, ...]:
    """Parents and carers, then children from oldest to youngest (unknown
    age last), then everyone else by role; within a group in the order they
    were added. The one order of every list of people (screen, exports)."""
    roles = list(Role)

    def key(indexed: tuple[int, Person]) -> tuple:
        n, p = indexed
        if is_parent_or_carer(p):
            return (0, 0, 0, n)
        if p.role is Role.CHILD:
            age = p.age_on(today)
            born = p.date_of_birth.toordinal() if p.date_of_birth else None
            # The oldest first: an earlier birth date, else a higher age.
            if born is None and age is not None:
                born = today.toordinal() - round((age + 0.5) * 365.25)
            rank = born
            return (1, rank is None, rank or 0, n)
        return (2, roles.index(p.role), 0, n)

    return tuple(p for _n, p in sorted(enumerate(people), key=key))


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


def changed_fields(old: Person, new: Person) -> tuple[str, ...]:
    """The declared fields whose value differs between two versions."""
    return tuple(name for name in PERSON_FIELD_NAMES if getattr(old, name) != getattr(new, name))


def edit_needs_reason(old: Person, new: Person) -> bool:
    """Changing or clearing a value that was filled in is a correction and
    needs a reason, like a signal's; filling in an empty field does not."""
    return any(getattr(old, name) not in (None, "") for name in changed_fields(old, new))


_MENTION_LABELS = {
    "signal": N_("signalen"),
    "risk_profile": N_("risicofactoren"),
    "kindcheck_run": N_("kindchecks"),
    "consultation": N_("consultaties"),
    "conversation": N_("gesprekken"),
    "weighing": N_("afwegingen"),
    "decision": N_("besluiten"),
    "acute_path": N_("acute contacten"),
    "safety_plan": N_("het veiligheidsplan"),
    "same_address": N_("het adres van iemand anders (woont op hetzelfde adres)"),
}


def why_not_removable(mentions: dict[str, int]) -> str | None:
    """Why a person cannot be taken out of the household, or ``None``.

    A person named in a record stays: removing them would leave records
    about nobody. Where they are named is given, so the worker can correct
    those records first (or keep the person)."""
    where = [_(_MENTION_LABELS.get(kind, N_("andere vastleggingen")))
             for kind in _MENTION_LABELS if mentions.get(kind)]
    where += [_("andere vastleggingen")] if set(mentions) - set(_MENTION_LABELS) else []
    if not where:
        return None
    return _("Deze betrokkene kan niet weg: hij of zij wordt genoemd in {where}. Pas die eerst "
             "aan, of laat de betrokkene staan.").format(where=", ".join(where))
