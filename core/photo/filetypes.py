"""Recognise a file's real type from its first bytes, never from its name.

Types: jpeg, png, gif, webp, bmp, heic, tiff, and the camera RAW families cr2, cr3, nef, arw, dng,
raf, orf, rw2, crw (Canon's CIFF, before CR2), with `raw` for other TIFF-based RAWs (PEF, SRW, ...),
and `unknown`.
"""

from __future__ import annotations

import struct

RAW_TYPES = frozenset({"cr2", "cr3", "crw", "nef", "arw", "dng", "raf", "orf", "rw2", "raw"})

TYPE_LABELS = {
    "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "bmp": "BMP", "heic": "HEIC/HEIF",
    "tiff": "TIFF", "cr2": "Canon CR2", "cr3": "Canon CR3", "crw": "Canon CRW", "nef": "Nikon NEF",
    "arw": "Sony ARW",
    "dng": "DNG", "raf": "Fujifilm RAF", "orf": "Olympus ORF", "rw2": "Panasonic RW2", "raw": "RAW",
    "unknown": "?",
}

# File-name extensions that honestly describe each type.
EXTENSIONS = {
    "jpeg": {"jpg", "jpeg", "jpe", "jfif"},
    "png": {"png"},
    "gif": {"gif"},
    "webp": {"webp"},
    "bmp": {"bmp", "dib"},
    "heic": {"heic", "heif", "hif", "avif"},
    "tiff": {"tif", "tiff"},
    "cr2": {"cr2"},
    "cr3": {"cr3"},
    "crw": {"crw"},
    "nef": {"nef", "nrw"},
    "arw": {"arw", "srf", "sr2"},
    "dng": {"dng"},
    "raf": {"raf"},
    "orf": {"orf"},
    "rw2": {"rw2", "raw"},
    "raw": {"pef", "srw", "x3f", "3fr", "iiq", "mos", "mef", "kdc", "dcr", "erf", "raw", "rwl", "nrw"},
}

# Every extension a picture the app can read may have: what the window offers and takes from a dropped folder.
IMAGE_EXTENSIONS = frozenset(extension for names in EXTENSIONS.values() for extension in names)

PREFERRED_EXTENSION = {"jpeg": "jpg", "heic": "heic", "tiff": "tif", "raw": "raw"}

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}

_TAG_MAKE = 0x010F
_TAG_DNG_VERSION = 0xC612
HEAD_BYTES = 64 * 1024


def label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind.upper())


def extension_fits(kind: str, extension: str) -> bool:
    """Whether a file-name extension (without dot, any case) honestly names this type."""
    if kind == "unknown":
        return True
    return extension.lower() in EXTENSIONS.get(kind, set())


def sniff(head: bytes) -> str:
    """The type of a file from its first bytes (64 KiB is enough for every type here)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:2] == b"BM" and len(head) > 26:
        return "bmp"
    if head.startswith(b"FUJIFILMCCD-RAW"):
        return "raf"
    if head[4:8] == b"ftyp":
        return _sniff_isobmff(head)
    if head[:4] in (b"IIRO", b"IIRS", b"MMOR"):
        return "orf"
    if head[:4] == b"IIU\x00":
        return "rw2"
    if head[:2] in (b"II", b"MM") and head[6:14] == b"HEAPCCDR":
        return "crw"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return _sniff_tiff(head)
    return "unknown"


def _sniff_isobmff(head: bytes) -> str:
    size = struct.unpack(">I", head[:4])[0]
    brands = [head[8:12]]
    end = min(max(size, 16), len(head))
    brands += [head[i : i + 4] for i in range(16, end - 3, 4)]
    if b"crx " in brands:
        return "cr3"
    if any(brand in _HEIF_BRANDS for brand in brands):
        return "heic"
    return "unknown"


def _sniff_tiff(head: bytes) -> str:
    if head[8:10] == b"CR":
        return "cr2"
    endian = "<" if head[:2] == b"II" else ">"
    make = b""
    is_dng = False
    try:
        offset = struct.unpack(endian + "I", head[4:8])[0]
        count = struct.unpack(endian + "H", head[offset : offset + 2])[0]
        for index in range(min(count, 512)):
            entry = head[offset + 2 + 12 * index : offset + 14 + 12 * index]
            if len(entry) < 12:
                break
            tag, _type, length, value = struct.unpack(endian + "HHII", entry)
            if tag == _TAG_DNG_VERSION:
                is_dng = True
            elif tag == _TAG_MAKE:
                make = entry[8 : 8 + length] if length <= 4 else head[value : value + length]
    except struct.error:
        return "tiff"
    if is_dng:
        return "dng"
    make_text = make.upper()
    if make_text.startswith(b"NIKON"):
        return "nef"
    if make_text.startswith(b"SONY"):
        return "arw"
    if make_text.startswith((b"PENTAX", b"RICOH", b"SAMSUNG", b"LEICA", b"PHASE ONE", b"HASSELBLAD", b"KODAK")):
        return "raw"
    return "tiff"
