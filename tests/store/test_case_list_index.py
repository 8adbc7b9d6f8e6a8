"""Migration 0010: the case list is read from one covering index (issue 17)."""

from __future__ import annotations

from app.services.cases import create_case, list_cases
from app.store.repositories import CaseRepository


def _list_query(store) -> str:
    """The SQL ``CaseRepository.summaries`` runs, caught on the connection."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        CaseRepository(store.conn).summaries()
    finally:
        store.conn.set_trace_callback(None)
    return next(sql for sql in seen if sql.lstrip().upper().startswith("SELECT"))


def test_the_case_list_reads_the_covering_index_alone(store):
    create_case(store, "Familie Jansen")
    plan = store.conn.execute("EXPLAIN QUERY PLAN " + _list_query(store)).fetchall()
    assert [row[3] for row in plan] == ["SCAN cases USING COVERING INDEX cases_list"]


def test_the_list_is_newest_first_with_every_column(store):
    first = create_case(store, "Familie Jansen")
    second = create_case(store, "Familie Öztürk")
    rows = list_cases(store)
    assert [r.id for r in rows] == [second.id, first.id]
    assert (rows[0].reference, rows[0].household_name, rows[0].status, rows[0].current_step) \
        == (second.reference, "Familie Öztürk", second.status, 1)
