"""Encrypted backup of a store in one file, and restore into a new store.

File format (``.vwbackup``, all integers big-endian)::

    magic            8 bytes   b"VWBACKUP"
    format version   2 bytes   1
    header length    4 bytes   n (at most 256 KiB)
    header           n bytes   JSON, UTF-8 (below)
    database length  8 bytes   m
    database         m bytes   the SQLCipher file, encrypted with the store key
    mac             32 bytes   HMAC-SHA256 over everything above
    digest          32 bytes   SHA-256 over everything above, mac included

The header holds no personal data and no secret in the clear::

    {"format": "veiligwijzer-backup", "version": 1, "backup_id": "<uuid>",
     "store_id": "<uuid>", "kind": "real", "created_at": "<UTC ISO>",
     "schema_version": 5, "key_file": "<base64 of the store's key file>",
     "audit_head": {"seq": 41, "mac": "<hex>"}}

``audit_head`` (since the keyed audit chain; absent in older backups) is the
audit chain's head when the copy was taken: ``verify --backup FILE`` checks
that the store's chain still holds it (see ``app.store.audit``).

The key file is the store's own ``<store>.keys`` (see ``keys``): the store
key wrapped per slot, so the backup opens with the passphrase (or recovery
key) that the store had when the backup was made. The database bytes are a
consistent copy taken with SQLite's online backup API into a temporary file
keyed with the same store key (SQLCipher copies page by page between two
connections with the same key), so they are encrypted exactly like the store.

Two checks, for two kinds of trouble:

* the **digest** needs no key: a flipped bit or a cut-off file is reported as
  damaged before the passphrase is even asked for;
* the **mac** is keyed from the store key (HKDF-SHA256, bound to the store
  id): a file put together from parts of two backups, or changed and given a
  fresh digest, is refused. Only someone with the passphrase can make a file
  that passes.

Writing: a temporary file beside the target, ``fsync``, read back and
checked (digest, mac, and the database opened with the key and put through
SQLite's and SQLCipher's integrity checks), then renamed into place. A
backup that fails its check is deleted. Restoring: the target must not exist;
database and key file are written through temporary files, checked, renamed,
and the store is opened with the passphrase and verified; on any failure
nothing is left at the target.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.cases.model import new_id
from app.i18n import _
from app.output import NewFile, fsync_folder, output_error, prepare_folder, shown
from app.store import keys
from app.store.audit import ChainHead
from app.store.database import (
    SQLITE_HEADER,
    DatabaseError,
    check_integrity,
    connect,
    schema_version,
)
from app.store.errors import (
    KeyFileProblem,
    NewerSchema,
    StoreError,
    StoreExists,
    WrongPassphrase,
)
from app.store.store import Store

MAGIC = b"VWBACKUP"
FORMAT = "veiligwijzer-backup"
FORMAT_VERSION = 1
SUFFIX = ".vwbackup"
_PREAMBLE = struct.Struct(">8sHI")
_DB_LENGTH = struct.Struct(">Q")
_MAC_BYTES = 32
_DIGEST_BYTES = 32
_MAX_HEADER = 256 * 1024
_MIN_SIZE = _PREAMBLE.size + _DB_LENGTH.size + _MAC_BYTES + _DIGEST_BYTES


class BackupProblem(StoreError):
    """A backup that cannot be made, read or trusted."""


class WrongBackupPassphrase(WrongPassphrase):
    def __init__(self) -> None:
        super().__init__()
        self.message = _(
            "Dit wachtwoord past niet bij deze back-up. Gebruik het wachtwoord dat de kluis "
            "had toen de back-up werd gemaakt.")
        self.args = (self.message,)


def _not_a_backup(path: Path) -> BackupProblem:
    return BackupProblem(_("Dit is geen back-up van Veiligwijzer: {name}").format(
        name=shown(path.name)))


def _damaged(path: Path) -> BackupProblem:
    return BackupProblem(_(
        "De back-up is beschadigd of onvolledig en kan niet worden teruggezet: {name}"
    ).format(name=shown(path.name)))


def _untrusted(path: Path) -> BackupProblem:
    return BackupProblem(_(
        "De back-up is veranderd of in elkaar gezet uit verschillende bestanden; hij wordt "
        "niet teruggezet: {name}").format(name=shown(path.name)))


@dataclass(frozen=True)
class Backup:
    """A backup file read and checked for damage (not yet for trust: see ``unlock``)."""

    path: Path
    backup_id: str
    store_id: str
    kind: str
    created_at: datetime
    schema_version: int
    key_file: keys.KeyFile
    database: bytes
    signed: bytes  # everything the mac covers
    mac: bytes
    audit_head: ChainHead | None = None

    def unlock(self, secret: str, slot: str = keys.PASSPHRASE_SLOT) -> bytearray:
        """The store key, after checking the mac with it. The caller zeroes it."""
        try:
            store_key = keys.unwrap(self.key_file, secret, slot)
        except WrongPassphrase:
            raise WrongBackupPassphrase() from None
        except ValueError:
            # scrypt refuses cost parameters beyond its memory limit: not a
            # key file this app writes.
            raise _damaged(self.path) from None
        try:
            self.check_mac(store_key)
        except BackupProblem:
            _zero(store_key)
            raise
        return store_key

    def check_mac(self, store_key: bytes | bytearray) -> None:
        """``BackupProblem`` unless the mac was made with this store key."""
        if not hmac.compare_digest(_mac(store_key, self.store_id, self.signed), self.mac):
            raise _untrusted(self.path)


class _EmbeddedKeyFile:
    """The key file inside a backup, shaped like the ``Path`` that
    ``keys.read_key_file`` reads, so there is one key-file parser."""

    def __init__(self, raw: bytes, origin: Path) -> None:
        self._raw, self._origin = raw, origin

    def exists(self) -> bool:
        return True

    def read_bytes(self) -> bytes:
        return self._raw

    def __str__(self) -> str:
        return self._origin.name

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _zero(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def _mac(store_key: bytes | bytearray, store_id: str, data: bytes) -> bytes:
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=f"{FORMAT}:v{FORMAT_VERSION}:mac:{store_id}".encode()
                   ).derive(bytes(store_key))
    return hmac.new(mac_key, data, hashlib.sha256).digest()


def _remove(*paths: Path) -> None:
    for path in paths:
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"),
                          Path(f"{path}-journal")):
            try:
                candidate.unlink()
            except FileNotFoundError:
                pass


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, private, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


# -- reading -------------------------------------------------------------------


def parse_backup(raw: bytes, path: Path) -> Backup:
    """Check a backup's structure and digest; anything else is ``BackupProblem``."""
    if len(raw) < _PREAMBLE.size or not raw.startswith(MAGIC):
        raise _not_a_backup(path)
    _magic, version, header_length = _PREAMBLE.unpack_from(raw)
    if version > FORMAT_VERSION:
        raise BackupProblem(_(
            "Deze back-up is gemaakt met een nieuwere versie van Veiligwijzer. Werk "
            "Veiligwijzer bij en probeer het opnieuw."))
    if version != FORMAT_VERSION or len(raw) < _MIN_SIZE:
        raise _damaged(path)
    body, digest = raw[:-_DIGEST_BYTES], raw[-_DIGEST_BYTES:]
    if not hmac.compare_digest(hashlib.sha256(body).digest(), digest):
        raise _damaged(path)
    signed, mac = body[:-_MAC_BYTES], body[-_MAC_BYTES:]
    offset = _PREAMBLE.size
    if header_length > _MAX_HEADER or offset + header_length + _DB_LENGTH.size > len(signed):
        raise _damaged(path)
    header_raw = signed[offset:offset + header_length]
    offset += header_length
    (db_length,) = _DB_LENGTH.unpack_from(signed, offset)
    offset += _DB_LENGTH.size
    if offset + db_length != len(signed):
        raise _damaged(path)
    database = signed[offset:]
    try:
        header = json.loads(header_raw.decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT \
                or header.get("version") != FORMAT_VERSION:
            raise _damaged(path)
        fields = {name: header[name] for name in
                  ("backup_id", "store_id", "kind", "created_at", "schema_version", "key_file")}
        if not all(isinstance(fields[n], str) for n in
                   ("backup_id", "store_id", "kind", "created_at", "key_file")) \
                or type(fields["schema_version"]) is not int:
            raise _damaged(path)
        created_at = datetime.fromisoformat(fields["created_at"])
        key_file_raw = base64.b64decode(fields["key_file"], validate=True)
        key_file = keys.read_key_file(_EmbeddedKeyFile(key_file_raw, path))  # type: ignore[arg-type]
        head = header.get("audit_head")
        audit_head = None if head is None else ChainHead.from_json(head)
    except BackupProblem:
        raise
    except (KeyFileProblem, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            ArithmeticError, binascii.Error):
        raise _damaged(path) from None
    if key_file.store_id != fields["store_id"] or database.startswith(SQLITE_HEADER) \
            or len(database) < 512:
        raise _damaged(path)
    return Backup(path, fields["backup_id"], fields["store_id"], fields["kind"], created_at,
                  fields["schema_version"], key_file, database, signed, mac, audit_head)


def read_backup(path: Path) -> Backup:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BackupProblem(_("Er is geen back-up op deze plek: {path}").format(
            path=shown(path))) from None
    except OSError:
        raise BackupProblem(_("De back-up kan niet worden gelezen: {path}").format(
            path=shown(path))) from None
    return parse_backup(raw, path)


# -- writing -------------------------------------------------------------------


def backup_file_name(now: datetime) -> str:
    """No personal data in the name: the kind of file and the UTC time only."""
    return f"veiligwijzer-backup-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def _check_database_file(db_path: Path, store_key: bytes | bytearray, store_id: str) -> None:
    """Open a database file with the key and run the integrity checks."""
    conn = connect(db_path, store_key)
    try:
        problems = check_integrity(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema_version():
            raise NewerSchema(version, schema_version())
        found = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        if problems or found is None or found[0] != store_id:
            raise StoreError(_("De database in de back-up is niet in orde."))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()


def _head_field(head: ChainHead | None) -> dict:
    return {} if head is None else {"audit_head": head.to_json()}


def backup_for_verify(backup_path: Path, store: Store, secret: str,
                      slot: str = keys.PASSPHRASE_SLOT) -> Backup:
    """A backup of ``store``, its mac checked with the store key (unwrapped
    from the store's own key file with ``secret``, so it works after a
    passphrase change too); for comparing its audit head."""
    backup = read_backup(backup_path)
    if backup.store_id != store.store_id:
        raise BackupProblem(_("Deze back-up is van een andere kluis: {name}").format(
            name=Path(backup_path).name))
    store_key = keys.unwrap(keys.read_key_file(keys.key_file_path(store.path)), secret, slot)
    try:
        backup.check_mac(store_key)
    finally:
        _zero(store_key)
    return backup


@dataclass(frozen=True)
class BackupWritten:
    path: Path
    backup_id: str


def write_backup(store: Store, secret: str, out_dir: Path, *,
                 slot: str = keys.PASSPHRASE_SLOT, now: datetime | None = None,
                 force: bool = False) -> BackupWritten:
    """Write one backup file of an open store into ``out_dir`` and check it.

    ``secret`` is the store's passphrase (or recovery key with ``slot``): the
    copy is keyed with the store key and the mac is keyed from it. The file
    gets a new name and is put in place by ``app.output`` only once checked;
    ``force`` lets ``out_dir`` be a link to a folder.
    """
    out_dir = prepare_folder(Path(out_dir), force=force)
    key_file_raw = keys.key_file_path(store.path).read_bytes()
    key_file = keys.read_key_file(keys.key_file_path(store.path))
    if key_file.store_id != store.store_id:
        raise KeyFileProblem(_("Het sleutelbestand hoort niet bij deze kluis."))
    store_key = keys.unwrap(key_file, secret, slot)
    try:
        now = now or datetime.now(UTC)
        name = backup_file_name(now)
        counter = 1
        while os.path.lexists(out_dir / name):
            counter += 1
            name = backup_file_name(now).replace(SUFFIX, f"-{counter}{SUFFIX}")
        final = out_dir / name
        snapshot = out_dir / f".{name}.{secrets.token_hex(4)}.db"
        try:
            # A consistent copy, page by page, encrypted with the same key.
            dest = connect(snapshot, store_key)
            try:
                # In steps, so that a lock stops a long copy (see Store.for_thread).
                store.conn.backup(dest, pages=256,
                                  progress=lambda *_: store.raise_if_stopped())
                dest.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                dest.close()
            database = snapshot.read_bytes()
            _remove(snapshot)
            backup_id = new_id()
            header = json.dumps({
                "format": FORMAT, "version": FORMAT_VERSION, "backup_id": backup_id,
                "store_id": store.store_id, "kind": str(store.kind),
                "created_at": now.astimezone(UTC).isoformat(),
                "schema_version": store.conn.execute("PRAGMA user_version").fetchone()[0],
                "key_file": base64.b64encode(key_file_raw).decode("ascii"),
                **_head_field(store.audit.head()),
            }, indent=1).encode("utf-8")
            signed = b"".join([_PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(header)), header,
                               _DB_LENGTH.pack(len(database)), database])
            body = signed + _mac(store_key, store.store_id, signed)
            with NewFile(final) as out:
                out.write(body + hashlib.sha256(body).digest())
                out.flush()
                assert out.temp is not None
                _verify_written(out.temp, secret, slot, store.store_id, snapshot)
        except BaseException as exc:
            _remove(snapshot)
            store.raise_if_stopped()  # a lock, not a bad copy
            if isinstance(exc, OSError):
                raise output_error(exc, final) from None
            if isinstance(exc, (DatabaseError, StoreError)) and not isinstance(exc, BackupProblem):
                raise BackupProblem(_(
                    "De back-up bleek bij controle niet in orde en is verwijderd. Probeer het "
                    "opnieuw of kies een andere map.")) from None
            raise
    finally:
        _zero(store_key)
    return BackupWritten(final, backup_id)


def _verify_written(part: Path, secret: str, slot: str, store_id: str, scratch: Path) -> None:
    """Read the written file back as a restore would, and open its database."""
    backup = read_backup(part)
    store_key = backup.unlock(secret, slot)
    try:
        if backup.store_id != store_id:
            raise _damaged(part)
        _write_new(scratch, backup.database)
        _check_database_file(scratch, store_key, store_id)
    finally:
        _zero(store_key)
        _remove(scratch)


# -- restoring -----------------------------------------------------------------


def restore_backup(backup_path: Path, target: Path, secret: str, *,
                   slot: str = keys.PASSPHRASE_SLOT) -> tuple[Store, Backup]:
    """Restore into ``target`` (which must not exist) and return the opened store."""
    target = Path(target)
    key_path = keys.key_file_path(target)
    if target.exists() or key_path.exists():
        raise StoreExists(target)
    backup = read_backup(backup_path)
    store_key = backup.unlock(secret, slot)
    scratch = target.with_name(f".{target.name}.restore")
    placed = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove(scratch)
        _write_new(scratch, backup.database)
        try:
            _check_database_file(scratch, store_key, backup.store_id)
        except NewerSchema:
            raise
        except (DatabaseError, StoreError):
            raise _damaged(Path(backup_path)) from None
        if target.exists() or key_path.exists():
            raise StoreExists(target)
        placed = True
        keys.write_key_file(key_path, backup.key_file)
        os.replace(scratch, target)
        fsync_folder(target.parent)
        store = Store.open(target, secret, slot)
        try:
            report = store.verify()
        except BaseException:
            store.close()
            raise
        if not report.ok:
            store.close()
            raise _damaged(Path(backup_path))
        return store, backup
    except BaseException:
        _remove(scratch)
        if placed:
            _remove(target, key_path, Path(f"{key_path}.tmp"))
        raise
    finally:
        _zero(store_key)
