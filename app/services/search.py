"""Search across cases, people and signals, as the worker types."""

from __future__ import annotations

from app.store.search import Hit
from app.store.search import matching_cases as store_matching_cases
from app.store.search import search as store_search
from app.store.search import snippet_for as store_snippet_for
from app.store.store import Store


def search(store: Store, text: str, limit: int = 200) -> list[Hit]:
    return store_search(store.conn, text, limit)


def matching_cases(store: Store, text: str, limit: int = 2000) -> dict[str, str]:
    """The cases that match, as case id → snippet, for the case list as the
    worker types. Unranked and without snippets, so that it stays fast on a
    large store: the snippets are empty here; ``snippet_for`` fills one in
    when a case is shown."""
    return dict.fromkeys(store_matching_cases(store.conn, text, limit), "")


def snippet_for(store: Store, text: str, case_id: str) -> str:
    return store_snippet_for(store.conn, text, case_id)
