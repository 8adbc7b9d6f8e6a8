"""The handover and the client's own copy, as real PDFs read back with pypdf
and as JSON checked against the published schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.export.client_copy import SECTION_CODES as CLIENT_SECTIONS
from app.export.client_copy import Release, ReleaseReason
from app.export.handover import RESTRICTED_MARKER, SECTION_CODES, SECTION_TITLES
from app.export.package import decrypt_part, verify_package
from app.export.schemas import load_schema, validate
from app.forms.handover import ReportKind
from app.i18n import _
from app.services import handover
from tests.export.handover_case import (
    EXPORT_PASSPHRASE,
    NAMES,
    NOT_FOR_FAMILY,
    PROFILE,
    make_case,
    pdf_text,
    squash,
)

SCHEMA = "handover-3.schema.json"


@pytest.fixture
def case(store):
    return make_case(store)


@pytest.fixture
def package(store, case, tmp_path) -> Path:
    return handover.export_handover(store, case.case_id, tmp_path / "pkg", EXPORT_PASSPHRASE)


def test_encrypted_handover_pdf_has_every_section_and_every_fact(package: Path, case):
    data = (package / "overdracht.pdf").read_bytes()
    assert b"/Encrypt" in data
    text = pdf_text(data, EXPORT_PASSPHRASE)
    positions = [text.index(squash(_(SECTION_TITLES[code]))) for code in SECTION_CODES]
    assert positions == sorted(positions), "sections in the order of the Veilig Thuis form"
    for signal in case.signals:
        assert squash(signal.facts) in text
        if signal.interpretation:
            assert squash(signal.interpretation) in text
    for expected in (PROFILE.name, PROFILE.organisation, PROFILE.phone, PROFILE.email,
                     "Melding", "Huisarts Özdemir", "Oma Ayşe",
                     "Het maakt het kind of anderen in het gezin onveilig"):
        assert squash(expected) in text


def test_facts_and_interpretation_are_kept_apart(store, case):
    document = handover.build_handover(store, case.case_id).document
    concerns = next(s for s in document.sections if s.title == _(SECTION_TITLES["concerns"]))
    rows = [row for block in concerns.blocks for row in getattr(block, "rows", ())]
    facts = {v for k, v in rows if k == "Feiten"}
    interpretations = {v for k, v in rows if k.startswith("Interpretatie")}
    assert {s.facts for s in case.signals} == facts
    assert {s.interpretation for s in case.signals if s.interpretation} == interpretations
    assert "Interpretatie (hypothese)" in {k for k, _v in rows}


def test_not_for_family_is_in_the_handover_and_visibly_apart(store, case, package):
    document = handover.build_handover(store, case.case_id).document
    restricted = [s for s in document.sections if s.restricted]
    assert [s.title for s in restricted] == [_(SECTION_TITLES["not_for_family"])]
    assert document.sections[-1].restricted, "kept apart: after everything else"
    assert all(NOT_FOR_FAMILY not in block.text for s in document.sections if not s.restricted
               for block in s.blocks if hasattr(block, "text"))
    text = pdf_text((package / "overdracht.pdf").read_bytes(), EXPORT_PASSPHRASE)
    assert squash(NOT_FOR_FAMILY) in text
    assert squash(_(RESTRICTED_MARKER)) in text
    assert text.index(squash(_(RESTRICTED_MARKER))) < text.index(squash(NOT_FOR_FAMILY))


def test_names_in_every_script_come_out_right(package: Path):
    text = pdf_text((package / "overdracht.pdf").read_bytes(), EXPORT_PASSPHRASE)
    for name in NAMES:
        assert squash(name) in text, name


def test_json_fits_the_published_schema(store, case, package: Path):
    data = handover.build_handover(store, case.case_id).data
    schema = load_schema(SCHEMA)
    assert validate(data, schema) == []
    stored = json.loads(decrypt_part((package / "overdracht.json.enc").read_bytes(),
                                     EXPORT_PASSPHRASE))
    assert validate(stored, schema) == []
    assert stored["package_id"] == verify_package(package).manifest.package_id
    assert [s["facts"] for s in stored["concerns"]["signals"]] == [s.facts for s in case.signals]
    assert stored["not_for_family"]["text"] == NOT_FOR_FAMILY
    assert {p["name"] for p in stored["people"]} == set(NAMES)
    assert stored["other"] == {"client_informed": False,
                               "not_informed_because": "safety_of_child_or_family",
                               "attachments": "Brief van Олена Коваленко",
                               "reaction_to_report": ""}


def test_schema_and_validator_agree_with_the_reference_implementation(store, case):
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    data = handover.build_handover(store, case.case_id).data
    assert list(checker.iter_errors(data)) == []
    broken = [
        {**data, "kind": "melding"},
        {**data, "extra": 1},
        {**data, "reporter": {**data["reporter"], "name": 3}},
        {**data, "generated_at": "gisteren"},
        {**data, "concerns": {**data["concerns"], "acute_unsafety": 1}},
    ]
    broken[-1]["concerns"]["signals"] = data["concerns"]["signals"]
    for document in broken:
        assert list(checker.iter_errors(document)), document
        assert validate(document, schema), document


def test_schema_codes_follow_the_domain():
    from app.meldcode.vocabulary import SourceKind, ViolenceForm

    defs = load_schema(SCHEMA)["$defs"]
    signal = defs["signal"]["properties"]
    assert signal["forms"]["items"]["enum"] == [m.value for m in ViolenceForm]
    assert signal["source"]["enum"] == [m.value for m in SourceKind]
    assert load_schema(SCHEMA)["properties"]["kind"]["enum"] == [m.value for m in ReportKind]


def test_advice_request_names_nobody(store, case):
    build = handover.build_handover(store, case.case_id, ReportKind.ADVICE)
    assert validate(build.data, load_schema(SCHEMA)) == []
    assert build.data["anonymous"] is True
    assert build.data["case"]["household_name"] is None
    assert all(p["name"] is None and p["date_of_birth"] is None for p in build.data["people"])
    people = next(s for s in build.document.sections
                  if s.title == _(SECTION_TITLES["people"]))
    table_text = " ".join(" ".join(r) for b in people.blocks for r in getattr(b, "rows", ()))
    for name in NAMES:
        assert name not in table_text
    assert build.document.title == "Adviesvraag aan Veilig Thuis"
    assert any("vrije tekst" in w for w in build.warnings)


def test_client_copy_leaves_out_what_is_not_for_the_family(store, case, tmp_path):
    zoe = case.id("Zoë de Groot")
    target = handover.export_client_copy(store, case.case_id, zoe, tmp_path / "inzage",
                                         EXPORT_PASSPHRASE)
    assert verify_package(target).ok
    text = pdf_text((target / "inzage.pdf").read_bytes(), EXPORT_PASSPHRASE)
    assert squash("Zoë de Groot") in text
    assert squash(case.signals[0].facts) in text
    assert squash(case.signals[0].interpretation) in text, "her own signal, her own hypothesis"
    assert squash(case.signals[1].facts) not in text, "not about her"
    assert squash(NOT_FOR_FAMILY) not in text
    assert squash(_(SECTION_TITLES["not_for_family"])) not in text
    assert "Veilig Thuis" not in text, "the client was not told about the report"
    assert sorted(p.name for p in target.iterdir()) == ["inzage.pdf", "manifest.json"]


def test_client_copy_withholds_interpretations_about_other_people(store, case):
    sukran = case.id("Şükran Yılmaz")
    joint = case.signals[1]
    assert joint.facts not in handover.build_client_copy(store, case.case_id, sukran).text(), \
        "also about An: withheld unless released"
    document = handover.build_client_copy(
        store, case.case_id, sukran,
        releases=(Release(joint.id, ReleaseReason.PARENTAL_AUTHORITY),))
    text = document.text()
    assert joint.facts in text
    assert joint.interpretation not in text, "the interpretation is also about An"
    assert "Dit gaat ook over anderen en staat hier niet bij." in text
    assert "Олена" not in text and "Олена Коваленко" not in text
    assert not any(s.restricted for s in document.sections)
    assert [s.title for s in document.sections][0] == "Over dit overzicht"
    assert len(document.sections) == len(CLIENT_SECTIONS) - 2, "decision and risks withheld"


def test_client_copy_of_a_minor_says_who_decides(store, case):
    document = handover.build_client_copy(store, case.case_id, case.id("Nguyễn Bảo An"))
    assert "Ben je jonger dan 12 jaar? Dan beslissen je ouders" in document.text()


def test_unencrypted_choice_is_really_unencrypted(store, case, tmp_path):
    target = handover.export_handover(store, case.case_id, tmp_path / "open", None)
    data = (target / "overdracht.pdf").read_bytes()
    assert b"/Encrypt" not in data
    text = pdf_text(data)
    assert squash(case.signals[0].facts) in text
    stored = json.loads((target / "overdracht.json").read_text("utf-8"))
    assert validate(stored, load_schema(SCHEMA)) == []
    assert not (target / "overdracht.json.enc").exists()
    assert verify_package(target).ok
    assert verify_package(target).manifest.encrypted is False


def test_demo_store_case_at_step_5_has_profile_and_details(tmp_path):
    from app.services.demo import create_demo_store

    store = create_demo_store(tmp_path / "demo.db", "demo wachtwoord voor test")
    try:
        case = next(c for c in store.cases.summaries() if c.household_name.endswith("Коваленко"))
        build = handover.build_handover(store, case.id)
        assert build.warnings == ()
        assert build.input.report_kind is ReportKind.REPORT
        assert build.data["not_for_family"]["text"]
        assert "DEMO" in build.document.watermark
        target = handover.export_handover(store, case.id, tmp_path / "pkg", EXPORT_PASSPHRASE)
        text = pdf_text((target / "overdracht.pdf").read_bytes(), EXPORT_PASSPHRASE)
        assert squash("Олена Коваленко") in text and squash("Дмитро Коваленко") in text
    finally:
        store.close()


def test_the_client_copy_speaks_to_the_reader(store, case):
    """A 14-year-old reads who saw or told it, not "zelf gezien, gehoord of
    geroken"; no "casus", "inzage", "hypothese" or "Gezag: Onbekend"."""
    text = handover.build_client_copy(store, case.case_id, case.id("Zoë de Groot")).text()
    for word in ("Zelf gezien", "geroken", "Casus", "Inzage", "hypothese", "Gezag",
                 "Soort zorg", "de cliënt weet", "Jouw reactie", "dossier"):
        assert word not in text, word
    assert "Van wie komt dit?" in text
    assert "Wat de hulpverlener denkt (nog niet zeker)" in text
    parent = handover.build_client_copy(store, case.case_id, case.id("Şükran Yılmaz")).text()
    assert "Gezag over de kinderen" in parent
