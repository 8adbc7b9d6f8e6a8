"""Shared helpers for the security tests: real stores, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.cases.model import Role, new_id
from app.services import cases as case_service
from app.services import meldcode
from app.store import keys
from app.store.store import Store
from tests.meldcode import builders

ROOT = Path(__file__).resolve().parents[2]

# SQLCipher 4 defaults: 4096-byte pages, each ending in 80 reserved bytes
# (16-byte IV, 64-byte HMAC-SHA512); page 1 starts with the 16-byte salt.
PAGE_SIZE = 4096
RESERVE = 80


def store_key(path: Path, passphrase: str) -> bytes:
    key_file = keys.read_key_file(keys.key_file_path(path))
    return bytes(keys.unwrap(key_file, passphrase))


def decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    start = 16 if first else 0
    iv = page[PAGE_SIZE - RESERVE:PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:PAGE_SIZE - RESERVE]) + decryptor.finalize()


def decrypted_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of the file decrypted with AES-256-CBC, read straight from
    disk: live pages, free pages and any unused space inside pages alike."""
    raw = path.read_bytes()
    assert len(raw) % PAGE_SIZE == 0
    pages = [decrypt_page(raw[i:i + PAGE_SIZE], key, i == 0)
             for i in range(0, len(raw), PAGE_SIZE)]
    # Page 1 after the salt holds the rest of the SQLite header: a wrong key
    # or a wrong page layout would not give page size 4096 and 80 reserved bytes.
    assert pages[0][:2] == PAGE_SIZE.to_bytes(2, "big") and pages[0][4] == RESERVE
    return pages


def wal_pages(path: Path, key: bytes) -> list[bytes]:
    """The pages in the write-ahead log, decrypted (none when there is no log)."""
    wal = Path(f"{path}-wal")
    if not wal.exists():
        return []
    raw = wal.read_bytes()[32:]  # after the WAL header; each frame: 24-byte header + page
    frame = 24 + PAGE_SIZE
    return [decrypt_page(raw[i + 24:i + frame], key, int.from_bytes(raw[i:i + 4], "big") == 1)
            for i in range(0, len(raw) - frame + 1, frame)]


def add_family(store: Store, household: str, person: str, facts: str):
    """A case with one child and one signal; returns (case, child)."""
    case = case_service.create_case(store, household)
    child = case_service.add_person(store, case.id, person, Role.CHILD, age=7)
    meldcode.record_signal(store, case.id, builders.signal(
        id=new_id(), concerns=(child.id,), facts=facts))
    return case, child


def run_cli(*args: str, passphrase: str | None, env: dict | None = None, stdin: str = ""):
    environment = dict(os.environ)
    environment.pop("VEILIGWIJZER_PASSPHRASE", None)
    environment.pop("VEILIGWIJZER_NEW_PASSPHRASE", None)
    if passphrase is not None:
        environment["VEILIGWIJZER_PASSPHRASE"] = passphrase
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=environment, input=stdin, timeout=120, cwd=ROOT)


def assert_clean_error(result) -> str:
    """One line on stderr, starting with ``veiligwijzer:``, no traceback; returns it."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("veiligwijzer: ")
    return lines[0]
