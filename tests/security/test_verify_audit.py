"""``veiligwijzer verify`` names the first broken link of the audit chain when
an entry is changed behind the app's back (with the key, outside the app)."""

from __future__ import annotations

from pathlib import Path

from app.store.database import connect
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.helpers import add_family, run_cli, store_key


def test_verify_names_the_first_broken_link(store_path: Path):
    with Store.create(store_path, PASSPHRASE) as store:
        for n in range(3):
            add_family(store, f"Familie Keten {n}", f"Kind Keten {n}", "Feit.")
        entries = store.audit.entries()
    target = entries[4]
    conn = connect(store_path, store_key(store_path, PASSPHRASE))
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", ('{"x": 1}', target.seq))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()

    result = run_cli("verify", "--store", str(store_path), passphrase=PASSPHRASE)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Eerste verbroken schakel in het auditlog: regel {target.seq}" in result.stdout
    assert f"verbroken bij regel {target.seq} ({target.at.isoformat()}, {target.action})" \
        in result.stdout
    assert "Er zijn problemen gevonden." in result.stdout
