"""The handover to Veilig Thuis (overdracht) as a ``Document`` and as JSON.

Built from plain data (:class:`HandoverInput`: the case with its people, its
meldcode records, the worker's profile and the handover details), in the
order of a Veilig Thuis report form:

1. the reporter and whether this is an advice request or a report;
2. the people involved, who the concerns are about, other professionals;
3. the concerns: each signal with date, source, facts and interpretation
   kept apart; risk factors; acute and structural unsafety;
4. the meldcode steps taken (kindcheck, consultations, the conversation or
   why it was not held, the weighing and the decision);
5. the supporting network and the agreements already made;
6. other information: open reporting ("open melden, tenzij") and
   attachments;

and, kept visibly apart, what must not be shown to the family.

An advice request names nobody: people appear by role and age only
(``Persoon 2: kind, 11 jaar``), without date of birth or household name.
Free text the worker wrote can still hold names; the preview says so.

Before section 1, a short framed summary ("In het kort") puts on page 1 what
an intake worker needs first: acute and structural unsafety, the decision,
and whether the client knows of the report (open melden).

People are listed in the household order (parents and carers, children from
oldest to youngest, others) and, in a report, grouped by address.

The JSON follows ``schemas/handover-3.schema.json`` (codes, not labels; ids
are the store's UUIDs); version 2 added the people's details, the reporter's
relation to the family, weighings made with Veilig Thuis, the safety plan and
the other professionals as carried from the records. No Qt, no store: the
services gather the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from app import __version__
from app.cases.model import Case, Person, Role, address_of, address_text
from app.export.document import Bullets, Document, Facts, Paragraph, Section, Table
from app.forms.handover import HandoverDetails, ReportKind, WorkerProfile
from app.forms.variants import VariantInfo
from app.i18n import N_, _, format_date, format_datetime, ngettext
from app.meldcode.afwegingskader import Weighing, WeighingOutcome
from app.meldcode.extras import ExtraAnswer
from app.meldcode.kindcheck import KindcheckRun
from app.meldcode.progress import MeldcodeRecords
from app.meldcode.records import (
    AcutePath,
    Consultation,
    ConsultationPartner,
    Conversation,
    Decision,
    RiskProfile,
)
from app.meldcode.signals import SignalHistory
from app.safety.plan import (
    ActorKind,
    CasePlan,
    ItemStatus,
    PlanItem,
    answering_items,
    safety_agreements,
    vt_conditions_answered,
)

FORMAT = "veiligwijzer.handover"
SCHEMA_VERSION = 3
SCHEMA_NAME = f"handover-{SCHEMA_VERSION}.schema.json"

#: Section codes, in the order of the document; the audit log records these.
SECTION_CODES = ("summary", "reporter", "people", "concerns", "meldcode_steps", "network", "other",
                 "not_for_family")
SECTION_TITLES = {
    "summary": N_("In het kort"),
    "reporter": N_("1. Melder en soort contact"),
    "people": N_("2. Betrokkenen"),
    "concerns": N_("3. De zorgen"),
    "meldcode_steps": N_("4. Gezette stappen van de meldcode"),
    "network": N_("5. Steunend netwerk en afspraken"),
    "other": N_("6. Overige informatie"),
    "not_for_family": N_("Niet voor het gezin"),
}
RESTRICTED_MARKER = N_("Niet delen met het gezin. Dit deel is alleen voor Veilig Thuis.")
NOT_FILLED = N_("Niet ingevuld")
WITH_VEILIG_THUIS = N_("Wordt samen met Veilig Thuis gewogen")


def section_title(code: str) -> str:
    return _(SECTION_TITLES[code])


@dataclass(frozen=True)
class HandoverInput:
    """Everything the handover says, as plain data.

    ``generated_at`` is aware; ``watermark`` marks a demo or training store;
    ``package_id`` ties the document to its package (manifest and JSON).
    """

    case: Case
    records: MeldcodeRecords
    profile: WorkerProfile | None
    details: HandoverDetails
    report_kind: ReportKind
    generated_at: datetime
    store_kind: str = "real"
    watermark: str = ""
    package_id: str = ""
    #: The safety plan of the case, when one was started.
    plan: CasePlan | None = None
    #: Per plan item id, the day it was first in the plan ("sinds").
    agreed_on: dict[str, date] = field(default_factory=dict)
    #: The region's variant of the forms the records were made with, if any.
    form_variant: VariantInfo | None = None

    @property
    def anonymous(self) -> bool:
        return self.report_kind is ReportKind.ADVICE


# -- small helpers ---------------------------------------------------------------


def yes_no(value: bool | None) -> str:
    if value is None:
        return _("Onbekend")
    return _("Ja") if value else _("Nee")


def or_not_filled(value: str) -> str:
    return value.strip() or _(NOT_FILLED)


def _labels(items: Iterable[Enum]) -> str:
    chosen = list(items)
    if not chosen:
        return _("Geen")
    order = list(type(chosen[0]))
    return ", ".join(m.label for m in sorted(chosen, key=order.index))  # type: ignore[attr-defined]


def _codes(items: Iterable[Enum] | None) -> list[Any] | None:
    if items is None:
        return None
    chosen = list(items)
    if not chosen:
        return []
    order = list(type(chosen[0]))
    return [m.value for m in sorted(chosen, key=order.index)]


def _code(member: Enum | None) -> Any:
    return None if member is None else member.value


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class People:
    """How people are named in the handover: by name in a report, by number,
    role and age in an advice request."""

    def __init__(self, case: Case, anonymous: bool, today: date) -> None:
        self._people = {p.id: p for p in case.people}
        self._number = {p.id: n for n, p in enumerate(case.people, start=1)}
        self.anonymous = anonymous
        self.today = today

    def age(self, person: Person) -> str:
        age = person.age_on(self.today)
        return "" if age is None else ngettext("{n} jaar", "{n} jaar", age).format(n=age)

    def name(self, person_id: str) -> str:
        person = self._people.get(person_id)
        if person is None:
            return _("Onbekend")
        if not self.anonymous:
            return person.name
        details = ", ".join(x for x in (person.role.label.lower(), self.age(person)) if x)
        return _("Betrokkene {n} ({details})").format(n=self._number[person_id], details=details)

    def names(self, ids: Iterable[str]) -> str:
        return ", ".join(self.name(i) for i in ids) or _("Niemand")


def _extra_text(extra: ExtraAnswer) -> str:
    answer = extra.answer
    if isinstance(answer, bool):
        return yes_no(answer)
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)


def extra_rows(extras: tuple[ExtraAnswer, ...]) -> list[tuple[str, str]]:
    """The answers to questions the region's variant added, as asked."""
    return [(extra.label, _extra_text(extra)) for extra in extras]


