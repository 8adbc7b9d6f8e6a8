"""What the records point to for weighing 2, table-driven: each row is a
case's records and the indications the domain reference's examples of acute
and structural unsafety give for them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.meldcode.kindcheck import ParentalProblem
from app.meldcode.progress import MeldcodeRecords
from app.meldcode.signals import SignalHistory
from app.meldcode.unsafety import UnsafetyIndication, unsafety_indications
from app.meldcode.vocabulary import PoliceInvolvement, RiskFactor, ViolenceDuration, ViolenceForm
from tests.meldcode.builders import (
    NOW,
    TODAY,
    acute_path,
    history,
    kindcheck_answers,
    kindcheck_run,
    risk_profile,
    signal,
)

I = UnsafetyIndication  # noqa: E741
D = ViolenceDuration
F = ViolenceForm
R = RiskFactor
P = PoliceInvolvement

WITNESS = history(forms=frozenset({F.WITNESSING_PARTNER_VIOLENCE}))
WITNESS_2 = history(id="sig-2", forms=frozenset({F.WITNESSING_PARTNER_VIOLENCE}))
NEGLECT = history(forms=frozenset({F.PHYSICAL_NEGLECT}))


def records(*signals: SignalHistory, risks=frozenset(), duration=None, police=None,
            problems=None, acute=False) -> MeldcodeRecords:
    profile = risk_profile(risk_factors=frozenset(risks), duration=duration,
                           police=None if police is None else frozenset(police))
    runs = () if problems is None else (
        kindcheck_run(answers=kindcheck_answers(parental_problems=frozenset(problems))),)
    return MeldcodeRecords(signals=signals or (history(),), risk_profiles=(profile,),
                           kindcheck_runs=runs, acute_paths=(acute_path(),) if acute else ())


TABLE = [
    # id, records, acute indications, structural indications
    ("nothing", records(), (), ()),
    ("acute marker", records(history(acute_indication=True)), (I.ACUTE_SIGNAL,), ()),
    ("acute path taken", records(acute=True), (I.ACUTE_PATH,), ()),
    ("trafficking", records(history(forms=frozenset({F.HUMAN_TRAFFICKING}))),
     (I.ACUTE_FORM,), ()),
    ("threat of FGM", records(history(forms=frozenset({F.FEMALE_GENITAL_MUTILATION}))),
     (I.ACUTE_FORM,), ()),
    ("forced marriage", records(history(forms=frozenset({F.FORCED_MARRIAGE}))),
     (I.ACUTE_FORM,), ()),
    ("honour-related alone is not marked", records(
        history(forms=frozenset({F.HONOUR_RELATED_VIOLENCE}))), (), ()),
    ("violence in pregnancy", records(history(forms=frozenset({F.PARTNER_VIOLENCE})),
                                      risks={R.PREGNANCY}), (I.PREGNANCY_AT_RISK,), ()),
    ("substance use in pregnancy", records(NEGLECT, risks={R.PREGNANCY, R.ADDICTION}),
     (I.PREGNANCY_AT_RISK,), ()),
    ("pregnancy without violence or substances", records(NEGLECT, risks={R.PREGNANCY}), (), ()),
    ("addiction for a year", records(NEGLECT, risks={R.ADDICTION}, duration=D.OVER_A_YEAR),
     (), (I.PARENTAL_PROBLEMS_OVER_TIME,)),
    ("LVB for half a year", records(NEGLECT, risks={R.MILD_INTELLECTUAL_DISABILITY},
                                    duration=D.SIX_MONTHS_TO_ONE_YEAR),
     (), (I.PARENTAL_PROBLEMS_OVER_TIME,)),
    ("kindcheck problem for a year", records(NEGLECT, problems={ParentalProblem.
                                                                 PSYCHIATRIC_PROBLEMS},
                                             duration=D.OVER_A_YEAR),
     (), (I.PARENTAL_PROBLEMS_OVER_TIME,)),
    ("parental problem, but short", records(NEGLECT, risks={R.ADDICTION},
                                            duration=D.ONE_TO_SIX_MONTHS), (), ()),
    ("parental problem, duration unknown", records(NEGLECT, risks={R.ADDICTION}), (), ()),
    ("debts for a year are no parental problem", records(NEGLECT, risks={R.DEBTS},
                                                         duration=D.OVER_A_YEAR), (), ()),
    ("partner violence in the kindcheck is not a lasting problem", records(
        NEGLECT, problems={ParentalProblem.PARTNER_VIOLENCE}, duration=D.OVER_A_YEAR), (), ()),
    ("witnessing for months", records(WITNESS, duration=D.ONE_TO_SIX_MONTHS),
     (), (I.SYSTEMATIC_WITNESSING,)),
    ("witnessing, two signals", records(WITNESS, WITNESS_2), (), (I.SYSTEMATIC_WITNESSING,)),
    ("witnessing once, recently", records(WITNESS, duration=D.ONE_WEEK_TO_ONE_MONTH), (), ()),
    ("witnessing once, duration unknown", records(WITNESS), (), ()),
    ("stalking for a year", records(history(forms=frozenset({F.STALKING})),
                                    duration=D.OVER_A_YEAR), (), (I.LASTING_STALKING,)),
    ("stalking for weeks", records(history(forms=frozenset({F.STALKING})),
                                   duration=D.ONE_WEEK_TO_ONE_MONTH), (), ()),
    ("police and half a year", records(police={P.CALL_OUT}, duration=D.SIX_MONTHS_TO_ONE_YEAR),
     (), (I.LASTING_VIOLENCE_WITH_POLICE,)),
    ("restraining order and a year", records(police={P.TEMPORARY_RESTRAINING_ORDER},
                                             duration=D.OVER_A_YEAR),
     (), (I.LASTING_VIOLENCE_WITH_POLICE,)),
    ("police once, recently", records(police={P.CALL_OUT}, duration=D.ONE_WEEK_TO_ONE_MONTH),
     (), ()),
    ("a year without police", records(police={P.NONE}, duration=D.OVER_A_YEAR), (), ()),
    ("both at once", records(history(acute_indication=True), WITNESS, WITNESS_2,
                             police={P.CALL_OUT}, duration=D.OVER_A_YEAR),
     (I.ACUTE_SIGNAL,), (I.SYSTEMATIC_WITNESSING, I.LASTING_VIOLENCE_WITH_POLICE)),
]


@pytest.mark.parametrize(("records_", "acute", "structural"),
                         [pytest.param(r, a, s, id=i) for i, r, a, s in TABLE])
def test_indications(records_: MeldcodeRecords, acute, structural):
    found = unsafety_indications(records_)
    assert found.acute == acute
    assert found.structural == structural
    assert found.points_to_acute == bool(acute)
    assert found.points_to_structural == bool(structural)


def test_only_the_current_signal_version_and_newest_profile_count():
    corrected = history(acute_indication=True).correct(
        replace(signal(), acute_indication=False), "Vergist.", NOW + timedelta(minutes=5))
    assert not unsafety_indications(records(corrected)).acute
    old = risk_profile(id="old", recorded_on=TODAY - timedelta(days=30),
                       police=frozenset({P.CALL_OUT}), duration=D.OVER_A_YEAR)
    new = risk_profile(id="new", recorded_on=TODAY, police=frozenset({P.NONE}),
                       duration=D.OVER_A_YEAR)
    assert not unsafety_indications(MeldcodeRecords(risk_profiles=(new, old))).structural
    assert unsafety_indications(MeldcodeRecords(risk_profiles=(old,))).structural


def test_every_indication_has_a_label_and_a_side():
    labels = {i.label for i in UnsafetyIndication}
    assert len(labels) == len(UnsafetyIndication)
    assert {i for i in UnsafetyIndication if i.is_acute} == {
        I.ACUTE_SIGNAL, I.ACUTE_PATH, I.ACUTE_FORM, I.PREGNANCY_AT_RISK}
