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