def _extras_json(extras: tuple[ExtraAnswer, ...]) -> list[dict[str, Any]]:
    return [{"key": e.key, "label": e.label, "value": e.answer} for e in extras]


def subheading(text: str) -> Paragraph:
    """A heading inside a section. The leading line break gives it room above,
    so that it does not stick to the rows of the block before it."""
    return Paragraph("\n" + text, emphasis=True)


def concerned_ids(records: MeldcodeRecords) -> set[str]:
    return {pid for history in records.signals for pid in history.current.concerns}


# -- the document ------------------------------------------------------------------


def _reporter(data: HandoverInput) -> Section:
    p = data.profile or WorkerProfile("", "")
    rows = (
        (_("Naam"), or_not_filled(p.name)),
        (_("Organisatie"), or_not_filled(p.organisation)),
        (_("Functie"), or_not_filled(p.role)),
        (_("Telefoon"), or_not_filled(p.phone)),
        (_("E-mail"), or_not_filled(p.email)),
        (_("Relatie tot het gezin"), or_not_filled(data.details.reporter_relation)),
    )
    about = [
        (_("Soort contact"), data.report_kind.label),
        (_("Datum"), format_date(data.generated_at.astimezone().date())),
        (_("Kenmerk van de casus"), data.case.reference),
    ]
    variant = data.form_variant
    if variant is not None:
        about.append((_("Formulieren"), _("variant {name}, versie {version}").format(
            name=variant.name, version=variant.version)))
        if variant.veilig_thuis_region or variant.veilig_thuis_phone:
            about.append((_("Veilig Thuis-regio"), ", ".join(
                x for x in (variant.veilig_thuis_region, variant.veilig_thuis_phone) if x)))
    blocks: list = [Facts(rows), Facts(tuple(about))]
    if data.anonymous:
        blocks.append(Paragraph(_(
            "Dit is een adviesvraag: de betrokkenen staan er zonder naam en geboortedatum in. "
            "Veilig Thuis legt bij een adviesvraag geen persoonsgegevens vast."), emphasis=True))
    return Section(section_title("reporter"), tuple(blocks))


def _contact(person: Person) -> str:
    """Phone, school or day-care, language and interpreter, one per line."""
    lines = []
    if person.phone:
        lines.append(_("Tel. {phone}").format(phone=person.phone))
    if person.school:
        lines.append(_("School/opvang: {school}").format(school=person.school))
    if person.language:
        lines.append(_("Taal: {language}").format(language=person.language))
    if person.interpreter_needed is not None:
        lines.append(_("Tolk nodig") if person.interpreter_needed else _("Geen tolk nodig"))
    return "\n".join(lines) or "–"


def address_groups(case: Case) -> list[tuple[str, list[Person]]]:
    """The people by the address they live at (typed in or "woont op
    hetzelfde adres als"), each group in household order; the groups in the
    order of their first person, people without a known address last."""
    groups: dict[str, list[Person]] = {}
    for person in case.people:
        groups.setdefault(address_text(address_of(person, case.people)), []).append(person)
    unknown = groups.pop("", None)
    found = list(groups.items())
    if unknown:
        found.append(("", unknown))
    return found


def _people_rows(data: HandoverInput, people: People, group: list[Person],
                 concerned: set[str]) -> list[tuple[str, ...]]:
    rows = []
    for person in group:
        if data.anonymous:
            born = people.age(person) or _("Onbekend")
        else:
            age = people.age(person)
            born = format_date(person.date_of_birth, "short")
            born = (f"{born}\n({age})" if born and age else born or age) or _("Onbekend")
        authority = (_("n.v.t.") if person.role is Role.CHILD
                     and person.parental_authority is None
                     else yes_no(person.parental_authority))
        row = (people.name(person.id), person.role.label, born, authority,
               yes_no(person.id in concerned))
        rows.append(row if data.anonymous else row + (_contact(person),))
    return rows


#: Name, role, born, authority, concerns, contact: room for a school's name.
PEOPLE_WIDTHS = (0.16, 0.14, 0.14, 0.14, 0.12, 0.30)


