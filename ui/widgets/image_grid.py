"""The grid of the case's pictures: a card per picture with thumbnail, verdict badge and role chip.

`ImageGrid` is a QListView in icon mode that accepts dropped files and folders (`files_dropped`);
`ImageCardDelegate` paints each card from the model's roles, so the grid holds no data itself.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.models import case_images
from ui.widgets import theme

CARD = QSize(188, 226)
THUMB = 164
Index = QModelIndex | QPersistentModelIndex


class ImageCardDelegate(QStyledItemDelegate):
    def __init__(self, role_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role_names = role_names
        self._placeholder = theme.pixmap("image-placeholder", 64)
        self._badges = {name: theme.pixmap(name, 26) for name in theme.BADGES}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return CARD

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = option.rect.adjusted(6, 6, -6, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor(theme.ACCENT if selected else "#e3e6eb"), 2.5 if selected else 1))
        painter.setBrush(QColor("#fff7f2" if selected else "#ffffff"))
        painter.drawRoundedRect(card, 8, 8)

        frame = QRect(card.left() + 8, card.top() + 8, card.width() - 16, THUMB - 24)
        painter.fillRect(frame, QColor("#f1f3f6"))
        thumbnail = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(thumbnail, QPixmap) and not thumbnail.isNull():
            scaled = thumbnail.scaled(frame.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
            painter.drawPixmap(frame.center().x() - scaled.width() // 2 + 1,
                               frame.center().y() - scaled.height() // 2 + 1, scaled)
        else:
            painter.drawPixmap(frame.center().x() - 32, frame.center().y() - 32, self._placeholder)

        verdict = index.data(case_images.VERDICT) or ""
        busy = bool(index.data(case_images.BUSY))
        badge = self._badges["pending" if busy or not verdict else verdict]
        painter.drawPixmap(frame.right() - 30, frame.top() + 4, badge)

        faces = index.data(case_images.FACES)
        if isinstance(faces, int) and faces > 0:
            self._chip(painter, frame.left() + 4, frame.bottom() - 24, f"☺ {faces}", "#374151")

        role = str(index.data(case_images.ROLE) or "")
        color = theme.ROLE_COLORS.get("proof" if role == "model_proof" else role, "#6b7280")
        self._chip(painter, card.left() + 8, frame.bottom() + 8, self.role_names.get(role, role), color)

        painter.setPen(QColor("#374151"))
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF() - 0.5, 8))
        painter.setFont(font)
        name_rect = QRect(card.left() + 8, frame.bottom() + 36, card.width() - 16, 20)
        name = painter.fontMetrics().elidedText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
                                                Qt.TextElideMode.ElideMiddle, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.restore()

    def _chip(self, painter: QPainter, x: int, y: int, text: str, color: str) -> None:
        metrics = painter.fontMetrics()
        rect = QRect(x, y, metrics.horizontalAdvance(text) + 16, metrics.height() + 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def dropped_paths(mime: QMimeData) -> list[str] | None:
    """The local files and folders in a drag (Chinese and spaced names included); None when it carries
    no URLs at all, [] when its URLs are not files on this computer (a picture dragged out of a browser)."""
    if not mime.hasUrls():
        return None
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class ImageGrid(QListView):
    files_dropped = Signal(list)  # local paths; [] when only web links were dropped

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setSelectionMode(QListView.SelectionMode.ExtendedSelection)  # Ctrl/Shift: remove several
        self.setAcceptDrops(True)
        self.setDragDropMode(QListView.DragDropMode.DropOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths is None:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)
