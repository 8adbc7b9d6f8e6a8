"""The sync end to end on the operation log: real SQLCipher stores, a real
nats-server on loopback, changes made through the services."""

from __future__ import annotations

import asyncio
import gc
import os
import struct
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.cases.model import Role
from app.security.signing import OPERATION_CONTEXT, TEAM_CONTEXT, SigningKey
from app.services import cases, meldcode, retention, team
from app.team import crypto
from app.team.sync import ERASED, UNMERGEABLE, Sync, subject
from tests.team.helpers import (
    give_case,
    lead_store,
    member_store,
    new_case,
    own_ops,
    publish_raw,
    received,
    record_many,
    signal,
    signal_texts,
    stream_messages,
    team_id,
)

#: What must never be readable on the server: names and signal text of the test cases.
SECRETS = ("Jansen", "Mehmet Yilmaz", "Yilmaz", "blauwe plekken op de armen",
           "Wijkteam Noord", "Sanne de Vries")


def texts(i: int) -> list[str]:
    return [f"blauwe plekken op de armen ({n})" for n in range(i)]


@pytest.fixture
def three(tmp_path):
    lead = lead_store(tmp_path / "lead.db")
    a = member_store(tmp_path / "a.db", lead)
    b = member_store(tmp_path / "b.db", lead)
    yield lead, a, b
    for s in (lead, a, b):
        s.close()


def test_operations_travel_between_two_stores(tmp_path, nats_server):
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    case_id = new_case(worker, "Jansen")
    mother = cases.add_person(worker, case_id, "Sanne de Vries", Role.PARENT).id
    for text in texts(3):
        meldcode.record_signal(worker, case_id, signal(text, mother))

    team.sync_once(lead, nats_server.url)  # the admin makes the stream
    report = team.sync_once(worker, nats_server.url)
    assert report.sent == len(own_ops(worker)) + 1  # its operations and the case key
    assert team.state(worker).to_send == 0

    report = team.sync_once(lead, nats_server.url)
    assert received(lead) == own_ops(worker)
    assert report.received == len(own_ops(worker)) and report.refused == {}
    assert [c.reference for c in cases.list_cases(lead)] == [
        c.reference for c in cases.list_cases(worker)]
    assert signal_texts(lead, case_id) == signal_texts(worker, case_id) == texts(3)
    assert cases.find_case(lead, case_id).people[0].name == "Sanne de Vries"
    again = team.sync_once(lead, nats_server.url)
    assert again.received == 0 and received(lead) == own_ops(worker)
    lead.close()
    worker.close()


def test_need_to_know_admins_read_every_case_workers_only_their_own(three, nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    case_a = new_case(a, "Jansen")
    record_many(a, case_a, texts(3))
    case_b = new_case(b, "Yilmaz")
    record_many(b, case_b, texts(4))
    for store in (a, b, lead, a, b):
        team.sync_once(store, nats_server.url)

    assert own_ops(a) | own_ops(b) <= received(lead)
    assert {c.id for c in cases.list_cases(lead)} == {case_a, case_b}
    assert signal_texts(lead, case_b) == texts(4)
    # B's case is not for A: A holds its messages unread, and the other way round.
    assert [c.id for c in cases.list_cases(a)] == [case_a]
    assert [c.id for c in cases.list_cases(b)] == [case_b]
    assert team.state(a).held >= 5 and team.state(b).held >= 4  # the case, signals, audit
    assert not (received(a) & {op for op in own_ops(b)
                               if op in _case_ops(b, case_b)})
    assert team.state(a).refused == {}


def _case_ops(store, case_id: str) -> set[str]:
    return {op for (op,) in store.conn.execute(
        "SELECT op_id FROM operations WHERE case_id = ?", (case_id,))}


def test_a_sigkill_while_publishing_loses_nothing_and_doubles_nothing(tmp_path, nats_server):
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    team.sync_once(lead, nats_server.url)
    case_id = new_case(worker)
    count = 2000
    record_many(worker, case_id, texts(count))
    keys, log = team.sync_parts(worker)
    total = log.outbox_count()
    sync = Sync(keys, log)

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.create_task(sync.run(nats_server.url, stop=stop, poll_s=0.05))
        deadline = time.monotonic() + 60
        while sync.report.sent < total // 4:
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.005)
        nats_server.kill()  # SIGKILL, mid-publishing
        killed_at = sync.report.sent
        await asyncio.sleep(0.3)
        nats_server.start(same_port=True)
        while log.outbox_count():
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.05)
        stop.set()
        await task
        return killed_at

    killed_at = asyncio.run(scenario())
    assert killed_at < total  # the kill did fall in the middle
    report = team.sync_once(lead, nats_server.url)
    assert received(lead) == own_ops(worker)  # nothing lost
    assert report.received == len(own_ops(worker))  # nothing applied twice
    assert signal_texts(lead, case_id) == sorted(texts(count))
    on_stream = [s for _seq, s, _d in stream_messages(nats_server.url, team_id(lead))
                 if s == subject(team_id(lead), "ops", worker.device_id)]
    assert len(on_stream) == len(own_ops(worker))  # the server de-duplicated every retry
    lead.close()
    worker.close()


