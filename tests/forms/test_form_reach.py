"""Every question of every form reaches its domain object, and back into the form.

For each form of the app, :func:`tests.forms.reach.fill` answers every shown
field from its type; the scenarios only steer which fields are shown, and
together they must show every field of the form (else the test says which
field no scenario reaches). Then each answer is changed on its own: the
domain object must change with it. A field that a converter drops, like a
question added to a form definition but not to its converter, leaves the
object unchanged and fails here (``test_a_planted_field_without_a_mapping_fails``
shows it). Where a form has a ``<x>_to_values``, the answers must come back
from the object unchanged.

Storing, the handover's JSON and the variants are proved on these same
objects in ``tests/services/test_form_reach_store.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest

from app.forms import Field, FieldType, FormDefinition, Section, clean
from app.forms import handover as handover_forms
from app.forms import meldcode as m
from app.forms import safety as s
from app.forms.meldcode.records import DERIVED_DECISION_KEYS
from app.i18n import N_
from app.meldcode.afwegingskader import Weighing, WeighingAnswers
from app.meldcode.kindcheck import ChildResidence, ConcernsAnswer, OtherProfessional
from app.meldcode.vocabulary import RiskInstrument, SourceKind
from app.safety.phases import Transition
from app.safety.plan import ActorKind
from tests.forms import reach

HOUSEHOLD = (("p-moeder", "Moeder"), ("p-vader", "Vader"), ("p-kind", "Kind"),
             ("p-baby", "Baby"))
SOURCES = {s.CONDITIONS: (("c-1", "Voorwaarde één"), ("c-2", "Voorwaarde twee")),
           s.GOALS: (("g-1", "Doel één"), ("g-2", "Doel twee"))}
CTX = reach.context(HOUSEHOLD, SOURCES)
# The decision's basis: a weighing that leads to a report.
REPORT_WEIGHING = Weighing("w-1", reach.TODAY - timedelta(days=20), WeighingAnswers(
    suspicion=True, acute_unsafety=True, structural_unsafety=True), reasoning="Onderbouwing")


@dataclass(frozen=True)
class FormCase:
    """A form, its converter(s), and answers that steer every field into view."""

    form: FormDefinition
    build: Callable[..., Any]
    back: Callable[[Any], dict[str, Any]] | None = None
    scenarios: tuple[dict[str, Any], ...] = ({},)
    # Fields whose answer does not shape the object, each with the reason.
    not_carried: dict[str, str] = field(default_factory=dict)
    # Turns the built object into what ``back`` takes, where they differ.
    stored: Callable[[Any], Any] = lambda obj: obj


def _decision(values, *, context, id=None):
    return m.decision_from_values(values, basis=REPORT_WEIGHING, context=context, id=id)


def _all_children(n: int = m.MAX_CHILDREN) -> dict[str, Any]:
    away = ChildResidence.PARTLY_WITH_CLIENT.value
    return {"has_parental_problems": True, "has_child_contacts": True,
            "child_contacts": ["own_children"], "children_count": n,
            **{f"child{i}_residence": away for i in range(1, n + 1)},
            "concerns": ConcernsAnswer.UNCLEAR.value,
            "other_professional": OtherProfessional.TAKES_OVER.value}


FORM_CASES: dict[str, FormCase] = {
    "signal": FormCase(m.SIGNAL_FORM, m.signal_from_values, m.signal_to_values, (
        {"source": SourceKind.TOLD_BY_SOMEONE.value, "is_hypothesis": True},)),
    "quick_signal": FormCase(m.QUICK_SIGNAL_FORM, m.quick_signal_from_values,
                             m.quick_signal_to_values),
    "risk_profile": FormCase(m.RISK_PROFILE_FORM, m.risk_profile_from_values,
                             m.risk_profile_to_values, (
                                 {"source": SourceKind.DOCUMENT.value},)),
    "kindcheck_run": FormCase(m.KINDCHECK_FORM, m.kindcheck_run_from_values,
                              m.kindcheck_run_to_values, (_all_children(),)),
    "consultation": FormCase(m.CONSULTATION_FORM, m.consultation_from_values,
                             m.consultation_to_values, (
                                 {"partner": "theme_specialist", "anonymous": False},
                                 # Inside the organisation names may be shared without
                                 # consent, so the consent answer can be either.
                                 {"partner": "colleague", "anonymous": False})),
    "conversation": FormCase(m.CONVERSATION_FORM, m.conversation_from_values,
                             m.conversation_to_values, (
                                 {"held": True},
                                 {"held": False})),
    "weighing": FormCase(m.WEIGHING_FORM, m.weighing_from_values, m.weighing_to_values, (
        {"suspicion": True, "acute_unsafety": False, "structural_unsafety": False,
         "help_possible": True, "help_accepted": True, "help_effective": True,
         "instrument": RiskInstrument.OTHER.value},)),
    "decision": FormCase(m.DECISION_FORM, _decision, m.decision_to_values, (
        {**m.decision_values_for(REPORT_WEIGHING), "client_informed": False},
        {**m.decision_values_for(REPORT_WEIGHING), "client_informed": True}),
        not_carried={key: "follows from the weighing, not from the answer"
                     for key in DERIVED_DECISION_KEYS}),
    "acute_path": FormCase(m.ACUTE_PATH_FORM, m.acute_path_from_values,
                           m.acute_path_to_values),
    "worker_profile": FormCase(handover_forms.WORKER_PROFILE_FORM,
                               handover_forms.worker_profile_from_values,
                               handover_forms.worker_profile_to_values, (
                                   {"email": "iemand@example.org"},)),
    "handover_details": FormCase(handover_forms.HANDOVER_DETAILS_FORM,
                                 handover_forms.handover_details_from_values,
                                 handover_forms.handover_details_to_values),
    "vt_feedback": FormCase(handover_forms.VT_FEEDBACK_FORM,
                            handover_forms.vt_feedback_from_values,
                            handover_forms.vt_feedback_to_values, (
                                {"kind": "after_safety_assessment",
                                 "route": "conditions_and_follow_up"},)),
    "safety.arrangements": FormCase(s.ARRANGEMENTS_FORM, s.arrangements_from_values),
    "safety.condition": FormCase(s.CONDITION_FORM, s.condition_from_values),
    "safety.condition_words": FormCase(s.CONDITION_WORDS_FORM, s.condition_words_from_values),
    "safety.condition_status": FormCase(s.CONDITION_STATUS_FORM,
                                        s.condition_status_from_values),
    "safety.item": FormCase(s.ITEM_FORM, s.item_from_values, s.item_to_values, (
        {"who_kind": ActorKind.FAMILY_MEMBER.value},
        {"who_kind": ActorKind.NETWORK.value})),
    "safety.goal": FormCase(s.GOAL_FORM, s.goal_from_values),
    "safety.support_person": FormCase(s.SUPPORT_PERSON_FORM, s.support_person_from_values),
    "safety.tension_signal": FormCase(s.TENSION_SIGNAL_FORM, s.tension_signal_from_values,
                                      scenarios=(
        {f"who_name_{n}": None for n in (1, 2, 3)},
        {f"who_person_{n}": None for n in (1, 2, 3)})),
    "safety.contact": FormCase(s.CONTACT_FORM, s.contact_from_values),
    "safety.scale_score": FormCase(s.SCALE_FORM, s.scale_score_from_values),
    "safety.evaluation": FormCase(s.EVALUATION_FORM, s.evaluation_from_values, scenarios=(
        {"decision": Transition.MOVE_ON.value,
         "next_on": reach.TODAY + timedelta(days=30)},)),
    "safety.relapse": FormCase(s.RELAPSE_FORM, s.relapse_from_values),
    "safety.profiles": FormCase(s.PROFILES_FORM, s.profiles_from_values,
                                s.profiles_to_values),
}


def test_every_form_of_the_app_is_listed_here():
    """A new form must join the table above, or nothing proves its fields arrive."""
    apps = {**m.MELDCODE_FORMS, **{f.id: f for f in handover_forms.HANDOVER_FORMS.values()},
            **{f.id: f for f in s.SAFETY_FORMS.values()}}
    without_converter = {"safety.concern": "one text, set by services.safety.set_biggest_concern"}
    assert set(apps) - set(without_converter) == set(FORM_CASES)
    for key, case in FORM_CASES.items():
        assert apps[key] is case.form


def _answers(case: FormCase) -> list[dict[str, Any]]:
    """Every scenario's answers; a ``None`` in a scenario leaves that field empty."""
    return [reach.fill(case.form, CTX, fixed) for fixed in case.scenarios]


