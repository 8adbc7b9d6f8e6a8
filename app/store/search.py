"""Full-text search in the store's own FTS5 index (see migration 0006)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.store.database import Connection

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    case_id: str
    kind: str  # "case", "person" or "signal"
    ref: str
    snippet: str


def fts_query(text: str) -> str | None:
    """Every word typed must match the start of a word: ``şük yıl`` →
    ``"şük"* "yıl"*``. Quoting makes FTS syntax in the input plain text."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words) if words else None


def search(conn: Connection, text: str, limit: int = 200) -> list[Hit]:
    query = fts_query(text)
    if query is None:
        return []
    rows = conn.execute(
        "SELECT r.case_id, r.kind, r.ref, snippet(search_index, 0, '«', '»', '…', 10)"
        " FROM search_index JOIN search_refs r ON r.id = search_index.rowid"
        " WHERE search_index MATCH ? ORDER BY rank LIMIT ?", (query, limit))
    return [Hit(*row) for row in rows]


def matching_cases(conn: Connection, text: str, limit: int = 2000) -> list[str]:
    """The ids of the cases among the newest ``limit`` hits, newest first.

    For the case list as the worker types: no ranking (bm25 over every match
    of a short prefix is most of the cost of ``search``) and no snippets
    (three quarters of what is left, measured on 100,000 signals); newest
    first, which FTS5 reads in index order. ``snippet_for`` gives the snippet
    of one case when it is shown.
    """
    query = fts_query(text)
    if query is None:
        return []
    rows = conn.execute(
        "SELECT r.case_id FROM search_index JOIN search_refs r ON r.id = search_index.rowid"
        " WHERE search_index MATCH ? ORDER BY search_index.rowid DESC LIMIT ?", (query, limit))
    return list(dict.fromkeys(case_id for (case_id,) in rows))


def snippet_for(conn: Connection, text: str, case_id: str) -> str:
    """The newest hit of ``text`` in one case, with the match marked «so»."""
    query = fts_query(text)
    if query is None:
        return ""
    row = conn.execute(
        "SELECT snippet(search_index, 0, '«', '»', '…', 10)"
        " FROM search_index JOIN search_refs r ON r.id = search_index.rowid"
        " WHERE search_index MATCH ? AND r.case_id = ?"
        " ORDER BY search_index.rowid DESC LIMIT 1", (query, case_id)).fetchone()
    return row[0] if row else ""
