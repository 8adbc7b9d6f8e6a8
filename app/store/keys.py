"""Key design of a store: a random store key, wrapped once per way to unlock.

The choice, and why:

* Each store is encrypted by SQLCipher with a **random 256-bit store key**,
  passed as a raw key (``PRAGMA key = "x'…'"``). Nobody ever types it.
* The store key is kept in a small **key file** next to the store
  (``<store>.keys``, JSON), once per *key slot*. A slot holds the store key
  encrypted with AES-256-GCM under a key-encryption key derived from a secret
  with scrypt (n=2**15, r=8, p=1: about 0.1 s and 32 MiB per try, which makes
  guessing expensive on a laptop and on a cracking rig alike). The GCM tag
  tells a wrong passphrase apart at once, before the store is touched.
* Why not SQLCipher's own passphrase mode: then the passphrase *is* the key, a
  passphrase change re-encrypts the whole file (``PRAGMA rekey``) and a second
  way to open the store (a recovery key to keep in a safe) is impossible.
  With slots, changing the passphrase rewrites one slot in a small file
  (atomic replace), and a recovery key is simply a second slot.
* The key file holds no personal data: a format tag, the store's random id,
  and per slot the KDF parameters, salt, nonce and wrapped key. Each slot's
  associated data binds it to the store id and the slot name, so slots cannot
  be swapped between stores or between slot names unnoticed.
* Losing the key file is losing the store, exactly like losing the
  passphrase; backups therefore carry both (see the backup format).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.i18n import _
from app.store.errors import KeyFileProblem, WrongPassphrase

FORMAT = "veiligwijzer-keys"
VERSION = 1
KEY_BYTES = 32
PASSPHRASE_SLOT = "passphrase"
RECOVERY_SLOT = "recovery"

# scrypt cost; stored per slot so that it can grow without breaking old files.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 128 * 1024 * 1024
_MAX_KEYFILE_BYTES = 64 * 1024


def key_file_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".keys")


def new_store_key() -> bytearray:
    return bytearray(secrets.token_bytes(KEY_BYTES))


@dataclass(frozen=True)
class KeySlot:
    name: str
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict:
        b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
        return {"name": self.name, "kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p,
                "salt": b64(self.salt), "nonce": b64(self.nonce), "wrapped": b64(self.wrapped)}


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    slots: tuple[KeySlot, ...]

    def slot(self, name: str) -> KeySlot | None:
        return next((s for s in self.slots if s.name == name), None)

    def with_slot(self, slot: KeySlot) -> KeyFile:
        others = tuple(s for s in self.slots if s.name != slot.name)
        return KeyFile(self.store_id, (*others, slot))

    def to_bytes(self) -> bytes:
        doc = {"format": FORMAT, "version": VERSION, "store_id": self.store_id,
               "slots": [s.to_json() for s in self.slots]}
        return json.dumps(doc, indent=2).encode("utf-8")


def _kek(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=32)


def _aad(store_id: str, slot_name: str) -> bytes:
    return f"{FORMAT}:v{VERSION}:{store_id}:{slot_name}".encode()


def wrap(store_key: bytes | bytearray, secret: str, store_id: str, slot_name: str) -> KeySlot:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _kek(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = AESGCM(kek).encrypt(nonce, bytes(store_key), _aad(store_id, slot_name))
    return KeySlot(slot_name, SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, nonce, wrapped)


def unwrap(key_file: KeyFile, secret: str, slot_name: str = PASSPHRASE_SLOT) -> bytearray:
    """The store key, or ``WrongPassphrase`` when ``secret`` does not open the slot."""
    slot = key_file.slot(slot_name)
    if slot is None:
        raise KeyFileProblem(_("Deze kluis heeft geen sleutel van dit soort."))
    kek = _kek(secret, slot.salt, slot.n, slot.r, slot.p)
    try:
        key = AESGCM(kek).decrypt(slot.nonce, slot.wrapped, _aad(key_file.store_id, slot.name))
    except InvalidTag:
        raise WrongPassphrase() from None
    return bytearray(key)


def _damaged(path: Path) -> KeyFileProblem:
    return KeyFileProblem(
        _("Het sleutelbestand van deze kluis is beschadigd: {path}").format(path=path)
    )


def read_key_file(path: Path) -> KeyFile:
    """Parse and check a key file; anything malformed is refused with a clear message."""
    if not path.exists():
        raise KeyFileProblem(
            _("Het sleutelbestand van deze kluis ontbreekt: {path}. Zonder dit bestand "
              "kan de kluis niet open. Zet het terug uit een back-up.").format(path=path)
        )
    raw = path.read_bytes()
    if len(raw) > _MAX_KEYFILE_BYTES:
        raise _damaged(path)
    try:
        doc = json.loads(raw.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise _damaged(path)
        slots = []
        for s in doc["slots"]:
            if s.get("kdf") != "scrypt":
                raise _damaged(path)
            n, r, p = int(s["n"]), int(s["r"]), int(s["p"])
            if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
                    and 128 * r * n <= _MAXMEM // 2):
                raise _damaged(path)
            salt, nonce, wrapped = (base64.b64decode(s[k], validate=True)
                                    for k in ("salt", "nonce", "wrapped"))
            slots.append(KeySlot(str(s["name"]), n, r, p, salt, nonce, wrapped))
        store_id = str(doc["store_id"])
    except KeyFileProblem:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError, RecursionError):
        # ArithmeticError: int(Infinity) in a slot; RecursionError: absurdly
        # nested JSON. Both are a damaged file, not a reason for a traceback.
        raise _damaged(path) from None
    if not slots or any(len(s.nonce) != 12 or len(s.salt) < 16 for s in slots):
        raise _damaged(path)
    return KeyFile(store_id, tuple(slots))


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Atomic: write a temporary file beside it, flush to disk, then rename."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key_file.to_bytes())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
