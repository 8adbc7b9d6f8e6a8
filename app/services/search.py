"""Search across cases, people and signals, as the worker types."""

from __future__ import annotations

from app.store.store import Store


def matching_cases(store: Store, text: str) -> dict[str, str]:
    """The cases that match, as case id → snippet, for the case list as the
    worker types. The snippets are empty here, so that the search stays fast
    on a large store; ``snippet_for`` fills one in when a case is shown."""
    return dict.fromkeys(store.search.matching_cases(text), "")


def snippet_for(store: Store, text: str, case_id: str) -> str:
    return store.search.snippet_for(text, case_id)
