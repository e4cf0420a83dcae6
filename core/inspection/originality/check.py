"""The 原图 pre-check: will the platform accept this photo as the camera's original?

Three tiers (DECISIONS.md): `block` when there is evidence that pixels were changed or generated
(an editor's name, an edit history, an AI label, a pixel size or thumbnail that disagrees with what
the camera recorded); `warn` when camera metadata is missing or software saved the file without
touching the pixels; `ok` notes for weak signals, which never raise the verdict on their own. The
evidence is read by `core/inspection/originality/signals.py` and `core/inspection/originality/thumbnail.py`; names and
thresholds live in `resources/rules/checks/originality.toml`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.base.findings import Finding, Severity
from core.base.rules import check_table
from core.inspection.context import CheckContext
from core.inspection.originality import provenance
from core.inspection.originality.signals import (
    SoftwareHit,
    changes_pixels,
    classify_software,
    compare_size,
    fix_text,
    history_events,
    other_history,
    software_hits,
)
from core.inspection.originality.source import source_findings
from core.photo import facts, xmp
from core.photo.filetypes import RAW_TYPES
from core.photo.metadata import ImageMetadata
from core.photo.quantization import ijg_quality

AREA = "originality"
FACT_THUMBNAIL = "original.thumbnail"
FACT_TABLES = "original.tables"
_NAMES_SHOWN = 3
_EDITOR_CODES = ("original.editor_software", "original.raw_editor", "original.edit_history")


def _table(context: CheckContext, section: str) -> Mapping[str, Any]:
    tables = context.facts.get(FACT_TABLES)
    if tables is None:
        tables = context.facts[FACT_TABLES] = check_table(context.profile, AREA)
    value = tables.get(section, {})
    return value if isinstance(value, Mapping) else {}


def _label(context: CheckContext, key: str) -> str:
    return context.factory.catalog.label("original." + key)


def _own_conversion(context: CheckContext) -> str | None:
    """The Software text when this app made the file (its conversions are judged by their source)."""
    software = fix_text(context.metadata.ifd0.get(facts.TAG_SOFTWARE))
    lists = _table(context, "software")
    if software and classify_software(software, {"own_app": lists.get("own_app", [])}, raw=False):
        return software
    return None


def _join(items: Sequence[str]) -> str:
    shown = list(dict.fromkeys(items))
    return "、".join(shown[:_NAMES_SHOWN]) + ("…" if len(shown) > _NAMES_SHOWN else "")


def check_thumbnail(context: CheckContext) -> list[Finding]:
    """The EXIF thumbnail against the image's own pixels (needs a decode, so not in --fast)."""
    from core.inspection.originality.thumbnail import compare

    table = _table(context, "thumbnail")
    metadata = context.metadata
    if context.kind not in table.get("kinds", ["jpeg"]) or not metadata.thumbnail or _own_conversion(context):
        return []
    preview = context.preview()
    if preview is None:
        return []
    result = compare(preview, metadata.thumbnail, table)
    if result is None or result.verdict in ("same", "unjudged"):
        return []
    context.facts[FACT_THUMBNAIL] = result.verdict
    thumb = f"{result.thumbnail_size[0]}×{result.thumbnail_size[1]}"
    if result.verdict == "cropped":
        return [context.make("original.thumbnail_cropped", percent=round(result.crop_share * 100),
                             thumbnail_size=thumb, match=result.best_crop, whole_match=result.whole)]
    if result.verdict == "partial":
        return [context.make("original.thumbnail_partial", thumbnail_size=thumb, match=result.whole)]
    return [context.make("original.thumbnail_mismatch", thumbnail_size=thumb, match=result.whole)]


def check_originality(context: CheckContext) -> list[Finding]:
    metadata = context.metadata
    if metadata.unreadable and not (metadata.has_exif or metadata.xmp):
        return []  # nothing could be read: file.unreadable says so
    own = _own_conversion(context)
    strong: list[Finding] = []
    weak: list[Finding] = []
    _aigc_and_c2pa(context, strong, weak)
    hits = [] if own else software_hits(metadata, _table(context, "software"), _table(context, "segments"),
                                        raw=context.kind in RAW_TYPES)
    if own:
        weak.append(context.make("original.converted_by_app", software=own))
        strong.extend(source_findings(context, int(_table(context, "size").get("tolerance_px", 16))))
    else:
        _software(context, hits, strong, weak)
        _history(context, strong)
        _size(context, strong, weak)
    camera, taken = _camera_of(metadata), facts.taken_at(metadata)
    _camera(context, camera, taken, strong)
    if not own:
        _weak_signals(context, camera, hits, strong, weak)
    blocking = any(f.severity is not Severity.OK for f in strong) or context.facts.get(FACT_THUMBNAIL)
    if not blocking and not own:
        weak.insert(0, context.make("original.no_edit_signs", camera=camera.describe(),
                                     taken_at=(taken or "").replace("T", " ")))
    return strong + weak


def _aigc_and_c2pa(context: CheckContext, strong: list[Finding], weak: list[Finding]) -> None:
    found_strong, found_weak = provenance.findings(context, lambda section: _table(context, section))
    strong.extend(found_strong)
    weak.extend(found_weak)


