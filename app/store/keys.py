"""Key design of a store: a random store key, wrapped once per way to unlock.

The choice, and why:

* Each store is encrypted by SQLCipher with a **random 256-bit store key**,
  passed as a raw key (``PRAGMA key = "x'…'"``). Nobody ever types it.
* The store key is kept in a small **key file** next to the store
  (``<store>.keys``, JSON), once per *key slot*. A slot holds the store key
  encrypted with AES-256-GCM under a key-encryption key derived from a secret
  with scrypt. The GCM tag tells a wrong passphrase apart at once, before the
  store is touched.
* **The cost of a guess.** scrypt with r=8, p=1 and n at least 2**17 (128 MiB,
  OWASP's minimum for scrypt), calibrated when a slot is written so that one
  try takes about half a second on this computer (``KdfPolicy``; n doubles up
  to 2**19, 512 MiB), the way KeePassXC sets its KDF. The parameters are
  stored per slot; a slot below the minimum is rewrapped with the calibrated
  cost at its next unlock. Key-file version 2 allows slots up to 1 GiB; the
  reader of version 1 refused anything above 64 MiB as damaged.
* Why not SQLCipher's own passphrase mode: then the passphrase *is* the key, a
  passphrase change re-encrypts the whole file (``PRAGMA rekey``) and a second
  way to open the store (a recovery key to keep in a safe) is impossible.
  With slots, changing the passphrase rewrites one slot in a small file, and
  a recovery key is simply a second slot.
* **A change is all or nothing** (see ``app.store.keychange``): a new slot is
  first written as the key file's *pending* slot, with a change id; the audit
  entry with that id is the moment the change takes effect; then the pending
  slot replaces the old one. The next open completes or rolls back a pending
  slot left by a failure, by looking for the audit entry.
* The key file holds no personal data: a format tag, the store's random id,
  per slot the KDF parameters, salt, nonce and wrapped key, perhaps a pending
  slot, and the audit chain's head (``app.store.audit.ChainHead``). Each
  slot's associated data binds it to the store id and the slot name, so slots
  cannot be swapped between stores or between slot names unnoticed.
* Every write is atomic and durable: a temporary file beside it, written and
  fsynced, renamed into place, then the folder fsynced (``FileOps``, which a
  test can make fail at any step).
* Losing the key file is losing the store, exactly like losing the
  passphrase; backups therefore carry both (see the backup format).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.i18n import _
from app.store.audit import ChainHead
from app.store.errors import KeyFileProblem, WrongPassphrase

FORMAT = "veiligwijzer-keys"
VERSION = 2
_READABLE = (1, 2)
KEY_BYTES = 32
PASSPHRASE_SLOT = "passphrase"
RECOVERY_SLOT = "recovery"

#: OWASP's minimum for scrypt (Password Storage Cheat Sheet): n=2**17, r=8, p=1.
OWASP_MIN_N = 2**17
#: The largest slot the reader accepts (memory 128·n·r·p bytes).
_MAX_KDF_BYTES = 1024 * 1024 * 1024
_MAX_KEYFILE_BYTES = 64 * 1024
# Slots of version 1 were bound with this tag; it stays, so they open unchanged.
_AAD_TAG = f"{FORMAT}:v1"


# -- the cost of a guess ---------------------------------------------------------


@dataclass(frozen=True)
class KdfPolicy:
    """How expensive a new slot is: n from ``min_n`` up, doubled while one try
    stays near ``target_s`` seconds on this computer, at most ``max_n``."""

    min_n: int = OWASP_MIN_N
    r: int = 8
    p: int = 1
    target_s: float = 0.5
    max_n: int = 2**19
    calibrate: bool = True


DEFAULT_KDF = KdfPolicy()
_policy = DEFAULT_KDF
_calibrated: dict[KdfPolicy, int] = {}


def use_kdf_policy(policy: KdfPolicy) -> KdfPolicy:
    """Test seam: make new slots with ``policy``; returns the one before.
    The app itself never calls this: it always uses ``DEFAULT_KDF``."""
    global _policy
    previous, _policy = _policy, policy
    return previous


def kdf_policy() -> KdfPolicy:
    return _policy


def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret.encode("utf-8"))


def kdf_seconds(n: int, r: int = 8, p: int = 1) -> float:
    """The time of one derivation with these parameters, here and now."""
    start = time.perf_counter()
    _derive("calibration", secrets.token_bytes(16), n, r, p)
    return time.perf_counter() - start


def calibrated_n(policy: KdfPolicy | None = None) -> int:
    """The n for new slots on this computer (measured once per process).

    A try at ``min_n`` is timed (the faster of two when it is fast, as the
    first one also pays for warming up); scrypt's time grows with n, so n
    doubles while the estimate stays within a factor √2 of the target."""
    policy = policy or _policy
    if not policy.calibrate:
        return policy.min_n
    if policy not in _calibrated:
        seconds = kdf_seconds(policy.min_n, policy.r, policy.p)
        if seconds * 2 <= policy.target_s * 1.41:
            seconds = min(seconds, kdf_seconds(policy.min_n, policy.r, policy.p))
        seconds = max(seconds, 1e-6)
        n = policy.min_n
        while n * 2 <= policy.max_n and seconds * (n * 2 / policy.min_n) <= policy.target_s * 1.41:
            n *= 2
        _calibrated[policy] = n
    return _calibrated[policy]


# -- the key file ---------------------------------------------------------------------


def key_file_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".keys")


def new_store_key() -> bytearray:
    return bytearray(secrets.token_bytes(KEY_BYTES))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


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
        return {"name": self.name, "kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p,
                "salt": _b64(self.salt), "nonce": _b64(self.nonce),
                "wrapped": _b64(self.wrapped)}

    def below(self, policy: KdfPolicy) -> bool:
        """Cheaper to guess than ``policy`` allows for a new slot."""
        return self.n < policy.min_n or self.r < policy.r or self.p < policy.p


@dataclass(frozen=True)
class PendingSlot:
    """A slot written but not yet in force: ``change`` is the id of the audit
    entry that puts it in force (see ``app.store.keychange``)."""

    change: str
    slot: KeySlot


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    slots: tuple[KeySlot, ...]
    pending: PendingSlot | None = None
    head: ChainHead | None = None

    def slot(self, name: str) -> KeySlot | None:
        return next((s for s in self.slots if s.name == name), None)

    def with_slot(self, slot: KeySlot) -> KeyFile:
        others = tuple(s for s in self.slots if s.name != slot.name)
        return replace(self, slots=(*others, slot))

    def with_pending(self, pending: PendingSlot | None) -> KeyFile:
        return replace(self, pending=pending)

    def completed(self) -> KeyFile:
        """The pending slot in force, replacing the slot of its name."""
        assert self.pending is not None
        return self.with_slot(self.pending.slot).with_pending(None)

    def with_head(self, head: ChainHead | None) -> KeyFile:
        return replace(self, head=head)

    def to_bytes(self) -> bytes:
        doc: dict = {"format": FORMAT, "version": VERSION, "store_id": self.store_id,
                     "slots": [s.to_json() for s in self.slots]}
        if self.pending is not None:
            doc["pending"] = {"change": self.pending.change, "slot": self.pending.slot.to_json()}
        if self.head is not None:
            doc["audit_head"] = self.head.to_json()
        return json.dumps(doc, indent=2).encode("utf-8")


def _aad(store_id: str, slot_name: str) -> bytes:
    return f"{_AAD_TAG}:{store_id}:{slot_name}".encode()


def wrap(store_key: bytes | bytearray, secret: str, store_id: str, slot_name: str,
         policy: KdfPolicy | None = None) -> KeySlot:
    policy = policy or _policy
    n = calibrated_n(policy)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _derive(secret, salt, n, policy.r, policy.p)
    wrapped = AESGCM(kek).encrypt(nonce, bytes(store_key), _aad(store_id, slot_name))
    return KeySlot(slot_name, n, policy.r, policy.p, salt, nonce, wrapped)


def unwrap_slot(store_id: str, slot: KeySlot, secret: str) -> bytearray:
    """The store key in ``slot``, or ``WrongPassphrase``."""
    kek = _derive(secret, slot.salt, slot.n, slot.r, slot.p)
    try:
        key = AESGCM(kek).decrypt(slot.nonce, slot.wrapped, _aad(store_id, slot.name))
    except InvalidTag:
        raise WrongPassphrase() from None
    return bytearray(key)


def unwrap(key_file: KeyFile, secret: str, slot_name: str = PASSPHRASE_SLOT) -> bytearray:
    """The store key, or ``WrongPassphrase`` when ``secret`` does not open the slot."""
    slot = key_file.slot(slot_name)
    if slot is None:
        raise KeyFileProblem(_("Deze kluis heeft geen sleutel van dit soort."))
    return unwrap_slot(key_file.store_id, slot, secret)


def unwrap_for_open(key_file: KeyFile, secret: str,
                    slot_name: str = PASSPHRASE_SLOT) -> tuple[bytearray, bool]:
    """(store key, whether it came from the pending slot). A secret that opens
    only the pending slot of this name opens it here; whether it may open the
    store is settled with the store's audit log (``keychange.settle``)."""
    pending = key_file.pending
    try:
        return unwrap(key_file, secret, slot_name), False
    except (WrongPassphrase, KeyFileProblem):
        if pending is None or pending.slot.name != slot_name:
            raise
    return unwrap_slot(key_file.store_id, pending.slot, secret), True


