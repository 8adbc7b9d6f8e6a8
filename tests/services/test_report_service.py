"""The monitoring CSV from a real store: rounded counts, whole periods only, no names."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from app.cases.model import Role
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from app.reporting.figures import Period, periods_in
from app.services import cases as case_service
from app.services import meldcode as meldcode_service
from app.services.report import export_monitoring, monitoring_figures
from app.store.store import Store
from tests.conftest import PASSPHRASE

NAMES = [f"Uniekenaam{i} Achternaam{i}" for i in range(7)]
FACTS = "Vrije tekst die nooit in de cijfers mag staan {i}"


def build(path: Path) -> None:
    with Store.create(path, PASSPHRASE) as store:
        for i, name in enumerate(NAMES):
            case = case_service.create_case(store, f"Familie {name}")
            person = case_service.add_person(store, case.id, name, Role.CHILD, age=7)
            forms = {ViolenceForm.PHYSICAL_ABUSE}
            if i < 2:
                forms.add(ViolenceForm.FEMALE_GENITAL_MUTILATION)
            meldcode_service.record_signal(store, case.id, Signal(
                f"sig-{i}", datetime(2026, 5, 1 + i, 9, tzinfo=UTC), (person.id,),
                frozenset(forms), SourceKind.OWN_OBSERVATION, FACTS.format(i=i),
                interpretation=f"Interpretatie van {name}"))


def read(path: Path) -> dict[tuple[str, str], str]:
    rows = list(csv.DictReader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))
    return {(r["indicator"], r["categorie"]): r["aantal"] for r in rows}


def test_counts_match_the_store_and_small_ones_are_masked(tmp_path: Path):
    build(tmp_path / "s.db")
    out = tmp_path / "cijfers.csv"
    with Store.open(tmp_path / "s.db", PASSPHRASE) as store:
        export_monitoring(store, date(2026, 1, 1), date(2026, 12, 31), out)
        assert store.audit.entries()[-1].detail["export"] == "monitoring"
    counts = read(out)
    assert counts["signals_by_form", "physical_abuse"] == "5"  # 7, rounded
    assert counts["signals_by_form", "female_genital_mutilation"] == "<5"  # 2
    assert counts["signals_by_form", "sexual_abuse"] == "<5"  # 0: every form is listed
    assert counts["reports", ""] == "<5"


def test_no_name_no_free_text_no_date_of_birth_reaches_the_csv(tmp_path: Path):
    build(tmp_path / "s.db")
    out = tmp_path / "cijfers.csv"
    with Store.open(tmp_path / "s.db", PASSPHRASE) as store:
        export_monitoring(store, date(2026, 1, 1), date(2026, 12, 31), out)
    text = out.read_text("utf-8-sig")
    for name in NAMES:
        assert name.split()[0] not in text and name.split()[1] not in text
    assert "Vrije tekst" not in text and "Interpretatie" not in text
    assert "VW-" not in text  # no case references either


def test_report_command(tmp_path: Path):
    build(tmp_path / "s.db")
    out = tmp_path / "r.csv"
    env = {**os.environ, "VEILIGWIJZER_PASSPHRASE": PASSPHRASE}
    done = subprocess.run([sys.executable, "-m", "app", "report", "--store", str(tmp_path / "s.db"),
                           "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert read(out)["signals_by_form", "physical_abuse"] == "5"
    bad = subprocess.run([sys.executable, "-m", "app", "report", "--store", str(tmp_path / "s.db"),
                          "--from", "2026-12-31", "--to", "2026-01-01", "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    days = subprocess.run([sys.executable, "-m", "app", "report", "--store",
                           str(tmp_path / "s.db"), "--from", "2026-05-01", "--to", "2026-05-02",
                           "--out", str(tmp_path / "days.csv")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert days.returncode == 1 and "Traceback" not in days.stderr
    assert "alleen over een hele kalendermaand, een heel kwartaal of een heel kalenderjaar" \
        in days.stderr
    assert not (tmp_path / "days.csv").exists()


def test_every_allowed_period_of_a_real_store_adds_up(tmp_path: Path):
    """Months add up to quarters and quarters to the year, in every category."""
    build(tmp_path / "s.db")
    seen = {}
    with Store.open(tmp_path / "s.db", PASSPHRASE) as store:
        for period in periods_in(2026):
            for row in monitoring_figures(store, period.start, period.end):
                seen[period, row.indicator, row.category] = row.value
    counted = {(i, c) for _p, i, c in seen if i not in ("cases_per_phase",
                                                          "median_days_to_decision")}
    for indicator, category in counted:
        def of(first, last, indicator=indicator, category=category):
            return seen[Period(2026, first, last), indicator, category]

        for q in (1, 4, 7, 10):
            assert of(q, q + 2) == sum(of(m, m) for m in range(q, q + 3))
        assert of(1, 12) == sum(of(q, q + 2) for q in (1, 4, 7, 10))
    assert seen[Period(2026, 5, 5), "signals_by_form", "physical_abuse"] == 5
    assert seen[Period(2026, 1, 12), "signals_by_form", "female_genital_mutilation"] == 0
