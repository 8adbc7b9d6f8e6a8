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
