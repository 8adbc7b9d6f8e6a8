"""The safety plan's questionnaires as form definitions, and converters from a
form's answers to the domain objects of ``app.safety``.

Same conventions as ``app.forms.meldcode``: one definition per dialog in
:data:`SAFETY_FORMS` (its key is also the form's ``id`` after ``safety.``),
``<x>_from_values(values, *, context=None, id=None)`` cleans the answers and
builds the domain object (a new ``uuid4`` id unless ``id`` is given), and the
domain's own checks run where they need no plan. Rules that need the plan or
the phase (a condition an item answers, recovery work in phase 1, moving on
with unmet conditions) are checked by the services; their ``ValidationError``
names a key of the form where one fits.

Lists from the case come from the :class:`~app.forms.FormContext`: the
household as people, ``"conditions"`` (id, text) and ``"goals"`` (id, text)
of the plan as named sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.errors import ValidationError
from app.forms.context import FormContext
from app.forms.meldcode._common import (
    code_of,
    context_or_default,
    domain_text,
    drop_none,
    enum_choices,
    member,
    members,
    new_id,
    on_form_keys,
    ordered_codes,
    text,
)
from app.forms.model import Field, FieldType, FormDefinition, Section, when
from app.forms.text import Choice
from app.forms.validation import clean
from app.i18n import N_, _
from app.safety.evaluation import Evaluation, validate_evaluation
from app.safety.phases import Phase, Transition, validate_relapse_reason
from app.safety.plan import (
    Actor,
    ActorKind,
    CasePlan,
    ConditionSource,
    ConditionStatus,
    Goal,
    GoalKind,
    ItemStatus,
    PlanItem,
    SafetyCondition,
    SignalResponse,
    SupportPerson,
    TensionSignal,
    validate_actor,
    validate_condition,
    validate_goal,
    validate_phone,
)
from app.safety.profiles import FamilyProfile, ProfileSelection, select_profiles
from app.safety.scaling import ScaleScore, ScaleView, validate_scale_score

T = FieldType
CONDITIONS = "conditions"
GOALS = "goals"
#: How many people a tension-signal dialog asks about (one is required).
RESPONSES = 3

PHASE_CHOICES = tuple(Choice(code_of(p), domain_text(p, "title")) for p in Phase)
OTHER_PERSON = (ActorKind.NETWORK.value, ActorKind.PROFESSIONAL.value)

# --------------------------------------------------------------------------
# The plan itself

# Every field whose text reaches the family's own plan says so in its help and
# asks for the words the family itself uses, mostly with an example
# (tests/forms/test_family_words.py fills every field and reads the plan back).
FAMILY_WORDS = N_("Dit komt in het gezinsplan. Schrijf het in woorden die het gezin zelf "
                  "gebruikt.")

CONCERN_FORM = FormDefinition(
    id="safety.concern", title=N_("Grootste zorg"), sections=[
        Field("biggest_concern", T.LONG_TEXT, N_("Wat is nu de grootste zorg?"), required=True,
              help=N_("Dit komt in het gezinsplan. Schrijf het kort, in woorden die het gezin "
                      "zelf gebruikt. Bijvoorbeeld: Papa slaat mama als hij boos is. De "
                      "kinderen zien het.")),
    ])

ARRANGEMENTS_FORM = FormDefinition(
    id="safety.arrangements", title=N_("Afspraken over het plan"), sections=[
        Field("overseer", T.SHORT_TEXT, N_("Wie let op het plan?"),
              help=N_("Dit komt in het gezinsplan. Schrijf de naam zoals het gezin die kent. "
                      "Bijvoorbeeld: Sanne van het wijkteam.")),
        Field("evaluate_on", T.DATE, N_("Wanneer evalueren we?"),
              help=N_("In het gezinsplan staat: Wanneer praten we weer?")),
        Field("evaluate_with", T.SHORT_TEXT, N_("Met wie evalueren we?"),
              help=N_("Dit komt in het gezinsplan. Schrijf het in woorden die het gezin zelf "
                      "gebruikt. Bijvoorbeeld: Eerst met mama, daarna met papa.")),
        Field("terms", T.LONG_TEXT, N_("Hoe lang gelden de afspraken?"),
              help=N_("Dit komt in het gezinsplan. Schrijf het in woorden die het gezin zelf "
                      "gebruikt. Bijvoorbeeld: Tot we weer samen praten.")),
        Field("if_kept", T.LONG_TEXT, N_("Wat gebeurt er als de afspraken lukken?"),
              help=FAMILY_WORDS),
        Field("if_not_kept", T.LONG_TEXT, N_("Wat gebeurt er als de afspraken niet lukken?"),
              help=FAMILY_WORDS),
    ])


@dataclass(frozen=True)
class Arrangements:
    overseer: str = ""
    evaluate_with: str = ""
    terms: str = ""
    if_kept: str = ""
    if_not_kept: str = ""
    evaluate_on: Any = None


def arrangements_from_values(values: Mapping[str, Any], *,
                             context: FormContext | None = None) -> Arrangements:
    v = clean(ARRANGEMENTS_FORM, values, context_or_default(context))
    return Arrangements(text(v["overseer"]), text(v["evaluate_with"]), text(v["terms"]),
                        text(v["if_kept"]), text(v["if_not_kept"]), v["evaluate_on"])


def arrangements_to_values(plan: CasePlan) -> dict[str, Any]:
    return drop_none({"overseer": plan.overseer, "evaluate_with": plan.evaluate_with,
                      "terms": plan.terms, "if_kept": plan.if_kept,
                      "if_not_kept": plan.if_not_kept})


# --------------------------------------------------------------------------
# Safety conditions

def _family_words_field() -> Field:
    """How the family says a condition; one field for both condition forms."""
    return Field("family_words", T.LONG_TEXT, N_("Hoe zegt het gezin het?"),
                 help=N_("Dit komt in het gezinsplan in plaats van de tekst van de organisatie. "
                         "Schrijf het kort, in woorden die het gezin zelf gebruikt. "
                         "Bijvoorbeeld: Niemand in huis slaat, duwt of bedreigt een ander."))


CONDITION_FORM = FormDefinition(
    id="safety.condition", title=N_("Veiligheidsvoorwaarde"), sections=[
        Field("text", T.LONG_TEXT, N_("Wat moet er minimaal gebeuren?"), required=True,
              help=N_("Neem de voorwaarde precies over zoals Veilig Thuis of de andere "
                      "organisatie haar heeft gesteld. Deze tekst gaat terug naar Veilig Thuis. "
                      "Zo leest het gezin het ook, als je hieronder niets invult.")),
        _family_words_field(),
        Field("source", T.SINGLE_CHOICE, N_("Wie heeft de voorwaarde gesteld?"), required=True,
              choices=enum_choices(ConditionSource), default=ConditionSource.VEILIG_THUIS.value),
        Field("set_on", T.DATE, N_("Sinds wanneer geldt de voorwaarde?"), required=True,
              not_in_future=True),
    ])


def condition_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                          id: str | None = None) -> SafetyCondition:
    v = clean(CONDITION_FORM, values, context_or_default(context))
    condition = SafetyCondition(new_id(id), v["text"], member(ConditionSource, v["source"]),
                                v["set_on"], family_words=text(v["family_words"]))
    validate_condition(condition)
    return condition


#: For a condition already in the plan, e.g. one Veilig Thuis handed back: its
#: formal text stays as it is (it is how conditions are matched).
CONDITION_WORDS_FORM = FormDefinition(
    id="safety.condition_words", title=N_("Voorwaarde in woorden van het gezin"),
    sections=[_family_words_field()])


def condition_words_from_values(values: Mapping[str, Any], *,
                                context: FormContext | None = None) -> str:
    v = clean(CONDITION_WORDS_FORM, values, context_or_default(context))
    return text(v["family_words"])


def condition_words_to_values(condition: SafetyCondition) -> dict[str, Any]:
    return drop_none({"family_words": condition.family_words or None})


CONDITION_STATUS_FORM = FormDefinition(
    id="safety.condition_status", title=N_("Voortgang van de voorwaarde"), sections=[
        Field("status", T.SINGLE_CHOICE, N_("Hoe staat het ermee?"), required=True,
              choices=enum_choices(ConditionStatus)),
        Field("status_on", T.DATE, N_("Datum"), required=True, not_in_future=True),
        Field("progress_note", T.LONG_TEXT, N_("Toelichting voor Veilig Thuis")),
    ])


@dataclass(frozen=True)
class ConditionUpdate:
    status: ConditionStatus
    on: Any
    note: str


def condition_status_from_values(values: Mapping[str, Any], *,
                                 context: FormContext | None = None) -> ConditionUpdate:
    v = clean(CONDITION_STATUS_FORM, values, context_or_default(context))
    return ConditionUpdate(member(ConditionStatus, v["status"]), v["status_on"],
                           text(v["progress_note"]))


# --------------------------------------------------------------------------
# Plan items and goals

_KNOWN_NAME = N_("Dit komt in het gezinsplan. Schrijf de naam zoals het gezin die kent. "
                 "Bijvoorbeeld: oma Fatma, of Sanne van het wijkteam.")

ITEM_FORM = FormDefinition(
    id="safety.item", title=N_("Afspraak"), sections=[
        Section(N_("Wat en waarom"), (
            Field("what", T.LONG_TEXT, N_("Wat gaat er gebeuren?"), required=True,
                  help=N_("Dit komt in het gezinsplan. Schrijf één afspraak, in woorden die "
                          "het gezin zelf gebruikt. Bijvoorbeeld: Papa slaapt bij oom Mehmet "
                          "als de ruzie erger wordt.")),
            Field("why", T.LONG_TEXT, N_("Waarom is dit nodig?"), required=True),
        )),
        Section(N_("Wie en wanneer"), (
            Field("who_kind", T.SINGLE_CHOICE, N_("Wie doet het?"), required=True,
                  choices=enum_choices(ActorKind)),
            Field("who_person", T.PERSON, N_("Welk gezinslid?"), required=True,
                  visible_if=when("who_kind", ActorKind.FAMILY_MEMBER.value)),
            Field("who_name", T.SHORT_TEXT, N_("Naam (en organisatie)"), required=True,
                  visible_if=when("who_kind", *OTHER_PERSON), help=_KNOWN_NAME),
            Field("due", T.DATE, N_("Uiterlijk wanneer?"),
                  help=N_("Voor iets wat één keer moet gebeuren.")),
            Field("ongoing", T.YES_NO, N_("Geldt dit altijd, elke keer als het nodig is?"),
                  help=N_("Ja voor een vaste afspraak, bijvoorbeeld: als de ruzie oploopt, "
                          "gaat vader een blokje om.")),
        )),
        Section(N_("In het plan"), (
            Field("phase", T.SINGLE_CHOICE, N_("In welke fase?"), required=True,
                  choices=PHASE_CHOICES, default=code_of(Phase.DIRECT_SAFETY),
                  help=N_("Fase 1: een veiligheidsafspraak. Herstel (fase 3) kan pas als het "
                          "direct veilig is.")),
            Field("answers", T.MULTI_CHOICE, N_("Op welke veiligheidsvoorwaarden is dit een "
                                               "antwoord?"), source=CONDITIONS),
            Field("person_id", T.PERSON, N_("Voor welk gezinslid is dit?"),
                  help=N_("Nodig voor een herstelplan (fase 3).")),
            Field("goal_id", T.SINGLE_CHOICE, N_("Bij welk doel hoort dit?"), source=GOALS),
            Field("status", T.SINGLE_CHOICE, N_("Status"), required=True,
                  choices=enum_choices(ItemStatus), default=ItemStatus.OPEN.value),
        )),
    ])


def actor_from(kind: ActorKind, person_id: str | None, name: str | None,
               field: str = "who_kind") -> Actor:
    actor = (Actor(kind, person_id=person_id) if kind is ActorKind.FAMILY_MEMBER
             else Actor(kind, name=text(name).strip()))
    validate_actor(actor, field=field)
    return actor


def item_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                     id: str | None = None) -> PlanItem:
    v = clean(ITEM_FORM, values, context_or_default(context))
    who = actor_from(member(ActorKind, v["who_kind"]), v.get("who_person"), v.get("who_name"))
    return PlanItem(
        id=new_id(id), what=v["what"], why=v["why"], who=who,
        phase=member(Phase, v["phase"]), due=v["due"],
        status=member(ItemStatus, v["status"]), person_id=v["person_id"],
        goal_id=v["goal_id"], answers=frozenset(v["answers"]), ongoing=v["ongoing"] is True)


def item_to_values(item: PlanItem) -> dict[str, Any]:
    kind = ActorKind(item.who.kind)
    return drop_none({
        "what": item.what, "why": item.why, "who_kind": kind.value,
        "who_person": item.who.person_id if kind is ActorKind.FAMILY_MEMBER else None,
        "who_name": item.who.name if kind is not ActorKind.FAMILY_MEMBER else None,
        "due": item.due, "phase": code_of(Phase(item.phase)),
        "answers": sorted(item.answers), "person_id": item.person_id,
        "goal_id": item.goal_id, "status": ItemStatus(item.status).value,
        "ongoing": item.ongoing,
    })


GOAL_FORM = FormDefinition(
    id="safety.goal", title=N_("Doel"), sections=[
        Field("person_id", T.PERSON, N_("Voor welk gezinslid?"), required=True),
        Field("kind", T.SINGLE_CHOICE, N_("Wat voor doel?"), required=True,
              choices=enum_choices(GoalKind)),
        Field("text", T.LONG_TEXT, N_("Wat is het doel?"), required=True),
        Field("measure", T.LONG_TEXT, N_("Waaraan zie je dat het doel is gehaald?"),
              required=True),
        Field("due", T.DATE, N_("Wanneer moet het doel gehaald zijn?")),
    ])


def goal_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                     id: str | None = None) -> Goal:
    v = clean(GOAL_FORM, values, context_or_default(context))
    goal = Goal(new_id(id), v["person_id"], member(GoalKind, v["kind"]), v["text"],
                v["measure"], v["due"])
    validate_goal(goal)
    return goal


# --------------------------------------------------------------------------
# Network, tension signals, the emergency part

SUPPORT_PERSON_FORM = FormDefinition(
    id="safety.support_person", title=N_("Iemand uit het netwerk"), sections=[
        Field("name", T.SHORT_TEXT, N_("Naam"), required=True, help=_KNOWN_NAME),
        Field("role", T.SHORT_TEXT, N_("Wie is dit voor het gezin?"), required=True,
              help=N_("Dit komt in het gezinsplan. Schrijf het zoals het gezin het zegt. "
                      "Bijvoorbeeld: oma, buurvrouw, voetbaltrainer.")),
        Field("reach", T.SHORT_TEXT, N_("Hoe bereik je deze persoon?"), required=True,
              help=N_("Dit komt in het gezinsplan. Telefoonnummer, adres of waar het gezin "
                      "deze persoon vindt.")),
    ])


def support_person_from_values(values: Mapping[str, Any], *,
                               context: FormContext | None = None,
                               id: str | None = None) -> SupportPerson:
    v = clean(SUPPORT_PERSON_FORM, values, context_or_default(context))
    return SupportPerson(new_id(id), v["name"], v["role"], v["reach"])


def _response_fields(n: int) -> tuple[Field, ...]:
    return (
        Field(f"who_person_{n}", T.PERSON, N_("Wie uit het gezin?"),
              help=N_("Of vul hieronder de naam in van iemand anders.")),
        Field(f"who_name_{n}", T.SHORT_TEXT, N_("Of iemand anders (naam)"), help=_KNOWN_NAME),
        Field(f"does_{n}", T.LONG_TEXT, N_("Wat doet die persoon dan?"), required=n == 1,
              help=FAMILY_WORDS),
    )


TENSION_SIGNAL_FORM = FormDefinition(
    id="safety.tension_signal", title=N_("Waarschuwingsteken dat de spanning oploopt"), sections=[
        Field("sign", T.LONG_TEXT, N_("Waaraan merk je dat de spanning oploopt?"),
              required=True, help=N_("Dit komt in het gezinsplan. Schrijf het in woorden "
                                     "die het gezin zelf gebruikt. Bijvoorbeeld: Papa gaat "
                                     "harder praten en loopt heen en weer.")),
        *(Section(title, _response_fields(n)) for n, title in
          ((1, N_("Eerste persoon")), (2, N_("Tweede persoon")), (3, N_("Derde persoon")))),
    ])


def tension_signal_from_values(values: Mapping[str, Any], *,
                               context: FormContext | None = None,
                               id: str | None = None) -> TensionSignal:
    v = clean(TENSION_SIGNAL_FORM, values, context_or_default(context))
    responses = []
    for n in range(1, RESPONSES + 1):
        person, name, does = v[f"who_person_{n}"], v[f"who_name_{n}"], v[f"does_{n}"]
        if not (person or name or does):
            continue
        if not does:
            raise ValidationError(_("Schrijf op wat iemand doet als dit waarschuwingsteken er is."),
                                  field=f"does_{n}")
        if person:
            who = Actor(ActorKind.FAMILY_MEMBER, person_id=person)
        elif name:
            who = Actor(ActorKind.NETWORK, name=name)
        else:
            raise ValidationError(_("Kies wie dit doet."), field=f"who_person_{n}")
        responses.append(SignalResponse(who, does))
    return TensionSignal(new_id(id), v["sign"], tuple(responses))


CONTACT_FORM = FormDefinition(
    id="safety.contact", title=N_("Contactpersoon voor noodgevallen"), sections=[
        Field("name", T.SHORT_TEXT, N_("Naam"), required=True,
              help=N_("Dit komt in het gezinsplan. Schrijf de naam zoals het gezin die kent. "
                      "Bijvoorbeeld: buurvrouw Fatma, of de wijkagent.")),
        Field("number", T.PHONE, N_("Telefoonnummer"), required=True),
    ])


@dataclass(frozen=True)
class Contact:
    name: str
    number: str


def contact_from_values(values: Mapping[str, Any], *,
                        context: FormContext | None = None) -> Contact:
    v = clean(CONTACT_FORM, values, context_or_default(context))
    return Contact(v["name"], validate_phone(v["number"]))


# --------------------------------------------------------------------------
# Scaling, evaluation, relapse, family profiles

SCALE_FORM = FormDefinition(
    id="safety.scale_score", title=N_("Schaalvraag"), sections=[
        Field("person_id", T.PERSON, N_("Over wiens veiligheid gaat het?"), required=True),
        Field("on", T.DATE, N_("Datum"), required=True, not_in_future=True),
        Field("view", T.SINGLE_CHOICE, N_("Wie geeft het cijfer?"), required=True,
              choices=enum_choices(ScaleView)),
        Field("score", T.SCALE, N_("Cijfer van 0 tot en met 10"), required=True,
              help=N_("0: het is niet veilig. 10: het is veilig genoeg om de hulp af te "
                      "sluiten.")),
        Field("given_by", T.SHORT_TEXT, N_("Wie gaf het cijfer?")),
        Field("note", T.LONG_TEXT, N_("Toelichting")),
    ])


def scale_score_from_values(values: Mapping[str, Any], *,
                            context: FormContext | None = None) -> ScaleScore:
    v = clean(SCALE_FORM, values, context_or_default(context))
    score = ScaleScore(v["person_id"], v["on"], member(ScaleView, v["view"]), v["score"],
                       text(v["given_by"]), text(v["note"]))
    validate_scale_score(score)
    return score


EVALUATION_FORM = FormDefinition(
    id="safety.evaluation", title=N_("Evaluatie van het plan"), sections=[
        Field("held_on", T.DATE, N_("Datum van de evaluatie"), required=True,
              not_in_future=True),
        Section(N_("Hoe ging het?"), (
            Field("went_well", T.LONG_TEXT, N_("Wat ging goed?")),
            Field("worries", T.LONG_TEXT, N_("Waar maakten we ons zorgen over?")),
        )),
        Section(N_("Schaalvraag"), (
            Field("scale_person", T.PERSON, N_("Over wiens veiligheid gaan de cijfers?"),
                  help=N_("Dan komen de cijfers ook in het overzicht van de schaalvraag.")),
            Field("worker_score", T.SCALE, N_("Cijfer van de hulpverlener (0 tot en met 10)")),
            Field("family_score", T.SCALE, N_("Cijfer van het gezin (0 tot en met 10)")),
        )),
        Section(N_("Besluit"), (
            Field("conditions_met", T.YES_NO, N_("Is aan de veiligheidsvoorwaarden voldaan?")),
            Field("decision", T.SINGLE_CHOICE, N_("Wat is het besluit?"), required=True,
                  choices=enum_choices(Transition)),
            Field("reason", T.LONG_TEXT, N_("Toelichting bij het besluit"),
                  help=N_("Ga je terug naar fase 1? Schrijf dan op waarom het weer onveilig is.")),
            Field("open_conditions_reason", T.LONG_TEXT,
                  N_("Waarom door, terwijl een voorwaarde van Veilig Thuis nog geen afspraak "
                     "heeft?"),
                  visible_if=when("decision", code_of(Transition.MOVE_ON)),
                  help=N_("Alleen nodig als de casus fase 1 verlaat terwijl niet elke "
                          "voorwaarde van Veilig Thuis met een afspraak is beantwoord. De "
                          "teamleider ziet dit in het overzicht.")),
            Field("next_on", T.DATE, N_("Wanneer is de volgende evaluatie?")),
        )),
    ])


@dataclass(frozen=True)
class EvaluationAnswers:
    evaluation: Evaluation
    scale_person_id: str | None


def evaluation_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                           id: str | None = None) -> EvaluationAnswers:
    v = clean(EVALUATION_FORM, values, context_or_default(context))
    evaluation = Evaluation(
        id=new_id(id), held_on=v["held_on"], decision=member(Transition, v["decision"]),
        went_well=text(v["went_well"]), worries=text(v["worries"]),
        worker_score=v["worker_score"], family_score=v["family_score"],
        conditions_met=v["conditions_met"], reason=text(v["reason"]), next_on=v["next_on"],
        open_conditions_reason=text(v.get("open_conditions_reason")))
    with on_form_keys({"transition": "decision"}):
        validate_evaluation(evaluation)
    scored = evaluation.worker_score is not None or evaluation.family_score is not None
    if scored and not v["scale_person"]:
        raise ValidationError(_("Kies over wiens veiligheid de cijfers gaan."),
                              field="scale_person")
    return EvaluationAnswers(evaluation, v["scale_person"])


RELAPSE_FORM = FormDefinition(
    id="safety.relapse", title=N_("Terugval"), sections=[
        Field("on", T.DATE, N_("Wanneer werd het weer onveilig?"), required=True,
              not_in_future=True),
        Field("reason", T.LONG_TEXT, N_("Wat is er gebeurd?"), required=True,
              help=N_("De casus gaat terug naar fase 1: eerst moet het weer veilig worden.")),
    ])


@dataclass(frozen=True)
class RelapseAnswers:
    on: Any
    reason: str


def relapse_from_values(values: Mapping[str, Any], *,
                        context: FormContext | None = None) -> RelapseAnswers:
    v = clean(RELAPSE_FORM, values, context_or_default(context))
    return RelapseAnswers(v["on"], validate_relapse_reason(v["reason"]))


PROFILES_FORM = FormDefinition(
    id="safety.profiles", title=N_("Gezinsprofiel"), sections=[
        Field("profiles", T.MULTI_CHOICE, N_("Welke patronen van geweld zie je?"),
              choices=enum_choices(FamilyProfile),
              help=N_("Je mag meer dan één profiel kiezen. Het profiel is een hulpmiddel om "
                      "de juiste hulp te kiezen; het staat niet in het plan voor het gezin.")),
        Field("dominant", T.SINGLE_CHOICE, N_("Welk profiel is het belangrijkste?"),
              choices=enum_choices(FamilyProfile)),
    ])


def profiles_from_values(values: Mapping[str, Any], *,
                         context: FormContext | None = None) -> ProfileSelection:
    v = clean(PROFILES_FORM, values, context_or_default(context))
    with on_form_keys():
        return select_profiles(members(FamilyProfile, v["profiles"]),
                               member(FamilyProfile, v["dominant"]))


def profiles_to_values(selection: ProfileSelection) -> dict[str, Any]:
    return drop_none({
        "profiles": ordered_codes(selection.profiles),
        "dominant": None if selection.dominant is None else code_of(selection.dominant),
    })


SAFETY_FORMS: dict[str, FormDefinition] = {
    "concern": CONCERN_FORM,
    "arrangements": ARRANGEMENTS_FORM,
    "condition": CONDITION_FORM,
    "condition_words": CONDITION_WORDS_FORM,
    "condition_status": CONDITION_STATUS_FORM,
    "item": ITEM_FORM,
    "goal": GOAL_FORM,
    "support_person": SUPPORT_PERSON_FORM,
    "tension_signal": TENSION_SIGNAL_FORM,
    "contact": CONTACT_FORM,
    "scale_score": SCALE_FORM,
    "evaluation": EVALUATION_FORM,
    "relapse": RELAPSE_FORM,
    "profiles": PROFILES_FORM,
}


def plan_context(plan: CasePlan, base: FormContext) -> FormContext:
    """``base`` (the household and the clock) with the plan's conditions and
    goals as named lists, for the item form."""
    sources = dict(base.sources)
    sources[CONDITIONS] = tuple((c.id, c.text) for c in plan.conditions)
    sources[GOALS] = tuple((g.id, g.text) for g in plan.goals)
    return FormContext(people=base.people, sources=sources, clock=base.clock)
