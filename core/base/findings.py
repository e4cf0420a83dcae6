"""Findings: what a check says about a file, as data.

A finding has a stable code, a severity, and a message and remedy in the user's language. The texts
come from one message catalog per language in `resources/messages/<lang>.toml`, keyed by code; the
severity comes from the active rules profile. Checks never hold user-facing text themselves.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from core.base.resources import resource

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


class Severity(StrEnum):
    OK = "ok"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def highest(cls, severities: Iterable[Severity]) -> Severity:
        return max(severities, key=lambda s: s.rank, default=cls.OK)


_RANK = {Severity.OK: 0, Severity.WARN: 1, Severity.BLOCK: 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    remedy: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "remedy": self.remedy,
        }
        if self.params:
            data["params"] = dict(self.params)
        return data


class CatalogError(Exception):
    """The message catalog is missing or lacks a code: a packaging bug, never user input."""


def normalise_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    lowered = lang.replace("-", "_").lower()
    if lowered.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


class _SafeParams(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class MessageCatalog:
    language: str
    entries: Mapping[str, Mapping[str, str]]

    def text(self, code: str, params: Mapping[str, Any] | None = None) -> tuple[str, str]:
        entry = self.entries.get(code)
        if entry is None:
            raise CatalogError(f"no message for finding code {code!r} in {self.language}")
        values = _SafeParams(params or {})
        return entry["message"].format_map(values), entry["remedy"].format_map(values)

    def label(self, key: str, **params: Any) -> str:
        """A short label (role, severity, field, a line of the CLI) kept in the same catalog under `label.`,
        its `{name}` fields filled from `params` (a field without a value stays as written)."""
        entry = self.entries.get("label." + key)
        text = entry["message"] if entry else key
        return text.format_map(_SafeParams(params)) if params else text

    @property
    def codes(self) -> set[str]:
        return {code for code in self.entries if not code.startswith("label.")}


@lru_cache(maxsize=4)
def catalog(lang: str | None = None) -> MessageCatalog:
    """The message catalog of one language: every `resources/messages/<lang>/*.toml`, merged."""
    language = normalise_language(lang)
    folder = resource("messages", language)
    entries: dict[str, dict[str, str]] = {}
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise CatalogError(f"no message catalog in {folder}")
    for path in files:
        try:
            with path.open("rb") as handle:
                raw = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise CatalogError(f"cannot load message catalog {path}: {error}") from error
        for code, entry in raw.items():
            if not isinstance(entry, dict) or "message" not in entry:
                raise CatalogError(f"{path}: entry {code!r} needs a 'message'")
            if code in entries:
                raise CatalogError(f"{path}: {code!r} is defined twice in the {language} catalog")
            entries[code] = {"message": str(entry["message"]), "remedy": str(entry.get("remedy", ""))}
    return MessageCatalog(language, entries)


class FindingFactory:
    """Builds findings for one rules profile and one language."""

    def __init__(self, severities: Mapping[str, str], lang: str | None = None) -> None:
        self._severities = severities
        self.catalog = catalog(lang)

    @property
    def language(self) -> str:
        return self.catalog.language

    def make(self, code: str, severity: Severity | str | None = None, **params: Any) -> Finding:
        if severity is None:
            configured = self._severities.get(code)
            if configured is None:
                raise CatalogError(f"the rules profile gives no severity for {code!r}")
            severity = configured
        message, remedy = self.catalog.text(code, params)
        return Finding(code, Severity(severity), message, remedy, params)


def verdict(findings: Iterable[Finding | Mapping[str, Any]]) -> Severity:
    """The one verdict of a file, a conversion or a case item: the worst severity among its findings
    (findings as objects, or as the JSON dicts the case file and the catalog keep)."""
    return Severity.highest(f.severity if isinstance(f, Finding) else Severity(f.get("severity", "ok"))
                            for f in findings)


class Judged:
    """What a file's report, a conversion result and a case item share: findings, and the verdict of them."""

    findings: list[Finding]

    @property
    def verdict(self) -> Severity:
        return verdict(self.findings)

    def codes(self) -> list[str]:
        return [finding.code for finding in self.findings]
