"""The handover to Veilig Thuis (overdracht) as values and forms: the worker's
profile as reporter (melder), the handover details of a case, and the
feedback Veilig Thuis gives after a report (terugkoppeling).

Pure Python like ``app.forms.meldcode``: the values with their rules
(``validate_*``), one form definition each, and converters between a form's
answers and the values. The store keeps these values
(``app.store.handover``), the export builds the handover from them
(``app.export.handover``).

Free text only where the safety plan will later give structure: the
supporting network, agreements and the conditions Veilig Thuis hands back
are text for now; :func:`condition_lines` splits handed-back conditions
into one text per condition for the safety plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.errors import ValidationError
from app.forms.context import FormContext
from app.forms.meldcode._common import (
    code_of,
    context_or_default,
    drop_none,
    enum_choices,
    member,
    new_id,
    text,
)
from app.forms.model import Field, FieldType, FormDefinition, Section, when
from app.forms.validation import clean
from app.i18n import N_, _, ngettext

T = FieldType
MAX_SHORT = 200
MAX_LONG = 4000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]*$")


# --------------------------------------------------------------------------
# Codes


class ReportKind(StrEnum):
    """Advies vragen or melden: an advice request moves no responsibility and
    names nobody; a report names the people involved."""

    ADVICE = "advice"
    REPORT = "report"

    @property
    def label(self) -> str:
        return _(_REPORT_KIND_LABELS[self])


_REPORT_KIND_LABELS = {
    ReportKind.ADVICE: N_("Advies vragen (zonder namen)"),
    ReportKind.REPORT: N_("Melding"),
}


class VtFeedbackKind(StrEnum):
    """What Veilig Thuis lets the reporter know, and when."""

    ACKNOWLEDGEMENT = "acknowledgement"
    AFTER_SAFETY_ASSESSMENT = "after_safety_assessment"
    AFTER_INVESTIGATION = "after_investigation"

    @property
    def label(self) -> str:
        return _(_FEEDBACK_KIND_LABELS[self])


_FEEDBACK_KIND_LABELS = {
    VtFeedbackKind.ACKNOWLEDGEMENT: N_("Ontvangstbevestiging"),
    VtFeedbackKind.AFTER_SAFETY_ASSESSMENT: N_("Terugkoppeling na de veiligheidsbeoordeling"),
    VtFeedbackKind.AFTER_INVESTIGATION: N_("Terugkoppeling na het onderzoek"),
}


class VtRoute(StrEnum):
    """The route Veilig Thuis chose after its safety assessment."""

    DIRECT_HANDOVER = "direct_handover"
    CONDITIONS_AND_FOLLOW_UP = "conditions_and_follow_up"
    INVESTIGATION = "investigation"
    NO_FOLLOW_UP = "no_follow_up"

    @property
    def label(self) -> str:
        return _(_ROUTE_LABELS[self])


_ROUTE_LABELS = {
    VtRoute.DIRECT_HANDOVER: N_("Directe overdracht (naar lokaal team, hulp of netwerk)"),
    VtRoute.CONDITIONS_AND_FOLLOW_UP: N_("Voorwaarden en vervolg"),
    VtRoute.INVESTIGATION: N_("Onderzoek"),
    VtRoute.NO_FOLLOW_UP: N_("Geen vervolg (de melding wordt een advies)"),
}


# --------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class WorkerProfile:
    """The worker as reporter (melder): Veilig Thuis needs name, organisation
    and a way to reach them to follow a report up. One per store."""

    name: str
    organisation: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class HandoverDetails:
    """What the handover needs that the meldcode records do not hold.

    ``report_kind`` is ``None`` until the worker chooses; the export then
    follows the decision (report when the decision is to report).
    ``not_for_family`` is kept apart in every export and never reaches the
    client's own copy.
    """

    report_kind: ReportKind | None = None
    other_professionals: str = ""
    supporting_network: str = ""
    agreements: str = ""
    not_for_family: str = ""
    attachments: str = ""
    #: How the reporter knows the family (e.g. "wijkteammedewerker van het
    #: gezin sinds maart"): Veilig Thuis asks it of every reporter.
    reporter_relation: str = ""


@dataclass(frozen=True)
class VtFeedback:
    """Terugkoppeling van Veilig Thuis: an acknowledgement of receipt, or
    feedback after the safety assessment or after an investigation, with
    the route chosen and the safety conditions handed back (text, one per
    line, until the safety plan takes them over)."""

    id: str
    received_on: date
    kind: VtFeedbackKind
    vt_reference: str = ""
    route: VtRoute | None = None
    notes: str = ""
    conditions: str = ""


def _check(value: str, field: str, label: str, *, required: bool = False,
           max_length: int = MAX_LONG, missing: str = "") -> None:
    if not isinstance(value, str):
        raise ValidationError(_("{label}: dit antwoord heeft niet de goede vorm.").format(
            label=_(label)), field=field)
    if required and not value.strip():
        raise ValidationError(missing or _("{label}: vul dit in.").format(label=_(label)),
                              field=field)
    if len(value) > max_length:
        raise ValidationError(ngettext("{label}: de tekst is te lang (meer dan {n} teken).",
                                       "{label}: de tekst is te lang (meer dan {n} tekens).",
                                       max_length).format(label=_(label), n=max_length),
                              field=field)


def validate_worker_profile(profile: WorkerProfile) -> None:
    """Name and organisation are required, and at least one way to reach
    the worker (phone or e-mail)."""
    p = profile
    _check(p.name, "name", N_("Naam"), required=True, max_length=MAX_SHORT,
           missing=_("Vul je naam in; Veilig Thuis heeft die nodig."))
    _check(p.organisation, "organisation", N_("Organisatie"), required=True,
           max_length=MAX_SHORT, missing=_("Vul je organisatie in."))
    _check(p.role, "role", N_("Functie"), max_length=MAX_SHORT)
    _check(p.phone, "phone", N_("Telefoon"), max_length=30)
    _check(p.email, "email", N_("E-mail"), max_length=MAX_SHORT)
    if not p.phone.strip() and not p.email.strip():
        raise ValidationError(
            _("Vul een telefoonnummer of e-mailadres in, zodat Veilig Thuis je kan bereiken."),
            field="phone")
    if p.phone.strip() and not _PHONE.match(p.phone.strip()):
        raise ValidationError(_("Dit telefoonnummer klopt niet."), field="phone")
    if p.email.strip() and not _EMAIL.match(p.email.strip()):
        raise ValidationError(_("Dit e-mailadres klopt niet."), field="email")


_DETAIL_LABELS = {
    "reporter_relation": N_("Jouw relatie tot het gezin"),
    "other_professionals": N_("Andere betrokken hulpverleners"),
    "supporting_network": N_("Steunend netwerk"),
    "agreements": N_("Afspraken die al zijn gemaakt"),
    "not_for_family": N_("Niet voor het gezin"),
    "attachments": N_("Bijlagen"),
}


def detail_label(key: str) -> str:
    """What the screens call a handover detail (``report_kind`` included)."""
    if key == "report_kind":
        return _("Soort contact")
    return _(_DETAIL_LABELS[key]) if key in _DETAIL_LABELS else key


def validate_handover_details(details: HandoverDetails) -> None:
    if details.report_kind is not None and not isinstance(details.report_kind, ReportKind):
        raise ValidationError(_("Kies advies vragen of melden."), field="report_kind")
    for key, label in _DETAIL_LABELS.items():
        _check(getattr(details, key), key, label)


def validate_vt_feedback(feedback: VtFeedback, today: date) -> None:
    f = feedback
    if f.received_on > today:
        raise ValidationError(_("De datum van de terugkoppeling ligt in de toekomst."),
                              field="received_on")
    _check(f.vt_reference, "vt_reference", N_("Kenmerk van Veilig Thuis"), max_length=MAX_SHORT)
    _check(f.notes, "notes", N_("Toelichting"))
    _check(f.conditions, "conditions", N_("Veiligheidsvoorwaarden"))
    if f.kind is VtFeedbackKind.ACKNOWLEDGEMENT:
        if f.route is not None or f.conditions.strip():
            raise ValidationError(
                _("Een ontvangstbevestiging heeft nog geen route of voorwaarden."), field="route")
        return
    if f.route is None:
        raise ValidationError(_("Kies welke route Veilig Thuis koos."), field="route")
    if f.conditions.strip() and f.route is VtRoute.NO_FOLLOW_UP:
        raise ValidationError(
            _("Zonder vervolg geeft Veilig Thuis geen veiligheidsvoorwaarden mee."),
            field="conditions")


def condition_lines(conditions: str) -> tuple[str, ...]:
    """One text per handed-back condition: one per line, list marks removed."""
    lines = []
    for line in conditions.splitlines():
        cleaned = re.sub(r"^\s*(?:[-*•–]|\d+[.)])\s*", "", line).strip()
        if cleaned:
            lines.append(cleaned)
    return tuple(lines)


@dataclass(frozen=True)
class HandedBackCondition:
    """A safety condition (veiligheidsvoorwaarde) as Veilig Thuis handed it
    back: the text, from which feedback and when. The safety plan turns it
    into a ``SafetyCondition`` with source Veilig Thuis."""

    text: str
    feedback_id: str
    received_on: date
    vt_reference: str = ""


def conditions_from_feedback(feedback: Iterable[VtFeedback]) -> tuple[HandedBackCondition, ...]:
    """Every condition handed back in ``feedback``, oldest feedback first."""
    found = []
    for item in sorted(feedback, key=lambda f: f.received_on):
        for line in condition_lines(item.conditions):
            found.append(HandedBackCondition(line, item.id, item.received_on, item.vt_reference))
    return tuple(found)


# --------------------------------------------------------------------------
# Forms

WORKER_PROFILE_FORM = FormDefinition(
    id="worker_profile", title=N_("Jouw gegevens als melder"), version=1,
    sections=[
        Section(None, (
            Field("name", T.SHORT_TEXT, N_("Naam"), required=True),
            Field("organisation", T.SHORT_TEXT, N_("Organisatie"), required=True,
                  help=N_("Bijvoorbeeld: Wijkteam Noord, gemeente Zwolle.")),
            Field("role", T.SHORT_TEXT, N_("Functie"),
                  help=N_("Bijvoorbeeld: wijkteammedewerker of aandachtsfunctionaris.")),
            Field("phone", T.PHONE, N_("Telefoon")),
            Field("email", T.SHORT_TEXT, N_("E-mail")),
        ), help=N_("Veilig Thuis heeft deze gegevens nodig om je te bereiken. Je naam kan voor "
                   "het gezin verborgen blijven, nooit voor Veilig Thuis.")),
    ])


def worker_profile_from_values(values: Mapping[str, Any], *,
                               context: FormContext | None = None) -> WorkerProfile:
    v = clean(WORKER_PROFILE_FORM, values, context_or_default(context))
    profile = WorkerProfile(text(v["name"]), text(v["organisation"]), text(v["role"]),
                            text(v["phone"]), text(v["email"]))
    validate_worker_profile(profile)
    return profile


def worker_profile_to_values(profile: WorkerProfile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    return drop_none({"name": profile.name, "organisation": profile.organisation,
                      "role": profile.role, "phone": profile.phone, "email": profile.email})


HANDOVER_DETAILS_FORM = FormDefinition(
    id="handover_details", title=N_("Gegevens voor Veilig Thuis"), version=1,
    sections=[
        Section(None, (
            Field("report_kind", T.SINGLE_CHOICE, N_("Vraag je advies of doe je een melding?"),
                  choices=enum_choices(ReportKind),
                  help=N_("Bij advies vragen gaan er geen namen naar Veilig Thuis. Bij een "
                          "melding wel; Veilig Thuis houdt dan zicht op de veiligheid.")),
            Field("reporter_relation", T.SHORT_TEXT, _DETAIL_LABELS["reporter_relation"],
                  help=N_("Hoe ken je het gezin? Bijvoorbeeld: ik begeleid moeder sinds maart "
                          "vanuit het wijkteam.")),
            Field("other_professionals", T.LONG_TEXT, _DETAIL_LABELS["other_professionals"],
                  help=N_("Wie is er nog meer bij het gezin betrokken? Naam, organisatie en "
                          "hoe je die bereikt.")),
        )),
        Section(N_("Netwerk en afspraken"), (
            Field("supporting_network", T.LONG_TEXT, _DETAIL_LABELS["supporting_network"],
                  help=N_("Familie, vrienden, buren of hulpverleners die kunnen helpen.")),
            Field("agreements", T.LONG_TEXT, _DETAIL_LABELS["agreements"],
                  help=N_("Bijvoorbeeld een veiligheidsplan of afspraken met het gezin.")),
            Field("attachments", T.LONG_TEXT, _DETAIL_LABELS["attachments"],
                  help=N_("Welke stukken stuur je mee? Niet ouder dan een jaar. Een bijlage "
                          "vervangt de beschrijving niet.")),
        )),
        Section(N_("Niet voor het gezin"), (
            Field("not_for_family", T.LONG_TEXT, _DETAIL_LABELS["not_for_family"],
                  sensitive=True,
                  help=N_("Wat het gezin niet mag lezen. Dit staat apart in de melding of "
                          "adviesvraag, en nooit in het overzicht voor de cliënt. Bespreek "
                          "het met Veilig Thuis.")),
        )),
    ])


def already_recorded(*, decided_to_report: bool, plan_has_network: bool,
                     plan_has_agreements: bool) -> frozenset[str]:
    """The handover details the case's records already answer, so that
    "Gegevens aanvullen" asks only what is missing: whether it is a report
    (the decision said so), the network and the agreements (the safety plan
    holds them; the handover takes them from there)."""
    known = set()
    if decided_to_report:
        known.add("report_kind")
    if plan_has_network:
        known.add("supporting_network")
    if plan_has_agreements:
        known.add("agreements")
    return frozenset(known)


def handover_details_form(known: frozenset[str] = frozenset()) -> FormDefinition:
    """:data:`HANDOVER_DETAILS_FORM` without the questions in ``known``."""
    sections = [Section(s.title, tuple(f for f in s.fields if f.key not in known), s.help)
                for s in HANDOVER_DETAILS_FORM.sections]
    return HANDOVER_DETAILS_FORM.replace(sections=tuple(s for s in sections if s.fields))


def handover_details_from_values(values: Mapping[str, Any], *,
                                 context: FormContext | None = None,
                                 form: FormDefinition = HANDOVER_DETAILS_FORM,
                                 keep: HandoverDetails | None = None) -> HandoverDetails:
    """The details answered in ``form``; a question ``form`` does not ask
    keeps its value from ``keep`` (a report decided in step 5 becomes the
    kind when none was chosen yet)."""
    v = clean(form, values, context_or_default(context))
    keep = keep or HandoverDetails()

    def answer(key: str) -> Any:
        return text(v[key]) if key in form.keys else getattr(keep, key)

    kind = (member(ReportKind, v["report_kind"]) if "report_kind" in form.keys
            else keep.report_kind or ReportKind.REPORT)
    details = HandoverDetails(report_kind=kind, **{key: answer(key) for key in _DETAIL_LABELS})
    validate_handover_details(details)
    return details


def handover_details_to_values(details: HandoverDetails | None) -> dict[str, Any]:
    if details is None:
        return {}
    d = details
    return drop_none({
        "report_kind": None if d.report_kind is None else code_of(d.report_kind),
        **{key: getattr(d, key) for key in _DETAIL_LABELS},
    })


_NOT_ACK = when("kind", code_of(VtFeedbackKind.AFTER_SAFETY_ASSESSMENT),
                code_of(VtFeedbackKind.AFTER_INVESTIGATION))

VT_FEEDBACK_FORM = FormDefinition(
    id="vt_feedback", title=N_("Terugkoppeling van Veilig Thuis"), version=1,
    sections=[
        Section(None, (
            Field("received_on", T.DATE, N_("Datum"), required=True, not_in_future=True),
            Field("kind", T.SINGLE_CHOICE, N_("Wat laat Veilig Thuis weten?"), required=True,
                  choices=enum_choices(VtFeedbackKind)),
            Field("vt_reference", T.SHORT_TEXT, N_("Kenmerk van Veilig Thuis"),
                  help=N_("Het nummer dat Veilig Thuis aan de melding gaf.")),
            Field("route", T.SINGLE_CHOICE, N_("Welke route koos Veilig Thuis?"), required=True,
                  choices=enum_choices(VtRoute), visible_if=_NOT_ACK),
            Field("conditions", T.LONG_TEXT, N_("Veiligheidsvoorwaarden van Veilig Thuis"),
                  visible_if=when("route", code_of(VtRoute.DIRECT_HANDOVER),
                                  code_of(VtRoute.CONDITIONS_AND_FOLLOW_UP),
                                  code_of(VtRoute.INVESTIGATION)),
                  help=N_("Eén voorwaarde per regel. Ze komen in het veiligheidsplan.")),
            Field("notes", T.LONG_TEXT, N_("Toelichting"),
                  help=N_("Bijvoorbeeld: naar wie de casus ging en hoe de voorwaarden worden "
                          "gevolgd.")),
        )),
    ])


def vt_feedback_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                            id: str | None = None) -> VtFeedback:
    context = context_or_default(context)
    v = clean(VT_FEEDBACK_FORM, values, context)
    feedback = VtFeedback(
        id=new_id(id), received_on=v["received_on"], kind=member(VtFeedbackKind, v["kind"]),
        vt_reference=text(v["vt_reference"]), route=member(VtRoute, v.get("route")),
        notes=text(v["notes"]), conditions=text(v.get("conditions")))
    validate_vt_feedback(feedback, context.today())
    return feedback


def vt_feedback_to_values(feedback: VtFeedback) -> dict[str, Any]:
    f = feedback
    return drop_none({
        "received_on": f.received_on, "kind": code_of(f.kind), "vt_reference": f.vt_reference,
        "route": None if f.route is None else code_of(f.route), "notes": f.notes,
        "conditions": f.conditions,
    })


HANDOVER_FORMS: dict[str, FormDefinition] = {
    form.id: form for form in (WORKER_PROFILE_FORM, HANDOVER_DETAILS_FORM, VT_FEEDBACK_FORM)
}
