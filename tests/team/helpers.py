"""Stores in one team, made through the services the CLI uses, and a raw look at the stream."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nats

from app.cases.model import new_id
from app.meldcode.signals import Signal, SourceKind, ViolenceForm
from app.services import cases, meldcode, team
from app.store.oplog import TABLES
from app.store.store import Store
from app.team import keyring
from app.team.sync import stream_name
from tests.conftest import PASSPHRASE


def lead_store(path: Path, name: str = "Wijkteam Noord") -> Store:
    store = Store.create(path, PASSPHRASE)
    team.create_team(store, name)
    return store


def member_store(path: Path, lead: Store) -> Store:
    """A new store whose device the lead admits (fingerprints compared)."""
    store = Store.create(path, PASSPHRASE)
    admit_into(store, lead)
    return store


def admit_into(store: Store, admin: Store) -> dict:
    request, fingerprint = team.join_request(store)
    member, seen = team.read_request(json.dumps(request).encode())
    assert seen == fingerprint
    welcome = team.admit(admin, member)
    team.join(store, json.dumps(welcome).encode())
    return welcome


def new_case(store: Store, household: str = "Jansen") -> str:
    """A case made through the service (in a team: with its key)."""
    return cases.create_case(store, household).id


def signal(text: str, person: str | None = None, at: datetime | None = None) -> Signal:
    """A signal observed by the worker (about ``person``, or the household)."""
    return Signal(new_id(), at or datetime.now(UTC) - timedelta(minutes=5),
                  (person,) if person else (),
                  frozenset({ViolenceForm.PARTNER_VIOLENCE}), SourceKind.OWN_OBSERVATION, text)


def record_many(store: Store, case_id: str, texts: list[str]) -> list[str]:
    """Many signals of one case in one transaction, through the store's one
    write path (a replayed day of work); returns their operations' ids."""
    now = datetime.now(UTC)
    with store.transaction():
        before = store.ops.last_seq()
        for text in texts:
            store.records.append(case_id, Signal(
                new_id(), now - timedelta(minutes=5), (),
                frozenset({ViolenceForm.PARTNER_VIOLENCE}), SourceKind.OWN_OBSERVATION, text),
                created_at=now, author=store.worker_id, device=store.device_id)
        return [op_id for (op_id,) in store.conn.execute(
            "SELECT op_id FROM operations WHERE seq > ? AND entity = 'records' ORDER BY seq",
            (before,))]


def received(store: Store) -> set[str]:
    """The op ids of every operation from another device that this store holds."""
    return {op_id for (op_id,) in store.conn.execute(
        "SELECT op_id FROM operations WHERE device != ?", (store.device_id,))}


def own_ops(store: Store) -> set[str]:
    return {op_id for (op_id,) in store.conn.execute(
        "SELECT op_id FROM operations WHERE device = ?", (store.device_id,))}


def signal_texts(store: Store, case_id: str) -> list[str]:
    return sorted(s.current.facts for s in meldcode.load_records(store, case_id).signals)


def team_id(store: Store) -> str:
    keys, _log = team.sync_parts(store)
    return keys.team_id


def stream_messages(url: str, team: str, user: str | None = None,
                    password: str | None = None) -> list[tuple[int, str, bytes]]:
    """Every message of the team's stream: (sequence, subject, data)."""

    async def read():
        options = {"user": user, "password": password} if user else {}
        nc = await nats.connect(url, **options)
        js = nc.jetstream()
        info = await js.stream_info(stream_name(team))
        out = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            msg = await js.get_msg(stream_name(team), seq)
            out.append((msg.seq, msg.subject, msg.data))
        await nc.close()
        return out

    return asyncio.run(read())


def publish_raw(url: str, subject: str, data: bytes, msg_id: str) -> int:
    async def send():
        nc = await nats.connect(url)
        ack = await nc.jetstream().publish(subject, data, headers={"Nats-Msg-Id": msg_id})
        await nc.close()
        return ack.seq

    return asyncio.run(send())


def give_case(store: Store, case_id: str, device: str) -> None:
    """The case's creator wraps its key for another member's device: what
    issue 21's case members do; here so that three devices can share a case."""
    keys = store.team.keys()
    key = keys.current_key(case_id)
    member = keys.members()[device]
    with store.transaction():
        keys.add_recipients(key.key_id, [device])
        store.team.stream().add_statement(keyring.keys_statement(keys, [(key, [member])]))


def projections(store: Store) -> dict[str, list[tuple]]:
    """Every projected table (the tables the screens read), row by row."""
    out = {}
    for name, spec in TABLES.items():
        if not spec.projected:
            continue
        cur = store.conn.execute(f'SELECT * FROM "{name}"')
        columns = [d[0] for d in cur.description]
        out[name] = sorted(
            (tuple(zip(columns, (bytes(v) if isinstance(v, memoryview) else v
                                 for v in row), strict=True)) for row in cur),
            key=repr)
    return out


def directory_team(folder: Path, lead: str, *workers: str) -> tuple[Store, ...]:
    """A team lead's store (the admin) and a store per worker she admitted,
    each worker in the team's directory by name (issue 21): the lead as
    teamleider, the others as medewerker."""
    from app.caseteam import TeamRole
    from app.services import caseteam

    stores = [lead_store(folder / f"{lead.lower()}.db")]
    stores += [member_store(folder / f"{name.lower()}.db", stores[0]) for name in workers]
    for store, name in zip(stores, (lead, *workers), strict=True):
        caseteam.set_worker(stores[0], store.worker_id, name,
                            TeamRole.LEAD if store is stores[0] else TeamRole.WORKER)
    return tuple(stores)


def sync_all(stores, url: str) -> dict[str, int]:
    """Sync every store twice (send, then read what the others sent); what
    was refused, by reason, over all stores."""
    refused: dict[str, int] = {}
    for store in (*stores, *stores):
        for reason, count in team.sync_once(store, url).refused.items():
            refused[reason] = refused.get(reason, 0) + count
    return refused
