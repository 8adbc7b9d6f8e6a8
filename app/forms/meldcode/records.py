"""The other meldcode records as forms: risk profile (step 1), consultation
(step 2), conversation (step 3), decision (step 5) and the acute path.

The decision's outcome and reporting norm are not the worker's choice: they
follow from the weighing (or, on the acute path, are a report under norm 1).
The form shows them so its questions can follow them (open reporting only
for a report); :func:`decision_values_for` fills them in, and
:func:`decision_from_values` takes them from the basis again, whatever the
answers say. The interface shows the ``outcome`` and ``reporting_norm``
fields read-only (:data:`DERIVED_DECISION_KEYS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.context import FormContext
from app.forms.meldcode._common import (
    code_of,
    codes,
    context_or_default,
    drop_none,
    enum_choices,
    flag,
    member,
    members,
    new_id,
    now_of,
    ordered_codes,
    text,
    to_utc,
)
from app.forms.model import Field, FieldType, FormDefinition, Section, when
from app.forms.validation import clean
from app.i18n import N_
from app.meldcode.afwegingskader import ReportingNorm, Weighing, WeighingOutcomeKind
from app.meldcode.records import (
    AcuteContact,
    AcutePath,
    Consultation,
    ConsultationPartner,
    ConsultationResult,
    Conversation,
    ConversationSkipReason,
    Decision,
    OpenReportingException,
    RiskProfile,
    validate_acute_path,
    validate_consultation,
    validate_conversation,
    validate_decision,
    validate_risk_profile,
)
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    ProtectiveFactor,
    RiskFactor,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
)

T = FieldType
NOTES = N_("Toelichting")
UNKNOWN_HELP = N_("Weet je het (nog) niet? Laat dit dan leeg.")

# --------------------------------------------------------------------------
# Risk profile

RISK_PROFILE_FORM = FormDefinition(
    id="risk_profile", title=N_("Risicofactoren en beschermende factoren"), version=1,
    sections=[
        Field("recorded_on", T.DATE, N_("Datum"), required=True, not_in_future=True),
        Field("risk_factors", T.MULTI_CHOICE, N_("Welke risicofactoren zie je?"),
              choices=enum_choices(RiskFactor),
              help=N_("Dingen die geweld waarschijnlijker maken.")),
        Field("protective_factors", T.MULTI_CHOICE, N_("Welke beschermende factoren zie je?"),
              choices=enum_choices(ProtectiveFactor),
              help=N_("Dingen die helpen om het veilig te houden.")),
        Field("duration", T.SINGLE_CHOICE, N_("Hoe lang duurt het geweld vermoedelijk al?"),
              choices=enum_choices(ViolenceDuration), help=UNKNOWN_HELP),
        Field("police", T.MULTI_CHOICE, N_("Was de politie betrokken?"),
              choices=enum_choices(PoliceInvolvement),
              help=N_("Weet je het (nog) niet? Laat dit dan leeg. Weet je dat de politie er "
                      "niet bij was? Kies dan ‘Geen politie-inzet’.")),
        Field("facts", T.LONG_TEXT, N_("Waar blijkt dat uit? (feiten)"),
              help=N_("Wat zag, hoorde of las je? Bijvoorbeeld: een brief van de deurwaarder "
                      "op tafel. Vul dan ook de bron in.")),
        Field("source", T.SINGLE_CHOICE, N_("Waar komt de informatie vandaan?"),
              choices=enum_choices(SourceKind)),
        Field("source_detail", T.SHORT_TEXT, N_("Wie vertelde het, of welk document is het?"),
              visible_if=when("source", *codes(SourceKind, *(
                  s for s in SourceKind if s.needs_detail)))),
        Field("notes", T.LONG_TEXT, NOTES),
    ])


def risk_profile_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                             id: str | None = None) -> RiskProfile:
    context = context_or_default(context)
    v = clean(RISK_PROFILE_FORM, values, context)
    profile = RiskProfile(
        id=new_id(id), recorded_on=v["recorded_on"],
        risk_factors=members(RiskFactor, v["risk_factors"]),
        protective_factors=members(ProtectiveFactor, v["protective_factors"]),
        duration=member(ViolenceDuration, v["duration"]),
        police=members(PoliceInvolvement, v["police"]) if v["police"] else None,
        notes=text(v["notes"]), facts=text(v.get("facts")),
        source=member(SourceKind, v.get("source")),
        source_detail=text(v.get("source_detail")))
    validate_risk_profile(profile, context.today())
    return profile


def risk_profile_to_values(profile: RiskProfile) -> dict[str, Any]:
    return drop_none({
        "recorded_on": profile.recorded_on,
        "risk_factors": ordered_codes(profile.risk_factors),
        "protective_factors": ordered_codes(profile.protective_factors),
        "duration": None if profile.duration is None else code_of(profile.duration),
        "police": ordered_codes(profile.police or ()),
        "notes": profile.notes,
        "facts": profile.facts,
        "source": None if profile.source is None else code_of(profile.source),
        "source_detail": profile.source_detail,
    })


# --------------------------------------------------------------------------
# Consultation

CONSULTATION_FORM = FormDefinition(
    id="consultation", title=N_("Collegiale consultatie"), version=1,
    sections=[
        Section(N_("Met wie"), (
            Field("consulted_on", T.DATE, N_("Datum van de consultatie"), required=True,
                  not_in_future=True),
            Field("partner", T.SINGLE_CHOICE, N_("Met wie heb je overlegd?"), required=True,
                  choices=enum_choices(ConsultationPartner)),
            Field("partner_detail", T.SHORT_TEXT, N_("Naam of functie van die persoon"),
                  help=N_("Niet verplicht.")),
            Field("theme", T.SINGLE_CHOICE, N_("Over welk thema heb je de specialist gevraagd?"),
                  required=True,
                  choices=enum_choices(ViolenceForm, exclude=(ViolenceForm.NOT_YET_CLEAR,)),
                  visible_if=when("partner", code_of(ConsultationPartner.THEME_SPECIALIST))),
        )),
        Section(N_("Namen delen"), (
            Field("anonymous", T.YES_NO, N_("Heb je overlegd zonder namen (anoniem)?"),
                  required=True,
                  help=N_("Zonder namen en zonder gegevens waaraan iemand te herkennen is, mag "
                          "een consultatie altijd. Met namen buiten je organisatie alleen als de "
                          "cliënt dat goedvindt.")),
            Field("client_consent", T.YES_NO, N_("Vindt de cliënt het goed dat je namen deelt?"),
                  visible_if=when("anonymous", False)),
        )),
        Section(N_("Advies en uitkomst"), (
            Field("advice", T.LONG_TEXT, N_("Welk advies kreeg je?"), required=True),
            Field("result", T.SINGLE_CHOICE, N_("Wat is de uitkomst?"), required=True,
                  choices=enum_choices(ConsultationResult)),
        )),
    ])


def consultation_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                             id: str | None = None) -> Consultation:
    context = context_or_default(context)
    v = clean(CONSULTATION_FORM, values, context)
    consultation = Consultation(
        id=new_id(id), consulted_on=v["consulted_on"],
        partner=member(ConsultationPartner, v["partner"]), anonymous=v["anonymous"],
        advice=v["advice"], result=member(ConsultationResult, v["result"]),
        partner_detail=text(v["partner_detail"]), theme=member(ViolenceForm, v.get("theme")),
        client_consent=v.get("client_consent"))
    validate_consultation(consultation, context.today())
    return consultation


def consultation_to_values(consultation: Consultation) -> dict[str, Any]:
    c = consultation
    return drop_none({
        "consulted_on": c.consulted_on,
        "partner": code_of(c.partner),
        "partner_detail": c.partner_detail,
        "theme": None if c.theme is None else code_of(c.theme),
        "anonymous": c.anonymous,
        "client_consent": c.client_consent,
        "advice": c.advice,
        "result": code_of(c.result),
    })


# --------------------------------------------------------------------------
# Conversation with the client

_HELD = when("held", True)
_SKIPPED = when("held", False)

CONVERSATION_FORM = FormDefinition(
    id="conversation", title=N_("Gesprek met de cliënt"), version=1,
    sections=[
        Section(None, (
            Field("held", T.YES_NO, N_("Heb je het gesprek met de cliënt gevoerd?"),
                  required=True,
                  help=N_("Sla het gesprek alleen over als het onveilig is, of als er geen "
                          "contact lukt. Schrijf dan op waarom.")),
            Field("held_on", T.DATE, N_("Datum"), required=True, not_in_future=True,
                  help=N_("De datum van het gesprek, of van je besluit om het niet te "
                          "voeren.")),
        )),
        Section(N_("Het gesprek"), (
            Field("participants", T.PERSON, N_("Wie waren erbij?"), multiple=True,
                  visible_if=_HELD),
            Field("other_participants", T.SHORT_TEXT, N_("Wie waren er nog meer bij?"),
                  help=N_("Bijvoorbeeld een tolk of een collega."), visible_if=_HELD),
            Field("possible_victim_only", T.YES_NO,
                  N_("Was het een gesprek alleen met het mogelijke slachtoffer?"),
                  help=N_("Zonder ouders of familie erbij."), visible_if=_HELD),
            Field("what_was_said", T.LONG_TEXT, N_("Wat is er besproken?"), required=True,
                  visible_if=_HELD),
            Field("client_reaction", T.LONG_TEXT, N_("Hoe reageerde de cliënt?"), required=True,
                  visible_if=_HELD),
            Field("agreements", T.LONG_TEXT, N_("Welke afspraken hebben jullie gemaakt?"),
                  visible_if=_HELD),
        )),
        Section(N_("Waarom niet"), (
            Field("skip_reason", T.SINGLE_CHOICE, N_("Waarom is het gesprek niet gevoerd?"),
                  required=True, choices=enum_choices(ConversationSkipReason),
                  visible_if=_SKIPPED),
            Field("skip_explanation", T.LONG_TEXT, N_("Leg dit uit"), required=True,
                  visible_if=_SKIPPED),
        )),
    ])


def conversation_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                             id: str | None = None) -> Conversation:
    """``context`` holds the case's people (the participants)."""
    context = context_or_default(context)
    v = clean(CONVERSATION_FORM, values, context)
    conversation = Conversation(
        id=new_id(id), held_on=v["held_on"], held=v["held"],
        participants=tuple(v.get("participants", ())),
        other_participants=text(v.get("other_participants")),
        what_was_said=text(v.get("what_was_said")),
        client_reaction=text(v.get("client_reaction")),
        agreements=text(v.get("agreements")),
        possible_victim_only=flag(v.get("possible_victim_only")),
        skip_reason=member(ConversationSkipReason, v.get("skip_reason")),
        skip_explanation=text(v.get("skip_explanation")))
    validate_conversation(conversation, context.today())
    return conversation


