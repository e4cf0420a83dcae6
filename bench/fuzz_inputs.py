"""Mutated copies of real corpus files, for the fuzz test in the suite and the long run in bench/fuzz.py.

Why here: both need the same mutations, reproducible from a seed, and knowledge of which ones cut a file
short (those must be reported as unreadable or truncated by every reader, fast or not). Each mutation
works on the structure of its kind: JPEG marker segments and the EXIF TIFF inside APP1, TIFF-based RAW
IFDs, ISO-BMFF boxes of HEIC/CR3, plus kind-blind byte flips, cuts, insertions and deletions.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Corpus files each kind of mutation starts from (paths inside the corpus folder).
BASES: dict[str, tuple[str, ...]] = {
    "jpeg": (
        "originals/iphone6_hdr_no.jpg", "originals/canon_sx_hdr_no.jpg", "originals/jolla.jpg",
        "small-originals/canon_ixus.jpg", "small-originals/fujifilm_dx10.jpg", "small-originals/DSCN0010.jpg",
        "edited/photoshop_xmp.jpg", "edited/casio_ex_z750_cropped.jpg", "broken/zero_length_string.jpg",
        "faces/two_faces_1.jpg", "stripped/telegram.jpg",
    ),
    "heic": ("heic/spring_1440x960.heic", "heic/iphone11promax.HEIC", "heic/iphone13promax.HEIC"),
    "raw": (
        "raw/canon_eos_6d.dng", "raw/nikon_z9_he.dng", "raw/blackmagic.dng", "raw/nikon_coolscan.nef",
        "raw/canon_stripped.cr2", "raw/canon_stripped.cr3", "raw/nikon_stripped.nef",
        "raw/sony_a7iii_stripped.ARW",
    ),
}
# The 12-megapixel HEICs take seconds to decode on a busy machine: the small one is mutated more often.
WEIGHTS = {"heic/spring_1440x960.heic": 4}
SUFFIX = {"jpeg": ".jpg", "heic": ".heic", "raw": ""}  # RAWs keep their own suffix


@dataclass(frozen=True)
class Mutant:
    data: bytes
    base: str  # corpus path it came from
    kind: str  # jpeg, heic, raw
    mutation: str  # what was done, e.g. "cut@240000"
    cut: bool  # cut short inside its image data: every inspection must say so


Mutation = Callable[[bytes, random.Random], tuple[bytes, str]]


# ---- kind-blind mutations ------------------------------------------------------------------------


def flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.choice((1, 2, 4, 8, 32))
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out), f"flip x{count}"


def flip_head(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Flips in the first 64 KiB, where every header lives."""
    out = bytearray(data)
    for _ in range(rng.choice((1, 3, 8))):
        out[rng.randrange(min(len(out), 65536))] = rng.randrange(256)
    return bytes(out), "flip-head"


