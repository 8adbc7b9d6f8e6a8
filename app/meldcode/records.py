"""The records of the meldcode steps besides signals, kindcheck and weighing:
the risk profile (step 1), consultations (step 2), the conversation with the
client (step 3), the decision (step 5) and the acute path.

Each record is a frozen value; ``validate_*`` checks it against the rules of
its step and raises ``ValidationError`` with a plain Dutch message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.errors import ValidationError
from app.i18n import N_, _
from app.meldcode._checks import (
    AGREEMENTS_LABEL,
    MAX_SHORT_TEXT_LENGTH,
    NOTES_LABEL,
    check_not_future_date,
    check_not_future_moment,
    check_text,
    require_aware,
)
from app.meldcode.afwegingskader import ReportingNorm, WeighingOutcomeKind
from app.meldcode.extras import ExtraAnswer
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    ProtectiveFactor,
    RiskFactor,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
)

# --------------------------------------------------------------------------
# Step 1: risk and protective factors, duration, police involvement


@dataclass(frozen=True)
class RiskProfile:
    """Risk and protective factors (risicofactoren en beschermende factoren),
    the suspected duration of the violence and any police involvement, as
    known on ``recorded_on``. A newer profile replaces an older one in the
    overview; all stay in the file.

    ``duration`` and ``police`` are ``None`` while not known.

    Like a signal, a risk record says what it rests on: the ``facts`` (what
    was seen, heard or read, e.g. "a letter from the bailiff on the table")
    and their ``source`` (with ``source_detail``: who told it or which
    document). Risk factors stay risk factors; they are not signals.
    Records made before these fields existed have no source.
    """

    id: str
    recorded_on: date
    risk_factors: frozenset[RiskFactor] = frozenset()
    protective_factors: frozenset[ProtectiveFactor] = frozenset()
    duration: ViolenceDuration | None = None
    police: frozenset[PoliceInvolvement] | None = None
    notes: str = ""
    source: SourceKind | None = None
    source_detail: str = ""
    facts: str = ""
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added


def validate_risk_profile(profile: RiskProfile, today: date) -> None:
    check_not_future_date(profile.recorded_on, today, field="recorded_on",
                          message=_("De datum van de risicofactoren ligt in de toekomst."))
    if profile.police is not None:
        if not profile.police:
            raise ValidationError(
                _("Kies of de politie betrokken was, of kies ‘Geen politie-inzet’."),
                field="police",
            )
        if PoliceInvolvement.NONE in profile.police and len(profile.police) > 1:
            raise ValidationError(
                _("‘Geen politie-inzet’ gaat niet samen met een vorm van politie-inzet."),
                field="police",
            )
    check_text(profile.notes, field="notes", label=NOTES_LABEL, required=False)
    check_text(profile.facts, field="facts", label=N_("Feiten"), required=False)
    check_text(profile.source_detail, field="source_detail", label=N_("Bron"), required=False,
               max_length=MAX_SHORT_TEXT_LENGTH)
    if profile.facts.strip() and profile.source is None:
        raise ValidationError(_("Waar komen deze feiten vandaan? Kies de bron."), field="source")
    if profile.source is not None and not profile.facts.strip():
        raise ValidationError(_("Schrijf de feiten op waar de risicofactoren uit blijken."),
                              field="facts")
    if profile.source is not None and profile.source.needs_detail \
            and not profile.source_detail.strip():
        raise ValidationError(_("Wie vertelde het, of welk document is het?"),
                              field="source_detail")


# --------------------------------------------------------------------------
# Step 2: consultation


class ConsultationPartner(StrEnum):
    """With whom the worker consulted (collegiale consultatie)."""

    COLLEAGUE = "colleague"
    ATTENTION_OFFICER = "attention_officer"
    VEILIG_THUIS_ADVICE = "veilig_thuis_advice"
    INJURY_EXPERT = "injury_expert"
    THEME_SPECIALIST = "theme_specialist"

    @property
    def label(self) -> str:
        return _(_PARTNER_LABELS[self])

    @property
    def is_external(self) -> bool:
        """Outside the worker's own organisation: sharing names there needs the
        client's consent."""
        return self not in (ConsultationPartner.COLLEAGUE, ConsultationPartner.ATTENTION_OFFICER)


