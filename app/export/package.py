"""Export packages: a folder of parts plus ``manifest.json``, written
atomically and checked by ``veiligwijzer verify-package``.

Layout of a package folder (the folder *is* the package)::

    overdracht.pdf          the handover for people (AES-256 unless asked otherwise)
    overdracht.json.enc     the handover for systems, encrypted (see below), or
    overdracht.json         the same, unencrypted, when the worker chose that
    manifest.json           format, kind, package id, time, per part its name,
                            size, SHA-256 and media type, the signature of the
                            device that made it, and ``audit_head``: the store's
                            audit chain head at export (see app/store/audit.py),
                            set by the caller

The client's own copy (inzage) has ``inzage.pdf`` and the manifest.

Writing (:class:`PackageWriter`) happens in a hidden sibling folder
(``.NAME.part-XXXX``); every file is flushed and fsynced, the manifest is
written last, then the folder is renamed into place. An export that fails or
is interrupted removes the sibling and leaves no package behind.

Signing: the manifest (version 2, ``manifest-2.schema.json``) carries the
device's Ed25519 public key, its fingerprint, and a signature over the
context ``veiligwijzer/package/v1\0`` followed by the canonical JSON of the
manifest without ``signature`` and ``digest`` (``app.security.signing``).
The manifest lists every part's SHA-256, so the signature covers every byte
of the package. The PDF shows the fingerprint on its last page and the JSON
(and the envelope of the encrypted JSON) names it, so a reader can compare
it with what ``verify-package`` prints, or let ``--expect`` compare it.

Checking (:func:`verify_package`) reads the manifest strictly (its schema
and a digest over its own content), checks the signature, and reports every
part that is missing, changed (size or SHA-256), unknown (extra file, folder
or link), or not what it says it is: a PDF that does not parse as a PDF, or
whose trailer has no standard AES-256 ``/Encrypt`` dictionary with a
password to open it when the manifest says it is encrypted (parsed with
pypdf, never a search for bytes); JSON that does not fit its schema or
names another package or signer; an encrypted part that is no envelope.
A manifest of version 1 (from before signing) is still read and reported
as not signed; a package whose parts name a signer but whose manifest is
unsigned is refused. What a signature cannot do: prove *who* holds the
device. Compare the fingerprint with the one the sender gives by phone.

The JSON part is encrypted, when a passphrase is given, in a small
documented envelope (JSON): scrypt (salt 16 bytes, n=2^15, r=8, p=1) derives
a 256-bit key from the passphrase; AES-256-GCM with a 12-byte nonce and the
associated data ``veiligwijzer.encrypted/1`` encrypts the UTF-8 JSON. Any
system with scrypt and AES-GCM can open it with the passphrase of the PDF.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import VeiligwijzerError
from app.export.document import Paragraph, Section
from app.export.kinds import (
    MANIFEST_SCHEMAS,
    MEDIA_ENCRYPTED_JSON,
    MEDIA_JSON,
    MEDIA_PDF,
    PACKAGE_KINDS,
)
from app.export.kinds import json_schemas as kind_json_schemas
from app.export.schemas import load_schema, validate
from app.i18n import _
from app.output import (
    OutputIsFile,
    check_folder_target,
    fsync_folder,
    output_error,
    shown,
    write_file,
)
from app.security.signing import (
    ALGORITHM,
    PACKAGE_CONTEXT,
    SigningKey,
    fingerprint,
    verify_signature,
)

MANIFEST = "manifest.json"
PACKAGE_FORMAT = "veiligwijzer.package"
PACKAGE_VERSION = 2
#: The manifest schema of each version this code reads (MANIFEST_SCHEMAS,
#: from ``app.export.kinds``); it writes the last.
ENVELOPE_FORMAT = "veiligwijzer.encrypted"
ENVELOPE_AAD = b"veiligwijzer.encrypted/1"
#: The kinds of package, from the one list of export kinds (``app.export.kinds``).
KINDS = tuple(k.code for k in PACKAGE_KINDS)
#: The schemas of the JSON part of each kind of package that has one, by the
#: ``schema_version`` the part names: a package written by an older version
#: of the app still verifies against the schema it was written for.
JSON_SCHEMAS = kind_json_schemas()
MAX_MANIFEST_BYTES = 1_000_000
MAX_JSON_BYTES = 50_000_000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}


# -- errors -------------------------------------------------------------------------


class PackageError(VeiligwijzerError):
    """A package cannot be written or read."""


class PackageNotFound(PackageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("Hier staat geen exportpakket: {path}").format(path=shown(path)))


class PackageExists(PackageError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("Deze map bestaat al en is niet leeg: {path}. Kies een nieuwe map."
                           ).format(path=shown(path)))


class ManifestDamaged(PackageError):
    """The manifest is missing, unreadable or does not fit its schema."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(_("Het overzicht van het pakket (manifest.json) is beschadigd of "
                           "veranderd."))
        self.detail = detail