def insert(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    size = rng.choice((1, 7, 100, 4096))
    return data[:at] + rng.randbytes(size) + data[at:], f"insert {size}@{at}"


def delete(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    size = rng.choice((1, 7, 100, 4096))
    return data[:at] + data[at + size:], f"delete {size}@{at}"


# ---- JPEG ----------------------------------------------------------------------------------------


def jpeg_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, offset of the marker, segment length field) up to the first SOS."""
    found: list[tuple[int, int, int]] = []
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF and len(found) < 512:
        marker = data[position + 1]
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        found.append((marker, position, length))
        if marker == 0xDA:
            break
        position += 2 + length
    return found


def jpeg_segment_length(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    segments = jpeg_segments(data)
    marker, offset, _ = rng.choice(segments)
    value = rng.choice((0, 1, 2, 0xFFFF, rng.randrange(65536)))
    out = bytearray(data)
    out[offset + 2 : offset + 4] = struct.pack(">H", value)
    return bytes(out), f"segment {marker:02X} length={value}"


def jpeg_forge_size(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    sof = [s for s in jpeg_segments(data) if s[0] in (0xC0, 0xC1, 0xC2)]
    if not sof:
        return flip(data, rng)
    _, offset, _ = sof[0]
    width, height = rng.choice(((386, 45403), (65535, 65535), (1, 60000), (60000, 1), (0, 0),
                                (rng.randrange(1, 65536), rng.randrange(1, 65536))))
    out = bytearray(data)
    out[offset + 5 : offset + 9] = struct.pack(">HH", height, width)
    return bytes(out), f"sof {width}x{height}"


def _app1_tiff(data: bytes) -> int | None:
    for marker, offset, _ in jpeg_segments(data):
        if marker == 0xE1 and data[offset + 4 : offset + 10] == b"Exif\x00\x00":
            return offset + 10
    return None


def jpeg_exif(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    start = _app1_tiff(data)
    if start is None:
        return jpeg_segment_length(data, rng)
    mutated, label = tiff_structure(data[start:], rng)
    return data[:start] + mutated + data[start + len(mutated):], "exif " + label


def jpeg_scan(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Markers planted in the entropy-coded data: an early EOI, a stray SOS, restart markers."""
    sos = [s for s in jpeg_segments(data) if s[0] == 0xDA]
    begin = sos[0][1] + 2 + sos[0][2] if sos else 2
    at = rng.randrange(begin, len(data) - 2)
    marker = rng.choice((b"\xff\xd9", b"\xff\xda\x00\x08", b"\xff\xd0", b"\xff\xc4\xff\xff", b"\xff\xff"))
    return data[:at] + marker + data[at + len(marker):], f"scan marker {marker.hex()}@{at}"


# ---- TIFF (EXIF and TIFF-based RAW) --------------------------------------------------------------


def _tiff_ifds(tiff: bytes) -> tuple[str, list[int]]:
    endian = "<" if tiff[:2] == b"II" else ">"
    offsets: list[int] = []
    try:
        offset = struct.unpack(endian + "I", tiff[4:8])[0]
        while offset and offset + 2 <= len(tiff) and offset not in offsets and len(offsets) < 8:
            offsets.append(offset)
            count = struct.unpack(endian + "H", tiff[offset : offset + 2])[0]
            end = offset + 2 + 12 * count
            offset = struct.unpack(endian + "I", tiff[end : end + 4])[0] if end + 4 <= len(tiff) else 0
    except struct.error:
        pass
    return endian, offsets


def tiff_structure(tiff: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Broken IFD entry counts, value offsets, types, image sizes and headers."""
    endian, ifds = _tiff_ifds(tiff)
    out = bytearray(tiff)
    what = rng.choice(("header", "count", "entry_offset", "entry_type", "entry_count", "next", "size"))
    if what == "header" or not ifds:
        out[0:8] = rng.choice((b"XX*\x00", b"II\x00*", b"MM*\x00", b"II*\x00")) + rng.randbytes(4)
        return bytes(out), "tiff header"
    ifd = rng.choice(ifds)
    count = struct.unpack(endian + "H", tiff[ifd : ifd + 2])[0]
    if what == "count" or count == 0:
        value = rng.choice((0, 0xFFFF, count + 1, rng.randrange(65536)))
        out[ifd : ifd + 2] = struct.pack(endian + "H", value)
        return bytes(out), f"ifd count {value}"
    entry = ifd + 2 + 12 * rng.randrange(count)
    if entry + 12 > len(out):
        return bytes(out), "ifd past end"
    if what == "entry_offset":
        value = rng.choice((0, 0xFFFFFFFF, 0x7FFFFFFF, len(tiff) - 2, rng.randrange(1 << 32)))
        out[entry + 8 : entry + 12] = struct.pack(endian + "I", value)
    elif what == "entry_type":
        value = rng.choice((0, 13, 255, rng.randrange(65536)))
        out[entry + 2 : entry + 4] = struct.pack(endian + "H", value)
    elif what == "entry_count":
        value = rng.choice((0, 0xFFFFFFFF, 100_000, rng.randrange(1 << 32)))
        out[entry + 4 : entry + 8] = struct.pack(endian + "I", value)
    elif what == "next":
        value = rng.choice((ifd, 8, 0xFFFFFFFF, rng.randrange(1 << 32)))
        end = ifd + 2 + 12 * count
        out[end : end + 4] = struct.pack(endian + "I", value)
    else:  # forged image size on every width/height entry of this IFD
        value = rng.choice((0, 1, 65535, 0xFFFFFFFF, 45403))
        for index in range(min(count, 256)):
            at = ifd + 2 + 12 * index
            tag = struct.unpack(endian + "H", tiff[at : at + 2])[0]
            if tag in (0x0100, 0x0101):
                kind = struct.unpack(endian + "H", tiff[at + 2 : at + 4])[0]
                short = kind == 3
                packed = struct.pack(endian + ("H" if short else "I"), value & (0xFFFF if short else 0xFFFFFFFF))
                out[at + 8 : at + 8 + len(packed)] = packed
    return bytes(out), f"ifd {what}"


def raw_tiff(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if data[4:8] == b"ftyp":
        return bmff_boxes(data, rng)
    return tiff_structure(data, rng)


# ---- ISO-BMFF (HEIC, CR3) ------------------------------------------------------------------------

_CONTAINERS = {b"meta": 4, b"iprp": 0, b"ipco": 0, b"dinf": 0, b"moov": 0, b"trak": 0, b"mdia": 0,
               b"minf": 0, b"stbl": 0}


def bmff_box_list(data: bytes, start: int = 0, end: int | None = None,
                  found: list[tuple[bytes, int, int]] | None = None) -> list[tuple[bytes, int, int]]:
    """(type, offset, size) of every box, containers opened."""
    end = len(data) if end is None else end
    found = [] if found is None else found
    position = start
    while position + 8 <= end and len(found) < 2000:
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if size == 1 and position + 16 <= end:
            size, header = struct.unpack(">Q", data[position + 8 : position + 16])[0], 16
        elif size == 0:
            size = end - position
        if size < header:
            break
        found.append((kind, position, size))
        if kind in _CONTAINERS:
            bmff_box_list(data, position + header + _CONTAINERS[kind], min(position + size, end), found)
        position += size
    return found


def bmff_boxes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    boxes = bmff_box_list(data)
    if not boxes:
        return flip(data, rng)
    targets = [b for b in boxes if b[0] in (b"iinf", b"ipma", b"iref", b"iloc", b"ispe", b"pitm", b"infe",
                                              b"hvcC", b"stsz", b"stco", b"co64", b"uuid")] or boxes
    kind, offset, size = rng.choice(targets)
    out = bytearray(data)
    what = rng.choice(("size", "type", "body", "body", "body", "ispe"))
    if what == "size":
        value = rng.choice((0, 1, 7, 0xFFFFFFFF, size + 1, size - 1, rng.randrange(1 << 32)))
        out[offset : offset + 4] = struct.pack(">I", value)
        return bytes(out), f"box {kind.decode('latin-1')} size={value}"
    if what == "type":
        out[offset + 4 : offset + 8] = rng.choice((b"free", b"mdat", b"meta", rng.randbytes(4)))
        return bytes(out), f"box {kind.decode('latin-1')} type"
    if what == "ispe":
        for name, at, _ in boxes:
            if name == b"ispe":
                out[at + 12 : at + 20] = struct.pack(">II", *rng.choice(((386, 45403), (65535, 65535), (0, 0),
                                                                         (1 << 31, 3))))
        return bytes(out), "ispe forged"
    for _ in range(rng.choice((1, 2, 4))):
        out[rng.randrange(offset + 8, offset + max(9, size))] = rng.randrange(256)
    return bytes(out), f"box {kind.decode('latin-1')} body"


# ---- cuts ----------------------------------------------------------------------------------------


def cut(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Cut anywhere, often near the end (a copy or download stopped short)."""
    anywhere = rng.random() < 0.5
    at = rng.randrange(1, len(data)) if anywhere else len(data) - rng.randrange(1, max(2, len(data) // 20))
    return data[:at], f"cut@{at}"


def cut_is_in_image_data(kind: str, original: bytes, at: int) -> bool:
    """Whether a cut at `at` removes bytes the image needs (every corpus JPEG and HEIC ends with its image
    data; a RAW needs everything up to the end of its last strip or tile)."""
    if kind in ("jpeg", "heic"):
        return at < len(original)
    return at < raw_data_end(original)


def raw_data_end(data: bytes) -> int:
    """Where a RAW's last strip, tile or sample ends (independent of the app's readers)."""
    if data[4:8] == b"ftyp":
        return max((offset + size for kind, offset, size in bmff_box_list(data) if kind == b"mdat"), default=0)
    endian, _ = _tiff_ifds(data)
    best = 0
    pending = [struct.unpack(endian + "I", data[4:8])[0]]
    seen: set[int] = set()
    while pending and len(seen) < 64:
        ifd = pending.pop()
        if ifd in seen or ifd + 2 > len(data):
            continue
        seen.add(ifd)
        count = struct.unpack(endian + "H", data[ifd : ifd + 2])[0]
        values: dict[int, list[int]] = {}
        for index in range(count):
            at = ifd + 2 + 12 * index
            if at + 12 > len(data):
                break
            tag, kind, number = struct.unpack(endian + "HHI", data[at : at + 8])
            if kind not in (3, 4) or not 0 < number < 100_000:
                continue
            width = 2 if kind == 3 else 4
            raw = data[at + 8 : at + 12] if width * number <= 4 else (
                data[struct.unpack(endian + "I", data[at + 8 : at + 12])[0]:][: width * number])
            if len(raw) == width * number:
                values[tag] = list(struct.unpack(endian + ("H" if kind == 3 else "I") * number, raw))
        for offsets, counts in ((0x111, 0x117), (0x144, 0x145), (0x201, 0x202)):
            for o, c in zip(values.get(offsets, []), values.get(counts, []), strict=False):
                best = max(best, o + c)
        pending.extend(values.get(0x14A, []))
        end = ifd + 2 + 12 * count
        if end + 4 <= len(data):
            pending.append(struct.unpack(endian + "I", data[end : end + 4])[0])
    return min(best, len(data))


MUTATIONS: dict[str, tuple[tuple[Mutation, int], ...]] = {
    "jpeg": ((cut, 3), (flip, 2), (flip_head, 2), (insert, 1), (delete, 1), (jpeg_segment_length, 2),
             (jpeg_forge_size, 1), (jpeg_exif, 3), (jpeg_scan, 1)),
    "heic": ((cut, 3), (flip, 1), (flip_head, 2), (insert, 1), (delete, 1), (bmff_boxes, 5)),
    "raw": ((cut, 3), (flip, 1), (flip_head, 2), (insert, 1), (delete, 1), (raw_tiff, 5)),
}


def iter_mutants(corpus: Path, kind: str, count: int, seed: int,
                 bases: tuple[str, ...] | None = None) -> Iterator[Mutant]:
    """`count` mutants of `kind` made one at a time (10,000 of them do not fit in memory), the same for
    the same seed. `bases`: corpus files to start from (default `BASES[kind]`)."""
    rng = random.Random(f"{seed}:{kind}")
    names = [name for name in (bases or BASES[kind]) if (corpus / name).is_file()]
    weights = [WEIGHTS.get(name, 1) for name in names]
    originals = {name: (corpus / name).read_bytes() for name in names}
    table = MUTATIONS[kind]
    weighted = [mutation for mutation, weight in table for _ in range(weight)]
    for _ in range(count):
        base = rng.choices(names, weights)[0]
        data = originals[base]
        mutation = rng.choice(weighted)
        mutated, label = mutation(data, rng)
        is_cut = mutation is cut and cut_is_in_image_data(kind, data, len(mutated))
        yield Mutant(mutated, base, kind, label, is_cut)


def mutants(corpus: Path, kind: str, count: int, seed: int, bases: tuple[str, ...] | None = None) -> list[Mutant]:
    return list(iter_mutants(corpus, kind, count, seed, bases))


def file_name(mutant: Mutant, index: int) -> str:
    suffix = SUFFIX[mutant.kind] or Path(mutant.base).suffix
    return f"{mutant.kind}_{index:05d}{suffix}"
