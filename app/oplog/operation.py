"""One operation (operatie): a single change a worker made, signed by the device.

An operation names its case, the kind and id of the thing it changes, and
the change itself:

* ``SET``: new values for mutable fields (a register per field, see
  ``merge``), with per field the op ids the author saw as current
  (``parents``). Making a thing is a ``SET`` without parents.
* ``APPEND``: a payload for an append-only thing (a signal version, a
  meldcode record, an audit entry); these never conflict.
* ``ERASE``: the tombstone of a whole case (retention, a request under the
  AVG): every store that applies it deletes the case.

``refs`` names the people (entity ids) a change names, so that removing a
person concurrently with a record that names them is seen (``merge``);
``ack`` lists operations that name a removed person which the author saw and
accepted.

Canonical bytes: the body as JSON with sorted keys, no spaces, UTF-8. The
signature is Ed25519 over ``OPERATION_CONTEXT`` plus those bytes
(``app.security.signing``), so a signed operation never passes for a signed
package. Fields this version does not know are kept in ``extra`` and written
back unchanged, so a store passes on what a newer version added and the
signature still verifies.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from app.oplog.hlc import ClockError, Timestamp
from app.security.signing import OPERATION_CONTEXT, SigningKey, verify_signature

FORMAT_VERSION = 1


class OperationError(ValueError):
    """An operation that cannot be read: wrong shape, type or signature."""


class OpKind(StrEnum):
    SET = "set"
    APPEND = "append"
    ERASE = "erase"


def uuid7(wall_ms: int | None = None) -> str:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random.

    Sorted by time of making, unique across devices without coordination."""
    if wall_ms is None:
        from app.oplog.hlc import wall_clock_ms
        wall_ms = wall_clock_ms()
    value = (wall_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= secrets.randbits(12) << 64
    value |= 0b10 << 62
    value |= secrets.randbits(62)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


#: Body keys this version reads; any other key goes to ``extra``.
_KNOWN = frozenset({"v", "op", "case", "entity", "id", "kind", "change", "parents", "hlc",
                    "author", "device", "epoch", "refs", "ack"})


def _frozen(value: Mapping) -> Mapping:
    return MappingProxyType(dict(value))


@dataclass(frozen=True, eq=False)
class Operation:
    op_id: str
    case_id: str
    entity: str
    entity_id: str
    kind: OpKind
    #: SET: field -> value; APPEND: the payload; ERASE: empty.
    change: Mapping[str, Any]
    #: SET only: field -> op ids the author saw as that field's heads.
    parents: Mapping[str, tuple[str, ...]]
    hlc: Timestamp
    author: str
    device: str
    key_epoch: int = 0
    refs: tuple[str, ...] = ()
    ack: tuple[str, ...] = ()
    #: Body keys of a newer version, kept verbatim and passed on.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "change", _frozen(self.change))
        object.__setattr__(self, "parents", _frozen(
            {name: tuple(ids) for name, ids in self.parents.items()}))
        object.__setattr__(self, "extra", _frozen(self.extra))
        object.__setattr__(self, "refs", tuple(self.refs))
        object.__setattr__(self, "ack", tuple(self.ack))

    @property
    def order_key(self) -> tuple[Timestamp, str]:
        """The deterministic order of history: clock, then op id."""
        return (self.hlc, self.op_id)

    def body(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update({
            "v": FORMAT_VERSION, "op": self.op_id, "case": self.case_id,
            "entity": self.entity, "id": self.entity_id, "kind": str(self.kind),
            "change": dict(self.change),
            "parents": {name: sorted(ids) for name, ids in self.parents.items()},
            "hlc": self.hlc.encode(), "author": self.author, "device": self.device,
            "epoch": self.key_epoch, "refs": sorted(self.refs), "ack": sorted(self.ack),
        })
        return doc

    def canonical(self) -> bytes:
        return canonical_json(self.body())

    def sign(self, key: SigningKey) -> SignedOperation:
        body = self.canonical()
        return SignedOperation(self, body, key.sign(OPERATION_CONTEXT, body))

    def __repr__(self) -> str:  # ids and codes only, never a value
        return f"Operation({self.kind} {self.entity}/{self.entity_id} op={self.op_id})"


def canonical_json(doc: object) -> bytes:
    try:
        return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise OperationError(f"not canonical JSON: {type(exc).__name__}") from None


@dataclass(frozen=True, eq=False)
class SignedOperation:
    """An operation with the exact bytes that were signed and the signature."""

    op: Operation
    body: bytes
    signature: bytes

    def verifies(self, public_key: bytes) -> bool:
        return verify_signature(public_key, OPERATION_CONTEXT, self.body, self.signature)

    @classmethod
    def read(cls, body: bytes, signature: bytes) -> SignedOperation:
        """Parse signed bytes; the signature is checked by ``verifies``."""
        return cls(parse(body), bytes(body), bytes(signature))


def _text(doc: dict, key: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value:
        raise OperationError(f"operation field {key!r} missing or not text")
    return value


def _texts(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OperationError(f"operation field {what!r} is not a list of ids")
    return tuple(value)


def parse(body: bytes) -> Operation:
    """An operation from its canonical bytes; refuses anything else."""
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise OperationError("operation is not JSON") from None
    if not isinstance(doc, dict):
        raise OperationError("operation is not an object")
    if canonical_json(doc) != bytes(body):
        raise OperationError("operation is not in canonical form")
    if doc.get("v") != FORMAT_VERSION:
        raise OperationError("unknown operation format version")
    try:
        kind = OpKind(doc.get("kind"))
        hlc = Timestamp.decode(doc.get("hlc"))
    except (ValueError, ClockError):
        raise OperationError("operation kind or clock cannot be read") from None
    change, parents, epoch = doc.get("change"), doc.get("parents"), doc.get("epoch")
    if not isinstance(change, dict) or not isinstance(parents, dict):
        raise OperationError("operation change or parents is not an object")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 0:
        raise OperationError("operation key epoch is not a number")
    if kind is not OpKind.SET and parents:
        raise OperationError("only a SET operation has parents")
    if kind is OpKind.SET and not change:
        raise OperationError("a SET operation changes at least one field")
    if kind is OpKind.ERASE and change:
        raise OperationError("an ERASE operation carries no change")
    parsed_parents = {name: _texts(ids, "parents") for name, ids in parents.items()}
    op = Operation(
        op_id=_text(doc, "op"), case_id=_text(doc, "case"), entity=_text(doc, "entity"),
        entity_id=_text(doc, "id"), kind=kind, change=change, parents=parsed_parents,
        hlc=hlc, author=_text(doc, "author"), device=_text(doc, "device"), key_epoch=epoch,
        refs=_texts(doc.get("refs"), "refs"), ack=_texts(doc.get("ack"), "ack"),
        extra={k: v for k, v in doc.items() if k not in _KNOWN})
    if op.hlc.device != op.device:
        raise OperationError("operation clock names another device")
    # The operation as read says what the bytes say: nothing lost or
    # normalised (unsorted ids). ``doc`` is canonical (checked above), so
    # comparing with it equals comparing the canonical bytes of ``op.body()``
    # without encoding them again: every value is the same object or text,
    # except the version, whose type is checked (1.0 and true equal 1 in
    # Python, not in JSON).
    if op.body() != doc or type(doc["v"]) is not int:
        raise OperationError("operation is not in canonical form")
    return op