def _last_op(store, case_id: str | None = None) -> tuple[str, bytes, bytes]:
    sql = "SELECT op_id, body, signature FROM operations WHERE device = ?"
    args: tuple = (store.device_id,)
    if case_id is not None:
        sql += " AND case_id = ?"
        args += (case_id,)
    op_id, body, signature = store.conn.execute(sql + " ORDER BY seq DESC LIMIT 1",
                                                args).fetchone()
    return op_id, bytes(body), bytes(signature)


def _version_1(signing, *, team_: str, device: str, op_id: str, scope: str, key,
               body: bytes, signature: bytes) -> bytes:
    """An envelope as version 1 made it: a statement around the operation,
    signed once more by the device, then encrypted as today."""
    statement = crypto.sign_statement(signing, {
        "v": 1, "team": team_, "device": device, "op": op_id, "scope": scope,
        "epoch": key.epoch, "body": crypto.b64(body), "sig": crypto.b64(signature)})
    plain = statement + bytes(crypto.padded_size(len(statement)) - len(statement))
    nonce = os.urandom(crypto.NONCE_BYTES)
    header = struct.pack(">BB16s12s", 1, crypto.KIND_OPERATION, key.key_id, nonce)
    return header + AESGCM(key.secret).encrypt(
        nonce, plain, header + b"\0" + team_.encode() + b"\0" + device.encode())


