"""Team cryptography: device key pairs, fingerprints, key wrapping and envelopes.

- Each device has an Ed25519 key (signing, ``app.security.signing``) and an
  X25519 key (receiving wrapped keys). Its *fingerprint* covers both public
  halves and its device and worker ids, and reads aloud as eight groups of
  five digits.
- A key (a case key or a team key of one epoch, 32 random bytes) is *wrapped*
  for one device: an ephemeral X25519 exchange with the device's public key,
  HKDF-SHA256 to a key-encryption key, AES-256-GCM over the key. The wrap is
  bound (associated data) to the team, the key id and the receiving device,
  so it cannot be moved to another.
- An operation travels in an *envelope*: the operation as the log signed it
  (its canonical bytes and the device's Ed25519 signature of them, context
  ``OPERATION_CONTEXT``), padded to a size bucket so its length says little,
  then encrypted with AES-256-GCM under the case key (or the team key for
  team-wide operations). The clear part is a version, the kind and a random
  key id; the associated data binds that header, the team and the sending
  device (the one the subject names). There is one signature, the
  operation's own: the key id says which case and epoch (the receiver's own
  record of the key, not the message), the associated data which team and
  device, and the signed operation names its device and case, which the
  receiver compares with those (``app.team.sync``). Version 1 envelopes
  carried a second signature over a statement of the same facts; they are
  refused as malformed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.security.signing import OPERATION_CONTEXT, TEAM_CONTEXT, SigningKey, verify_signature

KEY_BYTES = 32
KEY_ID_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
SIGNATURE_BYTES = 64
#: 2: one signature, the operation's own (1 also signed a statement around it).
ENVELOPE_VERSION = 2
#: Envelope kinds (the byte after the version).
KIND_OPERATION = 1
#: Plain-text sizes an envelope is padded up to; past the last, whole multiples of it.
BUCKETS = (512, 2048, 8192, 32768, 131072)
_WRAP_INFO = b"veiligwijzer/key-wrap/v1"
_RAW_PUBLIC = {"encoding": serialization.Encoding.Raw,
               "format": serialization.PublicFormat.Raw}
_HEADER = struct.Struct(">BB16s12s")  # version, kind, key id, nonce
_LENGTH = struct.Struct(">I")


class EnvelopeError(Exception):
    """Why a message from the wire was refused (``reason`` is one of REASONS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Reasons a message is refused, counted per reason (``app.team.model``).
NOT_DECRYPTABLE = "not-decryptable"
BAD_SIGNATURE = "bad-signature"
UNKNOWN_DEVICE = "unknown-device"
NOT_OURS = "not-ours"
MALFORMED = "malformed"
REASONS = (NOT_DECRYPTABLE, BAD_SIGNATURE, UNKNOWN_DEVICE, NOT_OURS, MALFORMED)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise EnvelopeError(MALFORMED) from None


def canonical(value: dict) -> bytes:
    """The one byte form of a JSON object that is signed and checked."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


# -- device keys ----------------------------------------------------------------

class ExchangeKey:
    """A device's X25519 key (uitwisselsleutel); the store keeps the 32 private bytes."""

    def __init__(self, private: bytes) -> None:
        if len(private) != KEY_BYTES:
            raise ValueError("an X25519 private key has 32 bytes")
        self._key = X25519PrivateKey.from_private_bytes(bytes(private))
        self.public_key: bytes = self._key.public_key().public_bytes(**_RAW_PUBLIC)

    @classmethod
    def generate(cls) -> tuple[ExchangeKey, bytes]:
        key = X25519PrivateKey.generate()
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
        return cls(raw), raw

    def exchange(self, public: bytes) -> bytes:
        return self._key.exchange(X25519PublicKey.from_public_bytes(public))

    def __repr__(self) -> str:  # never the private bytes
        return "ExchangeKey(…)"


def device_fingerprint(signing_public: bytes, exchange_public: bytes, device: str,
                       worker: str) -> str:
    """A device's public keys and who it says it is (device and worker id) as
    eight groups of five digits, to read aloud: admitting a device gives it the
    keys of its worker's cases, so the claim is part of what is compared."""
    digest = hashlib.sha256(b"\0".join((b"veiligwijzer/device/v2", signing_public,
                                        exchange_public, device.encode(), worker.encode())))
    groups = struct.unpack(">8H", digest.digest()[:16])
    return " ".join(f"{g:05d}" for g in groups)


def normalise_device_fingerprint(text: str) -> str | None:
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != 40 or any(not ch.isdigit() and not ch.isspace() and ch not in "-."
                                for ch in text):
        return None
    return " ".join(digits[i:i + 5] for i in range(0, 40, 5))


# -- wrapped keys -------------------------------------------------------------------

def new_key() -> tuple[bytes, bytes]:
    """A new symmetric key and its random key id."""
    return os.urandom(KEY_BYTES), os.urandom(KEY_ID_BYTES)


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + recipient,
                info=_WRAP_INFO).derive(shared)


def _wrap_aad(team: str, key_id: bytes, recipient_device: str) -> bytes:
    return b"\0".join((_WRAP_INFO, team.encode(), key_id, recipient_device.encode()))


