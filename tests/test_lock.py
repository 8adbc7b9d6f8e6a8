"""The committed lock holds everything the code imports, at versions pyproject allows.

`make run` and `make test` install only from ``requirements/lock.txt``; a package
that the code imports but the lock lacks would work on a developer's machine
and fail on a fresh clone, so it fails here first.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
CODE_FOLDERS = ("app", "tests", "benchmarks", "packaging")
FIRST_PARTY = {"app", "tests", "benchmarks", "conftest"}
#: Scripts run by the system Python, with its own packages (python3-pyatspi from
#: the distribution), never by the project's environment.
SYSTEM_PYTHON_SCRIPTS = {"tests/ui/atspi/listen.py"}
# Run by `make test-latest`, whose environment holds the newest releases on purpose.
LATEST = os.environ.get("VEILIGWIJZER_LATEST") == "1"


def locked() -> dict[str, Version]:
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", LOCK.read_text("utf-8"), re.M)
    return {canonicalize_name(name): Version(version) for name, version in pins}


def imported_modules(folder: Path) -> dict[str, Path]:
    """Top-level module name -> one file that imports it (absolute imports only)."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")) + sorted(folder.rglob("*.spec")):
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).as_posix() in SYSTEM_PYTHON_SCRIPTS:
            continue
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def third_party_imports(root: Path, folders: tuple[str, ...]) -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for folder in folders:
        modules.update(imported_modules(root / folder))
    local = {p.stem for folder in folders for p in (root / folder).rglob("*.py")}
    return {
        name: path for name, path in modules.items()
        if name not in sys.stdlib_module_names and name not in FIRST_PARTY
        and name not in local and name != "__future__"
    }


def unlocked_imports(root: Path, folders: tuple[str, ...]) -> list[str]:
    """Imported packages whose distribution the lock does not hold (or none is installed)."""
    lock = locked()
    distributions = metadata.packages_distributions()
    missing = []
    for module, path in sorted(third_party_imports(root, folders).items()):
        names = {canonicalize_name(d) for d in distributions.get(module, [])}
        if not names & lock.keys():
            missing.append(f"{module} (imported in {path.relative_to(root)})")
    return missing


def test_every_imported_package_is_in_the_lock():
    missing = unlocked_imports(ROOT, CODE_FOLDERS)
    assert missing == [], "imported but not in requirements/lock.txt: " + ", ".join(missing)


def test_the_check_names_a_planted_import_outside_the_lock(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "module.py").write_text(
        "import yaml\nimport json\nfrom PySide6 import QtCore\nfrom app import store\n"
        "def later():\n    import requests.adapters\n"
    )
    assert unlocked_imports(tmp_path, ("app",)) == [
        "requests (imported in app/module.py)", "yaml (imported in app/module.py)",
    ]


def test_every_declared_requirement_is_locked_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lock = locked()
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    wrong = []
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        if name not in lock:
            wrong.append(f"{requirement.name}: not locked")
        elif not requirement.specifier.contains(lock[name], prereleases=True):
            wrong.append(f"{requirement.name}: locked {lock[name]} outside {requirement.specifier}")
    assert wrong == []


def test_the_lock_pins_every_package_with_hashes_and_holds_the_set_up_tools():
    text = LOCK.read_text("utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    for block in blocks:
        if block.strip() and not block.startswith("#"):
            assert "==" in block.split("\\")[0], block
            assert "--hash=sha256:" in block, block
    assert {"pip", "setuptools", "uv"} <= locked().keys()


@pytest.mark.skipif(LATEST, reason="make test-latest runs the newest releases on purpose")
def test_the_environment_is_the_locked_one():
    """A .venv built from an older lock is rebuilt by make; this catches one that was not."""
    lock = locked()
    stale = []
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in lock and Version(dist.version) != lock[name]:
            stale.append(f"{name} {dist.version} installed, {lock[name]} locked")
    assert stale == []
