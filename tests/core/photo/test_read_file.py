"""One way in for every reader of a user's file: named pipes are never opened, each cause has one reason,
a reader's own failure on hostile bytes is "damaged" (not a hidden gap), and file names that are not
UTF-8 survive into JSON text."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from core.base import jsontext
from core.base.fileaccess import NotRegularFile, open_regular
from core.base.fileops import os_error_reason
from core.inspection.inspect import inspect_path
from core.photo.decode import NotDecoded, decode
from core.photo.readers import read_file
from tests.conftest import make_jpeg

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe called like a photo. Teardown opens its writing end, so a reader that did block
    (the bug) is released and the test run still ends."""
    path = tmp_path / "IMG_0001.jpg"
    os.mkfifo(path)
    yield path
    with contextlib.suppress(OSError):  # no reader waiting: nothing blocked
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def finishes(call: Callable[[], Any], seconds: float = 60) -> Any:
    """`call()`'s result, failing (not hanging) when it does not return in time."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # handed to the test thread
            box["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked: the named pipe was opened"
    if "error" in box:
        raise box["error"]
    return box["value"]


@needs_fifo
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
def test_a_named_pipe_is_unreadable_at_once_and_never_opened(fifo: Path, fast: bool) -> None:
    report = finishes(lambda: inspect_path(fifo, fast=fast, lang="en"))
    assert [(f.code, f.params["reason"]) for f in report.findings] == [("file.unreadable", "not_regular")]
    assert "not a regular file" in report.findings[0].message


@needs_fifo
def test_the_photo_decode_refuses_a_named_pipe(fifo: Path) -> None:
    with pytest.raises(NotDecoded) as refused:
        finishes(lambda: decode(fifo, 480))
    assert refused.value.reason == "not_regular"


@needs_fifo
def test_open_regular_never_blocks_on_a_pipe(fifo: Path) -> None:
    with pytest.raises(NotRegularFile):
        finishes(lambda: open_regular(fifo))


def test_each_cause_has_one_reason() -> None:
    assert os_error_reason(FileNotFoundError(errno.ENOENT, "gone")) == "vanished"
    assert os_error_reason(NotADirectoryError(errno.ENOTDIR, "a file in the way")) == "vanished"
    assert os_error_reason(PermissionError(errno.EACCES, "denied")) == "permission"
    assert os_error_reason(IsADirectoryError(errno.EISDIR, "folder")) == "directory"
    assert os_error_reason(NotRegularFile(errno.EINVAL, "pipe")) == "not_regular"
    assert os_error_reason(OSError(errno.EIO, "bad sector")) == "io_error"
    assert os_error_reason(OSError(errno.ENOSPC, "full")) == "disk_full"
    assert os_error_reason(OSError(errno.EROFS, "read-only")) == "read_only"


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    assert read_file(tmp_path).reason == "directory"
    assert read_file(tmp_path / "gone.jpg").reason == "vanished"
    (tmp_path / "empty.jpg").write_bytes(b"")
    assert read_file(tmp_path / "empty.jpg").reason == "empty"


def _heic_with_item_boxes_pointing_nowhere(path: Path) -> Path:
    """A HEIC whose ipma entries name an item that does not exist: pillow-heif opens it, then raises
    IndexError from `size` (found by fuzzing with corrupted iinf/ipma/iref boxes)."""
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (200, 10, 10))).save(path, quality=60)
    data = bytearray(path.read_bytes())
    box = data.find(b"ipma") - 4
    flags, count = data[box + 11], struct.unpack(">I", data[box + 12 : box + 16])[0]
    position = box + 16
    for _ in range(count):
        data[position : position + 2] = b"\x77\x77"  # an item ID no item has
        position += 3 + data[position + 2] * (2 if flags & 1 else 1)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
def test_a_heic_with_damaged_item_boxes_is_unreadable_not_convertible(tmp_path: Path, fast: bool) -> None:
    photo = _heic_with_item_boxes_pointing_nowhere(tmp_path / "IMG_0002.HEIC")
    report = inspect_path(photo, fast=fast)
    assert [(f.code, f.params.get("reason")) for f in report.blockers()] == [("file.unreadable", "damaged")]
    assert "format.convertible" not in report.codes()


def test_a_reader_bug_is_damage_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.photo import readers

    photo = make_jpeg(tmp_path / "IMG_0003.JPG", 320, 240)

    def broken(path: Path, head: bytes, size: int) -> Any:
        raise IndexError("list index out of range")

    monkeypatch.setitem(readers.READERS, "jpeg", broken)
    read = read_file(photo)
    assert read.metadata is not None and read.metadata.unreadable == "damaged"
    assert read.metadata.problems[0].startswith("the reader failed: IndexError")
    assert "file.unreadable" in inspect_path(photo, fast=True).codes()


def test_json_text_keeps_every_file_name_byte_for_byte() -> None:
    name = os.fsdecode(b"/photos/\xff\xfe\xe4\xb8\xad.jpg")  # not UTF-8, as Linux allows
    text = jsontext.dumps({"path": name})
    text.encode("utf-8")  # valid UTF-8 text
    assert os.fsencode(json.loads(text)["path"]) == b"/photos/\xff\xfe\xe4\xb8\xad.jpg"
    assert "中" in text  # real Chinese stays readable
    assert jsontext.display(name) == "/photos/\ufffd\ufffd中.jpg"


@pytest.mark.skipif(sys.platform == "darwin", reason="APFS refuses names that are not UTF-8")
def test_a_photo_whose_name_is_not_utf8_is_inspected(tmp_path: Path) -> None:
    photo = Path(os.fsdecode(os.fsencode(tmp_path) + b"/IMG_\xff\xfe.jpg"))
    make_jpeg(photo, 320, 240)
    report = inspect_path(photo, fast=True)
    assert report.type == "jpeg" and "file.unreadable" not in report.codes()
    assert os.fsencode(json.loads(jsontext.dumps(report.to_json()))["path"]) == os.fsencode(photo)


def test_a_directory_claiming_65535_entries_keeps_its_real_ones(tmp_path: Path) -> None:
    """Pillow reads every entry a count claims (68,000 of them took 3 s); the real leading ones are kept."""
    photo = make_jpeg(tmp_path / "IMG_0004.JPG", 320, 240)
    data = bytearray(photo.read_bytes())
    tiff = data.find(b"Exif\x00\x00") + 6
    endian = "<" if data[tiff : tiff + 2] == b"II" else ">"
    ifd0 = tiff + struct.unpack(endian + "I", data[tiff + 4 : tiff + 8])[0]
    data[ifd0 : ifd0 + 2] = struct.pack(endian + "H", 65535)
    photo.write_bytes(bytes(data))
    report = inspect_path(photo, fast=True)
    assert report.camera.make == "Canon" and report.taken_at == "2026-05-01T10:00:00"
    assert any("65535 entries" in problem for problem in report.metadata.problems)  # type: ignore[union-attr]
