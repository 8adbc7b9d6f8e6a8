"""The command line as an administrator's script uses it: real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import DEMO_FAMILIES

PASS = "beheerder script wachtwoord"


def run(*args: str, passphrase: str | None = PASS, stdin: str | None = None):
    env = dict(os.environ)
    env.pop("VEILIGWIJZER_PASSPHRASE", None)
    if passphrase is not None:
        env["VEILIGWIJZER_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, input=stdin if stdin is not None else "", timeout=120)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = run("demo", "--store", str(path))
    assert result.returncode == 0, result.stderr
    return path


def assert_clean_error(result) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("veiligwijzer: ")


def test_demo_store_is_encrypted_and_holds_no_names_in_clear(demo_store: Path):
    raw = demo_store.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(demo_store).execute("SELECT * FROM sqlite_master").fetchall()
    for family in DEMO_FAMILIES:
        for text in [family.household_name, *(p.name for p in family.people)]:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert text.encode(encoding) not in raw


def test_cases_lists_every_demo_family_reference_first(demo_store: Path):
    result = run("cases", "--store", str(demo_store))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(DEMO_FAMILIES) >= 5
    assert all(line.startswith("VW-") for line in lines)
    assert {line.split("\t")[1] for line in lines} == {f.household_name for f in DEMO_FAMILIES}


def test_verify_accepts_a_healthy_store(demo_store: Path):
    result = run("verify", "--store", str(demo_store))
    assert result.returncode == 0, result.stderr
    assert "Alles in orde." in result.stdout


def test_verify_refuses_a_wrong_passphrase(demo_store: Path):
    assert_clean_error(run("verify", "--store", str(demo_store), passphrase="fout"))


def test_verify_refuses_a_plain_sqlite_file(tmp_path: Path):
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    result = run("verify", "--store", str(plain))
    assert_clean_error(result)
    assert "niet versleuteld" in result.stderr


def test_verify_reports_a_missing_store(tmp_path: Path):
    assert_clean_error(run("verify", "--store", str(tmp_path / "nergens.db")))


def test_no_passphrase_and_no_terminal_is_a_clear_error(demo_store: Path):
    result = run("cases", "--store", str(demo_store), passphrase=None)
    assert_clean_error(result)
    assert "VEILIGWIJZER_PASSPHRASE" in result.stderr


def test_demo_refuses_to_overwrite(demo_store: Path):
    assert_clean_error(run("demo", "--store", str(demo_store)))


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("veiligwijzer ")