def _people(data: HandoverInput, people: People) -> Section:
    concerned = concerned_ids(data.records)
    blocks: list = []
    if not data.case.people:
        blocks.append(Paragraph(_("Er staan nog geen betrokkenen bij deze casus.")))
    elif data.anonymous:
        # An advice request names nobody and gives no address.
        header = (_("Betrokkene"), _("Rol"), _("Leeftijd"), _("Gezag"), _("Zorgen"))
        blocks.append(Table(header, tuple(_people_rows(data, people, list(data.case.people),
                                                          concerned))))
    else:
        header = (_("Naam"), _("Rol"), _("Geboren"), _("Gezag"), _("Zorgen"),
                  _("Contact en taal"))
        for address, group in address_groups(data.case):
            blocks.append(subheading(_("Adres: {address}").format(address=address) if address
                                     else _("Adres niet bekend")))
            blocks.append(Table(header, tuple(_people_rows(data, people, group, concerned)),
                                PEOPLE_WIDTHS))
    about = [people.name(p.id) for p in data.case.people if p.id in concerned]
    blocks.append(Facts(((_("De zorgen gaan over"), ", ".join(about) or _("Nog niemand")),)))
    professionals = other_professionals(data)
    blocks.append(subheading(_("Andere betrokken hulpverleners")))
    blocks.append(Bullets(tuple(f"{text} ({source})" for source, text in professionals))
                  if professionals else Paragraph(_(NOT_FILLED)))
    return Section(section_title("people"), tuple(blocks))


def _professionals_found(data: HandoverInput) -> list[tuple[str, date | None, str]]:
    """(code of the record, its date, what) for every other professional
    already named, each text once: the handover details, the decision, the
    kindcheck runs and the consultations (not Veilig Thuis itself)."""
    r = data.records
    found: list[tuple[str, date | None, str]] = []
    if data.details.other_professionals.strip():
        found.append(("handover_details", None, data.details.other_professionals.strip()))
    decision = r.latest_decision
    if decision is not None and decision.other_parties.strip():
        found.append(("decision", decision.decided_on, decision.other_parties.strip()))
    for run in r.kindcheck_runs:
        if run.answers.other_professional_name.strip():
            found.append(("kindcheck_run", run.checked_on,
                          run.answers.other_professional_name.strip()))
    for c in r.consultations:
        if c.partner_detail.strip() and c.partner is not ConsultationPartner.VEILIG_THUIS_ADVICE:
            found.append(("consultation", c.consulted_on, c.partner_detail.strip()))
    seen: set[str] = set()
    unique = []
    for item in found:
        if item[2].casefold() not in seen:
            seen.add(item[2].casefold())
            unique.append(item)
    return unique


_FOUND_IN = {
    "handover_details": N_("aangevuld voor Veilig Thuis"),
    "decision": N_("uit het besluit van {date}"),
    "kindcheck_run": N_("uit de kindcheck van {date}"),
    "consultation": N_("uit de consultatie van {date}"),
}


def other_professionals_coded(data: HandoverInput) -> list[tuple[str, str]]:
    """(record code, text) of :func:`other_professionals`, for the JSON."""
    return [(code, text) for code, _day, text in _professionals_found(data)]


def other_professionals(data: HandoverInput) -> list[tuple[str, str]]:
    """(where it was recorded, in words; what) for the document."""
    return [(_(_FOUND_IN[code]).format(date=format_date(day) if day else ""), text)
            for code, day, text in _professionals_found(data)]


def _signal_blocks(number: int, history: SignalHistory, people: People) -> list:
    s = history.current
    rows = [
        (_("Datum en tijd"), format_datetime(s.observed_at, "short")),
        (_("Over wie"), people.names(s.concerns)),
        (_("Vorm van geweld"), _labels(s.forms)),
        (_("Bron"), s.source.label + (f": {s.source_detail}" if s.source_detail else "")),
        (_("Feiten"), s.facts),
    ]
    if s.interpretation.strip():
        label = (_("Interpretatie (hypothese)") if s.is_hypothesis
                 else _("Interpretatie"))
        rows.append((label, s.interpretation))
    if s.acute_indication:
        rows.append((_("Acuut"), _("De melder schatte in dat iemand acuut in gevaar kan zijn.")))
    rows += extra_rows(s.extras)
    for version in history.versions[1:]:
        rows.append((_("Gecorrigeerd"), _("Versie {n}, {when}: {reason}").format(
            n=version.number, when=format_datetime(version.recorded_at, "short"),
            reason=version.reason)))
    return [subheading(_("Signaal {n}").format(n=number)), Facts(tuple(rows))]


def _risk_rows(profile: RiskProfile) -> tuple[tuple[str, str], ...]:
    police = _("Onbekend") if profile.police is None else _labels(profile.police)
    rows = [
        (_("Vastgelegd op"), format_date(profile.recorded_on)),
        (_("Risicofactoren"), _labels(profile.risk_factors)),
        (_("Beschermende factoren"), _labels(profile.protective_factors)),
        (_("Duur van het geweld"),
         profile.duration.label if profile.duration else _("Onbekend")),
        (_("Politie"), police),
    ]
    if profile.facts.strip():
        rows.append((_("Feiten"), profile.facts))
    if profile.source is not None:
        rows.append((_("Bron"), profile.source.label
                     + (f": {profile.source_detail}" if profile.source_detail else "")))
    if profile.notes.strip():
        rows.append((_("Toelichting"), profile.notes))
    rows += extra_rows(profile.extras)
    return tuple(rows)


