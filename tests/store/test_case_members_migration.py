"""Migration 0014 (issue 21) on a store from before it: what arrived from
other devices before the upgrade counts as seen, what arrives after it is
new; the new tables follow the log."""

from __future__ import annotations

from app.services import caseteam
from app.services.cases import create_case, list_cases
from app.services.exchange import export_ops, read_document
from app.services.training_team import exchange
from app.store.database import migrations
from app.store.oplog import import_batch
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.store.legacy import CASE_LIST_CHANGES, SEARCH_ROWS_CHANGED

#: What the migrations after 0014 made (the consultations), dropped first.
_LATER = ("DROP TABLE consultation_ends", "DROP TABLE consultation_shares")
_NEW = ("DROP TRIGGER case_seen_foreign", "DROP TRIGGER case_seen_gone",
        "DROP TABLE case_seen", "DROP TABLE review_requests", "DROP TABLE case_members",
        "DROP TABLE workers", "ALTER TABLE cases DROP COLUMN case_lead")
#: What the migrations after it made, gone once today's code has merged.
_LATER = ("DROP TABLE open_conflicts", "DROP TABLE erased_keys",
          "DROP TABLE consultation_ends", "DROP TABLE consultation_shares",
          *SEARCH_ROWS_CHANGED, *CASE_LIST_CHANGES)


def test_an_upgraded_store_marks_only_what_comes_after(tmp_path):
    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    first = create_case(a, "Familie Jansen")
    version = len(migrations())
    before = next(n for n, name, _sql in migrations() if "case_members" in name) - 1
    with b.transaction():
        for statement in _NEW:  # b as it was before 0014, then a's case arrives
            b.conn.execute(statement)
        b.conn.execute(f"PRAGMA user_version = {before}")
    b.ops._columns.clear()
    doc = read_document(export_ops(a).document)
    with b.transaction():  # as the code of then did: without the later role check
        import_batch(b.ops, doc.items, doc.devices)
    with b.transaction():
        for statement in _LATER:
            b.conn.execute(statement)
    b.close()

    b = Store.open(tmp_path / "b.db", PASSPHRASE)  # 0014 and later run here
    try:
        assert b.conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert [c.id for c in list_cases(b)] == [first.id]
        assert caseteam.changed_by_others(b) == frozenset()
        assert caseteam.case_team(b, first.id).lead == a.worker_id  # the creator
        second = create_case(a, "Familie de Vries")
        exchange(a, b)
        assert caseteam.changed_by_others(b) == frozenset({second.id})
        assert b.ops.differences() == []
    finally:
        a.close()
        b.close()
