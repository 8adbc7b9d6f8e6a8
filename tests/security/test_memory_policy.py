"""``cipher_memory_security`` (issue 16): off by default; an organisation's
policy file, outside the worker's settings, turns it on; the app's own
settings cannot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import OrganisationPolicy, Settings, policy_path, settings_path
from tests.security.helpers import ROOT

_CHILD = """
import sys
from pathlib import Path
import app.config
app.config.policy_path = lambda: Path(sys.argv[1])
from app.store import keys
keys.use_kdf_policy(keys.KdfPolicy(min_n=2**10, calibrate=False))
from app.store.store import Store
with Store.create(Path(sys.argv[2]), "vier woorden als wachtwoord") as store:
    print(store.conn.execute("PRAGMA cipher_memory_security").fetchone()[0])
"""


def _memory_security_in_a_new_process(policy: Path, tmp_path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(policy), str(tmp_path / "s.db")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(("content", "on"), [
    (None, "0"),
    ('{"cipher_memory_security": false}', "0"),
    ('{"cipher_memory_security": true}', "1"),
    ('{"cipher_memory_security": tru', "1"),  # damaged: the stricter choice wins
    ('{"cipher_memory_security": "ja"}', "1"),
])
def test_the_policy_file_decides(tmp_path, content, on):
    policy = tmp_path / "policy.json"
    if content is not None:
        policy.write_text(content)
    assert _memory_security_in_a_new_process(policy, tmp_path) == on


def test_the_workers_settings_cannot_turn_it_on_or_off(tmp_path):
    """The settings dialog writes ``Settings``: it has no such field, and
    the policy lives in a system folder, not beside the settings."""
    assert "cipher_memory_security" not in Settings.__dataclass_fields__
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "en", "cipher_memory_security": False}))
    Settings.load(path).save(path)
    assert "cipher_memory_security" not in json.loads(path.read_text())
    assert policy_path().parent != settings_path().parent
    assert not str(policy_path()).startswith(str(Path.home()))


def test_the_default_is_off():
    assert OrganisationPolicy().cipher_memory_security is False
    assert OrganisationPolicy.load(Path("/nonexistent/policy.json")).cipher_memory_security \
        is False
