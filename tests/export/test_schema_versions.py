"""Schema version 3 of the handover JSON, and packages written before it.

``packages/handover-v1`` and ``packages/handover-v2`` are real packages
written by the app before version 2 and before version 3 (the demo's
Коваленко case, made-up people, unencrypted; version 2 signed): they must
keep verifying, against the schema they name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.export.handover import SCHEMA_NAME, SCHEMA_VERSION
from app.export.package import JSON_SCHEMAS, MEDIA_JSON, PackageWriter, verify_package
from app.export.schemas import load_schema, validate
from app.security.signing import SigningKey

OLD_PACKAGE = Path(__file__).parent / "packages" / "handover-v1"
V2_PACKAGE = Path(__file__).parent / "packages" / "handover-v2"


def test_the_current_schema_is_version_3_and_registered():
    assert SCHEMA_VERSION == 3 and SCHEMA_NAME == "handover-3.schema.json"
    assert JSON_SCHEMAS["handover"][SCHEMA_VERSION] == SCHEMA_NAME
    assert load_schema(SCHEMA_NAME)["properties"]["schema_version"]["const"] == 3


def test_a_signed_package_of_version_2_still_verifies(tmp_path: Path):
    package = shutil.copytree(V2_PACKAGE, tmp_path / "v2")
    document = json.loads((package / "overdracht.json").read_text("utf-8"))
    assert document["schema_version"] == 2
    assert validate(document, load_schema("handover-2.schema.json")) == []
    assert validate(document, load_schema(SCHEMA_NAME)) != []
    report = verify_package(package)
    assert report.ok and report.signed, report.problems


def test_a_package_of_version_1_still_verifies(tmp_path: Path):
    package = shutil.copytree(OLD_PACKAGE, tmp_path / "oud")
    document = json.loads((package / "overdracht.json").read_text("utf-8"))
    assert document["schema_version"] == 1
    assert validate(document, load_schema("handover-1.schema.json")) == []
    # it does not fit version 2: the version it names is what counts
    assert validate(document, load_schema(SCHEMA_NAME)) != []
    report = verify_package(package)
    assert report.ok, report.problems


def _repack(tmp_path: Path, version) -> Path:
    """The old JSON part with another ``schema_version``, in a package whose
    manifest fits it: only the content check can object."""
    document = json.loads((OLD_PACKAGE / "overdracht.json").read_text("utf-8"))
    document["schema_version"] = version
    target = tmp_path / f"pakket-{version!r}"
    signer, _raw = SigningKey.generate()
    with PackageWriter(target, "handover", encrypted=False,
                       package_id=document["package_id"], signer=signer) as package:
        package.add_bytes("overdracht.json", json.dumps(document).encode("utf-8"), MEDIA_JSON)
    return target


@pytest.mark.parametrize(("version", "ok"), [
    (1, True), (2, False), (3, False),  # a version-1 document fits only version 1
    (None, False), (4, False), ("1", False), (True, False)])
def test_the_json_part_is_checked_against_the_version_it_names(tmp_path: Path, version, ok):
    report = verify_package(_repack(tmp_path, version))
    assert report.ok is ok, report.problems
    if not ok:
        assert any("schema" in problem for problem in report.problems)
