"""XMP packets read by namespace URI, not by prefix.

A prefix in XMP is only a local alias: Lightroom and older Photoshop bind the XMP basic namespace to
`xap:` (`xap:CreatorTool="Adobe Photoshop Lightroom"`), Chinese AIGC labels come under `TC260:`,
`aigc:` or any other prefix bound to the TC260 namespace. Searching for the text `xmp:CreatorTool`
misses them, so packets are parsed with a real XML parser and properties are looked up by
(namespace URI, local name).

The parser is the standard library's (expat, in C), configured safely: a packet is data from an
untrusted file, and a DTD with entities could expand to gigabytes ("billion laughs") or name other
files. XMP never has a DTD, and without one there are no entities to expand (only the five built-in
ones and character references), so a packet with a `<!DOCTYPE` or `<!ENTITY` declaration is refused
before parsing (the declaration must be literal markup to take effect). defusedxml does the same
check but through the pure-Python parser, several times slower on Lightroom's big packets. A packet
that does not parse (cut short, bad bytes, a writer's mistake, a DTD) is still read by the tolerant
text search used before, now with every prefix the packet binds to the namespace asked for.

Extended XMP (a JPEG packet over 64 KB, split over several APP1 segments) is joined by the JPEG
reader and merged here with the main packet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Union
from xml.etree.ElementTree import Element, ParseError, fromstring

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
XMP = "http://ns.adobe.com/xap/1.0/"
XMP_MM = "http://ns.adobe.com/xap/1.0/mm/"
XMP_NOTE = "http://ns.adobe.com/xmp/note/"
ST_EVT = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
ST_REF = "http://ns.adobe.com/xap/1.0/sType/ResourceRef#"
EXIF = "http://ns.adobe.com/exif/1.0/"
EXIF_EX = "http://cipa.jp/exif/1.0/"
AUX = "http://ns.adobe.com/exif/1.0/aux/"
TIFF = "http://ns.adobe.com/tiff/1.0/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"  # dcterms:provenance: where remote C2PA credentials are
IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
LIGHTROOM = "http://ns.adobe.com/lightroom/1.0/"
CAMERA_RAW = "http://ns.adobe.com/camera-raw-settings/1.0/"
MICROSOFT_PHOTO = "http://ns.microsoft.com/photo/1.0/"
TC260 = "http://www.tc260.org.cn/ns/AIGC/1.0/"

# The prefixes writers usually give each namespace: used only when a packet does not parse and
# does not declare its prefixes either (a fragment).
USUAL_PREFIXES: Mapping[str, tuple[str, ...]] = {
    XMP: ("xmp", "xap"),
    XMP_MM: ("xmpMM", "xapMM"),
    XMP_NOTE: ("xmpNote",),
    ST_EVT: ("stEvt",),
    ST_REF: ("stRef",),
    EXIF: ("exif",),
    EXIF_EX: ("exifEX",),
    AUX: ("aux",),
    TIFF: ("tiff",),
    PHOTOSHOP: ("photoshop",),
    DC: ("dc",),
    IPTC_EXT: ("Iptc4xmpExt",),
    IPTC_CORE: ("Iptc4xmpCore",),
    LIGHTROOM: ("lr",),
    CAMERA_RAW: ("crs",),
    MICROSOFT_PHOTO: ("MicrosoftPhoto",),
    TC260: ("TC260", "tc260", "AIGC", "aigc"),
}

MAX_PACKET_BYTES = 16 * 1024 * 1024  # Photoshop can park big histories in extended XMP; more is hostile

Name = tuple[str, str]  # (namespace URI, local name)
Node = Union[str, "Struct"]


@dataclass
class Struct:
    """A structured value (an xmpMM:History event, an ingredient): its fields by (namespace, name)."""

    fields: dict[Name, list[Node]] = field(default_factory=dict)

    def text(self, namespace: str, name: str) -> str | None:
        for node in self.fields.get((namespace, name), []):
            if isinstance(node, str) and node:
                return node
        return None


_SKIPPED_ATTRIBUTES = {f"{{{RDF}}}about", f"{{{RDF}}}ID", f"{{{RDF}}}nodeID", f"{{{RDF}}}parseType",
                       f"{{{RDF}}}datatype", f"{{{XML}}}lang"}
_CONTAINERS = {f"{{{RDF}}}Seq", f"{{{RDF}}}Bag", f"{{{RDF}}}Alt"}
_DESCRIPTION = f"{{{RDF}}}Description"
_RDF_ROOT = f"{{{RDF}}}RDF"
_RESOURCE = f"{{{RDF}}}resource"
_VALUE = f"{{{RDF}}}value"


@lru_cache(maxsize=4096)
def _split(tag: str) -> Name:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _properties(element: Element, into: dict[Name, list[Node]]) -> None:
    for key, text in element.attrib.items():
        if key not in _SKIPPED_ATTRIBUTES:
            into.setdefault(_split(key), []).append(text.strip())
    for child in element:
        into.setdefault(_split(child.tag), []).extend(_value(child))


def _value(element: Element) -> list[Node]:
    """The value(s) of one property element: text, an array's items, or a structure."""
    resource = element.attrib.get(_RESOURCE)
    if resource is not None:
        return [resource.strip()]
    children = list(element)
    if not children:
        attributes = {k: v for k, v in element.attrib.items() if k not in _SKIPPED_ATTRIBUTES}
        if attributes:  # a structure written in shorthand: <stRef:x stRef:a="..."/>
            struct = Struct()
            _properties(element, struct.fields)
            return [struct]
        return [(element.text or "").strip()]
    if len(children) == 1 and children[0].tag in _CONTAINERS:
        items: list[Node] = []
        for item in children[0]:
            items.extend(_value(item))
        return items
    if len(children) == 1 and children[0].tag == _DESCRIPTION:
        struct = Struct()
        _properties(children[0], struct.fields)
        return [struct]
    struct = Struct()
    _properties(element, struct.fields)
    if list(struct.fields) == [(RDF, "value")]:  # a qualified simple value: rdf:value holds the text
        return struct.fields[(RDF, "value")]
    return [struct]


