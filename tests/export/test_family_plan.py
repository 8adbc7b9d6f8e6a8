"""The family's safety plan as a PDF, read back with pypdf: every agreement,
every support person and the emergency numbers; names in any script; the
unencrypted choice; nothing from the worker's side."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cases.model import Role
from app.export.address import Address
from app.export.family_plan import FORMAL_LEAD_IN, family_plan_document
from app.i18n import _, format_date
from app.safety import (
    Actor,
    ActorKind,
    ConditionSource,
    ConditionStatus,
    EmergencyNumbers,
    Evaluation,
    FamilyProfile,
    ItemStatus,
    Phase,
    PhaseState,
    PlanItem,
    SafetyCondition,
    ScaleScore,
    ScaleView,
    SignalResponse,
    SignsOfSafety,
    SupportPerson,
    TensionSignal,
    Transition,
    select_profiles,
)
from app.services import cases as case_service
from app.services import safety
from app.store.audit import AuditAction
from app.store.store import Store
from tests.export.handover_case import JE_WORDS, U_WORDS

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()
FILE_PASSPHRASE = "zonnebloem paraplu fietsbel"

# Worker-only text: each of these must never reach the family's plan.
SECRET = {
    "why": "GEHEIM-WAAROM omdat vader impulsief is",
    "progress": "GEHEIM-VOORTGANG voor Veilig Thuis",
    "went_well": "GEHEIM-GOED vader hield zich aan de afspraak",
    "worries": "GEHEIM-ZORG moeder lijkt bang",
    "reason": "GEHEIM-REDEN we blijven in fase 1",
    "scale_note": "GEHEIM-SCHAAL moeder twijfelde",
    "sos": "GEHEIM-SIGNS-OF-SAFETY",
    "relapse": "GEHEIM-TERUGVAL opnieuw geslagen",
    "not_kept": "GEHEIM-AFSPRAAK-GEBROKEN vader belde toch",
    "later_phase": "GEHEIM-FASE2 schuldhulp aanvragen",
}


@pytest.fixture
def world(store: Store):
    case = case_service.create_case(store, "Familie Yılmaz-Коваленко")
    people = {name: case_service.add_person(store, case.id, name, role, age=age).id
              for name, role, age in (("Şükran Yılmaz", Role.PARENT, 34),
                                      ("Олена Коваленко", Role.PARTNER, 38),
                                      ("Nguyễn Bảo An", Role.CHILD, 7),
                                      ("Zoë Łukasiewicz", Role.HOUSEHOLD_MEMBER, 19))}
    return case, people


def build_plan(store: Store, case_id: str, people: dict[str, str]) -> dict[str, list[str]]:
    s = store
    mother = Actor(ActorKind.FAMILY_MEMBER, person_id=people["Şükran Yılmaz"])
    partner = Actor(ActorKind.FAMILY_MEMBER, person_id=people["Олена Коваленко"])
    conditions = [SafetyCondition(f"c{n}", text, ConditionSource.VEILIG_THUIS, TODAY)
                  for n, text in enumerate((
                      "Er is geen geweld meer in huis.",
                      "An ziet en hoort geen ruzie meer.",
                      "Şükran heeft een eigen telefoon."), start=1)]
    safety.add_conditions(s, case_id, conditions, now=NOW)
    safety.set_biggest_concern(s, case_id, "Олена slaat Şükran als zij boos is.", now=NOW)
    agreements = [
        ("Олена slaapt bij haar zus als de ruzie oploopt.", partner, None, {"c1", "c2"}),
        ("An gaat naar de buurvrouw als het onrustig is.",
         Actor(ActorKind.NETWORK, name="Buurvrouw Ingrid"), None, {"c2"}),
        ("Şükran krijgt een eigen telefoon.", Actor(ActorKind.PROFESSIONAL,
                                                   name="Wijkteam, Sanne"),
         TODAY + timedelta(days=7), {"c3"}),
    ]
    for n, (what, who, due, answers) in enumerate(agreements, start=1):
        safety.add_item(s, case_id, PlanItem(f"a{n}", what, SECRET["why"], who,
                                             Phase.DIRECT_SAFETY, due,
                                             answers=frozenset(answers), ongoing=due is None),
                        now=NOW)
    safety.add_item(s, case_id, PlanItem("broken", SECRET["not_kept"], "x", partner,
                                         Phase.DIRECT_SAFETY, status=ItemStatus.NOT_KEPT),
                    now=NOW)
    network = [("Małgorzata Wiśniewska", "tante", "06-11 22 33 44"),
               ("Γιώργος Παπαδόπουλος", "buurman", "Huisnummer 12"),
               ("Trần Văn Minh", "vriend van de familie", "06-98 76 54 32")]
    for n, (name, role, reach) in enumerate(network, start=1):
        safety.add_support_person(s, case_id, SupportPerson(f"n{n}", name, role, reach),
                                  now=NOW)
    safety.add_tension_signal(s, case_id, TensionSignal("t1", "Олена gaat schreeuwen.", (
        SignalResponse(partner, "gaat een blokje om."),
        SignalResponse(mother, "gaat met An naar de buurvrouw."))), now=NOW)
    safety.add_named_contact(s, case_id, "Tante Małgorzata", "06-11223344", now=NOW)
    safety.set_condition_status(s, case_id, "c3", ConditionStatus.IN_PROGRESS, TODAY,
                                SECRET["progress"], now=NOW)
    safety.set_profiles(s, case_id, select_profiles({FamilyProfile.INTIMATE_TERROR}), now=NOW)
    safety.add_scale_score(s, case_id, ScaleScore(people["Şükran Yılmaz"], TODAY,
                                                  ScaleView.WORKER, 3, "", SECRET["scale_note"]),
                           now=NOW)
    safety.record_evaluation(s, case_id, Evaluation(
        "e1", TODAY + timedelta(days=1), Transition.STAY, SECRET["went_well"],
        SECRET["worries"], reason=SECRET["reason"], next_on=TODAY + timedelta(days=15)),
        now=NOW + timedelta(days=1))
    safety.record_relapse(s, case_id, TODAY + timedelta(days=2), SECRET["relapse"],
                          now=NOW + timedelta(days=2))
    # Signs of Safety and later-phase items exist only on the worker's side.
    from dataclasses import replace

    from app.safety import PhaseState
    plan = safety.load_plan(s, case_id).plan
    plan = replace(plan, signs_of_safety=SignsOfSafety(SECRET["sos"], SECRET["sos"],
                                                       SECRET["sos"]),
                   items=plan.items + (PlanItem("p2", SECRET["later_phase"], "x", partner,
                                                Phase.STABLE_SAFETY),))
    document = family_plan_document(store.cases.get(case_id), plan,
                                    PhaseState.start(TODAY), EmergencyNumbers(), TODAY)
    return {"agreements": [a[0] for a in agreements], "network": [n[0] for n in network],
            "document_text": [document.text()]}


def pdf_text(path: Path, passphrase: str | None = None) -> str:
    reader = PdfReader(path)
    if passphrase is not None:
        assert reader.is_encrypted
        assert reader.decrypt(passphrase)
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Line breaks of the layout do not count."""
    return " ".join(text.split())


