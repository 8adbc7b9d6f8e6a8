"""What to offer after a record: the next step, once a record completes one.

A worker who has just finished step 1 should not have to look for step 2.
``offer_after`` compares the case's progress before and after a record; when
the record completed a step and another is still to do, it names that step,
what is missing there first and the form that records it. Pure: plain
progress in, a plain answer out.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.meldcode.progress import MeldcodeProgress, StepState
from app.meldcode.steps import Requirement, Step

#: The form that answers each requirement (a record kind of the meldcode).
RECORD_FOR: dict[Requirement, str] = {
    Requirement.SIGNALS: "signal",
    Requirement.RISK_PROFILE: "risk_profile",
    Requirement.KINDCHECK: "kindcheck_run",
    Requirement.CONSULTATION: "consultation",
    Requirement.SPECIALIST_BEFORE_CONVERSATION: "consultation",
    Requirement.CONVERSATION: "conversation",
    Requirement.WEIGHING: "weighing",
    Requirement.WEIGHING_UNFINISHED: "weighing",
    Requirement.DECISION: "decision",
}


@dataclass(frozen=True)
class NextStep:
    """``done``: the step the record completed; ``step``: the one to go on with;
    ``record``: the form to open for its first missing requirement."""

    done: Step
    step: Step
    requirement: Requirement
    record: str


def offer_after(before: MeldcodeProgress, after: MeldcodeProgress) -> NextStep | None:
    """The next step to offer, or None when the record completed no step,
    nothing is left to do, or what is left lies before the completed step."""
    completed = [p.step for p in after.steps if p.state is StepState.DONE
                 and before.step(p.step).state is not StepState.DONE]
    if not completed or after.current_step is None or after.current_step < max(completed):
        return None  # only forward: after the acute path's decision, not back to step 1
    current = after.step(after.current_step)
    if not current.missing:
        return None
    first = current.missing[0]
    return NextStep(max(completed), after.current_step, first, RECORD_FOR[first])
