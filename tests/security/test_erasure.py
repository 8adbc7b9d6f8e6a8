"""Retention and erasure on real stores: closing and reopening, which cases
are due, and an erased case that leaves nothing behind in the file."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

import pytest

from app.cases.model import CaseStatus
from app.services import meldcode
from app.services.cases import CaseNotFound
from app.services.retention import (
    ADULT,
    ADVICE,
    DEFAULT_RULES,
    CaseStillOpen,
    RetentionRules,
    close_case,
    due_for_erasure,
    erase_case,
    reopen_case,
    set_case_type,
)
from app.store.audit import AuditAction
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.helpers import (
    add_family,
    assert_clean_error,
    decrypted_pages,
    run_cli,
    store_key,
    wal_pages,
)


def _scan(path: Path, key: bytes, needles: list[bytes]) -> list[bytes]:
    pages = decrypted_pages(path, key) + wal_pages(path, key)
    blob = b"".join(pages)
    return [n for n in needles if n in blob]


def test_an_erased_case_leaves_nothing_in_any_page_of_the_file(store_path: Path):
    """How the file is inspected: every 4096-byte page of the store file (and
    of the write-ahead log, if one is left) is decrypted with the store key,
    AES-256-CBC with the IV in the page's reserved bytes, exactly as SQLCipher
    does, without asking SQLite. So free pages, freelist trunk pages, unused
    space inside live pages and pages past the end of the b-trees are all
    read, not only the rows SQLite still knows about. (This build has no
    ``sqlite_dbpage``, and ``sqlcipher_export`` copies live rows only, so
    neither could show a remnant.) A positive control checks that the same
    scan does find the marker before the erasure."""
    marker = f"Qz{secrets.token_hex(6)}"
    needles = [f"{marker}{suffix}".encode(enc) for suffix in ("naam", "feit", "gezin")
               for enc in ("utf-8", "utf-16-le")]
    with Store.create(store_path, PASSPHRASE) as store:
        keep, _child = add_family(store, "Familie Blijft", "Kind Blijft", "Dit blijft staan.")
        gone, child = add_family(store, f"Familie {marker}gezin", f"Kind {marker}naam",
                                 f"Gezien bij huisbezoek: {marker}feit en meer.")
        meldcode.save_draft(store, "draft-1", gone.id, "signal", {"facts": f"{marker}feit"})
        close_case(store, gone.id, date(2001, 1, 1))
        gone_id = gone.id
    key = store_key(store_path, PASSPHRASE)
    assert _scan(store_path, key, needles), "control: the scan finds the marker before erasure"

    with Store.open(store_path, PASSPHRASE) as store:
        erase_case(store, gone_id)
        assert store.cases.get(gone_id) is None
        assert store.cases.get(keep.id) is not None
        for table in ("persons", "records", "drafts"):
            left = store.conn.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?",
                                      (gone_id,)).fetchone()[0]
            assert left == 0, table
        assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        erase_entries = [e for e in store.audit.entries() if e.action == AuditAction.ERASE]
        audit_text = repr([(e.object_type, e.object_id, e.detail)
                           for e in store.audit.entries()])
        assert store.verify().ok
    assert [(e.object_type, e.object_id, e.detail) for e in erase_entries] == [
        ("case", gone_id, {"reason": "retention"})]
    assert marker not in audit_text

    assert not Path(f"{store_path}-wal").exists() or Path(f"{store_path}-wal").stat().st_size == 0
    assert _scan(store_path, key, needles) == []
    assert _scan(store_path, key, [b"Dit blijft staan."]), "the other case is untouched"


def test_close_reopen_and_what_is_due(store: Store):
    youth, _ = add_family(store, "Familie Jeugd", "Kind Jeugd", "Feit.")
    adult, _ = add_family(store, "Familie Wmo", "Kind Wmo", "Feit.")
    advice, _ = add_family(store, "Familie Advies", "Kind Advies", "Feit.")
    still_open, _ = add_family(store, "Familie Open", "Kind Open", "Feit.")
    set_case_type(store, adult.id, ADULT)
    set_case_type(store, advice.id, ADVICE)
    for case in (youth, adult, advice):
        close_case(store, case.id, date(2010, 2, 28))
    assert store.cases.get(youth.id).status == CaseStatus.CLOSED
    assert store.cases.get(youth.id).closed_on == date(2010, 2, 28)

    def due(today: date) -> set[str]:
        return {d.case_id for d in due_for_erasure(store, today)}

    assert due(date(2015, 2, 27)) == set()
    assert due(date(2015, 2, 28)) == {advice.id}
    assert due(date(2025, 2, 28)) == {advice.id, adult.id}
    assert due(date(2030, 2, 27)) == {advice.id, adult.id}
    assert due(date(2030, 2, 28)) == {advice.id, adult.id, youth.id}
    assert still_open.id not in due(date(2100, 1, 1))

    reopen_case(store, advice.id)
    assert store.cases.get(advice.id).closed_on is None
    assert advice.id not in due(date(2100, 1, 1))
    with pytest.raises(CaseStillOpen):
        erase_case(store, advice.id)
    with pytest.raises(CaseNotFound):
        erase_case(store, "no-such-case")

    # Rules are data: a local rule of 2 years for advice, none for an unknown kind.
    close_case(store, advice.id, date(2020, 1, 1))
    local = RetentionRules({**DEFAULT_RULES.years, ADVICE: 2})
    assert advice.id in {d.case_id for d in due_for_erasure(store, date(2022, 1, 1), local)}
    assert RetentionRules({}).erase_after("youth", date(2000, 1, 1)) is None
    assert DEFAULT_RULES.erase_after("youth", date(2024, 2, 29)) == date(2044, 2, 29)
    assert DEFAULT_RULES.erase_after("adult", date(2024, 2, 29)) == date(2039, 3, 1)
    statuses = [e.detail for e in store.audit.entries() if e.object_id == advice.id
                and "status" in e.detail]
    assert statuses == [{"status": "closed"}, {"status": "open"}, {"status": "closed"}]


def test_cli_lists_due_cases_and_erases_with_yes(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        old, _ = add_family(store, "Familie Oud", "Kind Oud", "Lang geleden.")
        new, _ = add_family(store, "Familie Nieuw", "Kind Nieuw", "Net gebeurd.")
        close_case(store, old.id, date(2000, 1, 3))
        reference = old.reference
    listed = run_cli("retention", "--store", str(store_path), passphrase=PASSPHRASE)
    assert listed.returncode == 0, listed.stderr
    assert reference in listed.stdout and "Familie" not in listed.stdout
    assert new.reference not in listed.stdout
    refused = run_cli("retention", "--store", str(store_path), "--erase", passphrase=PASSPHRASE)
    assert "--yes" in assert_clean_error(refused)
    erased = run_cli("retention", "--store", str(store_path), "--erase", "--yes",
                     passphrase=PASSPHRASE)
    assert erased.returncode == 0, erased.stderr
    with Store.open(store_path, PASSPHRASE) as store:
        assert store.cases.get(old.id) is None and store.cases.get(new.id) is not None
        assert store.verify().ok