_PARTNER_LABELS = {
    ConsultationPartner.COLLEAGUE: N_("Een deskundige collega"),
    ConsultationPartner.ATTENTION_OFFICER: N_("De aandachtsfunctionaris"),
    ConsultationPartner.VEILIG_THUIS_ADVICE: N_("Veilig Thuis (advies vragen)"),
    ConsultationPartner.INJURY_EXPERT: N_(
        "Een deskundige voor letsel (LECK voor kinderen, forensisch arts voor volwassenen)"
    ),
    ConsultationPartner.THEME_SPECIALIST: N_(
        "Een specialist voor een thema (zoals eergerelateerd geweld of VGV)"
    ),
}


class ConsultationResult(StrEnum):
    """What the consultation led to."""

    OTHER_EXPLANATION = "other_explanation"
    SUSPICION_REMAINS = "suspicion_remains"

    @property
    def label(self) -> str:
        return _(_RESULT_LABELS[self])


_RESULT_LABELS = {
    ConsultationResult.OTHER_EXPLANATION: N_("Er is een andere verklaring voor de signalen"),
    ConsultationResult.SUSPICION_REMAINS: N_("Het vermoeden blijft"),
}


@dataclass(frozen=True)
class Consultation:
    """Collegiale consultatie (step 2).

    ``anonymous`` means no names or other identifying data were shared.
    ``client_consent`` records whether the client agreed to sharing names;
    it matters only for a consultation outside the organisation that was not
    anonymous. ``theme`` is the form of violence a theme specialist was
    consulted on.
    """

    id: str
    consulted_on: date
    partner: ConsultationPartner
    anonymous: bool
    advice: str
    result: ConsultationResult
    partner_detail: str = ""
    theme: ViolenceForm | None = None
    client_consent: bool | None = None
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added


def validate_consultation(consultation: Consultation, today: date) -> None:
    check_not_future_date(consultation.consulted_on, today, field="consulted_on",
                          message=_("De datum van de consultatie ligt in de toekomst."))
    check_text(consultation.partner_detail, field="partner_detail", label=N_("Naam of functie"),
               required=False, max_length=MAX_SHORT_TEXT_LENGTH)
    if consultation.partner is ConsultationPartner.THEME_SPECIALIST:
        if consultation.theme in (None, ViolenceForm.NOT_YET_CLEAR):
            raise ValidationError(
                _("Kies over welk thema je de specialist hebt geraadpleegd."), field="theme"
            )
    elif consultation.theme is not None:
        raise ValidationError(
            _("Een thema hoort alleen bij een consultatie van een specialist."), field="theme"
        )
    if (consultation.partner.is_external and not consultation.anonymous
            and consultation.client_consent is not True):
        raise ValidationError(
            _("Een consultatie met namen buiten je organisatie mag alleen als de cliënt dat "
              "goedvindt. Overleg zonder namen, of vraag eerst toestemming."),
            field="anonymous",
        )
    check_text(consultation.advice, field="advice", label=N_("Advies"), required=True,
               missing=_("Schrijf op welk advies je kreeg."))


def is_honour_violence_specialist(consultation: Consultation) -> bool:
    """A consultation that counts as "a specialist consulted" for
    honour-related violence: the honour-violence expert or Veilig Thuis."""
    if consultation.partner is ConsultationPartner.VEILIG_THUIS_ADVICE:
        return True
    return (consultation.partner is ConsultationPartner.THEME_SPECIALIST
            and consultation.theme is ViolenceForm.HONOUR_RELATED_VIOLENCE)


# --------------------------------------------------------------------------
# Step 3: conversation with the client


class ConversationSkipReason(StrEnum):
    """The only reasons to skip the conversation with the client."""

    DANGER_TO_HOUSEHOLD = "danger_to_household"
    DANGER_TO_WORKER = "danger_to_worker"
    NO_CONTACT = "no_contact"
    HONOUR_VIOLENCE_SPECIALIST_FIRST = "honour_violence_specialist_first"

    @property
    def label(self) -> str:
        return _(_SKIP_LABELS[self])


_SKIP_LABELS = {
    ConversationSkipReason.DANGER_TO_HOUSEHOLD: N_(
        "Het gesprek brengt de cliënt of anderen in het gezin in gevaar"
    ),
    ConversationSkipReason.DANGER_TO_WORKER: N_(
        "Het gesprek brengt mij of mijn collega's in gevaar"
    ),
    ConversationSkipReason.NO_CONTACT: N_(
        "Er kwam geen contact, ook niet na echte moeite"
    ),
    ConversationSkipReason.HONOUR_VIOLENCE_SPECIALIST_FIRST: N_(
        "Eergerelateerd geweld: niet praten voordat een specialist is geraadpleegd"
    ),
}