def _damaged(path: Path) -> KeyFileProblem:
    return KeyFileProblem(
        _("Het sleutelbestand van deze kluis is beschadigd: {path}").format(path=path)
    )


def _parse_slot(s: dict, path: Path) -> KeySlot:
    if s.get("kdf") != "scrypt":
        raise _damaged(path)
    n, r, p = int(s["n"]), int(s["r"]), int(s["p"])
    if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
            and 128 * r * n * p <= _MAX_KDF_BYTES):
        raise _damaged(path)
    salt, nonce, wrapped = (base64.b64decode(s[k], validate=True)
                            for k in ("salt", "nonce", "wrapped"))
    if len(nonce) != 12 or len(salt) < 16:
        raise _damaged(path)
    return KeySlot(str(s["name"]), n, r, p, salt, nonce, wrapped)


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
        if doc.get("format") != FORMAT:
            raise _damaged(path)
        version = doc.get("version")
        if type(version) is int and version > VERSION:
            raise KeyFileProblem(_(
                "Het sleutelbestand is gemaakt met een nieuwere versie van Veiligwijzer. Werk "
                "Veiligwijzer bij en probeer het opnieuw."))
        if version not in _READABLE:
            raise _damaged(path)
        slots = tuple(_parse_slot(s, path) for s in doc["slots"])
        pending = head = None
        if version >= 2 and doc.get("pending") is not None:
            change = doc["pending"]["change"]
            if not isinstance(change, str) or not change:
                raise _damaged(path)
            pending = PendingSlot(change, _parse_slot(doc["pending"]["slot"], path))
        if version >= 2 and doc.get("audit_head") is not None:
            head = ChainHead.from_json(doc["audit_head"])
        store_id = str(doc["store_id"])
    except KeyFileProblem:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError, RecursionError):
        # ArithmeticError: int(Infinity) in a slot; RecursionError: absurdly
        # nested JSON. Both are a damaged file, not a reason for a traceback.
        raise _damaged(path) from None
    names = [s.name for s in slots]
    if not slots or len(set(names)) != len(names):
        raise _damaged(path)
    return KeyFile(store_id, slots, pending, head)


