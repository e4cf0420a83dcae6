"""Thumbnails and previews, decoded off the GUI thread and cached in memory.

`ThumbnailCache.get(path)` answers at once: the cached pixmap, or None after queueing a decode on
the pool; `ready(path)` says when it arrived, and the models repaint that row. Decoding is core's one
small-and-upright routine (type sniffed from the content, so every RAW shows its embedded preview), so
what the merchant sees (and face boxes) match the photo as displayed. Nothing goes to
disk: ID photos must never land in a cache outside the case folder.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap

from core.photo.decode import decode, shrink
from ui import tasks

THUMB_SIZE = 176
PREVIEW_SIZE = 1024
MAX_CACHED = 600


def load_image(path: str, size: int) -> QImage | None:
    """Decode `path` to a QImage no larger than `size` (safe on a worker thread); None if unreadable."""
    try:
        image = shrink(decode(Path(path), size).image, size, Image.Resampling.BICUBIC)
    except Exception:  # unreadable files get the placeholder; their finding explains why
        return None
    data = image.tobytes("raw", "RGB")
    result = QImage(data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888)
    return result.copy()  # own the pixels: `data` goes away with this frame


class ThumbnailCache(QObject):
    """Pixmaps by (path, size); decodes on the pool, at most one job per picture at a time."""

    ready = Signal(str)

    def __init__(self, size: int = THUMB_SIZE, parent: QObject | None = None,
                 loader: Callable[[str, int], QImage | None] = load_image) -> None:
        super().__init__(parent)
        self.size = size
        self._loader = loader
        self._pixmaps: OrderedDict[str, QPixmap | None] = OrderedDict()
        self._pending: set[str] = set()
        self._cancel = threading.Event()

    def get(self, path: str) -> QPixmap | None:
        if path in self._pixmaps:
            self._pixmaps.move_to_end(path)
            return self._pixmaps[path]
        if path not in self._pending:
            self._pending.add(path)
            size, loader = self.size, self._loader

            def job(_progress: object, _cancel: object) -> QImage | None:
                return loader(path, size)

            def done(image: QImage | None) -> None:
                self._arrived(path, image)

            def failed(_error: BaseException) -> None:
                self._arrived(path, None)

            tasks.run_in_background(job, on_done=done, on_error=failed, cancel=self._cancel, owner=self)
        return None

    def known(self, path: str) -> bool:
        return path in self._pixmaps

    def _arrived(self, path: str, image: QImage | None) -> None:
        self._pending.discard(path)
        self._pixmaps[path] = QPixmap.fromImage(image) if image is not None and not image.isNull() else None
        while len(self._pixmaps) > MAX_CACHED:
            self._pixmaps.popitem(last=False)
        self.ready.emit(path)

    def clear(self) -> None:
        self._pixmaps.clear()
