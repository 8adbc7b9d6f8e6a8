"""The afwegingskader: every reachable path, and every answer set that is not
reachable is rejected naming the weighing."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from app.errors import ValidationError
from app.meldcode.afwegingskader import (
    ReportingNorm,
    WeighingAnswers,
    WeighingError,
    WeighingOutcomeKind,
    WeighingQuestion,
    validate_weighing,
    weigh,
)
from app.meldcode.vocabulary import RiskInstrument
from tests.meldcode.builders import TODAY, weighing

K = WeighingOutcomeKind
N = ReportingNorm
Q = WeighingQuestion
A = WeighingAnswers

# (id, answers, kind, reporting norm, next weighing, next only after follow-up)
WITHOUT_VEILIG_THUIS = [
    ("nothing", A(), K.INCOMPLETE, None, Q.SUSPICION, False),
    ("1-no", A(False), K.CLOSE, None, None, False),
    ("1-yes", A(True), K.INCOMPLETE, None, Q.UNSAFETY, False),
    ("2-no", A(True, False, False), K.INCOMPLETE, None, Q.HELP_POSSIBLE, False),
    ("3-no", A(True, False, False, False), K.REPORT, N.NO_SUFFICIENT_HELP, None, False),
    ("3-yes", A(True, False, False, True), K.INCOMPLETE, None, Q.HELP_ACCEPTED, False),
    ("4-no", A(True, False, False, True, False), K.REPORT, N.HELP_FAILS, None, False),
    ("4-yes", A(True, False, False, True, True), K.OFFER_HELP, None, Q.HELP_EFFECTIVE, True),
    ("5-no", A(True, False, False, True, True, False), K.REPORT, N.HELP_FAILS, None, False),
    ("5-yes", A(True, False, False, True, True, True), K.CLOSE_HELP_WITH_FOLLOW_UP, None, None,
     False),
]

# Weighing 2 = yes (acute and/or structural): the report is due at once under
# norm 1 and weighings 3–5 are made together with Veilig Thuis.
# (id, answers for 3–5, kind, reporting norm, next weighing, after follow-up)
WITH_VEILIG_THUIS = [
    ("2-yes", (None, None, None), K.REPORT, N.UNSAFETY, Q.HELP_POSSIBLE, False),
    ("3-no", (False, None, None), K.REPORT, N.UNSAFETY, None, False),
    ("3-yes", (True, None, None), K.REPORT, N.UNSAFETY, Q.HELP_ACCEPTED, False),
    ("4-no", (True, False, None), K.REPORT, N.UNSAFETY, None, False),
    ("4-yes", (True, True, None), K.OFFER_HELP, N.UNSAFETY, Q.HELP_EFFECTIVE, True),
    ("5-no", (True, True, False), K.REPORT, N.HELP_FAILS, None, False),
    ("5-yes", (True, True, True), K.CLOSE_HELP_WITH_FOLLOW_UP, N.UNSAFETY, None, False),
]
UNSAFETY = [("acute", True, False), ("structural", False, True), ("both", True, True)]


def _vt_answers(acute: bool, structural: bool, rest: tuple[bool | None, ...]) -> WeighingAnswers:
    return A(True, acute, structural, *rest)


def _answered(answers: WeighingAnswers) -> set[int]:
    return {int(q) for q in Q if answers.answer(q) is not None}


@pytest.mark.parametrize(("answers", "kind", "norm", "next_q", "later"),
                         [row[1:] for row in WITHOUT_VEILIG_THUIS],
                         ids=[row[0] for row in WITHOUT_VEILIG_THUIS])
def test_paths_without_veilig_thuis(answers, kind, norm, next_q, later):
    outcome = weigh(answers)
    assert outcome.kind is kind
    assert outcome.reporting_norm is norm
    assert outcome.next_weighing is next_q
    assert outcome.next_after_follow_up is later
    assert outcome.with_veilig_thuis is False
    assert outcome.urgent is False
    assert outcome.is_complete is (kind is not K.INCOMPLETE)
    assert outcome.calls_for_report is (kind is K.REPORT)


@pytest.mark.parametrize(("acute", "structural"), [u[1:] for u in UNSAFETY],
                         ids=[u[0] for u in UNSAFETY])
@pytest.mark.parametrize(("rest", "kind", "norm", "next_q", "later"),
                         [row[1:] for row in WITH_VEILIG_THUIS],
                         ids=[row[0] for row in WITH_VEILIG_THUIS])
def test_paths_with_veilig_thuis(acute, structural, rest, kind, norm, next_q, later):
    outcome = weigh(_vt_answers(acute, structural, rest))
    assert outcome.kind is kind
    assert outcome.reporting_norm is norm
    assert outcome.next_weighing is next_q
    assert outcome.next_after_follow_up is later
    assert outcome.with_veilig_thuis is True
    assert outcome.urgent is acute
    assert outcome.is_complete
    assert outcome.calls_for_report


def _reachable() -> list[WeighingAnswers]:
    found = [row[1] for row in WITHOUT_VEILIG_THUIS]
    for _id, acute, structural in UNSAFETY:
        found += [_vt_answers(acute, structural, row[1]) for row in WITH_VEILIG_THUIS]
    return found


def test_every_other_answer_set_is_rejected():
    """All 3^6 combinations of yes/no/unanswered: exactly the paths in the
    tables above are accepted; every other one raises a WeighingError that
    names a weighing."""
    reachable = set(_reachable())
    assert len(reachable) == 10 + 7 * 3
    accepted = set()
    for values in itertools.product((None, True, False), repeat=6):
        answers = A(*values)
        try:
            weigh(answers)
        except WeighingError as error:
            assert answers not in reachable
            assert error.message.startswith("Afweging ")
            assert error.field in {"suspicion", "acute_unsafety", "structural_unsafety",
                                   "help_possible", "help_accepted", "help_effective"}
        else:
            accepted.add(answers)
    assert accepted == reachable


REJECTED = [
    ("2 without 1", A(None, True, True), "acute_unsafety",
     "Afweging 2 is beantwoord, maar afweging 1 nog niet."),
    ("3 without 2", A(True, None, None, True), "help_possible",
     "Afweging 3 is beantwoord, maar afweging 2 nog niet."),
    ("4 without 3", A(True, False, False, None, True), "help_accepted",
     "Afweging 4 is beantwoord, maar afweging 3 nog niet."),
    ("5 without 4", A(True, False, False, True, None, True), "help_effective",
     "Afweging 5 is beantwoord, maar afweging 4 nog niet."),
    ("only 5", A(help_effective=False), "help_effective",
     "Afweging 5 is beantwoord, maar afweging 4 nog niet."),
    ("2 after 1=no", A(False, False, False), "acute_unsafety",
     "Afweging 2 hoort hier niet bij: na ‘nee’ bij afweging 1 stopt de afweging."),
    ("3 after 1=no", A(False, None, None, True), "help_possible",
     "Afweging 3 hoort hier niet bij: na ‘nee’ bij afweging 1 stopt de afweging."),
    ("half of 2 after 1=no", A(False, True), "acute_unsafety",
     "Afweging 2 hoort hier niet bij: na ‘nee’ bij afweging 1 stopt de afweging."),
    ("4 after 3=no", A(True, False, False, False, True), "help_accepted",
     "Afweging 4 hoort hier niet bij: na ‘nee’ bij afweging 3 stopt de afweging."),
    ("4 after 3=no with Veilig Thuis", A(True, True, False, False, False), "help_accepted",
     "Afweging 4 hoort hier niet bij: na ‘nee’ bij afweging 3 stopt de afweging."),
    ("5 after 4=no", A(True, False, False, True, False, True), "help_effective",
     "Afweging 5 hoort hier niet bij: na ‘nee’ bij afweging 4 stopt de afweging."),
    ("5 after 4=no with Veilig Thuis", A(True, False, True, True, False, False),
     "help_effective",
     "Afweging 5 hoort hier niet bij: na ‘nee’ bij afweging 4 stopt de afweging."),
    ("acute without structural", A(True, True, None), "structural_unsafety",
     "Afweging 2: beantwoord zowel de vraag over acute onveiligheid als de vraag over "
     "structurele onveiligheid."),
    ("structural without acute", A(True, None, False), "acute_unsafety",
     "Afweging 2: beantwoord zowel de vraag over acute onveiligheid als de vraag over "
     "structurele onveiligheid."),
    ("half of 2 and 3", A(True, None, True, True), "acute_unsafety",
     "Afweging 2: beantwoord zowel"),
]


@pytest.mark.parametrize(("answers", "field", "message"), [r[1:] for r in REJECTED],
                         ids=[r[0] for r in REJECTED])
def test_inconsistent_answers_are_rejected(answers, field, message):
    with pytest.raises(WeighingError) as caught:
        weigh(answers)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)
    assert isinstance(caught.value, ValidationError)


@pytest.mark.parametrize("answers", _reachable(), ids=lambda a: "-".join(
    "." if v is None else "y" if v else "n" for v in vars(a).values()))
def test_reasons_name_each_answered_weighing_once(answers):
    reasons = weigh(answers).reasons
    for number in range(1, 6):
        lines = [r for r in reasons if r.startswith(f"Afweging {number}:")]
        if number in _answered(answers):
            # Weighing 2 gives one line for acute and one for structural unsafety.
            expected = (int(bool(answers.acute_unsafety)) + int(bool(answers.structural_unsafety))
                        if number == 2 and answers.answer(Q.UNSAFETY) else 1)
            assert len(lines) == expected
        else:
            assert lines == []


@pytest.mark.parametrize("answers", _reachable())
def test_reasons_state_the_norm_and_urgency(answers):
    outcome = weigh(answers)
    if outcome.reporting_norm is not None:
        assert outcome.reporting_norm.label in outcome.reasons
    assert all(not r.startswith("Meldnorm") for r in outcome.reasons
               if outcome.reporting_norm is None)
    urgent_line = ("Er is acute onveiligheid: neem meteen contact op met Veilig Thuis of de "
                   "politie.")
    assert (urgent_line in outcome.reasons) is bool(answers.acute_unsafety)


def test_report_again_after_help_fails_with_veilig_thuis():
    outcome = weigh(A(True, False, True, True, True, False))
    assert outcome.reasons[-2:] == ("Meld opnieuw bij Veilig Thuis.", N.HELP_FAILS.label)


def test_close_reason():
    assert weigh(A(False)).reasons == (
        "Afweging 1: er is geen vermoeden van huiselijk geweld of kindermishandeling.",
        "Sluit af en leg dit vast in de casus.",
    )


# --- the Weighing record (step 4) ---------------------------------------------

VALID_RECORDS = [
    ("complete", {}),
    ("unfinished draft", {"answers": A(True)}),
    ("with instrument", {"instrument": RiskInstrument.LIRIK, "instrument_result": "Hoog risico"}),
    ("other instrument named",
     {"instrument": RiskInstrument.OTHER, "instrument_name": "Eigen lijst"}),
    ("today", {"weighed_on": TODAY}),
]


@pytest.mark.parametrize("changes", [r[1] for r in VALID_RECORDS],
                         ids=[r[0] for r in VALID_RECORDS])
def test_valid_weighing_records(changes):
    validate_weighing(replace(weighing(), **changes), TODAY)


INVALID_RECORDS = [
    ("no reasoning", {"reasoning": "  "}, "reasoning", "Schrijf op waarom"),
    ("reasoning too long", {"reasoning": "x" * 4001}, "reasoning",
     "De tekst bij ‘Onderbouwing’"),
    ("future", {"weighed_on": TODAY.replace(day=11)}, "weighed_on", "De datum van de afweging"),
    ("empty answers", {"answers": A()}, "suspicion", "Beantwoord ten minste afweging 1."),
    ("contradiction", {"answers": A(False, False, False)}, "acute_unsafety", "Afweging 2 hoort"),
    ("other instrument without name", {"instrument": RiskInstrument.OTHER}, "instrument_name",
     "Vul in welk risico-instrument"),
    ("result without instrument", {"instrument_result": "Score 7"}, "instrument",
     "Kies eerst welk risico-instrument"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in INVALID_RECORDS],
                         ids=[r[0] for r in INVALID_RECORDS])
def test_invalid_weighing_records(changes, field, message):
    with pytest.raises(ValidationError) as caught:
        validate_weighing(replace(weighing(), **changes), TODAY)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_weighing_record_outcome_follows_its_answers():
    assert weighing(A(True, False, False, True, True)).outcome.kind is K.OFFER_HELP


def test_question_texts_and_norm_labels():
    assert Q.HELP_ACCEPTED.title == "Afweging 4"
    assert Q.UNSAFETY.label == "Is er acute onveiligheid en/of structurele onveiligheid?"
    assert N.UNSAFETY.label.startswith("Meldnorm 1:")
    assert [int(n) for n in N] == [1, 2, 3]
