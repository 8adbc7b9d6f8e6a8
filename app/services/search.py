"""Search across cases, people and signals, as the worker types."""

from __future__ import annotations

from app.store.search import Hit
from app.store.search import search as store_search
from app.store.store import Store


def search(store: Store, text: str, limit: int = 200) -> list[Hit]:
    return store_search(store.conn, text, limit)


def matching_cases(store: Store, text: str, limit: int = 2000) -> dict[str, str]:
    """Case id → the best snippet that made it match (the first hit per case)."""
    found: dict[str, str] = {}
    for hit in search(store, text, limit):
        found.setdefault(hit.case_id, hit.snippet)
    return found
