"""AI-generated content labels, in every form they are published in.

China's labelling rules (GB 45438-2025, the TC260 practice guide) ask generators to put an implicit
label into the file: a JSON object `{"AIGC": {"Label": "1", "ContentProducer": "...", "ProduceID":
"...", ...}}`. Services write it in different places: the XMP property `AIGC` of the TC260
namespace (as an attribute or an element, under whatever prefix the writer chose), a PNG text chunk
keyed `AIGC`, EXIF UserComment or ImageDescription, a bare `AIGC{...}` in a JPEG comment or APP
segment; some cloud services write `ServiceProvider` / `ServiceUser` instead of the producer keys.
Foreign generators use the IPTC Digital Source Type (XMP `Iptc4xmpExt:DigitalSourceType`, a URI of
IPTC's controlled list) or C2PA (read in `core/photo/c2pa.py`).

This module finds every label and says what it says; what each value means (generated, possibly
generated, edited with AI) is data in `resources/rules/checks/originality.toml`.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from core.photo import xmp
from core.photo.iptc import datasets
from core.photo.metadata import ImageMetadata

# Unified social credit code (GB 32100-2015): 18 characters from this alphabet, the last one a
# check character; producer codes embed it between other digits, so the check finds where it is.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_AIGC_OBJECT = re.compile(r"""["']?AIGC["']?\s*[:=]?\s*\{""")
_LOOSE_FIELD = re.compile(r"""["']?(\w+)["']?\s*[:=]\s*["']?([^"',}]*)["']?""")
_PRODUCER_KEYS = ("ContentProducer", "ServiceProvider")
_PROPAGATOR_KEYS = ("ContentPropagator", "ServiceUser")
_CONTENT_ID_KEYS = ("ProduceID", "ContentID", "PropagateID")


@dataclass(frozen=True)
class AiLabel:
    """One label found in a file, as data (the texts come from the message catalog)."""

    form: str  # "tc260", "iptc" or "c2pa"
    where: str  # e.g. "XMP TC260:AIGC", "PNG text AIGC", "EXIF UserComment", "JPEG COM"
    value: str | None  # the label's own value: TC260 Label ("1"), an IPTC source type name
    producer: str | None = None
    producer_code: str | None = None  # the unified social credit code inside the producer field
    content_id: str | None = None
    propagator: str | None = None


def _balanced(text: str, start: int) -> str | None:
    """The JSON object that opens at text[start] ('{'), braces balanced, strings respected."""
    depth, in_string, escaped = 0, False, False
    for position in range(start, min(len(text), start + 8192)):
        char = text[position]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : position + 1]
    return None


def _fields(text: str) -> dict[str, str] | None:
    """The label's fields from text holding `{"AIGC": {...}}`, `AIGC{...}` or the bare object."""
    text = html.unescape(text)
    candidates: list[str] = []
    match = _AIGC_OBJECT.search(text)
    if match:
        body = _balanced(text, match.end() - 1)
        if body:
            candidates.append(body)
    stripped = text.strip()
    if stripped.startswith("{"):
        candidates.append(stripped)
    for candidate in candidates:
        try:
            parsed = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(parsed, dict):
            inner = parsed.get("AIGC", parsed)
            if isinstance(inner, str):  # some writers nest the object as a JSON string
                try:
                    inner = json.loads(inner)
                except ValueError:
                    inner = {}
            if isinstance(inner, dict) and inner:
                return {str(key): _flat(value) for key, value in inner.items()}
    if match:  # not valid JSON (single quotes, cut short): read key/value pairs loosely
        body = text[match.end() : match.end() + 2048].split("}", 1)[0]
        loose = {key: value.strip() for key, value in _LOOSE_FIELD.findall(body)}
        return loose or {}
    return None


def _flat(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value).strip()


