"""The client's own copy (inzage): what the file holds about one person.

A client may see what is recorded about them (AVG art. 15), but the right of
access may not harm the rights of others (art. 15(4)); in a case of partner
violence a copy can put someone in danger. So a copy holds, for one person:

- their own details (name, role, date of birth, parental authority);
- each signal, risk profile and conversation (a ``CopyItem``) that concerns
  them *alone*. An item that also concerns someone else (children included)
  is withheld, unless the worker releases that item on purpose with a
  ``ReleaseReason``; an interpretation only when the signal is about them
  alone, even when released;
- the decision and whether Veilig Thuis was involved;
- the safety-plan agreements they carry out themselves;

and never the section "niet voor de familie", the kindcheck or the
consultations. When anything was withheld, the copy says that information
about others was left out and why, without saying what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.cases.model import Case, Person, Role
from app.errors import ValidationError
from app.export.address import Address, addressed
from app.export.document import Bullets, Document, Facts, Paragraph, Section
from app.export.family_plan import agreement_when
from app.export.handover import People, subheading, yes_no
from app.forms.handover import HandoverDetails, WorkerProfile
from app.i18n import N_, _, format_date, format_datetime
from app.meldcode.afwegingskader import WeighingOutcomeKind
from app.meldcode.progress import MeldcodeRecords
from app.meldcode.signals import SignalHistory
from app.meldcode.vocabulary import SourceKind
from app.safety.phases import Phase
from app.safety.plan import ItemStatus, PlanItem

# Where a signal comes from, said to the person who reads about it (the
# worker's labels say "zelf gezien", which reads as if the reader saw it).
_SOURCE_FOR_READER = {
    SourceKind.OWN_OBSERVATION: N_("De hulpverlener zag of hoorde het zelf"),
    SourceKind.TOLD_BY_SOMEONE: N_("Iemand anders vertelde het"),
    SourceKind.DOCUMENT: N_("Het staat in een brief of verslag"),
}

#: Section codes, in the order of the document; the audit log records these.
SECTION_CODES = ("about", "person", "signals", "risks", "conversations", "decision",
                 "agreements")


#: A parent with gezag may have a right to the data of a child younger than this.
GEZAG_AGE = 16


class ItemKind(StrEnum):
    """The parts of a copy that can concern other people too."""

    SIGNAL = "signal"
    RISK = "risk"
    CONVERSATION = "conversation"

    @property
    def label(self) -> str:
        return _(_ITEM_LABELS[self])


_ITEM_LABELS = {ItemKind.SIGNAL: N_("Signaal"), ItemKind.RISK: N_("Risico's"),
                ItemKind.CONVERSATION: N_("Gesprek")}


class ReleaseReason(StrEnum):
    """Why the worker puts an item that also concerns others in a copy."""

    CONSENT = "consent"
    ALREADY_KNOWN = "already_known"
    PARENTAL_AUTHORITY = "parental_authority"
    NOTHING_SENSITIVE = "nothing_sensitive"

    @property
    def label(self) -> str:
        return _(_REASON_LABELS[self])


_REASON_LABELS = {
    ReleaseReason.CONSENT: N_("De ander heeft toestemming gegeven"),
    ReleaseReason.ALREADY_KNOWN: N_("De aanvrager weet dit al (was erbij of heeft het zelf "
                                    "verteld)"),
    ReleaseReason.PARENTAL_AUTHORITY: N_("Ouder met gezag, over het eigen kind jonger dan 16"),
    ReleaseReason.NOTHING_SENSITIVE: N_("Wat over de ander gaat, is niet gevoelig"),
}


@dataclass(frozen=True)
class Release:
    """The worker put ``item_id`` in the copy on purpose, for ``reason``."""

    item_id: str
    reason: ReleaseReason


class UnknownRelease(ValidationError):
    def __init__(self, item_id: str) -> None:
        super().__init__(_("‘{id}’ is geen onderdeel dat in deze inzage wordt achtergehouden."
                           ).format(id=item_id), field="release")


@dataclass(frozen=True)
class CopyItem:
    """A signal, risk profile or conversation as a part of a copy: whom it
    concerns (person ids), and whether someone outside the household took
    part too (``outsiders``)."""

    id: str
    kind: ItemKind
    day: date
    concerns: frozenset[str]
    outsiders: bool = False

    def concerns_only(self, person_id: str) -> bool:
        return self.concerns == {person_id} and not self.outsiders

    def others(self, person_id: str) -> frozenset[str]:
        return self.concerns - {person_id}


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def case_items(records: MeldcodeRecords, people: tuple[Person, ...]) -> list[CopyItem]:
    """Every signal, risk profile and held conversation of a case as an item.
    A risk profile is about the household: it concerns everyone in it."""
    everyone = frozenset(p.id for p in people)
    items = [CopyItem(h.id, ItemKind.SIGNAL, _day(h.current.observed_at),
                      frozenset(h.current.concerns)) for h in records.signals]
    items += [CopyItem(r.id, ItemKind.RISK, r.recorded_on, everyone)
              for r in records.risk_profiles]
    items += [CopyItem(c.id, ItemKind.CONVERSATION, c.held_on, frozenset(c.participants),
                       outsiders=bool(c.other_participants.strip()))
              for c in records.conversations if c.held]
    return items


def items_about(records: MeldcodeRecords, people: tuple[Person, ...],
                person_id: str) -> list[CopyItem]:
    """The items that concern ``person_id`` (alone or with others)."""
    return [i for i in case_items(records, people) if person_id in i.concerns]


def withheld_by_default(records: MeldcodeRecords, people: tuple[Person, ...],
                        person_id: str) -> list[CopyItem]:
    """The items about the person that also concern someone else."""
    return [i for i in items_about(records, people, person_id)
            if not i.concerns_only(person_id)]


def gezag_applies(item: CopyItem, requester: Person, people: tuple[Person, ...],
                  today: date) -> bool:
    """A parent with gezag asks, and everyone else the item concerns is a child
    younger than ``GEZAG_AGE``: the parent may have a right to see it, and only
    the safety exception is a reason to withhold it."""
    if requester.parental_authority is not True or requester.role is Role.CHILD:
        return False
    others = [p for p in people if p.id in item.others(requester.id)]
    if not others or item.outsiders:
        return False
    return all(p.role is Role.CHILD and (p.age_on(today) is not None)
               and p.age_on(today) < GEZAG_AGE for p in others)


@dataclass(frozen=True)
class ClientCopyInput:
    case: Case
    person_id: str
    records: MeldcodeRecords
    details: HandoverDetails
    profile: WorkerProfile | None
    generated_at: datetime
    watermark: str = ""
    releases: tuple[Release, ...] = ()
    #: The case's safety-plan items (the copy shows the person's own agreements).
    plan_items: tuple[PlanItem, ...] = ()

    def check_releases(self) -> None:
        """Refuse a release of an item that is not withheld from this copy."""
        withheld = {i.id: i for i in self.withheld_by_default()}
        today = self.generated_at.astimezone().date()
        for release in self.releases:
            reason = ReleaseReason(release.reason)
            item = withheld.get(release.item_id)
            if item is None:
                raise UnknownRelease(release.item_id)
            if reason is ReleaseReason.PARENTAL_AUTHORITY and not gezag_applies(
                    item, self.person, self.case.people, today):
                raise ValidationError(_(
                    "Gezag is hier geen reden: het onderdeel gaat niet alleen over een kind "
                    "jonger dan 16 van een ouder met gezag."), field="release")

    def withheld_by_default(self) -> list[CopyItem]:
        return withheld_by_default(self.records, self.case.people, self.person_id)

    def shown_ids(self) -> frozenset[str]:
        """The items in the copy: those about the person alone, and the released."""
        released = {r.item_id for r in self.releases}
        return frozenset(i.id for i in items_about(self.records, self.case.people,
                                                   self.person_id)
                         if i.concerns_only(self.person_id) or i.id in released)

    def withheld(self) -> list[CopyItem]:
        shown = self.shown_ids()
        return [i for i in self.withheld_by_default() if i.id not in shown]

    @property
    def person(self) -> Person:
        for person in self.case.people:
            if person.id == self.person_id:
                return person
        raise ValueError("the person is not in this case")


def signals_about(records: MeldcodeRecords, person_id: str) -> list[SignalHistory]:
    return [h for h in records.signals if person_id in h.current.concerns]


def own_agreements(items: tuple[PlanItem, ...], person_id: str) -> list[PlanItem]:
    """The safety agreements (phase 1) that the person carries out, except
    the ones that were not kept."""
    return [i for i in items if i.who.person_id == person_id
            and i.phase == Phase.DIRECT_SAFETY and i.status != ItemStatus.NOT_KEPT]


def _about(data: ClientCopyInput, form: Address) -> Section:
    today = data.generated_at.astimezone().date()
    keeper = data.profile.organisation if data.profile and data.profile.organisation else ""
    blocks: list = [
        Paragraph(addressed(
            form,
            N_("Dit overzicht laat zien wat er over jou is vastgelegd. Je hebt het "
               "recht om dit te zien. Klopt er iets niet? Zeg het tegen je hulpverlener; "
               "dan kan het worden verbeterd."),
            N_("Dit overzicht laat zien wat er over u is vastgelegd. U hebt het "
               "recht om dit te zien. Klopt er iets niet? Zeg het tegen uw hulpverlener; "
               "dan kan het worden verbeterd."))),
        Facts(((_("Gemaakt op"), format_date(today)),
               (_("Kenmerk"), data.case.reference),
               *(((_("Organisatie"), keeper),) if keeper else ()))),
        subheading(_("Niet in dit overzicht: wat over andere mensen gaat, en wat (nog) niet "
                     "met het gezin gedeeld kan worden.")),
    ]
    if data.withheld():
        blocks.append(Paragraph(addressed(
            form,
            N_("Er is ook informatie vastgelegd die over andere mensen gaat. Die informatie "
               "staat niet in dit overzicht. Zo beschermen we de privacy en de veiligheid van "
               "die mensen. Dat mag volgens de privacywet (AVG): je recht op inzage mag een "
               "ander niet schaden."),
            N_("Er is ook informatie vastgelegd die over andere mensen gaat. Die informatie "
               "staat niet in dit overzicht. Zo beschermen we de privacy en de veiligheid van "
               "die mensen. Dat mag volgens de privacywet (AVG): uw recht op inzage mag een "
               "ander niet schaden."))))
    minor = data.person.is_minor_on(today)
    if minor:
        blocks.append(Paragraph(addressed(
            form,
            N_("Ben je jonger dan 12 jaar? Dan beslissen je ouders of je dit overzicht krijgt: "
               "de ouders die over jou beslissen (zij hebben het gezag). Van 12 tot 16 jaar "
               "beslissen jij en je ouders samen. Vanaf 16 jaar beslis je zelf."),
            N_("Bent u jonger dan 12 jaar? Dan beslissen uw ouders of u dit overzicht krijgt: "
               "de ouders die over u beslissen (zij hebben het gezag). Van 12 tot 16 jaar "
               "beslissen u en uw ouders samen. Vanaf 16 jaar beslist u zelf."))))
    return Section(_("Over dit overzicht"), tuple(blocks))


def _person(data: ClientCopyInput, people: People, form: Address) -> Section:
    p = data.person
    born = ", ".join(x for x in (format_date(p.date_of_birth), people.age(p)) if x)
    rows = [(_("Naam"), p.name), (_("Rol in het gezin"), p.role.label),
            (_("Geboortedatum en leeftijd"), born or _("Onbekend"))]
    # Parental authority is about an adult's children; a child has none to show.
    if not (p.role is Role.CHILD and p.parental_authority is None):
        rows.append((_("Gezag over de kinderen"), yes_no(p.parental_authority)))
    return Section(addressed(form, N_("Jouw gegevens"), N_("Uw gegevens")), (Facts(tuple(rows)),))


def _signals(data: ClientCopyInput, form: Address) -> Section:
    shown = data.shown_ids()
    found = [h for h in signals_about(data.records, data.person_id) if h.id in shown]
    title = addressed(form, N_("Signalen over jou"), N_("Signalen over u"))
    if not found:
        return Section(title, (Paragraph(addressed(
            form, N_("Er zijn geen signalen over jou vastgelegd."),
            N_("Er zijn geen signalen over u vastgelegd."))),))
    blocks: list = [Paragraph(_("Een signaal is iets wat de hulpverlener zag, hoorde of las en "
                                "dat kan wijzen op onveiligheid. De feiten staan los van wat "
                                "de hulpverlener denkt dat het betekent."))]
    for number, history in enumerate(found, start=1):
        s = history.current
        rows = [
            (_("Datum en tijd"), format_datetime(s.observed_at, "short")),
            (_("Vorm van geweld"), ", ".join(f.label for f in sorted(s.forms))),
            (_("Van wie komt dit?"), _(_SOURCE_FOR_READER[s.source])
             + (f": {s.source_detail}" if s.source_detail else "")),
            (_("Feiten"), s.facts),
        ]
        if s.interpretation.strip():
            if tuple(s.concerns) == (data.person_id,):
                label = (_("Wat de hulpverlener denkt (nog niet zeker)") if s.is_hypothesis
                         else _("Wat de hulpverlener denkt"))
                rows.append((label, s.interpretation))
            else:
                rows.append((_("Wat de hulpverlener denkt"),
                             _("Dit gaat ook over anderen en staat hier niet bij.")))
        for version in history.versions[1:]:
            rows.append((_("Verbeterd"), _("Op {when}: {reason}").format(
                when=format_date(version.recorded_at.astimezone().date()),
                reason=version.reason)))
        blocks += [subheading(_("Signaal {n}").format(n=number)),
                   Facts(tuple(rows))]
    return Section(title, tuple(blocks))


def _risks(data: ClientCopyInput) -> Section | None:
    """Risk profiles are about the household: shown only in a household of one,
    or when released."""
    shown = data.shown_ids()
    profiles = [p for p in data.records.risk_profiles if p.id in shown]
    if not profiles:
        return None
    blocks: list = []
    for profile in profiles:
        blocks.append(Facts((
            (_("Datum"), format_date(profile.recorded_on)),
            (_("Wat zorgen geeft"), ", ".join(f.label for f in sorted(profile.risk_factors))
             or _("Niets genoemd")),
            (_("Wat helpt"), ", ".join(f.label for f in sorted(profile.protective_factors))
             or _("Niets genoemd")),
        )))
    return Section(_("Zorgen en wat helpt"), tuple(blocks))


def _conversations(data: ClientCopyInput, form: Address) -> Section:
    shown = data.shown_ids()
    talks = [c for c in data.records.conversations
             if c.held and data.person_id in c.participants and c.id in shown]
    title = addressed(form, N_("Gesprekken met jou"), N_("Gesprekken met u"))
    if not talks:
        return Section(title, (Paragraph(addressed(
            form, N_("Er zijn geen gesprekken met jou vastgelegd."),
            N_("Er zijn geen gesprekken met u vastgelegd."))),))
    blocks = []
    for c in talks:
        rows = [(_("Datum"), format_date(c.held_on)),
                (_("Wat is er besproken"), c.what_was_said),
                (_("Reactie in het gesprek"), c.client_reaction)]
        if c.agreements.strip():
            rows.append((_("Afspraken"), c.agreements))
        blocks.append(Facts(tuple(rows)))
    return Section(title, tuple(blocks))


def decision_may_be_shown(records: MeldcodeRecords) -> bool:
    """A report the client was not told about (open melden, tenzij: an
    exception applied) stays out of the client's copy."""
    decision = records.latest_decision
    return decision is None or not decision.is_report or decision.client_informed is True


