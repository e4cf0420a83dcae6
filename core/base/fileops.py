"""File operations every part of the app shares: content hashes, atomic writes, verified copies.

One home so that "written atomically" and "byte-identical, sha256-verified" mean the same thing in
the case file, conversions, thumbnails, the export and the model store. Nothing here ever writes to a
path it was given as a source; errors are the plain `OSError`s of the operating system (ENOSPC,
EACCES, EROFS, ...), read in one place (`os_error_reason`) into the short reason each caller words in
its own message, plus `CopyMismatch` when a copy does not hash like its source. An error always names
the file it is about: a copy that fails on a full disk names the copy being written, never the user's
photo it was read from.

Crash safety: every step that changes the disk passes `checkpoint()`, the one place a test can stop the
process (`YUANTU_KILL_AT=N` kills it with SIGKILL at the Nth step; `YUANTU_FILEOPS_TRACE=FILE` lists the
steps), so tests can prove what a user finds after a kill at each of them. Temporary files carry the
writing process's id, so the next start can tell a leftover of a killed process (`clean_temporaries`)
from a save still in progress.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import signal
import sys
import threading
from pathlib import Path

from core.base.jobs import check_cancel

CHUNK = 1 << 20  # 1 MiB: large enough to read at disk speed, small enough to notice a cancel quickly

PathLike = str | os.PathLike[str]

KILL_ENV = "YUANTU_KILL_AT"  # tests: "N" stops this process with SIGKILL at its Nth disk-changing step
TRACE_ENV = "YUANTU_FILEOPS_TRACE"  # tests: a file that gets one line per step ("N<TAB>label<TAB>path")
# Errors that can only come from the side being written, whichever file the OS error names.
WRITE_SIDE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})

# The longest name (UTF-8 bytes) this app gives a file or folder it makes: file systems allow 255 bytes
# (ext4, APFS) or 255 UTF-16 units (NTFS), and suffixes added later ("_2", ".conversion.json", ".zip",
# "_watermark.jpg") must still fit.
NAME_BYTES = 180

_steps = 0
_steps_lock = threading.Lock()


def checkpoint(label: str, path: PathLike) -> None:
    """Called before each step that changes the disk (create, write, fsync, rename, remove, copy).

    Costs two environment lookups unless a test asked for a trace or a kill: then the step is counted,
    listed, and at the chosen one the process dies at once, as with `kill -9` (no cleanup, no finally)."""
    kill, trace = os.environ.get(KILL_ENV), os.environ.get(TRACE_ENV)
    if not kill and not trace:
        return
    global _steps
    with _steps_lock:
        _steps += 1
        number = _steps
    if trace:
        with open(trace, "a", encoding="utf-8", errors="surrogateescape") as log:
            log.write(f"{number}\t{label}\t{os.fspath(path)}\n")
    if kill and kill.strip().isdigit() and int(kill) == number:
        if sys.platform == "win32":
            os._exit(137)
        os.kill(os.getpid(), signal.SIGKILL)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (a leftover of a dead one may be cleaned)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL+C there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined, unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(code.value == 259)  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


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


def shorten_name(name: str, max_bytes: int = NAME_BYTES) -> str:
    """`name` when its UTF-8 form fits in `max_bytes`; else its start, cut at a character, plus "~" and 6
    hex digits of its hash (two long names that start alike stay apart), with its suffix kept."""
    if len(name.encode("utf-8", "surrogateescape")) <= max_bytes:
        return name
    dot = name.rfind(".")
    suffix = name[dot:] if dot > 0 and len(name) - dot <= 10 else ""
    tag = "~" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    room = max_bytes - len((tag + suffix).encode("utf-8", "surrogateescape"))
    kept, used = [], 0
    for char in name[: len(name) - len(suffix)]:
        used += len(char.encode("utf-8", "surrogateescape"))
        if used > room:
            break
        kept.append(char)
    return "".join(kept).rstrip(". ") + tag + suffix


def temporary_name(name: str) -> str:
    """The name of the temporary file that stands in for `name` while it is written: hidden, and carrying
    this process's id so `clean_temporaries` knows whether its writer is still alive."""
    return f".{name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"


_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?:(?P<pid>\d+)-)?[0-9a-f]{8}\.tmp$")


def temporary_target(name: str) -> str | None:
    """The file a temporary file named `name` stands in for (`temporary_name` read back), else None."""
    match = _TEMPORARY.match(name)
    return match["name"] if match else None


def clean_temporaries(folder: PathLike, name: str | None = None) -> list[Path]:
    """Remove the temporary files a killed writer left in `folder` (for `name` only, when given); those
    of a process still running are kept. Returns what was removed; errors leave a file in place."""
    removed: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMPORARY.match(entry.name)
            if match is None or (name is not None and match["name"] != name) or not entry.is_file():
                continue
            if match["pid"] is not None and process_alive(int(match["pid"])):
                continue
            with contextlib.suppress(OSError):
                checkpoint("remove", entry.path)
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def atomic_write_bytes(path: PathLike, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` so a crash or a full disk leaves the old file or the new one, never half.

    The bytes go to a temporary file in the same folder (created with the user's usual permissions,
    not mkstemp's 0o600), are flushed to disk, and then replace `path` with `os.replace`; on any error
    the temporary file is removed and the error raised. `durable=False` skips the fsyncs, for caches
    whose loss costs only time (thumbnails)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / temporary_name(target.name)
    checkpoint("create", temporary)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            checkpoint("write", temporary)
            stream.write(data)
            if durable:
                stream.flush()
                checkpoint("fsync", temporary)
                os.fsync(stream.fileno())
        checkpoint("replace", target)
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
        checkpoint("copy", destination)
        try:
            shutil.copyfile(source, destination)
        except OSError as error:
            raise about_the_copy(error, destination) from None
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


def about_the_copy(error: OSError, destination: PathLike) -> OSError:
    """The same error, naming the copy being written when only that side can have failed: shutil's
    in-kernel copy (sendfile) names the source as the file of any error it hits, even a full disk."""
    if error.errno not in WRITE_SIDE_ERRORS or error.filename == os.fspath(destination):
        return error
    renamed = type(error)(error.errno, error.strerror or os.strerror(error.errno or 0), os.fspath(destination))
    renamed.__traceback__ = error.__traceback__
    return renamed


def rename(source: PathLike, target: PathLike) -> None:
    """`os.rename` as one step of a crash-safe sequence (journaled export, `case new`): a checkpoint,
    then the rename, then the folder made durable."""
    checkpoint("rename", target)
    os.rename(source, target)
    _fsync_folder(Path(target).parent)


def remove_tree(path: PathLike) -> None:
    """Delete a folder this app made (staging, a rolled-back build), ignoring what is already gone."""
    checkpoint("remove", path)
    shutil.rmtree(path, ignore_errors=True)
