"""The shared file operations: hashes, atomic writes and verified copies never damage a source or leave half a file."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from core.base import fileops
from core.base.fileops import CopyMismatch, atomic_write_bytes, atomic_write_text, copy_verified, sha256_file
from core.base.jobs import Cancelled


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sha256_file_reads_in_chunks_and_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(3 * 1024 + 17))
    assert sha256_file(path, chunk=1024) == _sha(path) == sha256_file(str(path))
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        sha256_file(path, stop, chunk=1024)


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "新 文件夹" / "case.json"
    atomic_write_text(target, "第一版\n")
    atomic_write_bytes(target, "第二版\n".encode())
    assert target.read_text(encoding="utf-8") == "第二版\n"
    assert [p.name for p in target.parent.iterdir()] == ["case.json"]
    umask = os.umask(0)
    os.umask(umask)
    if os.name == "posix":  # the user's usual permissions, not a private 0o600 temp file
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    atomic_write_bytes(tmp_path / "cache.jpg", b"x", durable=False)
    assert (tmp_path / "cache.jpg").read_bytes() == b"x"


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_atomic_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  number: int) -> None:
    target = tmp_path / "case.json"
    target.write_text("old", encoding="utf-8")

    def fail(*_: Any) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(fileops.os, "replace", fail)
    with pytest.raises(OSError) as error:
        atomic_write_text(target, "new")
    assert error.value.errno == number
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_copy_verified_is_byte_identical_and_leaves_the_source_alone(tmp_path: Path) -> None:
    source = tmp_path / "证件 照.jpg"
    source.write_bytes(os.urandom(200_000))
    before, mtime = _sha(source), source.stat().st_mtime_ns
    digest = copy_verified(source, tmp_path / "copy.jpg")
    assert digest == before == _sha(tmp_path / "copy.jpg")
    assert _sha(source) == before and source.stat().st_mtime_ns == mtime
    assert copy_verified(source, tmp_path / "copy2.jpg", expected=before) == before


def test_a_copy_that_does_not_match_is_removed_and_named(tmp_path: Path) -> None:
    source = tmp_path / "a.jpg"
    source.write_bytes(b"now different")
    stale = hashlib.sha256(b"as it was when added").hexdigest()
    with pytest.raises(CopyMismatch) as error:
        copy_verified(source, tmp_path / "copy.jpg", expected=stale)
    assert error.value.source == source and "a.jpg" in str(error.value)
    assert not (tmp_path / "copy.jpg").exists()


def test_a_copy_changed_on_the_way_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.jpg"
    source.write_bytes(b"original bytes")
    real_copy = shutil.copyfile

    def corrupting_copy(src: Any, dst: Any, **kwargs: Any) -> Any:
        real_copy(src, dst, **kwargs)
        Path(dst).write_bytes(b"other bytes")  # what a failing disk or another program might leave
        return dst

    monkeypatch.setattr(fileops.shutil, "copyfile", corrupting_copy)
    with pytest.raises(CopyMismatch):
        copy_verified(source, tmp_path / "copy.jpg")
    assert not (tmp_path / "copy.jpg").exists() and source.read_bytes() == b"original bytes"


def test_a_full_disk_during_a_copy_leaves_no_partial_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.jpg"
    source.write_bytes(b"x" * 5000)

    def half_then_full(src: Any, dst: Any, **_: Any) -> None:
        Path(dst).write_bytes(b"x" * 100)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileops.shutil, "copyfile", half_then_full)
    with pytest.raises(OSError) as error:
        copy_verified(source, tmp_path / "copy.jpg")
    assert error.value.errno == errno.ENOSPC
    assert not (tmp_path / "copy.jpg").exists() and source.read_bytes() == b"x" * 5000
