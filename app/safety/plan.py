"""The plan of a case across the five phases, and the rules it must keep.

``CasePlan`` holds what safety.md asks of a safety plan (the biggest concern,
the safety conditions, the network, the signals of rising tension, the
emergency part, terms, who oversees it and when it is evaluated) together with
the items and goals of every phase. Each item names its phase, so the plans
are views on one list:

- phase 1 items are the safety agreements (veiligheidsafspraken) of the
  safety plan (veiligheidsplan);
- phase 2 items form the care plan (hulpverleningsplan);
- phase 3 items of one household member form that person's recovery plan
  (herstelplan);
- phase 5 items form the future plan (toekomstplan).

Every function returns a new plan; nothing is changed in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from app.errors import ValidationError
from app.i18n import N_, _
from app.safety.errors import PhaseRuleError, require_text
from app.safety.evaluation import Evaluation, validate_evaluation
from app.safety.phases import Phase, PhaseState, direct_safety_established
from app.safety.profiles import Guidance, ProfileSelection, guidance
from app.safety.scaling import ScaleScore, record_score


class ItemStatus(StrEnum):
    """Where a plan item stands. ``not_kept`` is for an agreement that was
    broken: it is kept on record (it matters for the evaluation and for
    Veilig Thuis) but no longer counts as an answer to a condition."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_KEPT = "not_kept"

    @property
    def label(self) -> str:
        return _(_ITEM_STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        """Still to be done, so its date is a deadline."""
        return self in (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


_ITEM_STATUS_LABELS = {
    ItemStatus.OPEN: N_("Nog te doen"),
    ItemStatus.IN_PROGRESS: N_("Bezig"),
    ItemStatus.DONE: N_("Gedaan"),
    ItemStatus.NOT_KEPT: N_("Niet nagekomen"),
}


class ActorKind(StrEnum):
    """Who carries out an item: the family, the network or a professional."""

    FAMILY_MEMBER = "family_member"
    NETWORK = "network"
    PROFESSIONAL = "professional"

    @property
    def label(self) -> str:
        return _(_ACTOR_LABELS[self])


_ACTOR_LABELS = {
    ActorKind.FAMILY_MEMBER: N_("Gezinslid"),
    ActorKind.NETWORK: N_("Iemand uit het netwerk"),
    ActorKind.PROFESSIONAL: N_("Hulpverlener"),
}


@dataclass(frozen=True)
class Actor:
    """Who does it. A family member is referenced by person id; a network
    person or professional by name (and by id when they are in the case)."""

    kind: ActorKind
    person_id: str | None = None
    name: str = ""


def validate_actor(actor: Actor, field: str = "who") -> None:
    kind = ActorKind(actor.kind)
    if kind is ActorKind.FAMILY_MEMBER:
        if not (actor.person_id or "").strip():
            raise ValidationError(_("Kies welk gezinslid dit doet."), field=field)
    elif not actor.name.strip() and not (actor.person_id or "").strip():
        raise ValidationError(_("Schrijf op wie dit doet."), field=field)


class GoalKind(StrEnum):
    """The three kinds of goals: safety, recovery from trauma, recovery of
    daily functioning. The two recovery kinds are recovery work."""

    SAFETY = "safety"
    TRAUMA_RECOVERY = "trauma_recovery"
    DAILY_FUNCTIONING = "daily_functioning"

    @property
    def label(self) -> str:
        return _(_GOAL_KIND_LABELS[self])

    @property
    def is_recovery(self) -> bool:
        return self is not GoalKind.SAFETY


_GOAL_KIND_LABELS = {
    GoalKind.SAFETY: N_("Veiligheid"),
    GoalKind.TRAUMA_RECOVERY: N_("Herstel van trauma"),
    GoalKind.DAILY_FUNCTIONING: N_("Herstel van het dagelijks leven"),
}


@dataclass(frozen=True)
class Goal:
    """A concrete, testable goal for one household member. ``measure`` says how
    everyone can see the goal is reached."""

    id: str
    person_id: str
    kind: GoalKind
    text: str
    measure: str
    due: date | None = None
    reached_on: date | None = None


@dataclass(frozen=True)
class PlanItem:
    """One action in a plan: what, why, who, by when, and its status.

    ``phase`` places it in a plan (see the module docstring). ``person_id`` is
    the household member it is for; a recovery-plan item (phase 3) needs one.
    ``answers`` holds the ids of the safety conditions it helps to meet.
    ``ongoing`` marks a standing agreement ("when tension rises, …") that
    holds every time it is needed; ``due`` is the date of a one-time action.
    """

    id: str
    what: str
    why: str
    who: Actor
    phase: Phase
    due: date | None = None
    status: ItemStatus = ItemStatus.OPEN
    person_id: str | None = None
    goal_id: str | None = None
    answers: frozenset[str] = frozenset()
    ongoing: bool = False


class ConditionSource(StrEnum):
    """Who set a safety condition."""

    VEILIG_THUIS = "veilig_thuis"
    CHILD_PROTECTION = "child_protection"
    LOCAL_TEAM = "local_team"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_SOURCE_LABELS[self])


_SOURCE_LABELS = {
    ConditionSource.VEILIG_THUIS: N_("Veilig Thuis"),
    ConditionSource.CHILD_PROTECTION: N_("Jeugdbescherming of Raad voor de Kinderbescherming"),
    ConditionSource.LOCAL_TEAM: N_("Ons eigen team"),
    ConditionSource.OTHER: N_("Andere organisatie"),
}


class ConditionStatus(StrEnum):
    """Progress on a safety condition, as reported back to Veilig Thuis."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        return _(_CONDITION_STATUS_LABELS[self])


_CONDITION_STATUS_LABELS = {
    ConditionStatus.NOT_STARTED: N_("Nog niet aan gewerkt"),
    ConditionStatus.IN_PROGRESS: N_("Wordt aan gewerkt"),
    ConditionStatus.MET: N_("Voldaan"),
    ConditionStatus.NOT_MET: N_("Niet voldaan"),
}


@dataclass(frozen=True)
class SafetyCondition:
    """SafetyCondition — veiligheidsvoorwaarde: what must at least happen for
    things to be safe now. Usually set by Veilig Thuis; its progress
    (``status``, ``progress_note``, ``status_on``) is reported back to them.

    ``text`` stays as the organisation set it: the handover and the report
    back to Veilig Thuis use it, and conditions Veilig Thuis hands back are
    matched on it. ``family_words`` (in de woorden van het gezin) is how the
    family says it; the family's own plan prints that when given."""

    id: str
    text: str
    source: ConditionSource
    set_on: date
    status: ConditionStatus = ConditionStatus.NOT_STARTED
    progress_note: str = ""
    status_on: date | None = None
    family_words: str = ""

    @property
    def for_family(self) -> str:
        """The text the family reads: its own words, else the formal text."""
        return self.family_words.strip() or self.text.strip()


@dataclass(frozen=True)
class SupportPerson:
    """SupportPerson — netwerk: someone who helps keep it safe, their role
    (e.g. "oma", "buurvrouw") and how to reach them."""

    id: str
    name: str
    role: str
    reach: str
    person_id: str | None = None


@dataclass(frozen=True)
class SignalResponse:
    """What one person does when a signal of rising tension shows."""

    who: Actor
    does: str


@dataclass(frozen=True)
class TensionSignal:
    """A signal of rising tension ("he starts shouting") and what each person
    then does ("mother takes the children to the neighbours")."""

    id: str
    sign: str
    responses: tuple[SignalResponse, ...]


class ContactKind(StrEnum):
    """The emergency part: the national numbers and named contacts."""

    EMERGENCY = "emergency"
    VEILIG_THUIS = "veilig_thuis"
    NAMED = "named"

    @property
    def label(self) -> str:
        return _(_CONTACT_LABELS[self])


_CONTACT_LABELS = {
    ContactKind.EMERGENCY: N_("Alarmnummer (politie, ambulance, brandweer)"),
    ContactKind.VEILIG_THUIS: N_("Veilig Thuis (gratis, dag en nacht)"),
    ContactKind.NAMED: N_("Eigen contactpersoon"),
}


@dataclass(frozen=True)
class EmergencyContact:
    """One line of the emergency part. ``name`` is empty for the national
    numbers; their name is the kind's label."""

    kind: ContactKind
    number: str
    name: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.kind.label


@dataclass(frozen=True)
class EmergencyNumbers:
    """The national numbers, configurable per region (a test environment or a
    region with its own Veilig Thuis line)."""

    emergency: str = "112"
    veilig_thuis: str = "0800-2000"


@dataclass(frozen=True)
class SignsOfSafety:
    """The three Signs of Safety columns, all optional."""

    worries: str = ""
    going_well: str = ""
    needs_to_happen: str = ""


@dataclass(frozen=True)
class CasePlan:
    """The plan of one case across the five phases: the safety plan's parts,
    the items and goals of every phase, evaluations and scale scores.

    ``overseer`` is who watches over the plan (name); ``evaluate_with`` with
    whom it is evaluated; ``evaluation_dates`` the planned evaluations, which
    are deadlines. ``terms``, ``if_kept`` and ``if_not_kept`` say which terms
    hold and what happens when agreements are or are not kept.
    """

    id: str
    case_id: str
    biggest_concern: str = ""
    conditions: tuple[SafetyCondition, ...] = ()
    goals: tuple[Goal, ...] = ()
    items: tuple[PlanItem, ...] = ()
    network: tuple[SupportPerson, ...] = ()
    tension_signals: tuple[TensionSignal, ...] = ()
    named_contacts: tuple[EmergencyContact, ...] = ()
    evaluation_dates: tuple[date, ...] = ()
    evaluate_with: str = ""
    overseer: str = ""
    terms: str = ""
    if_kept: str = ""
    if_not_kept: str = ""
    signs_of_safety: SignsOfSafety | None = None
    profiles: ProfileSelection = field(default_factory=ProfileSelection)
    evaluations: tuple[Evaluation, ...] = ()
    scale_scores: tuple[ScaleScore, ...] = ()


# --- recovery only after direct safety -------------------------------------------------


def _goal(plan: CasePlan, goal_id: str | None) -> Goal | None:
    return next((g for g in plan.goals if g.id == goal_id), None)


def is_recovery_work(plan: CasePlan, item: PlanItem) -> bool:
    """An item is recovery work when it belongs to a recovery plan (phase 3)
    or serves a recovery goal (trauma or daily functioning)."""
    goal = _goal(plan, item.goal_id)
    return item.phase == Phase.RECOVERY or (goal is not None and GoalKind(goal.kind).is_recovery)


def check_recovery_allowed(state: PhaseState) -> None:
    """Recovery work cannot start while direct safety is not established."""
    if not direct_safety_established(state):
        raise PhaseRuleError(
            _(
                "Herstel kan pas beginnen als het direct veilig is. De casus staat nog in "
                "fase 1: werk eerst aan het veiligheidsplan."
            ),
            field="phase",
        )


def active_phases(state: PhaseState, plan: CasePlan) -> frozenset[Phase]:
    """The phases being worked on. Recovery (phase 3) runs alongside phase 2
    once the plan has open recovery work; in phase 1 it is on hold, because
    then everything aims at stopping the violence."""
    phases = {state.phase}
    if state.phase == Phase.STABLE_SAFETY and any(
        ItemStatus(item.status).is_open and is_recovery_work(plan, item) for item in plan.items
    ):
        phases.add(Phase.RECOVERY)
    return frozenset(phases)


# --- goals and items ---------------------------------------------------------------------


def validate_goal(goal: Goal) -> None:
    require_text(goal.person_id, "person_id", _("Kies voor welk gezinslid dit doel is."))
    GoalKind(goal.kind)
    require_text(goal.text, "text", _("Schrijf het doel op."))
    require_text(
        goal.measure, "measure", _("Schrijf op waaraan je ziet dat het doel is gehaald.")
    )


def add_goal(plan: CasePlan, goal: Goal, state: PhaseState) -> CasePlan:
    """Add a goal; a recovery goal is refused while the case is in phase 1."""
    validate_goal(goal)
    if GoalKind(goal.kind).is_recovery:
        check_recovery_allowed(state)
    _check_new_id(plan.goals, goal.id)
    return replace(plan, goals=plan.goals + (goal,))


def validate_item(plan: CasePlan, item: PlanItem) -> None:
    """Check an item's own fields and its links to the plan's goals and
    conditions."""
    require_text(item.what, "what", _("Schrijf op wat er moet gebeuren."))
    require_text(item.why, "why", _("Schrijf op waarom dit nodig is."))
    validate_actor(item.who)
    Phase(item.phase)
    ItemStatus(item.status)
    if item.phase == Phase.RECOVERY and not (item.person_id or "").strip():
        raise ValidationError(
            _("Een herstelplan is voor één gezinslid. Kies voor wie deze afspraak is."),
            field="person_id",
        )
    if item.goal_id is not None and _goal(plan, item.goal_id) is None:
        raise ValidationError(_("Dit doel staat niet in het plan."), field="goal_id")
    known = {c.id for c in plan.conditions}
    if not set(item.answers) <= known:
        raise ValidationError(
            _("Deze veiligheidsvoorwaarde staat niet in het plan."), field="answers"
        )


def add_item(plan: CasePlan, item: PlanItem, state: PhaseState) -> CasePlan:
    """Add an item. Recovery work is refused while the case is in phase 1."""
    validate_item(plan, item)
    if is_recovery_work(plan, item):
        check_recovery_allowed(state)
    _check_new_id(plan.items, item.id)
    return replace(plan, items=plan.items + (item,))


def update_item(plan: CasePlan, item: PlanItem, state: PhaseState) -> CasePlan:
    """Replace the item with the same id. Turning an item into recovery work is
    refused in phase 1; an item that already was recovery work can still be
    edited (after a relapse its status must stay up to date)."""
    old = _find(plan.items, item.id)
    validate_item(plan, item)
    if is_recovery_work(plan, item) and not is_recovery_work(plan, old):
        check_recovery_allowed(state)
    return replace(plan, items=tuple(item if i.id == item.id else i for i in plan.items))


def set_item_status(plan: CasePlan, item_id: str, status: ItemStatus) -> CasePlan:
    item = _find(plan.items, item_id)
    return replace(
        plan,
        items=tuple(
            replace(item, status=ItemStatus(status)) if i.id == item_id else i
            for i in plan.items
        ),
    )


def items_in_phase(plan: CasePlan, phase: Phase, person_id: str | None = None) -> list[PlanItem]:
    """The items of one phase's plan; with ``person_id``, one person's items
    (a recovery plan is ``items_in_phase(plan, Phase.RECOVERY, person_id)``)."""
    return [
        i for i in plan.items
        if i.phase == phase and (person_id is None or i.person_id == person_id)
    ]


def safety_agreements(plan: CasePlan) -> list[PlanItem]:
    """The safety agreements (veiligheidsafspraken): the items of phase 1."""
    return items_in_phase(plan, Phase.DIRECT_SAFETY)


# --- safety conditions -------------------------------------------------------------------


def validate_condition(condition: SafetyCondition) -> None:
    require_text(condition.text, "text", _("Schrijf de veiligheidsvoorwaarde op."))
    ConditionSource(condition.source)
    ConditionStatus(condition.status)


def add_condition(plan: CasePlan, condition: SafetyCondition) -> CasePlan:
    validate_condition(condition)
    _check_new_id(plan.conditions, condition.id)
    return replace(plan, conditions=plan.conditions + (condition,))


def set_condition_status(
    plan: CasePlan, condition_id: str, status: ConditionStatus, on: date, note: str = ""
) -> CasePlan:
    """Record progress on a condition, to report back to Veilig Thuis."""
    condition = _find(plan.conditions, condition_id)
    if on < condition.set_on:
        raise ValidationError(
            _("Deze datum ligt voor de dag waarop de voorwaarde is gesteld."), field="status_on"
        )
    updated = replace(
        condition, status=ConditionStatus(status), progress_note=note.strip(), status_on=on
    )
    return replace(
        plan, conditions=tuple(updated if c.id == condition_id else c for c in plan.conditions)
    )


def set_condition_family_words(plan: CasePlan, condition_id: str, words: str) -> CasePlan:
    """Say a condition in the family's words (empty: the family plan shows the
    formal text). The formal text is left as it was set."""
    condition = _find(plan.conditions, condition_id)
    updated = replace(condition, family_words=words.strip())
    return replace(
        plan, conditions=tuple(updated if c.id == condition_id else c for c in plan.conditions)
    )


def conditions_without_family_words(plan: CasePlan) -> list[SafetyCondition]:
    """The conditions the family plan can only print in the formal text."""
    return [c for c in plan.conditions if not c.family_words.strip()]


def answering_items(plan: CasePlan, condition_id: str) -> list[PlanItem]:
    """The items that answer a condition. A broken agreement (``not_kept``)
    does not count: the condition then needs a new agreement."""
    return [
        i for i in plan.items if condition_id in i.answers and i.status != ItemStatus.NOT_KEPT
    ]


def unanswered_conditions(plan: CasePlan) -> list[SafetyCondition]:
    """The conditions no plan item answers yet, in the plan's order."""
    return [c for c in plan.conditions if not answering_items(plan, c.id)]


def vt_conditions_answered(plan: CasePlan) -> tuple[int, int]:
    """(answered, total) of the conditions Veilig Thuis set: answered means
    a plan item answers it that is not marked "not kept". Whether a condition
    is met is Veilig Thuis's judgement; this is whether someone works on it."""
    vt = [c for c in plan.conditions if c.source == ConditionSource.VEILIG_THUIS]
    return sum(1 for c in vt if answering_items(plan, c.id)), len(vt)


@dataclass(frozen=True)
class ConditionProgress:
    """One line of the progress report to Veilig Thuis."""

    condition: SafetyCondition
    items: tuple[PlanItem, ...]


def condition_report(
    plan: CasePlan, source: ConditionSource | None = ConditionSource.VEILIG_THUIS
) -> list[ConditionProgress]:
    """Each condition (by default those Veilig Thuis set) with the items that
    answer it; ``source=None`` gives all."""
    return [
        ConditionProgress(c, tuple(answering_items(plan, c.id)))
        for c in plan.conditions
        if source is None or c.source == source
    ]


# --- network, signals and the emergency part ---------------------------------------------

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")


def add_support_person(plan: CasePlan, person: SupportPerson) -> CasePlan:
    require_text(person.name, "name", _("Vul de naam van deze persoon in."))
    require_text(person.role, "role", _("Schrijf op wat deze persoon doet of is voor het gezin."))
    require_text(person.reach, "reach", _("Schrijf op hoe je deze persoon bereikt."))
    _check_new_id(plan.network, person.id)
    return replace(plan, network=plan.network + (person,))


def add_tension_signal(plan: CasePlan, signal: TensionSignal) -> CasePlan:
    require_text(signal.sign, "sign", _("Schrijf op waaraan je merkt dat de spanning oploopt."))
    no_response = _("Schrijf op wat iemand doet als dit waarschuwingsteken er is.")
    if not signal.responses:
        raise ValidationError(no_response, field="responses")
    for response in signal.responses:
        validate_actor(response.who, field="responses")
        require_text(response.does, "responses", no_response)
    _check_new_id(plan.tension_signals, signal.id)
    return replace(plan, tension_signals=plan.tension_signals + (signal,))


def validate_phone(number: str, field: str = "number") -> str:
    number = require_text(number, field, _("Vul een telefoonnummer in."))
    if not _PHONE.match(number):
        raise ValidationError(_("Dit telefoonnummer klopt niet."), field=field)
    return number


def add_named_contact(plan: CasePlan, name: str, number: str) -> CasePlan:
    """Add a named contact to the emergency part."""
    contact = EmergencyContact(
        ContactKind.NAMED,
        validate_phone(number),
        require_text(name, "name", _("Vul de naam van de contactpersoon in.")),
    )
    return replace(plan, named_contacts=plan.named_contacts + (contact,))


def emergency_contacts(
    plan: CasePlan, numbers: EmergencyNumbers | None = None
) -> list[EmergencyContact]:
    """The emergency part as shown: 112, Veilig Thuis, then the named contacts."""
    numbers = numbers or EmergencyNumbers()
    return [
        EmergencyContact(ContactKind.EMERGENCY, numbers.emergency),
        EmergencyContact(ContactKind.VEILIG_THUIS, numbers.veilig_thuis),
        *plan.named_contacts,
    ]


# --- evaluations, scale scores and deadlines ---------------------------------------------


def plan_evaluation(plan: CasePlan, on: date) -> CasePlan:
    """Add a planned evaluation date (kept sorted, each date once)."""
    return replace(plan, evaluation_dates=tuple(sorted(set(plan.evaluation_dates) | {on})))


def record_evaluation(plan: CasePlan, evaluation: Evaluation) -> CasePlan:
    """Keep a held evaluation; its ``next_on`` becomes a planned date. Apply
    its decision to the phase with ``apply_evaluation``."""
    validate_evaluation(evaluation)
    _check_new_id(plan.evaluations, evaluation.id)
    plan = replace(plan, evaluations=plan.evaluations + (evaluation,))
    return plan if evaluation.next_on is None else plan_evaluation(plan, evaluation.next_on)


def add_scale_score(plan: CasePlan, score: ScaleScore) -> CasePlan:
    return replace(plan, scale_scores=record_score(plan.scale_scores, score))


def next_evaluation(plan: CasePlan) -> date | None:
    """The first planned evaluation after the last one held. It may lie in
    the past: then it is overdue, and it stays the next one until held."""
    held = max((e.held_on for e in plan.evaluations), default=None)
    return min((d for d in plan.evaluation_dates if held is None or d > held), default=None)


class DeadlineKind(StrEnum):
    EVALUATION = "evaluation"
    PLAN_ITEM = "plan_item"
    GOAL = "goal"

    @property
    def label(self) -> str:
        return _(_DEADLINE_LABELS[self])


_DEADLINE_LABELS = {
    DeadlineKind.EVALUATION: N_("Evaluatie"),
    DeadlineKind.PLAN_ITEM: N_("Afspraak"),
    DeadlineKind.GOAL: N_("Doel"),
}


@dataclass(frozen=True)
class Deadline:
    """A date something is due, for the team lead's overview. ``ref_id`` is
    the item's or goal's id (none for an evaluation)."""

    due: date
    kind: DeadlineKind
    ref_id: str | None
    overdue: bool


def deadlines(plan: CasePlan, today: date) -> list[Deadline]:
    """The next evaluation, open items and unreached goals with a date, soonest
    first. The first one is the case's ``next_due``."""
    found: list[tuple[date, DeadlineKind, str | None]] = []
    evaluation = next_evaluation(plan)
    if evaluation is not None:
        found.append((evaluation, DeadlineKind.EVALUATION, None))
    found += [(i.due, DeadlineKind.PLAN_ITEM, i.id)
              for i in plan.items if i.due is not None and ItemStatus(i.status).is_open]
    found += [(g.due, DeadlineKind.GOAL, g.id)
              for g in plan.goals if g.due is not None and g.reached_on is None]
    order = list(DeadlineKind)
    found.sort(key=lambda f: (f[0], order.index(f[1])))
    return [Deadline(due, kind, ref, due < today) for due, kind, ref in found]


def plan_guidance(plan: CasePlan) -> list[Guidance]:
    """Guidance from the family profiles chosen for this plan."""
    return guidance(plan.profiles)


# --- helpers -----------------------------------------------------------------------------


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_R = TypeVar("_R", bound=_HasId)


def _find(records: tuple[_R, ...], record_id: str) -> _R:
    for record in records:
        if record.id == record_id:
            return record
    # An unknown id is a programming error, not something a user can cause.
    raise KeyError(record_id)


def _check_new_id(records: tuple[_HasId, ...], record_id: str) -> None:
    if any(r.id == record_id for r in records):
        raise ValueError(f"duplicate id: {record_id}")