def conversation_to_values(conversation: Conversation) -> dict[str, Any]:
    c = conversation
    return drop_none({
        "held": c.held,
        "held_on": c.held_on,
        "participants": list(c.participants),
        "other_participants": c.other_participants,
        "possible_victim_only": c.possible_victim_only if c.held else None,
        "what_was_said": c.what_was_said,
        "client_reaction": c.client_reaction,
        "agreements": c.agreements,
        "skip_reason": None if c.skip_reason is None else code_of(c.skip_reason),
        "skip_explanation": c.skip_explanation,
    })


# --------------------------------------------------------------------------
# Decision

_REPORT = code_of(WeighingOutcomeKind.REPORT)
DERIVED_DECISION_KEYS = ("outcome", "reporting_norm")

DECISION_FORM = FormDefinition(
    id="decision", title=N_("Beslissen"), version=1,
    sections=[
        Section(None, (
            Field("decided_on", T.DATE, N_("Datum van het besluit"), required=True,
                  not_in_future=True),
            Field("outcome", T.SINGLE_CHOICE, N_("Wat volgt uit de afweging?"), required=True,
                  choices=enum_choices(WeighingOutcomeKind,
                                       exclude=(WeighingOutcomeKind.INCOMPLETE,)),
                  help=N_("Dit volgt uit de afweging, of uit het spoedcontact. Klopt het niet? "
                          "Pas dan eerst de afweging aan.")),
            Field("reporting_norm", T.SINGLE_CHOICE, N_("Meldnorm"), required=True,
                  choices=enum_choices(ReportingNorm), visible_if=when("outcome", _REPORT)),
        )),
        Section(N_("Open melden, tenzij"), (
            Field("client_informed", T.YES_NO, N_("Heb je de cliënt verteld dat je meldt?"),
                  required=True, visible_if=when("outcome", _REPORT),
                  help=N_("Vertel de betrokkenen dat je meldt, behalve als dat onveilig is.")),
            Field("not_informed_because", T.SINGLE_CHOICE, N_("Waarom heb je het niet verteld?"),
                  required=True, choices=enum_choices(OpenReportingException),
                  visible_if=when("client_informed", False)),
            Field("reaction_to_report", T.LONG_TEXT,
                  N_("Hoe reageerde de cliënt toen je vertelde dat je meldt?"),
                  visible_if=when("client_informed", True),
                  help=N_("Bijvoorbeeld boos, opgelucht of bang. Veilig Thuis wil weten of het "
                          "gezin na de melding veilig is.")),
        )),
        Section(N_("Hulp en betrokkenen"), (
            Field("help_engaged", T.LONG_TEXT, N_("Welke hulp bied of organiseer je?"),
                  help=N_("Verplicht als je hulp biedt of organiseert. Ook na een melding geef "
                          "je de hulp die je kunt, in overleg met Veilig Thuis.")),
            Field("other_parties", T.LONG_TEXT, N_("Wie is er nog meer betrokken?")),
            Field("family_actions", T.LONG_TEXT, N_("Wat doet het gezin zelf?")),
            Field("notes", T.LONG_TEXT, NOTES),
        )),
    ])