def _software(context: CheckContext, hits: list[SoftwareHit], strong: list[Finding], weak: list[Finding]) -> None:
    editors = [hit for hit in hits if hit.category == "editors"]
    # A RAW keeps its sensor data when an editor saves it, and conversion ignores the edits.
    code = "original.raw_editor" if context.kind in RAW_TYPES else "original.editor_software"
    for hit in editors[:_NAMES_SHOWN]:
        strong.append(context.make(code, software=hit.text, editor=hit.name,
                                   field=hit.field, field_text=_label(context, "field." + hit.field)))
    for hit in hits:
        if hit.category == "import_tools":
            weak.append(context.make("original.import_tool", software=hit.text, tool=hit.name))
        elif hit.category == "raw_converters":
            weak.append(context.make("original.raw_converter", software=hit.text, tool=hit.name))


def _history(context: CheckContext, strong: list[Finding]) -> None:
    table = _table(context, "history")
    lists = _table(context, "software")
    raw = context.kind in RAW_TYPES
    pixel_actions = [str(action) for action in table.get("pixel_actions", [])]
    metadata_parts = [str(part) for part in table.get("metadata_parts", ["/metadata"])]
    changing, metadata_only = [], []
    packet = xmp.packet_of(context.metadata)
    for event in history_events(packet):
        agent_kind = classify_software(event.agent, lists, raw) if event.agent else None
        if agent_kind and agent_kind[0] in ("own_app", "raw_converters", "import_tools"):
            continue  # copying off the card or wrapping a RAW in DNG does not touch the picture
        if changes_pixels(event, pixel_actions, metadata_parts):
            changing.append(event)
        elif event.action == "saved":
            metadata_only.append(event)
    records = other_history(packet)
    unknown = _label(context, "unknown")
    if changing or records:
        actions = [e.action + (f" ({e.changed})" if e.changed else "") for e in changing] + records
        agents = [e.agent for e in changing if e.agent]
        strong.append(context.make("original.edit_history", actions=_join(actions), count=len(changing) + len(records),
                                   agent=_join(agents) if agents else unknown))
    elif metadata_only:
        agents = [e.agent for e in metadata_only if e.agent]
        strong.append(context.make("original.metadata_only_save", agent=_join(agents) if agents else unknown,
                                   count=len(metadata_only)))


def _size(context: CheckContext, strong: list[Finding], weak: list[Finding]) -> None:
    table = _table(context, "size")
    if context.kind not in table.get("kinds", ["jpeg", "heic"]):
        return  # RAW headers describe previews or the whole sensor, not the developed picture
    metadata = context.metadata
    check = compare_size((metadata.width, metadata.height), facts.exif_size(metadata), facts.orientation(metadata),
                         context.kind in table.get("rotated_kinds", ["heic"]), int(table.get("tolerance_px", 16)))
    if check is None:
        return
    params: dict[str, Any] = {"width": check.stored[0], "height": check.stored[1],
              "exif_width": check.recorded[0], "exif_height": check.recorded[1]}
    if not check.matches:
        strong.append(context.make("original.size_mismatch", **params))
    elif check.swapped and not check.explained:
        weak.append(context.make("original.rotated_pixels", **params))


def _camera_of(metadata: ImageMetadata) -> facts.Camera:
    """Make and model (no serial: looking for one in a big XMP packet costs more than this check)."""
    make = facts.clean_text(metadata.ifd0.get(facts.TAG_MAKE))
    model = facts.clean_text(metadata.ifd0.get(facts.TAG_MODEL))
    if make or model:
        return facts.Camera(make, model)
    return facts.camera(metadata)  # EXIF has none: XMP may


def _camera(context: CheckContext, camera: facts.Camera, taken: str | None, strong: list[Finding]) -> None:
    if not camera.known and not taken:
        strong.append(context.make("original.no_metadata"))
    elif not camera.known:
        strong.append(context.make("original.no_camera", taken_at=taken))
    elif not taken:
        strong.append(context.make("original.no_capture_time", camera=camera.describe()))


def _weak_signals(context: CheckContext, camera: facts.Camera, hits: list[SoftwareHit], strong: list[Finding],
                  weak: list[Finding]) -> None:
    metadata = context.metadata
    if context.kind == "jpeg":
        quality = ijg_quality(metadata.quantization)
        if quality is not None:
            weak.append(context.make("original.ijg_tables", quality=quality))
    make = camera.make
    makes = [str(name) for name in _table(context, "makernote").get("makes", [])]
    # RAW readers see only part of a RAW's EXIF (DNG keeps the maker note elsewhere): JPEG/HEIC only.
    if (make and context.kind not in RAW_TYPES and metadata.exif_ifd and facts.TAG_MAKERNOTE not in metadata.exif_ifd
            and classify_software(make, {"editors": makes}, raw=False)):
        weak.append(context.make("original.no_makernote", make=make))
    if any(f.code in _EDITOR_CODES for f in strong) or any(hit.category == "editors" for hit in hits):
        return  # an editor is named: the metadata blocks are its doing, nothing to add
    blocks = []
    if metadata.photoshop:
        blocks.append("IPTC/Photoshop (APP13)")
    if metadata.xmp and _organiser_xmp(xmp.packet_of(metadata), _table(context, "metadata_blocks")):
        blocks.append("XMP")
    if blocks:
        weak.append(context.make("original.metadata_blocks", blocks=" + ".join(blocks)))


def _organiser_xmp(packet: xmp.XmpPacket, table: Mapping[str, Any]) -> bool:
    """Whether XMP properties that organisers and editors write are in use (declarations do not count)."""
    used = packet.namespaces()
    if any(str(namespace) in used for namespace in table.get("xmp_namespaces", [])):
        return True
    return any(packet.has(str(entry[0]), str(entry[1])) for entry in table.get("xmp_properties", []) if len(entry) == 2)
