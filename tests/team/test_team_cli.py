"""``veiligwijzer team …`` and ``sync --once`` as a script runs them: real processes,
a real server with the accounts the lead's store writes."""

from __future__ import annotations

import json

from app.store.store import Store
from tests.cli.test_cli import PASS, assert_clean_error, run
from tests.team.natsserver import NatsServer


def test_a_team_from_the_command_line_syncs_and_refuses_cleanly(tmp_path):
    lead, worker = str(tmp_path / "lead.db"), str(tmp_path / "worker.db")
    for path in (lead, worker):  # made here: the test's cheap key slots open fast there too
        Store.create(tmp_path / path, PASS).close()
    made = run("team", "create", "--store", lead, "--name", "Wijkteam Zuid")
    assert made.returncode == 0, made.stderr
    asked = run("team", "request", "--store", worker, "--out", str(tmp_path / "req.json"))
    assert asked.returncode == 0, asked.stderr
    fingerprint = json.loads((tmp_path / "req.json").read_text())["fingerprint"]
    assert f"Vingerafdruk: {fingerprint}" in asked.stdout

    wrong = run("team", "admit", "--store", lead, "--request", str(tmp_path / "req.json"),
                "--fingerprint", "12345 " * 8)
    assert_clean_error(wrong)
    assert "klopt niet" in wrong.stderr
    admitted = run("team", "admit", "--store", lead, "--request", str(tmp_path / "req.json"),
                   "--fingerprint", fingerprint, "--out", str(tmp_path / "welkom.json"))
    assert admitted.returncode == 0, admitted.stderr
    joined = run("team", "join", "--store", worker, "--welcome", str(tmp_path / "welkom.json"))
    assert joined.returncode == 0, joined.stderr
    lead_fp = made.stdout.split("Vingerafdruk: ")[1].strip()
    assert f"Vingerafdruk van de beheerder: {lead_fp}" in joined.stdout

    conf = tmp_path / "conf"
    written = run("team", "server-config", "--store", lead, "--out", str(conf),
                  "--data-dir", str(tmp_path / "nats" / "js"))
    assert written.returncode == 0, written.stderr
    assert_clean_error(run("team", "server-config", "--store", worker, "--out", str(conf)))

    server = NatsServer(tmp_path / "nats", config=conf / "veiligwijzer.conf").start()
    try:
        for store in (lead, worker, lead):
            synced = run("sync", "--store", store, "--server", server.url, "--once")
            assert synced.returncode == 0, synced.stderr
            assert "Bijgewerkt." in synced.stdout
            # Stopping the client leaves no trace of nats-py's own tasks behind.
            assert synced.stderr == ""
        url = server.url
    finally:
        server.stop()
    down = run("sync", "--store", worker, "--server", url, "--once")
    assert_clean_error(down)
    assert "niet bereikbaar" in down.stderr
