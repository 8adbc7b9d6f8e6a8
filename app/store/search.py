"""Full-text search in the store's own FTS5 index, one row per case (see
migration 0007)."""

from __future__ import annotations

import re
import threading

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


class RowMap:
    """``search_cases`` in memory: the index's row number (as text, the way
    ``group_concat`` writes it) → case id, with the count of
    ``search_rows_changed`` it was read at. One per open store, shared by the
    connections of its tasks; each search reads the count in the statement
    that matches, so a map read at another count is never used."""

    def __init__(self) -> None:
        self._read: tuple[int, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def at(self, count: int) -> dict[str, str] | None:
        read = self._read
        return read[1] if read is not None and read[0] == count else None

    def keep(self, count: int, rows: dict[str, str]) -> None:
        with self._lock:
            if self._read is None or self._read[0] < count:
                self._read = (count, rows)

    def clear(self) -> None:
        with self._lock:
            self._read = None


class SearchRepository:
    def __init__(self, conn: Connection, rows: RowMap | None = None) -> None:
        self._conn = conn
        self._rows = rows if rows is not None else RowMap()

    def matching_cases(self, text: str) -> list[str]:
        """The ids of every case in which each typed word starts a word: in its
        reference, household name, people's names or the newest version of one
        of its signals (facts and who told it). Unordered; the case list sorts."""
        query = fts_query(text)
        if query is None:
            return []
        if self._conn.in_transaction:
            # Rows written in this transaction may still be undone: they never
            # go into the shared map, so look each hit up.
            return self._looked_up(query)
        # One statement, so one snapshot: the count belongs to these rows.
        # The row numbers come as one text, split in Python: a common prefix
        # matches most of 30,000 cases, and fetching them as rows cost more
        # than the search.
        count, found = self._conn.execute(
            "SELECT (SELECT count FROM search_rows_changed), group_concat(rowid)"
            " FROM case_text WHERE case_text MATCH ?", (query,)).fetchone()
        if not found:
            return []
        names = self._rows.at(count) or self._read_rows(count)
        if names is None:
            return self._looked_up(query)  # cases made or erased since the match
        try:
            return list(map(names.__getitem__, found.split(",")))
        except KeyError:
            # An index row without its case: the join leaves it out, as before.
            return self._looked_up(query)

    def _looked_up(self, query: str) -> list[str]:
        (ids,) = self._conn.execute(
            "SELECT group_concat(s.case_id, char(31))"
            " FROM case_text JOIN search_cases s ON s.id = case_text.rowid"
            " WHERE case_text MATCH ?", (query,)).fetchone()
        return ids.split(_ID_SEPARATOR) if ids else []

    def _read_rows(self, wanted: int) -> dict[str, str] | None:
        """Read ``search_cases`` into the shared map; the map, when it was
        read at count ``wanted``."""
        self._conn.execute("BEGIN")  # the count and the rows from one snapshot
        try:
            (count,) = self._conn.execute(
                "SELECT count FROM search_rows_changed").fetchone()
            rows = dict(self._conn.execute("SELECT CAST(id AS TEXT), case_id FROM search_cases"))
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        for case_id in rows.values():
            hash(case_id)  # kept with the text: each result's dict need not hash it again
        self._rows.keep(count, rows)
        return rows if count == wanted else None

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
