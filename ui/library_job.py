"""The library scan as a plain function for the helper process (no Qt here: the helper starts light)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from core.base.jobs import Progress


def scan_folders(folders: list[str], progress: Callable[[Progress], None],
                 cancel: threading.Event) -> tuple[Any, dict[str, int]]:
    """Incremental scan (unchanged files are not reopened); returns the summary and photos per folder."""
    from core.library.catalog import Catalog

    with Catalog() as catalog:
        for folder in folders:
            catalog.add_folder(folder)
        summary = catalog.scan(folders, progress, cancel)
        counts = {folder: len(catalog.entries([folder])) for folder in folders}
    return summary, counts


def known_counts(folders: list[str], _progress: Callable[[Progress], None],
                 _cancel: threading.Event) -> dict[str, int]:
    """Photos per folder as the catalog knows them from an earlier scan (no folder is read): after a restart
    a scanned folder shows its count, not "not scanned yet". Folders never scanned are left out."""
    from core.library.catalog import Catalog

    with Catalog() as catalog:
        scanned = set(catalog.folders())
        return {folder: len(catalog.entries([folder])) for folder in folders
                if os.path.abspath(folder) in scanned}


def suggest(complaint: str, libraries: list[str], profile_id: str, lang: str, limit: int,
            progress: Callable[[Progress], None], cancel: threading.Event) -> tuple[list[Any], list[str]]:
    """Behind-the-scenes suggestions (the library is rescanned first, incrementally), and the photos of the
    shoot left out as copies or near-duplicates of the complaint image (counted, and shown on request)."""
    from core.base.rules import load_profile
    from core.library.suggestions import suggest_bts

    hidden: list[str] = []
    found = suggest_bts(complaint, libraries, load_profile(profile_id), lang, limit=limit, progress=progress,
                        cancel=cancel, hidden=hidden)
    return found, hidden
