"""Search across cases, people and signals, as the worker types."""

from __future__ import annotations

from app.store.search import matching_cases as store_matching_cases
from app.store.search import snippet_for as store_snippet_for
from app.store.store import Store


def matching_cases(store: Store, text: str) -> dict[str, str]:
    """The cases that match, as case id → snippet, for the case list as the
    worker types. The snippets are empty here, so that the search stays fast
    on a large store; ``snippet_for`` fills one in when a case is shown."""
    return dict.fromkeys(store_matching_cases(store.conn, text), "")


def snippet_for(store: Store, text: str, case_id: str) -> str:
    return store_snippet_for(store.conn, text, case_id)
