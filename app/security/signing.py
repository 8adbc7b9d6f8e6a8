"""Ed25519 signatures of this device (apparaatsleutel), with a context per use.

The key itself is made at setup and kept inside the encrypted store
(``app.store.device``); this module holds what signing and checking need
without a store, so that a package can be checked anywhere.

Every signature covers a *context* (domain separation) followed by the
message: ``PACKAGE_CONTEXT`` for an export package's manifest,
``OPERATION_CONTEXT`` for one operation and ``EXCHANGE_CONTEXT`` for the
header of an exchange file. A signature made in one context never checks in
another, so a signed manifest can never pass for a signed operation, nor the
other way round.

A key is shown to people as its *fingerprint*: the first 16 bytes of the
SHA-256 of the raw 32-byte public key, as 8 groups of 4 hex digits
(``3f2a-91bc-…``). Compare it by phone or on paper; ``normalise_fingerprint``
accepts it typed with spaces, colons or capitals.
"""

from __future__ import annotations

import hashlib
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ALGORITHM = "Ed25519"
#: The context of a signed export manifest.
PACKAGE_CONTEXT = b"veiligwijzer/package/v1\0"
#: The context of a signed operation of the log (app/oplog).
OPERATION_CONTEXT = b"veiligwijzer/operation/v1\0"
#: The context of a team statement: a member list, wrapped keys (app/team);
#: never valid as an operation, nor back.
TEAM_CONTEXT = b"veiligwijzer/team-statement/v1\0"
#: The context of a signed exchange file's header (``ops export``): its store
#: kind, source, cursor, device keys and a digest of its operations.
EXCHANGE_CONTEXT = b"veiligwijzer/exchange/v1\0"
CONTEXTS = (PACKAGE_CONTEXT, OPERATION_CONTEXT, TEAM_CONTEXT, EXCHANGE_CONTEXT)
PRIVATE_KEY_BYTES = 32
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
_FINGERPRINT_BYTES = 16
_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


def fingerprint(public_key: bytes) -> str:
    """The fingerprint of a raw Ed25519 public key, for people to compare."""
    if len(public_key) != PUBLIC_KEY_BYTES:
        raise ValueError("an Ed25519 public key has 32 bytes")
    digest = hashlib.sha256(public_key).hexdigest()[:_FINGERPRINT_BYTES * 2]
    return "-".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def normalise_fingerprint(text: str) -> str | None:
    """A fingerprint as typed (any case, spaces, ``:`` or ``-``) in the shown
    form; ``None`` when it is not one."""
    digits = re.sub(r"[\s:-]", "", text).lower()
    if len(digits) != _FINGERPRINT_BYTES * 2 or not re.fullmatch(r"[0-9a-f]+", digits):
        return None
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def _check_context(context: bytes) -> None:
    if context not in CONTEXTS:
        raise ValueError("unknown signature context")


class SigningKey:
    """A device's private key. Only ``app.store.device`` makes one from storage."""

    def __init__(self, private: bytes) -> None:
        if len(private) != PRIVATE_KEY_BYTES:
            raise ValueError("an Ed25519 private key has 32 bytes")
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(private))
        self.public_key: bytes = self._key.public_key().public_bytes(**_RAW)

    @classmethod
    def generate(cls) -> tuple[SigningKey, bytes]:
        """A new key and its 32 private bytes, for the store to keep."""
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
        return cls(raw), raw

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, context: bytes, message: bytes) -> bytes:
        _check_context(context)
        return self._key.sign(context + message)

    def __repr__(self) -> str:  # never the private bytes
        return f"SigningKey({self.fingerprint})"


def verify_signature(public_key: bytes, context: bytes, message: bytes,
                     signature: bytes) -> bool:
    """Whether ``signature`` is the signature of ``context + message`` by the
    key ``public_key`` (raw bytes)."""
    _check_context(context)
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, context + message)
    except (InvalidSignature, ValueError):
        return False
    return True
