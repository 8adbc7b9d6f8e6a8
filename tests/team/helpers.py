"""Stores in one team, made through the services the CLI uses."""

from __future__ import annotations

from pathlib import Path

from app.services import team
from app.store.store import Store
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


def admit_into(store: Store, admin: Store) -> None:
    import json

    request, fingerprint = team.join_request(store)
    member, seen = team.read_request(json.dumps(request).encode())
    assert seen == fingerprint
    welcome = team.admit(admin, member)
    team.join(store, json.dumps(welcome).encode())


def received(store: Store) -> list[tuple[str, str, bytes]]:
    _keys, log = team.sync_parts(store)
    return [(device, scope, body) for _op, device, scope, body in log.received()]