def risk_records(records: MeldcodeRecords) -> list[RiskProfile]:
    """Every risk record, oldest first (by date, then as recorded)."""
    return [p for _n, p in sorted(enumerate(records.risk_profiles),
                                  key=lambda x: (x[1].recorded_on, x[0]))]


def _latest_risk(records: MeldcodeRecords) -> RiskProfile | None:
    if not records.risk_profiles:
        return None
    return max(enumerate(records.risk_profiles), key=lambda p: (p[1].recorded_on, p[0]))[1]


def _concerns(data: HandoverInput, people: People) -> Section:
    records = data.records
    blocks: list = []
    if not records.signals:
        blocks.append(Paragraph(_("Er zijn nog geen signalen vastgelegd.")))
    for number, history in enumerate(records.signals, start=1):
        blocks += _signal_blocks(number, history, people)
    blocks.append(subheading(_("Risicofactoren en beschermende factoren")))
    # Every risk record with its date and source, oldest first, like the signals.
    blocks += _each(_("Vastlegging"), [_risk_rows(p) for p in risk_records(records)],
                    _("Nog niet vastgelegd."))
    weighing = records.latest_weighing
    answers = weighing.answers if weighing else None
    blocks.append(subheading(_("Inschatting van de onveiligheid")))
    blocks.append(Facts((
        (_("Acute onveiligheid"), yes_no(answers.acute_unsafety if answers else None)),
        (_("Structurele onveiligheid"),
         yes_no(answers.structural_unsafety if answers else None)),
    )))
    return Section(section_title("concerns"), tuple(blocks))


def _kindcheck_rows(run: KindcheckRun, people: People) -> tuple[tuple[str, str], ...]:
    a = run.answers
    rows = [
        (_("Datum"), format_date(run.checked_on)),
        (_("Aanleiding"), run.trigger.label),
        (_("Over welke ouder"), people.name(run.client_id) if run.client_id
         else _("Niet vastgelegd")),
        (_("Uitkomst"), run.outcome.kind.label),
    ]
    if a.parental_problems:
        rows.append((_("Problemen van de ouder"), _labels(a.parental_problems)))
    if a.child_contacts:
        rows.append((_("Kinderen van wie de cliënt zorgt"), _labels(a.child_contacts)))
    if a.children:
        ages = ", ".join(str(c.age) if c.age is not None else "?" for c in a.children)
        rows.append((_("Kinderen (leeftijden)"), ages))
        for number, child in enumerate(a.children, start=1):
            age = (ngettext("{n} jaar", "{n} jaar", child.age).format(n=child.age)
                   if child.age is not None else _("leeftijd?"))
            parts = [child.residence.label]
            if child.care_shared_with.strip():
                parts.append(_("zorgt mee: {who}").format(who=child.care_shared_with.strip()))
            if child.contact.strip():
                parts.append(_("contact: {how}").format(how=child.contact.strip()))
            if child.alone_with_client is not None:
                parts.append(_("alleen met de cliënt: {answer}").format(
                    answer=yes_no(child.alone_with_client).lower()))
            rows.append((_("Kind {n} ({age})").format(n=number, age=age), "; ".join(parts)))
    for label, value in ((_("Wat merken de kinderen"), a.children_notice),
                         (_("Zorg en veiligheid door de cliënt"), a.care_and_safety)):
        if value.strip():
            rows.append((label, value))
    if a.help_wanted is not None:
        rows.append((_("Wil de cliënt hulp"), yes_no(a.help_wanted)))
    if a.concerns is not None:
        rows.append((_("Zijn de zorgen weggenomen"), a.concerns.label))
    if a.other_professional is not None:
        rows.append((_("Andere hulpverlener"), ": ".join(
            x for x in (a.other_professional.label, a.other_professional_name) if x)))
    if run.notes.strip():
        rows.append((_("Toelichting"), run.notes))
    rows += extra_rows(run.extras)
    return tuple(rows)


def _consultation_rows(c: Consultation) -> tuple[tuple[str, str], ...]:
    who = c.partner.label + (f" ({c.partner_detail})" if c.partner_detail else "")
    if c.theme is not None:
        who += f" — {c.theme.label}"
    shared = _("Nee, zonder namen") if c.anonymous else _("Ja")
    if not c.anonymous and c.client_consent is not None:
        shared = (_("Ja, met toestemming van de cliënt") if c.client_consent
                  else _("Ja, zonder toestemming van de cliënt"))
    return ((_("Datum"), format_date(c.consulted_on)), (_("Met wie"), who),
            (_("Namen gedeeld"), shared),
            (_("Advies"), c.advice), (_("Uitkomst"), c.result.label), *extra_rows(c.extras))


def _conversation_rows(c: Conversation, people: People) -> tuple[tuple[str, str], ...]:
    if not c.held:
        return (
            (_("Datum"), format_date(c.held_on)),
            (_("Gesprek gevoerd"), _("Nee")),
            (_("Reden"), c.skip_reason.label if c.skip_reason else _("Onbekend")),
            (_("Toelichting"), or_not_filled(c.skip_explanation)),
            *extra_rows(c.extras),
        )
    who = people.names(c.participants) if c.participants else ""
    if c.other_participants:
        who = ", ".join(x for x in (who, c.other_participants) if x)
    rows = [
        (_("Datum"), format_date(c.held_on)),
        (_("Gesprek gevoerd"), _("Ja")),
        (_("Wie waren erbij"), who),
        (_("Alleen met het mogelijke slachtoffer"), yes_no(c.possible_victim_only)),
        (_("Wat is er besproken"), c.what_was_said),
        (_("Reactie van de cliënt"), c.client_reaction),
    ]
    if c.agreements.strip():
        rows.append((_("Afspraken"), c.agreements))
    rows += extra_rows(c.extras)
    return tuple(rows)


