"""The readers of files that come from outside (the key file next to a store,
a backup file) are fed random bytes and near-valid input. Whatever comes in,
what comes out is the project's own ``VeiligwijzerError`` with a message for
the user — never another exception, which would be a traceback.

Three inputs that once gave a traceback in ``app.store.keys`` are pinned by
the tests at the end: ``"n": Infinity``, JSON nested thousands of levels deep,
and an ``n * r`` beyond scrypt's memory limit.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import VeiligwijzerError
from app.store import keys
from app.store.backup import FORMAT, FORMAT_VERSION, MAGIC, parse_backup

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
PASSPHRASE = "vier woorden als wachtwoord"


def _valid_key_file() -> dict:
    # Low scrypt cost keeps the test fast; the reader accepts n from 2**10.
    salt, nonce = b"s" * 16, b"n" * 12
    slot = {"name": "passphrase", "kdf": "scrypt", "n": 1024, "r": 8, "p": 1,
            "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
            "wrapped": base64.b64encode(b"w" * 48).decode()}
    return {"format": keys.FORMAT, "version": keys.VERSION, "store_id": "id-1", "slots": [slot]}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=True, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)

SLOT_KEYS = ["name", "kdf", "n", "r", "p", "salt", "nonce", "wrapped"]
TOP_KEYS = ["format", "version", "store_id", "slots"]


@st.composite
def near_valid_key_files(draw) -> bytes:
    doc = _valid_key_file()
    slot = doc["slots"][0]
    for _i in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["top", "slot", "drop_top", "drop_slot", "slots"]))
        if where == "top":
            doc[draw(st.sampled_from(TOP_KEYS))] = draw(json_values)
        elif where == "slot":
            slot[draw(st.sampled_from(SLOT_KEYS))] = draw(json_values)
        elif where == "drop_top":
            doc.pop(draw(st.sampled_from(TOP_KEYS)), None)
        elif where == "drop_slot":
            slot.pop(draw(st.sampled_from(SLOT_KEYS)), None)
        else:
            doc["slots"] = draw(st.lists(st.just(slot) | json_values, max_size=3))
    raw = json.dumps(doc).encode()
    if draw(st.booleans()):  # and sometimes damage the bytes as well
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + draw(st.binary(max_size=3)) + raw[at + 1:]
    return raw


def _read_key_file(tmp: Path, raw: bytes) -> None:
    path = tmp / "fuzz.db.keys"
    path.write_bytes(raw)
    try:
        key_file = keys.read_key_file(path)
        # The reader caps the cost; only the cheap ones are unwrapped, to keep this fast.
        if all(slot.n * slot.r <= 2**17 for slot in key_file.slots):
            keys.unwrap(key_file, PASSPHRASE)
    except VeiligwijzerError as exc:
        assert exc.message


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_key_file_reader_random_bytes(tmp_path: Path, raw: bytes):
    _read_key_file(tmp_path, raw)


@FUZZ
@given(raw=near_valid_key_files())
def test_key_file_reader_near_valid_json(tmp_path: Path, raw: bytes):
    _read_key_file(tmp_path, raw)


def _known(tmp_path: Path, doc_or_raw) -> None:
    raw = doc_or_raw if isinstance(doc_or_raw, bytes) else json.dumps(doc_or_raw).encode()
    _read_key_file(tmp_path, raw)


def test_key_file_reader_infinite_cost(tmp_path: Path):
    doc = _valid_key_file()
    doc["slots"][0]["n"] = float("inf")
    _known(tmp_path, doc)


def test_key_file_reader_deep_nesting(tmp_path: Path):
    _known(tmp_path, b"[" * 20_000 + b"]" * 20_000)


def test_key_file_reader_scrypt_cost_beyond_memory(tmp_path: Path):
    doc = _valid_key_file()
    doc["slots"][0]["n"], doc["slots"][0]["r"] = 2**20, 8
    path = tmp_path / "fuzz.db.keys"
    path.write_bytes(json.dumps(doc).encode())
    try:
        keys.unwrap(keys.read_key_file(path), PASSPHRASE)
    except VeiligwijzerError:
        pass


# -- the backup reader ---------------------------------------------------------


def _assemble(header: bytes, database: bytes, mac: bytes = b"m" * 32,
              version: int = FORMAT_VERSION, header_length: int | None = None) -> bytes:
    signed = (struct.pack(">8sHI", MAGIC, version,
                          len(header) if header_length is None else header_length)
              + header + struct.pack(">Q", len(database)) + database)
    body = signed + mac
    return body + hashlib.sha256(body).digest()  # a correct digest: the parser goes deeper


def _valid_header() -> dict:
    return {"format": FORMAT, "version": FORMAT_VERSION, "backup_id": "b-1",
            "store_id": "id-1", "kind": "real", "created_at": "2026-03-10T12:00:00+00:00",
            "schema_version": 5,
            "key_file": base64.b64encode(json.dumps(_valid_key_file()).encode()).decode()}


HEADER_KEYS = list(_valid_header())


@st.composite
def near_valid_backups(draw) -> bytes:
    header = _valid_header()
    for _i in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            header[draw(st.sampled_from(HEADER_KEYS))] = draw(
                json_values | st.floats(allow_nan=False))
        else:
            header.pop(draw(st.sampled_from(HEADER_KEYS)), None)
    if draw(st.booleans()):  # a damaged key file inside a sound backup
        header["key_file"] = base64.b64encode(draw(near_valid_key_files())).decode()
    if draw(st.integers(0, 9)) == 0:  # the known traps of the key-file reader
        trap = draw(st.sampled_from([b'{"format":"veiligwijzer-keys","version":1,'
                                     b'"store_id":"id-1","slots":[{"kdf":"scrypt","n":1e400,'
                                     b'"r":8,"p":1}]}', b"[" * 5000 + b"]" * 5000]))
        header["key_file"] = base64.b64encode(trap).decode()
    raw_header = json.dumps(header).encode()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw_header) - 1))
        raw_header = raw_header[:at] + draw(st.binary(max_size=3)) + raw_header[at + 1:]
    database = draw(st.binary(min_size=0, max_size=1500))
    version = draw(st.sampled_from([FORMAT_VERSION, FORMAT_VERSION, 0, 2, 65535]))
    length = draw(st.none() | st.integers(0, 2**32 - 1))
    return _assemble(raw_header, database, draw(st.binary(min_size=32, max_size=32)),
                     version, length)


def _read_backup(raw: bytes) -> None:
    try:
        backup = parse_backup(raw, Path("fuzz.vwbackup"))
        backup.unlock(PASSPHRASE).clear()
    except VeiligwijzerError as exc:
        assert exc.message


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_backup_reader_random_bytes(raw: bytes):
    _read_backup(raw)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_backup_reader_random_bytes_after_the_magic(raw: bytes):
    _read_backup(MAGIC + raw)


@FUZZ
@given(raw=near_valid_backups())
def test_backup_reader_near_valid_files(raw: bytes):
    _read_backup(raw)


@FUZZ
@given(cut=st.integers(0, 400), flip=st.integers(0, 10_000))
def test_backup_reader_cut_and_flipped(cut: int, flip: int):
    raw = _assemble(json.dumps(_valid_header()).encode(), b"\x01" * 600)
    raw = raw[:len(raw) - cut]
    if raw:
        at = flip % len(raw)
        raw = raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1:]
    _read_backup(raw)
