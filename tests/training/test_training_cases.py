"""The training cases, table-driven: each validates under the meldcode's own
rules, each model answer gives the outcome the case intends, together they
cover the five family profiles, elder abuse and the kindcheck; and
``check_answer`` tells every kind of answer apart."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.cases.model import Role
from app.errors import ValidationError
from app.forms.meldcode import kindcheck_run_to_values, weighing_to_values
from app.meldcode import (
    ChildContact,
    ConcernsAnswer,
    Consultation,
    Conversation,
    Decision,
    KindcheckAnswers,
    KindcheckOutcomeKind,
    KindcheckQuestion,
    KindcheckRun,
    KindcheckTrigger,
    MeldcodeRecords,
    OtherProfessional,
    ParentalProblem,
    ReportingNorm,
    Requirement,
    RiskProfile,
    Signal,
    SignalHistory,
    SignalVersion,
    StepState,
    ViolenceForm,
    Weighing,
    WeighingAnswers,
    WeighingOutcomeKind,
    WeighingQuestion,
    check_conversation,
    check_decision,
    meldcode_progress,
    validate_consultation,
    validate_conversation,
    validate_decision,
    validate_kindcheck_run,
    validate_risk_profile,
    validate_signal,
    validate_weighing,
    weigh,
)
from app.meldcode.steps import Step
from app.meldcode.unsafety import unsafety_indications
from app.safety.profiles import FamilyProfile
from app.training import (
    QUIZ_KINDCHECK_FORM,
    QUIZ_WEIGHING_FORM,
    TRAINING_CASES,
    TrainingCase,
    Verdict,
    answers_from_values,
    build_records,
    check_answer,
    describe_answer,
    question_title,
    quiz_form,
    training_case,
    training_case_by_key,
)

NOW = datetime(2026, 3, 18, 15, 0, tzinfo=UTC)
CASES = [pytest.param(case, id=case.key) for case in TRAINING_CASES]


def _records(case: TrainingCase) -> tuple[dict[str, str], tuple]:
    ids = {person.name: f"person-{n}" for n, person in enumerate(case.people)}
    return ids, build_records(case, ids, NOW)


def _apply(records: MeldcodeRecords, record, people: set[str]) -> MeldcodeRecords:
    """Check ``record`` as the services do, then add it to ``records``."""
    today = NOW.astimezone().date()
    if isinstance(record, Signal):
        validate_signal(record, NOW, people)
        history = SignalHistory((SignalVersion(1, record, NOW),))
        return replace(records, signals=records.signals + (history,))
    if isinstance(record, RiskProfile):
        validate_risk_profile(record, today)
        return replace(records, risk_profiles=records.risk_profiles + (record,))
    if isinstance(record, KindcheckRun):
        validate_kindcheck_run(record, today)
        return replace(records, kindcheck_runs=records.kindcheck_runs + (record,))
    if isinstance(record, Consultation):
        validate_consultation(record, today)
        return replace(records, consultations=records.consultations + (record,))
    if isinstance(record, Conversation):
        validate_conversation(record, today)
        assert set(record.participants) <= people
        check_conversation(records, record)
        return replace(records, conversations=records.conversations + (record,))
    if isinstance(record, Weighing):
        validate_weighing(record, today)
        return replace(records, weighings=records.weighings + (record,))
    assert isinstance(record, Decision)
    validate_decision(record, today)
    check_decision(records, record)
    return replace(records, decisions=records.decisions + (record,))


def _all_records(case: TrainingCase) -> MeldcodeRecords:
    ids, built = _records(case)
    records = MeldcodeRecords()
    for record in built:
        records = _apply(records, record, set(ids.values()))
    return records


# -- the set of cases ----------------------------------------------------------------


def test_seven_cases_cover_the_profiles_elder_abuse_and_the_kindcheck():
    assert len(TRAINING_CASES) == 7
    assert {c.profile for c in TRAINING_CASES if c.profile} == set(FamilyProfile)
    assert len([c for c in TRAINING_CASES if c.profile]) == 5
    others = [c for c in TRAINING_CASES if c.profile is None]
    kindcheck = [c for c in others if c.is_kindcheck]
    elder = [c for c in others if not c.is_kindcheck]
    assert len(kindcheck) == 1 and len(elder) == 1
    assert ViolenceForm.ELDER_ABUSE in _all_records(elder[0]).forms
    assert any(p.age >= 65 for p in elder[0].people)
    assert [c for c in TRAINING_CASES if c.is_kindcheck] == kindcheck


def test_keys_and_household_names_are_unique_and_found():
    assert len({c.key for c in TRAINING_CASES}) == len(TRAINING_CASES)
    assert len({c.household_name for c in TRAINING_CASES}) == len(TRAINING_CASES)
    for case in TRAINING_CASES:
        assert training_case(case.household_name) is case
        assert training_case_by_key(case.key) is case
    assert training_case("Familie Yılmaz") is None
    with pytest.raises(KeyError):
        training_case_by_key("onbekend")


def test_names_use_diacritics_and_a_non_latin_script():
    names = [p.name for c in TRAINING_CASES for p in c.people]
    assert sum(not name.isascii() for name in names) >= 10
    assert any(ord(ch) > 0x24F for name in names for ch in name)  # beyond Latin Extended


# -- each case -----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_record_passes_the_domain_validators(case: TrainingCase):
    records = _all_records(case)  # raises on the first record that breaks a rule
    assert records.signals


@pytest.mark.parametrize("case", CASES)
def test_two_to_four_signals_with_facts_apart_from_interpretation(case: TrainingCase):
    signals = [h.current for h in _all_records(case).signals]
    assert 2 <= len(signals) <= 4
    for signal in signals:
        assert signal.facts.strip()
        if signal.interpretation:
            assert signal.interpretation not in signal.facts


@pytest.mark.parametrize("case", CASES)
def test_the_model_answer_gives_the_intended_outcome(case: TrainingCase):
    point = case.decision_point
    outcome = point.model_outcome
    assert outcome.kind is case.intended
    if case.is_kindcheck:
        assert outcome.is_finished
    else:
        assert outcome.is_complete
        assert outcome.reporting_norm == case.intended_norm
    assert check_answer(point, point.model).verdict is Verdict.RIGHT


@pytest.mark.parametrize("case", CASES)
def test_the_case_stops_where_the_trainee_decides(case: TrainingCase):
    progress = meldcode_progress(_all_records(case))
    point = case.decision_point
    if case.is_kindcheck:
        assert point.step is Step.MAP_SIGNALS
        assert Requirement.KINDCHECK in progress.step(Step.MAP_SIGNALS).missing
        assert not any(p.role is Role.CHILD for p in case.people)  # the trainee asks
    else:
        assert point.step is Step.WEIGH
        assert [progress.step(s).state for s in Step][:3] == [StepState.DONE] * 3
        # Either the weighing is next, or help was offered and weighing 5 is.
        assert progress.current_step is Step.WEIGH or progress.awaiting_follow_up
    assert point.situation.strip() and point.question.strip() and point.reasoning.strip()
    assert point.household_name == case.household_name and point.topic


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.key) for c in TRAINING_CASES
    if any(p.role is Role.CHILD for p in c.people)])
def test_kindcheck_children_match_the_household(case: TrainingCase):
    runs = _all_records(case).kindcheck_runs
    children = sorted(p.age for p in case.people if p.role is Role.CHILD)
    assert len(runs) == 1
    if runs[0].outcome.kind is KindcheckOutcomeKind.CLOSED_NO_PARENTAL_PROBLEMS:
        assert not runs[0].answers.children
        return
    assert sorted(child.age for child in runs[0].answers.children) == children


def test_the_complex_divorce_asks_for_weighing_5_after_help_was_offered():
    case = training_case_by_key("complex_divorce")
    records = _all_records(case)
    assert records.latest_decision.outcome is WeighingOutcomeKind.OFFER_HELP
    assert case.model.help_effective is False


# -- check_answer --------------------------------------------------------------------

W = WeighingAnswers
TERROR, STRESS, CARE, CHILD, DIVORCE, ELDER = (
    "intimate_terror", "family_under_stress", "long_term_care", "child_behaviour",
    "complex_divorce", "elder_abuse")

WEIGHING_TABLE = [
    # case, trainee answers, verdict, first difference, beyond
    (TERROR, W(True, True, True), Verdict.RIGHT, None, ()),
    (TERROR, W(True, True, True, True, False), Verdict.RIGHT, None,
     (WeighingQuestion.HELP_POSSIBLE, WeighingQuestion.HELP_ACCEPTED)),
    (TERROR, W(True, False, True), Verdict.OTHER_URGENCY, WeighingQuestion.UNSAFETY, ()),
    (TERROR, W(True, True, False), Verdict.OTHER_ROUTE, WeighingQuestion.UNSAFETY, ()),
    (TERROR, W(True, False, False, True, True), Verdict.MISSED_REPORT,
     WeighingQuestion.UNSAFETY, ()),
    (TERROR, W(True, False, False, False), Verdict.OTHER_NORM, WeighingQuestion.UNSAFETY, ()),
    (TERROR, W(True, True), Verdict.UNFINISHED, WeighingQuestion.UNSAFETY, ()),
    (TERROR, W(True, False), Verdict.UNFINISHED, WeighingQuestion.UNSAFETY, ()),
    (TERROR, W(), Verdict.UNFINISHED, WeighingQuestion.SUSPICION, ()),
    (STRESS, W(True, False, False, True, True), Verdict.RIGHT, None, ()),
    (STRESS, W(True, False, False, True, True, True), Verdict.RIGHT, None,
     (WeighingQuestion.HELP_EFFECTIVE,)),
    # Reporting where the model offers help is an unneeded report, also when
    # the trainee goes on to offer help with Veilig Thuis (both outcomes are
    # "offer help", but only one reports).
    (STRESS, W(True, False, True), Verdict.UNNEEDED_REPORT, WeighingQuestion.UNSAFETY, ()),
    (STRESS, W(True, True, False), Verdict.UNNEEDED_REPORT, WeighingQuestion.UNSAFETY, ()),
    (STRESS, W(True, False, True, True, True), Verdict.UNNEEDED_REPORT,
     WeighingQuestion.UNSAFETY, ()),
    (STRESS, W(True, False, False, False), Verdict.UNNEEDED_REPORT,
     WeighingQuestion.HELP_POSSIBLE, ()),
    (STRESS, W(True, False, False, True, False), Verdict.UNNEEDED_REPORT,
     WeighingQuestion.HELP_ACCEPTED, ()),
    (STRESS, W(False), Verdict.OTHER_OUTCOME, WeighingQuestion.SUSPICION, ()),
    (STRESS, W(True, False, False, True), Verdict.UNFINISHED, WeighingQuestion.HELP_ACCEPTED,
     ()),
    (CARE, W(True, False, True), Verdict.RIGHT, None, ()),
    (CARE, W(True, True, True), Verdict.OTHER_URGENCY, WeighingQuestion.UNSAFETY, ()),
    (CARE, W(True, False, False, True, True), Verdict.MISSED_REPORT, WeighingQuestion.UNSAFETY,
     ()),
    (CARE, W(False), Verdict.MISSED_REPORT, WeighingQuestion.SUSPICION, ()),
    (CARE, W(True, False, False, False), Verdict.OTHER_NORM, WeighingQuestion.UNSAFETY, ()),
    (CHILD, W(False), Verdict.RIGHT, None, ()),
    (CHILD, W(True, False, False, True, True), Verdict.OTHER_OUTCOME,
     WeighingQuestion.SUSPICION, ()),
    (CHILD, W(True, False, True), Verdict.UNNEEDED_REPORT, WeighingQuestion.SUSPICION, ()),
    (DIVORCE, W(True, False, False, True, True, False), Verdict.RIGHT, None, ()),
    (DIVORCE, W(True, False, False, True, False), Verdict.OTHER_ROUTE,
     WeighingQuestion.HELP_ACCEPTED, ()),
    (DIVORCE, W(True, False, True), Verdict.OTHER_NORM, WeighingQuestion.UNSAFETY, ()),
    (DIVORCE, W(True, False, False, True, True), Verdict.MISSED_REPORT,
     WeighingQuestion.HELP_EFFECTIVE, ()),
    (DIVORCE, W(True, False, False, True, True, True), Verdict.MISSED_REPORT,
     WeighingQuestion.HELP_EFFECTIVE, ()),
    (DIVORCE, W(True, False, True, True, True, False), Verdict.OTHER_ROUTE,
     WeighingQuestion.UNSAFETY, ()),
    (ELDER, W(True, False, False, True, True), Verdict.RIGHT, None, ()),
    (ELDER, W(True, False, False, False), Verdict.UNNEEDED_REPORT,
     WeighingQuestion.HELP_POSSIBLE, ()),
    (ELDER, W(True, False, True, True, True), Verdict.UNNEEDED_REPORT,
     WeighingQuestion.UNSAFETY, ()),
]


@pytest.mark.parametrize(("key", "answers", "verdict", "first", "beyond"), WEIGHING_TABLE)
def test_check_answer_on_the_afwegingskader(key, answers, verdict, first, beyond):
    point = training_case_by_key(key).decision_point
    result = check_answer(point, answers)
    assert result.verdict is verdict
    assert result.first_difference == first
    assert result.beyond == beyond
    assert result.model.reasons == point.model_outcome.reasons
    if verdict is not Verdict.UNFINISHED:
        assert result.trainee.reasons  # the trainee sees why, too
    assert result.is_right == (verdict is Verdict.RIGHT)
    assert result.same_outcome == (verdict in (Verdict.RIGHT, Verdict.OTHER_ROUTE))


KINDCHECK = training_case_by_key("kindcheck").decision_point
K = KINDCHECK.model
KINDCHECK_TABLE = [
    (K, Verdict.RIGHT, None),
    (replace(K, children_notice="", care_and_safety="", help_wanted=None,
             children=tuple(replace(c, care_shared_with="", contact="") for c in K.children)),
     Verdict.RIGHT, None),
    (replace(K, children=tuple(replace(c, age=None) for c in K.children)), Verdict.RIGHT, None),
    (replace(K, parental_problems=K.parental_problems | {ParentalProblem.PSYCHIATRIC_PROBLEMS}),
     Verdict.OTHER_ROUTE, KindcheckQuestion.PARENTAL_PROBLEMS),
    (replace(K, children=K.children[:1]), Verdict.OTHER_ROUTE,
     KindcheckQuestion.ABOUT_THE_CHILDREN),
    (replace(K, concerns=ConcernsAnswer.DOUBT), Verdict.OTHER_OUTCOME,
     KindcheckQuestion.CONCERNS_REMOVED),
    (replace(K, concerns=ConcernsAnswer.REMOVED), Verdict.OTHER_OUTCOME,
     KindcheckQuestion.CONCERNS_REMOVED),
    (KindcheckAnswers(parental_problems=frozenset()), Verdict.OTHER_OUTCOME,
     KindcheckQuestion.PARENTAL_PROBLEMS),
    (replace(K, concerns=None), Verdict.UNFINISHED, KindcheckQuestion.CONCERNS_REMOVED),
    (KindcheckAnswers(parental_problems=K.parental_problems,
                      child_contacts=frozenset({ChildContact.OWN_CHILDREN})),
     Verdict.UNFINISHED, KindcheckQuestion.ABOUT_THE_CHILDREN),
]


@pytest.mark.parametrize(("answers", "verdict", "first"), KINDCHECK_TABLE)
def test_check_answer_on_the_kindcheck(answers, verdict, first):
    result = check_answer(KINDCHECK, answers)
    assert result.verdict is verdict
    assert result.first_difference == first
    assert result.model.kind is KindcheckOutcomeKind.CONTINUE_MELDCODE


def test_an_unclear_answer_with_a_handover_is_another_outcome():
    answers = replace(K, concerns=ConcernsAnswer.UNCLEAR,
                      other_professional=OtherProfessional.TAKES_OVER,
                      other_professional_name="Verslavingszorg Noord")
    result = check_answer(KINDCHECK, answers)
    assert result.verdict is Verdict.OTHER_OUTCOME
    assert result.trainee.kind is KindcheckOutcomeKind.HANDED_OVER


def test_check_answer_refuses_the_other_kind_of_answers_and_contradictions():
    with pytest.raises(TypeError):
        check_answer(KINDCHECK, WeighingAnswers(True))
    with pytest.raises(TypeError):
        check_answer(training_case_by_key(TERROR).decision_point, K)
    with pytest.raises(ValidationError):  # weighing 3 after "no" on weighing 1
        check_answer(training_case_by_key(TERROR).decision_point,
                     WeighingAnswers(False, help_possible=True))


def test_answers_are_described_in_a_few_words():
    answers = WeighingAnswers(True, False, True)
    assert describe_answer(answers, WeighingQuestion.SUSPICION) == "ja"
    assert describe_answer(answers, WeighingQuestion.UNSAFETY) == "acuut: nee, structureel: ja"
    assert describe_answer(answers, WeighingQuestion.HELP_POSSIBLE) == "niet beantwoord"
    problems = describe_answer(K, KindcheckQuestion.PARENTAL_PROBLEMS)
    assert problems == "verslaving of middelengebruik"
    assert describe_answer(K, KindcheckQuestion.ABOUT_THE_CHILDREN) == "2 kinderen (8, 14)"
    assert describe_answer(K, KindcheckQuestion.CONCERNS_REMOVED) == "Nee, de zorgen blijven"
    assert describe_answer(KindcheckAnswers(parental_problems=frozenset()),
                           KindcheckQuestion.PARENTAL_PROBLEMS) == "nee"
    assert describe_answer(K, KindcheckQuestion.OTHER_PROFESSIONAL) == "niet beantwoord"


def test_question_titles():
    assert question_title(WeighingQuestion.UNSAFETY) == "Afweging 2"
    assert question_title(KindcheckQuestion.OTHER_PROFESSIONAL) == "Vraag 4b"


# -- the quiz forms ------------------------------------------------------------------


def test_the_quiz_forms_ask_only_the_questions():
    assert QUIZ_WEIGHING_FORM.keys == ("suspicion", "acute_unsafety", "structural_unsafety",
                                       "help_possible", "help_accepted", "help_effective")
    assert not {"checked_on", "trigger", "notes"} & set(QUIZ_KINDCHECK_FORM.keys)
    assert "concerns" in QUIZ_KINDCHECK_FORM.keys


@pytest.mark.parametrize("case", CASES)
def test_the_model_answer_typed_into_the_quiz_form_is_right(case: TrainingCase):
    point = case.decision_point
    if case.is_kindcheck:
        values = kindcheck_run_to_values(
            KindcheckRun("x", date(2026, 3, 1), KindcheckTrigger.INTAKE, point.model))
    else:
        values = weighing_to_values(Weighing("x", date(2026, 3, 1), point.model, "Omdat."))
    form = quiz_form(point)
    values = {k: v for k, v in values.items() if k in form.keys}
    assert check_answer(point, answers_from_values(point, values)).verdict is Verdict.RIGHT


def test_report_norms_in_the_cases_differ():
    norms = {c.intended_norm for c in TRAINING_CASES if c.intended is WeighingOutcomeKind.REPORT}
    assert norms == {ReportingNorm.UNSAFETY, ReportingNorm.HELP_FAILS}


def _all_weighing_answers():
    """Every combination of answers the afwegingskader accepts."""
    choices = (None, True, False)
    for combo in itertools.product(choices, repeat=6):
        answers = WeighingAnswers(*combo)
        try:
            weigh(answers)
        except ValidationError:
            continue
        yield answers


@pytest.mark.parametrize("case", [c for c in CASES if not c.values[0].is_kindcheck])
def test_report_verdicts_say_who_reports(case: TrainingCase):
    """Over every answer a trainee can give: "another norm" and "another
    urgency" only when both sides report; an unneeded report only when the
    trainee reports and the model does not; a missed one the other way."""
    point = case.decision_point
    seen = set()
    for answers in _all_weighing_answers():
        result = check_answer(point, answers)
        seen.add(result.verdict)
        both = result.trainee.calls_for_report and result.model.calls_for_report
        if result.verdict in (Verdict.OTHER_NORM, Verdict.OTHER_URGENCY):
            assert both, answers
        if result.verdict is Verdict.UNNEEDED_REPORT:
            assert result.trainee.calls_for_report and not result.model.calls_for_report
        if result.verdict is Verdict.MISSED_REPORT:
            assert result.model.calls_for_report and not result.trainee.calls_for_report
        if result.verdict not in (Verdict.UNFINISHED, Verdict.UNNEEDED_REPORT,
                                  Verdict.MISSED_REPORT):
            assert result.trainee.calls_for_report == result.model.calls_for_report
    assert Verdict.RIGHT in seen
    assert (Verdict.MISSED_REPORT if point.model_outcome.calls_for_report
            else Verdict.UNNEEDED_REPORT) in seen


def test_every_verdict_has_its_own_label():
    labels = [verdict.label for verdict in Verdict]
    assert len(set(labels)) == len(labels)
    assert "niet nodig" in Verdict.UNNEEDED_REPORT.label
    assert "jij meldt niet" in Verdict.MISSED_REPORT.label


def test_the_elder_abuse_kindcheck_closes_at_question_2():
    run, = _all_records(training_case_by_key(ELDER)).kindcheck_runs
    assert run.answers.parental_problems  # question 1: yes
    assert run.answers.child_contacts == frozenset()  # question 2: no
    assert run.outcome.kind is KindcheckOutcomeKind.CLOSED_NO_CHILDREN
    assert "vraag 2" in run.notes


@pytest.mark.parametrize("case", [c for c in CASES if not c.values[0].is_kindcheck])
def test_the_model_answer_to_weighing_2_is_what_the_records_point_to(case: TrainingCase):
    """The lesson matches the domain reference: weighing 2 of the model is
    what ``unsafety_indications`` finds in the case's own records."""
    found = unsafety_indications(_all_records(case))
    model = case.model
    if model.acute_unsafety is None:  # no suspicion: weighing 2 is not asked
        assert model.suspicion is False
        assert not found.points_to_acute and not found.points_to_structural
        return
    assert model.acute_unsafety == found.points_to_acute, found
    assert model.structural_unsafety == found.points_to_structural, found


def test_the_cases_teach_each_side_of_weighing_2():
    found = {c.key: unsafety_indications(_all_records(c)) for c in TRAINING_CASES
             if not c.is_kindcheck}
    assert found[TERROR].acute and found[TERROR].structural
    assert not found[CARE].acute and found[CARE].structural
    assert not found[STRESS].acute and not found[STRESS].structural
