"""Packages that cannot be forged: the device's key, the signed manifest, the
fingerprint in the parts, encryption checked by parsing, and the old
unsigned format. Real stores, real packages, the real command line."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

from app import cli
from app.export import pdf
from app.export.document import Document
from app.export.package import (
    MANIFEST,
    ManifestDamaged,
    manifest_digest,
    pdf_is_encrypted,
    signed_content,
    signer_fields,
    verify_package,
)
from app.security.signing import (
    OPERATION_CONTEXT,
    PACKAGE_CONTEXT,
    SigningKey,
    fingerprint,
    normalise_fingerprint,
    verify_signature,
)
from app.services import handover
from app.store import device
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.export.handover_case import EXPORT_PASSPHRASE, make_case, pdf_text, squash

SIGNATURE_BROKEN = "De handtekening klopt niet: het pakket is na het ondertekenen veranderd."


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """Two cases of one store, each exported encrypted and unencrypted."""
    folder = tmp_path_factory.mktemp("signed")
    store = Store.create(folder / "store.db", PASSPHRASE)
    try:
        first, second = make_case(store), make_case(store)
        out = {"store": folder / "store.db", "fingerprint": store.signing_key().fingerprint}
        for name, case in (("a", first), ("b", second)):
            out[name] = handover.export_handover(store, case.case_id, folder / name,
                                                 EXPORT_PASSPHRASE)
            out[f"{name}_open"] = handover.export_handover(store, case.case_id,
                                                           folder / f"{name}_open", None)
        return out
    finally:
        store.close()


def copy(made: dict, name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(made[name], tmp_path / name))


def rewrite_manifest(package: Path, change=lambda m: None, *, rehash: bool = True,
                     resign: SigningKey | None = None) -> None:
    """What a forger can do: recompute every part's hash and the digest, and
    (with ``resign``) sign again with a key of their own."""
    path = package / MANIFEST
    manifest = json.loads(path.read_text("utf-8"))
    if rehash:
        for part in manifest["files"]:
            data = (package / part["name"]).read_bytes()
            part.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    change(manifest)
    if resign is not None:
        manifest["signer"] = signer_fields(resign)
        manifest["signature"] = base64.b64encode(
            resign.sign(PACKAGE_CONTEXT, signed_content(manifest))).decode()
    manifest["digest"] = manifest_digest(manifest)
    path.write_text(json.dumps(manifest), "utf-8")


def to_version_1(manifest: dict) -> None:
    """A manifest as written before signing."""
    manifest["version"] = 1
    for added_later in ("signer", "signature", "audit_head"):
        manifest.pop(added_later, None)


def strip_envelope_signer(package: Path) -> None:
    part = package / "overdracht.json.enc"
    envelope = json.loads(part.read_text("utf-8"))
    envelope.pop("signer")
    part.write_text(json.dumps(envelope, indent=2) + "\n", "utf-8")


def handmade_pdf_with_encrypt_comment() -> bytes:
    """An unencrypted PDF that holds the bytes ``/Encrypt`` in a comment."""
    data = pdf.render_pdf_bytes(Document("Overdracht"))
    data = data.replace(b"%PDF-1.4\n", b"%PDF-1.4\n% /Encrypt 5 0 R\n", 1)
    assert b"/Encrypt" in data and data.startswith(b"%PDF-")
    return data


# -- the device key --------------------------------------------------------------------------


def test_a_store_gets_its_key_at_setup_and_keeps_it(tmp_path: Path):
    path = tmp_path / "s.db"
    with Store.create(path, PASSPHRASE) as store:
        key = store.signing_key()
    with Store.open(path, PASSPHRASE) as store:
        assert store.signing_key().fingerprint == key.fingerprint
    assert key.fingerprint == fingerprint(key.public_key)
    assert key.public_key.hex().encode() not in path.read_bytes()  # inside the encryption
    assert "SigningKey(" in repr(key) and key.fingerprint in repr(key)


def test_a_store_from_before_signing_gets_a_key_at_its_next_unlock(tmp_path: Path):
    path = tmp_path / "old.db"
    with Store.create(path, PASSPHRASE) as store:
        store.conn.execute("DELETE FROM meta WHERE key = ?", (device.META_KEY,))
        with pytest.raises(LookupError):
            store.signing_key()
    with Store.open(path, PASSPHRASE) as store:
        first = store.signing_key().fingerprint
    with Store.open(path, PASSPHRASE) as store:
        assert store.signing_key().fingerprint == first


def test_package_and_operation_signatures_never_pass_for_each_other():
    key = SigningKey.generate()[0]
    message = b'{"kind":"handover"}'
    as_package = key.sign(PACKAGE_CONTEXT, message)
    as_operation = key.sign(OPERATION_CONTEXT, message)
    assert verify_signature(key.public_key, PACKAGE_CONTEXT, message, as_package)
    assert verify_signature(key.public_key, OPERATION_CONTEXT, message, as_operation)
    assert not verify_signature(key.public_key, OPERATION_CONTEXT, message, as_package)
    assert not verify_signature(key.public_key, PACKAGE_CONTEXT, message, as_operation)
    with pytest.raises(ValueError):
        key.sign(b"", message)


@pytest.mark.parametrize(("typed", "expected"), [
    ("3F2A 91BC 0D4E 77AA 1234 5678 9ABC DEF0", "3f2a-91bc-0d4e-77aa-1234-5678-9abc-def0"),
    ("3f2a:91bc:0d4e:77aa:1234:5678:9abc:def0", "3f2a-91bc-0d4e-77aa-1234-5678-9abc-def0"),
    ("3f2a-91bc", None), ("zzzz-91bc-0d4e-77aa-1234-5678-9abc-def0", None), ("", None),
])
def test_a_fingerprint_may_be_typed_loosely(typed: str, expected: str | None):
    assert normalise_fingerprint(typed) == expected


# -- a signed package ------------------------------------------------------------------------


def test_a_package_is_signed_and_its_parts_name_the_signer(made: dict):
    expected = made["fingerprint"]
    report = verify_package(made["a"], expect=expected)
    assert report.ok and report.signed and report.manifest.signer == expected
    manifest = json.loads((made["a"] / MANIFEST).read_text("utf-8"))
    assert manifest["version"] == 2 and manifest["signer"]["fingerprint"] == expected
    envelope = json.loads((made["a"] / "overdracht.json.enc").read_text("utf-8"))
    assert envelope["signer"] == expected
    opened = json.loads((made["a_open"] / "overdracht.json").read_text("utf-8"))
    assert opened["signer"]["fingerprint"] == expected
    for name in ("a", "a_open"):
        data = (made[name] / "overdracht.pdf").read_bytes()
        assert squash(expected) in pdf_text(data, EXPORT_PASSPHRASE)


def test_the_signature_is_checked_against_another_expected_signer(made: dict):
    other = SigningKey.generate()[0].fingerprint
    report = verify_package(made["a"], expect=other)
    assert report.problems == (
        f"Het pakket is ondertekend met vingerafdruk {made['fingerprint']}, maar {other} werd "
        "verwacht.",)


@pytest.mark.parametrize("part", ["overdracht.pdf", "overdracht.json.enc"])
def test_another_cases_part_fails_even_with_recomputed_hashes(made: dict, tmp_path: Path,
                                                              part: str):
    package = copy(made, "a", tmp_path)
    shutil.copyfile(made["b"] / part, package / part)
    rewrite_manifest(package)
    report = verify_package(package)
    assert not report.ok and report.problems == (SIGNATURE_BROKEN,)


def test_another_cases_open_json_fails_even_when_signed_again(made: dict, tmp_path: Path):
    package = copy(made, "a_open", tmp_path)
    shutil.copyfile(made["b_open"] / "overdracht.json", package / "overdracht.json")
    rewrite_manifest(package)
    assert verify_package(package).problems == (SIGNATURE_BROKEN,
                                                "overdracht.json hoort bij een ander pakket.")
    forger = SigningKey.generate()[0]
    rewrite_manifest(package, resign=forger)
    report = verify_package(package)
    assert report.problems == ("overdracht.json is ondertekend door een ander apparaat dan het "
                               "pakket.",)
    assert report.manifest.signer == forger.fingerprint != made["fingerprint"]
    assert not verify_package(package, expect=made["fingerprint"]).ok


def test_a_handmade_unencrypted_pdf_with_encrypt_in_a_comment_fails(made: dict,
                                                                    tmp_path: Path):
    data = handmade_pdf_with_encrypt_comment()
    assert pdf_is_encrypted(data) is False
    assert pdf_is_encrypted((made["a"] / "overdracht.pdf").read_bytes()) is True
    package = copy(made, "a", tmp_path)
    (package / "overdracht.pdf").write_bytes(data)
    rewrite_manifest(package)
    assert verify_package(package).problems == (
        SIGNATURE_BROKEN, "overdracht.pdf is niet versleuteld, maar het pakket zegt van wel.")
    # Signed again by the forger (and the envelope's signer removed): the
    # parsed trailer still finds no encryption.
    strip_envelope_signer(package)
    rewrite_manifest(package, resign=SigningKey.generate()[0])
    assert verify_package(package).problems == (
        "overdracht.pdf is niet versleuteld, maar het pakket zegt van wel.",)


def test_an_encrypt_entry_that_opens_without_a_password_is_not_encryption():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf.render_pdf_bytes(Document("x")))))
    writer.encrypt(user_password="", owner_password="eigenaar", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert pdf_is_encrypted(out.getvalue()) is False
    assert pdf_is_encrypted(b"%PDF-1.7\n% /Encrypt\n%%EOF\n") is None


def test_a_signed_package_with_its_signature_removed_fails(made: dict, tmp_path: Path):
    package = copy(made, "a", tmp_path)
    rewrite_manifest(package, lambda m: m.pop("signature"), rehash=False)
    with pytest.raises(ManifestDamaged):
        verify_package(package)


def test_a_signed_package_made_to_look_old_fails(made: dict, tmp_path: Path):
    """Version 1 and no signature, but the encrypted JSON still names its signer."""
    package = copy(made, "a", tmp_path)
    rewrite_manifest(package, to_version_1, rehash=False)
    assert verify_package(package).problems == (
        "overdracht.json.enc is ondertekend, maar het manifest niet: de handtekening is "
        "weggehaald.",)


# -- an old, unsigned package ---------------------------------------------------------------


@pytest.fixture
def old_package(made: dict, tmp_path: Path) -> Path:
    """A package as written before signing: manifest version 1, no signer."""
    package = copy(made, "a", tmp_path)
    strip_envelope_signer(package)
    rewrite_manifest(package, to_version_1)
    return package


def test_an_old_package_verifies_as_not_signed(old_package: Path):
    report = verify_package(old_package)
    assert report.ok and not report.signed and report.manifest.signer is None
    assert report.manifest.version == 1


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "harden_process", lambda: None)
    capsys.readouterr()
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_verify_package_prints_the_signer_and_takes_expect(made: dict, old_package: Path,
                                                           monkeypatch, capsys):
    fp = made["fingerprint"]
    code, out, _err = run(monkeypatch, capsys, "verify-package", str(made["a"]))
    assert code == 0 and f"Handtekening: in orde, vingerafdruk {fp}" in out
    code, out, _err = run(monkeypatch, capsys, "verify-package", str(made["a"]), "--expect",
                          fp.replace("-", " ").upper())
    assert code == 0
    other = SigningKey.generate()[0].fingerprint
    code, out, err = run(monkeypatch, capsys, "verify-package", str(made["a"]), "--expect",
                         other)
    assert code == 1 and f"maar {other} werd verwacht" in out
    code, out, err = run(monkeypatch, capsys, "verify-package", str(old_package))
    assert code == 0 and "Handtekening: niet ondertekend (oudere versie)" in out
    # Anyone can write an unsigned manifest: the reader is told what that means.
    assert "in orde" not in out and "niet ondertekend. Wie het maakte" in err
    code, out, _err = run(monkeypatch, capsys, "verify-package", str(old_package), "--expect",
                          fp)
    assert code == 1 and "niet ondertekend, maar er werd een handtekening" in out
    code, _out, err = run(monkeypatch, capsys, "verify-package", str(made["a"]), "--expect",
                          "abc\x1b[2J")
    assert code == 1 and "abc\\x1b[2J is geen vingerafdruk" in err
