"""The layer rules of DESIGN.md as a checker over a source tree shaped like app/.

``violations(root)`` parses every module under ``root/app`` with ``ast`` and
returns one line per broken rule. It sees every form of import: ``import
app.store``, ``from app.store import x``, ``from app import store``, relative
``from ..store import x`` and ``from . import x`` (resolved against the
module's own package), ``importlib.import_module("app.store")`` and
``__import__("app.store")``; an import whose name is computed at run time is a
violation of its own outside ``DYNAMIC_IMPORTS``. It sees every call to the
database API (``execute``, ``executemany``, ``set_progress_handler``… on
anything, also through ``getattr``) and every use of a store's connection
outside app/store. tests/test_architecture.py runs it on app/ and on planted
violations.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

TOP = "app"

# The pure domain: rules and types in plain Python, nothing that stores, draws
# or writes files.
PURE = ("app.meldcode", "app.safety", "app.forms", "app.training", "app.reporting",
        "app.cases", "app.security", "app.i18n", "app.oplog", "app.caseteam")
_NOT_IN_PURE = ("app.store", "app.export", "app.ui", "app.services", "app.commands", "app.cli",
                "PySide6", "sqlcipher3", "sqlite3")

# package -> packages (first-party) or modules (third-party) it must not import
FORBIDDEN = {
    **dict.fromkeys(PURE, _NOT_IN_PURE),
    # The team's keys, envelopes and transport: no store, no Qt (issue 20).
    "app.team": _NOT_IN_PURE,
    "app.store": ("app.ui", "app.services", "app.export", "app.commands", "app.cli", "PySide6"),
    "app.export": ("app.ui", "app.store", "app.services", "app.commands", "app.cli", "PySide6",
                   "sqlcipher3", "sqlite3"),
    "app.services": ("app.ui", "app.commands", "app.cli", "PySide6", "sqlcipher3", "sqlite3"),
    # The command line calls services; app.cli imports app.commands, not back.
    "app.commands": ("app.cli", "app.store", "app.ui", "PySide6", "sqlcipher3", "sqlite3"),
    "app.cli": ("app.store", "app.export", "sqlcipher3", "sqlite3"),
    "app.ui": ("sqlcipher3", "sqlite3", "reportlab"),
}

#: The only first-party packages a screen may import: it talks to services,
#: and knows the domain's types and the texts. ``app.config`` is the settings
#: file (language, window place), read before any store is open.
UI_MAY_IMPORT = ("app.ui", "app.services", "app.errors", "app.config", *PURE)

#: Modules that may import Qt besides app.ui: the command line starts the app.
QT_OUTSIDE_UI = ("app.cli",)

#: Modules that may import a module whose name is computed: the command line
#: finds its subcommands in app/commands by name.
DYNAMIC_IMPORTS = ("app.cli",)

#: The database API (sqlite3 / sqlcipher3 connections and cursors): called or
#: merely named outside app/store, it is SQL outside the store.
SQL_API = frozenset({
    "execute", "executemany", "executescript", "commit", "rollback",
    "set_progress_handler", "set_authorizer", "set_trace_callback", "create_function",
    "create_aggregate", "create_window_function", "create_collation", "enable_load_extension",
    "load_extension", "blobopen", "iterdump", "serialize", "deserialize", "setlimit",
})

#: A store's connection; outside app/store everything goes through repositories.
CONNECTION = frozenset({"conn", "_conn"})


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool

    @property
    def package(self) -> str:
        """What a relative import in this module is resolved against."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


