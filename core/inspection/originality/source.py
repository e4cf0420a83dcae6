"""The app's own conversions are judged by their source (DECISIONS.md, 原图 pre-check).

A JPEG this app converted carries the app's name in Software and a conversion record beside it
("<output>.conversion.json"). Its own headers say little (they were written by the converter), so
the verdict comes from the RAW/HEIC it was made from: inspected again when it is still there, or
read from what the record kept (the size the camera recorded) when it is gone.
"""

from __future__ import annotations

from core.base.findings import Finding, Severity
from core.inspection.context import CheckContext
from core.inspection.originality.signals import compare_size

# Missing camera metadata is carried into the JPEG, whose own check already says so.
_CARRIED_CODES = frozenset({"original.no_metadata", "original.no_camera", "original.no_capture_time"})


def source_findings(context: CheckContext, tolerance: int) -> list[Finding]:
    evidence = context.source
    if evidence is None:
        return []
    if evidence.findings is not None:
        return [
            context.make("original.source_not_original", severity=finding.severity, source=evidence.source_name,
                         detail=finding.message)
            for finding in evidence.findings
            if finding.code.startswith("original.") and finding.severity is not Severity.OK
            and finding.code not in _CARRIED_CODES
        ]
    record = evidence.record
    recorded = record.settings.get("source_exif_size")
    developed = record.settings.get("developed_size") or [record.width, record.height]
    if not (isinstance(recorded, list) and len(recorded) == 2 and len(developed) == 2):
        return []
    check = compare_size((developed[0], developed[1]), (recorded[0], recorded[1]), None, True, tolerance)
    if check is None or check.matches:
        return []
    detail, _ = context.factory.catalog.text("original.size_mismatch", {
        "width": developed[0], "height": developed[1], "exif_width": recorded[0], "exif_height": recorded[1]})
    return [context.make("original.source_not_original", source=evidence.source_name, detail=detail)]
