"""No personal data outside the store: a scripted session (demo data, open
cases, search, type, record, export, report, backup, lock, a crash) leaves no
demo name or signal text in settings, logs, caches, temporary files, exported
files or crash output. Everything the processes write lands in one scratch
home, which is then scanned byte by byte."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.services.demo import DEMO_FAMILIES
from app.services.meldcode import load_records
from app.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASS = "lekproef wachtwoord met woorden"
EXPORT_PASS = "export lekproef wachtwoord"


def secrets_of(store_path: Path) -> set[str]:
    """Every name and a piece of every signal's facts of the demo store."""
    found = {"Lekproef: buurman hoorde gegil"}
    for family in DEMO_FAMILIES:
        found.add(family.household_name)
        for person in family.people:
            found.add(person.name)
            found.update(part for part in person.name.split() if len(part) > 4)
    with Store.open(store_path, PASS) as store:
        for row in store.cases.summaries():
            for history in load_records(store, row.id).signals:
                for version in history.versions:
                    found.add(version.signal.facts[:40])
                    if version.signal.interpretation:
                        found.add(version.signal.interpretation[:40])
    return found


def test_a_whole_session_leaves_nothing_readable_outside_the_store(tmp_path: Path):
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "TMPDIR": str(home / "tmp"),
           "QT_QPA_PLATFORM": "offscreen", "VEILIGWIJZER_PASSPHRASE": PASS,
           "VEILIGWIJZER_EXPORT_PASSPHRASE": EXPORT_PASS, "PYTHONDONTWRITEBYTECODE": "1"}
    (home / "tmp").mkdir(parents=True)
    store_dir, out = home / "stores", home / "exports"
    store_dir.mkdir()
    demo = store_dir / "demo.db"
    outputs: list[str] = []

    def run(*args: str, module: tuple[str, ...] = ("app",), check: bool = True):
        done = subprocess.run([sys.executable, "-m", *module, *args], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=180)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    run("demo", "--store", str(demo))
    ref = run("cases", "--store", str(demo)).stdout.split()[0]  # names here are wanted
    outputs.append(run("export", "--store", str(demo), "--case", ref,
                       "--out", str(out / "pakket")).stderr)
    year = date.today().year  # the demo's records are recent
    outputs.append(run("report", "--store", str(demo), "--from", f"{year}-01-01", "--to",
                       f"{year}-12-31", "--out", str(out / "cijfers.csv")).stderr)
    outputs.append(run("backup", "--store", str(demo), "--out", str(out / "backup")).stderr)
    session = run(str(demo), PASS, module=("tests.security.leak_session",), check=False)
    assert session.returncode != 0, "the session ends in the planned error"
    assert "RuntimeError" in session.stderr
    outputs += [session.stdout, session.stderr]

    secrets = secrets_of(demo)
    store_files = {demo, demo.with_name("demo.db.keys")}
    scanned = 0
    leaks = []
    for path in home.rglob("*"):
        if not path.is_file() or path in store_files:
            continue
        scanned += 1
        raw = path.read_bytes()
        for secret in secrets:
            if any(secret.encode(enc) in raw for enc in ("utf-8", "utf-16-le")) \
                    or secret in path.name:
                leaks.append(f"{path.relative_to(home)}: {secret!r}")
    for text in outputs:
        leaks += [f"process output: {s!r}" for s in secrets if s in text]
    assert scanned >= 5, "the session wrote settings, exports and a backup"
    assert (home / "config" / "veiligwijzer" / "settings.json").exists()
    assert leaks == []
