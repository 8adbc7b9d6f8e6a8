"""The pure rules behind discreet mode: names masked inside free text, and the
safety plan reduced to what the family may read along with."""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.model import initials, mask_names
from app.safety import (
    Actor,
    ActorKind,
    ConditionSource,
    EmergencyContact,
    Evaluation,
    FamilyProfile,
    Phase,
    PlanItem,
    SafetyCondition,
    ScaleScore,
    ScaleView,
    SignalResponse,
    SupportPerson,
    TensionSignal,
    Transition,
    select_profiles,
)
from app.safety.discreet import discreet_plan
from app.safety.plan import CasePlan, ContactKind

HOUSEHOLD = ("Lotte de Vries", "Şükran Yılmaz", "Ayşe-Nur Yılmaz", "Oma Fatma")


@pytest.mark.parametrize(("text", "shown"), [
    ("Lotte had een blauwe plek.", "L. had een blauwe plek."),
    ("LOTTE zei het zelf", "L. zei het zelf"),
    ("Şükran Yılmaz belt de buurvrouw", "Ş. Y. belt de buurvrouw"),
    ("Ayşe-Nur gaat naar school", "A.-N. gaat naar school"),
    ("Familie de Vries", "Familie de V."),
    ("Lottes fiets", "L. fiets"),  # a Dutch possessive
    ("Lotterij", "Lotterij"),  # a longer word is not the name
    ("van de Vries", "van de V."),  # small-letter parts are not names on their own
    ("Geen naam hier.", "Geen naam hier."),
    ("bij Lotte.", "bij L."),  # no double full stop
    ("oma van Lotte", "oma van L."),  # "Oma Fatma" is a name; "oma" alone is not
])
def test_names_in_free_text_become_initials(text: str, shown: str):
    assert mask_names(text, HOUSEHOLD) == shown


def test_no_names_changes_nothing():
    assert mask_names("Lotte zei het", []) == "Lotte zei het"


def test_the_discreet_plan_keeps_what_the_family_makes_and_masks_every_name():
    father = Actor(ActorKind.FAMILY_MEMBER, person_id="p1")
    network = Actor(ActorKind.NETWORK, name="Fatma Demir")
    plan = CasePlan(
        "plan", "case", biggest_concern="Vader slaat Şükran",
        conditions=(SafetyCondition("c1", "Lotte ziet geen ruzie meer.",
                                    ConditionSource.VEILIG_THUIS, date(2026, 3, 1),
                                    progress_note="Voor VT: Şükran twijfelt"),),
        items=(PlanItem("i1", "Lotte gaat naar Fatma als het onrustig is.",
                        "Omdat vader impulsief is", network, Phase.DIRECT_SAFETY,
                        ongoing=True),),
        network=(SupportPerson("n1", "Fatma Demir", "oma van Lotte", "06-12345678"),),
        tension_signals=(TensionSignal("t1", "Şükran gaat huilen.", (
            SignalResponse(father, "belt Fatma Demir."),)),),
        named_contacts=(EmergencyContact(ContactKind.NAMED, "06-1", "Tante Małgorzata"),),
        profiles=select_profiles({FamilyProfile.INTIMATE_TERROR}),
        evaluations=(Evaluation("e1", date(2026, 3, 8), Transition.STAY, "Lotte lachte",
                                "Şükran bang", reason="Vader dreigt"),),
        scale_scores=(ScaleScore("p1", date(2026, 3, 8), ScaleView.FAMILY, 4,
                                 "Şükran", "Zij durfde niet"),),
    )
    shown = discreet_plan(plan, HOUSEHOLD, mask_names, initials)
    text = repr(shown)
    for gone in ("Lotte", "Şükran", "Fatma", "Demir", "Małgorzata", "impulsief", "Voor VT",
                 "lachte", "bang", "dreigt", "durfde", "Vader slaat"):
        assert gone not in text, gone
    assert shown.items[0].what == "L. gaat naar F. als het onrustig is."
    assert shown.items[0].who.name == "F. D." and shown.items[0].ongoing
    assert shown.network[0].name == "F. D." and shown.network[0].reach == "06-12345678"
    assert shown.tension_signals[0].responses[0].does == "belt F. D."
    assert shown.named_contacts[0].name == "T. M." and shown.named_contacts[0].number == "06-1"
    assert shown.profiles.profiles == frozenset()
    assert shown.evaluations[0].decision is Transition.STAY
    assert [s.score for s in shown.scale_scores] == [4]
