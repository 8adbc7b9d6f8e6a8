"""After the record that completes a step, the next step is offered."""

from __future__ import annotations

import pytest

from app.meldcode.next_step import RECORD_FOR, NextStep, offer_after
from app.meldcode.progress import MeldcodeProgress, StepProgress, StepState
from app.meldcode.steps import Requirement, Step

R = Requirement


def progress(states: str, missing: dict[int, tuple[Requirement, ...]] | None = None,
             current: int | None = None) -> MeldcodeProgress:
    """``states``: one letter per step, d(one), c(urrent) or o(pen)."""
    codes = {"d": StepState.DONE, "c": StepState.CURRENT, "o": StepState.OPEN}
    missing = missing or {}
    steps = tuple(StepProgress(Step(i + 1), codes[s], missing.get(i + 1, ()))
                  for i, s in enumerate(states))
    if current is None:
        current = next((i + 1 for i, s in enumerate(states) if s != "d"), None)
    return MeldcodeProgress(steps, Step(current) if current else None, False, False)


CASES = [
    # before, after -> offered
    ("step 1 done: consultation next",
     progress("cooo", {1: (R.KINDCHECK,), 2: (R.CONSULTATION,)}),
     progress("dcoo", {2: (R.CONSULTATION,)}),
     NextStep(Step.MAP_SIGNALS, Step.CONSULT, R.CONSULTATION, "consultation")),
    ("a signal in step 1, step not done yet: nothing",
     progress("cooo", {1: (R.SIGNALS, R.KINDCHECK)}),
     progress("cooo", {1: (R.KINDCHECK,)}),
     None),
    ("step 3 done: the weighing next",
     progress("ddcoo", {3: (R.CONVERSATION,), 4: (R.WEIGHING,)}),
     progress("dddco", {4: (R.WEIGHING,)}),
     NextStep(Step.TALK_WITH_CLIENT, Step.WEIGH, R.WEIGHING, "weighing")),
    ("a specialist first",
     progress("dcooo", {2: (R.CONSULTATION,)}),
     progress("ddcoo", {3: (R.SPECIALIST_BEFORE_CONVERSATION, R.CONVERSATION)}),
     NextStep(Step.CONSULT, Step.TALK_WITH_CLIENT, R.SPECIALIST_BEFORE_CONVERSATION,
              "consultation")),
    ("everything done: nothing",
     progress("ddddc", {5: (R.DECISION,)}),
     progress("ddddd"),
     None),
    ("acute path: the decision",
     progress("coooo", {1: (R.SIGNALS,)}, current=5),
     progress("doooc", {5: (R.DECISION,)}, current=5),
     NextStep(Step.MAP_SIGNALS, Step.DECIDE, R.DECISION, "decision")),
    ("the acute path's decision: not back to step 1",
     progress("oooo" + "c", {1: (R.SIGNALS,), 5: (R.DECISION,)}, current=5),
     progress("oooo" + "d", {1: (R.SIGNALS,)}, current=1),
     None),
    ("a correction that changes nothing: nothing",
     progress("ddcoo", {3: (R.CONVERSATION,)}),
     progress("ddcoo", {3: (R.CONVERSATION,)}),
     None),
]


@pytest.mark.parametrize(("name", "before", "after", "wanted"), CASES,
                         ids=[c[0] for c in CASES])
def test_offer_after(name, before, after, wanted):
    assert offer_after(before, after) == wanted


def test_every_requirement_has_a_form():
    assert set(RECORD_FOR) == set(Requirement)