def modules(root: Path) -> list[Module]:
    """Every module of the ``app`` package under ``root``."""
    found = []
    for path in sorted((root / TOP).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        found.append(Module(".".join(parts[:-1] if is_package else parts), path, is_package))
    return found


def matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _resolve(module: Module, level: int, name: str | None) -> str | None:
    """``from ..x import y`` in ``module`` → the absolute name of ``..x``."""
    if level == 0:
        return name
    parts = module.package.split(".")
    if level - 1 > len(parts) - 1:
        return None  # beyond the top package
    base = ".".join(parts[:len(parts) - (level - 1)])
    return f"{base}.{name}" if name else base


def _relative_name(text: str) -> tuple[int, str | None]:
    """``"..store"`` → (2, "store"): the level and name of a relative name."""
    rest = text.lstrip(".")
    return len(text) - len(rest), rest or None


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


@dataclass(frozen=True)
class Use:
    """One thing a module does that a rule looks at, with its line."""

    kind: str  # "import", "dynamic import", "sql", "connection"
    target: str
    line: int


def uses(module: Module, known: frozenset[str]) -> list[Use]:
    """Every import (resolved to a module name), dynamic import, database
    call and connection use in ``module``. ``known``: the first-party module
    names, to tell ``from app import store`` (a module) from ``from app.x
    import f`` (a name in a module)."""
    found: list[Use] = []

    def imported(name: str | None, line: int, names: list[str] = ()) -> None:
        if name is None:
            found.append(Use("dynamic import", "a relative import beyond the top package",
                             line))
            return
        submodules = [f"{name}.{n}" for n in names if f"{name}.{n}" in known]
        found.append(Use("import", name, line))
        found.extend(Use("import", sub, line) for sub in submodules)

    for node in ast.walk(ast.parse(module.path.read_text("utf-8"), str(module.path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            imported(_resolve(module, node.level, node.module), node.lineno,
                     [alias.name for alias in node.names])
        elif isinstance(node, ast.Call):
            name = _call_name(node.func)
            if name in ("import_module", "__import__"):
                text = _literal(node.args[0]) if node.args else None
                if text is None:
                    found.append(Use("dynamic import", ast.unparse(node), node.lineno))
                elif text.startswith("."):
                    level, rest = _relative_name(text)
                    anchor = _literal(node.args[1]) if len(node.args) > 1 else None
                    base = Module(anchor, module.path, True) if anchor else module
                    imported(_resolve(base, level, rest), node.lineno)
                else:
                    imported(text, node.lineno)
            elif name in ("getattr", "setattr", "hasattr") and len(node.args) > 1:
                attr = _literal(node.args[1])
                if attr in SQL_API:
                    found.append(Use("sql", attr, node.lineno))
                elif attr in CONNECTION:
                    found.append(Use("connection", attr, node.lineno))
        elif isinstance(node, ast.Attribute):
            if node.attr in SQL_API:
                found.append(Use("sql", node.attr, node.lineno))
            elif node.attr in CONNECTION:
                found.append(Use("connection", node.attr, node.lineno))
    return found


def _first_party(name: str) -> bool:
    return matches(name, TOP) and name != TOP


def check(module: Module, known: frozenset[str]) -> list[str]:
    """The rules ``module`` breaks, one line each (module, line, what)."""
    broken = []
    in_store = matches(module.name, "app.store")
    banned = [b for pkg, ban in FORBIDDEN.items() if matches(module.name, pkg) for b in ban]
    for use in uses(module, known):
        where = f"{module.name}:{use.line}"
        if use.kind == "dynamic import":
            if module.name not in DYNAMIC_IMPORTS:
                broken.append(f"{where} imports what cannot be checked: {use.target}")
        elif use.kind == "sql":
            if not in_store:
                broken.append(f"{where} uses the database API ({use.target}) outside app.store")
        elif use.kind == "connection":
            if not in_store:
                broken.append(f"{where} reaches a store's connection ({use.target}) outside "
                              "app.store")
        else:
            target = use.target
            for forbidden in banned:
                if matches(target, forbidden):
                    broken.append(f"{where} imports {target}")
            if matches(target, "PySide6") and not matches(module.name, "app.ui") \
                    and module.name not in QT_OUTSIDE_UI:
                broken.append(f"{where} imports Qt ({target}) outside app.ui")
            if any(matches(target, m) for m in ("sqlcipher3", "sqlite3")) and not in_store:
                broken.append(f"{where} imports a database driver ({target}) outside app.store")
            if matches(module.name, "app.ui") and _first_party(target) \
                    and not any(matches(target, p) for p in UI_MAY_IMPORT):
                broken.append(f"{where} imports {target}: a screen talks to services only")
    return sorted(set(broken))


def violations(root: Path) -> list[str]:
    """Every broken rule in the ``app`` package under ``root``."""
    found = modules(root)
    known = frozenset(m.name for m in found)
    return [line for m in found for line in check(m, known)]
