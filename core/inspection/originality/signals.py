"""The evidence the 原图 pre-check reads from a file's headers, as plain data (no pixels, no texts).

Each function looks at one kind of evidence: software names, XMP edit history, the recorded pixel
size. AI-content labels and C2PA manifests are read in `core/photo/aigc.py` and
`core/photo/c2pa_manifest.py`. Name lists and
thresholds come from `resources/rules/checks/originality.toml`; `core/inspection/originality/check.py` turns the
evidence into findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.photo import xmp
from core.photo.facts import TAG_SOFTWARE, clean_text, utf8_read_as_latin1
from core.photo.iptc import photoshop_resources
from core.photo.metadata import ImageMetadata

TAG_PROCESSING_SOFTWARE = 0x000B
PHOTOSHOP_VERSION_INFO = 0x0421
SOFTWARE_CATEGORIES = ("own_app", "raw_converters", "import_tools", "editors")


def fix_text(value: Any) -> str | None:
    """Tag text, repaired when UTF-8 bytes were read as Latin-1 (Pillow reads ASCII tags so)."""
    text = clean_text(value)
    return utf8_read_as_latin1(text) if text else text


# ---- software names ------------------------------------------------------------------------

@dataclass(frozen=True)
class SoftwareHit:
    category: str  # one of SOFTWARE_CATEGORIES
    name: str  # the listed name that matched
    text: str  # the whole string as seen in the file
    field: str  # where: software, processing_software, creator_tool, photoshop, comment, segment


@lru_cache(maxsize=512)
def _pattern(name: str) -> re.Pattern[str]:
    escaped = re.escape(name)
    if name.isascii():  # a Latin name must stand as a word of its own
        return re.compile(rf"(?<![0-9A-Za-z]){escaped}(?![0-9A-Za-z])", re.IGNORECASE)
    return re.compile(escaped, re.IGNORECASE)


def classify_software(text: str, lists: Mapping[str, Sequence[str]], raw: bool) -> tuple[str, str] | None:
    """(category, name) of the first listed name found in `text`, or None for unknown strings."""
    lowered = text.lower()
    for category in SOFTWARE_CATEGORIES:
        if category == "raw_converters" and not raw:
            continue
        for name, lowered_name in _lowered(tuple(lists.get(category, ()))):
            # The plain substring test is cheap and rules out almost every name; the word test decides.
            if lowered_name in lowered and _pattern(name).search(text):
                return category, name
    return None


@lru_cache(maxsize=64)
def _lowered(names: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(name).lower()) for name in names)


def _photoshop_writer(irb: bytes | None) -> str | None:
    """The writer name in Photoshop's version-info resource (0x0421), e.g. "Adobe Photoshop"."""
    data = photoshop_resources(irb).get(PHOTOSHOP_VERSION_INFO)
    if not data or len(data) < 9:
        return None
    length = int.from_bytes(data[5:9], "big")
    name = data[9 : 9 + 2 * min(length, 256)].decode("utf-16-be", "replace")
    return clean_text(name)


def software_texts(metadata: ImageMetadata) -> list[tuple[str, str]]:
    """Every (field, text) in the file that names the software that wrote it."""
    found: list[tuple[str, str]] = []
    packet = xmp.packet_of(metadata)  # by namespace: `xap:CreatorTool` is xmp:CreatorTool too
    for field, value in (
        ("software", fix_text(metadata.ifd0.get(TAG_SOFTWARE))),
        ("processing_software", fix_text(metadata.ifd0.get(TAG_PROCESSING_SOFTWARE))),
        ("creator_tool", clean_text(packet.value(xmp.XMP, "CreatorTool"))),
        ("software", clean_text(packet.value(xmp.TIFF, "Software"))),
        ("photoshop", _photoshop_writer(metadata.photoshop)),
    ):
        if value:
            found.append((field, value))
    for comment in metadata.extra.get("comments", []):
        if isinstance(comment, str) and comment.strip():
            found.append(("comment", comment.strip()[:120]))
    return found


def software_hits(metadata: ImageMetadata, lists: Mapping[str, Sequence[str]], segments: Mapping[str, str],
                  raw: bool) -> list[SoftwareHit]:
    hits: list[SoftwareHit] = []
    for field, text in software_texts(metadata):
        match = classify_software(text, lists, raw)
        if match and not any(hit.category == match[0] and hit.text == text for hit in hits):
            hits.append(SoftwareHit(match[0], match[1], text, field))
    for segment in metadata.app_segments:
        if segment in segments:
            hits.append(SoftwareHit("editors", str(segments[segment]), str(segments[segment]), "segment"))
    return hits


# ---- XMP edit history ----------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEvent:
    action: str
    changed: str | None
    agent: str | None


def history_events(packet: xmp.XmpPacket) -> list[HistoryEvent]:
    """The xmpMM:History events (stEvt action, changed parts, software agent), in order."""
    events: list[HistoryEvent] = []
    for event in packet.structs(xmp.XMP_MM, "History"):
        action = event.text(xmp.ST_EVT, "action")
        if action:
            events.append(HistoryEvent(action.lower(), event.text(xmp.ST_EVT, "changed"),
                                       event.text(xmp.ST_EVT, "softwareAgent")))
    return events


def changes_pixels(event: HistoryEvent, pixel_actions: Iterable[str], metadata_parts: Iterable[str]) -> bool:
    if event.action in pixel_actions:
        return True
    if event.action != "saved":
        return False
    if event.changed is None:  # a save that names no part may have changed every part
        return True
    parts = [part for part in re.split(r"[;,\s]+", event.changed) if part]
    allowed = set(metadata_parts)
    return not parts or any(part not in allowed for part in parts)


def other_history(packet: xmp.XmpPacket) -> list[str]:
    """Edit records beside xmpMM:History: Photoshop's history text, a DerivedFrom reference."""
    found: list[str] = []
    if packet.value(xmp.PHOTOSHOP, "History"):
        found.append("photoshop:History")
    for reference in packet.structs(xmp.XMP_MM, "DerivedFrom"):
        if reference.text(xmp.ST_REF, "documentID") or reference.text(xmp.ST_REF, "instanceID"):
            found.append("xmpMM:DerivedFrom")
            break
    return found


# ---- recorded pixel size ------------------------------------------------------------------------

@dataclass(frozen=True)
class SizeCheck:
    stored: tuple[int, int]
    recorded: tuple[int, int]
    matches: bool
    swapped: bool  # matches only with width and height exchanged
    explained: bool  # the exchange is what the orientation (or the container) says


def compare_size(stored: tuple[int | None, int | None], recorded: tuple[int | None, int | None],
                 orientation: int | None, rotated_container: bool, tolerance: int) -> SizeCheck | None:
    width, height = stored
    exif_width, exif_height = recorded
    if not (width and height and exif_width and exif_height):
        return None

    def close(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return abs(a[0] - b[0]) <= tolerance and abs(a[1] - b[1]) <= tolerance

    same = close((width, height), (exif_width, exif_height))
    swapped = not same and close((width, height), (exif_height, exif_width))
    explained = swapped and (rotated_container or (orientation or 1) >= 5)
    return SizeCheck((width, height), (exif_width, exif_height), same or swapped, swapped, explained)
