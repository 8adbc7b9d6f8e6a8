"""Shared test set-up: headless Qt, a private home for every run, real stores."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports Qt: no screen needed, in CI or here.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep settings, data and caches of the test run out of the real user folders.
_HOME = Path(tempfile.mkdtemp(prefix="veiligwijzer-tests-"))
for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                 ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
    os.environ[var] = str(_HOME / sub)
os.environ.pop("VEILIGWIJZER_PASSPHRASE", None)

import pytest  # noqa: E402

from app import i18n  # noqa: E402

PASSPHRASE = "vier woorden als wachtwoord"


@pytest.fixture(autouse=True, scope="session")
def _cheap_key_slots():
    """The explicit test seam for the key slots' cost: scrypt at n=2**10
    instead of the calibrated >= 2**17, so that the many stores the tests make
    cost milliseconds. tests/security/test_kdf.py checks the real default;
    command-line tests run in their own processes, with the real cost."""
    from app.store import keys

    before = keys.use_kdf_policy(keys.KdfPolicy(min_n=2**10, calibrate=False))
    yield
    keys.use_kdf_policy(before)


@pytest.fixture(autouse=True)
def _dutch_by_default():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(store_path: Path):
    from app.store.store import Store

    s = Store.create(store_path, PASSPHRASE)
    yield s
    s.close()
