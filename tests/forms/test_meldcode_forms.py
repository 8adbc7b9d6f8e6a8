"""The meldcode questionnaires: valid answers, required fields, the branches of the
afwegingskader and the kindcheck, and record -> answers -> record round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import ValidationError
from app.forms import FieldType, FormContext, clean, static_clock, tr, validate, visible_fields
from app.forms.meldcode import (
    KINDCHECK_FORM,
    KINDCHECK_QUESTION_KEYS,
    MELDCODE_FORMS,
    QUICK_SIGNAL_FORM,
    SIGNAL_FORM,
    WEIGHING_FORM,
    WEIGHING_QUESTION_KEYS,
    DomainText,
    QuickSignal,
    acute_path_from_values,
    acute_path_to_values,
    consultation_from_values,
    consultation_to_values,
    conversation_from_values,
    conversation_to_values,
    decision_from_values,
    decision_to_values,
    decision_values_for,
    kindcheck_answers_from_values,
    kindcheck_run_from_values,
    kindcheck_run_to_values,
    quick_signal_from_values,
    quick_signal_to_values,
    risk_profile_from_values,
    risk_profile_to_values,
    signal_from_quick,
    signal_from_values,
    signal_to_values,
    weighing_answers_from_values,
    weighing_from_values,
    weighing_to_values,
)
from app.forms.meldcode._common import on_form_keys
from app.forms.validation import required_message
from app.i18n import set_language
from app.meldcode import (
    AcuteContact,
    AcutePath,
    ChildContact,
    ChildResidence,
    ConcernsAnswer,
    Consultation,
    ConsultationPartner,
    ConsultationResult,
    Conversation,
    ConversationSkipReason,
    Decision,
    KindcheckAnswers,
    KindcheckChild,
    KindcheckError,
    KindcheckOutcomeKind,
    KindcheckQuestion,
    KindcheckRun,
    KindcheckTrigger,
    OpenReportingException,
    OtherProfessional,
    ParentalProblem,
    PoliceInvolvement,
    ProtectiveFactor,
    ReportingNorm,
    RiskFactor,
    RiskInstrument,
    RiskProfile,
    Signal,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
    Weighing,
    WeighingAnswers,
    WeighingError,
    WeighingOutcomeKind,
    WeighingQuestion,
    kindcheck_outcome,
    weigh,
)

NOW = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
TODAY = NOW.date()
HOUSEHOLD = (("p-anna", "Anna de Vries"), ("p-bram", "Bram de Vries"), ("p-cem", "Cem Yilmaz"))
CTX = FormContext(people=HOUSEHOLD, clock=static_clock(NOW))

REPORT_WEIGHING = Weighing(
    "w-report", date(2026, 3, 5),
    WeighingAnswers(suspicion=True, acute_unsafety=False, structural_unsafety=False,
                    help_possible=False),
    "Geen passende hulp mogelijk binnen het wijkteam.")
HELP_WEIGHING = Weighing(
    "w-help", date(2026, 3, 5),
    WeighingAnswers(suspicion=True, acute_unsafety=False, structural_unsafety=False,
                    help_possible=True, help_accepted=True),
    "Ouders willen opvoedondersteuning.", RiskInstrument.LIRIK, "", "Middel risico")
ACUTE = AcutePath("a-1", datetime(2026, 3, 9, 22, 15, tzinfo=UTC), "Moeder belde: vader dreigt "
                  "met een mes.", frozenset({AcuteContact.POLICE, AcuteContact.VEILIG_THUIS}))

# ---------------------------------------------------------------------------------------------
# One complete, valid set of answers per form, and how to convert it.

VALID = {
    "signal": {
        "observed_at": "09-03-2026 10:15", "concerns": ["p-anna", "p-bram"],
        "forms": ["physical_abuse", "witnessing_partner_violence"], "source": "told_by_someone",
        "source_detail": "Juf Sanne, basisschool De Linde",
        "facts": "Bram (8) had een blauwe plek op zijn wang. Hij zei: ‘papa was boos’.",
        "interpretation": "Mogelijk geslagen door vader.", "is_hypothesis": True,
        "acute_indication": False,
    },
    "quick_signal": {"facts": "Buurvrouw hoorde gisteravond geschreeuw en gehuil.",
                     "concerns": ["p-anna"], "observed_at": "2026-03-09 21:00"},
    "risk_profile": {
        "recorded_on": "2026-03-10", "risk_factors": ["debts", "addiction"],
        "protective_factors": ["supportive_network"], "duration": "one_to_six_months",
        "police": ["call_out"], "notes": "Schuldhulp loopt.",
    },
    "kindcheck_run": {
        "checked_on": date(2026, 3, 10), "trigger": "intake", "has_parental_problems": True,
        "parental_problems": ["addiction"], "has_child_contacts": True,
        "child_contacts": ["own_children"], "children_count": 2,
        "child1_age": 8, "child1_residence": "with_client", "child1_care_shared_with": "Oma",
        "child2_age": 14, "child2_residence": "elsewhere", "child2_contact": "Eens per week",
        "child2_alone_with_client": True, "children_notice": "Bram is stil op school.",
        "care_and_safety": "Niet altijd.", "help_wanted": True, "concerns": "remain",
    },
    "consultation": {
        "consulted_on": "2026-03-09", "partner": "theme_specialist",
        "partner_detail": "Expert eergerelateerd geweld, politie",
        "theme": "honour_related_violence",
        "anonymous": True, "advice": "Eerst met het meisje alleen praten.",
        "result": "suspicion_remains",
    },
    "conversation": {
        "held": True, "held_on": "2026-03-10", "participants": ["p-anna"],
        "other_participants": "Tolk", "what_was_said": "De zorgen over Bram.",
        "client_reaction": "Geschrokken, wil hulp.", "agreements": "Volgende week weer.",
    },
    "weighing": {
        "weighed_on": "2026-03-10", "suspicion": True, "acute_unsafety": False,
        "structural_unsafety": False, "help_possible": True, "help_accepted": True,
        "help_effective": False, "reasoning": "De hulp werkt niet: opnieuw geweld.",
        "instrument": "other", "instrument_name": "Eigen vragenlijst",
        "instrument_result": "Hoog risico",
    },
    "decision": {
        "decided_on": "2026-03-10", "outcome": "report", "reporting_norm": "2",
        "client_informed": False, "not_informed_because": "safety_of_child_or_family",
        "help_engaged": "Opvoedondersteuning", "other_parties": "School",
        "family_actions": "Oma past op.", "notes": "",
    },
    "acute_path": {
        "contacted_at": "2026-03-10 13:00", "reason": "Vader dreigt met een mes.",
        "contacted": ["police"], "agreements": "Politie gaat erheen.",
    },
}

CONVERT = {
    "signal": lambda v: signal_from_values(v, context=CTX),
    "quick_signal": lambda v: quick_signal_from_values(v, context=CTX),
    "risk_profile": lambda v: risk_profile_from_values(v, context=CTX),
    "kindcheck_run": lambda v: kindcheck_run_from_values(v, context=CTX),
    "consultation": lambda v: consultation_from_values(v, context=CTX),
    "conversation": lambda v: conversation_from_values(v, context=CTX),
    "weighing": lambda v: weighing_from_values(v, context=CTX),
    "decision": lambda v: decision_from_values(v, basis=REPORT_WEIGHING, context=CTX),
    "acute_path": lambda v: acute_path_from_values(v, context=CTX),
}


def test_registry_holds_every_record_kind_under_its_own_id():
    assert list(MELDCODE_FORMS) == ["signal", "quick_signal", "risk_profile", "kindcheck_run",
                                    "consultation", "conversation", "weighing", "decision",
                                    "acute_path"]
    assert all(form.id == kind for kind, form in MELDCODE_FORMS.items())
    assert set(VALID) == set(MELDCODE_FORMS) == set(CONVERT)


@pytest.mark.parametrize("kind", list(MELDCODE_FORMS))
def test_complete_answers_are_valid_and_convert(kind):
    assert validate(MELDCODE_FORMS[kind], VALID[kind], CTX) == {}
    record = CONVERT[kind](VALID[kind])
    assert record.id


def _required_cases():
    for kind, form in MELDCODE_FORMS.items():
        for f in visible_fields(form, VALID[kind], CTX):
            if f.required and not (kind == "decision" and f.key in ("outcome", "reporting_norm")):
                yield pytest.param(kind, f.key, id=f"{kind}-{f.key}")


@pytest.mark.parametrize(("kind", "key"), list(_required_cases()))
def test_missing_required_answer_is_reported_on_its_key(kind, key):
    form = MELDCODE_FORMS[kind]
    values = {k: v for k, v in VALID[kind].items() if k != key}
    errors = validate(form, values, CTX)
    assert errors == {key: [required_message(form.field(key))]}
    with pytest.raises(ValidationError) as caught:
        CONVERT[kind](values)
    assert caught.value.field == key


# Rules the form cannot express; the domain's validator names the form's key.
DOMAIN_RULES = [
    ("signal", {"interpretation": "", "is_hypothesis": True}, "interpretation",
     "Een hypothese is een interpretatie"),
    ("signal", {"concerns": ["p-zoe"]}, "concerns", "hoort niet bij het huishouden"),
    ("signal", {"observed_at": "2026-03-11 09:00"}, "observed_at", "in de toekomst"),
    ("risk_profile", {"police": ["none", "call_out"]}, "police", "Geen politie-inzet"),
    ("kindcheck_run", {"concerns": "unclear", "other_professional": "takes_over"},
     "other_professional_name", "welke hulpverlener de zorgen oppakt"),
    ("consultation", {"partner": "veilig_thuis_advice", "anonymous": False},
     "anonymous", "alleen als de cliënt dat goedvindt"),
    ("conversation", {"participants": [], "other_participants": ""}, "participants",
     "wie er bij het gesprek waren"),
    ("weighing", {"structural_unsafety": None}, "structural_unsafety",
     "beantwoord zowel de vraag over acute onveiligheid"),
    ("weighing", {"reasoning": "  "}, "reasoning", "verplicht"),
    ("decision", {"decided_on": "2026-03-11"}, "decided_on", "in de toekomst"),
]


@pytest.mark.parametrize(("kind", "changes", "key", "message"), DOMAIN_RULES,
                         ids=[f"{r[0]}-{r[2]}" for r in DOMAIN_RULES])
def test_rules_of_the_domain_are_reported_on_the_form_key(kind, changes, key, message):
    with pytest.raises(ValidationError) as caught:
        CONVERT[kind]({**VALID[kind], **changes})
    assert caught.value.field == key
    assert message in caught.value.message


def test_domain_error_keeps_its_class_and_message_when_renamed():
    with pytest.raises(KindcheckError) as caught, on_form_keys({"children": "children_count"}):
        raise KindcheckError("Vraag 3: ...", field="children")
    assert caught.value.field == "children_count" and caught.value.message == "Vraag 3: ..."
    with pytest.raises(ValidationError) as caught, on_form_keys({"children": "children_count"}):
        raise ValidationError("Iets anders.", field="notes")
    assert caught.value.field == "notes"


def test_no_children_counted_for_children_in_care():
    errors = validate(KINDCHECK_FORM, {**VALID["kindcheck_run"], "children_count": 0}, CTX)
    assert errors == {"children_count": ["Vul een getal in van 1 tot en met 10."]}


# ---------------------------------------------------------------------------------------------
# Choices and questions are the domain's own texts, in the current language.

CHOICE_ENUMS = {
    ("signal", "forms"): ViolenceForm, ("signal", "source"): SourceKind,
    ("risk_profile", "risk_factors"): RiskFactor,
    ("risk_profile", "protective_factors"): ProtectiveFactor,
    ("risk_profile", "duration"): ViolenceDuration, ("risk_profile", "police"): PoliceInvolvement,
    ("kindcheck_run", "parental_problems"): ParentalProblem,
    ("kindcheck_run", "child1_residence"): ChildResidence,
    ("kindcheck_run", "concerns"): ConcernsAnswer,
    ("kindcheck_run", "other_professional"): OtherProfessional,
    ("kindcheck_run", "trigger"): KindcheckTrigger,
    ("consultation", "partner"): ConsultationPartner,
    ("consultation", "result"): ConsultationResult, ("consultation", "theme"): ViolenceForm,
    ("conversation", "skip_reason"): ConversationSkipReason,
    ("weighing", "instrument"): RiskInstrument,
    ("decision", "not_informed_because"): OpenReportingException,
    ("decision", "reporting_norm"): ReportingNorm, ("acute_path", "contacted"): AcuteContact,
}


def _labels(kind: str, key: str) -> dict[str, str]:
    return {c.code: tr(c.label) for c in MELDCODE_FORMS[kind].field(key).choices}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_choice_labels_are_the_enum_labels_in_the_current_language(language):
    set_language(language)
    try:
        for (kind, key), enum in CHOICE_ENUMS.items():
            expected: dict[str, str] = {str(m.value): m.label for m in enum}
            if (kind, key) == ("consultation", "theme"):
                # a specialist is asked about a named theme, never "not yet clear"
                del expected[ViolenceForm.NOT_YET_CLEAR.value]
            assert _labels(kind, key) == expected, (kind, key)
        outcome = _labels("decision", "outcome")
        assert outcome == {m.value: m.label for m in WeighingOutcomeKind
                           if m is not WeighingOutcomeKind.INCOMPLETE}
        suspicion = WEIGHING_FORM.field("suspicion")
        assert isinstance(suspicion.label, DomainText)
        assert tr(suspicion.label) == WeighingQuestion.SUSPICION.label
        assert tr(KINDCHECK_FORM.field("has_parental_problems").label) == \
            KindcheckQuestion.PARENTAL_PROBLEMS.label
    finally:
        set_language("nl")


def test_every_choice_field_takes_its_choices_from_a_domain_enum():
    for kind, form in MELDCODE_FORMS.items():
        for f in form.fields:
            if f.type in (FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE):
                assert f.choices and all(isinstance(c.label, DomainText) for c in f.choices), \
                    (kind, f.key)


def test_signal_form_keeps_facts_and_interpretation_apart():
    assert SIGNAL_FORM.field("interpretation").sensitive
    assert not SIGNAL_FORM.field("interpretation").required
    assert SIGNAL_FORM.field("facts").required and not SIGNAL_FORM.field("facts").sensitive
    shown = {f.key for f in visible_fields(SIGNAL_FORM, {"source": "own_observation"}, CTX)}
    assert "source_detail" not in shown
    for source in ("told_by_someone", "document"):
        shown = {f.key for f in visible_fields(SIGNAL_FORM, {"source": source}, CTX)}
        assert "source_detail" in shown


# ---------------------------------------------------------------------------------------------
# The afwegingskader: the form asks exactly what weigh() asks, on every path.

ANSWER_KEYS = tuple(k for keys in WEIGHING_QUESTION_KEYS.values() for k in keys)


def _next_weighing_key(answers: dict[str, bool]) -> str | None:
    """The key weigh() asks for next; half of weighing 2 is an error naming the other half."""
    try:
        outcome = weigh(WeighingAnswers(**answers))
    except WeighingError as err:
        return err.field
    if outcome.next_weighing is None:
        return None
    return next(k for k in WEIGHING_QUESTION_KEYS[outcome.next_weighing] if k not in answers)


def _weighing_paths(answers=None):
    answers = answers or {}
    yield answers
    key = _next_weighing_key(answers)
    if key is not None:
        for value in (True, False):
            yield from _weighing_paths({**answers, key: value})


WEIGHING_PATHS = list(_weighing_paths())


def _path_id(answers: dict) -> str:
    return "-".join(f"{k}={'j' if v else 'n'}" for k, v in answers.items()) or "empty"


@pytest.mark.parametrize("answers", WEIGHING_PATHS, ids=[_path_id(a) for a in WEIGHING_PATHS])
def test_weighing_form_shows_exactly_the_weighings_weigh_asks_for(answers):
    asked = set(answers) | ({_next_weighing_key(answers)} - {None})
    values = {"weighed_on": TODAY, **answers, "reasoning": "Omdat."}
    shown = {f.key for f in visible_fields(WEIGHING_FORM, values, CTX)} & set(ANSWER_KEYS)
    assert shown == asked
    # Answers on questions that are not asked are dropped by clean.
    noise = {k: True for k in ANSWER_KEYS if k not in asked}
    if answers:  # weighing 1 is required
        cleaned = clean(WEIGHING_FORM, {**values, **noise}, CTX)
        assert {k for k in ANSWER_KEYS if cleaned.get(k) is not None} == set(answers)
    assert weighing_answers_from_values({**values, **noise}, CTX) == WeighingAnswers(**answers)


def test_weighing_paths_reach_every_outcome():
    kinds = {weigh(WeighingAnswers(**a)).kind for a in WEIGHING_PATHS
             if _next_weighing_key(a) != "structural_unsafety"}
    assert kinds == set(WeighingOutcomeKind)
    finished = [a for a in WEIGHING_PATHS if _next_weighing_key(a) is None]
    # 1 close + 4 by the worker alone (3 no, 4 no, 5 yes, 5 no) + 4 with Veilig Thuis for
    # each of the 3 ways weighing 2 is "yes" (acute, structural, both).
    assert len(finished) == 1 + 4 + 3 * 4


@pytest.mark.parametrize("answers", [a for a in WEIGHING_PATHS if a],
                         ids=[_path_id(a) for a in WEIGHING_PATHS if a])
def test_weighing_record_follows_its_answers(answers):
    values = {"weighed_on": TODAY, **answers, "reasoning": "Omdat."}
    if _next_weighing_key(answers) == "structural_unsafety":
        with pytest.raises(WeighingError) as caught:
            weighing_from_values(values, context=CTX)
        assert caught.value.field == "structural_unsafety"
        return
    weighing = weighing_from_values(values, context=CTX)
    assert weighing.answers == WeighingAnswers(**answers)
    assert weighing.outcome == weigh(WeighingAnswers(**answers))


# ---------------------------------------------------------------------------------------------
# The kindcheck: the form's questions follow kindcheck_outcome's next question.

QUESTION_KEY = {key: q for q, key in KINDCHECK_QUESTION_KEYS.items()}
# For each question, the possible answers (with what belongs with them).
KINDCHECK_OPTIONS = {
    "has_parental_problems": [{"has_parental_problems": False},
                              {"has_parental_problems": True,
                               "parental_problems": ["partner_violence", "firearm"]}],
    "has_child_contacts": [{"has_child_contacts": False},
                           {"has_child_contacts": True, "child_contacts": ["own_children"]},
                           {"has_child_contacts": True, "child_contacts": ["pregnant"]}],
    "children_count": [],  # follows from the contacts, below
    "concerns": [{"concerns": c.value} for c in ConcernsAnswer],
    "other_professional": [{"other_professional": "none"},
                           {"other_professional": "takes_over",
                            "other_professional_name": "Jeugdarts GGD"},
                           {"other_professional": "does_not_take_over"}],
}


def _kindcheck_next_key(values: dict) -> str | None:
    outcome = kindcheck_outcome(kindcheck_answers_from_values(values, CTX))
    return None if outcome.next_question is None else KINDCHECK_QUESTION_KEYS[
        outcome.next_question]


def _kindcheck_paths(values=None):
    values = values or {"checked_on": TODAY, "trigger": "new_worry"}
    yield values
    key = _kindcheck_next_key(values)
    if key == "children_count":
        options = [{"children_count": 1, "child1_age": 3, "child1_residence": "with_client"}]
    else:
        options = KINDCHECK_OPTIONS.get(key, [])
    for option in options:
        yield from _kindcheck_paths({**values, **option})


KINDCHECK_PATHS = list(_kindcheck_paths())


def _answered_questions(values: dict) -> set[str]:
    return {k for k in KINDCHECK_QUESTION_KEYS.values() if k in values}


@pytest.mark.parametrize("values", KINDCHECK_PATHS,
                         ids=[f"path{i}" for i in range(len(KINDCHECK_PATHS))])
def test_kindcheck_form_shows_the_questions_of_its_flow(values):
    asked = _answered_questions(values) | ({_kindcheck_next_key(values)} - {None})
    if _kindcheck_next_key(values) == "children_count":
        asked.add("concerns")  # question 3 does not branch: 4 is shown with it
    shown = {f.key for f in visible_fields(KINDCHECK_FORM, values, CTX)}
    assert shown & set(KINDCHECK_QUESTION_KEYS.values()) == asked
    noise = {k: v for option in KINDCHECK_OPTIONS.values() for o in option
             for k, v in o.items() if k not in values and k not in shown}
    assert kindcheck_answers_from_values({**noise, **values}, CTX) == \
        kindcheck_answers_from_values(values, CTX)


def test_kindcheck_paths_reach_every_outcome_and_each_finished_run_converts():
    finished = [v for v in KINDCHECK_PATHS if _kindcheck_next_key(v) is None]
    kinds = set()
    for values in finished:
        run = kindcheck_run_from_values(values, context=CTX)
        kinds.add(run.outcome.kind)
        assert kindcheck_run_from_values(kindcheck_run_to_values(run), context=CTX,
                                         id=run.id) == run
    assert kinds == set(KindcheckOutcomeKind) - {KindcheckOutcomeKind.IN_PROGRESS}


def test_an_unfinished_kindcheck_is_not_recorded():
    values = {"checked_on": TODAY, "trigger": "intake", "has_parental_problems": True}
    with pytest.raises(ValidationError) as caught:
        kindcheck_run_from_values(values, context=CTX)
    assert caught.value.field == "parental_problems"  # the form: required once shown


def test_child_slots_show_for_the_number_of_children():
    values = {**VALID["kindcheck_run"], "children_count": 3}
    shown = {f.key for f in visible_fields(KINDCHECK_FORM, values, CTX)}
    assert {"child1_residence", "child2_residence", "child3_residence"} <= shown
    assert "child4_residence" not in shown
    assert "child1_contact" not in shown  # lives with the client
    assert {"child2_contact", "child2_alone_with_client"} <= shown


# ---------------------------------------------------------------------------------------------
# Round trips: record -> answers -> record.

T1 = datetime(2026, 3, 9, 8, 45, tzinfo=UTC)
ROUND_TRIPS = [
    ("signal", Signal("s-1", T1, ("p-anna", "p-cem"), frozenset({ViolenceForm.STALKING}),
                      SourceKind.OWN_OBSERVATION, "Hij stond weer bij de deur.",
                      acute_indication=True), {}),
    ("signal", Signal("s-2", T1, ("p-bram",), frozenset({ViolenceForm.PHYSICAL_NEGLECT,
                                                          ViolenceForm.EMOTIONAL_NEGLECT}),
                      SourceKind.DOCUMENT, "Geen lunch, vieze kleren.", "Verslag school 3 maart",
                      "Verwaarlozing?", True), {}),
    ("risk_profile", RiskProfile("r-1", TODAY), {}),
    ("risk_profile", RiskProfile("r-2", TODAY, frozenset({RiskFactor.POVERTY}),
                                 frozenset({ProtectiveFactor.DAILY_ACTIVITY}),
                                 ViolenceDuration.OVER_A_YEAR,
                                 frozenset({PoliceInvolvement.NONE}), "Zie dossier."), {}),
    ("kindcheck_run", KindcheckRun("k-1", TODAY, KindcheckTrigger.EVALUATION,
                                   KindcheckAnswers(parental_problems=frozenset())), {}),
    ("kindcheck_run", KindcheckRun(
        "k-2", TODAY, KindcheckTrigger.MULTIDISCIPLINARY_MEETING,
        KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.ADDICTION}),
            child_contacts=frozenset({ChildContact.OWN_CHILDREN, ChildContact.PREGNANT}),
            children=(KindcheckChild(None, ChildResidence.PARTLY_WITH_CLIENT, "Vader",
                                     "Om het weekend", False),
                      KindcheckChild(5, ChildResidence.WITH_CLIENT, "Oma")),
            children_notice="Slapen slecht.", help_wanted=False,
            concerns=ConcernsAnswer.UNCLEAR, other_professional=OtherProfessional.TAKES_OVER,
            other_professional_name="Jeugdteam Noord"),
        "Overgedragen."), {}),
    ("consultation", Consultation("c-1", TODAY, ConsultationPartner.VEILIG_THUIS_ADVICE, False,
                                  "Melden.", ConsultationResult.SUSPICION_REMAINS, "Jan, VT",
                                  client_consent=True), {}),
    ("consultation", Consultation("c-2", TODAY, ConsultationPartner.COLLEAGUE, True,
                                  "Nog even aankijken.", ConsultationResult.OTHER_EXPLANATION),
     {}),
    ("conversation", Conversation("g-1", TODAY, True, ("p-anna", "p-bram"), "",
                                  "Zorgen besproken.", "Boos.", possible_victim_only=True), {}),
    ("conversation", Conversation("g-2", TODAY, False,
                                  skip_reason=ConversationSkipReason.DANGER_TO_HOUSEHOLD,
                                  skip_explanation="Vader is gewelddadig."), {}),
    ("weighing", HELP_WEIGHING, {}),
    ("weighing", Weighing("w-2", TODAY, WeighingAnswers(suspicion=False), "Andere verklaring."),
     {}),
    ("decision", Decision("d-1", TODAY, WeighingOutcomeKind.REPORT,
                          ReportingNorm.NO_SUFFICIENT_HELP,
                          "w-report", client_informed=True, other_parties="Huisarts"),
     {"basis": REPORT_WEIGHING}),
    ("decision", Decision("d-2", TODAY, WeighingOutcomeKind.OFFER_HELP, None, "w-help",
                          "Opvoedondersteuning", family_actions="Oma helpt."),
     {"basis": HELP_WEIGHING}),
    ("decision", Decision("d-3", TODAY, WeighingOutcomeKind.REPORT, ReportingNorm.UNSAFETY, None,
                          client_informed=False,
                          not_informed_because=OpenReportingException.SAFETY_OF_WORKER),
     {"basis": ACUTE}),
    ("acute_path", ACUTE, {}),
]

TO_VALUES = {
    "signal": signal_to_values, "risk_profile": risk_profile_to_values,
    "kindcheck_run": kindcheck_run_to_values, "consultation": consultation_to_values,
    "conversation": conversation_to_values, "weighing": weighing_to_values,
    "decision": decision_to_values, "acute_path": acute_path_to_values,
}
FROM_VALUES = {
    "signal": signal_from_values, "risk_profile": risk_profile_from_values,
    "kindcheck_run": kindcheck_run_from_values, "consultation": consultation_from_values,
    "conversation": conversation_from_values, "weighing": weighing_from_values,
    "decision": decision_from_values, "acute_path": acute_path_from_values,
}


@pytest.mark.parametrize(("kind", "record", "extra"), ROUND_TRIPS,
                         ids=[r[1].id for r in ROUND_TRIPS])
def test_record_to_values_and_back_is_the_same_record(kind, record, extra):
    values = TO_VALUES[kind](record)
    assert validate(MELDCODE_FORMS[kind], values, CTX) == {}
    assert FROM_VALUES[kind](values, context=CTX, id=record.id, **extra) == record


def test_round_trips_cover_every_record_kind_but_the_draft():
    assert {r[0] for r in ROUND_TRIPS} == set(MELDCODE_FORMS) - {"quick_signal"}


def test_new_records_get_a_fresh_id():
    first, second = (CONVERT["acute_path"](VALID["acute_path"]) for _ in range(2))
    assert first.id != second.id and len(first.id) == 36


def test_moments_from_the_widget_are_local_time_stored_in_utc():
    local = datetime(2026, 3, 9, 10, 15)
    signal = signal_from_values({**VALID["signal"], "observed_at": local}, context=CTX)
    assert signal.observed_at.tzinfo is UTC
    assert signal.observed_at == local.astimezone()


# ---------------------------------------------------------------------------------------------
# Quick capture: a draft in seconds, a full signal later.

def test_quick_capture_needs_only_the_facts():
    required = {f.key for f in QUICK_SIGNAL_FORM.fields if f.required}
    assert required == {"facts"}
    assert set(QUICK_SIGNAL_FORM.keys) <= set(SIGNAL_FORM.keys)
    draft = quick_signal_from_values({"facts": "  Geschreeuw gehoord.  "}, context=CTX)
    assert draft == QuickSignal(draft.id, NOW, "Geschreeuw gehoord.")
    with pytest.raises(ValidationError) as caught:
        quick_signal_from_values({"concerns": ["p-anna"]}, context=CTX)
    assert caught.value.field == "facts"


def test_quick_capture_round_trip():
    draft = quick_signal_from_values(VALID["quick_signal"], context=CTX)
    assert draft.concerns == ("p-anna",) and draft.observed_at is not None
    again = quick_signal_from_values(quick_signal_to_values(draft), context=CTX, id=draft.id,
                                     captured_at=draft.captured_at)
    assert again == draft


def test_quick_capture_is_completed_into_a_signal_with_the_same_id():
    draft = quick_signal_from_values({"facts": "Bram had honger op school.",
                                      "concerns": ["p-bram"]}, context=CTX)
    # Opened in the full form, the draft's answers are there, the rest is still missing.
    errors = validate(SIGNAL_FORM, quick_signal_to_values(draft), CTX)
    assert set(errors) == {"observed_at", "forms", "source", "acute_indication"}
    with pytest.raises(ValidationError):
        signal_from_quick(draft, {}, context=CTX)
    signal = signal_from_quick(draft, {
        "observed_at": "2026-03-10 08:30", "forms": ["physical_neglect"],
        "source": "own_observation", "acute_indication": False}, context=CTX)
    assert signal.id == draft.id
    assert signal.facts == draft.facts and signal.concerns == draft.concerns
    assert signal.source is SourceKind.OWN_OBSERVATION and signal.source_detail == ""


# ---------------------------------------------------------------------------------------------
# The decision follows its basis; open reporting only for a report.

def test_decision_outcome_comes_from_the_basis_not_the_answers():
    values = {**VALID["decision"], "outcome": "close", "reporting_norm": None}
    decision = decision_from_values(values, basis=REPORT_WEIGHING, context=CTX)
    assert decision.outcome is WeighingOutcomeKind.REPORT
    assert decision.reporting_norm is ReportingNorm.NO_SUFFICIENT_HELP
    assert decision.weighing_id == REPORT_WEIGHING.id
    assert decision_values_for(ACUTE) == {"outcome": "report", "reporting_norm": "1"}
    assert decision_values_for(HELP_WEIGHING) == {"outcome": "offer_help", "reporting_norm": None}


def test_open_reporting_is_asked_only_for_a_report():
    help_values = {**decision_values_for(HELP_WEIGHING), "decided_on": TODAY}
    shown = {f.key for f in visible_fields(MELDCODE_FORMS["decision"], help_values, CTX)}
    assert not {"client_informed", "not_informed_because", "reporting_norm"} & shown
    with pytest.raises(ValidationError) as caught:  # offering help names the help
        decision_from_values(help_values, basis=HELP_WEIGHING, context=CTX)
    assert caught.value.field == "help_engaged"
    report = {**decision_values_for(ACUTE), "decided_on": TODAY}
    with pytest.raises(ValidationError) as caught:
        decision_from_values(report, basis=ACUTE, context=CTX)
    assert caught.value.field == "client_informed"


def test_no_decision_on_an_unfinished_weighing():
    unfinished = Weighing("w-open", TODAY, WeighingAnswers(suspicion=True), "Nog bezig.")
    with pytest.raises(ValidationError) as caught:
        decision_from_values({"decided_on": TODAY}, basis=unfinished, context=CTX)
    assert caught.value.field == "outcome"
    assert "afweging klaar" in caught.value.message


def test_conversation_skipped_needs_a_reason_and_no_report():
    values = {"held": False, "held_on": TODAY, "what_was_said": "verborgen"}
    errors = validate(MELDCODE_FORMS["conversation"], values, CTX)
    assert set(errors) == {"skip_reason", "skip_explanation"}
    conversation = conversation_from_values(
        {**values, "skip_reason": "no_contact", "skip_explanation": "Drie keer gebeld."},
        context=CTX)
    assert conversation.what_was_said == ""  # the hidden answer is dropped
    assert conversation.skip_reason is ConversationSkipReason.NO_CONTACT


def test_risk_profile_unknown_police_is_none():
    profile = risk_profile_from_values({"recorded_on": TODAY}, context=CTX)
    assert profile.police is None and profile.duration is None
    assert profile == RiskProfile(profile.id, TODAY)


def test_acute_path_in_the_future_is_refused():
    with pytest.raises(ValidationError) as caught:
        acute_path_from_values({**VALID["acute_path"], "contacted_at": NOW + timedelta(hours=1)},
                               context=CTX)
    assert caught.value.field == "contacted_at"
