"""Packages: written atomically, every kind of tampering found, and readers that
answer malformed input only with the project's own errors."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import VeiligwijzerError
from app.export import pdf
from app.export.package import (
    MANIFEST,
    ManifestDamaged,
    PackageExists,
    PackageNotFound,
    PartDamaged,
    WrongExportPassphrase,
    decrypt_part,
    encrypt_part,
    load_json_part,
    manifest_digest,
    read_manifest,
    signed_content,
    signer_fields,
    verify_package,
)
from app.output import OutputError
from app.security.signing import PACKAGE_CONTEXT, SigningKey
from app.services import handover
from tests.export.handover_case import EXPORT_PASSPHRASE, make_case

PARTS = ["manifest.json", "overdracht.json.enc", "overdracht.pdf"]


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    """One real package, copied for each test that tampers with it."""
    from app.store.store import Store
    from tests.conftest import PASSPHRASE

    folder = tmp_path_factory.mktemp("package")
    store = Store.create(folder / "store.db", PASSPHRASE)
    try:
        case = make_case(store)
        return handover.export_handover(store, case.case_id, folder / "pkg", EXPORT_PASSPHRASE)
    finally:
        store.close()


@pytest.fixture
def package(original: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(original, tmp_path / "pkg"))


def test_untouched_package_is_accepted(package: Path):
    report = verify_package(package)
    assert report.ok, report.problems
    assert sorted(p.name for p in package.iterdir()) == PARTS
    assert {p.name for p in report.manifest.files} == set(PARTS) - {MANIFEST}
    assert report.manifest.encrypted


def _problems(package: Path) -> tuple[str, ...]:
    report = verify_package(package)
    assert not report.ok
    return report.problems


@pytest.mark.parametrize("name", ["overdracht.pdf", "overdracht.json.enc"])
def test_a_flipped_byte_is_found(package: Path, name: str):
    path = package / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert _problems(package) == (f"Bestand is veranderd: {name}",)


def test_a_replaced_file_is_found(package: Path, tmp_path: Path):
    (package / "overdracht.pdf").write_bytes(b"%PDF-1.7\n% a different document\n")
    assert _problems(package) == ("Bestand is veranderd: overdracht.pdf",)


def test_a_missing_file_is_found(package: Path):
    (package / "overdracht.json.enc").unlink()
    assert _problems(package) == ("Bestand ontbreekt: overdracht.json.enc",)


@pytest.mark.parametrize("extra", ["notes.txt", ".hidden", "sub"])
def test_an_extra_file_or_folder_is_found(package: Path, extra: str):
    if extra == "sub":
        (package / extra).mkdir()
    else:
        (package / extra).write_text("extra")
    assert _problems(package) == (f"Onbekend bestand in het pakket: {extra}",)


#: Someone else's key: what a forger can sign with.
FORGER = SigningKey.generate()[0]
#: What the encrypted JSON says once a forger has signed the manifest again.
OTHER_SIGNER = "overdracht.json.enc is ondertekend door een ander apparaat dan het pakket."
SIGNATURE_BROKEN = "De handtekening klopt niet: het pakket is na het ondertekenen veranderd."


def _edit_manifest(package: Path, change, *, fix_digest: bool,
                   resign: SigningKey | None = None) -> None:
    """Change the manifest; recompute its digest, and with ``resign`` also sign
    it again with that key (as a forger with a key of their own would)."""
    path = package / MANIFEST
    manifest = json.loads(path.read_text("utf-8"))
    change(manifest)
    if resign is not None:
        manifest["signer"] = signer_fields(resign)
        manifest["signature"] = base64.b64encode(
            resign.sign(PACKAGE_CONTEXT, signed_content(manifest))).decode()
    if fix_digest or resign is not None:
        manifest["digest"] = manifest_digest(manifest)
    path.write_text(json.dumps(manifest), "utf-8")


def _set_hash(manifest: dict) -> None:
    manifest["files"][0]["sha256"] = "0" * 64


def _drop_part(manifest: dict) -> None:
    manifest["files"].pop()


def _say_unencrypted(manifest: dict) -> None:
    manifest["encrypted"] = False


@pytest.mark.parametrize("change", [_set_hash, _drop_part, _say_unencrypted,
                                    lambda m: m.update(created_at="2020-01-01T00:00:00+00:00")])
def test_a_changed_manifest_is_refused(package: Path, change):
    _edit_manifest(package, change, fix_digest=False)
    with pytest.raises(ManifestDamaged):
        verify_package(package)


def test_a_consistently_changed_manifest_still_does_not_match_the_parts(package: Path):
    _edit_manifest(package, _set_hash, fix_digest=True)
    assert _problems(package) == (SIGNATURE_BROKEN, "Bestand is veranderd: overdracht.json.enc")
    _edit_manifest(package, lambda m: None, fix_digest=True, resign=FORGER)
    assert _problems(package) == ("Bestand is veranderd: overdracht.json.enc",)


def test_a_manifest_listing_a_part_the_folder_lacks(package: Path):
    _edit_manifest(package, lambda m: m["files"].append(
        {"name": "bijlage.pdf", "size": 1, "sha256": "a" * 64, "media_type": "application/pdf"}),
        fix_digest=True, resign=FORGER)
    assert _problems(package) == (OTHER_SIGNER, "Bestand ontbreekt: bijlage.pdf")


def test_an_unencrypted_pdf_in_an_encrypted_package_is_found(package: Path):
    from app.export.document import Document

    data = pdf.render_pdf_bytes(Document("Iets anders"))
    (package / "overdracht.pdf").write_bytes(data)
    _edit_manifest(package, lambda m: m["files"][1].update(
        size=len(data), sha256=hashlib.sha256(data).hexdigest()), fix_digest=True, resign=FORGER)
    assert _problems(package) == (
        OTHER_SIGNER, "overdracht.pdf is niet versleuteld, maar het pakket zegt van wel.")


def test_no_package_and_no_manifest_are_clear_errors(tmp_path: Path, package: Path):
    with pytest.raises(PackageNotFound):
        verify_package(tmp_path / "nowhere")
    (package / MANIFEST).unlink()
    with pytest.raises(PackageNotFound):
        verify_package(package)
    (package / MANIFEST).write_bytes(b"\xff\xfe not json")
    with pytest.raises(ManifestDamaged):
        verify_package(package)


def test_json_envelope_opens_only_with_the_passphrase(package: Path):
    sealed = (package / "overdracht.json.enc").read_bytes()
    assert b"Fatima" not in sealed and "Şükran".encode() not in sealed
    document = load_json_part(decrypt_part(sealed, EXPORT_PASSPHRASE), "handover-3.schema.json")
    assert document["kind"] == "report"
    with pytest.raises(WrongExportPassphrase):
        decrypt_part(sealed, "een ander wachtwoord")
    assert decrypt_part(encrypt_part(b"{}", "x" * 12), "x" * 12) == b"{}"


# -- writing atomically -----------------------------------------------------------------


def test_an_interrupted_export_leaves_no_package(store, tmp_path: Path, monkeypatch):
    case = make_case(store)
    calls = []

    def broken(data: bytes, passphrase: str) -> bytes:
        calls.append(passphrase)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "encrypt_pdf_bytes", broken)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as raised:
        handover.export_handover(store, case.case_id, out / "pkg", EXPORT_PASSPHRASE)
    assert raised.value.message == f"Er is geen ruimte meer op {out}."
    assert calls, "the PDF writer was reached (after the JSON part was written)"
    assert list(out.iterdir()) == [], "no package and no half-written sibling"
    exports = [e for e in store.audit.entries(case.case_id) if e.action == "export"]
    assert exports == []


def test_an_interrupt_mid_pdf_leaves_no_package(store, tmp_path: Path, monkeypatch):
    case = make_case(store)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf, "render_pdf_bytes", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        handover.export_handover(store, case.case_id, out / "pkg", None)
    assert list(out.iterdir()) == []


def test_an_existing_package_is_never_overwritten(store, package: Path):
    case = make_case(store)
    before = {p.name: p.read_bytes() for p in package.iterdir()}
    with pytest.raises(PackageExists):
        handover.export_handover(store, case.case_id, package, EXPORT_PASSPHRASE)
    assert {p.name: p.read_bytes() for p in package.iterdir()} == before


def test_an_empty_folder_becomes_the_package(store, tmp_path: Path):
    case = make_case(store)
    out = tmp_path / "out"
    (out / "empty").mkdir(parents=True)
    target = handover.export_handover(store, case.case_id, out / "empty", EXPORT_PASSPHRASE)
    assert verify_package(target).ok
    assert [p.name for p in out.iterdir()] == ["empty"]


# -- malformed input -------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20)

manifest_like = st.fixed_dictionaries({
    "format": st.sampled_from(["veiligwijzer.package", "x"]),
    "version": st.sampled_from([1, 2, "1", True]),
    "kind": st.sampled_from(["handover", "client_copy", "other"]),
    "package_id": st.sampled_from(["00000000-0000-4000-8000-000000000000", "x", 3]),
    "created_at": st.sampled_from(["2026-01-01T00:00:00+00:00", "2026-13-01T00:00:00Z", ""]),
    "generator": st.text(max_size=5),
    "encrypted": json_values,
    "files": st.lists(st.fixed_dictionaries({
        "name": st.text(max_size=8), "size": st.integers(-2, 5),
        "sha256": st.sampled_from(["a" * 64, "A" * 64, "a" * 64 + "\n"]),
        "media_type": st.sampled_from(["application/pdf", "text/plain"])}), max_size=3),
    "digest": st.text(max_size=3),
}, optional={"extra": json_values})


def _only_our_errors(call, data) -> None:
    try:
        call(data)
    except VeiligwijzerError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_manifest_reader_on_random_bytes(data: bytes):
    _only_our_errors(read_manifest, data)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_manifest_reader_on_random_json(value):
    _only_our_errors(read_manifest, json.dumps(value).encode())


@settings(max_examples=300, deadline=None)
@given(manifest_like)
def test_manifest_reader_on_nearly_valid_manifests(manifest):
    manifest["digest"] = manifest_digest(manifest)
    _only_our_errors(read_manifest, json.dumps(manifest).encode())


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_handover_json_reader_on_random_json(value):
    with pytest.raises(PartDamaged):
        load_json_part(json.dumps(value).encode(), "handover-3.schema.json")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_envelope_reader_on_random_input(data: bytes):
    _only_our_errors(lambda d: decrypt_part(d, "wachtwoord van twaalf"), data)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=400))
def test_verify_package_on_a_random_manifest_file(tmp_path: Path, data: bytes):
    folder = tmp_path / "random"
    folder.mkdir(exist_ok=True)
    (folder / MANIFEST).write_bytes(data)
    _only_our_errors(verify_package, folder)
