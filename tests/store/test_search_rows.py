"""The search turns the index's row numbers into case ids with a map kept in
memory across connections (``app.store.search.RowMap``, migration 0017). The
map must stay right whenever a case gets or loses its row: made, erased (and
its row number given to a new case), undone, merged from another store."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from app.cases.model import Case, CaseStatus, Provenance, Role, new_id
from app.services import cases as case_service
from app.services import exchange
from app.services import retention as retention_service
from app.services.search import matching_cases
from app.store.search import write_pending
from app.store.store import Store
from tests.conftest import PASSPHRASE


def in_task(store: Store, text: str) -> dict[str, str]:
    """The search as the app runs it: on a task's connection, in another thread."""
    def work():
        with store.for_thread() as own:
            return matching_cases(own, text)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result(timeout=60)


def row_of(store: Store, case_id: str) -> int:
    return store.conn.execute("SELECT id FROM search_cases WHERE case_id = ?",
                              (case_id,)).fetchone()[0]


def erase(store: Store, case_id: str) -> None:
    retention_service.close_case(store, case_id, closed_on=date(2020, 1, 1))
    retention_service.erase_case(store, case_id, reason="request")


def search_statements(store: Store, text: str) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        matching_cases(store, text)
    finally:
        store.conn.set_trace_callback(None)
    return seen


def test_the_map_is_read_once_and_again_only_when_a_case_is_made(store):
    first = case_service.create_case(store, "Familie Vermeulen")
    assert any("FROM search_cases" in sql for sql in search_statements(store, "verm"))
    assert not any("FROM search_cases" in sql for sql in search_statements(store, "verm"))
    second = case_service.create_case(store, "Familie Verbeek")
    assert any("FROM search_cases" in sql for sql in search_statements(store, "ver"))
    assert matching_cases(store, "ver") == {first.id: "", second.id: ""}


def test_a_row_number_given_to_a_new_case_after_an_erasure_finds_the_new_case(store):
    keep = case_service.create_case(store, "Familie Bakker")
    gone = case_service.create_case(store, "Familie Zandstra")
    assert in_task(store, "zand") == {gone.id: ""}  # the map is read with the case in it
    assert in_task(store, "familie") == {keep.id: "", gone.id: ""}
    row = row_of(store, gone.id)
    erase(store, gone.id)
    new = case_service.create_case(store, "Familie Zandvoort")
    assert row_of(store, new.id) == row  # the same row number, another case
    assert in_task(store, "zand") == {new.id: ""}
    assert matching_cases(store, "zand") == {new.id: ""}
    assert in_task(store, "familie") == {keep.id: "", new.id: ""}


def test_an_edit_erasure_and_retention_show_in_the_next_search(store):
    case = case_service.create_case(store, "Familie Hoekstra")
    person = case_service.add_person(store, case.id, "Joris Hoekstra", Role.CHILD, age=6)
    assert in_task(store, "joris") == {case.id: ""}
    case_service.edit_person(store, case.id, person.id, reason="Verkeerd gespeld",
                             name="Jurre Hoekstra")
    assert in_task(store, "joris") == {}
    assert in_task(store, "jurre") == {case.id: ""}
    erase(store, case.id)
    assert in_task(store, "jurre") == {}
    assert in_task(store, "hoekstra") == {}


def test_rows_undone_with_their_transaction_never_reach_the_map(store):
    """Inside a transaction the search sees its own new case; once that is
    rolled back, a case made later gets the same row number at the same
    count of changes, and must be found as itself."""
    case_service.create_case(store, "Familie Smit")
    assert matching_cases(store, "smit")  # the map is read
    undone = Case(new_id(), "2026-X", "Familie Eerder", CaseStatus.OPEN,
                  Provenance.now(store.worker_id, store.device_id))
    with pytest.raises(RuntimeError), store.transaction():
        store.cases.add(undone)
        write_pending(store.conn)
        assert matching_cases(store, "eerder") == {undone.id: ""}
        row = row_of(store, undone.id)
        raise RuntimeError("stroom uitgevallen")
    later = case_service.create_case(store, "Familie Later")
    assert row_of(store, later.id) == row
    assert matching_cases(store, "eerder") == {}
    assert matching_cases(store, "later") == {later.id: ""}
    assert in_task(store, "later") == {later.id: ""}


def test_a_case_merged_from_another_store_is_found(tmp_path, store):
    with Store.create(tmp_path / "other.db", PASSPHRASE) as other:
        case = case_service.create_case(other, "Familie Dijkstra")
        case_service.add_person(other, case.id, "Femke Dijkstra", Role.PARENT, age=38)
        document = exchange.export_ops(other).document
    mine = case_service.create_case(store, "Familie Dijkman")
    assert in_task(store, "dijk") == {mine.id: ""}
    exchange.import_ops(store, exchange.read_document(document))
    assert in_task(store, "dijk") == {mine.id: "", case.id: ""}
    assert in_task(store, "femke") == {case.id: ""}
    assert json.loads(document)["operations"]  # the case came as operations


def test_an_index_row_without_its_case_is_left_out_as_before(store):
    kept = case_service.create_case(store, "Familie Mulder")
    lost = case_service.create_case(store, "Familie Mulders")
    with store.transaction():  # as damage would leave it: the index row stays
        store.conn.execute("DELETE FROM search_cases WHERE case_id = ?", (lost.id,))
    assert matching_cases(store, "mulder") == {kept.id: ""}
    assert in_task(store, "mulder") == {kept.id: ""}
