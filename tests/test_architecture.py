"""The layer rules of DESIGN.md, checked on every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# package -> packages (first-party) or modules (third-party) it must not import
FORBIDDEN = {
    "app.meldcode": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                     "sqlcipher3", "sqlite3"),
    "app.safety": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                   "sqlcipher3", "sqlite3"),
    "app.forms": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                  "sqlcipher3", "sqlite3"),
    "app.training": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                     "sqlcipher3", "sqlite3"),
    "app.reporting": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                      "sqlcipher3", "sqlite3"),
    "app.cases": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                  "sqlcipher3", "sqlite3"),
    "app.security": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                     "sqlcipher3", "sqlite3"),
    "app.i18n": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                 "sqlcipher3", "sqlite3"),
    # The team's keys, envelopes and transport: no store, no Qt (issue 20).
    "app.team": ("app.store", "app.export", "app.ui", "app.services", "PySide6",
                 "sqlcipher3", "sqlite3"),
    "app.store": ("app.ui", "app.services", "app.export", "PySide6"),
    "app.export": ("app.ui", "app.store", "PySide6", "sqlcipher3", "sqlite3"),
    "app.services": ("app.ui", "PySide6", "sqlcipher3", "sqlite3"),
    "app.ui": ("sqlcipher3", "sqlite3", "reportlab"),
}


def modules():
    for path in sorted(APP.rglob("*.py")):
        name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
        yield name.removesuffix(".__init__"), path


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


CASES = [(name, path) for name, path in modules()]


@pytest.mark.parametrize(("name", "path"), CASES, ids=[c[0] for c in CASES])
def test_module_respects_its_layer(name: str, path: Path):
    rules = [(pkg, banned) for pkg, banned in FORBIDDEN.items() if _matches(name, pkg)]
    broken = sorted(
        f"{name} imports {imported}"
        for _pkg, banned in rules for imported in imports_of(path)
        for forbidden in banned if _matches(imported, forbidden)
    )
    assert not broken


def test_only_app_ui_imports_qt():
    offenders = [name for name, path in modules()
                 if not _matches(name, "app.ui") and name != "app.cli"
                 and any(_matches(i, "PySide6") for i in imports_of(path))]
    assert offenders == []


def test_only_app_store_speaks_sql():
    drivers = ("sqlcipher3", "sqlite3")
    offenders = [name for name, path in modules() if not _matches(name, "app.store")
                 and any(_matches(i, m) for i in imports_of(path) for m in drivers)]
    assert offenders == []


def test_no_sql_is_run_outside_app_store():
    """Services, exports and screens reach the database through app.store only."""
    offenders = [name for name, path in modules()
                 if not _matches(name, "app.store") and ".execute(" in path.read_text("utf-8")]
    assert offenders == []