def _derived(basis: Weighing | AcutePath) -> tuple[WeighingOutcomeKind, ReportingNorm | None,
                                                   str | None]:
    if isinstance(basis, AcutePath):
        return WeighingOutcomeKind.REPORT, ReportingNorm.UNSAFETY, None
    outcome = basis.outcome
    return outcome.kind, outcome.reporting_norm, basis.id


def decision_values_for(basis: Weighing | AcutePath) -> dict[str, Any]:
    """The answers the decision takes from its basis (the weighing, or the
    acute path): the outcome and the reporting norm. Start a new decision
    form with these."""
    kind, norm, _weighing_id = _derived(basis)
    return {"outcome": code_of(kind), "reporting_norm": None if norm is None else code_of(norm)}


def decision_from_values(values: Mapping[str, Any], *, basis: Weighing | AcutePath,
                         context: FormContext | None = None,
                         id: str | None = None) -> Decision:
    """The ``Decision`` following ``basis``; the outcome and norm come from the
    basis, not from ``values``."""
    context = context_or_default(context)
    kind, norm, weighing_id = _derived(basis)
    if kind is WeighingOutcomeKind.INCOMPLETE:
        # The domain says why in its own words: no decision before the weighing is done.
        validate_decision(Decision("", context.today(), kind), context.today())
    v = clean(DECISION_FORM, {**values, **decision_values_for(basis)}, context)
    decision = Decision(
        id=new_id(id), decided_on=v["decided_on"], outcome=kind, reporting_norm=norm,
        weighing_id=weighing_id, help_engaged=text(v["help_engaged"]),
        client_informed=v.get("client_informed"),
        not_informed_because=member(OpenReportingException, v.get("not_informed_because")),
        reaction_to_report=text(v.get("reaction_to_report")),
        other_parties=text(v["other_parties"]), family_actions=text(v["family_actions"]),
        notes=text(v["notes"]))
    validate_decision(decision, context.today())
    return decision


