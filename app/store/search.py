"""Full-text search in the store's own FTS5 index, one row per case (see
migration 0007)."""

from __future__ import annotations

import re

from app.store.database import Connection
from app.store.fold import plain_letters

_WORD = re.compile(r"\w+", re.UNICODE)
#: Between the case ids of a search result; case ids are UUIDs (``new_id``).
_ID_SEPARATOR = "\x1f"


def fts_query(text: str) -> str | None:
    """Every word typed must match the start of a word: ``şük yıl`` →
    ``"şük"* AND ("yıl"* OR "yil"*)``. A word with letters such as ı is looked for
    as typed (so the snippet shows the text as written) and with plain
    letters (``app.store.fold``). Quoting makes FTS syntax in the input plain
    text; FTS5 needs the AND spelled out next to a parenthesis."""
    words = _WORD.findall(text)
    return " AND ".join(_word_query(w) for w in words) if words else None


def _word_query(word: str) -> str:
    plain = plain_letters(word)
    return f'"{word}"*' if plain == word else f'("{word}"* OR "{plain}"*)'


def write_pending(conn: Connection) -> None:
    """Write the index rows of the cases changed in this transaction (see
    ``search_pending`` in migration 0007). ``Store.transaction`` calls it
    last, before the commit."""
    conn.execute("INSERT INTO case_text_changed (case_id) SELECT case_id FROM search_pending")
    conn.execute("DELETE FROM search_pending")


class SearchRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def matching_cases(self, text: str) -> list[str]:
        """The ids of every case in which each typed word starts a word: in its
        reference, household name, people's names or the newest version of one
        of its signals (facts and who told it). Unordered; the case list sorts."""
        query = fts_query(text)
        if query is None:
            return []
        # One row with every id, split in Python: a common prefix matches most
        # of 30,000 cases, and fetching them as rows cost more than the search.
        (ids,) = self._conn.execute(
            "SELECT group_concat(s.case_id, char(31))"
            " FROM case_text JOIN search_cases s ON s.id = case_text.rowid"
            " WHERE case_text MATCH ?", (query,)).fetchone()
        return ids.split(_ID_SEPARATOR) if ids else []

    def snippet_for(self, text: str, case_id: str) -> str:
        """Where ``text`` matches in one case, with the match marked «so»."""
        query = fts_query(text)
        if query is None:
            return ""
        row = self._conn.execute(
            "SELECT snippet(case_text, 0, '«', '»', '…', 10) FROM case_text"
            " WHERE case_text MATCH ?"
            " AND case_text.rowid = (SELECT id FROM search_cases WHERE case_id = ?)",
            (query, case_id)).fetchone()
        return row[0] if row else ""
