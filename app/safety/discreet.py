"""The safety plan as discreet mode shows it, with the family in the room.

What the family may read stays: the conditions, the agreements (who does
what, by when, their status), the network, the signs of rising tension, the
emergency numbers and the phase. Names become initials, also inside free
text. Left out, because it is the worker's judgement or meant for Veilig
Thuis: the biggest concern, the "why" of each item, progress notes on
conditions, family profiles, Signs of Safety, the notes of evaluations and
scale scores, and the goals of the recovery plan.

Pure, and free of ``app.cases`` like the rest of ``app.safety``: the caller
passes the name rules (``app.cases.model.mask_names`` and ``initials``) and the
household's names; the plan adds the names of its own network and contacts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from app.safety.evaluation import Evaluation
from app.safety.plan import (
    Actor,
    CasePlan,
    EmergencyContact,
    PlanItem,
    SafetyCondition,
    SignalResponse,
    SupportPerson,
    TensionSignal,
)
from app.safety.profiles import ProfileSelection
from app.safety.scaling import ScaleScore

Mask = Callable[[str], str]
#: ``mask_names(text, names)``: every name in ``text`` as initials.
MaskNames = Callable[[str, Iterable[str]], str]


def _actor(actor: Actor, mask: Mask) -> Actor:
    return replace(actor, name=mask(actor.name))


def _item(item: PlanItem, mask: Mask) -> PlanItem:
    return replace(item, what=mask(item.what), why="", who=_actor(item.who, mask))


def _condition(condition: SafetyCondition, mask: Mask) -> SafetyCondition:
    return replace(condition, text=mask(condition.text),
                   family_words=mask(condition.family_words), progress_note="")


def _support(person: SupportPerson, mask: Mask, initials: Mask) -> SupportPerson:
    return replace(person, name=initials(person.name), role=mask(person.role),
                   reach=mask(person.reach))


def _signal(signal: TensionSignal, mask: Mask) -> TensionSignal:
    return replace(signal, sign=mask(signal.sign), responses=tuple(
        SignalResponse(_actor(r.who, mask), mask(r.does)) for r in signal.responses))


def _contact(contact: EmergencyContact, initials: Mask) -> EmergencyContact:
    return replace(contact, name=initials(contact.name) if contact.name else "")


def _evaluation(evaluation: Evaluation) -> Evaluation:
    return Evaluation(evaluation.id, evaluation.held_on, evaluation.decision,
                      next_on=evaluation.next_on, conditions_met=evaluation.conditions_met)


def _score(score: ScaleScore) -> ScaleScore:
    return replace(score, given_by="", note="")


def discreet_plan(plan: CasePlan, household: Iterable[str], mask_names: MaskNames,
                  initials: Mask) -> CasePlan:
    """``plan`` with only what discreet mode may show (see the module
    docstring); ``household`` holds the names of the case's people."""
    names = [*household, *(p.name for p in plan.network),
             *(c.name for c in plan.named_contacts)]

    def mask(text: str) -> str:
        return mask_names(text, names)

    return replace(
        plan, biggest_concern="",
        conditions=tuple(_condition(c, mask) for c in plan.conditions),
        goals=(),
        items=tuple(_item(i, mask) for i in plan.items),
        network=tuple(_support(p, mask, initials) for p in plan.network),
        tension_signals=tuple(_signal(s, mask) for s in plan.tension_signals),
        named_contacts=tuple(_contact(c, initials) for c in plan.named_contacts),
        evaluate_with=mask(plan.evaluate_with), overseer=mask(plan.overseer),
        terms=mask(plan.terms), if_kept=mask(plan.if_kept), if_not_kept=mask(plan.if_not_kept),
        signs_of_safety=None, profiles=ProfileSelection(),
        evaluations=tuple(_evaluation(e) for e in plan.evaluations),
        scale_scores=tuple(_score(s) for s in plan.scale_scores),
    )
