"""What Veilig Thuis needs, complete (issue 14): the household's details, the
weighings and the plan, read back from the real PDF and the JSON."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from app.export.handover import WITH_VEILIG_THUIS, section_title
from app.export.schemas import load_schema, validate
from app.forms.handover import (
    HandoverDetails,
    ReportKind,
    handover_details_form,
    handover_details_from_values,
)
from app.i18n import _
from app.meldcode.afwegingskader import (
    ReportingNorm,
    Weighing,
    WeighingAnswers,
    WeighingOutcomeKind,
)
from app.meldcode.records import Decision
from app.services import handover, meldcode
from tests.export.handover_case import (
    AGREEMENT,
    LANGUAGE,
    PLACE,
    POSTCODE,
    RELATION,
    RISK_FACTS,
    SCHOOL,
    STREET,
    SUPPORT,
    make_case,
    make_full_case,
    new_id,
    squash,
)

SCHEMA = load_schema("handover-3.schema.json")


@pytest.fixture
def full(store):
    return make_full_case(store)


@pytest.fixture
def written(store, full, tmp_path):
    package = handover.export_handover(store, full.case_id, tmp_path / "pkg", None)
    reader = PdfReader(io.BytesIO((package / "overdracht.pdf").read_bytes()))
    pages = [squash(page.extract_text() or "") for page in reader.pages]
    data = json.loads((package / "overdracht.json").read_text("utf-8"))
    return pages, data


def test_page_one_has_the_summary_box(written):
    pages, data = written
    first = pages[0]
    assert squash(_("In het kort")) in first
    for text in ("Acute onveiligheid", "Structurele onveiligheid", "Besluit",
                 "Melden bij Veilig Thuis", "Open melden",
                 "Nee, de cliënt weet niet van de melding",
                 "Voorwaarden van Veilig Thuis", "2 van 3 beantwoord met een afspraak"):
        assert squash(text) in first, text
    assert first.index(squash(_("In het kort"))) < first.index(
        squash(section_title("reporter")))
    assert validate(data, SCHEMA) == []


def test_people_in_household_order_grouped_by_address_with_their_details(written):
    pages, data = written
    text = " ".join(pages)
    home = f"{STREET}, {POSTCODE} {PLACE}"
    assert squash(f"Adres: {home}") in text and "Adres: Dorpsstraat 1, Kampen" in text
    # parents and carers, then children oldest first, then others; grouped by address
    order = [text.index(name) for name in
             ("Şükran Yılmaz", "Zoë de Groot", "Nguyễn Bảo An", "Łukasz Kowalski")]
    assert order == sorted(order)
    assert text.index("Adres: Dorpsstraat 1") < text.index("Олена Коваленко", text.index(
        squash(section_title("people"))))
    for expected in ("06-11 22 33 44", SCHOOL, f"Taal: {LANGUAGE}", "Tolk nodig",
                     "Kinderdagverblijf Het Nest", RELATION):
        assert squash(expected) in text, expected
    people = {p["name"]: p for p in data["people"]}
    assert [p["name"] for p in data["people"]] == [
        "Şükran Yılmaz", "Zoë de Groot", "Nguyễn Bảo An", "Łukasz Kowalski", "Олена Коваленко"]
    assert people["Zoë de Groot"]["address"] == {"street": STREET, "postcode": POSTCODE,
                                                "place": PLACE}
    assert people["Zoë de Groot"]["same_address_as"] == people["Şükran Yılmaz"]["id"]
    assert people["Zoë de Groot"]["school"] == SCHOOL
    assert people["Şükran Yılmaz"]["interpreter_needed"] is True
    assert data["reporter"]["relation_to_family"] == RELATION


def test_section_5_is_filled_from_the_safety_plan(written):
    pages, data = written
    text = " ".join(pages)
    network = text[text.index(squash(section_title("network"))):]
    for expected in (AGREEMENT, "Wie: Łukasz Kowalski", "Sinds", SUPPORT[0], SUPPORT[2],
                     "Er is geen geweld meer in huis.", "Nog geen afspraak",
                     "Afspraken die niet zijn nagekomen"):
        assert squash(expected) in network, expected
    assert squash(_("Niet ingevuld")) not in network[:network.index("Veiligheidsplan")]
    plan = data["network"]["safety_plan"]
    assert [a["what"] for a in plan["agreements"]][0] == AGREEMENT
    assert plan["agreements"][0]["since"] == datetime.now(UTC).astimezone().date().isoformat()
    assert plan["support_persons"][0]["name"] == SUPPORT[0]
    answered = {c["text"]: c["answered_by"] for c in plan["conditions"]}
    assert answered["Şükran heeft een eigen telefoon."] == []  # only a broken agreement
    assert len(answered["Er is geen geweld meer in huis."]) == 1


def test_kindcheck_says_which_parent_and_who_shares_the_care(written, full):
    pages, data = written
    text = " ".join(pages)
    assert squash("Over welke ouder Şükran Yılmaz") in text
    assert squash("zorgt mee: Oma Ayşe, na school") in text
    run = data["meldcode_steps"]["kindcheck_runs"][-1]
    assert run["client_id"] == full.id("Şükran Yılmaz")
    assert run["children"][0]["care_shared_with"] == "Oma Ayşe, na school"


def test_other_professionals_and_risk_records_are_carried_with_their_source(written):
    pages, data = written
    text = " ".join(pages)
    people = text[text.index(squash(section_title("people"))):
                  text.index(squash(section_title("concerns")))]
    assert squash("Intern begeleider van Basisschool De Linde (uit de consultatie van") in people
    assert "Huisarts Özdemir" in people
    assert [p["from"] for p in data["other_professionals_recorded"]] == [
        "handover_details", "consultation"]
    assert squash(RISK_FACTS) in text and squash("Bron Zelf gezien, gehoord of geroken") in text
    records = data["concerns"]["risk_records"]
    assert len(records) == 2 and records[-1]["facts"] == RISK_FACTS
    assert records[-1]["source"] == "own_observation"


def test_weighings_3_to_5_after_weighing_2_yes_are_weighed_with_veilig_thuis(store):
    made = make_case(store)
    today = datetime.now(UTC).astimezone().date()
    weighing = Weighing(new_id(), today - timedelta(days=1),
                        WeighingAnswers(True, False, True), "Het gaat al een jaar zo door.")
    meldcode.record_weighing(store, made.case_id, weighing)
    meldcode.record_decision(store, made.case_id, Decision(
        new_id(), today, WeighingOutcomeKind.REPORT, ReportingNorm.UNSAFETY, weighing.id,
        client_informed=True, other_parties="Basisschool De Linde, juf Anneke"))
    build = handover.build_handover(store, made.case_id)
    text = build.document.text()
    for n in (3, 4, 5):
        line = next(x for x in text.splitlines() if x.startswith(f"Afweging {n}"))
        assert line.endswith(_(WITH_VEILIG_THUIS)), line
    assert "Onbekend" not in "".join(x for x in text.splitlines() if x.startswith("Afweging"))
    assert build.data["meldcode_steps"]["weighing"]["with_veilig_thuis"] is True
    assert build.data["concerns"]["structural_unsafety"] is True
    assert "Basisschool De Linde, juf Anneke (uit het besluit van" in text
    assert validate(build.data, SCHEMA) == []
    # before weighing 2 was yes, an open answer is still "unknown"
    first = handover.build_handover(store, made.case_id).input.records.weighings[0]
    assert first.outcome.with_veilig_thuis is False


def test_an_advice_request_gives_no_address_phone_or_school(store, full, tmp_path):
    build = handover.build_handover(store, full.case_id, ReportKind.ADVICE)
    text = build.document.text()
    # (free text the worker wrote can still hold names: the preview warns about that)
    for private in (STREET, "Kampen", "06-11 22 33 44", SCHOOL, "Kinderdagverblijf",
                    "Adres"):
        assert private not in text, private
    for person in build.data["people"]:
        assert person["address"] is None and person["phone"] is None
        assert person["school"] is None and person["name"] is None
    assert validate(build.data, SCHEMA) == []


def test_gegevens_aanvullen_asks_only_what_is_missing(store, full):
    known = handover.details_already_recorded(store, full.case_id)
    assert known == {"report_kind", "supporting_network", "agreements"}
    form = handover_details_form(known)
    assert "report_kind" not in form.keys and "supporting_network" not in form.keys
    assert {"reporter_relation", "other_professionals", "not_for_family"} <= set(form.keys)
    kept = HandoverDetails(None, supporting_network="Buren", agreements="Afspraak A")
    answered = handover_details_from_values(
        {"reporter_relation": "Wijkcoach van het gezin"}, form=form, keep=kept)
    assert answered.report_kind is ReportKind.REPORT  # the decision said so
    assert (answered.supporting_network, answered.agreements) == ("Buren", "Afspraak A")
    assert answered.reporter_relation == "Wijkcoach van het gezin"
    # a case without a decision or plan is asked everything
    fresh = make_case(store, details=False)
    assert handover.details_already_recorded(store, fresh.case_id) == {"report_kind"}




def test_the_preview_says_what_veilig_thuis_still_misses(store):
    made = make_case(store)
    warnings = handover.build_handover(store, made.case_id).warnings
    assert any("relatie tot het gezin" in w for w in warnings)
    assert any("Van 5 betrokkenen is het adres niet bekend" in w for w in warnings)
    full = make_full_case(store)
    warnings = handover.build_handover(store, full.case_id).warnings
    assert not any("relatie" in w or "adres" in w for w in warnings), warnings
    # an advice request names nobody and asks for no address
    advice = handover.build_handover(store, made.case_id, ReportKind.ADVICE).warnings
    assert not any("adres niet bekend" in w for w in advice)
