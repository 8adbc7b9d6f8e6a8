"""The trainer's fictional team on the command line (issue 21): made with
``train-team create``; a takeover in Sanne's store reaches Youssef's and the
lead's through real, encrypted ``ops export`` / ``ops import`` files."""

from __future__ import annotations

import os
import subprocess
import sys

from app.services import caseteam
from app.services.cases import list_cases
from app.services.training import TRAINING_PASSPHRASE
from app.services.training_team import TRAINING_TEAM
from app.store.store import Store


def ok(*args: str) -> str:
    env = dict(os.environ, VEILIGWIJZER_PASSPHRASE=TRAINING_PASSPHRASE,
               VEILIGWIJZER_EXPORT_PASSPHRASE="bestand van het oefenteam")
    result = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                            text=True, env=env, input="", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_a_takeover_travels_by_operation_files(tmp_path):
    team = tmp_path / "oefenteam"
    printed = ok("train-team", "create", "--dir", str(team))
    for member in TRAINING_TEAM:
        assert member.name in printed
    lead_path, sanne_path, youssef_path = (team / m.file for m in TRAINING_TEAM)
    with Store.open(sanne_path, TRAINING_PASSPHRASE) as sanne, \
            Store.open(youssef_path, TRAINING_PASSPHRASE) as youssef:
        case_id = list_cases(sanne)[0].id
        youssef_id = youssef.worker_id
        caseteam.take_over(sanne, case_id, youssef_id)
        sanne_id = sanne.worker_id
    out = tmp_path / "sanne.ops"
    ok("ops", "export", "--store", str(sanne_path), "--out", str(out))
    for target in (lead_path, youssef_path):
        ok("ops", "import", "--store", str(target), "--in", str(out))
    for target in (lead_path, youssef_path):
        with Store.open(target, TRAINING_PASSPHRASE) as store:
            team_seen = caseteam.case_team(store, case_id)
            assert team_seen.lead == youssef_id
            assert sanne_id in team_seen.co_workers
            assert case_id in caseteam.changed_by_others(store)
    lines = ok("train-team", "exchange", "--dir", str(team)).splitlines()
    assert [line.split(":")[0] for line in lines] == ["teamleider", "sanne", "youssef"]