def _decision(data: ClientCopyInput) -> Section:
    decision = data.records.latest_decision
    if decision is None:
        return Section(_("Besluit"), (Paragraph(_("Er is nog geen besluit genomen.")),))
    rows = [(_("Datum"), format_date(decision.decided_on)),
            (_("Besluit"), decision.outcome.label)]
    if decision.outcome is WeighingOutcomeKind.REPORT:
        # Only a report the client was told about reaches this copy.
        rows.append((_("Melding"), _("De hulpverlener heeft verteld dat er een melding is "
                                      "gedaan bij Veilig Thuis.")))
    if decision.help_engaged.strip():
        rows.append((_("Hulp"), decision.help_engaged))
    if decision.family_actions.strip():
        rows.append((_("Wat het gezin zelf doet"), decision.family_actions))
    return Section(_("Besluit"), (Facts(tuple(rows)),))


def _agreements(data: ClientCopyInput, form: Address) -> Section:
    """The safety agreements the person carries out (who does what and when)."""
    mine = own_agreements(data.plan_items, data.person_id)
    title = addressed(form, N_("Jouw afspraken"), N_("Uw afspraken"))
    if not mine:
        return Section(title, (Paragraph(addressed(
            form, N_("Er staan in het veiligheidsplan geen afspraken die jij uitvoert."),
            N_("Er staan in het veiligheidsplan geen afspraken die u uitvoert."))),))
    lines = []
    for item in mine:
        line = [_("Wat: {what}").format(what=item.what.strip()),
                _("Wanneer: {when}").format(when=agreement_when(item))]
        if item.status == ItemStatus.DONE:
            line.append(_("Dit is gedaan."))
        lines.append("\n".join(line))
    return Section(title, (
        Paragraph(addressed(form, N_("Dit heb jij afgesproken in het veiligheidsplan."),
                            N_("Dit hebt u afgesproken in het veiligheidsplan."))),
        Bullets(tuple(lines))))


