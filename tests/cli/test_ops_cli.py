"""Two stores exchange their operations through the command line (issue 19):
B takes A's cases; the same field edited on both is a conflict on both;
resolved on one and exchanged, it is gone on both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services import cases as case_service
from app.store.store import Store

PASS = "twee kluizen wisselen uit"
EXPORT = "wachtwoord voor het bestand"


def run(*args: str, export: str | None = EXPORT):
    env = dict(os.environ, VEILIGWIJZER_PASSPHRASE=PASS)
    env.pop("VEILIGWIJZER_EXPORT_PASSPHRASE", None)
    if export is not None:
        env["VEILIGWIJZER_EXPORT_PASSPHRASE"] = export
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, input="", timeout=300)


def ok(*args: str, **kw) -> str:
    result = run(*args, **kw)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def exchange(source: Path, target: Path, out: Path, since: int = 0) -> int:
    printed = ok("ops", "export", "--store", str(source), "--since", str(since),
                 "--out", str(out))
    ok("ops", "import", "--store", str(target), "--in", str(out))
    return int(printed.rsplit("--since", 1)[1].strip())


def _first_person(path: Path):
    with Store.open(path, PASS) as store:
        case = store.cases.summaries()[0]
        full = store.cases.get(case.id)
        return case.reference, case.id, full.people[0].id


def _set_phone(path: Path, case_id: str, person_id: str, phone: str) -> None:
    with Store.open(path, PASS) as store:
        case_service.edit_person(store, case_id, person_id, reason="nieuw nummer", phone=phone)


def test_two_stores_exchange_cases_conflicts_and_a_resolution(tmp_path: Path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    ok("demo", "--store", str(a))
    cursor_a = exchange(a, b, tmp_path / "1.ops")
    assert ok("cases", "--store", str(b)) == ok("cases", "--store", str(a))

    reference, case_id, person_id = _first_person(a)
    mark_b = exchange(b, a, tmp_path / "2.ops")  # nothing new, but a cursor for B
    _set_phone(a, case_id, person_id, "0612345678")
    _set_phone(b, case_id, person_id, "0687654321")
    cursor_a = exchange(a, b, tmp_path / "3.ops", since=cursor_a)
    exchange(b, a, tmp_path / "4.ops", since=mark_b)
    for store in (a, b):
        lines = ok("conflicts", "--store", str(store)).splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(reference) and f"persons/{person_id}\tphone\t" in lines[0]
        assert "0612345678" in lines[0] and "0687654321" in lines[0]

    version = next(part.split("=", 1)[0] for part in lines[0].split("\t")
                   if part.endswith(")") and "0687654321" in part)
    ok("conflicts", "resolve", "--store", str(b), "--keep", version)
    assert ok("conflicts", "--store", str(b)) == ""
    exchange(b, a, tmp_path / "5.ops")
    assert ok("conflicts", "--store", str(a)) == ""
    for store in (a, b):
        with Store.open(store, PASS) as opened:
            [person] = [p for p in opened.cases.get(case_id).people if p.id == person_id]
            assert person.phone == "0687654321"
            assert opened.verify().ok


def test_a_file_with_a_wrong_passphrase_or_of_another_kind_is_refused(tmp_path: Path):
    a, real = tmp_path / "a.db", tmp_path / "real.db"
    ok("demo", "--store", str(a))
    ok("ops", "export", "--store", str(a), "--out", str(tmp_path / "a.ops"))
    wrong = run("ops", "import", "--store", str(tmp_path / "x.db"), "--in",
                str(tmp_path / "a.ops"), export="een ander wachtwoord")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    assert not (tmp_path / "x.db").exists()
    Store.create(real, PASS).close()
    mixed = run("ops", "import", "--store", str(real), "--in", str(tmp_path / "a.ops"))
    assert mixed.returncode != 0 and "Traceback" not in mixed.stderr
    assert "nooit gemengd" in mixed.stderr


def _tampered(path: Path, out: Path, change) -> None:
    """The file decrypted with its passphrase, changed, encrypted again: what
    someone who knows the passphrase but not the device key can make."""
    import json

    from app.export.package import decrypt_part, encrypt_part
    from app.services.exchange import MEDIA_TYPE

    doc = json.loads(decrypt_part(path.read_bytes(), EXPORT))
    change(doc)
    out.write_bytes(encrypt_part(json.dumps(doc).encode("utf-8"), EXPORT, MEDIA_TYPE))


def test_a_file_whose_store_kind_was_changed_is_refused(tmp_path: Path):
    a, real = tmp_path / "a.db", tmp_path / "real.db"
    ok("demo", "--store", str(a))
    ok("ops", "export", "--store", str(a), "--out", str(tmp_path / "a.ops"))
    with Store.create(real, PASS) as store:
        before = store.ops.last_seq()
    _tampered(tmp_path / "a.ops", tmp_path / "real.ops",
              lambda doc: doc.update(store_kind="real"))
    for target in (real, tmp_path / "new.db"):
        refused = run("ops", "import", "--store", str(target), "--in",
                      str(tmp_path / "real.ops"))
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert "niet ondertekend" in refused.stderr
    assert not (tmp_path / "new.db").exists()
    with Store.open(real, PASS) as store:
        assert store.cases.count() == 0 and store.ops.last_seq() == before
    # The untouched file goes into a store of its own kind.
    ok("ops", "import", "--store", str(tmp_path / "demo.db"), "--in", str(tmp_path / "a.ops"))