def test_the_family_plan_holds_agreements_network_and_emergency_numbers(
        store: Store, world, tmp_path: Path):
    case, people = world
    expected = build_plan(store, case.id, people)
    [path] = safety.export_family_plan(store, case.id, tmp_path, FILE_PASSPHRASE, today=TODAY)
    assert path.name == f"veiligheidsplan-{case.reference}.pdf"
    raw = path.read_bytes()
    assert "Yılmaz".encode() not in raw and b"Sukran" not in raw
    with pytest.raises(Exception):  # noqa: B017 - any failure: it is encrypted
        pdf_text(path, "verkeerd wachtwoord")
    text = flat(pdf_text(path, FILE_PASSPHRASE))
    for agreement in expected["agreements"]:
        assert flat(agreement) in text
    for name in expected["network"]:
        assert name in text
    for number in ("112", "0800-2000", "06-11223344"):
        assert number in text
    assert "Tante Małgorzata" in text
    # Who does what, by name, in every script.
    for name in people:
        assert name in text
    assert "Олена slaapt bij haar zus" in text and "Wie: Олена Коваленко" in text
    assert "Wie: Buurvrouw Ingrid" in text
    entries = [e for e in store.audit.entries(case.id) if e.action == AuditAction.EXPORT]
    assert [e.detail for e in entries] == [{"kind": "family_plan"}]