def _first_of(fields: Mapping[str, str], keys: tuple[str, ...]) -> str | None:
    lowered = {key.lower(): value for key, value in fields.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value:
            return value
    return None


def credit_code(text: str | None) -> str | None:
    """The unified social credit code inside a producer field, found by its check character."""
    if not text:
        return None
    compact = re.sub(r"[\s-]", "", text.upper())
    for start in range(0, len(compact) - 17):
        window = compact[start : start + 18]
        if any(char not in _CREDIT_ALPHABET for char in window):
            continue
        total = sum(_CREDIT_ALPHABET.index(char) * weight
                    for char, weight in zip(window, _CREDIT_WEIGHTS, strict=False))
        if _CREDIT_ALPHABET[(31 - total % 31) % 31] == window[17]:
            return window
    return None


_KNOWN_KEYS = {key.lower() for key in ("Label", *_PRODUCER_KEYS, *_PROPAGATOR_KEYS, *_CONTENT_ID_KEYS)}


def tc260_label(text: str, where: str, explicit: bool = False) -> AiLabel | None:
    """A TC260 label from text that holds one (None when the text holds no AIGC object).

    Text found anywhere (a caption, a comment) counts only when the object has the label's own keys;
    the TC260 XMP property itself (`explicit`) is a label whatever it holds."""
    if "AIGC" not in text and "Label" not in text:
        return None
    fields = _fields(text)
    if fields is None or (not explicit and not _KNOWN_KEYS & {key.lower() for key in fields}):
        return None
    producer = _first_of(fields, _PRODUCER_KEYS)
    return AiLabel("tc260", where, _first_of(fields, ("Label",)), producer, credit_code(producer),
                   _first_of(fields, _CONTENT_ID_KEYS), _first_of(fields, _PROPAGATOR_KEYS))


def label_from_struct(fields: Mapping[str, str], where: str) -> AiLabel:
    """A TC260 label written as XMP elements (`<TC260:AIGC><rdf:Description TC260:Label=.../>`)."""
    producer = _first_of(fields, _PRODUCER_KEYS)
    return AiLabel("tc260", where, _first_of(fields, ("Label",)), producer, credit_code(producer),
                   _first_of(fields, _CONTENT_ID_KEYS), _first_of(fields, _PROPAGATOR_KEYS))


def source_type_name(uri: str) -> str:
    """`http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia` -> the last part."""
    return uri.rstrip("/").rsplit("/", 1)[-1].strip()


def source_types_in(text: str) -> Iterator[str]:
    """IPTC digital source type names mentioned as URIs anywhere in a text (IIM records, JSON)."""
    for match in re.finditer(r"cv\.iptc\.org/newscodes/digitalsourcetype/(\w+)", text):
        yield match.group(1)


# ---- where labels are looked for ------------------------------------------------------------------

def exif_text(value: Any) -> str:
    """Any EXIF text-like value as text: UserComment's charset header, XP* UTF-16, plain strings."""
    if isinstance(value, tuple) and all(isinstance(item, int) for item in value):
        value = bytes(item & 0xFF for item in value)
    if isinstance(value, str):
        text = value
        if not text.isascii():  # Pillow reads ASCII tags as Latin-1; UTF-8 text is given back
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                text = text.encode("latin-1").decode("utf-8")
        return text
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


def _struct_fields(struct: xmp.Struct) -> dict[str, str]:
    fields: dict[str, str] = {}
    for (_, local), nodes in struct.fields.items():
        text = next((node for node in nodes if isinstance(node, str) and node), None)
        if text:
            fields[local] = text
    return fields


def find_labels(metadata: ImageMetadata, table: Mapping[str, Any]) -> list[AiLabel]:
    """Every AI-content label in the file's headers (C2PA aside), TC260 forms first."""
    found: list[AiLabel] = []

    def add(label: AiLabel | None) -> None:
        if label and not any(label.form == item.form and label.value == item.value and
                             label.content_id == item.content_id for item in found):
            found.append(label)

    for tag in table.get("exif_tags", []):
        value = metadata.tag(int(tag))
        if value is not None:
            add(tc260_label(exif_text(value), f"EXIF {table.get('exif_names', {}).get(str(tag), hex(int(tag)))}"))
    packet = xmp.packet_of(metadata)
    for node in packet.nodes(xmp.TC260, "AIGC"):
        if isinstance(node, str):
            add(tc260_label(node, "XMP TC260:AIGC", explicit=True) or AiLabel("tc260", "XMP TC260:AIGC", None))
        else:
            add(label_from_struct(_struct_fields(node), "XMP TC260:AIGC"))
    if not any(label.form == "tc260" for label in found) and "AIGC" in packet.text:
        add(tc260_label(packet.text, "XMP"))  # a label the parser did not see (odd element, bad packet)
    for key, text in (metadata.extra.get("png_text") or {}).items():
        if "AIGC" in key or "AIGC" in text:
            add(tc260_label(text if key != "AIGC" or "AIGC" in text else '{"AIGC":' + text + "}",
                            f"PNG text {key}"))
    for comment in metadata.extra.get("comments", []):
        add(tc260_label(str(comment), "JPEG COM"))
    for name, text in metadata.extra.get("app_texts", []):
        add(tc260_label(str(text), f"JPEG {name}"))
    for name in ("DigitalSourceType", "DigitalSourcefileType"):  # the second: IPTC's deprecated spelling
        for uri in packet.values(xmp.IPTC_EXT, name):
            add(AiLabel("iptc", f"XMP Iptc4xmpExt:{name}", source_type_name(uri)))
    for values in datasets(metadata.photoshop, metadata.iptc).values():
        for value in values:
            for name in source_types_in(value.decode("utf-8", "replace")):
                add(AiLabel("iptc", "IPTC IIM", name))
    return found
