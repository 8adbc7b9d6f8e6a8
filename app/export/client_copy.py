"""The client's own copy (inzage): what the file holds about one person.

A client may see what is recorded about them (AVG inzage); information about
other people may be withheld. So this copy holds, for one person:

- their own details (name, role, date of birth, parental authority);
- every signal that concerns them, with date, source and facts; the
  interpretation only when the signal is about them alone (an interpretation
  of a signal about several people is also about the others);
- the conversations they took part in;
- the decision and whether Veilig Thuis was involved;
- the agreements already made with the family;

and never the section "niet voor de familie", the risk factors of the
household, the kindcheck, the consultations (they can be about others) or
anything about other people. The document says what it leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.cases.model import Case, Person, Role
from app.export.document import Bullets, Document, Facts, Paragraph, Section
from app.export.handover import People, subheading, yes_no
from app.forms.handover import HandoverDetails, WorkerProfile
from app.i18n import N_, _, format_date, format_datetime
from app.meldcode.afwegingskader import WeighingOutcomeKind
from app.meldcode.progress import MeldcodeRecords
from app.meldcode.signals import SignalHistory
from app.meldcode.vocabulary import SourceKind

# Where a signal comes from, said to the person who reads about it (the
# worker's labels say "zelf gezien", which reads as if the reader saw it).
_SOURCE_FOR_READER = {
    SourceKind.OWN_OBSERVATION: N_("De hulpverlener zag of hoorde het zelf"),
    SourceKind.TOLD_BY_SOMEONE: N_("Iemand anders vertelde het"),
    SourceKind.DOCUMENT: N_("Het staat in een brief of verslag"),
}

#: Section codes, in the order of the document; the audit log records these.
SECTION_CODES = ("about", "person", "signals", "conversations", "decision", "agreements")


@dataclass(frozen=True)
class ClientCopyInput:
    case: Case
    person_id: str
    records: MeldcodeRecords
    details: HandoverDetails
    profile: WorkerProfile | None
    generated_at: datetime
    watermark: str = ""

    @property
    def person(self) -> Person:
        for person in self.case.people:
            if person.id == self.person_id:
                return person
        raise ValueError("the person is not in this case")


def signals_about(records: MeldcodeRecords, person_id: str) -> list[SignalHistory]:
    return [h for h in records.signals if person_id in h.current.concerns]


def _about(data: ClientCopyInput) -> Section:
    today = data.generated_at.astimezone().date()
    keeper = data.profile.organisation if data.profile and data.profile.organisation else ""
    blocks: list = [
        Paragraph(_("Dit overzicht laat zien wat er over jou is vastgelegd. Je hebt het "
                    "recht om dit te zien. Klopt er iets niet? Zeg het tegen je hulpverlener; "
                    "dan kan het worden verbeterd.")),
        Facts(((_("Gemaakt op"), format_date(today)),
               (_("Kenmerk"), data.case.reference),
               *(((_("Organisatie"), keeper),) if keeper else ()))),
        subheading(_("Niet in dit overzicht: wat over andere mensen gaat, en wat (nog) niet "
                     "met het gezin gedeeld kan worden.")),
    ]
    minor = data.person.is_minor_on(today)
    if minor:
        blocks.append(Paragraph(_(
            "Ben je jonger dan 12 jaar? Dan beslissen je ouders of je dit overzicht krijgt: de "
            "ouders die over jou beslissen (zij hebben het gezag). Van 12 tot 16 jaar beslissen "
            "jij en je ouders samen. Vanaf 16 jaar beslis je zelf.")))
    return Section(_("Over dit overzicht"), tuple(blocks))


def _person(data: ClientCopyInput, people: People) -> Section:
    p = data.person
    born = ", ".join(x for x in (format_date(p.date_of_birth), people.age(p)) if x)
    rows = [(_("Naam"), p.name), (_("Rol in het gezin"), p.role.label),
            (_("Geboortedatum en leeftijd"), born or _("Onbekend"))]
    # Parental authority is about an adult's children; a child has none to show.
    if not (p.role is Role.CHILD and p.parental_authority is None):
        rows.append((_("Gezag over de kinderen"), yes_no(p.parental_authority)))
    return Section(_("Jouw gegevens"), (Facts(tuple(rows)),))


def _signals(data: ClientCopyInput) -> Section:
    found = signals_about(data.records, data.person_id)
    if not found:
        return Section(_("Signalen over jou"), (Paragraph(_("Er zijn geen signalen over jou "
                                                             "vastgelegd.")),))
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
    return Section(_("Signalen over jou"), tuple(blocks))


def _conversations(data: ClientCopyInput) -> Section:
    talks = [c for c in data.records.conversations
             if c.held and data.person_id in c.participants]
    if not talks:
        return Section(_("Gesprekken met jou"), (Paragraph(_("Er zijn geen gesprekken met "
                                                              "jou vastgelegd.")),))
    blocks = []
    for c in talks:
        rows = [(_("Datum"), format_date(c.held_on)),
                (_("Wat is er besproken"), c.what_was_said),
                (_("Reactie in het gesprek"), c.client_reaction)]
        if c.agreements.strip():
            rows.append((_("Afspraken"), c.agreements))
        blocks.append(Facts(tuple(rows)))
    return Section(_("Gesprekken met jou"), tuple(blocks))


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


def _agreements(data: ClientCopyInput) -> Section:
    text = data.details.agreements.strip()
    return Section(_("Afspraken"), (Bullets((text,)) if text
                                    else Paragraph(_("Er zijn nog geen afspraken "
                                                     "vastgelegd.")),))


def _sections(data: ClientCopyInput, people: People) -> list[Section]:
    sections = [_about(data), _person(data, people), _signals(data), _conversations(data)]
    if decision_may_be_shown(data.records):
        sections.append(_decision(data))
    sections.append(_agreements(data))
    return sections


def section_codes(data: ClientCopyInput) -> tuple[str, ...]:
    """The codes of the sections in this copy, for the audit log."""
    return tuple(c for c in SECTION_CODES
                 if c != "decision" or decision_may_be_shown(data.records))


def client_copy_document(data: ClientCopyInput) -> Document:
    """The client's own copy; never holds the section "niet voor de familie"."""
    today = data.generated_at.astimezone().date()
    people = People(data.case, False, today)
    return Document(
        title=_("Wat er over jou is vastgelegd"),
        subtitle=_("Voor {name}").format(name=data.person.name),
        sections=tuple(_sections(data, people)),
        watermark=data.watermark,
        footer=_("Kenmerk {ref} · gemaakt op {date}").format(
            ref=data.case.reference, date=format_date(today, "short")),
    )
