"""The app's own conversions are judged by their source (DECISIONS.md, 原图 pre-check).

A JPEG this app converted carries the app's name in Software and a conversion record beside it
("<output>.conversion.json"). Its own headers say little (they were written by the converter), so
the verdict comes from the RAW/HEIC it was made from: inspected again when it is still there, or
read from what the record kept (the size the camera recorded) when it is gone.
"""

from __future__ import annotations

from pathlib import Path

from core.checks import CheckContext
from core.findings import Finding, Severity
from core.originality_signals import compare_size

FACT_JUDGING_SOURCE = "original.judging_source"
# Missing camera metadata is carried into the JPEG, whose own check already says so.
_CARRIED_CODES = frozenset({"original.no_metadata", "original.no_camera", "original.no_capture_time"})


def source_findings(context: CheckContext, tolerance: int) -> list[Finding]:
    from core.convert_record import load_record  # the converter is optional for plain inspection

    record = load_record(context.path)
    if record is None or context.facts.get(FACT_JUDGING_SOURCE):
        return []
    source = Path(record.source)
    if source.is_file():
        return _from_source_file(context, source)
    recorded = record.settings.get("source_exif_size")
    developed = record.settings.get("developed_size") or [record.width, record.height]
    if not (isinstance(recorded, list) and len(recorded) == 2 and len(developed) == 2):
        return []
    check = compare_size((developed[0], developed[1]), (recorded[0], recorded[1]), None, True, tolerance)
    if check is None or check.matches:
        return []
    detail, _ = context.factory.catalog.text("original.size_mismatch", {
        "width": developed[0], "height": developed[1], "exif_width": recorded[0], "exif_height": recorded[1]})
    return [context.make("original.source_not_original", source=source.name, detail=detail)]


def _from_source_file(context: CheckContext, source: Path) -> list[Finding]:
    from core.inspection import inspect_path  # inspection imports this module's check at start-up

    context.facts[FACT_JUDGING_SOURCE] = True
    report = inspect_path(source, context.profile, context.factory.language, fast=context.fast)
    return [
        context.make("original.source_not_original", severity=finding.severity, source=source.name,
                     detail=finding.message)
        for finding in report.findings
        if finding.code.startswith("original.") and finding.severity is not Severity.OK
        and finding.code not in _CARRIED_CODES
    ]
