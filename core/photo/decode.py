"""Decoding a photo small and upright: the one routine behind every picture the app looks at or shows.

The face check, the library's thumbnails and perceptual hash, the inspection's preview, the report's
thumbnails, the ID-photo watermark and the window's thumbnails all come through `decode`. It sniffs the
type from the file's first 64 KiB (never its name), so a RAW always takes the RAW path: LibRaw's embedded
preview, fast and what the camera showed. JPEGs decode in draft mode (the DCT scales down while
decoding), HEIC through pillow-heif (optionally its own stored thumbnail). Each caller keeps the
parameters it had (draft box, where the orientation comes from), because what it computes (a pHash in
the catalog, face boxes, a thumbnail verdict, the report's bytes) must not change with the decoder.
The one orientation table of the app is here too.

Before any decoder runs, the file goes through the same header reading as `inspect` (`read_file`): what
inspect calls unreadable (missing, not a regular file, cut short, damaged) is refused here with the same
reason, so the face check never answers "no face" about a photo it could not see, and no decode goes past
the pixel budget (`[budget] decode_pixels`, checks/inspection.toml).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from PIL import Image

from core.base.fileops import os_error_reason
from core.base.rules import load_check_tables
from core.photo import filetypes
from core.photo.readers import LENIENT_DECODERS, failure_reason, read_file

# EXIF Orientation -> the transpose that turns the stored pixels upright (TIFF/EXIF spec, tag 0x0112).
ORIENTATION_TRANSPOSE: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
SWAPPING_ORIENTATIONS: Final = frozenset({5, 6, 7, 8})  # upright width and height exchange places
LIBRAW_FLIP_ORIENTATION: Final = {0: 1, 3: 3, 5: 8, 6: 6}  # LibRaw's `sizes.flip` as an EXIF Orientation
_ORIENTATION_TAG: Final = 0x0112

EXIF: Final = "exif"  # `orientation=EXIF`: the file's own tag (a RAW's: its preview's, else LibRaw's flip)
Orientation = int | None | Literal["exif"]
Draft = Literal["short", "long"]
Mode = Literal["RGB", "L"]


class NotDecoded(Exception):
    """The photo cannot be looked at; `reason` is a short key with a text in the message catalog."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    image: Image.Image  # RGB, upright unless asked otherwise, at about the requested scale
    width: int  # full-size width and height as displayed (after the orientation)
    height: int
    kind: str


def upright(image: Image.Image, orientation: int | None) -> Image.Image:
    method = ORIENTATION_TRANSPOSE.get(orientation or 1)
    return image.transpose(method) if method is not None else image


def exif_orientation(image: Image.Image) -> int:
    """The image's EXIF Orientation, 1..8; 1 (upright) when missing or malformed."""
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # malformed EXIF: treat as upright rather than give up on the photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def sniff_file(path: Path) -> str:
    """The file's type from its content; NotDecoded for folders, empty, vanished or unreadable files."""
    try:
        if path.is_dir():
            raise NotDecoded("directory", "this is a folder")
        with path.open("rb") as handle:
            head = handle.read(filetypes.HEAD_BYTES)
    except OSError as error:
        reason = os_error_reason(error)
        raise NotDecoded(reason if reason == "vanished" else "io_error", str(error)) from error
    if not head:
        raise NotDecoded("empty", "the file is empty")
    return filetypes.sniff(head)


def _draft_box(size: tuple[int, int], edge: int, draft: Draft) -> tuple[int, int]:
    """"short": JPEG scaling keeps the short side at least `edge`; "long": the long side about `edge`."""
    if draft == "short":
        return edge, edge
    scale = min(1.0, edge / max(size))
    return max(1, int(size[0] * scale)), max(1, int(size[1] * scale))


def _pillow(path: Path, kind: str, edge: int | None, orientation: Orientation, draft: Draft,
            mode: Mode = "RGB") -> Decoded:
    if kind == "heic":
        from core.photo.readers.heif import register_opener  # only HEIC files pay for loading libheif

        register_opener()
    with Image.open(path) as image:
        full_w, full_h = image.size
        found = exif_orientation(image) if orientation == EXIF else orientation
        turn = found if isinstance(found, int) else None
        if edge is not None and (draft == "short" or image.format == "JPEG"):
            image.draft(mode, _draft_box(image.size, edge, draft))
        image.load()
        result = upright(image, turn) if turn not in (None, 1) else image
        result = result.convert(mode)
    if turn in SWAPPING_ORIENTATIONS:
        full_w, full_h = full_h, full_w
    return Decoded(result, full_w, full_h, kind)


