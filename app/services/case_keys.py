"""Case keys of a store in a team (issue 20): who may read a case (need to know).

A case made on a device in a team gets its own key at once, wrapped for the
devices of the worker who made it and for the team's admins (issue 21 adds
co-workers and takeover); the wrapped key waits with the other key
statements to be sent. A case made before the store joined a team gets its
key when its first operation is sent. Kept apart from ``app.services.team``
so that making a case does not load the network client.
"""

from __future__ import annotations

from app.store.store import Store
from app.team import keyring
from app.team.model import Key, Role


def give_case_key(store: Store, case_id: str) -> Key | None:
    """The current key of ``case_id``, made now if this device has none;
    None when the store is in no team. Call inside the caller's transaction."""
    if store.team.row() is None:
        return None
    keys = store.team.keys()
    existing = keys.current_key(case_id)
    if existing is not None:
        return existing
    to = [m for m in keys.members().values()
          if m.worker == store.worker_id or m.role is Role.ADMIN]
    key = keyring.make_key(case_id, 1, store.device_id)
    keys.add_key(key, [m.device for m in to])
    store.team.stream().add_statement(keyring.keys_statement(keys, [(key, to)]))
    return key


def follow_members(store: Store, case_id: str, workers: frozenset[str], *,
                   new_epoch: bool = False) -> int:
    """The case's key follows its members (issue 21): every device of a
    worker on the case, and every admin, holds the current key. A new member
    or a takeover gets the current key; a device that holds it and whose
    worker left the case makes a new epoch for the others, so it cannot read
    what is written after. Call inside the caller's transaction; returns how
    many devices were given a key (0 when the store is in no team or this
    device does not hold the case's key). ``new_epoch``: make one even when
    this store does not know of a device that should lose the key (the
    end of a consultation: another device gave the consultant the key)."""
    if store.team.row() is None:
        return 0
    keys = store.team.keys()
    current = keys.current_key(case_id)
    if current is None:
        return 0
    members = keys.members()
    wanted = [m for m in members.values() if m.worker in workers or m.role is Role.ADMIN]
    holders = set(keys.recipients(current.key_id))
    if new_epoch or holders - {m.device for m in wanted} - {store.device_id}:
        key = keyring.make_key(case_id, current.epoch + 1, store.device_id)
        to = wanted
    else:
        key, to = current, [m for m in wanted if m.device not in holders]
    if not to:
        return 0
    if key is current:
        keys.add_recipients(key.key_id, [m.device for m in to])
    else:
        keys.add_key(key, [m.device for m in to])
    store.team.stream().add_statement(keyring.keys_statement(keys, [(key, to)]))
    return len(to)


def may_give_keys(store: Store, case_id: str) -> bool:
    """Whether every other device takes a case key this device gives: it
    holds the case's key and is an admin of the team. (A store takes a
    later key from a non-admin only when that device gave it the case's
    first key, which differs from store to store: ``keyring.receive``.)"""
    if store.team.row() is None:
        return False
    keys = store.team.keys()
    if keys.current_key(case_id) is None:
        return False
    me = keys.members().get(store.device_id)
    return me is not None and me.role is Role.ADMIN


def share_keys(store: Store, case_id: str, worker: str) -> int:
    """Every key of the case, of every epoch, for the devices of ``worker``
    (a consultant reads the whole case, also what was written before the
    last new epoch). Call inside the caller's transaction; returns how many
    devices were given the keys (0 outside a team or without the keys)."""
    if store.team.row() is None:
        return 0
    keys = store.team.keys()
    to = [m for m in keys.members().values() if m.worker == worker]
    held = [k for k in keys.case_keys() if k.scope == case_id]
    if not to or not held:
        return 0
    for key in held:
        keys.add_recipients(key.key_id, [m.device for m in to])
    store.team.stream().add_statement(keyring.keys_statement(keys, [(k, to) for k in held]))
    return len(to)
