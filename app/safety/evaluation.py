"""Evaluation (evaluatie) of the plan and the decision it takes on the phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import ValidationError
from app.i18n import _, ngettext
from app.safety.errors import PhaseRuleError
from app.safety.phases import (
    Phase,
    PhaseState,
    Transition,
    apply_transition,
    validate_relapse_reason,
)
from app.safety.scaling import validate_score


@dataclass(frozen=True)
class Evaluation:
    """One evaluation of the plan.

    Records what went well, what worried us, the scale scores (schaalvraag) of
    worker and family, whether the safety conditions (veiligheidsvoorwaarden)
    are met, and the decision: stay, move on, or back to phase 1.

    ``conditions_met`` is ``None`` when the plan has no conditions. ``reason``
    explains the decision; for back to phase 1 it is the relapse's reason and
    required. ``next_on`` is the date of the next evaluation, if set.
    ``open_conditions_reason`` says why the case leaves phase 1 although a
    condition of Veilig Thuis has no agreement answering it (see
    :func:`apply_evaluation`); the team lead's overview lists such cases.
    """

    id: str
    held_on: date
    decision: Transition
    went_well: str = ""
    worries: str = ""
    worker_score: int | None = None
    family_score: int | None = None
    conditions_met: bool | None = None
    reason: str = ""
    next_on: date | None = None
    open_conditions_reason: str = ""


def validate_evaluation(evaluation: Evaluation) -> None:
    Transition(evaluation.decision)
    if evaluation.worker_score is not None:
        validate_score(evaluation.worker_score, field="worker_score")
    if evaluation.family_score is not None:
        validate_score(evaluation.family_score, field="family_score")
    if evaluation.decision == Transition.BACK_TO_PHASE_1:
        validate_relapse_reason(evaluation.reason)
    if evaluation.next_on is not None and evaluation.next_on <= evaluation.held_on:
        raise ValidationError(
            _("De volgende evaluatie moet na deze evaluatie zijn."), field="next_on"
        )


def apply_evaluation(state: PhaseState, evaluation: Evaluation,
                     unanswered_vt_conditions: int = 0) -> PhaseState:
    """Apply the evaluation's decision to the phase state.

    Moving on while the safety conditions are not met is refused: they are
    the minimum for safety now, so the case cannot leave its phase without
    them. Leaving phase 1 while ``unanswered_vt_conditions`` conditions of
    Veilig Thuis have no agreement answering them (a broken agreement does
    not count) needs an explicit reason (``open_conditions_reason``): whether
    a condition is met is Veilig Thuis's judgement, but leaving direct safety
    with a condition nobody works on must be a decision, not an oversight.
    """
    validate_evaluation(evaluation)
    if evaluation.decision == Transition.MOVE_ON and evaluation.conditions_met is False:
        raise PhaseRuleError(
            _(
                "Door naar de volgende fase kan pas als aan de veiligheidsvoorwaarden "
                "is voldaan."
            ),
            field="decision",
        )
    if (evaluation.decision == Transition.MOVE_ON and state.phase == Phase.DIRECT_SAFETY
            and unanswered_vt_conditions and not evaluation.open_conditions_reason.strip()):
        raise PhaseRuleError(
            ngettext(
                "{n} voorwaarde van Veilig Thuis heeft nog geen afspraak. Schrijf op waarom "
                "de casus toch naar fase 2 gaat.",
                "{n} voorwaarden van Veilig Thuis hebben nog geen afspraak. Schrijf op waarom "
                "de casus toch naar fase 2 gaat.", unanswered_vt_conditions,
            ).format(n=unanswered_vt_conditions),
            field="open_conditions_reason",
        )
    return apply_transition(state, evaluation.decision, evaluation.held_on, evaluation.reason)