class PartDamaged(PackageError):
    """A part (the JSON, an encrypted envelope) cannot be read."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(_("Een deel van het pakket is beschadigd en kan niet worden gelezen."))
        self.detail = detail


class NewerPackage(PackageError):
    def __init__(self) -> None:
        super().__init__(_("Dit pakket is gemaakt met een nieuwere versie van Veiligwijzer. Werk "
                           "Veiligwijzer bij en controleer het dan opnieuw."))


class WrongExportPassphrase(PackageError):
    def __init__(self) -> None:
        super().__init__(_("Dit wachtwoord past niet bij het pakket."))


# -- hashing and fsync ----------------------------------------------------------------


def sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                      ).encode("utf-8")


def manifest_digest(manifest: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the manifest without its ``digest``."""
    return hashlib.sha256(_canonical({k: v for k, v in manifest.items()
                                      if k != "digest"})).hexdigest()


def signed_content(manifest: dict[str, Any]) -> bytes:
    """What the signature covers (after the context): the canonical JSON of the
    manifest without ``signature`` and ``digest``."""
    return _canonical({k: v for k, v in manifest.items() if k not in ("signature", "digest")})


def signer_fields(signer: SigningKey) -> dict[str, str]:
    """How a manifest and the JSON part name the device that signed."""
    return {"algorithm": ALGORITHM, "public_key": _b64(signer.public_key),
            "fingerprint": signer.fingerprint}


def signer_section(fingerprint: str) -> Section:
    """The last section of every package PDF: the signer's fingerprint, for people
    to compare with what ``verify-package`` prints."""
    return Section(_("Ondertekening"), (
        Paragraph(_("Dit pakket is ondertekend met de apparaatsleutel van de afzender. "
                    "Vingerafdruk van die sleutel: {fingerprint}").format(
            fingerprint=fingerprint)),
        Paragraph(_("Controleer het pakket met ‘veiligwijzer verify-package’ en vergelijk de "
                    "vingerafdruk met die van de afzender (bijvoorbeeld telefonisch).")),
    ))


