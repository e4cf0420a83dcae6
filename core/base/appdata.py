"""Per-user folders for the app's own data (catalog, cases, models, settings, logs).

Never next to the executable: platformdirs gives the platform's proper place (AppData on Windows,
~/Library/Application Support on macOS, XDG folders on Linux). `YUANTU_DATA_DIR` overrides the root,
for tests and portable use.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

from core import APP_ID

ENV_OVERRIDE = "YUANTU_DATA_DIR"


def data_root() -> Path:
    override = os.environ.get(ENV_OVERRIDE)
    root = Path(override) if override else Path(user_data_dir(APP_ID, appauthor=False))
    root.mkdir(parents=True, exist_ok=True)
    return root


def _sub(name: str) -> Path:
    path = data_root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def catalog_path() -> Path:
    return data_root() / "library.sqlite3"


def cases_dir() -> Path:
    return _sub("cases")


def models_dir() -> Path:
    """Models the user chose to keep for later cases (with their ID photos): nowhere else."""
    return _sub("models")


def thumbnails_dir() -> Path:
    return _sub("thumbnails")


def settings_path() -> Path:
    return data_root() / "settings.json"


def log_dir() -> Path:
    override = os.environ.get(ENV_OVERRIDE)
    path = Path(override) / "logs" if override else Path(user_log_dir(APP_ID, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
