"""A JPEG's completeness is judged by its image data: cut files are unreadable in --fast and plain inspect
(even when the EXIF thumbnail's end marker is all that is left, or a stopped download padded the rest
with zeros); padded camera files, motion photos and MPF second images are complete, with a note."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from core.inspection.inspect import inspect_path
from tests.conftest import CORPUS, exif_bytes, make_jpeg, noise_image


def _thumbnail() -> bytes:
    buffer = io.BytesIO()
    noise_image(160, 120, seed=3).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _photo(tmp_path: Path, name: str = "IMG_0001.JPG") -> Path:
    """A camera-like JPEG whose EXIF carries a JPEG thumbnail (its own FF D9 inside the header)."""
    return make_jpeg(tmp_path / name, 1600, 1200, exif=exif_bytes(size=(1600, 1200), thumbnail=_thumbnail()))


def _codes(path: Path, fast: bool) -> dict[str, object]:
    report = inspect_path(path, fast=fast)
    return {f.code: f.params.get("reason", f.params.get("kind")) for f in report.findings}


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
@pytest.mark.parametrize("share", [0.3, 0.6, 0.9, 0.999])
def test_a_cut_photo_is_truncated_though_its_thumbnail_ends_properly(tmp_path: Path, share: float,
                                                                     fast: bool) -> None:
    whole = _photo(tmp_path).read_bytes()
    assert whole.count(b"\xff\xd9") >= 2  # the thumbnail's end marker sits in the header
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: int(len(whole) * share)])
    assert _codes(cut, fast).get("file.unreadable") == "truncated"


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
def test_a_cut_photo_padded_with_zeros_is_still_truncated(tmp_path: Path, fast: bool) -> None:
    whole = _photo(tmp_path).read_bytes()
    cut = tmp_path / "stopped_download.jpg"
    cut.write_bytes(whole[: len(whole) // 2] + bytes(len(whole) // 2))  # libjpeg "decodes" the zeros
    assert _codes(cut, fast).get("file.unreadable") == "truncated"


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
@pytest.mark.parametrize("padding", [b"\x00" * 300_000, b"\xff" * 400_000, b"\x00" * 7], ids=["zeros", "ff", "few"])
def test_camera_padding_after_the_end_marker_is_not_truncation(tmp_path: Path, padding: bytes, fast: bool) -> None:
    photo = _photo(tmp_path)
    photo.write_bytes(photo.read_bytes() + padding)
    codes = _codes(photo, fast)
    assert "file.unreadable" not in codes
    assert "file.trailing_data" not in codes  # padding is nothing worth saying


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
@pytest.mark.parametrize(("trailer", "kind"), [
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 400, "video"),  # Google
    (b"MotionPhoto_Data\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 400 + b"SEFHSEFT", "video"),  # Samsung
    (b"", "image"),  # MPF: a second JPEG after the first
    (b"\x12\x34garbage" * 100, "data"),
], ids=["google_motion", "samsung_motion", "mpf", "other"])
def test_what_trails_the_image_is_a_note_not_damage(tmp_path: Path, trailer: bytes, kind: str, fast: bool) -> None:
    photo = _photo(tmp_path)
    data = photo.read_bytes()
    if kind == "image":
        second = make_jpeg(tmp_path / "depth.jpg", 320, 240, exif=b"").read_bytes()
        mpf = b"\xff\xe2" + (4 + 8).to_bytes(2, "big") + b"MPF\x00" + b"MM\x00*\x00\x00\x00\x08"[:6]
        data = data[:2] + mpf + data[2:]
        trailer = second
    photo.write_bytes(data + trailer)
    report = inspect_path(photo, fast=fast, lang="en")
    assert "file.unreadable" not in report.codes()
    notes = [f for f in report.findings if f.code == "file.trailing_data"]
    assert [n.params["kind"] for n in notes] == [kind]
    assert notes[0].severity.value == "ok" and notes[0].params["bytes"] == len(trailer)


@pytest.mark.parametrize("name", ["small-originals/canon_ixus.jpg", "small-originals/fujifilm_dx10.jpg"])
def test_corpus_camera_originals_padded_as_their_cameras_do_stay_readable(tmp_path: Path, name: str) -> None:
    """The 2001-2003 Canon IXUS and FinePix bodies pad their files after the end marker."""
    source = CORPUS / name
    if not source.is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    padded = tmp_path / Path(name).name
    padded.write_bytes(source.read_bytes() + b"\x00" * 300_000)
    for fast in (True, False):
        assert "file.unreadable" not in inspect_path(padded, fast=fast).codes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(source.read_bytes()[:-1000])
    for fast in (True, False):
        assert "file.unreadable" in inspect_path(cut, fast=fast).codes()


def test_stray_bytes_between_segments_are_read_past_as_libjpeg_does(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    data = photo.read_bytes()
    after_first = 4 + int.from_bytes(data[4:6], "big")  # the end of the segment after SOI
    photo.write_bytes(data[:after_first] + b"\x00\x11junk" + data[after_first:])
    for fast in (True, False):
        report = inspect_path(photo, fast=fast)
        assert "file.unreadable" not in report.codes(), fast
        assert "metadata.malformed" in report.codes()