# -- the encrypted JSON envelope ----------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def encrypt_part(data: bytes, passphrase: str, content_type: str = MEDIA_JSON,
                 signer: str | None = None) -> bytes:
    """``data`` in the encrypted envelope described in this module's docstring;
    ``signer`` is the fingerprint of the device that signs the package."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = _scrypt_key(passphrase, salt, **_SCRYPT)
    envelope = {
        "format": ENVELOPE_FORMAT, "version": 1, "content_type": content_type,
        "kdf": {"name": "scrypt", "salt": _b64(salt), **_SCRYPT},
        "cipher": "AES-256-GCM", "nonce": _b64(nonce),
        "ciphertext": _b64(AESGCM(key).encrypt(nonce, data, ENVELOPE_AAD)),
    }
    if signer is not None:
        envelope["signer"] = signer
    return json.dumps(envelope, indent=2).encode("utf-8") + b"\n"


def _envelope(data: bytes) -> dict[str, Any]:
    """The envelope's fields, checked; ``PartDamaged`` when it does not fit."""
    try:
        env = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PartDamaged("envelope is not JSON") from None
    if not isinstance(env, dict) or env.get("format") != ENVELOPE_FORMAT \
            or env.get("version") != 1 or env.get("cipher") != "AES-256-GCM":
        raise PartDamaged("not an envelope of a known version")
    kdf = env.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise PartDamaged("unknown key derivation")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    # Bounds keep a crafted file from asking for gigabytes of memory.
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (n, r, p)) \
            or n not in {2 ** k for k in range(10, 21)} or not 1 <= r <= 16 or not 1 <= p <= 4:
        raise PartDamaged("key derivation parameters out of bounds")
    try:
        salt = base64.b64decode(kdf.get("salt"), validate=True)
        nonce = base64.b64decode(env.get("nonce"), validate=True)
        ciphertext = base64.b64decode(env.get("ciphertext"), validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise PartDamaged("envelope fields are not base64") from None
    if len(salt) < 16 or len(nonce) != 12 or len(ciphertext) < 16:
        raise PartDamaged("envelope fields have the wrong size")
    signer = env.get("signer")
    if signer is not None and not isinstance(signer, str):
        raise PartDamaged("signer is not a fingerprint")
    return {"n": n, "r": r, "p": p, "salt": salt, "nonce": nonce, "ciphertext": ciphertext,
            "signer": signer}


def decrypt_part(data: bytes, passphrase: str) -> bytes:
    """Open an envelope made by :func:`encrypt_part`."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    env = _envelope(data)
    key = _scrypt_key(passphrase, env["salt"], env["n"], env["r"], env["p"])
    try:
        return AESGCM(key).decrypt(env["nonce"], env["ciphertext"], ENVELOPE_AAD)
    except InvalidTag:
        raise WrongExportPassphrase() from None


def load_json_part(data: bytes, schema_name: str) -> dict[str, Any]:
    """A JSON part, parsed and checked against its schema; ``PartDamaged`` otherwise."""
    if len(data) > MAX_JSON_BYTES:
        raise PartDamaged("JSON part too large")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PartDamaged("not JSON") from None
    problems = validate(document, load_schema(schema_name))
    if problems:
        raise PartDamaged("; ".join(problems[:5]))
    return document


# -- writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackagePart:
    name: str
    sha256: str
    size: int
    media_type: str


class PackageWriter:
    """Write a package atomically::

        with PackageWriter(target, "handover", encrypted=True, signer=key) as pkg:
            pkg.add_bytes("overdracht.json.enc", data, MEDIA_ENCRYPTED_JSON)
            write_pdf(document, pkg.path("overdracht.pdf"), passphrase)
            pkg.add_file("overdracht.pdf", MEDIA_PDF)

    ``target`` must not exist, or be an empty folder. Leaving the block with
    an exception (or an interrupt) removes everything written so far.
    """

    def __init__(self, target: Path, kind: str, *, encrypted: bool, signer: SigningKey,
                 now: datetime | None = None, package_id: str | None = None,
                 force: bool = False) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown package kind {kind!r}")
        self.target = Path(target)
        #: Follow a link at ``target`` (``--force``); a non-empty folder is never replaced.
        self.force = force
        self.kind = kind
        self.encrypted = encrypted
        self.signer = signer
        #: More top-level manifest fields, signed with the rest (each needs its
        #: place in the manifest schema), e.g. the audit chain's head.
        self.extra: dict[str, Any] = {}
        self.package_id = package_id or str(uuid.uuid4())
        self.created_at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.parts: list[PackagePart] = []
        self.folder: Path | None = None
        self.manifest: dict[str, Any] | None = None
        self.audit_head: dict[str, Any] | None = None

    def __enter__(self) -> PackageWriter:
        target = self.target = check_folder_target(self.target, force=self.force)
        if target.exists() and any(target.iterdir()):
            raise PackageExists(target)
        folder = target.parent / f".{target.name[:100]}.part-{secrets.token_hex(4)}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except FileExistsError:
            raise OutputIsFile(target.parent) from None
        except OSError as exc:
            raise output_error(exc, target) from None
        self.folder = folder
        return self

    def path(self, name: str) -> Path:
        if self.folder is None:
            raise RuntimeError("the package writer is not open")
        if not _NAME.fullmatch(name) or name == MANIFEST:
            raise ValueError(f"not a part name: {name!r}")
        return self.folder / name

    def add_bytes(self, name: str, data: bytes, media_type: str) -> PackagePart:
        write_file(self.path(name), data)
        return self.add_file(name, media_type)

    def add_file(self, name: str, media_type: str) -> PackagePart:
        """Register a part already written to ``path(name)``."""
        path = self.path(name)
        if any(p.name == name for p in self.parts):
            raise ValueError(f"part {name!r} added twice")
        _fsync_file(path)
        digest, size = sha256_file(path)
        part = PackagePart(name, digest, size, media_type)
        self.parts.append(part)
        return part

    def _write_manifest(self) -> None:
        assert self.folder is not None
        # The folder holds exactly the parts: a writer's leftover (a .part file) would
        # make the package fail its own check.
        for entry in self.folder.iterdir():
            if entry.name not in {p.name for p in self.parts}:
                entry.unlink()
        manifest: dict[str, Any] = {
            "format": PACKAGE_FORMAT, "version": PACKAGE_VERSION, "kind": self.kind,
            "package_id": self.package_id, "created_at": self.created_at.isoformat(),
            "generator": f"Veiligwijzer {__version__}", "encrypted": self.encrypted,
            "files": [{"name": p.name, "size": p.size, "sha256": p.sha256,
                       "media_type": p.media_type} for p in self.parts],
            **self.extra,
            **({"audit_head": self.audit_head} if self.audit_head else {}),
            "signer": signer_fields(self.signer),
        }
        manifest["signature"] = _b64(self.signer.sign(PACKAGE_CONTEXT, signed_content(manifest)))
        manifest["digest"] = manifest_digest(manifest)
        data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        write_file(self.folder / MANIFEST, data)
        self.manifest = manifest

    def __exit__(self, exc_type, exc, tb) -> None:
        folder = self.folder
        assert folder is not None
        if exc_type is not None:
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise output_error(exc, self.target) from None
            return
        try:
            if not self.parts:
                raise ValueError("a package holds at least one part")
            self._write_manifest()
            fsync_folder(folder)
            if self.target.exists():
                self.target.rmdir()  # empty, checked on entry
            os.rename(folder, self.target)
            fsync_folder(self.target.parent)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise output_error(exc, self.target) from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise


# -- reading and checking ---------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    kind: str
    package_id: str
    created_at: datetime
    generator: str
    encrypted: bool
    files: tuple[PackagePart, ...]
    version: int = PACKAGE_VERSION
    #: The fingerprint of the key named as signer; ``None`` for version 1.
    signer: str | None = None
    #: Whether the signature checks with that key (``False`` for version 1).
    signature_valid: bool = False


def _signature(raw: dict[str, Any]) -> tuple[str, bool]:
    """The signer's fingerprint and whether the signature checks."""
    try:
        public = base64.b64decode(raw["signer"]["public_key"], validate=True)
        signature = base64.b64decode(raw["signature"], validate=True)
        named = fingerprint(public)
    except (binascii.Error, ValueError):
        raise ManifestDamaged("signer or signature is not base64 of the right size") from None
    valid = (named == raw["signer"]["fingerprint"]
             and verify_signature(public, PACKAGE_CONTEXT, signed_content(raw), signature))
    return named, valid


def read_manifest(data: bytes) -> Manifest:
    """Parse and check a manifest; ``ManifestDamaged`` for anything that does not
    fit, ``NewerPackage`` for a version this code does not know yet. The
    signature is checked here; whether it is valid is in the result."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestDamaged("manifest too large")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ManifestDamaged("not JSON") from None
    version = raw.get("version") if isinstance(raw, dict) else None
    if type(version) is int and version > PACKAGE_VERSION and raw.get("format") == PACKAGE_FORMAT:
        raise NewerPackage()
    if type(version) is not int or version not in MANIFEST_SCHEMAS:
        raise ManifestDamaged("no manifest version this code reads")
    problems = validate(raw, load_schema(MANIFEST_SCHEMAS[version]))
    if problems:
        raise ManifestDamaged("; ".join(problems[:5]))
    if raw["digest"] != manifest_digest(raw):
        raise ManifestDamaged("digest does not match")
    names = [f["name"] for f in raw["files"]]
    if len(set(names)) != len(names) or MANIFEST in names:
        raise ManifestDamaged("a part is listed twice")
    try:
        created = datetime.fromisoformat(raw["created_at"])
    except ValueError:
        raise ManifestDamaged("created_at") from None
    signer, valid = _signature(raw) if version >= 2 else (None, False)
    return Manifest(raw["kind"], raw["package_id"], created, raw["generator"], raw["encrypted"],
                    tuple(PackagePart(f["name"], f["sha256"], f["size"], f["media_type"])
                          for f in raw["files"]), version, signer, valid)


@dataclass(frozen=True)
class PackageReport:
    path: Path
    manifest: Manifest
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def signed(self) -> bool:
        """Signed, and the signature checks (then ``manifest.signer`` is the signer)."""
        return self.manifest.signature_valid


def pdf_is_encrypted(data: bytes) -> bool | None:
    """Whether a PDF is encrypted so that it needs a password to open: its real
    trailer (parsed, not searched) names a standard security handler with
    AES-256 (V 5, R 6), and the empty password does not open it. ``None``
    when the bytes do not parse as a PDF."""
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypt = reader.trailer.get("/Encrypt")
        if encrypt is None:
            len(reader.pages)  # an unencrypted PDF must at least have readable pages
            return False
        encrypt = encrypt.get_object()
        if (encrypt.get("/Filter"), encrypt.get("/V"), encrypt.get("/R")) != ("/Standard", 5, 6):
            return False
        return reader.decrypt("") == PasswordType.NOT_DECRYPTED
    except Exception:  # noqa: BLE001 - a crafted file can break a parser anywhere
        return None


def _signer_named_in(part: PackagePart, data: bytes) -> str | None:
    """The fingerprint a JSON part or an envelope names as its signer, if any."""
    try:
        if part.media_type == MEDIA_ENCRYPTED_JSON:
            return _envelope(data)["signer"]
        if part.media_type == MEDIA_JSON:
            signer = json.loads(data.decode("utf-8")).get("signer")
            return signer.get("fingerprint") if isinstance(signer, dict) else None
    except (PartDamaged, UnicodeDecodeError, ValueError, RecursionError, AttributeError):
        return None
    return None


def _check_content(path: Path, part: PackagePart, manifest: Manifest) -> list[str]:
    """What a part that matches its hash must still be."""
    data = path.read_bytes()
    name = shown(part.name)
    if part.media_type == MEDIA_PDF:
        encrypted = pdf_is_encrypted(data) if data.startswith(b"%PDF-") else None
        if encrypted is None:
            return [_("{name} is geen PDF.").format(name=name)]
        if manifest.encrypted and not encrypted:
            return [_("{name} is niet versleuteld, maar het pakket zegt van wel.").format(
                name=name)]
        return []
    signer = _signer_named_in(part, data)
    if signer is not None and manifest.signer is None:
        return [_("{name} is ondertekend, maar het manifest niet: de handtekening is "
                  "weggehaald.").format(name=name)]
    if signer is not None and signer != manifest.signer:
        return [_("{name} is ondertekend door een ander apparaat dan het pakket.").format(
            name=name)]
    damaged = [_("{name} is beschadigd of past niet bij het schema.").format(name=name)]
    try:
        if part.media_type == MEDIA_ENCRYPTED_JSON:
            _envelope(data)
        elif part.media_type == MEDIA_JSON:
            if manifest.encrypted:
                return [_("{name} is niet versleuteld, maar het pakket zegt van wel.").format(
                    name=name)]
            schema = _json_schema(manifest.kind, data)
            if schema is None:
                return damaged
            document = load_json_part(data, schema)
            if document.get("package_id") != manifest.package_id:
                return [_("{name} hoort bij een ander pakket.").format(name=name)]
    except PartDamaged:
        return damaged
    return []


def _json_schema(kind: str, data: bytes) -> str | None:
    """The schema a JSON part says it follows (its ``schema_version``)."""
    if len(data) > MAX_JSON_BYTES:
        return None
    try:
        version = json.loads(data.decode("utf-8")).get("schema_version")
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError):
        return None
    if not isinstance(version, int) or isinstance(version, bool):
        return None
    return JSON_SCHEMAS.get(kind, {}).get(version)


def _signature_problems(manifest: Manifest, expect: str | None) -> list[str]:
    found = []
    if manifest.version >= 2 and not manifest.signature_valid:
        found.append(_("De handtekening klopt niet: het pakket is na het ondertekenen "
                       "veranderd."))
    if expect is not None:
        if manifest.signer is None:
            found.append(_("Het pakket is niet ondertekend, maar er werd een handtekening met "
                           "vingerafdruk {expected} verwacht.").format(expected=expect))
        elif manifest.signer != expect:
            found.append(_("Het pakket is ondertekend met vingerafdruk {found}, maar {expected} "
                           "werd verwacht.").format(found=manifest.signer, expected=expect))
    return found


def verify_package(path: Path, expect: str | None = None) -> PackageReport:
    """Check a package folder, and with ``expect`` (a fingerprint, see
    ``app.security.signing``) also who signed it. ``PackageNotFound``,
    ``ManifestDamaged`` or ``NewerPackage`` when it is no package this code
    reads; otherwise a report with every problem found."""
    path = Path(path)
    if not path.is_dir() or path.is_symlink():
        raise PackageNotFound(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file() or manifest_path.is_symlink():
        raise PackageNotFound(path)
    manifest = read_manifest(manifest_path.read_bytes())
    problems = _signature_problems(manifest, expect)
    listed = {p.name: p for p in manifest.files}
    for entry in sorted(path.iterdir()):
        if entry.name == MANIFEST:
            continue
        if entry.name not in listed:
            problems.append(_("Onbekend bestand in het pakket: {name}").format(
                name=shown(entry.name)))
        elif entry.is_symlink() or not entry.is_file():
            problems.append(_("Geen gewoon bestand: {name}").format(name=shown(entry.name)))
    for part in manifest.files:
        file = path / part.name
        if not file.exists() and not file.is_symlink():
            problems.append(_("Bestand ontbreekt: {name}").format(name=part.name))
            continue
        if file.is_symlink() or not file.is_file():
            continue  # reported above
        digest, size = sha256_file(file)
        if size != part.size or digest != part.sha256:
            problems.append(_("Bestand is veranderd: {name}").format(name=part.name))
            continue
        problems += _check_content(file, part, manifest)
    return PackageReport(path, manifest, tuple(problems))
