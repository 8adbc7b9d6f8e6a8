"""The kindcheck: every path through the questions, every rejected answer set,
and the run record."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.errors import ValidationError
from app.meldcode.kindcheck import (
    ChildContact,
    ChildResidence,
    ConcernsAnswer,
    KindcheckAnswers,
    KindcheckChild,
    KindcheckError,
    KindcheckOutcomeKind,
    KindcheckQuestion,
    KindcheckTrigger,
    OtherProfessional,
    ParentalProblem,
    kindcheck_outcome,
    latest_run,
    validate_kindcheck_run,
)
from app.meldcode.steps import Step
from tests.meldcode.builders import TODAY, day, kindcheck_run

K = KindcheckOutcomeKind
Q = KindcheckQuestion
PROBLEMS = frozenset({ParentalProblem.ADDICTION, ParentalProblem.FIREARM})
OWN = frozenset({ChildContact.OWN_CHILDREN})
PREGNANT = frozenset({ChildContact.PREGNANT})
SIBLINGS = frozenset({ChildContact.MINOR_SIBLINGS_AT_HOME})
KIDS = (KindcheckChild(4, ChildResidence.WITH_CLIENT, care_shared_with="oma"),
        KindcheckChild(9, ChildResidence.ELSEWHERE, contact="elk weekend", alone_with_client=True))


def answers(**changes) -> KindcheckAnswers:
    return replace(KindcheckAnswers(), **changes)


ASKED = {"parental_problems": PROBLEMS, "child_contacts": OWN, "children": KIDS}


def with_child(child: KindcheckChild) -> KindcheckAnswers:
    """Questions 1 to 3 answered, with this one child."""
    return answers(**(ASKED | {"children": (child,)}))

# (id, answers, outcome kind, next question, closes, continues meldcode)
PATHS = [
    ("not started", answers(), K.IN_PROGRESS, Q.PARENTAL_PROBLEMS, False, False),
    ("Q1 no", answers(parental_problems=frozenset()), K.CLOSED_NO_PARENTAL_PROBLEMS, None,
     True, False),
    ("Q1 yes", answers(parental_problems=PROBLEMS), K.IN_PROGRESS, Q.CHILDREN_IN_CARE,
     False, False),
    ("Q2 no", answers(parental_problems=PROBLEMS, child_contacts=frozenset()),
     K.CLOSED_NO_CHILDREN, None, True, False),
    ("Q2 yes, children not yet named",
     answers(parental_problems=PROBLEMS, child_contacts=OWN), K.IN_PROGRESS,
     Q.ABOUT_THE_CHILDREN, False, False),
    ("Q3 answered", answers(**ASKED), K.IN_PROGRESS, Q.CONCERNS_REMOVED, False, False),
    ("pregnant: no children to name",
     answers(parental_problems=PROBLEMS, child_contacts=PREGNANT), K.IN_PROGRESS,
     Q.CONCERNS_REMOVED, False, False),
    ("Q4 removed", answers(**ASKED, concerns=ConcernsAnswer.REMOVED),
     K.CLOSED_CONCERNS_REMOVED, None, True, False),
    ("Q4 doubt", answers(**ASKED, concerns=ConcernsAnswer.DOUBT), K.CONSULT, None, False, True),
    ("Q4 concerns remain", answers(**ASKED, concerns=ConcernsAnswer.REMAIN),
     K.CONTINUE_MELDCODE, None, False, True),
    ("Q4 unclear", answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR), K.IN_PROGRESS,
     Q.OTHER_PROFESSIONAL, False, False),
    ("unclear, no other professional",
     answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR, other_professional=OtherProfessional.NONE),
     K.TELL_CLIENT_AND_CONTINUE, None, False, True),
    ("unclear, other professional takes over",
     answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR,
             other_professional=OtherProfessional.TAKES_OVER,
             other_professional_name="Jeugdarts GGD"),
     K.HANDED_OVER, None, False, False),
    ("unclear, other professional does not take over",
     answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR,
             other_professional=OtherProfessional.DOES_NOT_TAKE_OVER),
     K.CONTINUE_MELDCODE, None, False, True),
    ("pregnant, concerns remain",
     answers(parental_problems=PROBLEMS, child_contacts=PREGNANT, concerns=ConcernsAnswer.REMAIN),
     K.CONTINUE_MELDCODE, None, False, True),
    ("adolescent with minor siblings, doubt",
     answers(parental_problems=frozenset({ParentalProblem.PSYCHIATRIC_PROBLEMS}),
             child_contacts=SIBLINGS, children=(KindcheckChild(None, ChildResidence.WITH_CLIENT),),
             concerns=ConcernsAnswer.DOUBT),
     K.CONSULT, None, False, True),
    ("Q3 notes only, pregnant",
     answers(parental_problems=PROBLEMS, child_contacts=PREGNANT,
             care_and_safety="Bereidt zich goed voor.", help_wanted=True,
             concerns=ConcernsAnswer.REMOVED),
     K.CLOSED_CONCERNS_REMOVED, None, True, False),
]


@pytest.mark.parametrize(("given", "kind", "next_q", "closes", "continues"),
                         [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_kindcheck_paths(given, kind, next_q, closes, continues):
    outcome = kindcheck_outcome(given)
    assert outcome.kind is kind
    assert outcome.next_question is next_q
    assert outcome.is_finished is (kind is not K.IN_PROGRESS)
    assert outcome.is_closed is closes
    assert outcome.continues_meldcode is continues
    assert outcome.next_step is (Step.CONSULT if continues else None)


def test_every_outcome_kind_is_reached_by_a_path():
    assert {p[2] for p in PATHS} == set(K)


REASONS = [
    ("Q1 no", answers(parental_problems=frozenset()), (
        "Vraag 1: de cliënt heeft geen problemen die kinderen kunnen schaden. Sluit de "
        "kindcheck af en leg dit vast.",)),
    ("children listed", answers(**ASKED, concerns=ConcernsAnswer.DOUBT), (
        "Vraag 1: de cliënt heeft problemen die kinderen kunnen schaden: verslaving of "
        "middelengebruik, bezit van een vuurwapen.",
        "Vraag 2: zorgt voor eigen minderjarige kinderen.",
        "Vraag 3: het gaat om 2 kinderen.",
        "Vraag 4: je twijfelt. Overleg met een collega of met Veilig Thuis (stap 2).")),
    ("one child, handed over", answers(
        parental_problems=PROBLEMS, child_contacts=OWN, children=KIDS[:1],
        concerns=ConcernsAnswer.UNCLEAR, other_professional=OtherProfessional.TAKES_OVER,
        other_professional_name=" Jeugdarts GGD "), (
        "Vraag 1: de cliënt heeft problemen die kinderen kunnen schaden: verslaving of "
        "middelengebruik, bezit van een vuurwapen.",
        "Vraag 2: zorgt voor eigen minderjarige kinderen.",
        "Vraag 3: het gaat om 1 kind.",
        "Vraag 4: de cliënt antwoordt niet of niet duidelijk.",
        "Een andere hulpverlener (Jeugdarts GGD) pakt de zorgen over de kinderen op. "
        "Leg deze overdracht vast.")),
]


@pytest.mark.parametrize(("given", "expected"), [r[1:] for r in REASONS],
                         ids=[r[0] for r in REASONS])
def test_kindcheck_reasons(given, expected):
    assert kindcheck_outcome(given).reasons == expected


REJECTED = [
    ("Q2 without Q1", answers(child_contacts=OWN), "child_contacts",
     "Vraag 2 is beantwoord, maar vraag 1 nog niet."),
    ("4b without Q1", answers(other_professional_name="Huisarts"), "other_professional",
     "Vraag 4b is beantwoord, maar vraag 1 nog niet."),
    ("Q2 after Q1 no", answers(parental_problems=frozenset(), child_contacts=OWN),
     "child_contacts",
     "Vraag 2 hoort niet bij deze kindcheck: na het antwoord op vraag 1 is de kindcheck klaar."),
    ("Q3 after Q1 no", answers(parental_problems=frozenset(), children=KIDS), "children",
     "Vraag 3 hoort niet bij deze kindcheck: na het antwoord op vraag 1"),
    ("Q4 after Q2 no", answers(parental_problems=PROBLEMS, child_contacts=frozenset(),
                               concerns=ConcernsAnswer.REMOVED), "concerns",
     "Vraag 4 hoort niet bij deze kindcheck: na het antwoord op vraag 2"),
    ("Q3 after Q2 no", answers(parental_problems=PROBLEMS, child_contacts=frozenset(),
                               help_wanted=False), "children",
     "Vraag 3 hoort niet bij deze kindcheck: na het antwoord op vraag 2"),
    ("Q4 without Q2", answers(parental_problems=PROBLEMS, concerns=ConcernsAnswer.REMAIN),
     "concerns", "Vraag 4 is beantwoord, maar vraag 2 nog niet."),
    ("Q4 without children", answers(parental_problems=PROBLEMS, child_contacts=OWN,
                                    concerns=ConcernsAnswer.REMAIN), "concerns",
     "Vraag 4 is beantwoord, maar bij vraag 3 staan nog geen kinderen."),
    ("4b without Q4", answers(**ASKED, other_professional=OtherProfessional.NONE),
     "other_professional", "Vraag 4b is beantwoord, maar vraag 4 nog niet."),
    ("4b after a clear answer", answers(**ASKED, concerns=ConcernsAnswer.REMAIN,
                                        other_professional=OtherProfessional.TAKES_OVER,
                                        other_professional_name="Huisarts"),
     "other_professional", "Vraag 4b hoort alleen bij een onduidelijk antwoord op vraag 4."),
    ("takes over, no name", answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR,
                                    other_professional=OtherProfessional.TAKES_OVER),
     "other_professional_name", "Vraag 4b: vul in welke hulpverlener de zorgen oppakt."),
    ("no other professional, yet a name",
     answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR, other_professional=OtherProfessional.NONE,
             other_professional_name="Huisarts"),
     "other_professional_name", "Vraag 4b: er is geen andere hulpverlener, dus vul geen naam in."),
    ("child of 18", with_child(KindcheckChild(18, ChildResidence.ELSEWHERE)),
     "children", "Vraag 3: een minderjarig kind is 0 tot en met 17 jaar oud."),
    ("negative age", with_child(KindcheckChild(-1, ChildResidence.ELSEWHERE)),
     "children", "Vraag 3: een minderjarig kind is 0 tot en met 17 jaar oud."),
    ("care shared too long",
     with_child(KindcheckChild(3, ChildResidence.WITH_CLIENT, care_shared_with="x" * 201)),
     "children", "De tekst bij ‘Wie zorgt er mee’ is te lang"),
]


@pytest.mark.parametrize(("given", "field", "message"), [r[1:] for r in REJECTED],
                         ids=[r[0] for r in REJECTED])
def test_kindcheck_rejects_skipped_and_contradicting_answers(given, field, message):
    with pytest.raises(KindcheckError) as caught:
        kindcheck_outcome(given)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_ages_at_the_edges_are_accepted():
    for age in (0, 17, None):
        given = with_child(KindcheckChild(age, ChildResidence.WITH_CLIENT))
        assert kindcheck_outcome(given).next_question is Q.CONCERNS_REMOVED


def test_question_numbers():
    assert [q.number for q in Q] == ["1", "2", "3", "4", "4b"]


# --- runs -----------------------------------------------------------------------

def test_a_finished_run_is_valid():
    validate_kindcheck_run(kindcheck_run(), TODAY)


INVALID_RUNS = [
    ("unfinished", {"answers": answers(parental_problems=PROBLEMS)}, "child_contacts",
     "De kindcheck is nog niet klaar: beantwoord vraag 2."),
    ("unfinished at 4b", {"answers": answers(**ASKED, concerns=ConcernsAnswer.UNCLEAR)},
     "other_professional", "De kindcheck is nog niet klaar: beantwoord vraag 4b."),
    ("empty", {"answers": answers()}, "parental_problems",
     "De kindcheck is nog niet klaar: beantwoord vraag 1."),
    ("future", {"checked_on": day("2026-03-11")}, "checked_on",
     "De datum van de kindcheck ligt in de toekomst."),
    ("notes too long", {"notes": "x" * 4001}, "notes", "De tekst bij ‘Toelichting’ is te lang"),
    ("contradiction", {"answers": answers(parental_problems=frozenset(), child_contacts=OWN)},
     "child_contacts", "Vraag 2 hoort niet"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in INVALID_RUNS],
                         ids=[r[0] for r in INVALID_RUNS])
def test_invalid_runs(changes, field, message):
    with pytest.raises(ValidationError) as caught:
        validate_kindcheck_run(kindcheck_run(**changes), TODAY)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_runs_are_kept_and_the_latest_counts():
    first = kindcheck_run(id="a", checked_on=day("2026-01-05"), trigger=KindcheckTrigger.INTAKE)
    second = kindcheck_run(id="b", checked_on=day("2026-03-01"),
                           trigger=KindcheckTrigger.EVALUATION,
                           answers=answers(parental_problems=frozenset()))
    same_day = kindcheck_run(id="c", checked_on=day("2026-03-01"),
                             trigger=KindcheckTrigger.NEW_WORRY)
    assert latest_run([]) is None
    assert latest_run([second, first]).id == "b"
    assert latest_run([first, second, same_day]).id == "c"
    assert second.outcome.kind is K.CLOSED_NO_PARENTAL_PROBLEMS
    assert first.outcome.kind is K.CONTINUE_MELDCODE
