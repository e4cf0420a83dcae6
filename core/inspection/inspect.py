"""Inspect one file: its real type, facts, and findings against the active rules profile.

`inspect_path` never raises for a bad file: whatever happens, the user gets a report with a
finding that explains it. `fast=True` reads headers only (the library's first scan).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.base.fileops import os_error_reason
from core.base.findings import Finding, Judged, Severity
from core.base.rules import Profile, load_profile
from core.inspection.context import CheckContext, SourceEvidence
from core.inspection.table import CHECKS
from core.photo import facts as read_facts
from core.photo import filetypes
from core.photo.conversion_record import load_record
from core.photo.facts import Camera
from core.photo.metadata import ImageMetadata
from core.photo.readers import read_metadata


@dataclass
class InspectionReport(Judged):
    path: str
    type: str
    bytes: int | None
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    camera: Camera = field(default_factory=Camera)
    lens: str | None = None
    taken_at: str | None = None
    software: str | None = None
    exif_width: int | None = None
    exif_height: int | None = None
    gps: bool = False
    findings: list[Finding] = field(default_factory=list)
    metadata: ImageMetadata | None = field(default=None, repr=False)

    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.BLOCK]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "type": self.type,
            "bytes": self.bytes,
            "width": self.width,
            "height": self.height,
            "orientation": self.orientation,
            "camera": self.camera.to_json(),
            "lens": self.lens,
            "taken_at": self.taken_at,
            "software": self.software,
            "exif_width": self.exif_width,
            "exif_height": self.exif_height,
            "gps": self.gps,
            "findings": [finding.to_json() for finding in self.findings],
            "verdict": self.verdict.value,
        }


def unreadable(report: InspectionReport, profile: Profile, lang: str | None, reason: str) -> InspectionReport:
    factory = profile.findings(lang)
    report.findings.append(
        factory.make("file.unreadable", reason=reason, reason_text=factory.catalog.label("reason." + reason))
    )
    return report


def inspect_path(path: str | os.PathLike[str], profile: Profile | None = None, lang: str | None = None,
                 fast: bool = False, judge_source: bool = True) -> InspectionReport:
    """Inspect one file. `judge_source=False` is for the source of a conversion, which is judged on its own."""
    profile = profile or load_profile()
    file_path = Path(path)
    report = InspectionReport(path=str(path), type="unknown", bytes=None)
    try:
        size = file_path.stat().st_size
        report.bytes = size
        if file_path.is_dir():
            return unreadable(report, profile, lang, "directory")
        with file_path.open("rb") as handle:
            head = handle.read(filetypes.HEAD_BYTES)
    except OSError as error:
        return unreadable(report, profile, lang, os_error_reason(error))
    if size == 0:
        return unreadable(report, profile, lang, "empty")
    kind = filetypes.sniff(head)
    report.type = kind
    if kind == "unknown":
        return unreadable(report, profile, lang, "not_image")
    try:
        metadata = read_metadata(file_path, kind, head, size)
    except OSError as error:
        return unreadable(report, profile, lang, os_error_reason(error))
    except Exception as error:  # a reader bug must not cost the user the whole report
        metadata = ImageMetadata(problems=[f"{type(error).__name__}: {error}"])
    _fill_facts(report, metadata)
    context = CheckContext(file_path, kind, size, metadata, profile, profile.findings(lang), fast,
                           source=_source_evidence(file_path, profile, lang, fast) if judge_source else None)
    for check in CHECKS:
        if fast and check.needs_pixels:
            continue
        try:
            report.findings.extend(check.function(context))
        except Exception as error:  # one failing check is reported, the others still run
            report.findings.append(context.make("metadata.malformed", detail=f"{check.name}: {error}"))
    return report


def _fill_facts(report: InspectionReport, metadata: ImageMetadata) -> None:
    report.metadata = metadata
    report.width, report.height = metadata.width, metadata.height
    report.orientation = read_facts.orientation(metadata)
    report.camera = read_facts.camera(metadata)
    report.lens = read_facts.lens(metadata)
    report.taken_at = read_facts.taken_at(metadata)
    report.software = read_facts.software(metadata)
    report.exif_width, report.exif_height = read_facts.exif_size(metadata)
    report.gps = read_facts.has_gps(metadata)


def _source_evidence(path: Path, profile: Profile, lang: str | None, fast: bool) -> SourceEvidence | None:
    """For one of the app's own conversions: its record, and the source's findings while the source is there."""
    record = load_record(path)
    if record is None:
        return None
    source = Path(record.source)
    findings = None
    if source.is_file():
        findings = inspect_path(source, profile, lang, fast=fast, judge_source=False).findings
    return SourceEvidence(record, source.name, findings)