def _raw_preview(path: Path, kind: str, edge: int | None, orientation: Orientation, draft: Draft) -> Decoded:
    import rawpy  # only RAW files pay for loading LibRaw

    try:
        with rawpy.imread(str(path)) as raw:
            flip = int(raw.sizes.flip)
            full_w, full_h = int(raw.sizes.width), int(raw.sizes.height)
            thumb = raw.extract_thumb()
    except Exception as error:  # LibRaw reports unsupported, cut-short and preview-less files alike
        raise NotDecoded("raw_no_preview", f"{type(error).__name__}: {error}") from error
    own = 1
    preview: Image.Image
    if thumb.format == rawpy.ThumbFormat.JPEG:
        preview = Image.open(io.BytesIO(bytes(thumb.data)))
        if edge is not None:
            preview.draft("RGB", _draft_box(preview.size, edge, draft))
        preview.load()
        own = exif_orientation(preview) if orientation == EXIF else 1
    else:
        bitmap = thumb.data  # LibRaw's bitmap preview: an RGB array
        if isinstance(bitmap, bytes):
            raise NotDecoded("raw_no_preview", "the embedded bitmap preview is not an array")
        preview = Image.fromarray(bitmap)
    flipped = LIBRAW_FLIP_ORIENTATION.get(flip, 1)  # LibRaw's rotation of the whole RAW
    turn = (own if own != 1 else flipped) if orientation == EXIF else orientation
    image = upright(preview, turn if isinstance(turn, int) else None).convert("RGB")
    if flipped in SWAPPING_ORIENTATIONS:
        full_w, full_h = full_h, full_w
    return Decoded(image, full_w, full_h, kind)  # 0 x 0 when LibRaw does not know the size


def _heic_thumbnail(path: Path, edge: int) -> Decoded:
    """The HEIC's own thumbnail when it is big enough (phones store a 320-px one: 50x faster than
    decoding 12 MP), else the full image at twice `edge`. libheif applies the rotation to both."""
    import pillow_heif

    primary = pillow_heif.open_heif(str(path), convert_hdr_to_8bit=True)[0]
    width, height = primary.size
    sizes = primary.info.get("thumbnails")
    boxes = [size if isinstance(size, int) else 0 for size in sizes] if isinstance(sizes, list) else []
    if boxes and max(boxes) >= edge * 0.7:
        return Decoded(primary.get_thumbnail(boxes.index(max(boxes))).to_pillow().convert("RGB"), width, height, "heic")
    image = primary.to_pillow()
    image.thumbnail((edge * 2, edge * 2))
    return Decoded(image.convert("RGB"), width, height, "heic")


def decode(path: Path, edge: int | None, *, kind: str | None = None, orientation: Orientation = EXIF,
           draft: Draft = "short", raw_preview: bool = True, heic_thumbnail: bool = False,
           check_headers: bool = True, max_pixels: int | None = None, mode: Mode = "RGB") -> Decoded:
    """`path` decoded at about `edge` px (None: full size), RGB, turned by `orientation`.

    `kind`: the sniffed type when the caller has it (else sniffed here); `orientation`: EXIF (the file's
    own), an EXIF value the caller read, or None to keep the stored pixels; `raw_preview`: RAWs through
    LibRaw's embedded preview (False: whatever Pillow makes of the file); `heic_thumbnail`: a HEIC's own
    stored thumbnail when it is big enough. `check_headers=False` only for a caller that has judged the
    headers and the budget itself (inspection). `max_pixels` bounds the stored picture this will decode
    (None: the inspection budget). `mode` "L" asks a JPEG for its grey channel only, which skips the colour
    work (about a fifth of the decode) for callers that only compare brightness; RAW previews and HEIC
    thumbnails stay RGB. Raises NotDecoded with a reason key."""
    damage = None
    if check_headers:
        read = read_file(path)
        if read.reason is not None:
            raise NotDecoded(read.reason, read.detail or read.reason)
        kind, damage = kind or read.kind, read.damage
        # As inspect judges: truncation always stands; other damage only where the decoder would hide it.
        if damage == "truncated" or (damage is not None and kind in LENIENT_DECODERS):
            raise NotDecoded(damage, "; ".join(read.metadata.problems if read.metadata else []) or damage)
        metadata = read.metadata
        pixels = (metadata.width or 0) * (metadata.height or 0) if metadata else 0
        raw = raw_preview and kind in filetypes.RAW_TYPES  # the embedded preview, whatever the sensor's size
        if not raw and pixels > (max_pixels if max_pixels is not None else decode_budget()):
            raise NotDecoded("too_many_pixels", f"{pixels} stored pixels are over the decode budget")
    kind = kind or sniff_file(path)
    if kind == "unknown":
        raise NotDecoded("not_image", "not an image")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if raw_preview and kind in filetypes.RAW_TYPES:
            return _raw_preview(path, kind, edge, orientation, draft)
        try:
            if heic_thumbnail and kind == "heic" and edge is not None:
                return _heic_thumbnail(path, edge)
            return _pillow(path, kind, edge, orientation, draft, mode)
        except Image.DecompressionBombError as error:  # too many pixels to open safely: not damage
            raise NotDecoded("too_many_pixels", str(error)) from error
        except Exception as error:  # any decoder failure: cut short, unsupported, damaged
            detail = f"{type(error).__name__}: {error}"
            raise NotDecoded(damage or failure_reason(detail), detail) from error


def decode_budget() -> int:
    """Stored pixels the pixel checks decode at most (`[budget] decode_pixels`, checks/inspection.toml)."""
    table = load_check_tables().get("inspection", {}).get("budget", {})
    return int(table.get("decode_pixels", 120_000_000))


def shrink(image: Image.Image, edge: int, resample: Image.Resampling = Image.Resampling.BILINEAR,
           reducing_gap: float | None = 2.0) -> Image.Image:
    """A copy no larger than `edge` on its long side (the image itself when it already fits)."""
    if max(image.size) <= edge:
        return image
    small = image.copy()
    small.thumbnail((edge, edge), resample, reducing_gap=reducing_gap)
    return small
