"""File operations every part of the app shares: content hashes, atomic writes, verified copies.

One home so that "written atomically" and "byte-identical, sha256-verified" mean the same thing in
the case file, conversions, thumbnails, the export and the model store. Nothing here ever writes to a
path it was given as a source; errors are the plain `OSError`s of the operating system (ENOSPC,
EACCES, EROFS, ...), read in one place (`os_error_reason`) into the short reason each caller words in
its own message, plus `CopyMismatch` when a copy does not hash like its source.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
import threading
from pathlib import Path

from core.base.jobs import check_cancel

CHUNK = 1 << 20  # 1 MiB: large enough to read at disk speed, small enough to notice a cancel quickly

PathLike = str | os.PathLike[str]


def os_error_reason(error: OSError) -> str:
    """The one reading of an operating-system error: "vanished", "disk_full", "read_only", "permission",
    "directory" or "io_error" (each area words these under its own `label.*reason.` keys)."""
    if isinstance(error, FileNotFoundError) or error.errno == errno.ENOENT:
        return "vanished"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk_full"
    if error.errno == errno.EROFS:
        return "read_only"
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return "permission"
    if isinstance(error, IsADirectoryError):
        return "directory"
    return "io_error"


class CopyMismatch(Exception):
    """A copy does not hash like its source: the source changed while (or since) it was read, or the
    disk returned other bytes. The partial copy has been removed."""

    def __init__(self, source: PathLike, destination: PathLike, expected: str, actual: str) -> None:
        super().__init__(f"the copy of {os.fspath(source)} at {os.fspath(destination)} does not match the "
                         f"original (sha256 {actual[:12]}… instead of {expected[:12]}…)")
        self.source = Path(source)
        self.destination = Path(destination)
        self.expected = expected
        self.actual = actual


def sha256_file(path: PathLike, cancel: threading.Event | None = None, chunk: int = CHUNK) -> str:
    """The sha256 of a file's bytes, read in chunks; raises `Cancelled` between chunks when asked."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            check_cancel(cancel)
            digest.update(block)
    return digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable where the platform allows it (not on Windows: folders cannot be opened)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def atomic_write_bytes(path: PathLike, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` so a crash or a full disk leaves the old file or the new one, never half.

    The bytes go to a temporary file in the same folder (created with the user's usual permissions,
    not mkstemp's 0o600), are flushed to disk, and then replace `path` with `os.replace`; on any error
    the temporary file is removed and the error raised. `durable=False` skips the fsyncs, for caches
    whose loss costs only time (thumbnails)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_folder(target.parent)


def atomic_write_text(path: PathLike, text: str, encoding: str = "utf-8", durable: bool = True) -> None:
    """`atomic_write_bytes` for text (UTF-8 unless told otherwise; newlines written as given)."""
    atomic_write_bytes(path, text.encode(encoding), durable)


def copy_verified(source: PathLike, destination: PathLike, expected: str | None = None,
                  cancel: threading.Event | None = None) -> str:
    """Copy the bytes of `source` to `destination` (no metadata, the source is only read), then prove
    the copy by sha256 and return that hash.

    The source is hashed before copying, or `expected` (its known hash, e.g. from when it was added to
    a case) stands for it, so a source that changed since is caught too. On a mismatch the copy is
    removed and `CopyMismatch` raised; on an OSError (full disk, no permission) a partial copy this
    call made is removed and the error raised."""
    wanted = expected if expected is not None else sha256_file(source, cancel)
    existed = os.path.lexists(destination)
    try:
        shutil.copyfile(source, destination)
        actual = sha256_file(destination, cancel)
    except BaseException:
        if not existed:  # only what this call wrote
            with contextlib.suppress(OSError):
                os.unlink(destination)
        raise
    if actual != wanted:
        with contextlib.suppress(OSError):
            os.unlink(destination)
        raise CopyMismatch(source, destination, wanted, actual)
    return actual
