"""The header of an exchange file is signed by the exporting device (issue 19):
its store kind, source, cursor, device keys and the digest of its operations
cannot be changed, and no operation can be dropped, without the file being
refused."""

from __future__ import annotations

import json

import pytest

from app.services import cases as case_service
from app.services import exchange
from app.store.store import Store, StoreKind
from tests.conftest import PASSPHRASE


@pytest.fixture
def exported(tmp_path):
    with Store.create(tmp_path / "a.db", PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Visser")
        case_service.add_person(store, case.id, "Eva Visser", case_service.Role.PARENT, age=40)
        yield json.loads(exchange.export_ops(store).document), store


def _read(doc: dict) -> exchange.ParsedDocument:
    return exchange.read_document(json.dumps(doc).encode("utf-8"))


def test_an_untouched_file_reads_and_names_its_signer(exported):
    doc, store = exported
    parsed = _read(doc)
    assert parsed.kind is StoreKind.REAL
    assert parsed.signer == (store.device_id, store.signing_key().public_key)


@pytest.mark.parametrize("tamper", [
    lambda doc: doc.update(store_kind="demo"),
    lambda doc: doc.update(cursor=doc["cursor"] + 1000),
    lambda doc: doc.update(source="een-andere-kluis"),
    lambda doc: doc["operations"].pop(),
    lambda doc: doc.pop("signature"),
    lambda doc: doc["signer"].update(device="een-ander-apparaat"),
], ids=["kind", "cursor", "source", "dropped_operation", "no_signature", "signer"])
def test_a_changed_header_or_a_dropped_operation_is_refused(exported, tamper):
    doc, _store = exported
    tamper(doc)
    with pytest.raises(exchange.ExchangeError):
        _read(doc)


def test_a_file_resigned_with_another_key_for_a_known_device_is_refused(exported, tmp_path):
    doc, store = exported
    with Store.create(tmp_path / "b.db", PASSPHRASE) as other:
        exchange.import_ops(other, _read(doc))  # B now knows A's device key
        # A file that claims to come from A's device, consistently re-signed
        # with another key (B's), reads, but B refuses to import it.
        key = other.signing_key()
        forged = {k: v for k, v in doc.items() if k not in ("operations", "signature")}
        own = exchange._b64(key.public_key)
        forged["signer"] = {"device": store.device_id, "public_key": own}
        forged["devices"] = {**forged["devices"], store.device_id: own}
        signature = key.sign(exchange.EXCHANGE_CONTEXT, exchange.canonical_json(forged))
        forged.update(operations=doc["operations"], signature=exchange._b64(signature))
        parsed = _read(forged)
        before = other.ops.last_seq()
        with pytest.raises(exchange.UnsignedDocument):
            exchange.import_ops(other, parsed)
        assert other.ops.last_seq() == before
