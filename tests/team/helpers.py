"""Stores in one team, made through the services the CLI uses, and a raw look at the stream."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import nats

from app.services import team
from app.store.store import Store
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


def record_many(store: Store, case_id: str, bodies: list[bytes]) -> list[str]:
    """Queue many operations in one transaction (as a replayed log would)."""
    team.create_case_key(store, case_id)
    _keys, log = team.sync_parts(store)
    with store.transaction():
        return [log.append(case_id, body) for body in bodies]


def received(store: Store) -> list[tuple[str, str, bytes]]:
    _keys, log = team.sync_parts(store)
    return [(device, scope, body) for _op, device, scope, body in log.received()]


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