class XmpPacket:
    """One file's XMP (with its extension merged): properties by (namespace URI, local name).

    The packet is parsed on the first lookup whose local name occurs in its text at all: most
    lookups (an AIGC label, an edit history) ask for names a camera's packet never contains, and
    a name cannot hide behind an escape in XML, so the text test is exact.
    """

    def __init__(self, text: str, extension: str | None = None) -> None:
        self._text = text if extension is None else text + "\n" + extension
        self._main, self._extension = text, extension
        self._properties: dict[Name, list[Node]] | None = None
        self._state = "new"  # new -> parsed | tolerant

    @property
    def parsed(self) -> bool:
        """True when the packet parsed as XML; False when it is read by the tolerant text search."""
        self._ensure()
        return self._state == "parsed"

    def _ensure(self) -> None:
        if self._state != "new":
            return
        properties = _parse(self._main)
        if properties is not None and self._extension is not None:
            extra = _parse(self._extension)
            if extra is None:
                properties = None
            else:
                for name, nodes in extra.items():
                    properties.setdefault(name, []).extend(nodes)
        self._properties = properties
        self._state = "parsed" if properties is not None else "tolerant"

    # ---- lookup -------------------------------------------------------------------------------

    def nodes(self, namespace: str, name: str) -> list[Node]:
        if name not in self._text:
            return []
        self._ensure()
        if self._properties is not None:
            return self._properties.get((namespace, name), [])
        return list(_fallback_values(self._text, self._prefixes(namespace), name))

    def values(self, namespace: str, name: str) -> list[str]:
        """Text values of a property; array items one by one, empty ones left out."""
        return [node for node in self.nodes(namespace, name) if isinstance(node, str) and node]

    def value(self, namespace: str, name: str) -> str | None:
        found = self.values(namespace, name)
        return found[0] if found else None

    def structs(self, namespace: str, name: str) -> list[Struct]:
        """Structured values (history events, references) of a property."""
        if name not in self._text:
            return []
        self._ensure()
        if self._properties is None:
            return list(_fallback_structs(self._text, self._prefixes(namespace), name))
        return [node for node in self.nodes(namespace, name) if isinstance(node, Struct)]

    def has(self, namespace: str, name: str) -> bool:
        return bool(self.nodes(namespace, name))

    def namespaces(self) -> set[str]:
        """Namespaces with at least one property in use (declarations alone do not count)."""
        self._ensure()
        if self._properties is not None:
            return {namespace for namespace, _ in self._properties}
        used = set()
        for namespace in set(_declared(self._text).values()) | set(USUAL_PREFIXES):
            prefixes = self._prefixes(namespace)
            if any(re.search(rf"(?<![\w:]){re.escape(p)}:\w", _undeclared(self._text)) for p in prefixes):
                used.add(namespace)
        return used

    def properties(self) -> Iterator[tuple[Name, list[Node]]]:
        self._ensure()
        if self._properties is not None:
            yield from self._properties.items()

    @property
    def text(self) -> str:
        """The packet as text (for labels that only a text search finds, e.g. JSON in a comment)."""
        return self._text

    def _prefixes(self, namespace: str) -> tuple[str, ...]:
        declared = [prefix for prefix, uri in _declared(self._text).items() if uri == namespace]
        return tuple(dict.fromkeys([*declared, *USUAL_PREFIXES.get(namespace, ())]))


