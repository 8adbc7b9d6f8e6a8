"""Where files live, and the few settings kept outside the store.

Settings hold only what is needed before unlocking and nothing that
identifies a person, a case or a store's contents: the interface language
and the idle-lock time. Everything else lives inside the encrypted store.
"""

from __future__ import annotations

import json
import os
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


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


@dataclass
class Settings:
    language: str = DEFAULT_LANGUAGE
    idle_lock_minutes: int = 5

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
        return settings

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), "utf-8")
        os.replace(tmp, path)