# -- writing, durably -----------------------------------------------------------------


class FileOps:
    """The file operations of a key-file write, one method each, so that a
    test can make any single step fail (``use_file_ops``). ``checkpoint``
    marks the other steps of a key change (the audit entry's COMMIT)."""

    def write(self, fd: int, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def replace(self, source: Path, target: Path) -> None:
        os.replace(source, target)

    def fsync_dir(self, folder: Path) -> None:
        if os.name == "nt":  # Windows cannot open a folder; its rename is durable enough
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def checkpoint(self, name: str) -> None:
        """A step of a key change that is not a file operation."""


_file_ops = FileOps()


def use_file_ops(ops: FileOps) -> FileOps:
    """Test seam: route key-file writes through ``ops``; returns the one before."""
    global _file_ops
    previous, _file_ops = _file_ops, ops
    return previous


def file_ops() -> FileOps:
    return _file_ops


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Atomic and durable: a temporary file beside it, written and fsynced,
    renamed into place, then the folder fsynced. On failure the temporary
    file is removed; the old key file is then still in place unless the
    rename itself went through."""
    ops = _file_ops
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            ops.write(fd, key_file.to_bytes())
            ops.fsync(fd)
        finally:
            os.close(fd)
        ops.replace(tmp, path)
        ops.fsync_dir(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def upgrade_slot(path: Path, key_file: KeyFile, store_key: bytes | bytearray, secret: str,
                 slot_name: str) -> KeyFile:
    """Rewrap a slot that is below today's cost, with the same secret (at
    unlock). A key file that cannot be written is left as it is: the old
    slot still opens, and the next unlock tries again."""
    slot = key_file.slot(slot_name)
    if slot is None or key_file.pending is not None or not slot.below(_policy):
        return key_file
    upgraded = key_file.with_slot(wrap(store_key, secret, key_file.store_id, slot_name))
    try:
        write_key_file(path, upgraded)
    except OSError:
        return key_file
    return upgraded
