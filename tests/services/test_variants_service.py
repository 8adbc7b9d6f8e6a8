"""Regional form variants wired in: found in the config folder and the app's
examples, chosen in the settings, applied to the forms; the answers to the
questions a variant adds reach the record, the store and the handover (PDF and
JSON), and come back into the form; the handover names the variant and its
Veilig Thuis region."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from uuid import uuid4

import pytest

from app.config import Settings
from app.errors import ValidationError
from app.export.schemas import load_schema, validate
from app.forms import FieldType, VariantError, parse_variant
from app.services import handover
from app.services import variants as service
from tests.export.handover_case import PROFILE, pdf_text, squash
from tests.forms import reach
from tests.forms.test_form_reach import FORM_CASES
from tests.services.test_form_reach_store import STORED, _household

EXAMPLE = "voorbeeld-regio.json"
# One added question of each kind a variant can add, with a valid answer.
ADDED = {
    FieldType.SHORT_TEXT: ({}, "Buurtteam Noord"),
    FieldType.LONG_TEXT: ({}, "Twee regels\ntekst"),
    FieldType.PHONE: ({}, "030-1234567"),
    FieldType.YES_NO: ({}, False),
    FieldType.INTEGER: ({"minimum": 0, "maximum": 9}, 3),
    FieldType.SCALE: ({}, 7),
    FieldType.DATE: ({}, reach.TODAY),
    FieldType.SINGLE_CHOICE: ({"choices": [{"code": "a", "label": "A"},
                                           {"code": "b", "label": "B"}]}, "b"),
    FieldType.MULTI_CHOICE: ({"choices": [{"code": "a", "label": "A"},
                                          {"code": "b", "label": "B"}]}, ["a", "b"]),
}


def _variant_adding(kind: str, field_type: FieldType, required: bool = False, **more):
    extra, _answer = ADDED[field_type]
    return parse_variant(json.dumps({
        "format": "veiligwijzer.form-variant", "format_version": 1, "name": "Regio Test",
        "version": 2, "veilig_thuis": {"region": "Veilig Thuis Testregio", "phone": "0800-2000"},
        "forms": {kind: {"add": [{"key": "regio_vraag", "type": field_type.value,
                                  "label": "Vraag van de regio", "required": required,
                                  **extra, **more}]}}}))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def test_the_folder_and_the_examples_are_found_and_checked(tmp_path: Path):
    folder = tmp_path / "variants"
    own = json.loads((service.examples_dir() / EXAMPLE).read_text("utf-8"))
    own["name"] = "Wijkteam Eigen"
    _write(folder, "eigen.json", json.dumps(own))
    _write(folder, "kapot.json", "{niet goed")
    _write(folder, "onbekend-formulier.json", json.dumps({**own, "forms": {"geen": {}}}))
    found = {f.name: f for f in service.variant_files(folder)}
    assert found["eigen.json"].variant.name == "Wijkteam Eigen"
    assert not found["eigen.json"].example
    assert found[EXAMPLE].example and found[EXAMPLE].variant is not None
    assert found["kapot.json"].variant is None and "JSON" in found["kapot.json"].problem
    assert "geen" in found["onbekend-formulier.json"].problem
    # A file of the config folder hides the example of the same name.
    _write(folder, EXAMPLE, json.dumps(own))
    assert service.find_variant(EXAMPLE, folder).name == "Wijkteam Eigen"
    with pytest.raises(VariantError, match="JSON"):
        service.find_variant("kapot", folder)
    with pytest.raises(VariantError, match="geen formuliervariant"):
        service.find_variant("bestaat-niet.json", folder)


def test_the_settings_choose_the_variant_by_file_name(tmp_path: Path):
    path = tmp_path / "settings.json"
    assert service.active_variant(Settings.load(path), tmp_path) is None
    settings = Settings(form_variant=EXAMPLE)
    settings.save(path)
    assert service.active_variant(Settings.load(path), tmp_path).name.startswith("Voorbeeld")
    # only a file name is taken from the settings, never a path
    path.write_text(json.dumps({"form_variant": "../../etc/passwd.json"}), "utf-8")
    assert Settings.load(path).form_variant is None
    path.write_text(json.dumps({"form_variant": "weg.json"}), "utf-8")
    with pytest.raises(VariantError):
        service.active_variant(Settings.load(path), tmp_path)


def test_the_example_applies_to_the_forms():
    variant = service.find_variant(EXAMPLE)
    signal = service.form_for("signal", variant)
    assert signal.variant == variant.label
    assert signal.keys.index("school_knows") == signal.keys.index("source_detail") + 1
    # the quick note asks only the facts: a variant leaves it alone
    assert "quick_signal" not in service.VARIANT_FORMS
    assert service.form_for("signal", None) is service.VARIANT_FORMS["signal"]


@pytest.mark.parametrize("kind", sorted(service.VARIANT_FORMS))
@pytest.mark.parametrize("field_type", list(ADDED), ids=str)
def test_an_added_answer_reaches_the_record(kind, field_type):
    variant = _variant_adding(kind, field_type)
    form = service.form_for(kind, variant)
    case = FORM_CASES[kind]
    answer = ADDED[field_type][1]
    values = reach.fill(form, reach.context(
        (("p-1", "Moeder"), ("p-2", "Kind"))), {**case.scenarios[0], "regio_vraag": answer})
    ctx = reach.context((("p-1", "Moeder"), ("p-2", "Kind")))
    record = service.build(kind, lambda v: reach.call_build(case.build, v, ctx), values,
                           variant, ctx)
    assert [(e.key, e.label) for e in record.extras] == [("regio_vraag", "Vraag van de regio")]
    back = service.values(kind, case.back(record), record.extras, variant)
    assert back["regio_vraag"] == answer
    # without the variant the answer is not asked, and not kept
    plain = service.build(kind, lambda v: reach.call_build(case.build, v, ctx), values, None,
                          ctx)
    assert plain.extras == ()


def test_a_question_the_variant_requires_is_required():
    variant = _variant_adding("consultation", FieldType.SHORT_TEXT, required=True)
    case = FORM_CASES["consultation"]
    ctx = reach.context((("p-1", "Moeder"),))
    values = reach.fill(service.form_for("consultation", None), ctx, case.scenarios[0])
    with pytest.raises(ValidationError) as caught:
        service.build("consultation", lambda v: reach.call_build(case.build, v, ctx), values,
                      variant, ctx)
    assert caught.value.field == "regio_vraag"


@pytest.mark.parametrize("kind", sorted(STORED.keys() & service.VARIANT_FORMS.keys()))
def test_an_added_answer_is_stored_and_reaches_the_handover(store, kind):
    variant = _variant_adding(kind, FieldType.SHORT_TEXT)
    case = FORM_CASES[kind]
    record_fn, load, _place = STORED[kind]
    kase, ctx = _household(store)
    form = service.form_for(kind, variant)
    values = reach.fill(form, ctx, {**case.scenarios[0], "regio_vraag": "Antwoord van de regio"})
    record = service.build(kind, lambda v: reach.call_build(case.build, v, ctx), values,
                           variant, ctx)
    record = replace(record, id=str(uuid4()))
    stored = record_fn(store, kase.id, record)
    record = stored if isinstance(stored, type(record)) else record
    assert load(store, kase.id).extras == record.extras
    handover.set_worker_profile(store, PROFILE)
    build = handover.build_handover(store, kase.id, variant=variant.info)
    data = build.data
    assert validate(data, load_schema("handover-3.schema.json")) == []
    extras = [e for part in _records_json(data) for e in part.get("extras", ())]
    assert extras == [{"key": "regio_vraag", "label": "Vraag van de regio",
                       "value": "Antwoord van de regio"}]
    assert data["form_variant"] == {"name": "Regio Test", "version": 2,
                                    "veilig_thuis_region": "Veilig Thuis Testregio",
                                    "veilig_thuis_phone": "0800-2000"}


def _records_json(data: dict) -> list[dict]:
    steps = data["meldcode_steps"]
    parts = [*data["concerns"]["signals"], *data["concerns"]["risk_records"],
             *steps["kindcheck_runs"], *steps["consultations"], *steps["conversations"],
             *steps["acute_paths"]]
    return parts + [p for p in (steps["weighing"], steps["decision"]) if p]


def test_the_handover_pdf_names_the_variant_and_shows_the_added_answer(store, tmp_path: Path):
    variant = service.find_variant(EXAMPLE)
    case = FORM_CASES["signal"]
    kase, ctx = _household(store)
    values = reach.fill(service.form_for("signal", variant), ctx,
                        {**case.scenarios[0], "school_knows": True})
    signal = service.build("signal", lambda v: reach.call_build(case.build, v, ctx), values,
                           variant, ctx)
    STORED["signal"][0](store, kase.id, replace(signal, id=str(uuid4())))
    handover.set_worker_profile(store, PROFILE)
    target = handover.export_handover(store, kase.id, tmp_path / "pkg", None,
                                      variant=variant.info)
    text = pdf_text((target / "overdracht.pdf").read_bytes())
    for expected in ("Voorbeeld: wijkteams regio Midden", "Veilig Thuis Midden (voorbeeld)",
                     "Weet de school of de opvang van dit signaal?"):
        assert squash(expected) in text, expected
    document = json.loads((target / "overdracht.json").read_text("utf-8"))
    assert document["concerns"]["signals"][0]["extras"][0]["value"] is True
    # without a variant the handover says nothing about one
    plain = handover.build_handover(store, kase.id).data
    assert plain["form_variant"] is None
