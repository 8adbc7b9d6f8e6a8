"""Migration ``case_list_changes`` (issue 17): every write of a column the
case list shows is logged with its case, whatever wrote it; other columns
are not; the log is cleared at an unlock but its last number, and a reader
from before the clearing is told to read the whole list."""

from __future__ import annotations

from datetime import date

from app.services import cases as case_service
from app.services import retention
from app.store.store import Store
from tests.conftest import PASSPHRASE


def _changed(store: Store, mark: int) -> frozenset[str]:
    changes = store.cases.list_changes_since(mark)
    assert changes is not None
    return changes[1]


def test_every_write_of_a_listed_column_is_logged_and_no_other(tmp_path):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        first = case_service.create_case(store, "Familie Jansen").id
        second = case_service.create_case(store, "Familie de Vries").id
        mark = store.cases.list_mark()
        assert _changed(store, mark) == frozenset()
        with store.transaction():  # local, without an operation
            store.cases.set_summary(first, 3, 1, date(2026, 5, 1))
        assert _changed(store, mark) == {first}
        mark = store.cases.list_mark()
        with store.transaction():  # a column the list does not show
            store.conn.execute("UPDATE cases SET case_lead = 'x' WHERE id = ?", (second,))
        assert _changed(store, mark) == frozenset()
        retention.close_case(store, second)
        retention.erase_case(store, second)
        assert _changed(store, mark) == {second}
        assert store.cases.summaries_of([first, second]) == [
            c for c in store.cases.summaries() if c.id == first]


def test_an_unlock_clears_the_log_and_an_older_reader_reads_everything(tmp_path):
    with Store.create(tmp_path / "store.db", PASSPHRASE) as store:
        case_id = case_service.create_case(store, "Familie Jansen").id
        old = store.cases.list_mark()
        case_service.add_person(store, case_id, "Noor Jansen", case_service.Role.CHILD, age=4)
        case_service.create_case(store, "Familie de Vries")
        last = store.cases.list_mark()
        assert last > old + 1
    with Store.open(tmp_path / "store.db", PASSPHRASE) as store:
        assert store.cases.list_mark() == last  # the number goes on
        assert store.cases.list_changes_since(old) is None  # cleared: read it all
        assert store.cases.list_changes_since(last) == (last, frozenset())
        assert store.conn.execute("SELECT count(*) FROM case_list_changes").fetchone()[0] == 1
