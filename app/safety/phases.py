"""The five phases (fasen) of gefaseerd samenwerken aan veiligheid and how a
case moves between them.

First stop the violence, then reduce the risks, then work on recovery. A case
is always in exactly one phase (``PhaseState.phase``), which the case list
shows. Recovery work (fase 3) may already run alongside fase 2; whether it
does follows from the plan (see ``app.safety.plan.active_phases``), so the
state here stays one number plus its history.

Every transition is a pure function that returns a new ``PhaseState`` with the
step appended to its history; nothing is changed in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from app.errors import ValidationError
from app.i18n import N_, _
from app.safety.errors import PhaseRuleError, require_text


class PlanKind(StrEnum):
    """The kind of plan a phase works with (veiligheidsplan, hulpverleningsplan,
    herstelplan, toekomstplan)."""

    SAFETY_PLAN = "safety_plan"
    CARE_PLAN = "care_plan"
    RECOVERY_PLAN = "recovery_plan"
    FUTURE_PLAN = "future_plan"

    @property
    def label(self) -> str:
        return _(_PLAN_KIND_LABELS[self])

    @property
    def per_person(self) -> bool:
        """A recovery plan is made for one household member; the others are
        for the whole household."""
        return self is PlanKind.RECOVERY_PLAN


_PLAN_KIND_LABELS = {
    PlanKind.SAFETY_PLAN: N_("Veiligheidsplan"),
    PlanKind.CARE_PLAN: N_("Hulpverleningsplan"),
    PlanKind.RECOVERY_PLAN: N_("Herstelplan"),
    PlanKind.FUTURE_PLAN: N_("Toekomstplan"),
}


class Phase(IntEnum):
    """Fase: one of the five phases. The value (1–5) is what the store keeps
    and the case list shows."""

    DIRECT_SAFETY = 1
    STABLE_SAFETY = 2
    RECOVERY = 3
    STABILISATION = 4
    LASTING_SAFETY = 5

    @property
    def label(self) -> str:
        """The phase's name, e.g. "Directe veiligheid"."""
        return _(_PHASE_LABELS[self])

    @property
    def title(self) -> str:
        """Number and name, e.g. "Fase 1: directe veiligheid"."""
        return _("Fase {number}: {name}").format(number=int(self), name=self.label.lower())

    @property
    def explanation(self) -> str:
        """What the phase is about, in plain Dutch (B1), for help text."""
        return _(_PHASE_EXPLANATIONS[self])

    @property
    def plan_kind(self) -> PlanKind | None:
        """The plan this phase makes. Phase 4 makes no new plan: it evaluates
        and adjusts the goals of the plans made before."""
        return _PHASE_PLANS[self]


_PHASE_LABELS = {
    Phase.DIRECT_SAFETY: N_("Directe veiligheid"),
    Phase.STABLE_SAFETY: N_("Stabiele veiligheid"),
    Phase.RECOVERY: N_("Herstel"),
    Phase.STABILISATION: N_("Stabilisatie"),
    Phase.LASTING_SAFETY: N_("Duurzame veiligheid"),
}

_PHASE_EXPLANATIONS = {
    Phase.DIRECT_SAFETY: N_(
        "Eerst moet het geweld stoppen. Het veiligheidsplan zegt wat er nu moet "
        "gebeuren om het veilig te maken."
    ),
    Phase.STABLE_SAFETY: N_(
        "Het is nu veilig. Het hulpverleningsplan zegt hoe we de risico's op "
        "nieuw geweld kleiner maken."
    ),
    Phase.RECOVERY: N_(
        "Elk gezinslid krijgt een eigen herstelplan om te herstellen van wat er "
        "is gebeurd."
    ),
    Phase.STABILISATION: N_(
        "We kijken samen of de doelen van eerder zijn gehaald en passen ze aan "
        "waar dat nodig is."
    ),
    Phase.LASTING_SAFETY: N_(
        "Het blijft veilig, ook als de hulp stopt. Het toekomstplan zegt wat het "
        "gezin doet als het weer misgaat."
    ),
}

_PHASE_PLANS: dict[Phase, PlanKind | None] = {
    Phase.DIRECT_SAFETY: PlanKind.SAFETY_PLAN,
    Phase.STABLE_SAFETY: PlanKind.CARE_PLAN,
    Phase.RECOVERY: PlanKind.RECOVERY_PLAN,
    Phase.STABILISATION: None,
    Phase.LASTING_SAFETY: PlanKind.FUTURE_PLAN,
}


class Transition(StrEnum):
    """What can happen to the phase: move on, stay, or go back to phase 1.
    An evaluation's decision is one of these."""

    MOVE_ON = "move_on"
    STAY = "stay"
    BACK_TO_PHASE_1 = "back_to_phase_1"

    @property
    def label(self) -> str:
        return _(_TRANSITION_LABELS[self])