def test_the_worker_chooses_je_or_u_and_je_is_the_default(store: Store, world,
                                                         tmp_path: Path):
    case, people = world
    build_plan(store, case.id, people)
    [default] = safety.export_family_plan(store, case.id, tmp_path / "je", None, today=TODAY)
    text = flat(pdf_text(default))
    assert JE_WORDS.search(text) and not U_WORDS.search(text), text
    assert "Je kunt dag en nacht bellen." in text
    assert "Zo bereik je Małgorzata Wiśniewska: 06-11 22 33 44" in text
    [formal] = safety.export_family_plan(store, case.id, tmp_path / "u", None, today=TODAY,
                                         address=Address.U)
    text = flat(pdf_text(formal))
    assert not JE_WORDS.search(text), JE_WORDS.findall(text)
    assert "U kunt dag en nacht bellen." in text
    assert "Zo bereikt u Małgorzata Wiśniewska: 06-11 22 33 44" in text


def test_nothing_for_the_worker_only_reaches_the_family(store: Store, world, tmp_path: Path):
    case, people = world
    expected = build_plan(store, case.id, people)
    [path] = safety.export_family_plan(store, case.id, tmp_path, FILE_PASSPHRASE, today=TODAY)
    text = flat(pdf_text(path, FILE_PASSPHRASE)) + expected["document_text"][0]
    assert "GEHEIM" not in text
    for label in (FamilyProfile.INTIMATE_TERROR.label, "gezinsprofiel", "Gezinsprofiel",
                  "schaal", "Schaal", "Voldaan", "Wordt aan gewerkt"):
        assert label not in text


def test_the_unencrypted_choice_writes_an_unencrypted_file(store: Store, world,
                                                           tmp_path: Path):
    case, people = world
    build_plan(store, case.id, people)
    [path] = safety.export_family_plan(store, case.id, tmp_path, None, today=TODAY)
    reader = PdfReader(path)
    assert not reader.is_encrypted
    assert "Şükran Yılmaz" in pdf_text(path)
    # The document's metadata names no one.
    info = reader.metadata or {}
    assert all("Yılmaz" not in str(v) for v in info.values())


def test_a_family_plan_without_its_audit_entry_is_not_left_behind(
        store: Store, world, tmp_path: Path, monkeypatch):
    case, people = world
    build_plan(store, case.id, people)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.audit, "append", disk_full)
    out = tmp_path / "out"
    with pytest.raises(OSError):
        safety.export_family_plan(store, case.id, out, None, today=TODAY)
    assert not out.exists() or list(out.iterdir()) == []


def test_without_a_plan_there_is_nothing_to_print(store: Store, world, tmp_path: Path):
    case, _people = world
    with pytest.raises(safety.NoPlanYet):
        safety.export_family_plan(store, case.id, tmp_path, FILE_PASSPHRASE)
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_plan_without_agreements_is_refused_with_a_clear_message(store: Store, world,
                                                                  tmp_path: Path):
    case, people = world
    safety.add_conditions(store, case.id, [SafetyCondition(
        "c1", "Er is geen geweld meer in huis.", ConditionSource.VEILIG_THUIS, TODAY)], now=NOW)
    with pytest.raises(safety.NoAgreements) as refused:
        safety.export_family_plan(store, case.id, tmp_path, FILE_PASSPHRASE, today=TODAY)
    assert "nog geen afspraken in het plan" in refused.value.message
    # An agreement that was not kept is not one the family can act on.
    father = Actor(ActorKind.FAMILY_MEMBER, person_id=people["Олена Коваленко"])
    safety.add_item(store, case.id, PlanItem("x", "Belt zijn broer.", "Rust.", father,
                                             Phase.DIRECT_SAFETY, status=ItemStatus.NOT_KEPT),
                    now=NOW)
    with pytest.raises(safety.NoAgreements):
        safety.export_family_plan(store, case.id, tmp_path, FILE_PASSPHRASE, today=TODAY)
    assert list(tmp_path.glob("*.pdf")) == []
    assert not [e for e in store.audit.entries(case.id) if e.action == AuditAction.EXPORT]


ALWAYS = "Altijd, elke keer als het nodig is"


