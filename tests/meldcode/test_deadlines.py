"""Deadlines computed from the records with configurable terms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.meldcode.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineTerms,
    add_working_days,
    deadlines_for,
    next_due,
)
from app.meldcode.progress import MeldcodeRecords
from app.meldcode.records import AcuteContact
from app.meldcode.steps import Step
from tests.meldcode.builders import (
    CLOSE_ANSWERS,
    HELP_WORKS_ANSWERS,
    OFFER_HELP_ANSWERS,
    REPORT_ANSWERS,
    acute_decision,
    acute_path,
    consultation,
    conversation,
    day,
    decision_for,
    history,
    kindcheck_run,
    risk_profile,
    weighing,
)

WORKING_DAYS = [
    ("Tuesday + 5", "2026-03-10", 5, (), "2026-03-17"),
    ("Friday + 1", "2026-03-13", 1, (), "2026-03-16"),
    ("Saturday + 1", "2026-03-14", 1, (), "2026-03-16"),
    ("Sunday + 5", "2026-03-15", 5, (), "2026-03-20"),
    ("Friday + 5", "2026-03-13", 5, (), "2026-03-20"),
    ("zero days", "2026-03-10", 0, (), "2026-03-10"),
    ("over Easter", "2026-04-02", 5, ("2026-04-03", "2026-04-06"), "2026-04-13"),
    ("over King's Day", "2026-04-24", 1, ("2026-04-27",), "2026-04-28"),
    ("holiday on a weekend changes nothing", "2026-03-13", 1, ("2026-03-14",), "2026-03-16"),
]


@pytest.mark.parametrize(("start", "days", "holidays", "expected"), [w[1:] for w in WORKING_DAYS],
                         ids=[w[0] for w in WORKING_DAYS])
def test_add_working_days(start, days, holidays, expected):
    assert add_working_days(day(start), days, [day(h) for h in holidays]) == day(expected)


STEP1 = MeldcodeRecords(signals=(history(),), risk_profiles=(risk_profile(),),
                        kindcheck_runs=(kindcheck_run(),))
STEPS_1_3 = replace(STEP1, consultations=(consultation(),), conversations=(conversation(),))


def decided(answers, **weighing_changes) -> MeldcodeRecords:
    w = weighing(answers, **weighing_changes)
    return replace(STEPS_1_3, weighings=(w,), decisions=(decision_for(w),))


REPORTED = decided(REPORT_ANSWERS)  # decided on Tuesday 10 March 2026
HELPING = decided(OFFER_HELP_ANSWERS)
ACUTE = MeldcodeRecords(acute_paths=(acute_path(),))
D = DeadlineKind
KC_HALF_YEAR = ("kindcheck_repeat", "2026-09-08", "2026-03-10", Step.MAP_SIGNALS)

# (id, records, keyword arguments, expected (kind, due, since, step) earliest first)
DEADLINES = [
    ("nothing recorded", MeldcodeRecords(), {}, []),
    ("stalled in step 1", MeldcodeRecords(signals=(history(),)), {},
     [("stalled_step", "2026-03-24", "2026-03-10", Step.MAP_SIGNALS)]),
    ("stalled counts from the last record",
     replace(STEPS_1_3, weighings=(weighing(REPORT_ANSWERS, weighed_on=day("2026-03-20")),)), {},
     [("stalled_step", "2026-04-03", "2026-03-20", Step.DECIDE), KC_HALF_YEAR]),
    ("reported: safety assessment in 5 working days", REPORTED, {},
     [("vt_safety_assessment", "2026-03-17", "2026-03-10", None), KC_HALF_YEAR]),
    ("reported, feedback received", REPORTED, {"vt_feedback_on": [day("2026-03-16")]},
     [KC_HALF_YEAR]),
    ("reported, only older feedback", REPORTED, {"vt_feedback_on": [day("2026-03-01")]},
     [("vt_safety_assessment", "2026-03-17", "2026-03-10", None), KC_HALF_YEAR]),
    ("reported, with a holiday", REPORTED, {"terms": DeadlineTerms(
        holidays=frozenset({day("2026-03-13")}))},
     [("vt_safety_assessment", "2026-03-18", "2026-03-10", None), KC_HALF_YEAR]),
    ("help offered: follow up after 6 weeks, kindcheck then", HELPING, {},
     [("follow_up_help", "2026-04-21", "2026-03-10", Step.WEIGH),
      ("kindcheck_repeat", "2026-04-21", "2026-03-10", Step.MAP_SIGNALS)]),
    ("help offered, shorter term", HELPING, {"terms": DeadlineTerms(follow_up_weeks=4)},
     [("follow_up_help", "2026-04-07", "2026-03-10", Step.WEIGH),
      ("kindcheck_repeat", "2026-04-07", "2026-03-10", Step.MAP_SIGNALS)]),
    ("help offered, evaluation planned", HELPING, {"next_evaluation": day("2026-04-01")},
     [("kindcheck_repeat", "2026-04-01", "2026-03-10", Step.MAP_SIGNALS),
      ("follow_up_help", "2026-04-21", "2026-03-10", Step.WEIGH)]),
    ("evaluation before the last kindcheck", REPORTED, {"next_evaluation": day("2026-03-01"),
                                                        "vt_feedback_on": [day("2026-03-12")]},
     [KC_HALF_YEAR]),
    ("closed: nothing due", decided(CLOSE_ANSWERS), {}, []),
    ("help closed with follow-up agreements: nothing due", decided(HELP_WORKS_ANSWERS), {}, []),
    ("acute report to Veilig Thuis: 24 hours", ACUTE, {},
     [("vt_safety_assessment", "2026-03-11", "2026-03-10", None),
      ("stalled_step", "2026-03-24", "2026-03-10", Step.DECIDE)]),
    ("acute, police only", MeldcodeRecords(acute_paths=(acute_path(
        contacted=frozenset({AcuteContact.POLICE})),)), {},
     [("stalled_step", "2026-03-24", "2026-03-10", Step.DECIDE)]),
    ("acute decided, steps still open", replace(ACUTE, decisions=(acute_decision(acute_path()),)),
     {}, [("vt_safety_assessment", "2026-03-11", "2026-03-10", None),
          ("stalled_step", "2026-03-24", "2026-03-10", Step.MAP_SIGNALS)]),
]


@pytest.mark.parametrize(("records", "kwargs", "expected"), [d[1:] for d in DEADLINES],
                         ids=[d[0] for d in DEADLINES])
def test_deadlines(records, kwargs, expected):
    found = deadlines_for(records, **kwargs)
    assert [(d.kind.value, d.due.isoformat(), d.since.isoformat(), d.step) for d in found] == [
        tuple(e) for e in expected
    ]
    first = next_due(records, **kwargs)
    assert (first is None) if not expected else (first == found[0])


def test_a_later_weighing_5_replaces_the_follow_up():
    w1 = weighing(OFFER_HELP_ANSWERS)
    w2 = weighing(HELP_WORKS_ANSWERS, id="w-2", weighed_on=day("2026-04-21"))
    records = replace(STEPS_1_3, weighings=(w1, w2), decisions=(decision_for(w1),))
    assert [d.kind for d in deadlines_for(records)] == [D.STALLED_STEP, D.KINDCHECK_REPEAT]
    assert deadlines_for(records)[0].step is Step.DECIDE
    done = replace(records, decisions=(decision_for(w1), decision_for(w2, id="d-2")))
    assert deadlines_for(done) == ()


@pytest.mark.parametrize("name", ["follow_up_weeks", "stalled_step_days",
                                  "vt_assessment_working_days", "vt_acute_response_days",
                                  "kindcheck_repeat_weeks"])
def test_terms_must_be_positive(name):
    with pytest.raises(ValueError):
        DeadlineTerms(**{name: 0})


def test_reason_labels_and_overdue():
    stalled = Deadline(D.STALLED_STEP, day("2026-03-24"), day("2026-03-10"), Step.TALK_WITH_CLIENT)
    assert stalled.reason_label == (
        "De meldcode staat stil. Ga verder met stap 3: Gesprek met de cliënt."
    )
    follow = Deadline(D.FOLLOW_UP_HELP, day("2026-04-21"), day("2026-03-10"), Step.WEIGH)
    assert follow.reason_label == "Effecten volgen: werkt de hulp? Maak afweging 5."
    assert not follow.is_overdue(day("2026-04-21"))
    assert follow.is_overdue(day("2026-04-22"))
