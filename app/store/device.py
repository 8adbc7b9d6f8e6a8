"""This device's signing key (apparaatsleutel): where it lives and how it is made.

Every store has one Ed25519 key, made at setup (``Store.create``) and kept
inside the encrypted store, in the ``meta`` table under
``device_signing_key`` (the 32 private bytes, hex). A store made before keys
existed gets one at its next unlock (``ensure_device_key`` in
``Store.open``): a key is random data made in Python, so no SQL migration
can add it. The key never leaves the store: a backup carries it inside the
encrypted database, an export carries only its public half and signature.

It signs export manifests now and the team's operations later, each with its
own context (``app.security.signing``), so one signature can never pass for
the other. ``device_key(conn).fingerprint`` is what people compare.
"""

from __future__ import annotations

import binascii

from app.security.signing import SigningKey, fingerprint
from app.store.database import Connection, transaction

META_KEY = "device_signing_key"

__all__ = ["META_KEY", "SigningKey", "device_key", "ensure_device_key", "fingerprint"]


def _stored(conn: Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    return None if row is None else row[0]


def add_device_key(conn: Connection) -> None:
    """Make and keep a new key; call inside the transaction that writes ``meta``."""
    _key, raw = SigningKey.generate()
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (META_KEY, raw.hex()))


def ensure_device_key(conn: Connection) -> bool:
    """Give a store from before signing its key; True when one was made."""
    if _stored(conn) is not None:
        return False
    with transaction(conn):
        if _stored(conn) is None:
            add_device_key(conn)
            return True
    return False


def device_key(conn: Connection) -> SigningKey:
    """The store's signing key (``ensure_device_key`` has run at unlock)."""
    stored = _stored(conn)
    if stored is None:
        raise LookupError("this store has no device key yet")
    try:
        return SigningKey(binascii.unhexlify(stored))
    except (binascii.Error, ValueError):
        raise LookupError("the device key in this store is damaged") from None
