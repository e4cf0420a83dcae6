"""The evidence the 原图 pre-check reads from a file's headers, as plain data (no pixels, no texts).

Each function looks at one kind of evidence: software names, XMP edit history, AI-generated
content labels (GB 45438-2025), C2PA manifests, the recorded pixel size. Name lists and
thresholds come from `resources/rules/checks/originality.toml`; `core/inspection/originality/check.py` turns the
evidence into findings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import ExifTags

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


_ATTRIBUTE_VALUE = re.compile(rb"""\s*=\s*(["'])(.*?)\1""", re.S)


def xmp_value(packet: bytes | None, name: str) -> str | None:
    """`xmp.value` read near the property's first mention: big packets (Lightroom writes tens of
    kilobytes) are otherwise scanned whole, which would cost more than the rest of the check."""
    if not packet:
        return None
    key = name.encode()
    at = packet.find(key)
    while at >= 0:
        if packet[at - 1 : at] == b"<":  # element form, possibly a list: the general reader
            return xmp.value(packet[at - 1 : at + 4096], name)
        attribute = _ATTRIBUTE_VALUE.match(packet, at + len(key))
        if attribute and packet[at - 1 : at].isspace():
            return html.unescape(attribute.group(2).decode("utf-8", "replace")).strip() or None
        at = packet.find(key, at + 1)
    return None


def software_texts(metadata: ImageMetadata) -> list[tuple[str, str]]:
    """Every (field, text) in the file that names the software that wrote it."""
    found: list[tuple[str, str]] = []
    packet = metadata.xmp or b""
    for field, value in (
        ("software", fix_text(metadata.ifd0.get(TAG_SOFTWARE))),
        ("processing_software", fix_text(metadata.ifd0.get(TAG_PROCESSING_SOFTWARE))),
        ("creator_tool", xmp_value(packet, "xmp:CreatorTool")),
        ("software", xmp_value(packet, "tiff:Software")),
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


_HISTORY = re.compile(r"<xmpMM:History\b[^>]*>(.*?)</xmpMM:History>", re.S)
_ITEM = re.compile(r"<rdf:li\b([^>]*?)(?:/>|>(.*?)</rdf:li>)", re.S)
_EVENT_ATTRIBUTE = re.compile(r"""stEvt:(\w+)\s*=\s*(["'])(.*?)\2""", re.S)
_EVENT_ELEMENT = re.compile(r"<stEvt:(\w+)(?:\s[^>]*)?>([^<]*)</stEvt:\1>")


def history_events(xmp_packet: bytes | None) -> list[HistoryEvent]:
    start = xmp_packet.find(b"<xmpMM:History") if xmp_packet else -1
    if xmp_packet is None or start < 0:
        return []
    end = xmp_packet.rfind(b"</xmpMM:History>")
    text = xmp_packet[start : end + 16 if end > start else len(xmp_packet)].decode("utf-8", "replace")
    events: list[HistoryEvent] = []
    for block in _HISTORY.findall(text):
        for attributes, body in _ITEM.findall(block):
            fields = {name: html.unescape(value).strip() for name, _, value in _EVENT_ATTRIBUTE.findall(attributes)}
            fields.update((name, html.unescape(value).strip()) for name, value in _EVENT_ELEMENT.findall(body or ""))
            action = fields.get("action")
            if action:
                events.append(HistoryEvent(action.lower(), fields.get("changed") or None,
                                           fields.get("softwareAgent") or None))
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


def other_history(xmp_packet: bytes | None) -> list[str]:
    """Edit records beside xmpMM:History: Photoshop's history text, a DerivedFrom reference."""
    found: list[str] = []
    if not xmp_packet or not (b"photoshop:History" in xmp_packet or b"xmpMM:DerivedFrom" in xmp_packet):
        return found
    if xmp_value(xmp_packet, "photoshop:History"):
        found.append("photoshop:History")
    if b"xmpMM:DerivedFrom" in xmp_packet and (b"stRef:documentID" in xmp_packet or b"stRef:instanceID" in xmp_packet):
        found.append("xmpMM:DerivedFrom")
    return found


# ---- AI-generated content label (GB 45438-2025) ----------------------------------------------

@dataclass(frozen=True)
class AigcLabel:
    where: str
    label: str | None
    producer: str | None


_LABEL = re.compile(r"""["']?Label["']?\s*[:=]\s*["']?([^"',}\s]+)""")
_PRODUCER = re.compile(r"""["']?ContentProducer["']?\s*[:=]\s*["']([^"']*)["']""")


def exif_text(value: Any) -> str:
    """Any EXIF text-like value as text: UserComment's charset header, XP* UTF-16, plain strings."""
    if isinstance(value, tuple) and all(isinstance(item, int) for item in value):
        value = bytes(item & 0xFF for item in value)
    if isinstance(value, str):
        return fix_text(value) or ""
    if not isinstance(value, bytes):
        return ""
    header, body = value[:8], value[8:]
    if header.startswith(b"UNICODE"):
        for encoding in ("utf-16-le", "utf-16-be"):
            text = body.decode(encoding, "replace")
            if "AIGC" in text or text.isascii():
                return text
        return body.decode("utf-16-le", "replace")
    if header.startswith((b"ASCII", b"\x00\x00\x00\x00")):
        return body.decode("utf-8", "replace")
    if len(value) >= 2 and value[1:2] == b"\x00":  # XPComment & co.: UTF-16LE
        return value.decode("utf-16-le", "replace")
    return value.decode("utf-8", "replace")


def _label_of(text: str, where: str) -> AigcLabel:
    label = _LABEL.search(text)
    producer = _PRODUCER.search(text)
    return AigcLabel(where, label.group(1) if label else None, (producer.group(1) or None) if producer else None)


def _aigc_in(text: str, where: str, key: re.Pattern[str]) -> AigcLabel | None:
    if not text or "AIGC" not in text or not key.search(text):
        return None
    return _label_of(text, where)


def find_aigc(metadata: ImageMetadata, table: Mapping[str, Any]) -> AigcLabel | None:
    """The first AIGC implicit label in EXIF text tags, XMP or JPEG comments."""
    key = re.compile(str(table.get("key_pattern", r"\bAIGC\b\s*[:=]")), re.IGNORECASE)
    for tag in table.get("exif_tags", []):
        value = metadata.tag(int(tag))
        if value is not None:
            name = ExifTags.TAGS.get(int(tag), hex(int(tag)))
            found = _aigc_in(exif_text(value), f"EXIF {name}", key)
            if found:
                return found
    packet = metadata.xmp or b""
    namespace = str(table.get("namespace", ""))
    if b"AIGC" not in packet and not (namespace and namespace.encode() in packet):
        packet = b""  # the common case: nothing to look at in XMP
    for prop in table.get("xmp_properties", []) if packet else []:
        for value in xmp.values(packet, str(prop)):
            return _aigc_in(value, f"XMP {prop}", key) or _label_of(value, f"XMP {prop}")
    if packet:
        text = html.unescape(packet.decode("utf-8", "replace"))
        found = _aigc_in(text, "XMP", key)
        if found or (namespace and namespace in text):
            return found or AigcLabel("XMP", None, None)
    for comment in metadata.extra.get("comments", []):
        found = _aigc_in(str(comment), "JPEG COM", key)
        if found:
            return found
    return None


# ---- C2PA (content credentials) ---------------------------------------------------------------

@dataclass(frozen=True)
class C2paManifest:
    actions: tuple[str, ...]
    edits: tuple[str, ...]
    ai_source: str | None
    generator: str | None


_ACTION = re.compile(rb"c2pa\.[a-z_.]+")
_NOT_ACTIONS = (b"c2pa.claim", b"c2pa.signature", b"c2pa.assertions", b"c2pa.hash", b"c2pa.thumbnail",
                b"c2pa.actions", b"c2pa.ingredient", b"c2pa.databoxes", b"c2pa.credentials")


def _labels(data: bytes) -> list[bytes]:
    """Every "c2pa.*" string: CBOR text (its length is in the byte before) or a JUMBF box label."""
    found: list[bytes] = []
    start = data.find(b"c2pa.")
    while start >= 0:
        head = data[start - 1] if start else 0
        if 0x60 <= head <= 0x77:
            found.append(data[start : start + head - 0x60])
        elif start >= 2 and data[start - 2] == 0x78:
            found.append(data[start : start + head])
        else:
            match = _ACTION.match(data, start)
            if match:
                found.append(match.group(0))
        start = data.find(b"c2pa.", start + 5)
    return found


def _cbor_text_after(data: bytes, key: bytes) -> str | None:
    """The CBOR text string right after a map key (C2PA claims are CBOR)."""
    at = data.find(key)
    if at < 0:
        return None
    position = at + len(key)
    if position >= len(data):
        return None
    head = data[position]
    if 0x60 <= head <= 0x77:
        length, position = head - 0x60, position + 1
    elif head == 0x78 and position + 1 < len(data):
        length, position = data[position + 1], position + 2
    else:
        return None
    return clean_text(data[position : position + length].decode("utf-8", "replace"))


def read_c2pa(jumbf: bytes | None, table: Mapping[str, Any]) -> C2paManifest | None:
    """What a C2PA manifest store says, read from its bytes (labels and CBOR strings, offline)."""
    if not jumbf or b"c2pa" not in jumbf:
        return None
    names = (name for name in _labels(jumbf) if not name.startswith(_NOT_ACTIONS))
    actions = tuple(dict.fromkeys(name.decode("ascii") for name in names))
    edit_names = {str(action) for action in table.get("edit_actions", [])}
    edits = tuple(action for action in actions if action in edit_names)
    ai_source = next((str(source) for source in table.get("ai_sources", []) if str(source).encode() in jumbf), None)
    generator = _cbor_text_after(jumbf, b"claim_generator") or _cbor_text_after(jumbf, b"\x64name")
    return C2paManifest(actions, edits, ai_source, generator)


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