@pytest.mark.parametrize(("ongoing", "due", "status", "when"), [
    (True, None, ItemStatus.OPEN, ALWAYS),
    (True, date(2026, 3, 17), ItemStatus.OPEN, ALWAYS),
    (True, None, ItemStatus.DONE, "Dat spreken we nog samen af"),
    (False, date(2026, 3, 17), ItemStatus.OPEN, "17 maart 2026"),
    (False, date(2026, 3, 17), ItemStatus.DONE, "17 maart 2026"),
    (False, None, ItemStatus.OPEN, "Dat spreken we nog samen af"),
])
def test_always_only_for_an_agreement_that_really_holds_every_time(ongoing, due, status, when):
    from app.export.family_plan import agreement_when

    item = PlanItem("a", "Belt zijn broer.", "", Actor(ActorKind.PROFESSIONAL, name="X"),
                    Phase.DIRECT_SAFETY, due, status=status, ongoing=ongoing)
    assert agreement_when(item) == when


def test_each_agreement_says_who_does_what_and_when(store: Store, world, tmp_path: Path):
    case, people = world
    build_plan(store, case.id, people)
    [path] = safety.export_family_plan(store, case.id, tmp_path, FILE_PASSPHRASE, today=TODAY)
    text = flat(pdf_text(path, FILE_PASSPHRASE))
    assert ("Wat: Олена slaapt bij haar zus als de ruzie oploopt. Wie: Олена Коваленко "
            f"Wanneer: {ALWAYS}") in text
    assert ("Wat: Şükran krijgt een eigen telefoon. Wie: Wijkteam, Sanne Wanneer: "
            f"{format_date(TODAY + timedelta(days=7), 'long')}") in text
    # Two standing agreements; the one-time action has its date instead.
    assert text.count(ALWAYS) == 2


def test_the_document_is_large_print_with_the_numbers_in_a_callout(store: Store, world):
    from app.export.document import Callout

    case, people = world
    build_plan(store, case.id, people)
    loaded = safety.load_plan(store, case.id)
    document = family_plan_document(store.cases.get(case.id), loaded.plan, loaded.state,
                                    EmergencyNumbers(veilig_thuis="0800-2001"), date(2026, 3, 10))
    assert document.large_print
    callouts = [b for s in document.sections for b in s.blocks if isinstance(b, Callout)]
    assert callouts and "112" in callouts[0].lines[0] and "0800-2001" in callouts[0].lines[1]
    assert "Yılmaz" not in document.title + document.subtitle


@pytest.mark.parametrize("phase", list(Phase))
def test_the_family_reads_its_own_words_in_every_phase(store: Store, world, phase: Phase):
    """No phase names or plan names of the worker, and "Veilig Thuis" only as
    the organisation, never as the goal."""
    case, people = world
    build_plan(store, case.id, people)
    loaded = safety.load_plan(store, case.id)
    state = PhaseState(phase, TODAY)
    text = family_plan_document(store.cases.get(case.id), loaded.plan, state,
                                made_on=TODAY).text()
    for word in ("Fase", "fase", "stabilisatie", "Stabilisatie", "hulpverleningsplan",
                 "herstelplan", "toekomstplan", "veilig thuis"):
        assert word not in text, word
    assert "Het doel: iedereen is thuis veilig." in text
    assert "Waar staan we nu?" in text


# -- the conditions in the family's words (issue 23) ------------------------------------

FORMAL = ("Er is geen sprake meer van fysiek geweld, bedreiging of intimidatie tussen de "
          "ouders.", "De kinderen worden niet langer blootgesteld aan huiselijk geweld.",
          "Moeder heeft zelfstandig toegang tot communicatiemiddelen.")
OWN = ("Niemand in huis slaat, duwt of bedreigt een ander.",
       "An ziet en hoort geen ruzie meer.")
LEAD_IN = _(FORMAL_LEAD_IN)


