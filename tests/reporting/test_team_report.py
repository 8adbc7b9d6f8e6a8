"""Monitoring figures over the whole team (issue 21): made once, on an
admin's store once synced, never per worker (``app.reporting.scope``). A
lead and two workers sync through a real nats-server; a case both workers
are on is counted once, and the rounding is the same as for one store."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.cases.model import Role
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from app.reporting.figures import PeriodKind, periods_in, published
from app.reporting.scope import ReportScope, ScopeRefused, Standing, report_scope
from app.services import cases, caseteam, meldcode, team
from app.services.report import export_monitoring, monitoring_figures, scope_of
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.team.helpers import lead_store, member_store
from tests.team.natsserver import NatsServer

YEAR = (date(2026, 1, 1), date(2026, 12, 31))

REFUSED = None
#: (in a team, an admin's device, synced, --team) -> the scope, or REFUSED.
SCOPES = [
    ((False, False, False, False), ReportScope.STORE),
    ((False, False, False, True), REFUSED),  # --team outside a team
    ((True, False, False, False), REFUSED),  # a worker's store: part of the team
    ((True, False, True, False), REFUSED),
    ((True, False, True, True), REFUSED),
    ((True, True, False, False), REFUSED),  # an admin that never synced: its own cases
    ((True, True, False, True), REFUSED),
    ((True, True, True, False), ReportScope.TEAM),  # a lead's store holds the team
    ((True, True, True, True), ReportScope.TEAM),
]


@pytest.mark.parametrize(("where", "expected"), SCOPES)
def test_whose_cases_the_figures_count(where, expected):
    in_team, admin, synced, asked = where
    standing = Standing(in_team=in_team, holds_every_case=admin, synced=synced)
    if expected is REFUSED:
        with pytest.raises(ScopeRefused) as refused:
            report_scope(standing, asked)
        assert refused.value.message  # says why, in a sentence
    else:
        assert report_scope(standing, asked) is expected


def _signals(store: Store, case_id: str, person: str, days: range) -> None:
    for day in days:
        meldcode.record_signal(store, case_id, Signal(
            f"sig-{store.device_id[:8]}-{day}", datetime(2026, 3, day, 9, tzinfo=UTC),
            (person,), frozenset({ViolenceForm.PHYSICAL_ABUSE}), SourceKind.OWN_OBSERVATION,
            "Blauwe plekken op de arm"))


def _read(path: Path) -> dict[tuple[str, str], str]:
    rows = list(csv.DictReader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))
    return {(r["indicator"], r["categorie"]): r["aantal"] for r in rows}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module; each test's team has a stream of its own."""
    server = NatsServer(tmp_path_factory.mktemp("nats")).start()
    yield server
    server.stop()


@pytest.fixture
def synced_team(tmp_path, server):
    """A lead and two workers: Sanne's case with 6 signals, which Youssef
    works on too, and Youssef's own case with 2; all synced."""
    lead = lead_store(tmp_path / "lead.db")
    sanne = member_store(tmp_path / "sanne.db", lead)
    youssef = member_store(tmp_path / "youssef.db", lead)
    stores = (lead, sanne, youssef)

    def sync() -> None:
        for store in (*stores, *stores):
            assert team.sync_once(store, server.url).refused == {}

    try:
        sync()
        shared = cases.create_case(sanne, "Jansen").id
        _signals(sanne, shared, cases.add_person(sanne, shared, "Mila", Role.CHILD, age=5).id,
                 range(1, 7))
        own = cases.create_case(youssef, "Bakker").id
        _signals(youssef, own, cases.add_person(youssef, own, "Sem", Role.CHILD, age=8).id,
                 range(1, 3))
        sync()
        caseteam.add_member(lead, shared, youssef.worker_id)
        sync()
        yield lead, sanne, youssef
    finally:
        for store in stores:
            store.close()


def test_the_leads_store_counts_the_team_once(synced_team, tmp_path):
    lead, _sanne, youssef = synced_team
    assert len(cases.list_cases(youssef)) == 2  # his own and the one he is on
    assert len(cases.list_cases(lead)) == 2  # every case of the team, once
    figures_ = {(f.indicator, f.category): f for f in monitoring_figures(lead, *YEAR, team=True)}
    # 6 + 2 signals, each case once: 8, rounded to 10 (a sum of the workers'
    # stores would count Sanne's case twice: 6 + 8 = 14, published as 15).
    assert published(figures_["signals_by_form", "physical_abuse"]) == "10"
    assert figures_["signals_by_form", "physical_abuse"].value == 10
    # The same figures with or without --team: the lead's store is the team's.
    assert monitoring_figures(lead, *YEAR) == list(figures_.values())
    # As safe as one store's: the months add up exactly to the year.
    # (Open cases per phase are counted on the day, not over a period.)
    months = [{(f.indicator, f.category): f.value
               for f in monitoring_figures(lead, p.start, p.end, team=True)}
              for p in periods_in(2026) if p.kind is PeriodKind.MONTH]
    counted = [k for k in figures_ if k[0] not in ("cases_per_phase",
                                                   "median_days_to_decision")]
    assert {k: sum(m[k] for m in months) for k in counted} == {
        k: figures_[k].value for k in counted}
    assert sum(m["signals_by_form", "physical_abuse"] for m in months) == 10

    out = tmp_path / "team.csv"
    export_monitoring(lead, *YEAR, out, team=True)
    assert _read(out)["signals_by_form", "physical_abuse"] == "10"
    entry = lead.audit.entries()[-1]
    assert (entry.detail["export"], entry.detail["scope"]) == ("monitoring", "team")


def test_a_workers_store_in_a_team_makes_no_figures(synced_team, tmp_path):
    _lead, sanne, youssef = synced_team
    for store in (sanne, youssef):
        for asked in (False, True):
            with pytest.raises(ScopeRefused, match="teamleider of de plaatsvervanger"):
                monitoring_figures(store, *YEAR, team=asked)
            with pytest.raises(ScopeRefused):
                export_monitoring(store, *YEAR, tmp_path / "w.csv", team=asked)
    assert not (tmp_path / "w.csv").exists()


def test_a_lead_that_never_synced_and_a_store_in_no_team(tmp_path):
    with lead_store(tmp_path / "new.db") as lead:
        with pytest.raises(ScopeRefused, match="nog nooit gesynchroniseerd"):
            monitoring_figures(lead, *YEAR, team=True)
    with Store.create(tmp_path / "alone.db", PASSPHRASE) as alone:
        assert scope_of(alone) is ReportScope.STORE
        assert monitoring_figures(alone, *YEAR)  # as before teams
        with pytest.raises(ScopeRefused, match="hoort niet bij een team"):
            monitoring_figures(alone, *YEAR, team=True)


def test_the_command_line(synced_team, tmp_path):
    lead, sanne, _youssef = synced_team
    env = {**os.environ, "VEILIGWIJZER_PASSPHRASE": PASSPHRASE}

    def report(store: Store, out: Path, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "app", "report", "--store", str(store.path), "--from",
             "2026-01-01", "--to", "2026-12-31", "--out", str(out), *extra],
            capture_output=True, text=True, env=env, timeout=120)

    lead.close()
    sanne.close()
    done = report(lead, tmp_path / "team.csv", "--team")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Teamcijfers geschreven naar")
    assert _read(tmp_path / "team.csv")["signals_by_form", "physical_abuse"] == "10"
    refused = report(sanne, tmp_path / "sanne.csv")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "teamleider of de plaatsvervanger" in refused.stderr
    assert not (tmp_path / "sanne.csv").exists()