def later_answer(value: bool | None, outcome: WeighingOutcome) -> str:
    """Weighings 3 to 5: after "yes" on weighing 2 they are made together
    with Veilig Thuis, so an open answer is not "unknown"."""
    if not outcome.with_veilig_thuis:
        return yes_no(value)
    if value is None:
        return _(WITH_VEILIG_THUIS)
    return _("{answer} (samen met Veilig Thuis)").format(answer=yes_no(value))


def _weighing_rows(w: Weighing) -> tuple[tuple[str, str], ...]:
    a = w.answers
    outcome = w.outcome
    rows = [
        (_("Datum"), format_date(w.weighed_on)),
        (_("Afweging 1: vermoeden"), yes_no(a.suspicion)),
        (_("Afweging 2: acute of structurele onveiligheid"),
         yes_no(None if a.acute_unsafety is None and a.structural_unsafety is None
                else bool(a.acute_unsafety or a.structural_unsafety))),
        (_("Afweging 3: hulp mogelijk"), later_answer(a.help_possible, outcome)),
        (_("Afweging 4: hulp aanvaard"), later_answer(a.help_accepted, outcome)),
        (_("Afweging 5: hulp werkt"), later_answer(a.help_effective, outcome)),
        (_("Onderbouwing"), w.reasoning),
        (_("Uitkomst"), outcome.kind.label),
    ]
    if outcome.reporting_norm is not None:
        rows.append((_("Meldnorm"), outcome.reporting_norm.label))
    if w.instrument is not None:
        name = w.instrument_name or w.instrument.label
        rows.append((_("Instrument"), ": ".join(x for x in (name, w.instrument_result) if x)))
    rows += extra_rows(w.extras)
    return tuple(rows)


def _decision_rows(d: Decision) -> tuple[tuple[str, str], ...]:
    rows = [(_("Datum"), format_date(d.decided_on)), (_("Besluit"), d.outcome.label)]
    if d.reporting_norm is not None:
        rows.append((_("Meldnorm"), d.reporting_norm.label))
    for label, value in ((_("Ingezette hulp"), d.help_engaged),
                         (_("Wie is er nog meer betrokken"), d.other_parties),
                         (_("Wat doet het gezin zelf"), d.family_actions),
                         (_("Toelichting"), d.notes)):
        if value.strip():
            rows.append((label, value))
    rows += extra_rows(d.extras)
    return tuple(rows)


def _acute_rows(a: AcutePath) -> tuple[tuple[str, str], ...]:
    rows = [(_("Moment"), format_datetime(a.contacted_at, "short")),
            (_("Gebeld"), _labels(a.contacted)), (_("Waarom acuut"), a.reason)]
    if a.agreements.strip():
        rows.append((_("Afspraken"), a.agreements))
    rows += extra_rows(a.extras)
    return tuple(rows)


def _each(label: str, rows: list[tuple[tuple[str, str], ...]], empty: str) -> list:
    """One Facts block per record; numbered when there are several."""
    if not rows:
        return [Paragraph(empty)]
    if len(rows) == 1:
        return [Facts(rows[0])]
    blocks: list = []
    for number, item in enumerate(rows, start=1):
        # the line break gives the number room above, apart from the block before
        blocks += [Paragraph(f"\n{label} {number}"), Facts(item)]
    return blocks


def _steps(data: HandoverInput, people: People) -> Section:
    r = data.records
    blocks: list = [Paragraph(_(
        "De melder verklaart de stappen van de meldcode te hebben gezet zoals hieronder "
        "staat."))]
    blocks.append(subheading(_("Kindcheck")))
    blocks += _each(_("Kindcheck"), [_kindcheck_rows(run, people) for run in r.kindcheck_runs],
                    _("Geen kindcheck vastgelegd."))
    blocks.append(subheading(_("Stap 2: collegiale consultatie")))
    blocks += _each(_("Consultatie"), [_consultation_rows(c) for c in r.consultations],
                    _("Geen consultatie vastgelegd."))
    blocks.append(subheading(_("Stap 3: gesprek met de cliënt")))
    blocks += _each(_("Gesprek"), [_conversation_rows(c, people) for c in r.conversations],
                    _("Geen gesprek vastgelegd."))
    blocks.append(subheading(_("Stap 4: afweging")))
    weighing = r.latest_weighing
    blocks.append(Facts(_weighing_rows(weighing)) if weighing
                  else Paragraph(_("Nog geen afweging vastgelegd.")))
    blocks.append(subheading(_("Stap 5: besluit")))
    decision = r.latest_decision
    blocks.append(Facts(_decision_rows(decision)) if decision
                  else Paragraph(_("Nog geen besluit vastgelegd.")))
    if r.acute_paths:
        blocks.append(subheading(_("Acute onveiligheid")))
        blocks += _each(_("Contact"), [_acute_rows(a) for a in r.acute_paths], "")
    return Section(section_title("meldcode_steps"), tuple(blocks))


def _actor(who, people: People) -> str:
    if who.kind is ActorKind.FAMILY_MEMBER and who.person_id:
        return people.name(who.person_id)
    return who.name or who.kind.label


def plan_agreements(data: HandoverInput) -> list[PlanItem]:
    """The safety agreements of the plan (phase 1) that still stand: a
    broken one ("niet nagekomen") is listed apart."""
    if data.plan is None:
        return []
    return [i for i in safety_agreements(data.plan) if i.status is not ItemStatus.NOT_KEPT]


