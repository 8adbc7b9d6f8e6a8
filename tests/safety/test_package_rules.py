"""Rules about the package itself: pure domain code, each Dutch text once."""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

from babel.messages.extract import extract_from_dir

import app.safety
from app.i18n.catalog import KEYWORDS

SAFETY_DIR = Path(app.safety.__file__).parent
ALLOWED_APP_MODULES = ("app.i18n", "app.errors", "app.safety")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_safety_imports_only_stdlib_i18n_and_errors() -> None:
    wrong = {
        f"{path.name}: {name}"
        for path in SAFETY_DIR.glob("*.py")
        for name in _imports(path)
        if name != "__future__"
        and name.split(".")[0] not in sys.stdlib_module_names
        and not any(name == m or name.startswith(m + ".") for m in ALLOWED_APP_MODULES)
    }
    assert wrong == set()


def test_each_dutch_text_is_written_once() -> None:
    found = Counter(
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(SAFETY_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    )
    assert len(found) > 50
    assert [m for m, n in found.items() if n > 1] == []
