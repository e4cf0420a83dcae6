"""The window's settings, declared once and typed, stored as JSON with a schema version.

Like Picard's config_upgrade and napari's settings: every stored file carries `schema_version`, and
`UPGRADES` turns an older file into the current shape step by step. A missing, unreadable or
newer-than-known file never stops the app: it starts with defaults and says so in the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from core.base import appdata
from core.base.fileops import atomic_write_text

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
MAX_RECENT = 12
LANGUAGES = ("system", "zh_CN", "en")


@dataclass
class Settings:
    schema_version: int = SCHEMA_VERSION
    language: str = "system"  # "system", "zh_CN" or "en"
    recent_cases: list[str] = field(default_factory=list)  # case folders, most recent first
    library_folders: list[str] = field(default_factory=list)
    window_geometry: str = ""  # QMainWindow.saveGeometry(), base64
    last_case: str = ""  # reopened at start so closing and reopening restores the case
    last_selection: str = ""  # the image selected in the last case
    profile: str = "1688"
    export_folder: str = ""  # where the last bundle went

    def remember_case(self, folder: str) -> None:
        self.recent_cases = [folder] + [c for c in self.recent_cases if c != folder]
        del self.recent_cases[MAX_RECENT:]
        self.last_case = folder

    def forget_case(self, folder: str) -> None:
        self.recent_cases = [c for c in self.recent_cases if c != folder]
        if self.last_case == folder:
            self.last_case, self.last_selection = "", ""


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 called the library folders "libraries" and stored no selection.
    data["library_folders"] = data.pop("libraries", [])
    data.setdefault("last_selection", "")
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    version = int(data.get("schema_version", 1))
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
        data["schema_version"] = version
    return data


def _coerce(data: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for item in fields(Settings):
        value = data.get(item.name, getattr(defaults, item.name))
        expected = type(getattr(defaults, item.name))
        if expected is list:
            value = [str(v) for v in value] if isinstance(value, list) else []
        elif not isinstance(value, expected):
            value = getattr(defaults, item.name)
        values[item.name] = value
    settings = Settings(**values)
    if settings.language not in LANGUAGES:
        settings.language = "system"
    return settings


def load(path: Path | None = None) -> Settings:
    path = path or appdata.settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("settings file is not a JSON object")
        if int(data.get("schema_version", 1)) > SCHEMA_VERSION:
            log.warning("settings %s come from a newer version; starting with defaults", path)
            return Settings()
        return _coerce(upgrade(data))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("cannot read settings %s (%s); starting with defaults", path, error)
        return Settings()


def save(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a settings file."""
    path = path or appdata.settings_path()
    settings.schema_version = SCHEMA_VERSION
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2)
    try:
        atomic_write_text(path, text)
    except OSError as error:  # settings are a convenience: losing them must not cost the user their work
        log.warning("cannot save settings to %s: %s", path, error)
