"""The layer rules of DESIGN.md (tests/layers.py), checked on every module of
app/, and shown to catch each form of violation planted in a small tree."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.layers import check, modules, violations

ROOT = Path(__file__).resolve().parent.parent
APP_MODULES = modules(ROOT)
KNOWN = frozenset(m.name for m in APP_MODULES)


@pytest.mark.parametrize("module", APP_MODULES, ids=[m.name for m in APP_MODULES])
def test_module_respects_its_layer(module):
    assert check(module, KNOWN) == []


# -- the checker fails on planted violations ---------------------------------------

#: A tree shaped like app/: the packages the rules name, each with an empty
#: __init__, plus a module next to the planted one.
_TREE = ("app", "app.store", "app.services", "app.export", "app.ui", "app.commands",
         "app.meldcode", "app.forms")
_SIBLINGS = {"app/store/store.py": "class Store:\n    pass\n",
             "app/ui/store.py": "",  # app.ui.store, not app.store
             "app/cli.py": "def main():\n    return 0\n"}

#: (planted file, its source, what the report must say)
PLANTED = [
    ("app/ui/a.py", "import app.store\n", "imports app.store: a screen talks to services only"),
    ("app/ui/a.py", "import app.store.store as s\n", "imports app.store.store: a screen"),
    ("app/ui/a.py", "from app.store import store\n", "imports app.store: a screen"),
    ("app/ui/a.py", "from app.store.store import Store\n", "imports app.store.store: a screen"),
    ("app/ui/a.py", "from app import store\n", "imports app.store: a screen"),
    ("app/ui/a.py", "from .. import store\n", "imports app.store: a screen"),
    ("app/ui/a.py", "from ..store.store import Store\n", "imports app.store.store: a screen"),
    ("app/ui/deep/a.py", "from ...store import store\n", "imports app.store: a screen"),
    # In a package's __init__ "." is the package itself, so ".." is its parent.
    ("app/meldcode/__init__.py", "from .. import store\n", "app.meldcode:1 imports app.store"),
    ("app/meldcode/rules.py", "from ..store import Store\n", "imports app.store"),
    ("app/meldcode/a.py", "from .... import store\n", "beyond the top package"),
    ("app/ui/a.py", "import importlib\nimportlib.import_module('app.store')\n",
     "app.ui.a:2 imports app.store: a screen"),
    ("app/ui/a.py", "from importlib import import_module\nimport_module('.store', 'app')\n",
     "imports app.store: a screen"),
    ("app/ui/a.py", "__import__('app.store.store')\n", "imports app.store.store: a screen"),
    ("app/services/a.py", "import importlib\nNAME = 'app.ui'\nimportlib.import_module(NAME)\n",
     "imports what cannot be checked"),
    ("app/services/a.py", "__import__('app' + '.ui')\n", "imports what cannot be checked"),
    ("app/ui/a.py", "from app.export.address import Address\n", "imports app.export.address"),
    ("app/ui/a.py", "import app.commands\n", "imports app.commands: a screen"),
    ("app/ui/a.py", "from app.cli import main\n", "imports app.cli: a screen"),
    ("app/commands/a.py", "from app.cli import main\n", "commands.a:1 imports app.cli"),
    ("app/commands/__init__.py", "from .. import cli\n", "app.commands:1 imports app.cli"),
    ("app/commands/a.py", "from app.store.store import Store\n", "imports app.store.store"),
    ("app/cli.py", "from app.store.database import DatabaseError\n",
     "app.cli:1 imports app.store.database"),
    ("app/meldcode/a.py", "from app.store.store import Store\n", "imports app.store.store"),
    ("app/forms/a.py", "from app.services import cases\n", "imports app.services"),
    ("app/export/a.py", "import app.store\n", "imports app.store"),
    ("app/services/a.py", "from app.ui import shell\n", "imports app.ui"),
    ("app/services/a.py", "from PySide6.QtCore import QObject\n", "imports Qt (PySide6.QtCore)"),
    ("app/meldcode/a.py", "import sqlite3\n", "imports a database driver (sqlite3)"),
    ("app/services/a.py", "import sqlcipher3.dbapi2 as db\n", "database driver (sqlcipher3"),
    ("app/services/a.py", "def f(store):\n    store.conn.execute('DELETE FROM cases')\n",
     "a:2 uses the database API (execute)"),
    ("app/services/a.py", "def f(c, rows):\n    c.executemany('INSERT', rows)\n",
     "database API (executemany)"),
    ("app/export/a.py", "def f(c):\n    c.executescript('DROP TABLE x')\n",
     "database API (executescript)"),
    ("app/ui/a.py", "def f(c):\n    c.set_progress_handler(None, 0)\n",
     "database API (set_progress_handler)"),
    ("app/services/a.py", "def f(c):\n    run = c.execute\n    return run('SELECT 1')\n",
     "database API (execute)"),
    ("app/services/a.py", "def f(c):\n    return getattr(c, 'execute')('SELECT 1')\n",
     "database API (execute)"),
    ("app/services/a.py", "def f(store):\n    return Repository(store.conn)\n",
     "reaches a store's connection (conn)"),
]


def _plant(root: Path, path: str, source: str) -> None:
    for package in _TREE:
        folder = root.joinpath(*package.split("."))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").touch()
    for name, text in (*_SIBLINGS.items(), (path, source)):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not (target.parent / "__init__.py").exists():
            (target.parent / "__init__.py").touch()
        target.write_text(textwrap.dedent(text), "utf-8")


@pytest.mark.parametrize(("path", "source", "expected"), PLANTED,
                         ids=[f"{p}: {s.splitlines()[-1]}" for p, s, _e in PLANTED])
def test_the_checker_reports_a_planted_violation(tmp_path, path, source, expected):
    _plant(tmp_path, path, source)
    planted = ".".join(Path(path).with_suffix("").parts).removesuffix(".__init__")
    found = violations(tmp_path)
    assert found, f"nothing reported for {source!r}"
    assert any(expected in line for line in found), found
    # Only the planted module is blamed, at a line of its own.
    assert all(re.match(rf"{re.escape(planted)}:\d+ ", line) for line in found), found


CLEAN = [
    ("app/ui/a.py", """\
        from PySide6.QtWidgets import QWidget
        from app.services import cases as case_service
        from app.services.session import Store
        from app.i18n import _
        from app.forms import meldcode
        from . import store  # app.ui.store, a screen module
        from .store import x
        """),
    ("app/services/a.py", """\
        from app.store.store import Store
        from app.export import pdf

        def f(store: Store, case_id: str):
            with store.transaction():
                return store.cases.get(case_id)
        """),
    ("app/store/a.py", """\
        import sqlite3

        def f(conn):
            conn.execute('SELECT 1')
            conn.executemany('INSERT', [])
        """),
    ("app/commands/a.py", "from app.commands import open_store\nfrom app.services import x\n"),
    ("app/meldcode/a.py", "from . import rules\nfrom app.i18n import _\n"),
]


@pytest.mark.parametrize(("path", "source"), CLEAN, ids=[p for p, _s in CLEAN])
def test_the_checker_reports_nothing_for_a_clean_module(tmp_path, path, source):
    _plant(tmp_path, path, source)
    assert violations(tmp_path) == []


# -- the README's map of app/ --------------------------------------------------------


def _readme_layout() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"^## Waar alles staat.*?$(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "README.md has no '## Waar alles staat' section"
    return match.group(1)


def test_the_readme_names_every_package_under_app():
    section = _readme_layout()
    packages = sorted(
        str(p.parent.relative_to(ROOT)) + "/" for p in (ROOT / "app").rglob("__init__.py")
        if "__pycache__" not in p.parts)
    missing = [p for p in packages if f"`{p}`" not in section]
    assert missing == []


def test_the_readme_names_no_package_that_is_gone():
    named = re.findall(r"`(app/[\w/]+/)`", _readme_layout())
    assert named
    assert [n for n in named if not (ROOT / n / "__init__.py").exists()] == []
