"""A client copy (inzage) never hands one person's data to another.

A partner-violence case on a real SQLCipher store: the police facts concern
the mother and the father, so the father's copy (a real PDF, read back with
pypdf) leaves them out until the worker releases that item with a reason;
the audit log records item, copy and reason and no names or free text; the
copy says that information about others was left out, and shows the safety
agreements the person carries out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.cases.model import Person, Role
from app.errors import ValidationError
from app.export.address import Address
from app.export.client_copy import (
    CopyItem,
    ItemKind,
    Release,
    ReleaseReason,
    UnknownRelease,
    gezag_applies,
)
from app.meldcode.records import Conversation, RiskProfile
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import RiskFactor, SourceKind, ViolenceForm
from app.safety import Actor, ActorKind, Phase, PlanItem
from app.services import handover, meldcode, safety
from app.services.cases import add_person, create_case
from app.store.audit import AuditAction
from tests.export.handover_case import JE_WORDS, U_WORDS, pdf_text, squash

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PASS = "inzage wachtwoord voor de test"
POLICE = "Politie trof moeder huilend aan in de keuken met een rode wang."
OWN = "Vader vertelde zelf dat hij slecht slaapt en te veel drinkt."
CHILD = "Vader schreeuwde op het schoolplein tegen Lotte."
FATHER_AGREEMENT = "Vader slaapt bij zijn broer als de ruzie oploopt."
MOTHER_AGREEMENT = "Moeder bewaart de noodnummers in haar telefoon."
NAMES = ("Sanne Bakker", "Mark Bakker", "Lotte Bakker", "Daan Bakker")


@dataclass
class World:
    store: object
    case_id: str
    people: dict[str, Person]
    signals: dict[str, str]
    talks: dict[str, str]
    risk: str

    def id(self, name: str) -> str:
        return self.people[name].id


@pytest.fixture
def world(store) -> World:
    case = create_case(store, "Familie Bakker")
    people = {
        "Sanne Bakker": add_person(store, case.id, "Sanne Bakker", Role.PARENT,
                                   date_of_birth=date(1990, 2, 3), parental_authority=True),
        "Mark Bakker": add_person(store, case.id, "Mark Bakker", Role.PARTNER,
                                  date_of_birth=date(1988, 6, 7), parental_authority=True),
        "Lotte Bakker": add_person(store, case.id, "Lotte Bakker", Role.CHILD, age=6),
        "Daan Bakker": add_person(store, case.id, "Daan Bakker", Role.CHILD, age=17),
    }
    mother, father = people["Sanne Bakker"].id, people["Mark Bakker"].id
    lotte = people["Lotte Bakker"].id
    signals = {}
    for key, facts, concerns, day in (("police", POLICE, (mother, father), 1),
                                      ("own", OWN, (father,), 2),
                                      ("child", CHILD, (father, lotte), 3)):
        signal = Signal(f"sig-{key}", NOW - timedelta(days=10 - day), concerns,
                        frozenset({ViolenceForm.PARTNER_VIOLENCE}), SourceKind.TOLD_BY_SOMEONE,
                        facts, source_detail="Politie",
                        interpretation=f"Interpretatie {key}: mogelijk gevaar.")
        meldcode.record_signal(store, case.id, signal, now=NOW)
        signals[key] = signal.id
    risk = RiskProfile("risk-1", NOW.date(), frozenset({RiskFactor.EARLIER_VIOLENCE}))
    meldcode.record_risk_profile(store, case.id, risk, now=NOW)
    talks = {}
    for key, participants in (("alone", (father,)), ("both", (mother, father))):
        talk = Conversation(f"talk-{key}", NOW.date(), True, participants,
                            what_was_said=f"Gesprek {key} over de zorgen.",
                            client_reaction=f"Reactie {key}.")
        meldcode.record_conversation(store, case.id, talk, now=NOW)
        talks[key] = talk.id
    for n, (what, who) in enumerate(((FATHER_AGREEMENT, father), (MOTHER_AGREEMENT, mother))):
        safety.add_item(store, case.id, PlanItem(
            f"a{n}", what, "Rust.", Actor(ActorKind.FAMILY_MEMBER, person_id=who),
            Phase.DIRECT_SAFETY, ongoing=True), now=NOW)
    return World(store, case.id, people, signals, talks, risk.id)


def export(world: World, name: str, folder: Path, releases=(), **address) -> str:
    target = handover.export_client_copy(world.store, world.case_id, world.id(name), folder,
                                         PASS, now=NOW, releases=tuple(releases), **address)
    return pdf_text((target / "inzage.pdf").read_bytes(), PASS)


def test_by_default_a_copy_holds_only_what_concerns_the_person_alone(world, tmp_path):
    text = export(world, "Mark Bakker", tmp_path / "vader")
    assert squash(OWN) in text and squash("Gesprek alone over de zorgen.") in text
    for withheld in (POLICE, CHILD, "Gesprek both", "huilend", "rode wang"):
        assert squash(withheld) not in text, withheld
    assert "Eerder geweld" not in text  # the household's risks concern everyone
    assert squash("informatie vastgelegd die over andere mensen gaat") in text
    assert squash("niet in dit overzicht") in text
    mother = export(world, "Sanne Bakker", tmp_path / "moeder")
    assert squash(POLICE) not in mother and squash(OWN) not in mother


def test_a_copy_shows_the_agreements_the_person_carries_out(world, tmp_path):
    father = export(world, "Mark Bakker", tmp_path / "vader")
    assert squash(FATHER_AGREEMENT) in father and squash(MOTHER_AGREEMENT) not in father
    assert squash("Altijd, elke keer als het nodig is") in father
    assert "Er staan nog geen afspraken" not in father
    mother = export(world, "Sanne Bakker", tmp_path / "moeder")
    assert squash(MOTHER_AGREEMENT) in mother and squash(FATHER_AGREEMENT) not in mother


# Mark: something withheld and his agreements; Daan (17): the paragraph for a minor.
@pytest.mark.parametrize("name", ["Mark Bakker", "Daan Bakker"])
def test_the_worker_chooses_je_or_u_and_je_is_the_default(world, tmp_path, name):
    default = export(world, name, tmp_path / "standaard")
    assert JE_WORDS.search(default) and not U_WORDS.search(default), default
    assert "Wat er over jou is vastgelegd" in default
    formal = export(world, name, tmp_path / "u", address=Address.U)
    assert not JE_WORDS.search(formal), JE_WORDS.findall(formal)
    assert "Wat er over u is vastgelegd" in formal and "Uw gegevens" in formal
    assert squash("Zeg het tegen uw hulpverlener") in formal
    if name == "Mark Bakker":
        assert squash("uw recht op inzage") in formal
        assert squash("Dit hebt u afgesproken in het veiligheidsplan.") in formal
        assert squash(FATHER_AGREEMENT) in formal
    else:
        assert squash("Bent u jonger dan 12 jaar? Dan beslissen uw ouders") in formal
        assert squash("Er zijn geen signalen over u vastgelegd.") in formal
    entries = [e.detail["address"] for e in world.store.audit.entries(world.case_id)
               if e.action == AuditAction.EXPORT]
    assert entries == ["je", "u"]


def test_a_released_item_is_in_the_copy_and_in_the_audit_log_without_names(world, tmp_path):
    release = Release(world.signals["police"], ReleaseReason.CONSENT)
    text = export(world, "Mark Bakker", tmp_path / "vader", [release])
    assert squash(POLICE) in text
    assert "Interpretatie police" not in text, "an interpretation about others stays out"
    assert squash(CHILD) not in text, "only the released item"
    [entry] = [e for e in world.store.audit.entries(world.case_id)
               if e.action == AuditAction.EXPORT]
    detail = entry.detail
    assert detail["released"] == f"{world.signals['police']}:consent"
    assert set(detail["withheld"].split(",")) == {world.signals["child"], world.risk,
                                                 world.talks["both"]}
    assert detail["package"] and detail["person"] == world.id("Mark Bakker")
    logged = json.dumps(detail, ensure_ascii=False)
    for secret in (*NAMES, "Bakker", "huilend", "Vader", "toestemming"):
        assert secret not in logged, secret


def test_only_withheld_items_can_be_released_and_gezag_only_where_it_applies(world, tmp_path):
    for release in (Release(world.signals["own"], ReleaseReason.CONSENT),  # not withheld
                    Release("no-such-item", ReleaseReason.CONSENT),
                    Release(world.signals["police"], ReleaseReason.PARENTAL_AUTHORITY)):
        with pytest.raises(ValidationError):
            export(world, "Mark Bakker", tmp_path / release.item_id, [release])
    assert not [e for e in world.store.audit.entries(world.case_id)
                if e.action == AuditAction.EXPORT]
    with pytest.raises(UnknownRelease):
        handover.build_client_copy(world.store, world.case_id, world.id("Mark Bakker"),
                                   releases=(Release("x", ReleaseReason.CONSENT),))
    text = export(world, "Mark Bakker", tmp_path / "gezag",
                  [Release(world.signals["child"], ReleaseReason.PARENTAL_AUTHORITY)])
    assert squash(CHILD) in text


def test_the_dialog_list_marks_the_items_a_parent_with_gezag_may_see(world):
    listed = {w.item.id: w for w in handover.withheld_items(
        world.store, world.case_id, world.id("Mark Bakker"), now=NOW)}
    assert set(listed) == {world.signals["police"], world.signals["child"], world.risk,
                           world.talks["both"]}
    assert listed[world.signals["child"]].gezag, "his own child of six"
    assert listed[world.signals["child"]].others == ("Lotte Bakker",)
    assert not listed[world.signals["police"]].gezag, "the mother is no child"
    assert not listed[world.risk].gezag, "the household: also the mother"
    child_view = handover.withheld_items(world.store, world.case_id, world.id("Lotte Bakker"),
                                         now=NOW)
    assert [w.item.id for w in child_view] == [world.signals["child"], world.risk]
    assert not any(w.gezag for w in child_view)


def _person(pid: str, role: Role, age: int | None, gezag: bool | None = None) -> Person:
    return Person(pid, "case", pid, role, age=age, parental_authority=gezag)


PARENT = _person("p", Role.PARENT, 40, True)


@pytest.mark.parametrize(("requester", "others", "outsiders", "applies"), [
    (PARENT, [_person("c", Role.CHILD, 6)], False, True),
    (PARENT, [_person("c", Role.CHILD, 15)], False, True),
    (PARENT, [_person("c", Role.CHILD, 16)], False, False),
    (PARENT, [_person("c", Role.CHILD, None)], False, False),  # age unknown: not assumed
    (PARENT, [_person("c", Role.CHILD, 6), _person("m", Role.PARTNER, 38)], False, False),
    (PARENT, [_person("c", Role.CHILD, 6)], True, False),  # someone from outside took part
    (_person("p", Role.PARENT, 40, False), [_person("c", Role.CHILD, 6)], False, False),
    (_person("p", Role.PARENT, 40, None), [_person("c", Role.CHILD, 6)], False, False),
    (_person("k", Role.CHILD, 15, True), [_person("c", Role.CHILD, 6)], False, False),
])
def test_gezag_rule(requester, others, outsiders, applies):
    item = CopyItem("i", ItemKind.SIGNAL, date(2026, 11, 1),
                    frozenset({requester.id, *(o.id for o in others)}), outsiders)
    assert gezag_applies(item, requester, (requester, *others), date(2026, 11, 20)) is applies


def test_a_copy_with_nothing_withheld_does_not_say_so(store, tmp_path):
    case = create_case(store, "Familie Alleen")
    person = add_person(store, case.id, "Ria Alleen", Role.PARENT, age=70)
    meldcode.record_signal(store, case.id, Signal(
        "s1", NOW - timedelta(days=1), (person.id,), frozenset({ViolenceForm.ELDER_ABUSE}),
        SourceKind.OWN_OBSERVATION, "Ria had geen eten in huis."), now=NOW)
    target = handover.export_client_copy(store, case.id, person.id, tmp_path / "c", PASS,
                                         now=NOW)
    text = pdf_text((target / "inzage.pdf").read_bytes(), PASS)
    assert squash("Ria had geen eten in huis.") in text
    assert squash("informatie vastgelegd die over andere mensen gaat") not in text
