"""Sellers: one way to compare shop names, and the authorized-sellers list (许可名单).

Merchants let their distributors use their photos; the platform's own image-protection service (八载)
keeps such a list so that it never complains about them automatically. The app keeps one too, in the
app-data folder, and warns before exporting a case against a seller on it. Shop names are compared
after Unicode NFKC folding (full-width letters and digits as half-width), case folding and without
spaces, since merchants type them by hand.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.base import appdata
from core.base.fileops import atomic_write_text
from core.base.findings import Finding
from core.base.rules import load_profile
from core.case.casefile import Case, CaseError, now_iso

SELLERS_FILE = "authorized_sellers.json"
SCHEMA_VERSION = 1


def seller_key(name: str) -> str:
    """The comparable form of a shop name ("ＡＢＣ 旗舰店" and "abc旗舰店" are the same seller)."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass
class AuthorizedSeller:
    name: str
    note: str = ""  # e.g. "distributor since 2025, contract no. …"
    added_at: str = field(default_factory=now_iso)


def sellers_path() -> Path:
    return appdata.data_root() / SELLERS_FILE


def load_authorized(path: str | os.PathLike[str] | None = None) -> list[AuthorizedSeller]:
    """The list (empty when there is none yet); an unreadable file raises CaseError, never guesses."""
    target = Path(path) if path is not None else sellers_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise CaseError("lifecycle.sellers_unreadable", path=str(target), reason=str(error)) from error
    try:
        return [AuthorizedSeller(str(item["name"]), str(item.get("note", "")), str(item.get("added_at", "")))
                for item in data.get("sellers", [])]
    except (AttributeError, KeyError, TypeError) as error:
        raise CaseError("lifecycle.sellers_unreadable", path=str(target), reason=repr(error)) from error


def save_authorized(sellers: list[AuthorizedSeller], path: str | os.PathLike[str] | None = None) -> None:
    target = Path(path) if path is not None else sellers_path()
    payload: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "sellers": [asdict(s) for s in sellers]}
    atomic_write_text(target, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def add_authorized(name: str, note: str = "", path: str | os.PathLike[str] | None = None) -> list[AuthorizedSeller]:
    """Add a seller (a name already on the list gets the new note); returns the new list."""
    sellers = load_authorized(path)
    name = name.strip()
    if not name:
        return sellers
    for seller in sellers:
        if seller_key(seller.name) == seller_key(name):
            seller.note = note.strip() or seller.note
            break
    else:
        sellers.append(AuthorizedSeller(name, note.strip()))
    save_authorized(sellers, path)
    return sellers


def remove_authorized(name: str, path: str | os.PathLike[str] | None = None) -> list[AuthorizedSeller]:
    sellers = [s for s in load_authorized(path) if seller_key(s.name) != seller_key(name)]
    save_authorized(sellers, path)
    return sellers


def authorized_match(seller: str, sellers: list[AuthorizedSeller]) -> AuthorizedSeller | None:
    key = seller_key(seller)
    return next((s for s in sellers if key and seller_key(s.name) == key), None)


def authorized_finding(case: Case, lang: str | None = None,
                       sellers: list[AuthorizedSeller] | None = None) -> Finding | None:
    """The warning shown before exporting a case against an authorized seller (None when it is not)."""
    match = authorized_match(case.seller, load_authorized() if sellers is None else sellers)
    if match is None:
        return None
    return load_profile(case.profile).findings(lang).make("lifecycle.seller_authorized", seller=match.name,
                                                          note=match.note)
