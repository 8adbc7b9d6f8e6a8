"""Full-text search inside the encrypted store."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cases.model import Role
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.services.search import matching_cases, snippet_for
from app.store.search import fts_query
from app.store.store import Store
from tests.conftest import PASSPHRASE

MARKER = "Zebrapaardvlek"


def signal(person_id: str, facts: str, id: str = "sig-1") -> Signal:
    return Signal(id, datetime(2026, 11, 1, 9, tzinfo=UTC), (person_id,),
                  frozenset({ViolenceForm.PHYSICAL_ABUSE}), SourceKind.TOLD_BY_SOMEONE, facts,
                  source_detail="Juf Marleen")


@pytest.fixture
def filled(store):
    case = case_service.create_case(store, "Familie Öztürk")
    person = case_service.add_person(store, case.id, "Şükran Öztürk", Role.PARENT, age=33)
    other = case_service.create_case(store, "Familie Jansen")
    case_service.add_person(store, other.id, "Piet Jansen", Role.PARENT, age=40)
    meldcode_service.record_signal(store, case.id, signal(person.id, f"Een {MARKER} op de arm."))
    return store, case, other, person


@pytest.mark.parametrize(("text", "query"), [
    ("", None), ("  ", None), ("şük", '"şük"*'), ('a" OR b', '"a"* AND "OR"* AND "b"*'),
    ("NEAR(x)", '"NEAR"* AND "x"*'), ("şük yıl", '"şük"* AND ("yıl"* OR "yil"*)'),
])
def test_typed_text_becomes_a_safe_prefix_query(text, query):
    assert fts_query(text) == query


def test_search_finds_a_case_by_a_word_in_its_signals_facts(filled):
    store, case, other, _person = filled
    assert matching_cases(store, MARKER.lower()[:6]) == {case.id: ""}
    assert f"Een «{MARKER}» op" in snippet_for(store, MARKER.lower()[:6], case.id)
    assert snippet_for(store, MARKER.lower()[:6], other.id) == ""


def test_the_words_typed_may_be_in_different_parts_of_a_case(filled):
    store, case, other, _person = filled
    # The household name, a person's name and a signal's source are all one case.
    assert matching_cases(store, "öztürk marleen zebra") == {case.id: ""}
    assert matching_cases(store, "jansen zebra") == {}


def test_every_matching_case_is_found_however_many_signals_match(store):
    people = {}
    for n in range(30):
        case = case_service.create_case(store, f"Familie Nummer{n}")
        people[case.id] = case_service.add_person(store, case.id, f"Kind {n}", Role.CHILD, age=5)
    for case_id, person in people.items():
        for k in range(5):
            meldcode_service.record_signal(
                store, case_id, signal(person.id, "Moeder schreeuwde op het schoolplein.",
                                       id=f"{case_id}-{k}"))
    assert set(matching_cases(store, "schoolp")) == set(people)
    assert set(matching_cases(store, "moe schr")) == set(people)


@pytest.mark.parametrize(("text", "family"), [
    ("sukran", "case"), ("ozturk", "case"), ("jans", "other"), ("marleen", "case"),
])
def test_search_finds_people_names_without_diacritics_and_sources(filled, text, family):
    store, case, other, _person = filled
    wanted = case.id if family == "case" else other.id
    assert wanted in matching_cases(store, text)


def test_a_correction_replaces_the_indexed_text(filled):
    from dataclasses import replace

    store, case, _other, person = filled
    current = meldcode_service.signal_history(store, "sig-1").current
    meldcode_service.correct_signal(store, case.id, replace(current, facts="Een blauwe plek."),
                                    "Verkeerd woord")
    assert matching_cases(store, MARKER) == {}
    assert case.id in matching_cases(store, "blauwe")


def test_the_index_is_not_readable_in_the_file(tmp_path: Path):
    path = tmp_path / "s.db"
    with Store.create(path, PASSPHRASE) as store:
        case = case_service.create_case(store, "Familie Test")
        person = case_service.add_person(store, case.id, "Test Persoon", Role.CHILD, age=4)
        meldcode_service.record_signal(store, case.id, signal(person.id, f"{MARKER} gezien."))
        assert matching_cases(store, MARKER)
    raw = path.read_bytes()
    assert MARKER.encode() not in raw and MARKER.lower().encode() not in raw
    assert b"case_text" not in raw  # not even the schema is readable


def test_erasing_a_case_empties_its_index_entries(filled):
    store, case, other, _person = filled
    with store.transaction():
        store.conn.execute("DELETE FROM cases WHERE id = ?", (case.id,))
    assert matching_cases(store, MARKER) == {}
    assert store.conn.execute(
        "SELECT count(*) FROM search_cases WHERE case_id = ?", (case.id,)).fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM case_text").fetchone()[0] == 1
    assert other.id in matching_cases(store, "jansen")


def test_a_store_indexed_per_item_is_indexed_per_case_when_opened(tmp_path: Path, monkeypatch):
    """A store made before migration 0007 keeps every word findable. Its case,
    person and signal are written as the schema of that time held them."""
    from tests.store.legacy import insert_case, insert_record, use_code_before

    path = tmp_path / "old.db"
    use_code_before(monkeypatch, 7)
    # The code of that time had no index rows to write at the end.
    monkeypatch.setattr("app.store.store.write_pending", lambda conn: None)
    with Store.create(path, PASSPHRASE) as old:
        with old.transaction():
            case_id = insert_case(old.conn, "Familie Öztürk", old.worker_id, old.device_id)
        # A person as the schema of that time held one (no address columns yet).
        person_id = str(uuid.uuid4())
        with old.transaction():
            old.conn.execute(
                "INSERT INTO persons (id, case_id, name, role, age, created_at, updated_at,"
                " author, device) VALUES (?, ?, 'Şükran Öztürk', 'parent', 33, ?, ?, ?, ?)",
                (person_id, case_id, "2026-11-01T10:00:00+00:00", "2026-11-01T10:00:00+00:00",
                 old.worker_id, old.device_id))
            insert_record(old.conn, case_id, signal(person_id, f"Een {MARKER}."),
                          old.worker_id, old.device_id)
        assert old.conn.execute("PRAGMA user_version").fetchone()[0] == 6
    monkeypatch.undo()  # today's migrations and code
    with Store.open(path, PASSPHRASE) as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert not {"search_index", "search_refs"} & tables
        assert matching_cases(store, "sukran zebrap") == {case_id: ""}
        assert f"«{MARKER}»" in snippet_for(store, "zebrap", case_id)
        # The store became a log of what it held, which verify replays.
        assert store.ops.differences() == []


def test_the_index_is_written_once_when_the_transaction_ends(filled):
    store, case, _other, person = filled
    pending = "SELECT count(*) FROM search_pending"
    assert store.conn.execute(pending).fetchone()[0] == 0
    with store.transaction():
        for n in range(3):
            store.records.append(
                case.id, signal(person.id, f"Kapotte fiets {n}.", id=f"fiets-{n}"),
                created_at=datetime(2026, 11, 2, tzinfo=UTC), author=store.worker_id,
                device=store.device_id)
        # Noted, not yet written: the index follows at the end.
        assert store.conn.execute(pending).fetchone()[0] == 1
        assert matching_cases(store, "fiets") == {}
    assert store.conn.execute(pending).fetchone()[0] == 0
    assert matching_cases(store, "fiets") == {case.id: ""}


def test_a_failed_transaction_leaves_the_index_as_it_was(filled):
    store, case, _other, person = filled
    with pytest.raises(RuntimeError), store.transaction():
        store.records.append(
            case.id, signal(person.id, "Kapotte fiets.", id="fiets"),
            created_at=datetime(2026, 11, 2, tzinfo=UTC), author=store.worker_id,
            device=store.device_id)
        raise RuntimeError("stroom uitgevallen")
    assert matching_cases(store, "fiets") == {}
    assert store.conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0


def test_every_write_of_the_app_leaves_the_index_complete(tmp_path: Path):
    """The demo store is made through the services, like a worker's changes."""
    from app.services.cases import list_cases
    from app.services.demo import create_demo_store

    with create_demo_store(tmp_path / "d.db", PASSPHRASE) as store:
        assert store.conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
        for row in list_cases(store):
            assert row.id in matching_cases(store, row.household_name), row.household_name


@pytest.mark.parametrize(("name", "typed"), [
    ("Familie Yılmaz", "yilmaz"), ("Familie Yılmaz", "Yılm"), ("Łukasz Wiśniewski", "lukasz wisn"),
    ("Bjørn Østergaard", "bjorn oster"), ("Familie Đặng", "dang"), ("Familie Groß", "gross"),
])
def test_letters_of_their_own_are_found_as_a_dutch_keyboard_types_them(store, name, typed):
    case = case_service.create_case(store, name)
    assert matching_cases(store, typed) == {case.id: ""}


def test_a_snippet_shows_the_text_as_written(store):
    case = case_service.create_case(store, "Familie Yılmaz")
    person = case_service.add_person(store, case.id, "Ayşe Yılmaz", Role.CHILD, age=7)
    meldcode_service.record_signal(store, case.id, signal(person.id, "Meneer Yılmaz huilde."))
    assert "Meneer Yılmaz «huilde»" in snippet_for(store, "huil", case.id)
    assert "«Yılmaz»" in snippet_for(store, "Yılmaz", case.id)  # typed as written
