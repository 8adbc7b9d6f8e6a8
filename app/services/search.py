"""Search across cases, people and signals, as the worker types."""

from __future__ import annotations

from app.store.search import Hit
from app.store.search import matching_cases as store_matching_cases
from app.store.search import search as store_search
from app.store.store import Store


def search(store: Store, text: str, limit: int = 200) -> list[Hit]:
    return store_search(store.conn, text, limit)


def matching_cases(store: Store, text: str, limit: int = 2000) -> dict[str, str]:
    """Case id → the snippet of its newest hit (for the case list as the worker
    types: unranked, so that it stays fast on a large store)."""
    return store_matching_cases(store.conn, text, limit)
