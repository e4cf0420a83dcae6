"""Platform rules profiles: the platform's requirements as data (`resources/rules/<id>.toml`).

A profile is loaded and validated once; a broken profile raises `ProfileError` naming the file and
the key. A profile may `extends` another and override only what differs (Taobao/Tmall vs 1688).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from core.base.findings import FindingFactory, Severity
from core.base.resources import resource

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Settings = TypeVar("Settings", bound="DataclassInstance")

DEFAULT_PROFILE = "1688"


class ProfileError(Exception):
    """A rules profile is missing, malformed, or lacks a required key."""


@dataclass(frozen=True)
class ConversionRule:
    kind: str
    basis: str  # "explicit": the platform says so; "analogy": allowed because a similar case is


@dataclass(frozen=True)
class Profile:
    id: str
    name_zh: str
    name_en: str
    listing_hosts: tuple[str, ...]
    accepted_types: tuple[str, ...]
    min_bytes: int
    max_bytes: int
    convertible: Mapping[str, ConversionRule]
    complaint_images: int
    min_bts_images: int
    model_proof_when_face: bool
    response_working_days: int
    merge_window_days: int
    severities: Mapping[str, str]
    tables: Mapping[str, Any]  # every table of the file, for checks that keep their own data here

    def name(self, lang: str | None) -> str:
        return self.name_en if (lang or "").startswith("en") else self.name_zh

    def findings(self, lang: str | None = None) -> FindingFactory:
        return FindingFactory(self.severities, lang)

    def conversion_for(self, kind: str) -> ConversionRule | None:
        return self.convertible.get(kind)


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as error:
        raise ProfileError(f"rules profile not found: {path}") from error
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{path.name}: cannot read the rules profile ({error})") from error
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or parent in seen:
        raise ProfileError(f"{path.name}: key 'extends' must name another profile, without loops")
    base = _read(path.with_name(f"{parent}.toml"), (*seen, path.stem))
    return _merge(base, data)


class _Reader:
    def __init__(self, data: Mapping[str, Any], filename: str) -> None:
        self.data = data
        self.filename = filename

    def get(self, dotted: str, kind: type | tuple[type, ...]) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise ProfileError(f"{self.filename}: missing key '{dotted}'")
            node = node[part]
        if not isinstance(node, kind) or (kind is int and isinstance(node, bool)):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise ProfileError(f"{self.filename}: key '{dotted}' must be {names}, not {node!r}")
        return node


def load_profile_file(path: Path) -> Profile:
    data = _read(path)
    reader = _Reader(data, path.name)
    min_bytes = reader.get("size.min_bytes", int)
    max_bytes = reader.get("size.max_bytes", int)
    if not 0 < min_bytes < max_bytes:
        raise ProfileError(f"{path.name}: key 'size.min_bytes' must be positive and below size.max_bytes")
    convertible: dict[str, ConversionRule] = {}
    for kind, basis in reader.get("format.convertible", dict).items():
        if basis not in ("explicit", "analogy"):
            raise ProfileError(f"{path.name}: key 'format.convertible.{kind}' must be 'explicit' or 'analogy'")
        convertible[kind] = ConversionRule(kind, basis)
    check_tables = load_check_tables()
    severities: dict[str, str] = {}
    for table in check_tables.values():
        severities.update(table.get("severity", {}))
    severities.update(reader.get("severity", dict))
    valid = {s.value for s in Severity}
    for code, severity in severities.items():
        if severity not in valid:
            raise ProfileError(f"{path.name}: key 'severity.{code}' must be one of ok, warn, block")
    return Profile(
        id=reader.get("profile.id", str),
        name_zh=reader.get("profile.name_zh", str),
        name_en=reader.get("profile.name_en", str),
        listing_hosts=tuple(reader.get("profile.listing_hosts", list)),
        accepted_types=tuple(reader.get("format.accepted", list)),
        min_bytes=min_bytes,
        max_bytes=max_bytes,
        convertible=convertible,
        complaint_images=reader.get("composition.complaint_images", int),
        min_bts_images=reader.get("composition.min_bts_images", int),
        model_proof_when_face=reader.get("composition.model_proof_when_face", bool),
        response_working_days=reader.get("process.response_working_days", int),
        merge_window_days=reader.get("process.merge_window_days", int),
        severities=severities,
        tables={**data, "checks": check_tables},
    )


@lru_cache(maxsize=1)
def load_check_tables() -> dict[str, dict[str, Any]]:
    """Per-area check data (`resources/rules/checks/<area>.toml`): default severities, word lists,
    thresholds. A platform profile may override any severity in its own `[severity]` table."""
    tables: dict[str, dict[str, Any]] = {}
    for path in sorted(resource("rules", "checks").glob("*.toml")):
        try:
            with path.open("rb") as handle:
                tables[path.stem] = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ProfileError(f"checks/{path.name}: cannot read ({error})") from error
        if not isinstance(tables[path.stem].get("severity", {}), dict):
            raise ProfileError(f"checks/{path.name}: key 'severity' must be a table")
    return tables


def check_table(profile: Profile, area: str) -> dict[str, Any]:
    """The data table of one check area, e.g. `check_table(profile, "originality")`."""
    checks: dict[str, dict[str, Any]] = profile.tables.get("checks", {})
    return checks.get(area, {})


def from_table(cls: type[Settings], table: Mapping[str, Any]) -> Settings:
    """A settings dataclass from a rules table: each field the table names, converted to the type of the
    field's default (a list to a frozenset of lower-case text); fields it does not name keep their default."""
    defaults = cls()
    values: dict[str, Any] = {}
    for item in fields(defaults):
        if item.name in table:
            default, given = getattr(defaults, item.name), table[item.name]
            values[item.name] = (frozenset(str(v).lower() for v in given) if isinstance(default, frozenset)
                                 else type(default)(given))
    return cls(**values)


def available_profiles() -> list[str]:
    return sorted(p.stem for p in resource("rules").glob("*.toml") if not p.stem.startswith("_"))


@lru_cache(maxsize=8)
def load_profile(profile_id: str = DEFAULT_PROFILE) -> Profile:
    if profile_id not in available_profiles():
        raise ProfileError(f"unknown rules profile {profile_id!r}; available: {', '.join(available_profiles())}")
    return load_profile_file(resource("rules", f"{profile_id}.toml"))