# ---- parsing ------------------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    """XMP is UTF-8 nearly always; UTF-16 packets (with or without a byte-order mark) exist too."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", "replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", "replace")
    return data.decode("utf-8", "replace")




def _parse(text: str) -> dict[Name, list[Node]] | None:
    """Properties of a packet, or None when it is not well-formed XML (or tries entity tricks)."""
    body = text.strip("\x00 \r\n\t\ufeff")
    if not body:
        return {}
    if "<!DOCTYPE" in body or "<!ENTITY" in body:
        return None  # no entity of a DTD is ever expanded: such a packet is only searched as text
    try:
        root = fromstring(body)
    except (ParseError, ValueError):
        return None
    rdf = root if root.tag == _RDF_ROOT else root.find(f".//{_RDF_ROOT}")
    if rdf is None:
        return None
    properties: dict[Name, list[Node]] = {}
    for node in rdf:
        _properties(node, properties)
    return properties


def parse(data: bytes | str | None, extension: bytes | None = None) -> XmpPacket:
    """A packet (and its extended part, when the JPEG had one), parsed when first asked."""
    text = data if isinstance(data, str) else _decode((data or b"")[:MAX_PACKET_BYTES])
    extra = _decode(extension[:MAX_PACKET_BYTES]) if extension else None
    return XmpPacket(text, extra)


def packet_of(metadata: Any) -> XmpPacket:
    """The parsed XMP of an `ImageMetadata`, parsed once and kept with it."""
    cached = metadata.extra.get("_xmp_packet")
    if isinstance(cached, XmpPacket):
        return cached
    packet = parse(metadata.xmp, getattr(metadata, "xmp_extension", None))
    metadata.extra["_xmp_packet"] = packet
    return packet


# ---- tolerant text search (packets that do not parse) -------------------------------------------

_DECLARATION = re.compile(r"""xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']""")
_LIST_ITEM = re.compile(r"<rdf:li(?:\s[^>]*)?>(.*?)</rdf:li>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=64)
def _declared(text: str) -> dict[str, str]:
    return {prefix: uri for prefix, uri in _DECLARATION.findall(text)}


def _undeclared(text: str) -> str:
    return _DECLARATION.sub("", text)


@lru_cache(maxsize=512)
def _patterns(qualified: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    escaped = re.escape(qualified)
    attribute = re.compile(rf"(?<![\w:]){escaped}\s*=\s*([\"'])(.*?)\1", re.S)
    element = re.compile(rf"<{escaped}(?:\s[^>]*)?>(.*?)</{escaped}>", re.S)
    return attribute, element


def _fallback_values(text: str, prefixes: tuple[str, ...], name: str) -> Iterator[str]:
    for prefix in prefixes:
        qualified = f"{prefix}:{name}"
        if qualified not in text:
            continue
        attribute, element = _patterns(qualified)
        for match in attribute.finditer(text):
            value = html.unescape(match.group(2)).strip()
            if value:
                yield value
        for match in element.finditer(text):
            body = match.group(1)
            items = _LIST_ITEM.findall(body) or [body]
            for item in items:
                value = html.unescape(_TAGS.sub(" ", item)).strip()
                if value:
                    yield value


_ITEM = re.compile(r"<rdf:li\b([^>]*?)(?:/>|>(.*?)</rdf:li>)", re.S)
_FIELD_ATTRIBUTE = re.compile(r"""([\w.-]+):(\w+)\s*=\s*(["'])(.*?)\3""", re.S)
_FIELD_ELEMENT = re.compile(r"<([\w.-]+):(\w+)(?:\s[^>]*)?>([^<]*)</\1:\2>")


def _fallback_structs(text: str, prefixes: tuple[str, ...], name: str) -> Iterator[Struct]:
    declared = _declared(text)
    reverse = {prefix: uri for uri, names in USUAL_PREFIXES.items() for prefix in names}
    for prefix in prefixes:
        qualified = f"{prefix}:{name}"
        start = text.find(f"<{qualified}")
        if start < 0:
            continue
        end = text.find(f"</{qualified}>", start)
        block = text[start : end if end > start else len(text)]
        for attributes, body in _ITEM.findall(block):
            struct = Struct()
            for field_prefix, local, _, value in _FIELD_ATTRIBUTE.findall(attributes):
                uri = declared.get(field_prefix) or reverse.get(field_prefix, field_prefix)
                struct.fields.setdefault((uri, local), []).append(html.unescape(value).strip())
            for field_prefix, local, value in _FIELD_ELEMENT.findall(body or ""):
                uri = declared.get(field_prefix) or reverse.get(field_prefix, field_prefix)
                struct.fields.setdefault((uri, local), []).append(html.unescape(value).strip())
            if struct.fields:
                yield struct
