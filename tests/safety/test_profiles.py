"""Family profiles (gezinsprofielen) and the guidance derived from them."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.safety import (
    FamilyProfile,
    GuidanceCode,
    GuidanceLevel,
    ProfileSelection,
    guidance,
    joint_conversations_unsafe,
    select_profiles,
)

IT = FamilyProfile.INTIMATE_TERROR
FS = FamilyProfile.FAMILY_UNDER_STRESS
LC = FamilyProfile.LONG_TERM_CARE
CB = FamilyProfile.CHILD_BEHAVIOUR_PARENTING_STRESS
CD = FamilyProfile.COMPLEX_CONFLICT_DIVORCE
G = GuidanceCode

# (profiles, dominant, guidance codes in the order shown)
GUIDANCE_TABLE = [
    ([], None, []),
    ([IT], None, [G.NO_JOINT_CONVERSATIONS, G.PROTECT_VICTIM_INFORMATION,
                  G.WORK_WITH_SAFETY_PARTNERS]),
    ([FS], None, [G.JOINT_CONVERSATION_CAN_HELP, G.REDUCE_STRESS_FACTORS, G.HELP_BOTH_PARTNERS,
                  G.ATTENTION_FOR_CHILDREN]),
    ([LC], None, [G.WATCH_FOR_NEGLECT, G.LASTING_SUPPORT, G.PLAIN_LANGUAGE]),
    ([CB], None, [G.BEHAVIOUR_MAY_BE_REACTION, G.SUPPORT_PARENTING]),
    ([CD], None, [G.WATCH_PSYCHOLOGICAL_VIOLENCE, G.KEEP_CHILDREN_OUT_OF_CONFLICT,
                  G.COORDINATE_WITH_COURT]),
    # Intimate terror overrules the joint conversation a family under stress could have.
    ([FS, IT], FS, [G.NO_JOINT_CONVERSATIONS, G.PROTECT_VICTIM_INFORMATION,
                    G.REDUCE_STRESS_FACTORS, G.HELP_BOTH_PARTNERS, G.ATTENTION_FOR_CHILDREN,
                    G.WORK_WITH_SAFETY_PARTNERS]),
    # Warnings first; within a level the dominant profile comes first.
    ([LC, CD], CD, [G.WATCH_PSYCHOLOGICAL_VIOLENCE, G.WATCH_FOR_NEGLECT,
                    G.KEEP_CHILDREN_OUT_OF_CONFLICT, G.COORDINATE_WITH_COURT,
                    G.LASTING_SUPPORT, G.PLAIN_LANGUAGE]),
    ([LC, CD], None, [G.WATCH_FOR_NEGLECT, G.WATCH_PSYCHOLOGICAL_VIOLENCE, G.LASTING_SUPPORT,
                      G.PLAIN_LANGUAGE, G.KEEP_CHILDREN_OUT_OF_CONFLICT,
                      G.COORDINATE_WITH_COURT]),
]


@pytest.mark.parametrize(("profiles", "dominant", "codes"), GUIDANCE_TABLE)
def test_guidance(
    profiles: list[FamilyProfile], dominant: FamilyProfile | None, codes: list[GuidanceCode]
) -> None:
    result = guidance(profiles, dominant)
    assert [g.code for g in result] == codes
    # The same answer from a stored selection.
    assert guidance(select_profiles(profiles, dominant)) == result


def test_intimate_terror_warns_against_joint_conversations() -> None:
    first = guidance([IT])[0]
    assert (first.code, first.level, first.profile) == (
        G.NO_JOINT_CONVERSATIONS, GuidanceLevel.WARNING, IT
    )
    assert "geen gezamenlijke gesprekken" in first.text


@pytest.mark.parametrize(
    ("profiles", "unsafe"), [([IT], True), ([FS, IT], True), ([FS], False), ([], False)]
)
def test_joint_conversations_unsafe(profiles: list[FamilyProfile], unsafe: bool) -> None:
    assert joint_conversations_unsafe(profiles) is unsafe


@pytest.mark.parametrize("profile", list(FamilyProfile))
def test_every_profile_has_label_explanation_and_guidance(profile: FamilyProfile) -> None:
    assert profile.label and profile.explanation
    assert guidance([profile])


def test_every_guidance_code_is_given_by_some_profile() -> None:
    given = {g.code for p in FamilyProfile for g in guidance([p])}
    assert given == set(GuidanceCode)


@pytest.mark.parametrize(
    ("profile", "label"),
    [(IT, "Intieme terreur"), (FS, "Gezin in de stress"), (LC, "Langdurige zorg"),
     (CB, "Kindgedrag en opvoedstress"), (CD, "Complexe conflictscheiding")],
)
def test_profile_labels(profile: FamilyProfile, label: str) -> None:
    assert profile.label == label


def test_selection_is_multi_select_with_an_optional_dominant_profile() -> None:
    assert select_profiles([IT, FS, IT]) == ProfileSelection(frozenset({IT, FS}), None)
    # Codes as the store holds them.
    stored = select_profiles(["intimate_terror"], "intimate_terror")  # type: ignore[list-item]
    assert stored.dominant is IT


def test_dominant_profile_must_be_chosen() -> None:
    with pytest.raises(ValidationError) as caught:
        select_profiles([FS], dominant=IT)
    assert caught.value.field == "dominant"
