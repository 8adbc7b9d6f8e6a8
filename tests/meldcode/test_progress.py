"""Progress through the five steps, what is missing, and the guards."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.errors import ValidationError
from app.meldcode.afwegingskader import ReportingNorm, WeighingOutcomeKind, WeighingQuestion
from app.meldcode.progress import (
    MeldcodeRecords,
    StepGuardError,
    StepState,
    can_decide,
    can_hold_conversation,
    check_conversation,
    check_decision,
    meldcode_progress,
    pending_weighing,
    require_can_decide,
)
from app.meldcode.records import ConsultationPartner
from app.meldcode.steps import Requirement, Step
from app.meldcode.vocabulary import ViolenceForm
from tests.meldcode.builders import (
    CLOSE_ANSWERS,
    HELP_WORKS_ANSWERS,
    NOW,
    OFFER_HELP_ANSWERS,
    REPORT_ANSWERS,
    TODAY,
    UNFINISHED_ANSWERS,
    acute_decision,
    acute_path,
    consultation,
    conversation,
    day,
    decision_for,
    history,
    kindcheck_run,
    risk_profile,
    signal,
    weighing,
)

R = Requirement
S = StepState
LATER = TODAY + timedelta(weeks=6)

STEP1 = MeldcodeRecords(signals=(history(),), risk_profiles=(risk_profile(),),
                        kindcheck_runs=(kindcheck_run(),))
STEPS_1_3 = replace(STEP1, consultations=(consultation(),), conversations=(conversation(),))
REPORTED = replace(STEPS_1_3, weighings=(weighing(REPORT_ANSWERS),),
                   decisions=(decision_for(weighing(REPORT_ANSWERS)),))
HELPING = replace(STEPS_1_3, weighings=(weighing(OFFER_HELP_ANSWERS),),
                  decisions=(decision_for(weighing(OFFER_HELP_ANSWERS)),))
WEIGHED_AGAIN = replace(HELPING, weighings=(
    weighing(OFFER_HELP_ANSWERS),
    weighing(HELP_WORKS_ANSWERS, id="w-2", weighed_on=LATER)))
ACUTE_ONLY = MeldcodeRecords(acute_paths=(acute_path(),))
ACUTE_DECIDED = replace(ACUTE_ONLY, decisions=(acute_decision(acute_path()),))
HONOUR = MeldcodeRecords(
    signals=(history(forms=frozenset({ViolenceForm.HONOUR_RELATED_VIOLENCE})),))

ALL_MISSING = {
    Step.MAP_SIGNALS: (R.SIGNALS, R.RISK_PROFILE, R.KINDCHECK),
    Step.CONSULT: (R.CONSULTATION,),
    Step.TALK_WITH_CLIENT: (R.CONVERSATION,),
    Step.WEIGH: (R.WEIGHING,),
    Step.DECIDE: (R.DECISION,),
}


def _missing(**changes):
    return ALL_MISSING | {Step[name]: value for name, value in changes.items()}


# (id, records, current step, states 1..5, missing per step, awaiting follow-up, finished)
PROGRESS = [
    ("nothing yet", MeldcodeRecords(), Step.MAP_SIGNALS, "COOOO", _missing(), False, False),
    ("only a signal", MeldcodeRecords(signals=(history(),)), Step.MAP_SIGNALS, "COOOO",
     _missing(MAP_SIGNALS=(R.RISK_PROFILE, R.KINDCHECK)), False, False),
    ("step 1 done", STEP1, Step.CONSULT, "DCOOO",
     _missing(MAP_SIGNALS=()), False, False),
    ("steps 1-3 done", STEPS_1_3, Step.WEIGH, "DDDCO",
     _missing(MAP_SIGNALS=(), CONSULT=(), TALK_WITH_CLIENT=()), False, False),
    ("unfinished weighing", replace(STEPS_1_3, weighings=(weighing(UNFINISHED_ANSWERS),)),
     Step.WEIGH, "DDDCO",
     _missing(MAP_SIGNALS=(), CONSULT=(), TALK_WITH_CLIENT=(), WEIGH=(R.WEIGHING_UNFINISHED,)),
     False, False),
    ("weighed, not decided", replace(STEPS_1_3, weighings=(weighing(REPORT_ANSWERS),)),
     Step.DECIDE, "DDDDC",
     _missing(MAP_SIGNALS=(), CONSULT=(), TALK_WITH_CLIENT=(), WEIGH=()), False, False),
    ("reported", REPORTED, None, "DDDDD",
     {step: () for step in Step}, False, True),
    ("help offered: awaiting weighing 5", HELPING, None, "DDDDD",
     {step: () for step in Step}, True, False),
    ("weighing 5 made later, not yet decided", WEIGHED_AGAIN, Step.DECIDE, "DDDDC",
     _missing(MAP_SIGNALS=(), CONSULT=(), TALK_WITH_CLIENT=(), WEIGH=()), False, False),
    ("revisited out of order: conversation before consultation",
     replace(STEP1, conversations=(conversation(),)), Step.CONSULT, "DCDOO",
     _missing(MAP_SIGNALS=(), TALK_WITH_CLIENT=()), False, False),
    ("acute path jumps to step 5", ACUTE_ONLY, Step.DECIDE, "OOOOC", _missing(), False, False),
    ("acute path decided: back to the open steps", ACUTE_DECIDED, Step.MAP_SIGNALS, "COOOD",
     _missing(DECIDE=()), False, False),
    ("honour-related violence: specialist first", HONOUR, Step.MAP_SIGNALS, "COOOO",
     _missing(MAP_SIGNALS=(R.RISK_PROFILE, R.KINDCHECK),
              TALK_WITH_CLIENT=(R.SPECIALIST_BEFORE_CONVERSATION, R.CONVERSATION)),
     False, False),
    ("honour-related violence, specialist consulted",
     replace(HONOUR, consultations=(
         consultation(partner=ConsultationPartner.VEILIG_THUIS_ADVICE),)),
     Step.MAP_SIGNALS, "CDOOO",
     _missing(MAP_SIGNALS=(R.RISK_PROFILE, R.KINDCHECK), CONSULT=()), False, False),
]
_STATE = {"D": S.DONE, "C": S.CURRENT, "O": S.OPEN}


@pytest.mark.parametrize(("records", "current", "states", "missing", "awaiting", "finished"),
                         [p[1:] for p in PROGRESS], ids=[p[0] for p in PROGRESS])
def test_progress(records, current, states, missing, awaiting, finished):
    progress = meldcode_progress(records)
    assert progress.current_step is current
    assert "".join(k for s in progress.steps for k, v in _STATE.items() if v is s.state) == states
    assert {s.step: s.missing for s in progress.steps} == missing
    assert progress.awaiting_follow_up is awaiting
    assert progress.is_finished is finished
    assert progress.acute is bool(records.acute_paths)


def test_missing_texts_are_dutch_labels():
    step = meldcode_progress(MeldcodeRecords()).step(Step.MAP_SIGNALS)
    assert step.missing_texts == (
        "De signalen, met datum, bron en feiten",
        "Risicofactoren en beschermende factoren, hoe lang het geweld al duurt en of de "
        "politie betrokken was",
        "De kindcheck",
    )


PENDING = [
    ("none", MeldcodeRecords(), None),
    ("unfinished", replace(STEPS_1_3, weighings=(weighing(UNFINISHED_ANSWERS),)),
     WeighingQuestion.UNSAFETY),
    ("help offered", HELPING, WeighingQuestion.HELP_EFFECTIVE),
    ("help works", WEIGHED_AGAIN, None),
]


@pytest.mark.parametrize(("records", "expected"), [p[1:] for p in PENDING],
                         ids=[p[0] for p in PENDING])
def test_pending_weighing(records, expected):
    assert pending_weighing(records) is expected


# --- can_decide -----------------------------------------------------------------

GUARDS = [
    ("no weighing", STEPS_1_3, False,
     "Stap 5 kan pas als de afweging (stap 4) klaar is. Er is nog geen afweging."),
    ("unfinished weighing", replace(STEPS_1_3, weighings=(weighing(UNFINISHED_ANSWERS),)), False,
     "Stap 5 kan pas als de afweging klaar is. Beantwoord eerst afweging 2."),
    ("newest weighing unfinished", replace(STEPS_1_3, weighings=(
        weighing(REPORT_ANSWERS), weighing(UNFINISHED_ANSWERS, id="w-2", weighed_on=LATER))),
     False, "Stap 5 kan pas als de afweging klaar is. Beantwoord eerst afweging 2."),
    ("complete weighing", replace(STEPS_1_3, weighings=(weighing(CLOSE_ANSWERS),)), True, ""),
    ("complete weighing, steps 1-3 open", MeldcodeRecords(weighings=(weighing(REPORT_ANSWERS),)),
     True, ""),
    ("acute path without weighing", ACUTE_ONLY, True, ""),
    ("acute path with an unfinished weighing",
     replace(ACUTE_ONLY, weighings=(weighing(UNFINISHED_ANSWERS),)), True, ""),
    ("already decided", REPORTED, False, "Er is al een besluit na de laatste afweging."),
    ("acute path already decided", ACUTE_DECIDED, False, "Er is al een besluit"),
    ("new weighing after the decision", WEIGHED_AGAIN, True, ""),
]


@pytest.mark.parametrize(("records", "allowed", "reason"), [g[1:] for g in GUARDS],
                         ids=[g[0] for g in GUARDS])
def test_can_decide(records, allowed, reason):
    guard = can_decide(records)
    assert guard.allowed is allowed
    assert bool(guard) is allowed
    assert guard.reason.startswith(reason) if reason else guard.reason == ""
    if allowed:
        require_can_decide(records)
    else:
        with pytest.raises(StepGuardError) as caught:
            require_can_decide(records)
        assert caught.value.message == guard.reason
        assert isinstance(caught.value, ValidationError)


# --- check_decision -------------------------------------------------------------

K = WeighingOutcomeKind
WEIGHED = replace(STEPS_1_3, weighings=(weighing(REPORT_ANSWERS),))
GOOD = decision_for(weighing(REPORT_ANSWERS))
ACUTE_GOOD = acute_decision(acute_path())
DECISION_CHECKS = [
    ("follows the weighing", WEIGHED, GOOD, None, ""),
    ("wrong outcome", WEIGHED, replace(GOOD, outcome=K.OFFER_HELP), "outcome",
     "Het besluit past niet bij de afweging. Volgens de afweging: Melden bij Veilig Thuis."),
    ("wrong norm", WEIGHED, replace(GOOD, reporting_norm=ReportingNorm.HELP_FAILS), "outcome",
     "Het besluit past niet bij de afweging."),
    ("other weighing", WEIGHED, replace(GOOD, weighing_id="w-old"), "weighing_id",
     "Het besluit moet volgen op de laatste afweging."),
    ("before the weighing", WEIGHED, replace(GOOD, decided_on=TODAY - timedelta(days=1)),
     "decided_on", "Het besluit kan niet eerder zijn dan de afweging."),
    ("no weighing yet", STEPS_1_3, GOOD, "decision", "Stap 5 kan pas"),
    ("acute report", ACUTE_ONLY, ACUTE_GOOD, None, ""),
    ("acute with a weighing id", ACUTE_ONLY, replace(ACUTE_GOOD, weighing_id="w-1"),
     "weighing_id", "Dit besluit hoort bij het spoedcontact"),
    ("acute, not a report", ACUTE_ONLY, replace(ACUTE_GOOD, outcome=K.OFFER_HELP), "outcome",
     "Bij acute onveiligheid meld je altijd bij Veilig Thuis (meldnorm 1)."),
    ("acute, wrong norm", ACUTE_ONLY,
     replace(ACUTE_GOOD, reporting_norm=ReportingNorm.NO_SUFFICIENT_HELP), "outcome",
     "Bij acute onveiligheid"),
    ("acute, dated before the contact", ACUTE_ONLY,
     replace(ACUTE_GOOD, decided_on=NOW.date() - timedelta(days=1)), "decided_on",
     "Het besluit kan niet eerder zijn dan het acute contact."),
    ("weighing after the acute path wins", replace(ACUTE_ONLY, weighings=(
        weighing(REPORT_ANSWERS, weighed_on=LATER),)), ACUTE_GOOD, "weighing_id",
     "Het besluit moet volgen op de laatste afweging."),
]


@pytest.mark.parametrize(("records", "decision", "field", "message"),
                         [c[1:] for c in DECISION_CHECKS], ids=[c[0] for c in DECISION_CHECKS])
def test_check_decision(records, decision, field, message):
    if field is None:
        check_decision(records, decision)
        return
    with pytest.raises(StepGuardError) as caught:
        check_decision(records, decision)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


# --- the conversation with honour-related violence --------------------------------

VT_ADVICE = consultation(partner=ConsultationPartner.VEILIG_THUIS_ADVICE, consulted_on=TODAY)
HONOUR_EXPERT = consultation(partner=ConsultationPartner.THEME_SPECIALIST,
                             theme=ViolenceForm.HONOUR_RELATED_VIOLENCE)
FGM_EXPERT = consultation(partner=ConsultationPartner.THEME_SPECIALIST,
                          theme=ViolenceForm.FEMALE_GENITAL_MUTILATION)
CONVERSATION_GUARDS = [
    ("no honour-related violence", STEP1, TODAY, False, True),
    ("honour, nobody consulted", HONOUR, TODAY, False, False),
    ("honour, Veilig Thuis consulted", replace(HONOUR, consultations=(VT_ADVICE,)), TODAY,
     False, True),
    ("honour, honour expert consulted", replace(HONOUR, consultations=(HONOUR_EXPERT,)), TODAY,
     False, True),
    ("honour, only an FGM expert", replace(HONOUR, consultations=(FGM_EXPERT,)), TODAY,
     False, False),
    ("honour, specialist only after the conversation",
     replace(HONOUR, consultations=(VT_ADVICE,)), day("2026-03-09"), False, False),
    ("honour, with the possible victim alone", HONOUR, TODAY, True, True),
    ("honour in a corrected version only", MeldcodeRecords(signals=(history().correct(
        signal(forms=frozenset({ViolenceForm.HONOUR_RELATED_VIOLENCE})), "Nieuwe info.", NOW),)),
     TODAY, False, False),
    ("honour corrected away", MeldcodeRecords(signals=(HONOUR.signals[0].correct(
        signal(), "Toch geen eergerelateerd geweld.", NOW),)), TODAY, False, True),
]


@pytest.mark.parametrize(("records", "on", "victim_only", "allowed"),
                         [c[1:] for c in CONVERSATION_GUARDS],
                         ids=[c[0] for c in CONVERSATION_GUARDS])
def test_can_hold_conversation(records, on, victim_only, allowed):
    guard = can_hold_conversation(records, on, victim_only)
    assert guard.allowed is allowed
    talk = conversation(held_on=on, possible_victim_only=victim_only)
    if allowed:
        check_conversation(records, talk)
    else:
        assert guard.reason.startswith("Bij eergerelateerd geweld praat je pas")
        with pytest.raises(StepGuardError):
            check_conversation(records, talk)


def test_a_skipped_conversation_passes_the_honour_guard():
    skipped = conversation(held=False, participants=(), what_was_said="", client_reaction="",
                           agreements="", skip_reason=None)
    check_conversation(HONOUR, skipped)


def test_last_activity_and_latest_records():
    records = replace(WEIGHED_AGAIN, acute_paths=(acute_path(),))
    assert records.last_activity() == LATER
    assert records.latest_weighing.id == "w-2"
    assert records.latest_decision.id == "d-1"
    assert records.latest_acute_path.id == "acute-1"
    assert MeldcodeRecords().last_activity() is None