def decision_to_values(decision: Decision) -> dict[str, Any]:
    d = decision
    return drop_none({
        "decided_on": d.decided_on,
        "outcome": code_of(d.outcome),
        "reporting_norm": None if d.reporting_norm is None else code_of(d.reporting_norm),
        "client_informed": d.client_informed,
        "not_informed_because": None if d.not_informed_because is None
        else code_of(d.not_informed_because),
        "reaction_to_report": d.reaction_to_report,
        "help_engaged": d.help_engaged,
        "other_parties": d.other_parties,
        "family_actions": d.family_actions,
        "notes": d.notes,
    })


# --------------------------------------------------------------------------
# Acute path

ACUTE_PATH_FORM = FormDefinition(
    id="acute_path", title=N_("Acute onveiligheid"), version=1,
    sections=[
        Section(None, (
            Field("contacted_at", T.DATETIME, N_("Wanneer heb je contact opgenomen?"),
                  required=True, not_in_future=True),
            Field("reason", T.LONG_TEXT, N_("Wat is er gebeurd? Waarom is het acuut onveilig?"),
                  required=True),
            Field("contacted", T.MULTI_CHOICE, N_("Met wie heb je contact opgenomen?"),
                  required=True, choices=enum_choices(AcuteContact)),
            Field("agreements", T.LONG_TEXT, N_("Welke afspraken zijn er gemaakt?")),
        ), N_("Is iemand nu in direct gevaar? Bel eerst: Veilig Thuis 0800-2000, bij "
              "levensgevaar de politie 112. Leg daarna hier vast wat er gebeurde. Je meldt "
              "dan zonder afweging.")),
    ])


def acute_path_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                           id: str | None = None) -> AcutePath:
    context = context_or_default(context)
    v = clean(ACUTE_PATH_FORM, values, context)
    path = AcutePath(id=new_id(id), contacted_at=to_utc(v["contacted_at"]), reason=v["reason"],
                     contacted=members(AcuteContact, v["contacted"]),
                     agreements=text(v["agreements"]))
    validate_acute_path(path, now_of(context))
    return path


def acute_path_to_values(path: AcutePath) -> dict[str, Any]:
    return drop_none({
        "contacted_at": path.contacted_at,
        "reason": path.reason,
        "contacted": ordered_codes(path.contacted),
        "agreements": path.agreements,
    })


__all__ = [
    "ACUTE_PATH_FORM", "CONSULTATION_FORM", "CONVERSATION_FORM", "DECISION_FORM",
    "DERIVED_DECISION_KEYS", "RISK_PROFILE_FORM", "acute_path_from_values",
    "acute_path_to_values", "consultation_from_values", "consultation_to_values",
    "conversation_from_values", "conversation_to_values", "decision_from_values",
    "decision_to_values", "decision_values_for", "risk_profile_from_values",
    "risk_profile_to_values",
]