@dataclass(frozen=True)
class Conversation:
    """Gesprek met de cliënt (step 3), or the documented reason it was skipped.

    ``held_on`` is the date of the conversation, or of the decision not to
    hold it. ``participants`` are person ids; ``other_participants`` names
    anyone else (an interpreter, a colleague). ``possible_victim_only`` marks
    a conversation with the possible victim alone, without parents or family.
    """

    id: str
    held_on: date
    held: bool
    participants: tuple[str, ...] = ()
    other_participants: str = ""
    what_was_said: str = ""
    client_reaction: str = ""
    agreements: str = ""
    possible_victim_only: bool = False
    skip_reason: ConversationSkipReason | None = None
    skip_explanation: str = ""
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added


def validate_conversation(conversation: Conversation, today: date) -> None:
    c = conversation
    check_not_future_date(c.held_on, today, field="held_on",
                          message=_("De datum van het gesprek ligt in de toekomst."))
    check_text(c.other_participants, field="other_participants", label=N_("Andere deelnemers"),
               required=False, max_length=MAX_SHORT_TEXT_LENGTH)
    if c.held:
        if c.skip_reason is not None or c.skip_explanation.strip():
            raise ValidationError(
                _("Het gesprek is gevoerd, dus kies geen reden om het over te slaan."),
                field="skip_reason",
            )
        if not c.participants and not c.other_participants.strip():
            raise ValidationError(_("Vul in wie er bij het gesprek waren."), field="participants")
        check_text(c.what_was_said, field="what_was_said", label=N_("Wat is er besproken"),
                   required=True, missing=_("Schrijf op wat er in het gesprek is besproken."))
        check_text(c.client_reaction, field="client_reaction", label=N_("Reactie van de cliënt"),
                   required=True, missing=_("Schrijf op hoe de cliënt reageerde."))
        check_text(c.agreements, field="agreements", label=AGREEMENTS_LABEL, required=False)
        return
    if c.skip_reason is None:
        raise ValidationError(
            _("Kies waarom het gesprek niet is gevoerd."), field="skip_reason"
        )
    if (c.participants or c.other_participants.strip() or c.what_was_said.strip()
            or c.client_reaction.strip() or c.agreements.strip() or c.possible_victim_only):
        raise ValidationError(
            _("Het gesprek is niet gevoerd, dus vul geen gespreksverslag in."),
            field="what_was_said",
        )
    check_text(c.skip_explanation, field="skip_explanation", label=NOTES_LABEL,
               required=True, missing=_("Leg uit waarom het gesprek niet is gevoerd."))


# --------------------------------------------------------------------------
# Step 5: decision


class OpenReportingException(StrEnum):
    """"Open melden, tenzij": the reasons not to tell those involved about a
    report. Each use is recorded."""

    SAFETY_OF_CHILD_OR_FAMILY = "safety_of_child_or_family"
    SAFETY_OF_WORKER = "safety_of_worker"
    BREAKS_RELATIONSHIP_OF_TRUST = "breaks_relationship_of_trust"

    @property
    def label(self) -> str:
        return _(_EXCEPTION_LABELS[self])


_EXCEPTION_LABELS = {
    OpenReportingException.SAFETY_OF_CHILD_OR_FAMILY: N_(
        "Het maakt het kind of anderen in het gezin onveilig"
    ),
    OpenReportingException.SAFETY_OF_WORKER: N_(
        "Het maakt mij of mijn collega's onveilig"
    ),
    OpenReportingException.BREAKS_RELATIONSHIP_OF_TRUST: N_(
        "Het maakt de vertrouwensrelatie met de cliënt kapot"
    ),
}


@dataclass(frozen=True)
class Decision:
    """Besluit (step 5): what the worker does, following the afwegingskader
    (``weighing_id``) or, on the acute path, without a weighing
    (``weighing_id`` is ``None``).

    ``client_informed`` and ``not_informed_because`` record open reporting:
    when reporting, either the client was told or one of the exceptions
    applies; ``reaction_to_report`` how the client took being told (Veilig
    Thuis weighs the danger of a family that knows). ``other_parties`` says
    who else is involved; ``family_actions`` what the family does itself.
    """

    id: str
    decided_on: date
    outcome: WeighingOutcomeKind
    reporting_norm: ReportingNorm | None = None
    weighing_id: str | None = None
    help_engaged: str = ""
    client_informed: bool | None = None
    not_informed_because: OpenReportingException | None = None
    other_parties: str = ""
    family_actions: str = ""
    notes: str = ""
    reaction_to_report: str = ""
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added

    @property
    def is_report(self) -> bool:
        return self.outcome is WeighingOutcomeKind.REPORT