_TRANSITION_LABELS = {
    Transition.MOVE_ON: N_("Door naar de volgende fase"),
    Transition.STAY: N_("In deze fase blijven"),
    Transition.BACK_TO_PHASE_1: N_("Terug naar fase 1 (terugval)"),
}


@dataclass(frozen=True)
class PhaseChange:
    """One decision on the phase (stay or move on) in the phase history."""

    on: date
    transition: Transition
    from_phase: Phase
    to_phase: Phase
    note: str = ""


@dataclass(frozen=True)
class Relapse:
    """Terugval: it became unsafe again and the case went back to phase 1.
    Logged with its date and reason in the phase history."""

    on: date
    from_phase: Phase
    reason: str

    @property
    def transition(self) -> Transition:
        return Transition.BACK_TO_PHASE_1

    @property
    def to_phase(self) -> Phase:
        return Phase.DIRECT_SAFETY


PhaseEvent = PhaseChange | Relapse


@dataclass(frozen=True)
class PhaseState:
    """Where a case stands in the five phases: the current phase, since when,
    and every decision and relapse before, oldest first."""

    phase: Phase
    since: date
    history: tuple[PhaseEvent, ...] = ()

    @classmethod
    def start(cls, on: date) -> PhaseState:
        """Every case starts in phase 1: safety first."""
        return cls(Phase.DIRECT_SAFETY, on)


# Which transitions each phase allows. Phase 5 is the last phase: the help ends
# there with a (warm) handover, which is not a phase transition. A relapse is
# possible from every phase, phase 1 included: new violence during phase 1 must
# show in the history too.
_ALLOWED: dict[Phase, frozenset[Transition]] = {
    Phase.DIRECT_SAFETY: frozenset(Transition),
    Phase.STABLE_SAFETY: frozenset(Transition),
    Phase.RECOVERY: frozenset(Transition),
    Phase.STABILISATION: frozenset(Transition),
    Phase.LASTING_SAFETY: frozenset({Transition.STAY, Transition.BACK_TO_PHASE_1}),
}


def validate_relapse_reason(reason: str) -> str:
    """A relapse always says why it became unsafe again; returns it stripped."""
    return require_text(reason, "reason", _("Schrijf op waarom het weer onveilig is."))


def allowed_transitions(state: PhaseState) -> frozenset[Transition]:
    """The transitions the current phase allows."""
    return _ALLOWED[state.phase]


def direct_safety_established(state: PhaseState) -> bool:
    """Direct safety is established once the case has left phase 1; a relapse
    takes it away again."""
    return state.phase != Phase.DIRECT_SAFETY


def apply_transition(
    state: PhaseState, transition: Transition, on: date, note: str = ""
) -> PhaseState:
    """Apply ``transition`` on date ``on``; ``note`` is the reason for a relapse
    (required) or a remark on a decision. Raises ``PhaseRuleError`` for a
    transition the phase does not allow and ``ValidationError`` for bad input."""
    transition = Transition(transition)
    phase = Phase(state.phase)  # the store may hand over the plain number
    if on < state.since:
        raise ValidationError(
            _("Deze datum ligt voor het begin van de huidige fase."), field="on"
        )
    if transition not in allowed_transitions(state):
        if phase == Phase.LASTING_SAFETY:
            message = _("Fase 5 is de laatste fase. Verder gaan kan niet.")
        else:
            message = _("Dit kan niet in fase {number} ({name}).").format(
                number=int(phase), name=phase.label.lower())
        raise PhaseRuleError(message, field="transition")
    if transition is Transition.BACK_TO_PHASE_1:
        reason = validate_relapse_reason(note)
        return PhaseState(Phase.DIRECT_SAFETY, on, state.history + (Relapse(on, phase, reason),))
    note = note.strip()
    if transition is Transition.STAY:
        event = PhaseChange(on, transition, phase, phase, note)
        return PhaseState(phase, state.since, state.history + (event,))
    to_phase = Phase(phase + 1)
    event = PhaseChange(on, transition, phase, to_phase, note)
    return PhaseState(to_phase, on, state.history + (event,))


def move_on(state: PhaseState, on: date, note: str = "") -> PhaseState:
    """Go to the next phase."""
    return apply_transition(state, Transition.MOVE_ON, on, note)


def stay(state: PhaseState, on: date, note: str = "") -> PhaseState:
    """Stay in the current phase; the decision is kept in the history."""
    return apply_transition(state, Transition.STAY, on, note)


def relapse(state: PhaseState, on: date, reason: str) -> PhaseState:
    """Terugval: back to phase 1 in one action, logged with date and reason."""
    return apply_transition(state, Transition.BACK_TO_PHASE_1, on, reason)


def relapses(state: PhaseState) -> tuple[Relapse, ...]:
    """Every relapse in the history, oldest first."""
    return tuple(event for event in state.history if isinstance(event, Relapse))
