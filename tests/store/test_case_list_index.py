"""Migration 0011: the case list is read from one covering index (issue 17)."""

from __future__ import annotations

from app.services.cases import create_case, list_cases
from app.store.cases import CaseRepository


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
    made = {c.id: c for c in (create_case(store, name) for name in (
        "Familie Jansen", "Familie Öztürk", "Familie de Vries"))}
    rows = list_cases(store)
    # Cases made within one tick of the clock may share their time.
    assert [r.updated_at for r in rows] == sorted((r.updated_at for r in rows), reverse=True)
    assert {(r.id, r.reference, r.household_name, r.status, r.current_step) for r in rows} == {
        (c.id, c.reference, c.household_name, c.status, 1) for c in made.values()}