def _agreement_text(item: PlanItem, data: HandoverInput, people: People) -> str:
    since = data.agreed_on.get(item.id)
    parts = [item.what, _("Wie: {who}").format(who=_actor(item.who, people))]
    if since is not None:
        parts.append(_("Sinds {date}").format(date=format_date(since)))
    if item.ongoing:
        parts.append(_("Geldt altijd"))
    elif item.due is not None:
        parts.append(_("Uiterlijk {date}").format(date=format_date(item.due)))
    parts.append(item.status.label)
    return " — ".join(parts)


def _network(data: HandoverInput, people: People) -> Section:
    d = data.details
    plan = data.plan
    blocks: list = []
    network = [f"{p.name} ({p.role}): {p.reach}" for p in plan.network] if plan else []
    if d.supporting_network.strip():
        network.insert(0, d.supporting_network.strip())
    blocks.append(subheading(_("Steunend netwerk")))
    blocks.append(Bullets(tuple(network)) if network else Paragraph(_(NOT_FILLED)))
    if plan is not None and plan.conditions:
        blocks.append(subheading(_("Veiligheidsvoorwaarden")))
        rows = []
        for c in plan.conditions:
            answered = answering_items(plan, c.id)
            rows.append((c.text, c.source.label,
                         ngettext("Beantwoord door {n} afspraak", "Beantwoord door {n} afspraken",
                                  len(answered)).format(n=len(answered))
                         if answered else _("Nog geen afspraak")))
        blocks.append(Table((_("Voorwaarde"), _("Van"), _("Afspraken")), tuple(rows),
                            (0.55, 0.18, 0.27)))
    agreements = [_agreement_text(i, data, people) for i in plan_agreements(data)]
    if d.agreements.strip():
        agreements.append(d.agreements.strip())
    agreements += [c.agreements.strip() for c in data.records.conversations
                   if c.agreements.strip()]
    agreements += [a.agreements.strip() for a in data.records.acute_paths
                   if a.agreements.strip()]
    blocks.append(subheading(_("Veiligheidsplan en afspraken die al zijn gemaakt")))
    blocks.append(Bullets(tuple(agreements)) if agreements else Paragraph(_(NOT_FILLED)))
    if plan is not None:
        broken = [i for i in safety_agreements(plan) if i.status is ItemStatus.NOT_KEPT]
        if broken:
            blocks.append(subheading(_("Afspraken die niet zijn nagekomen")))
            blocks.append(Bullets(tuple(_agreement_text(i, data, people) for i in broken)))
        arrangements = [(label, value) for label, value in (
            (_("Wie houdt toezicht op het plan"), plan.overseer),
            (_("Evaluatie met"), plan.evaluate_with)) if value.strip()]
        if arrangements:
            blocks.append(Facts(tuple(arrangements)))
    return Section(section_title("network"), tuple(blocks))


def open_reporting_text(decision: Decision | None) -> tuple[str, str]:
    """(whether the client knows, which exception) in words."""
    if decision is None or decision.client_informed is None:
        return _("Niet vastgelegd"), ""
    if decision.client_informed:
        return _("Ja, de cliënt weet van de melding"), ""
    because = decision.not_informed_because.label if decision.not_informed_because else ""
    return _("Nee, de cliënt weet niet van de melding"), because


def _other(data: HandoverInput) -> Section:
    informed, because = open_reporting_text(data.records.latest_decision)
    rows = [(_("Besproken met de cliënt (open melden, tenzij)"), informed)]
    if because:
        rows.append((_("Uitzondering"), because))
    decision = data.records.latest_decision
    if decision is not None and decision.reaction_to_report.strip():
        rows.append((_("Reactie van de cliënt op de melding"), decision.reaction_to_report))
    rows.append((_("Bijlagen"), or_not_filled(data.details.attachments)))
    return Section(section_title("other"), (Facts(tuple(rows)),))


def _not_for_family(data: HandoverInput) -> Section:
    text = data.details.not_for_family.strip()
    return Section(section_title("not_for_family"), (
        Paragraph(text or _("Er is geen informatie die niet met het gezin gedeeld mag "
                            "worden.")),), restricted=True)


def urgency(data: HandoverInput) -> tuple[bool | None, bool | None]:
    """(acute, structural) unsafety as the latest weighing judged it; acute
    also when the acute path was taken."""
    weighing = data.records.latest_weighing
    acute = weighing.answers.acute_unsafety if weighing else None
    structural = weighing.answers.structural_unsafety if weighing else None
    if data.records.acute_paths:
        acute = True
    return acute, structural


def _summary(data: HandoverInput) -> Section:
    """Page 1, framed: how urgent, what was decided, whether the client knows."""
    acute, structural = urgency(data)
    decision = data.records.latest_decision
    rows = [(_("Acute onveiligheid"), yes_no(acute)),
            (_("Structurele onveiligheid"), yes_no(structural))]
    if data.records.acute_paths:
        last = max(data.records.acute_paths, key=lambda a: a.contacted_at)
        rows.append((_("Spoedcontact"), _("{who} op {when}").format(
            who=_labels(last.contacted), when=format_datetime(last.contacted_at, "short"))))
    if decision is None:
        rows.append((_("Besluit"), _("Nog geen besluit vastgelegd.")))
    else:
        text = _("{outcome} ({date})").format(outcome=decision.outcome.label,
                                              date=format_date(decision.decided_on))
        if decision.reporting_norm is not None:
            text += "\n" + decision.reporting_norm.label
        rows.append((_("Besluit"), text))
    informed, because = open_reporting_text(decision)
    rows.append((_("Open melden"), f"{informed}: {because}" if because else informed))
    if data.plan is not None:
        answered, total = vt_conditions_answered(data.plan)
        if total:
            rows.append((_("Voorwaarden van Veilig Thuis"),
                         _("{answered} van {total} beantwoord met een afspraak").format(
                             answered=answered, total=total)))
    return Section(section_title("summary"), (Facts(tuple(rows)),), framed=True)