def conditions_in_words(store: Store, case_id: str, people: dict[str, str],
                        words: tuple[str, ...]) -> None:
    """Three formal conditions; the first ``len(words)`` get the family's words."""
    safety.add_conditions(store, case_id, [
        SafetyCondition(f"c{n}", text, ConditionSource.VEILIG_THUIS, TODAY)
        for n, text in enumerate(FORMAL)], now=NOW)
    for n, said in enumerate(words):
        safety.set_condition_family_words(store, case_id, f"c{n}", said, now=NOW)
    safety.add_item(store, case_id, PlanItem(
        "a1", "Олена slaapt bij haar zus als de ruzie oploopt.", "x",
        Actor(ActorKind.FAMILY_MEMBER, person_id=people["Олена Коваленко"]),
        Phase.DIRECT_SAFETY, answers=frozenset({"c0"}), ongoing=True), now=NOW)


@pytest.mark.parametrize("words", [(), OWN[:1], OWN + ("Şükran heeft een eigen telefoon.",)])
def test_the_plan_prints_the_family_words_and_the_formal_text_only_without_them(
        store: Store, world, tmp_path: Path, words):
    case, people = world
    conditions_in_words(store, case.id, people, words)
    [path] = safety.export_family_plan(store, case.id, tmp_path, None, today=TODAY)
    text = flat(pdf_text(path))
    section = text[text.index("Wat moet er in elk geval gebeuren?"):text.index("Onze afspraken")]
    for n, formal in enumerate(FORMAL):
        if n < len(words):
            assert flat(words[n]) in section and flat(formal) not in text, formal
        else:
            assert flat(formal) in section, formal
    # The formal text comes after a plain lead-in, and only when there is one.
    assert (flat(LEAD_IN) in section) is (len(words) < len(FORMAL))
    if len(words) < len(FORMAL):
        assert section.index(flat(LEAD_IN)) < section.index(flat(FORMAL[len(words)]))


def test_veilig_thuis_gets_the_formal_text_back(store: Store, tmp_path: Path):
    """The handover (and its JSON, the report back to Veilig Thuis) keeps
    the conditions as Veilig Thuis set them, not the family's words."""
    import io
    import json

    from tests.export.handover_case import make_full_case, squash

    made = make_full_case(store)
    plan = safety.load_plan(store, made.case_id).plan
    formal = {c.id: c.text for c in plan.conditions}
    said = {cid: f"In gezinswoorden {n}: niemand slaat meer." for n, cid in enumerate(formal)}
    for cid, words in said.items():
        safety.set_condition_family_words(store, made.case_id, cid, words)
    from app.services import handover

    package = handover.export_handover(store, made.case_id, tmp_path / "pkg", None)
    pdf = " ".join(squash(p.extract_text() or "") for p in
                   PdfReader(io.BytesIO((package / "overdracht.pdf").read_bytes())).pages)
    data = (package / "overdracht.json").read_text("utf-8")
    conditions = json.loads(data)["network"]["safety_plan"]["conditions"]
    assert {c["id"]: c["text"] for c in conditions} == formal
    for text in formal.values():
        assert squash(text) in pdf
    assert "gezinswoorden" not in pdf and "gezinswoorden" not in data


#: Words of the worker's side that a family plan never uses (issue 23).
JARGON = re.compile(r"\b(fase|stabilisatie|hulpverleningsplan|herstelplan|toekomstplan|"
                    r"evaluatie|evalueren|veiligheidsvoorwaarde|casus|cliënte?)\b", re.IGNORECASE)


def test_the_demo_family_plans_speak_the_family_words(tmp_path: Path):
    """Every demo family with a plan: its conditions in the family's words,
    none of the formal texts, no lead-in for formal text, and no jargon."""
    from app.services.cases import find_case, list_cases
    from app.services.demo import create_demo_store

    with create_demo_store(tmp_path / "demo.db", FILE_PASSPHRASE) as demo:
        printed = 0
        for summary in list_cases(demo):
            loaded = safety.load_plan(demo, summary.id)
            if not loaded.started:
                continue
            case = find_case(demo, summary.id)
            [path] = safety.export_family_plan(demo, case.id, tmp_path / case.reference, None)
            text = flat(pdf_text(path))
            assert loaded.plan.conditions, case.household_name
            for condition in loaded.plan.conditions:
                assert flat(condition.family_words) in text, condition.family_words
                assert flat(condition.text) not in text, condition.text
            assert flat(LEAD_IN) not in text
            assert not JARGON.search(text), (case.household_name, JARGON.findall(text))
            printed += 1
    assert printed == 3  # Yılmaz, Παπαδόπουλος and van Dijk have a plan
