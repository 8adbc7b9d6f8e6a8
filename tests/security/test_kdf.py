"""The key slots' cost (issue 16): at least OWASP's minimum for scrypt by
default, calibrated per computer, stored per slot, upgraded at unlock; the
key-file reader of version 2 accepts slots above 64 MiB."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from app.store import keys
from app.store.errors import KeyFileProblem
from app.store.store import Store
from tests.conftest import PASSPHRASE


@pytest.fixture
def policy():
    """Set the slot policy for one test; the session's cheap one comes back after."""
    before = keys.kdf_policy()
    yield keys.use_kdf_policy
    keys.use_kdf_policy(before)


def test_the_default_is_at_least_owasps_minimum_for_scrypt():
    assert keys.OWASP_MIN_N == 2**17
    assert keys.DEFAULT_KDF.min_n >= 2**17 and keys.DEFAULT_KDF.r >= 8 \
        and keys.DEFAULT_KDF.p >= 1
    assert keys.DEFAULT_KDF.calibrate and keys.DEFAULT_KDF.target_s == pytest.approx(0.5)


def test_a_store_made_with_the_default_has_a_slot_of_at_least_that_cost(tmp_path, policy):
    policy(keys.DEFAULT_KDF)
    path = tmp_path / "real-cost.db"
    Store.create(path, PASSPHRASE).close()
    doc = json.loads(keys.key_file_path(path).read_text())
    assert doc["version"] == keys.VERSION == 2
    (slot,) = doc["slots"]
    assert slot["kdf"] == "scrypt" and slot["n"] >= 2**17 and slot["r"] >= 8 and slot["p"] >= 1
    assert slot["n"] == keys.calibrated_n(keys.DEFAULT_KDF) <= keys.DEFAULT_KDF.max_n
    with Store.open(path, PASSPHRASE) as store:
        assert store.verify().ok


# scrypt's time grows linearly with n; the machine's speed is the seconds one
# derivation at n=2**10 takes. The calibration is judged on that model, not on
# a clock that a busy CI machine slows down.
@pytest.mark.parametrize(("seconds_at_min", "expected_n"), [
    (0.05, 2**10),      # already at the target: stays at the minimum
    (0.02, 2**11),      # 0.04 s at 2**11, 0.08 s would be over 0.05 × 1.41
    (0.005, 2**13),     # 0.04 s at 2**13
    (0.0001, 2**16),    # very fast: stops at the bound
])
def test_calibration_doubles_n_while_a_try_stays_near_the_target(
        monkeypatch, seconds_at_min, expected_n):
    tried = []

    def modelled_seconds(n, r=8, p=1):
        tried.append(n)
        return seconds_at_min * n / 2**10

    monkeypatch.setattr(keys, "kdf_seconds", modelled_seconds)
    monkeypatch.setattr(keys, "_calibrated", {})
    quick = keys.KdfPolicy(min_n=2**10, target_s=0.05, max_n=2**16)
    assert keys.calibrated_n(quick) == expected_n
    assert set(tried) == {2**10}  # only the minimum is timed, never a big n
    keys.calibrated_n(quick)
    assert len(tried) <= 2  # measured once per process


def test_calibration_on_this_machine_gives_a_power_of_two_within_the_bounds():
    quick = keys.KdfPolicy(min_n=2**10, target_s=0.05, max_n=2**16)
    n = keys.calibrated_n(quick)
    assert n & (n - 1) == 0 and 2**10 <= n <= 2**16
    assert keys.calibrated_n(keys.KdfPolicy(min_n=2**12, calibrate=False)) == 2**12


def _slot_n(path: Path) -> list[int]:
    return [s.n for s in keys.read_key_file(keys.key_file_path(path)).slots]


def test_a_slot_below_the_minimum_is_upgraded_at_the_next_unlock(tmp_path, policy):
    path = tmp_path / "old-cost.db"
    Store.create(path, PASSPHRASE).close()
    assert _slot_n(path) == [2**10]
    policy(keys.KdfPolicy(min_n=2**12, calibrate=False))
    with Store.open(path, PASSPHRASE) as store:
        assert store.cases.count() == 0
    assert _slot_n(path) == [2**12]
    Store.open(path, PASSPHRASE).close()  # and it still opens, with the same passphrase
    assert _slot_n(path) == [2**12]


def test_a_version_1_key_file_opens_and_is_upgraded(tmp_path, policy):
    """Today's stores: key file version 1, n=2**15. Their slot's associated
    data names version 1; it opens unchanged and is rewrapped at unlock."""
    path = tmp_path / "v1.db"
    Store.create(path, PASSPHRASE).close()
    key_path = keys.key_file_path(path)
    doc = json.loads(key_path.read_text())
    doc["version"] = 1
    doc.pop("audit_head", None)
    key_path.write_text(json.dumps(doc))
    policy(keys.KdfPolicy(min_n=2**11, calibrate=False))
    Store.open(path, PASSPHRASE).close()
    upgraded = json.loads(key_path.read_text())
    assert upgraded["version"] == 2 and upgraded["slots"][0]["n"] == 2**11


def _key_file(tmp_path: Path, **changes) -> Path:
    slot = {"name": "passphrase", "kdf": "scrypt", "n": 2**18, "r": 8, "p": 1,
            "salt": base64.b64encode(b"s" * 16).decode(), "nonce":
            base64.b64encode(b"n" * 12).decode(), "wrapped": base64.b64encode(b"w" * 48).decode()}
    doc = {"format": keys.FORMAT, "version": 2, "store_id": "id-1", "slots": [slot]}
    slot.update(changes.pop("slot", {}))
    doc.update(changes)
    path = tmp_path / "x.keys"
    path.write_text(json.dumps(doc))
    return path


def test_the_reader_accepts_slots_above_64_mib_but_not_absurd_ones(tmp_path):
    assert keys.read_key_file(_key_file(tmp_path)).slots[0].n == 2**18  # 256 MiB
    assert keys.read_key_file(_key_file(tmp_path, slot={"n": 2**20})).slots[0].n == 2**20
    for bad in ({"n": 2**21}, {"n": 2**20, "r": 16}, {"n": 3 * 2**16}):
        with pytest.raises(KeyFileProblem, match="beschadigd"):
            keys.read_key_file(_key_file(tmp_path, slot=bad))
    with pytest.raises(KeyFileProblem, match="nieuwere versie"):
        keys.read_key_file(_key_file(tmp_path, version=3))
