"""Migration 0013: the device's clock starts after the newest operation the
store holds, found by one step down an index rather than by reading every
operation at each unlock (issue 17)."""

from __future__ import annotations

from app.oplog.hlc import Timestamp
from app.services.cases import create_case


def test_the_newest_clock_reading_is_read_from_the_index(store):
    create_case(store, "Familie Jansen")
    seen: list[str] = []
    store.ops._writer = None  # as after an unlock: the clock is not started yet
    store.conn.set_trace_callback(seen.append)
    try:
        writer = store.ops._w()
    finally:
        store.conn.set_trace_callback(None)
    [query] = [sql for sql in seen if "max(hlc)" in sql]
    plan = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + query)]
    assert plan == ["SEARCH operations USING COVERING INDEX operations_hlc"]
    newest = Timestamp.decode(store.conn.execute(
        "SELECT hlc FROM operations ORDER BY hlc DESC").fetchone()[0])
    assert (writer.clock.last.wall_ms, writer.clock.last.counter) == (newest.wall_ms,
                                                                      newest.counter)