def handover_document(data: HandoverInput) -> Document:
    people = People(data.case, data.anonymous, data.generated_at.astimezone().date())
    title = (_("Adviesvraag aan Veilig Thuis") if data.anonymous
             else _("Melding aan Veilig Thuis"))
    if data.anonymous:
        subtitle = _("Casus {ref}").format(ref=data.case.reference)
    else:
        subtitle = _("Casus {ref} · {household}").format(ref=data.case.reference,
                                                         household=data.case.household_name)
    made = format_date(data.generated_at.astimezone().date(), "short")
    return Document(
        title=title, subtitle=subtitle,
        sections=(_summary(data), _reporter(data), _people(data, people),
                  _concerns(data, people), _steps(data, people), _network(data, people),
                  _other(data), _not_for_family(data)),
        watermark=data.watermark,
        footer=_("Vertrouwelijk · {ref} · gemaakt op {date}").format(
            ref=data.case.reference, date=made),
        metadata={"package_id": data.package_id, "format": FORMAT},
    )


# -- JSON ------------------------------------------------------------------------------


def _person_json(person: Person, people: People, concerned: set[str],
                 case: Case) -> dict[str, Any]:
    anonymous = people.anonymous

    def named(value: Any) -> Any:
        """Left out of an advice request, which names nobody."""
        return None if anonymous else value

    street, postcode, place = address_of(person, case.people)
    return {
        "id": person.id,
        "name": named(person.name),
        "label": people.name(person.id),
        "role": person.role.value,
        "date_of_birth": named(_iso(person.date_of_birth)),
        "age": person.age_on(people.today),
        "parental_authority": person.parental_authority,
        "concerned": person.id in concerned,
        "address": named({"street": street, "postcode": postcode, "place": place}),
        "same_address_as": named(person.same_address_as),
        "phone": named(person.phone),
        "school": named(person.school),
        "language": person.language,
        "interpreter_needed": person.interpreter_needed,
    }


def _signal_json(history: SignalHistory) -> dict[str, Any]:
    s = history.current
    return {
        "id": s.id, "version": len(history.versions),
        "observed_at": s.observed_at.isoformat(), "concerns": list(s.concerns),
        "forms": _codes(s.forms), "source": s.source.value, "source_detail": s.source_detail,
        "facts": s.facts, "interpretation": s.interpretation,
        "is_hypothesis": s.is_hypothesis, "acute_indication": s.acute_indication,
        "extras": _extras_json(s.extras),
        "corrections": [{"version": v.number, "recorded_at": v.recorded_at.isoformat(),
                         "reason": v.reason} for v in history.versions[1:]],
    }


def _risk_json(p: RiskProfile | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"id": p.id, "recorded_on": p.recorded_on.isoformat(),
            "risk_factors": _codes(p.risk_factors),
            "protective_factors": _codes(p.protective_factors),
            "duration": _code(p.duration), "police": _codes(p.police), "notes": p.notes,
            "facts": p.facts, "source": _code(p.source), "source_detail": p.source_detail,
            "extras": _extras_json(p.extras)}


def _kindcheck_json(run: KindcheckRun) -> dict[str, Any]:
    a = run.answers
    return {"id": run.id, "checked_on": run.checked_on.isoformat(),
            "trigger": run.trigger.value, "outcome": run.outcome.kind.value,
            "client_id": run.client_id,
            "parental_problems": _codes(a.parental_problems),
            "child_contacts": _codes(a.child_contacts),
            "children": [{"age": c.age, "residence": c.residence.value,
                          "care_shared_with": c.care_shared_with, "contact": c.contact,
                          "alone_with_client": c.alone_with_client}
                         for c in a.children],
            "children_notice": a.children_notice, "care_and_safety": a.care_and_safety,
            "help_wanted": a.help_wanted, "concerns": _code(a.concerns),
            "other_professional": _code(a.other_professional),
            "other_professional_name": a.other_professional_name,
            "notes": run.notes, "extras": _extras_json(run.extras)}


def _consultation_json(c: Consultation) -> dict[str, Any]:
    return {"id": c.id, "consulted_on": c.consulted_on.isoformat(),
            "partner": c.partner.value, "partner_detail": c.partner_detail,
            "theme": _code(c.theme), "anonymous": c.anonymous,
            "client_consent": c.client_consent, "advice": c.advice,
            "result": c.result.value, "extras": _extras_json(c.extras)}


def _conversation_json(c: Conversation) -> dict[str, Any]:
    return {"id": c.id, "held_on": c.held_on.isoformat(), "held": c.held,
            "participants": list(c.participants), "other_participants": c.other_participants,
            "what_was_said": c.what_was_said, "client_reaction": c.client_reaction,
            "agreements": c.agreements, "possible_victim_only": c.possible_victim_only,
            "skip_reason": _code(c.skip_reason), "skip_explanation": c.skip_explanation,
            "extras": _extras_json(c.extras)}