def validate_decision(decision: Decision, today: date) -> None:
    """The rules of the decision on its own; ``progress.check_decision`` also
    checks it against the weighing or the acute path it follows."""
    d = decision
    check_not_future_date(d.decided_on, today, field="decided_on",
                          message=_("De datum van het besluit ligt in de toekomst."))
    if d.outcome is WeighingOutcomeKind.INCOMPLETE:
        raise ValidationError(
            _("Een besluit volgt pas als de afweging klaar is."), field="outcome"
        )
    if d.is_report:
        if d.reporting_norm is None:
            raise ValidationError(_("Kies de meldnorm: waarom meld je?"), field="reporting_norm")
        if d.client_informed is None:
            raise ValidationError(
                _("Vul in of je de cliënt hebt verteld dat je meldt."), field="client_informed"
            )
        if d.client_informed is False and d.not_informed_because is None:
            raise ValidationError(
                _("Je meldt zonder het de cliënt te vertellen. Kies waarom dat nodig is."),
                field="not_informed_because",
            )
        if d.client_informed and d.not_informed_because is not None:
            raise ValidationError(
                _("Je hebt de cliënt verteld dat je meldt, dus kies geen reden om het niet "
                  "te vertellen."),
                field="not_informed_because",
            )
    elif d.client_informed is not None or d.not_informed_because is not None:
        raise ValidationError(
            _("Open melden hoort alleen bij een besluit om te melden."), field="client_informed"
        )
    if d.reaction_to_report.strip() and not d.client_informed:
        raise ValidationError(
            _("Een reactie op de melding hoort alleen bij een cliënt die het weet."),
            field="reaction_to_report")
    check_text(d.reaction_to_report, field="reaction_to_report",
               label=N_("Reactie van de cliënt op de melding"), required=False)
    check_text(d.help_engaged, field="help_engaged", label=N_("Ingezette hulp"),
               required=d.outcome is WeighingOutcomeKind.OFFER_HELP,
               missing=_("Schrijf op welke hulp je biedt of organiseert."))
    check_text(d.other_parties, field="other_parties", label=N_("Wie is er nog meer betrokken"),
               required=False)
    check_text(d.family_actions, field="family_actions", label=N_("Wat doet het gezin zelf"),
               required=False)
    check_text(d.notes, field="notes", label=NOTES_LABEL, required=False)


# --------------------------------------------------------------------------
# The acute path


class AcuteContact(StrEnum):
    """Whom the worker contacted because of acute danger."""

    VEILIG_THUIS = "veilig_thuis"
    POLICE = "police"

    @property
    def label(self) -> str:
        return _(_CONTACT_LABELS[self])


_CONTACT_LABELS = {
    AcuteContact.VEILIG_THUIS: N_("Veilig Thuis"),
    AcuteContact.POLICE: N_("Politie"),
}


@dataclass(frozen=True)
class AcutePath:
    """Acute onveiligheid: the worker contacted Veilig Thuis and/or the police
    at once, before any further step. The decision to report follows without
    a weighing; ``reason`` records why."""

    id: str
    contacted_at: datetime
    reason: str
    contacted: frozenset[AcuteContact]
    agreements: str = ""
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added

    def __post_init__(self) -> None:
        require_aware(self.contacted_at, "contacted_at")


def validate_acute_path(path: AcutePath, now: datetime) -> None:
    require_aware(now, "now")
    check_not_future_moment(path.contacted_at, now, field="contacted_at",
                            message=_("Het moment van het contact ligt in de toekomst."))
    check_text(path.reason, field="reason", label=N_("Waarom is het acuut"), required=True,
               missing=_("Schrijf op waarom het acuut onveilig is."))
    if not path.contacted:
        raise ValidationError(
            _("Kies wie je hebt gebeld: Veilig Thuis, de politie of allebei."), field="contacted"
        )
    check_text(path.agreements, field="agreements", label=AGREEMENTS_LABEL, required=False)
