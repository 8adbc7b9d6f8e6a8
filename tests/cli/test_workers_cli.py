"""``veiligwijzer workers``: the worker directory on the command line; the
first entry starts the team, then only a team lead changes it."""

from __future__ import annotations

import os
import subprocess
import sys

from app.caseteam import TeamRole
from app.services import caseteam
from app.store.store import Store
from tests.conftest import PASSPHRASE


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, VEILIGWIJZER_PASSPHRASE=PASSPHRASE)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, env=env, input="", timeout=300)


def test_the_lead_starts_the_directory_and_a_worker_cannot_change_it(tmp_path):
    lead_path, worker_path = tmp_path / "lead.db", tmp_path / "worker.db"
    with Store.create(lead_path, PASSPHRASE) as lead, \
            Store.create(worker_path, PASSPHRASE) as worker:
        lead_id, worker_id = lead.worker_id, worker.worker_id
    listed = run("workers", "--store", str(lead_path))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(f"{lead_id}\t-\t")
    for who, name, role in ((lead_id, "Ans de Vries", "lead"),
                            (worker_id, "Sanne Bos", "worker")):
        done = run("workers", "set", "--store", str(lead_path), "--worker", who,
                   "--name", name, "--role", role)
        assert done.returncode == 0, done.stderr
    assert f"{worker_id}\tMedewerker\tSanne Bos\n" in done.stdout
    assert f"{lead_id}\tTeamleider\tAns de Vries (deze kluis)\n" in done.stdout
    with Store.open(lead_path, PASSPHRASE) as lead, Store.open(worker_path, PASSPHRASE) as worker:
        from app.services.training_team import exchange

        exchange(lead, worker)
        assert caseteam.workers(worker)[worker_id].role is TeamRole.WORKER
    refused = run("workers", "set", "--store", str(worker_path), "--worker", worker_id,
                  "--name", "Sanne", "--role", "lead")
    assert refused.returncode != 0
    assert "Alleen de teamleider" in refused.stderr and "Traceback" not in refused.stderr