def _weighing_json(w: Weighing) -> dict[str, Any]:
    a = w.answers
    outcome = w.outcome
    return {"id": w.id, "weighed_on": w.weighed_on.isoformat(),
            "answers": {"suspicion": a.suspicion, "acute_unsafety": a.acute_unsafety,
                        "structural_unsafety": a.structural_unsafety,
                        "help_possible": a.help_possible, "help_accepted": a.help_accepted,
                        "help_effective": a.help_effective},
            "reasoning": w.reasoning, "outcome": outcome.kind.value,
            "reporting_norm": _code(outcome.reporting_norm),
            "instrument": _code(w.instrument), "instrument_name": w.instrument_name,
            "instrument_result": w.instrument_result,
            "with_veilig_thuis": outcome.with_veilig_thuis, "extras": _extras_json(w.extras)}


def _decision_json(d: Decision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"id": d.id, "decided_on": d.decided_on.isoformat(), "outcome": d.outcome.value,
            "reporting_norm": _code(d.reporting_norm), "weighing_id": d.weighing_id,
            "help_engaged": d.help_engaged, "other_parties": d.other_parties,
            "family_actions": d.family_actions, "notes": d.notes,
            "extras": _extras_json(d.extras)}


def _acute_json(a: AcutePath) -> dict[str, Any]:
    return {"id": a.id, "contacted_at": a.contacted_at.isoformat(),
            "contacted": _codes(a.contacted), "reason": a.reason, "agreements": a.agreements,
            "extras": _extras_json(a.extras)}


def _actor_json(who) -> dict[str, Any]:
    return {"kind": who.kind.value, "person_id": who.person_id, "name": who.name}


def _plan_json(data: HandoverInput) -> dict[str, Any] | None:
    plan = data.plan
    if plan is None:
        return None
    return {
        "conditions": [{"id": c.id, "text": c.text, "source": c.source.value,
                        "set_on": c.set_on.isoformat(), "status": c.status.value,
                        "answered_by": [i.id for i in answering_items(plan, c.id)]}
                       for c in plan.conditions],
        "agreements": [{"id": i.id, "what": i.what, "why": i.why, "who": _actor_json(i.who),
                        "since": _iso(data.agreed_on.get(i.id)), "due": _iso(i.due),
                        "ongoing": i.ongoing, "status": i.status.value,
                        "answers": sorted(i.answers)}
                       for i in safety_agreements(plan)],
        "support_persons": [{"id": p.id, "name": p.name, "role": p.role, "reach": p.reach,
                             "person_id": p.person_id} for p in plan.network],
        "overseer": plan.overseer, "evaluate_with": plan.evaluate_with,
    }


def handover_json(data: HandoverInput) -> dict[str, Any]:
    """The handover for systems; valid against ``handover-3.schema.json``."""
    r = data.records
    people = People(data.case, data.anonymous, data.generated_at.astimezone().date())
    concerned = concerned_ids(r)
    profile = data.profile or WorkerProfile("", "")
    weighing = r.latest_weighing
    decision = r.latest_decision
    d = data.details
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "package_id": data.package_id,
        "generated_at": data.generated_at.isoformat(),
        "generator": f"Veiligwijzer {__version__}",
        "store_kind": data.store_kind,
        "kind": data.report_kind.value,
        "anonymous": data.anonymous,
        "case": {"reference": data.case.reference,
                 "household_name": None if data.anonymous else data.case.household_name},
        "reporter": {"name": profile.name, "organisation": profile.organisation,
                     "role": profile.role, "phone": profile.phone, "email": profile.email,
                     "relation_to_family": d.reporter_relation},
        "people": [_person_json(p, people, concerned, data.case) for p in data.case.people],
        "other_professionals": d.other_professionals,
        "other_professionals_recorded": [
            {"from": source_code, "text": text}
            for source_code, text in other_professionals_coded(data)],
        "concerns": {
            "signals": [_signal_json(h) for h in r.signals],
            "risk_profile": _risk_json(_latest_risk(r)),
            "risk_records": [_risk_json(p) for p in risk_records(r)],
            "acute_unsafety": urgency(data)[0],
            "structural_unsafety": urgency(data)[1],
        },
        "meldcode_steps": {
            "kindcheck_runs": [_kindcheck_json(k) for k in r.kindcheck_runs],
            "consultations": [_consultation_json(c) for c in r.consultations],
            "conversations": [_conversation_json(c) for c in r.conversations],
            "weighing": None if weighing is None else _weighing_json(weighing),
            "decision": _decision_json(decision),
            "acute_paths": [_acute_json(a) for a in r.acute_paths],
        },
        "network": {"supporting_network": d.supporting_network, "agreements": d.agreements,
                    "safety_plan": _plan_json(data)},
        "other": {
            "client_informed": None if decision is None else decision.client_informed,
            "not_informed_because": None if decision is None
            else _code(decision.not_informed_because),
            "reaction_to_report": "" if decision is None else decision.reaction_to_report,
            "attachments": d.attachments,
        },
        "not_for_family": {"text": d.not_for_family},
        "form_variant": _variant_json(data.form_variant),
    }


def _variant_json(info: VariantInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {"name": info.name, "version": info.version,
            "veilig_thuis_region": info.veilig_thuis_region,
            "veilig_thuis_phone": info.veilig_thuis_phone}


def build_handover(data: HandoverInput) -> tuple[Document, dict[str, Any]]:
    return handover_document(data), handover_json(data)
