"""The vocabulary: stable codes, a Dutch label for every member, the five steps,
and the purity of the package."""

from __future__ import annotations

import ast
import re
import sys
from enum import Enum
from pathlib import Path

import pytest

import app.meldcode as meldcode
from app.meldcode import (
    afwegingskader,
    deadlines,
    kindcheck,
    progress,
    records,
    steps,
    vocabulary,
)
from app.meldcode.steps import Requirement, Step

# The codes the store and exports hold. Adding a member is fine; changing or
# removing one breaks stored data, so this list changes only by adding.
STABLE_CODES = {
    "ViolenceForm": [
        "physical_abuse", "psychological_abuse", "sexual_abuse", "physical_neglect",
        "emotional_neglect", "witnessing_partner_violence", "partner_violence", "elder_abuse",
        "financial_abuse", "honour_related_violence", "female_genital_mutilation",
        "forced_marriage", "child_marriage", "abandonment_abroad", "human_trafficking",
        "stalking", "violence_against_parents", "falsification", "not_yet_clear",
    ],
    "SourceKind": ["own_observation", "told_by_someone", "document"],
    "ViolenceDuration": ["under_a_week", "one_week_to_one_month", "one_to_six_months",
                         "six_months_to_one_year", "over_a_year"],
    "PoliceInvolvement": ["none", "call_out", "crime_reported", "temporary_restraining_order"],
    "RiskFactor": ["debts", "poverty", "addiction", "psychiatric_problems",
                   "mild_intellectual_disability", "social_isolation", "housing_problems",
                   "separation_conflict", "earlier_violence", "own_history_of_violence",
                   "care_burden", "pregnancy"],
    "ProtectiveFactor": ["supportive_network", "safe_adult_for_child", "open_to_help",
                         "help_already_involved", "stable_income_and_housing", "daily_activity"],
    "ChildResidence": ["with_client", "partly_with_client", "elsewhere"],
    "RiskInstrument": ["lirik", "arij", "care_nl", "signs_of_safety", "other"],
    "ParentalProblem": ["partner_violence", "addiction", "psychiatric_problems",
                        "intellectual_disability", "threatened_eviction", "firearm"],
    "ChildContact": ["own_children", "partners_children", "children_where_client_stays",
                     "pregnant", "minor_siblings_at_home"],
    "ConcernsAnswer": ["removed", "doubt", "remain", "unclear"],
    "OtherProfessional": ["none", "takes_over", "does_not_take_over"],
    "KindcheckTrigger": ["intake", "evaluation", "multidisciplinary_meeting", "new_worry"],
    "KindcheckOutcomeKind": ["in_progress", "closed_no_parental_problems", "closed_no_children",
                             "closed_concerns_removed", "consult", "continue_meldcode",
                             "handed_over", "tell_client_and_continue"],
    "WeighingOutcomeKind": ["incomplete", "close", "offer_help", "report",
                            "close_help_with_follow_up"],
    "ConsultationPartner": ["colleague", "attention_officer", "veilig_thuis_advice",
                            "injury_expert", "theme_specialist"],
    "ConsultationResult": ["other_explanation", "suspicion_remains"],
    "ConversationSkipReason": ["danger_to_household", "danger_to_worker", "no_contact",
                               "honour_violence_specialist_first"],
    "OpenReportingException": ["safety_of_child_or_family", "safety_of_worker",
                               "breaks_relationship_of_trust"],
    "AcuteContact": ["veilig_thuis", "police"],
    "DeadlineKind": ["follow_up_help", "stalled_step", "vt_safety_assessment",
                     "kindcheck_repeat"],
    "Requirement": ["signals", "risk_profile", "kindcheck", "consultation",
                    "specialist_before_conversation", "conversation", "weighing",
                    "weighing_unfinished", "decision"],
    "StepState": ["done", "current", "open"],
    "Step": [1, 2, 3, 4, 5],
    "WeighingQuestion": [1, 2, 3, 4, 5],
    "ReportingNorm": [1, 2, 3],
    "KindcheckQuestion": [1, 2, 3, 4, 5],
}

MODULES = (vocabulary, steps, kindcheck, afwegingskader, records, progress, deadlines)


def _enums() -> dict[str, type[Enum]]:
    found: dict[str, type[Enum]] = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if (isinstance(value, type) and issubclass(value, Enum)
                    and value.__module__ == module.__name__):
                found[name] = value
    return found


def test_every_enum_is_in_the_snapshot():
    assert set(_enums()) == set(STABLE_CODES)


@pytest.mark.parametrize("name", sorted(STABLE_CODES))
def test_codes_are_stable(name):
    assert [m.value for m in _enums()[name]] == STABLE_CODES[name]


@pytest.mark.parametrize("name", sorted(STABLE_CODES))
def test_codes_are_snake_case(name):
    for member in _enums()[name]:
        assert isinstance(member.value, int) or re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", member.value)


@pytest.mark.parametrize("name", sorted(n for n, e in _enums().items() if hasattr(e, "label")))
def test_every_member_has_a_distinct_dutch_label(name):
    labels = [member.label for member in _enums()[name]]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("name", sorted(n for n, e in _enums().items() if hasattr(e, "help")))
def test_every_member_has_help_text(name):
    assert all(member.help.strip() for member in _enums()[name])


def test_enums_without_labels_are_only_internal():
    assert sorted(n for n, e in _enums().items() if not hasattr(e, "label")) == []


def test_the_five_steps():
    assert [(int(s), s.label) for s in Step] == [
        (1, "Signalen in kaart brengen"),
        (2, "Collegiale consultatie"),
        (3, "Gesprek met de cliënt"),
        (4, "Wegen"),
        (5, "Beslissen"),
    ]
    assert Step.TALK_WITH_CLIENT.title == "Stap 3: Gesprek met de cliënt"


def test_requirements_belong_to_their_step():
    for step in Step:
        assert step.requirements
        assert all(r.step is step for r in step.requirements)
    standing = {r for step in Step for r in step.requirements}
    assert set(Requirement) - standing == {Requirement.SPECIALIST_BEFORE_CONVERSATION,
                                           Requirement.WEIGHING_UNFINISHED}


def test_package_exports_exist():
    for name in meldcode.__all__:
        assert hasattr(meldcode, name), name


ALLOWED = ("app.i18n", "app.errors", "app.meldcode")


@pytest.mark.parametrize("path", sorted(Path(meldcode.__file__).parent.glob("*.py")),
                         ids=lambda p: p.name)
def test_the_package_is_pure(path):
    """Only the standard library, app.i18n, app.errors and app.meldcode itself."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module)
    for name in imported:
        top = name.split(".")[0]
        assert (top in sys.stdlib_module_names or top == "__future__"
                or any(name == a or name.startswith(a + ".") for a in ALLOWED)), name