def _sections(data: ClientCopyInput, people: People, form: Address) -> list[Section]:
    sections = [_about(data, form), _person(data, people, form), _signals(data, form)]
    risks = _risks(data)
    if risks is not None:
        sections.append(risks)
    sections.append(_conversations(data, form))
    if decision_may_be_shown(data.records):
        sections.append(_decision(data))
    sections.append(_agreements(data, form))
    return sections


def section_codes(data: ClientCopyInput) -> tuple[str, ...]:
    """The codes of the sections in this copy, for the audit log."""
    shown = data.shown_ids()
    return tuple(c for c in SECTION_CODES
                 if (c != "decision" or decision_may_be_shown(data.records))
                 and (c != "risks" or any(p.id in shown for p in data.records.risk_profiles)))


def client_copy_document(data: ClientCopyInput, address: Address = Address.JE) -> Document:
    """The client's own copy, addressed with "je" or "u" (``address``); never
    holds the section "niet voor de familie"."""
    today = data.generated_at.astimezone().date()
    people = People(data.case, False, today)
    return Document(
        title=addressed(address, N_("Wat er over jou is vastgelegd"),
                        N_("Wat er over u is vastgelegd")),
        subtitle=_("Voor {name}").format(name=data.person.name),
        sections=tuple(_sections(data, people, address)),
        watermark=data.watermark,
        footer=_("Kenmerk {ref} · gemaakt op {date}").format(
            ref=data.case.reference, date=format_date(today, "short")),
    )
