"""Why a user's file cannot be read or written, as one short reason key, and opening only regular files.

Why one place: every command reads the user's files (inspect, faces, convert, sessions, the library), and
the same cause must give the same reason everywhere (DECISIONS.md: one code per cause). The message
catalogs hold a text for each key (`reason.*`, `face_reason.*`, `write_reason.*`).

Why "regular files only": opening a named pipe for reading waits for a writer that never comes, and a
device can return bytes forever. Such paths are refused from their `stat` before anything opens them,
and our own opens add `O_NONBLOCK` so a path swapped for a pipe in between cannot hang either.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from core.base.fileops import NotRegularFile

__all__ = ["NotRegularFile", "is_regular", "open_regular", "regular_size"]

# One reason map for every OSError: core.base.fileops.os_error_reason.


def _refuse_unless_regular(info: os.stat_result, path: str | os.PathLike[str]) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", os.fspath(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(errno.EINVAL, "not a regular file", os.fspath(path))


def regular_size(path: str | os.PathLike[str]) -> int:
    """The size of a regular file; raises `OSError` (`NotRegularFile` for pipes and devices) otherwise.
    Follows symbolic links, as opening would."""
    info = os.stat(path)
    _refuse_unless_regular(info, path)
    return info.st_size


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for binary reading; anything else raises `OSError` without blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        _refuse_unless_regular(os.fstat(descriptor), path)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def is_regular(path: str | os.PathLike[str]) -> bool:
    try:
        regular_size(path)
    except OSError:
        return False
    return True
