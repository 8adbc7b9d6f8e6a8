"""Where files live, and the few settings kept outside the store.

Settings hold only what is needed before unlocking and nothing that
identifies a person, a case or a store's contents: the interface language,
the idle-lock time, where the main window was (its size and position) and
the file name of the region's form variant.
Everything else lives inside the encrypted store.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

APP_NAME = "veiligwijzer"
STORE_FILENAME = "veiligwijzer.db"
DEMO_FILENAME = "demo.db"
PASSPHRASE_ENV = "VEILIGWIJZER_PASSPHRASE"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_store_path() -> Path:
    return data_dir() / STORE_FILENAME


def demo_store_path() -> Path:
    """The demo store lives in its own file, apart from real data."""
    return data_dir() / DEMO_FILENAME


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def variants_dir() -> Path:
    """The region's or organisation's form variants (``*.json``), put there by
    an administrator or the worker (``app.services.variants``)."""
    return config_dir() / "variants"


#: A variant is named in the settings by its file name, never a path.
VARIANT_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$")


@dataclass(frozen=True)
class WindowPlace:
    """The main window's last size and position (logical pixels), and whether
    it was maximised. The window is fitted to the screen when it opens, so a
    place from a larger screen does no harm."""

    x: int
    y: int
    width: int
    height: int
    maximized: bool = False

    @classmethod
    def from_doc(cls, doc: object) -> WindowPlace | None:
        if not isinstance(doc, dict):
            return None
        numbers = [doc.get(k) for k in ("x", "y", "width", "height")]
        if not all(type(n) is int and abs(n) < 100_000 for n in numbers):
            return None
        x, y, width, height = numbers
        if width < 100 or height < 100:
            return None
        return cls(x, y, width, height, doc.get("maximized") is True)


@dataclass
class Settings:
    language: str = DEFAULT_LANGUAGE
    idle_lock_minutes: int = 5
    window: WindowPlace | None = None
    #: The file name of the form variant in use (``variants_dir()`` or the
    #: app's examples); ``None`` for the standard forms.
    form_variant: str | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        settings = cls()
        if isinstance(doc, dict):
            if doc.get("language") in LANGUAGES:
                settings.language = doc["language"]
            minutes = doc.get("idle_lock_minutes")
            if isinstance(minutes, int) and 1 <= minutes <= 30:
                settings.idle_lock_minutes = minutes
            settings.window = WindowPlace.from_doc(doc.get("window"))
            variant = doc.get("form_variant")
            if isinstance(variant, str) and VARIANT_FILE.match(variant):
                settings.form_variant = variant
        return settings

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        doc = {key: value for key, value in asdict(self).items() if value is not None}
        tmp.write_text(json.dumps(doc, indent=2), "utf-8")
        os.replace(tmp, path)


# -- the organisation's policy ---------------------------------------------------------


def policy_path() -> Path:
    """Where an organisation puts its policy file: a system folder that only an
    administrator can write, apart from the worker's own settings above (which
    the app's settings dialog writes; this file it only reads)."""
    if sys.platform == "win32":
        program_data = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
        return program_data / "Veiligwijzer" / "policy.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Veiligwijzer/policy.json")
    return Path("/etc/veiligwijzer/policy.json")


@dataclass(frozen=True)
class OrganisationPolicy:
    """Settings an organisation imposes on every worker (``policy.json``)::

        {"cipher_memory_security": true}

    ``cipher_memory_security`` (default off): SQLCipher locks every memory
    allocation against swapping and wipes it when freed; see
    docs/decisions.md for the cost. A policy file that exists but cannot be
    read or understood turns on everything it can turn on: an organisation's
    stricter choice is never lost to a typo.
    """

    cipher_memory_security: bool = False

    @classmethod
    def load(cls, path: Path | None = None) -> OrganisationPolicy:
        path = path or policy_path()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError:
            return cls(cipher_memory_security=True)
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return cls(cipher_memory_security=True)
        if not isinstance(doc, dict):
            return cls(cipher_memory_security=True)
        value = doc.get("cipher_memory_security", False)
        return cls(cipher_memory_security=value if isinstance(value, bool) else True)