def wrap_key(secret: bytes, recipient_public: bytes, team: str, key_id: bytes,
             recipient_device: str) -> bytes:
    """``secret`` (the key and what it is for) readable only by the device that
    holds the X25519 private key of ``recipient_public``."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(**_RAW_PUBLIC)
    kek = _kek(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public)),
               ephemeral_public, recipient_public)
    nonce = os.urandom(NONCE_BYTES)
    return ephemeral_public + nonce + AESGCM(kek).encrypt(
        nonce, secret, _wrap_aad(team, key_id, recipient_device))


def unwrap_key(wrapped: bytes, own: ExchangeKey, team: str, key_id: bytes,
               own_device: str) -> bytes:
    if len(wrapped) < KEY_BYTES + NONCE_BYTES + TAG_BYTES:
        raise EnvelopeError(MALFORMED)
    ephemeral_public, nonce, sealed = (wrapped[:KEY_BYTES],
                                       wrapped[KEY_BYTES:KEY_BYTES + NONCE_BYTES],
                                       wrapped[KEY_BYTES + NONCE_BYTES:])
    try:
        kek = _kek(own.exchange(ephemeral_public), ephemeral_public, own.public_key)
        return AESGCM(kek).decrypt(nonce, sealed, _wrap_aad(team, key_id, own_device))
    except (InvalidTag, ValueError):
        raise EnvelopeError(NOT_DECRYPTABLE) from None


# -- signed statements ----------------------------------------------------------------

def sign_statement(key: SigningKey, statement: dict) -> bytes:
    """A JSON statement and its signature: u32 length, JSON, 64-byte signature."""
    body = canonical(statement)
    return struct.pack(">I", len(body)) + body + key.sign(TEAM_CONTEXT, body)


def read_statement(data: bytes) -> tuple[dict, bytes, bytes]:
    """The statement, its JSON bytes and signature; the signature is not checked here
    (the signer's key comes from the statement or the member list)."""
    if len(data) < 4:
        raise EnvelopeError(MALFORMED)
    (length,) = struct.unpack(">I", data[:4])
    body, signature = data[4:4 + length], data[4 + length:4 + length + SIGNATURE_BYTES]
    if len(body) != length or len(signature) != SIGNATURE_BYTES:
        raise EnvelopeError(MALFORMED)
    try:
        statement = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EnvelopeError(MALFORMED) from None
    if not isinstance(statement, dict):
        raise EnvelopeError(MALFORMED)
    return statement, body, signature


def check_statement(public_key: bytes, body: bytes, signature: bytes) -> None:
    if not verify_signature(public_key, TEAM_CONTEXT, body, signature):
        raise EnvelopeError(BAD_SIGNATURE)


# -- envelopes ------------------------------------------------------------------------

def padded_size(length: int) -> int:
    for bucket in BUCKETS:
        if length <= bucket:
            return bucket
    last = BUCKETS[-1]
    return -(-length // last) * last


def _envelope_aad(header: bytes, team: str, device: str) -> bytes:
    return header + b"\0" + team.encode() + b"\0" + device.encode()


@dataclass(frozen=True)
class Sealed:
    """An operation from the stream, opened and checked (``app.team.sync``).

    ``scope`` and ``epoch`` are those of the key it was sealed with, as this
    store received that key; ``op_id`` and ``device`` are the operation's own,
    which the sync compared with the message's subject."""

    op_id: str
    team: str
    device: str
    scope: str  # the case id, or "" for a team-wide operation
    epoch: int
    body: bytes
    #: The operation log's signature over ``body`` (app/oplog), verified with
    #: the member's key when the envelope was opened.
    signature: bytes = b""
    #: The operation as read and checked (``app.oplog``'s ``SignedOperation``),
    #: so that the merge does not parse it again.
    checked: object | None = None


def seal(*, team: str, device: str, key: bytes, key_id: bytes, body: bytes,
         signature: bytes) -> bytes:
    """Pad and encrypt one operation (``body`` and ``signature``: the operation
    log's bytes and the device's signature of them) from ``device``."""
    plain = _LENGTH.pack(len(body)) + body + signature
    plain += bytes(padded_size(len(plain)) - len(plain))
    nonce = os.urandom(NONCE_BYTES)
    header = _HEADER.pack(ENVELOPE_VERSION, KIND_OPERATION, key_id, nonce)
    return header + AESGCM(key).encrypt(nonce, plain, _envelope_aad(header, team, device))


def envelope_key_id(data: bytes) -> bytes:
    """The key id in an envelope's clear header (to look up the key); an
    envelope of another version or kind is malformed."""
    if len(data) < _HEADER.size + TAG_BYTES:
        raise EnvelopeError(MALFORMED)
    version, kind, key_id, _nonce = _HEADER.unpack(data[:_HEADER.size])
    if version != ENVELOPE_VERSION or kind != KIND_OPERATION:
        raise EnvelopeError(MALFORMED)
    return key_id


def open_envelope(data: bytes, *, team: str, device: str, key: bytes,
                  signer_public: bytes | None) -> tuple[bytes, bytes]:
    """Decrypt one envelope from ``device`` (the subject's device) and check the
    operation's signature: its body and signature, verified.

    ``signer_public`` is the member's Ed25519 public key, or None when the
    device is not (and never was) a member of the team. What the operation
    says (its device and case) is the caller's to compare.
    """
    envelope_key_id(data)
    header, sealed = data[:_HEADER.size], data[_HEADER.size:]
    nonce = header[-NONCE_BYTES:]
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, _envelope_aad(header, team, device))
    except (InvalidTag, ValueError):
        raise EnvelopeError(NOT_DECRYPTABLE) from None
    if len(plain) < _LENGTH.size:
        raise EnvelopeError(MALFORMED)
    (length,) = _LENGTH.unpack_from(plain)
    end = _LENGTH.size + length
    body, signature = plain[_LENGTH.size:end], plain[end:end + SIGNATURE_BYTES]
    if len(signature) != SIGNATURE_BYTES:
        raise EnvelopeError(MALFORMED)
    if signer_public is None:
        raise EnvelopeError(UNKNOWN_DEVICE)
    if not verify_signature(signer_public, OPERATION_CONTEXT, body, signature):
        raise EnvelopeError(BAD_SIGNATURE)
    return body, signature
