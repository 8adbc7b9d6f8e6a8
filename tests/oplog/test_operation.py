"""Operations: canonical bytes, signatures in their own context, unknown
fields passed on, malformed bodies refused."""

from __future__ import annotations

import json
import uuid

import pytest

from app.oplog.hlc import Clock, ClockError, Timestamp
from app.oplog.operation import OperationError, OpKind, SignedOperation, parse, uuid7
from app.oplog.writer import Writer
from app.security.signing import PACKAGE_CONTEXT, SigningKey


def _writer(device="dev-a", start=1_000):
    ticks = iter(range(start, start + 10_000))
    return Writer("worker-a", Clock(device, now=lambda: next(ticks)))


def test_uuid7_has_version_variant_and_time_order():
    first, second = uuid7(1_000), uuid7(2_000)
    for text in (first, second):
        parsed = uuid.UUID(text)
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
    assert first < second
    assert int(first.replace("-", "")[:12], 16) == 1_000


def test_canonical_bytes_are_sorted_compact_utf8():
    op = _writer().set("c1", "person", "p1", {"name": "Şükran Yılmaz", "role": "parent"}, {})
    body = op.canonical()
    doc = json.loads(body)
    assert body == json.dumps(doc, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode()
    assert "Şükran".encode() in body  # UTF-8, not \u escapes
    assert parse(body).body() == op.body()


def test_signature_verifies_only_in_the_operation_context():
    key, _raw = SigningKey.generate()
    other, _raw = SigningKey.generate()
    signed = _writer().append("c1", "signal", "s1", {"facts": "x"}).sign(key)
    assert signed.verifies(key.public_key)
    assert not signed.verifies(other.public_key)
    # The same bytes signed as a package never pass for an operation.
    as_package = SignedOperation(signed.op, signed.body, key.sign(PACKAGE_CONTEXT, signed.body))
    assert not as_package.verifies(key.public_key)


def test_a_changed_byte_breaks_the_signature():
    key, _raw = SigningKey.generate()
    signed = _writer().set("c1", "case", "c1", {"status": "open"}, {}).sign(key)
    tampered = signed.body.replace(b'"open"', b'"shut"')
    assert not SignedOperation.read(tampered, signed.signature).verifies(key.public_key)


def test_unknown_fields_are_kept_passed_on_and_still_verify():
    key, _raw = SigningKey.generate()
    op = _writer().set("c1", "case", "c1", {"status": "open"}, {})
    doc = op.body() | {"team": "wijkteam-noord", "zz_future": {"a": [1, 2]}}
    body = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    signature = key.sign(b"veiligwijzer/operation/v1\0", body)
    received = SignedOperation.read(body, signature)
    assert dict(received.op.extra) == {"team": "wijkteam-noord", "zz_future": {"a": [1, 2]}}
    assert received.op.canonical() == body  # written back unchanged
    assert received.verifies(key.public_key)


def _body(**changes) -> bytes:
    doc = _writer().set("c1", "case", "c1", {"status": "open"}, {}).body()
    for key, value in changes.items():
        if value is None:
            doc.pop(key)
        else:
            doc[key] = value
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.mark.parametrize(("body", "why"), [
    (b"not json", "not JSON"),
    (_body(v=1.0), "canonical"),
    (_body(v=True), "canonical"),
    (_body(parents={"status": ["b", "a"]}), "canonical"),
    (b"[1,2]", "not an object"),
    (_body(v=2), "format version"),
    (_body(kind="rewrite"), "kind or clock"),
    (_body(hlc="yesterday"), "kind or clock"),
    (_body(op=None), "'op'"),
    (_body(author=""), "'author'"),
    (_body(change=[1]), "change or parents"),
    (_body(change={}), "at least one field"),
    (_body(parents={"status": "x"}), "'parents'"),
    (_body(epoch=-1), "key epoch"),
    (_body(refs=["b", "a"]), "canonical"),
    (_body(device="dev-b"), "another device"),
    (_body(kind="erase"), "only a SET"),
    (json.dumps({"v": 1}, indent=1).encode(), "canonical"),
])
def test_malformed_bodies_are_refused(body, why):
    with pytest.raises(OperationError, match=why):
        parse(body)


def test_an_erase_carries_nothing_but_the_case():
    op = _writer().erase("c9")
    assert op.kind is OpKind.ERASE
    assert dict(op.change) == {} and op.case_id == "c9" and op.entity_id == "c9"
    assert parse(op.canonical()).kind is OpKind.ERASE


def test_repr_names_no_value():
    op = _writer().set("c1", "person", "p1", {"name": "Anna de Vries"}, {})
    assert "Anna" not in repr(op)


@pytest.mark.parametrize(("wall", "counter", "remote", "now", "want"), [
    # local, remote and now: the largest wall wins, the counter moves past.
    (100, 0, (100, 5), 90, (100, 6)),
    (100, 7, (100, 5), 90, (100, 8)),
    (100, 7, (90, 9), 90, (100, 8)),
    (100, 7, (120, 3), 90, (120, 4)),
    (100, 7, (120, 3), 130, (130, 0)),
])
def test_clock_moves_past_what_it_receives(wall, counter, remote, now, want):
    clock = Clock("me", Timestamp(wall, counter, "me"), now=lambda: now)
    clock.observe(Timestamp(*remote, "other"))
    assert (clock.last.wall_ms, clock.last.counter) == want
    assert clock.tick() > Timestamp(*remote, "other")


def test_clock_ticks_forward_when_the_wall_clock_goes_back():
    times = iter([500, 400, 400, 600])
    clock = Clock("me", now=lambda: next(times))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert [(s.wall_ms, s.counter) for s in stamps] == [(500, 0), (500, 1), (500, 2), (600, 0)]


def test_timestamp_text_sorts_as_the_timestamp():
    stamps = [Timestamp(5, 10, "b"), Timestamp(5, 9, "z"), Timestamp(40, 0, "a")]
    assert sorted(s.encode() for s in stamps) == [s.encode() for s in sorted(stamps)]
    assert all(Timestamp.decode(s.encode()) == s for s in stamps)
    with pytest.raises(ClockError):
        Timestamp.decode("5.10.b")