@pytest.mark.parametrize("name", FORM_CASES)
def test_the_scenarios_show_every_field(name):
    case = FORM_CASES[name]
    answered = set().union(*({k for k, v in values.items() if v is not None}
                             for values in _answers(case)))
    never = [key for key in case.form.keys if key not in answered]
    assert not never, f"{name}: no scenario shows {never}; add answers that show them"


@pytest.mark.parametrize("name", FORM_CASES)
def test_every_answer_shapes_the_domain_object(name):
    check_every_answer_shapes(name, FORM_CASES[name])


def check_every_answer_shapes(name: str, case: FormCase) -> None:
    varied: set[str] = set()
    for values in _answers(case):
        base = reach.snapshot(reach.call_build(case.build, values, CTX))
        for key, changed, obj in reach.variations(case.form, CTX, values, case.build):
            if key in case.not_carried or changed is None:
                continue
            assert reach.snapshot(obj) != base, (
                f"{name}: changing {key!r} does not change the object: the converter drops it")
            varied.add(key)
    stuck = set(case.form.keys) - varied - set(case.not_carried)
    assert not stuck, f"{name}: no scenario has another valid answer to {sorted(stuck)}"


@pytest.mark.parametrize("name", [n for n, c in FORM_CASES.items() if c.back is not None])
def test_the_answers_come_back_from_the_object(name):
    case = FORM_CASES[name]
    for values in _answers(case):
        obj = reach.call_build(case.build, values, CTX)
        expected = {k: v for k, v in clean(case.form, values, CTX).items()
                    if v not in (None, "", [])}
        back = case.back(case.stored(obj))
        assert clean(case.form, back, CTX) == clean(case.form, values, CTX), name
        assert set(back) >= set(expected) - set(case.not_carried), name


def test_a_planted_field_without_a_mapping_fails(monkeypatch):
    """The kindcheck form gets a question its converter does not know: the
    check above must catch it (this is how the answer used to be lost)."""
    from app.forms.meldcode import kindcheck

    planted = Field("child1_school_contact", FieldType.SHORT_TEXT,
                    N_("Heeft de school contact met kind 1?"))
    sections = list(kindcheck.KINDCHECK_FORM.sections)
    sections[-1] = Section(sections[-1].title, (*sections[-1].fields, planted))
    form = kindcheck.KINDCHECK_FORM.replace(sections=tuple(sections))
    monkeypatch.setattr(kindcheck, "KINDCHECK_FORM", form)
    case = replace(FORM_CASES["kindcheck_run"], form=form)
    with pytest.raises(AssertionError, match="child1_school_contact.*drops it"):
        check_every_answer_shapes("kindcheck_run", case)
    # Without the planted field the same check passes: it is the field that fails.
    monkeypatch.undo()
    check_every_answer_shapes("kindcheck_run", FORM_CASES["kindcheck_run"])
