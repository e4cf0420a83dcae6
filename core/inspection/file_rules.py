"""Format, size, readability and metadata-damage checks (the platform's file rules)."""

from __future__ import annotations

from core.base.findings import Finding
from core.inspection.context import TOO_LARGE, CheckContext
from core.photo import filetypes
from core.photo.filetypes import RAW_TYPES
from core.photo.readers import failure_reason


def size_text(size: int) -> str:
    """Bytes as a person reads them, with the exact count (the limits are exact)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}MB ({size:,} B)"
    return f"{size / 1000:.0f}KB ({size:,} B)"


def check_readable(context: CheckContext) -> list[Finding]:
    metadata = context.metadata
    if context.kind in RAW_TYPES and metadata.unreadable is None:
        return []  # RAW damage is raw.truncated / raw.unsupported (conversion checks)
    reason = metadata.unreadable
    if reason is None and not context.fast and context.preview() is None:
        if context.preview_error == TOO_LARGE:
            return [context.too_large("decode")]
        reason = failure_reason(context.preview_error or "")
    if reason is None:
        return []
    catalog = context.factory.catalog
    return [context.make("file.unreadable", reason=reason, reason_text=catalog.label("reason." + reason))]


def check_trailer(context: CheckContext) -> list[Finding]:
    """What follows the image in the file (a motion photo's video, an MPF second image), said as a note:
    such files are complete (issue 15), and the note explains their size."""
    trailer = context.metadata.extra.get("trailer")
    if not isinstance(trailer, dict) or context.metadata.unreadable:
        return []
    kind = str(trailer.get("kind", "data"))
    size = int(trailer.get("bytes", 0))
    return [context.make("file.trailing_data", kind=kind, kind_text=context.factory.catalog.label("trailer." + kind),
                         bytes=size, size_text=size_text(size))]


def check_format(context: CheckContext) -> list[Finding]:
    kind, profile = context.kind, context.profile
    findings: list[Finding] = []
    extension = context.path.suffix.lstrip(".")
    if not filetypes.extension_fits(kind, extension):
        findings.append(context.make("format.extension_mismatch", extension=extension or "",
                                     type=kind, type_label=filetypes.label(kind)))
    if kind in profile.accepted_types:
        return findings
    rule = profile.conversion_for(kind)
    if kind in RAW_TYPES and context.metadata.data_truncated:
        findings.append(context.make("raw.truncated", type=kind, type_label=filetypes.label(kind)))
    elif rule is not None:
        if context.metadata.unreadable is not None:  # cannot be converted: file.unreadable says why
            return findings
        basis_text = context.factory.catalog.label("basis." + rule.basis)
        findings.append(context.make("format.convertible", type=kind, type_label=filetypes.label(kind),
                                     basis=rule.basis, basis_text=basis_text))
    else:
        findings.append(context.make("format.not_jpeg", type=kind, type_label=filetypes.label(kind)))
    return findings


def check_size(context: CheckContext) -> list[Finding]:
    profile = context.profile
    if context.kind not in profile.accepted_types:
        return []  # a file that must be converted is judged by the size of what it converts to
    size = context.size
    if size < profile.min_bytes:
        return [context.make("size.too_small", bytes=size, limit=profile.min_bytes, size_text=size_text(size))]
    if size > profile.max_bytes:
        return [context.make("size.too_large", bytes=size, limit=profile.max_bytes, size_text=size_text(size))]
    return []


def check_metadata(context: CheckContext) -> list[Finding]:
    metadata = context.metadata
    problems = [p for p in metadata.problems if p]
    if not problems or (context.kind in RAW_TYPES and metadata.data_truncated):
        return []
    if metadata.unreadable and not metadata.has_exif:
        return []
    return [context.make("metadata.malformed", detail="; ".join(problems[:3]))]
