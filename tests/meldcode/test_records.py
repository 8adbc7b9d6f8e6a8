"""The records of steps 1, 2, 3 and 5 and of the acute path: table-driven
validation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.errors import ValidationError
from app.meldcode.afwegingskader import ReportingNorm, WeighingOutcomeKind
from app.meldcode.records import (
    AcuteContact,
    ConsultationPartner,
    ConversationSkipReason,
    Decision,
    OpenReportingException,
    is_honour_violence_specialist,
    validate_acute_path,
    validate_consultation,
    validate_conversation,
    validate_decision,
    validate_risk_profile,
)
from app.meldcode.vocabulary import PoliceInvolvement, ViolenceForm
from tests.meldcode.builders import (
    NOW,
    TODAY,
    acute_path,
    consultation,
    conversation,
    risk_profile,
)

TOMORROW = TODAY + timedelta(days=1)


def _check(validate, record, when, field, message):
    if field is None:
        validate(record, when)
        return
    with pytest.raises(ValidationError) as caught:
        validate(record, when)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


# --- step 1: risk profile -------------------------------------------------------

RISK_PROFILES = [
    ("valid", {}, None, ""),
    ("police not known", {"police": None, "duration": None}, None, ""),
    ("several police actions", {"police": frozenset({
        PoliceInvolvement.CALL_OUT, PoliceInvolvement.TEMPORARY_RESTRAINING_ORDER})},
     None, ""),
    ("none plus an action", {"police": frozenset({PoliceInvolvement.NONE,
                                                  PoliceInvolvement.CRIME_REPORTED})},
     "police", "‘Geen politie-inzet’ gaat niet samen"),
    ("empty police set", {"police": frozenset()}, "police", "Kies of de politie betrokken was"),
    ("future", {"recorded_on": TOMORROW}, "recorded_on", "De datum van de risicofactoren"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in RISK_PROFILES],
                         ids=[r[0] for r in RISK_PROFILES])
def test_risk_profile(changes, field, message):
    _check(validate_risk_profile, risk_profile(**changes), TODAY, field, message)


# --- step 2: consultation -------------------------------------------------------

P = ConsultationPartner
CONSULTATIONS = [
    ("anonymous colleague", {"partner": P.COLLEAGUE}, None, ""),
    ("named, own attention officer", {"anonymous": False}, None, ""),
    ("anonymous Veilig Thuis advice", {"partner": P.VEILIG_THUIS_ADVICE}, None, ""),
    ("named injury expert with consent", {"partner": P.INJURY_EXPERT, "anonymous": False,
                                          "client_consent": True}, None, ""),
    ("theme specialist", {"partner": P.THEME_SPECIALIST,
                          "theme": ViolenceForm.FEMALE_GENITAL_MUTILATION,
                          "partner_detail": "VGV-contactpersoon GGD"}, None, ""),
    ("named Veilig Thuis without consent", {"partner": P.VEILIG_THUIS_ADVICE,
                                            "anonymous": False}, "anonymous",
     "Een consultatie met namen buiten je organisatie mag alleen als de cliënt dat goedvindt."),
    ("named specialist, consent refused", {"partner": P.THEME_SPECIALIST, "anonymous": False,
                                           "theme": ViolenceForm.HONOUR_RELATED_VIOLENCE,
                                           "client_consent": False},
     "anonymous", "Een consultatie met namen"),
    ("specialist without theme", {"partner": P.THEME_SPECIALIST}, "theme",
     "Kies over welk thema"),
    ("theme for a colleague", {"theme": ViolenceForm.STALKING}, "theme",
     "Een thema hoort alleen bij een consultatie van een specialist."),
    ("no advice", {"advice": ""}, "advice", "Schrijf op welk advies je kreeg."),
    ("future", {"consulted_on": TOMORROW}, "consulted_on", "De datum van de consultatie"),
    ("partner detail too long", {"partner_detail": "x" * 201}, "partner_detail",
     "De tekst bij ‘Naam of functie’ is te lang"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in CONSULTATIONS],
                         ids=[r[0] for r in CONSULTATIONS])
def test_consultation(changes, field, message):
    _check(validate_consultation, consultation(**changes), TODAY, field, message)


SPECIALISTS = [
    (P.VEILIG_THUIS_ADVICE, None, True),
    (P.THEME_SPECIALIST, ViolenceForm.HONOUR_RELATED_VIOLENCE, True),
    (P.THEME_SPECIALIST, ViolenceForm.FEMALE_GENITAL_MUTILATION, False),
    (P.ATTENTION_OFFICER, None, False),
    (P.COLLEAGUE, None, False),
    (P.INJURY_EXPERT, None, False),
]


@pytest.mark.parametrize(("partner", "theme", "counts"), SPECIALISTS)
def test_who_counts_as_honour_violence_specialist(partner, theme, counts):
    assert is_honour_violence_specialist(consultation(partner=partner, theme=theme)) is counts


# --- step 3: conversation -------------------------------------------------------

SKIPPED = {"held": False, "participants": (), "what_was_said": "", "client_reaction": "",
           "agreements": "", "skip_reason": ConversationSkipReason.DANGER_TO_WORKER,
           "skip_explanation": "Vader dreigde eerder een collega."}
CONVERSATIONS = [
    ("held", {}, None, ""),
    ("held with others only", {"participants": (), "other_participants": "Tolk"}, None, ""),
    ("held without agreements", {"agreements": ""}, None, ""),
    *[(f"skipped: {reason.value}", SKIPPED | {"skip_reason": reason}, None, "")
      for reason in ConversationSkipReason],
    ("held, nobody there", {"participants": ()}, "participants", "Vul in wie er bij het gesprek"),
    ("held, nothing said", {"what_was_said": " "}, "what_was_said", "Schrijf op wat er in het"),
    ("held, no reaction", {"client_reaction": ""}, "client_reaction",
     "Schrijf op hoe de cliënt reageerde."),
    ("held with a skip reason", {"skip_reason": ConversationSkipReason.NO_CONTACT},
     "skip_reason", "Het gesprek is gevoerd, dus kies geen reden"),
    ("skipped without reason", SKIPPED | {"skip_reason": None}, "skip_reason",
     "Kies waarom het gesprek niet is gevoerd."),
    ("skipped without explanation", SKIPPED | {"skip_explanation": ""}, "skip_explanation",
     "Leg uit waarom het gesprek niet is gevoerd."),
    ("skipped with a report", SKIPPED | {"what_was_said": "Iets."}, "what_was_said",
     "Het gesprek is niet gevoerd, dus vul geen gespreksverslag in."),
    ("future", {"held_on": TOMORROW}, "held_on", "De datum van het gesprek ligt in de toekomst."),
    ("said too long", {"what_was_said": "x" * 4001}, "what_was_said",
     "De tekst bij ‘Wat is er besproken’ is te lang"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in CONVERSATIONS],
                         ids=[r[0] for r in CONVERSATIONS])
def test_conversation(changes, field, message):
    _check(validate_conversation, conversation(**changes), TODAY, field, message)


# --- step 5: decision -----------------------------------------------------------

K = WeighingOutcomeKind
REPORT = Decision("d", TODAY, K.REPORT, ReportingNorm.NO_SUFFICIENT_HELP, "w", client_informed=True)
DECISIONS = [
    ("report, client told", {}, None, ""),
    *[(f"report, not told: {e.value}", {"client_informed": False, "not_informed_because": e},
       None, "") for e in OpenReportingException],
    ("close", {"outcome": K.CLOSE, "reporting_norm": None, "client_informed": None}, None, ""),
    ("offer help", {"outcome": K.OFFER_HELP, "reporting_norm": None, "client_informed": None,
                    "help_engaged": "Gezinscoach, 2 keer per week."}, None, ""),
    ("offer help after report (norm stays)", {"outcome": K.OFFER_HELP, "client_informed": None,
                                              "reporting_norm": ReportingNorm.UNSAFETY,
                                              "help_engaged": "Samen met Veilig Thuis."}, None, ""),
    ("close help", {"outcome": K.CLOSE_HELP_WITH_FOLLOW_UP, "reporting_norm": None,
                    "client_informed": None, "family_actions": "Oma belt elke week."}, None, ""),
    ("incomplete", {"outcome": K.INCOMPLETE, "client_informed": None}, "outcome",
     "Een besluit volgt pas als de afweging klaar is."),
    ("report without norm", {"reporting_norm": None}, "reporting_norm", "Kies de meldnorm"),
    ("report, open reporting not answered", {"client_informed": None}, "client_informed",
     "Vul in of je de cliënt hebt verteld dat je meldt."),
    ("report, not told, no exception", {"client_informed": False}, "not_informed_because",
     "Je meldt zonder het de cliënt te vertellen. Kies waarom dat nodig is."),
    ("report, told and an exception", {
        "not_informed_because": OpenReportingException.SAFETY_OF_WORKER},
     "not_informed_because", "Je hebt de cliënt verteld dat je meldt"),
    ("open reporting without report", {"outcome": K.CLOSE, "reporting_norm": None},
     "client_informed", "Open melden hoort alleen bij een besluit om te melden."),
    ("offer help, no help named", {"outcome": K.OFFER_HELP, "reporting_norm": None,
                                   "client_informed": None}, "help_engaged",
     "Schrijf op welke hulp je biedt of organiseert."),
    ("future", {"decided_on": TOMORROW}, "decided_on", "De datum van het besluit"),
    ("report, told, the client's reaction", {"reaction_to_report": "Boos, maar rustig."},
     None, ""),
    ("report, not told, yet a reaction", {
        "client_informed": False, "reaction_to_report": "Boos.",
        "not_informed_because": OpenReportingException.SAFETY_OF_WORKER},
     "reaction_to_report", "Een reactie op de melding hoort alleen bij een cliënt die het weet."),
    ("no report, yet a reaction", {"outcome": K.CLOSE, "reporting_norm": None,
                                   "client_informed": None, "reaction_to_report": "Boos."},
     "reaction_to_report", "Een reactie op de melding hoort alleen"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in DECISIONS],
                         ids=[r[0] for r in DECISIONS])
def test_decision(changes, field, message):
    _check(validate_decision, replace(REPORT, **changes), TODAY, field, message)


# --- acute path -----------------------------------------------------------------

ACUTE = [
    ("Veilig Thuis", {}, None, ""),
    ("both", {"contacted": frozenset(AcuteContact)}, None, ""),
    ("police only", {"contacted": frozenset({AcuteContact.POLICE})}, None, ""),
    ("nobody contacted", {"contacted": frozenset()}, "contacted", "Kies wie je hebt gebeld"),
    ("no reason", {"reason": ""}, "reason", "Schrijf op waarom het acuut onveilig is."),
    ("future", {"contacted_at": NOW + timedelta(minutes=5)}, "contacted_at",
     "Het moment van het contact ligt in de toekomst."),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in ACUTE],
                         ids=[r[0] for r in ACUTE])
def test_acute_path(changes, field, message):
    _check(validate_acute_path, acute_path(**changes), NOW, field, message)


def test_acute_path_needs_an_aware_time():
    from datetime import datetime

    with pytest.raises(ValueError):
        acute_path(contacted_at=datetime(2026, 3, 10, 12, 0))