def test_bad_input_is_refused_for_its_reason_counted_and_the_sync_goes_on(three,
                                                                          nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    case_a = new_case(a)
    record_many(a, case_a, texts(1))
    team.sync_once(a, nats_server.url)
    tid = team_id(lead)
    keys_b, _ = team.sync_parts(b)
    team_key = keys_b.current_key("")
    case_b = new_case(b, "Yilmaz")
    case_key_b = keys_b.current_key(case_b)

    def sealed(body, signature, device=None, key=team_key, team_=None):
        return crypto.seal(team=team_ or tid, device=device or b.device_id, key=key.secret,
                           key_id=key.key_id, body=body, signature=signature)

    a_op, a_body, a_sig = _last_op(a, case_a)
    b_op, b_body, b_sig = _last_op(b, case_b)
    # B's genuine, well-signed operation that breaks the store's schema (a
    # record with nothing in it): refused as unmergeable, the sync goes on.
    broken = b.ops._w().append(case_b, "records", "kapot-1", {"id": "kapot-1",
                                                              "case_id": case_b})
    unmergeable = broken.sign(b.signing_key())
    b_statement = b.conn.execute("SELECT body FROM team_statements").fetchone()[0]
    # Each message on its own, the lead reading after each: the reason is its own.
    bad = [
        # B's key statement for case B first: what follows under its key is opened.
        ("case key", "keys", b.device_id, b_statement, {}),
        # B claims to be A: an operation in A's name, signed with B's key.
        ("forged", "ops", a.device_id,
         sealed(a_body, keys_b.signing.sign(OPERATION_CONTEXT, a_body), a.device_id),
         {crypto.BAD_SIGNATURE: 1}),
        # B's own operation with a signature changed on the way.
        ("tampered", "ops", b.device_id,
         sealed(b_body, bytes([b_sig[0] ^ 1]) + b_sig[1:], key=case_key_b),
         {crypto.BAD_SIGNATURE: 1}),
        # B's signature, but over a team statement's context, not an operation's.
        ("other context", "ops", b.device_id,
         sealed(b_body, keys_b.signing.sign(TEAM_CONTEXT, b_body), key=case_key_b),
         {crypto.BAD_SIGNATURE: 1}),
        # An operation that names A as its device, signed by B on its own subject.
        ("in A's name", "ops", b.device_id,
         sealed(a_body, keys_b.signing.sign(OPERATION_CONTEXT, a_body)),
         {crypto.BAD_SIGNATURE: 1}),
        # A's genuine operation, re-sent by B under its own name.
        ("replayed", "ops", b.device_id, sealed(a_body, a_sig), {crypto.BAD_SIGNATURE: 1}),
        # B's genuine operation of its case B, but sealed as a team-wide one.
        ("wrong case", "ops", b.device_id, sealed(b_body, b_sig), {crypto.NOT_OURS: 1}),
        # Sealed for another team (the associated data names the team).
        ("other team", "ops", b.device_id, sealed(b_body, b_sig, key=case_key_b,
                                                  team_="ander-team"),
         {crypto.NOT_DECRYPTABLE: 1}),
        # B's genuine operation in the envelope of version 1 (two signatures).
        ("version 1", "ops", b.device_id,
         _version_1(keys_b.signing, team_=tid, device=b.device_id, op_id=b_op, scope=case_b,
                    key=case_key_b, body=b_body, signature=b_sig), {crypto.MALFORMED: 1}),
        ("rubbish", "ops", b.device_id, b"rommel" * 10, {crypto.MALFORMED: 1}),
        ("no statement", "keys", b.device_id, b"geen verklaring", {crypto.MALFORMED: 1}),
        ("unmergeable", "ops", b.device_id,
         sealed(unmergeable.body, unmergeable.signature, key=case_key_b),
         {UNMERGEABLE: 1}),
    ]
    team.sync_once(lead, nats_server.url)  # A's operations so far
    total: dict[str, int] = {}
    for n, (what, channel, device, data, reason) in enumerate(bad):
        publish_raw(nats_server.url, subject(tid, channel, device), data, f"bad-{n}")
        report = team.sync_once(lead, nats_server.url)
        # (an unmergeable operation was read and checked, then refused by the merge)
        opened = 1 if UNMERGEABLE in reason else 0
        assert (what, report.refused, report.received, report.held) == (what, reason, opened, 0)
        for name, count in reason.items():
            total[name] = total.get(name, 0) + count
    # A device nobody admitted: held until a member list names it, never applied.
    stranger = SigningKey.generate()[0]
    publish_raw(nats_server.url, subject(tid, "ops", "stranger"),
                sealed(b"onbekend", stranger.sign(OPERATION_CONTEXT, b"onbekend"),
                       "stranger"), "s-1")
    record_many(a, case_a, ["na de rommel"])
    team.sync_once(a, nats_server.url)

    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {} and report.held == 1 and team.state(lead).held == 1
    assert own_ops(a) <= received(lead)  # everything of A's, before and after the rubbish
    assert b_op not in received(lead) and broken.op_id not in received(lead)
    assert signal_texts(lead, case_a) == sorted([*texts(1), "na de rommel"])
    assert team.state(lead).refused == total


def test_a_members_operation_re_sent_by_another_member_counts_as_its_own_or_not_at_all(
        three, nats_server):
    """The envelope carries one signature, the operation's own. Another member
    (with a server that lets it publish on a colleague's subject) can re-send
    a colleague's genuine operation, sealed with a key both hold: it is that
    colleague's operation, of the case it was signed for, and is taken once.
    Under another case's key it is refused, and nothing else can be made of
    it: the signature covers every byte of the operation."""
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    team.sync_once(a, nats_server.url)  # A learns the member list (B is in it)
    case_a = new_case(a, "Jansen")
    give_case(a, case_a, b.device_id)  # B works on A's case too
    team.sync_once(a, nats_server.url)
    team.sync_once(b, nats_server.url)
    case_b = new_case(b, "Yilmaz")
    team.sync_once(b, nats_server.url)
    (new_op,) = record_many(a, case_a, ["nog niet verstuurd"])  # A has not sent it yet
    op_id, body, signature = _last_op(a, case_a)
    assert op_id == new_op
    keys_b, _ = team.sync_parts(b)
    tid = team_id(lead)

    def sealed_by_b(key) -> bytes:
        return crypto.seal(team=tid, device=a.device_id, key=key.secret, key_id=key.key_id,
                           body=body, signature=signature)

    publish_raw(nats_server.url, subject(tid, "ops", a.device_id),
                sealed_by_b(keys_b.current_key(case_b)), "again-1")
    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {crypto.NOT_OURS: 1} and op_id not in received(lead)

    publish_raw(nats_server.url, subject(tid, "ops", a.device_id),
                sealed_by_b(keys_b.current_key(case_a)), "again-2")
    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {} and report.received == 1 and op_id in received(lead)
    assert signal_texts(lead, case_a) == ["nog niet verstuurd"]
    stored = lead.conn.execute("SELECT device, body, signature FROM operations"
                               " WHERE op_id = ?", (op_id,)).fetchone()
    assert (stored[0], bytes(stored[1]), bytes(stored[2])) == (a.device_id, body, signature)

    team.sync_once(a, nats_server.url)  # A's own copy: the same operation, not again
    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {} and report.duplicates >= 1
    assert signal_texts(lead, case_a) == ["nog niet verstuurd"]
    assert received(lead) >= own_ops(a)


def test_a_new_device_that_publishes_before_its_admission_arrives_is_read_after_it(
        three, tmp_path, nats_server):
    """The lead admits C but has not synced yet; C already sends a case it
    shares with A. A holds C's key statement and operations (C is not in A's
    member list) and opens them when the lead's list arrives: nothing of C's
    is lost, and nothing is applied before."""
    lead, a, _b = three
    for store in (lead, a):
        team.sync_once(store, nats_server.url)
    c = member_store(tmp_path / "c.db", lead)  # admitted on the lead's laptop only
    try:
        case_c = new_case(c, "Bakker")
        give_case(c, case_c, a.device_id)
        record_many(c, case_c, texts(3))
        team.sync_once(c, nats_server.url)

        early = team.sync_once(a, nats_server.url)
        assert early.held >= 2 and not early.refused
        assert not received(a) & own_ops(c)

        team.sync_once(lead, nats_server.url)  # the member list that admits C
        team.sync_once(a, nats_server.url)
        assert own_ops(c) <= received(a)
        assert signal_texts(a, case_c) == sorted(texts(3))
        assert team.state(a).held == 0 and not team.state(a).refused
    finally:
        c.close()


def case_of_a_on_the_lead(lead, a, url: str) -> str:
    """A case A made, with a signal, that the lead has synced."""
    team.sync_once(lead, url)
    case_a = new_case(a)
    record_many(a, case_a, texts(1))
    team.sync_once(a, url)
    team.sync_once(lead, url)
    return case_a


def test_a_removed_device_cannot_read_what_comes_after(three, nats_server):
    lead, a, b = three
    case_a = case_of_a_on_the_lead(lead, a, nats_server.url)

    team.remove(lead, a.device_id)
    record_many(lead, case_a, ["na het verwijderen"])  # the lead goes on, on the new key
    team.sync_once(lead, nats_server.url)
    with pytest.raises(team.TeamError, match="uit het team gehaald"):
        team.sync_once(a, nats_server.url)
    keys_a, _ = team.sync_parts(a)
    last = stream_messages(nats_server.url, team_id(lead))[-1]
    assert last[1] == subject(team_id(lead), "ops", lead.device_id)
    assert keys_a.key(crypto.envelope_key_id(last[2])) is None
    assert keys_a.current_key(case_a).epoch == 1
    assert "na het verwijderen" not in signal_texts(a, case_a)
    # B (still a member) is not on A's case either; the lead reads both.
    team.sync_once(b, nats_server.url)
    assert team.state(b).to_send == 0
    with pytest.raises(team.TeamError, match="uit het team gehaald"):
        team.sync_once(a, nats_server.url)


def test_the_server_keeps_no_name_and_no_signal_text(three, nats_server):
    lead, a, b = three
    team.sync_once(lead, nats_server.url)
    case_a = new_case(a, "Jansen")
    mother = cases.add_person(a, case_a, "Sanne de Vries", Role.PARENT).id
    for text in texts(20):
        meldcode.record_signal(a, case_a, signal(text, mother))
    case_b = new_case(b, "Mehmet Yilmaz")
    record_many(b, case_b, texts(20))
    for store in (a, b, lead):
        team.sync_once(store, nats_server.url)
    assert signal_texts(lead, case_a) == sorted(texts(20))  # it did travel
    nats_server.stop()  # everything on disk
    files = [p for p in Path(nats_server.data_dir).rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) > 20 * 2 * 512  # the messages are there
    for path in files:
        data = path.read_bytes()
        for secret in (*SECRETS, case_a, case_b):
            assert secret.encode() not in data, (path, secret)


def test_the_window_says_what_the_sync_is_doing(three, nats_server):
    from datetime import datetime

    lead, a, _b = three
    record_many(a, new_case(a), texts(2))
    waiting = team.state(a).to_send
    assert waiting > 3
    assert team.state_text(team.state(a), online=False) == (
        f"Offline, {waiting} wijzigingen te versturen")
    assert f"{waiting} wijzigingen zijn nog niet naar het team verstuurd" in (
        team.unsent_warning(a))
    assert team.state_text(team.state(a), online=True, no_access=True) == (
        "Geen toegang tot de teamserver")
    team.sync_once(lead, nats_server.url)
    team.sync_once(a, nats_server.url)
    assert team.unsent_warning(a) is None
    at = datetime(2026, 12, 3, 14, 5).astimezone()
    assert team.state_text(team.state(a), online=True, synced_at=at) == "Bijgewerkt om 14:05"
    team.remove(lead, a.device_id)
    team.sync_once(lead, nats_server.url)
    with pytest.raises(team.TeamError):
        team.sync_once(a, nats_server.url)
    assert team.state_text(team.state(a), online=True) == "Uit het team gehaald"


def test_a_message_missing_from_the_stream_is_a_counted_gap(three, nats_server):
    """The team's stream denies deletes; one made without that shows what a gap does."""
    import nats
    from nats.js.api import StreamConfig

    from app.team.sync import stream_name

    lead, a, _b = three
    tid = team_id(lead)

    async def plain_stream():
        nc = await nats.connect(nats_server.url)
        await nc.jetstream().add_stream(StreamConfig(name=stream_name(tid),
                                                     subjects=[f"vw.{tid}.>"]))
        await nc.close()

    asyncio.run(plain_stream())
    team.sync_once(lead, nats_server.url)
    case_a = new_case(a)
    record_many(a, case_a, texts(4))
    team.sync_once(a, nats_server.url)
    ops = [seq for seq, subj, _d in stream_messages(nats_server.url, tid)
           if subj == subject(tid, "ops", a.device_id)]

    async def delete(seq):
        nc = await nats.connect(nats_server.url)
        await nc.jetstream().delete_msg(stream_name(tid), seq)
        await nc.close()

    asyncio.run(delete(ops[-2]))  # the third signal (the fourth is last)
    report = team.sync_once(lead, nats_server.url)
    assert report.gaps == 1
    assert len(own_ops(a) - received(lead)) == 1
    assert signal_texts(lead, case_a) == [texts(4)[i] for i in (0, 1, 3)]
    assert team.state(lead).refused == {"gap": 1}
    assert team.refusal_label("gap") == "ontbrekend bericht"


def test_closing_leaves_nothing_on_stderr_even_with_an_unread_message(tmp_path, nats_server,
                                                                      capfd, caplog):
    """The ordered consumer may hold a message nobody reads when the sync
    stops (a heartbeat); closing then printed nats-py's CancelledError."""
    lead = lead_store(tmp_path / "lead.db")
    team.sync_once(lead, nats_server.url)
    keys, log = team.sync_parts(lead)
    sync = Sync(keys, log)

    async def scenario():
        await sync.connect(nats_server.url, reconnect=False)
        await sync.nc.subscribe(f"_INBOX_{lead.device_id}.ongelezen")
        await sync.nc.publish(f"_INBOX_{lead.device_id}.ongelezen", b"hartslag")
        await sync.nc.flush()
        await asyncio.sleep(0.05)
        await sync.close()

    capfd.readouterr()
    with caplog.at_level("DEBUG", logger="asyncio"):
        asyncio.run(scenario())
        gc.collect()  # a future whose exception nobody retrieved speaks when collected
    assert sync.nc.is_closed
    assert capfd.readouterr().err == ""
    assert [r for r in caplog.records if r.levelname in ("ERROR", "WARNING")] == []
    lead.close()


def _key_rows(store, case_id: str) -> tuple[int, int]:
    """(keys, recipients) of a case this store still holds."""
    return store.conn.execute(
        "SELECT count(*), (SELECT count(*) FROM team_key_recipients r JOIN team_keys k"
        " ON k.key_id = r.key_id WHERE k.scope = ?) FROM team_keys WHERE scope = ?",
        (case_id, case_id)).fetchone()


def test_erasing_a_case_destroys_its_keys_and_later_operations_are_refused(tmp_path,
                                                                            nats_server):
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    team.sync_once(lead, nats_server.url)
    case_id = new_case(worker)
    record_many(worker, case_id, texts(3))
    team.sync_once(worker, nats_server.url)
    team.sync_once(lead, nats_server.url)
    assert _key_rows(lead, case_id)[0] == _key_rows(worker, case_id)[0] == 1
    key_id = team.sync_parts(worker)[0].current_key(case_id).key_id
    wrapped = f'"key_id":"{crypto.b64(key_id)}"'.encode()  # as a key statement names it
    # The lead keeps working on the case while the worker erases it.
    record_many(lead, case_id, ["van de teamleider"])
    retention.close_case(worker, case_id)
    retention.erase_case(worker, case_id, reason="request")
    assert _key_rows(worker, case_id) == (0, 0)  # every epoch, in the erasure itself
    team.sync_once(worker, nats_server.url)  # the tombstone goes out

    team.sync_once(lead, nats_server.url)  # the lead's signal goes out, the tombstone in
    assert _key_rows(lead, case_id) == (0, 0)
    assert lead.cases.get(case_id) is None
    report = team.sync_once(worker, nats_server.url)  # the lead's signal arrives
    assert report.refused == {ERASED: 1}
    assert worker.cases.get(case_id) is None and _key_rows(worker, case_id) == (0, 0)
    assert worker.conn.execute("SELECT count(*) FROM operations WHERE case_id = ?"
                               " AND kind <> 'erase'", (case_id,)).fetchone()[0] == 0
    assert worker.team.stream().held_count() == 0  # refused, not held for a key
    for store in (worker, lead):  # no wrap of it left in a statement either
        assert [b for (b,) in store.conn.execute("SELECT body FROM team_statements")
                if wrapped in bytes(b)] == []
    assert team.refusal_label(ERASED) == "hoort bij een gewiste casus"
    lead.close()
    worker.close()


def test_a_tombstone_under_the_team_key_from_a_device_not_on_the_case_is_refused(
        three, nats_server):
    lead, a, b = three
    case_a = case_of_a_on_the_lead(lead, a, nats_server.url)
    tid = team_id(lead)
    keys_b, _ = team.sync_parts(b)
    team_key = keys_b.current_key("")
    tombstone = b.ops._w().erase(case_a).sign(b.signing_key())
    publish_raw(nats_server.url, subject(tid, "ops", b.device_id),
                crypto.seal(team=tid, device=b.device_id, key=team_key.secret,
                            key_id=team_key.key_id, body=tombstone.body,
                            signature=tombstone.signature), "e-1")
    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {crypto.NOT_OURS: 1}
    assert lead.cases.get(case_a) is not None and _key_rows(lead, case_a)[0] == 1


def test_a_bad_operation_in_the_middle_of_a_big_batch_is_refused_alone(tmp_path, nats_server):
    """One well-signed operation the store cannot merge, between 600 good ones
    read in one batch: it alone is refused, the others all land once."""
    lead = lead_store(tmp_path / "lead.db")
    worker = member_store(tmp_path / "worker.db", lead)
    team.sync_once(lead, nats_server.url)
    case_id = new_case(worker)
    before = record_many(worker, case_id, texts(300))
    team.sync_once(worker, nats_server.url)
    broken = worker.ops._w().append(case_id, "records", "kapot-1",
                                    {"id": "kapot-1", "case_id": case_id})
    signed = broken.sign(worker.signing_key())
    keys, _log = team.sync_parts(worker)
    key = keys.current_key(case_id)
    publish_raw(nats_server.url, subject(team_id(lead), "ops", worker.device_id),
                crypto.seal(team=team_id(lead), device=worker.device_id, key=key.secret,
                            key_id=key.key_id, body=signed.body,
                            signature=signed.signature), broken.op_id)
    after = record_many(worker, case_id, [f"na de fout ({n})" for n in range(300)])
    team.sync_once(worker, nats_server.url)

    report = team.sync_once(lead, nats_server.url)
    assert report.refused == {UNMERGEABLE: 1}
    assert broken.op_id not in received(lead)
    assert set(before) | set(after) <= received(lead)
    assert received(lead) == own_ops(worker)  # nothing lost, nothing else refused
    assert signal_texts(lead, case_id) == sorted(
        [*texts(300), *(f"na de fout ({n})" for n in range(300))])
    assert lead.ops.differences() == []
    again = team.sync_once(lead, nats_server.url)  # read again: nothing applied twice
    assert again.received == 0 and not again.refused
    lead.close()
    worker.close()
