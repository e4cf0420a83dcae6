"""Paints a finding as a row a merchant reads: badge, optional file name, message, then the remedy.

Rows wrap to the view's width; the height follows the text. Used by the detail pane's findings and
by the checklist of open blockers.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.models import findings
from ui.widgets import theme

Index = QModelIndex | QPersistentModelIndex
BADGE = 18
PAD = 8
_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class FindingDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None, override_label: str = "", thumbnail: int = 0) -> None:
        super().__init__(parent)
        self.thumbnail = thumbnail  # >0: draw the row's picture in a column of this width
        self._badges = {name: theme.pixmap(name, BADGE) for name in theme.BADGES}
        self.override_label = override_label  # "Overridden: {reason}", translated by the view
        if isinstance(parent, QAbstractScrollArea):  # rows wrap to the width: nothing to scroll sideways to
            parent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _parts(self, index: Index) -> tuple[str, str, str]:
        caption = str(index.data(findings.CAPTION) or "")
        message = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        remedy = str(index.data(findings.REMEDY) or "")
        overridden = str(index.data(findings.OVERRIDDEN) or "")
        if overridden and self.override_label:
            remedy = self.override_label.format(reason=overridden)
        return caption, message, remedy

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 8))
        return bold, base, small

    def _layout(self, option: QStyleOptionViewItem, index: Index, width: int) -> list[tuple[QRect, QFont, str, str]]:
        caption, message, remedy = self._parts(index)
        bold, base, small = self._fonts(option)
        left = self._text_left()
        text_width = max(width - left - PAD, 60)
        lines: list[tuple[QRect, QFont, str, str]] = []
        y = PAD
        for text, font, color in ((caption, small, "#6b7280"), (message, bold, "#1f2937"), (remedy, base, "#4b5563")):
            if not text:
                continue
            rect = QFontMetrics(font).boundingRect(QRect(0, 0, text_width, 10000), int(_WRAP), text)
            lines.append((QRect(left, y, text_width, rect.height()), font, text, color))
            y += rect.height() + 3
        return lines

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        view = self.parent()
        width = 360
        if isinstance(view, QAbstractScrollArea):
            width = view.viewport().width()
            bar = view.verticalScrollBar()
            if not bar.isVisible():
                # Leave room for the scroll bar that more rows will bring: rows as wide as the bare viewport
                # would then stick out under it, clipped, with a sideways scroll bar.
                width -= view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        lines = self._layout(option, index, width)
        bottom = lines[-1][0].bottom() if lines else BADGE
        return QSize(width, max(bottom, BADGE, self.thumbnail * 3 // 4) + PAD + 4)

    def _text_left(self) -> int:
        return (self.thumbnail if self.thumbnail else BADGE) + 2 * PAD

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        rect: QRect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#fff1e8"))
        painter.setPen(QColor("#eef0f3"))
        painter.drawLine(rect.left() + PAD, rect.bottom(), rect.right() - PAD, rect.bottom())
        severity = str(index.data(findings.SEVERITY) or "pending")
        badge = self._badges.get(severity, self._badges["pending"])
        if self.thumbnail:
            frame = QRect(rect.left() + PAD, rect.top() + PAD, self.thumbnail, self.thumbnail * 3 // 4)
            painter.fillRect(frame, QColor("#f1f3f6"))
            picture = index.data(Qt.ItemDataRole.DecorationRole)
            if isinstance(picture, QPixmap) and not picture.isNull():
                scaled = picture.scaled(frame.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
                painter.drawPixmap(frame.center().x() - scaled.width() // 2 + 1,
                                   frame.center().y() - scaled.height() // 2 + 1, scaled)
            painter.drawPixmap(frame.right() - BADGE - 2, frame.top() + 2, badge)
        else:
            painter.drawPixmap(rect.left() + PAD, rect.top() + PAD, badge)
        for line, font, text, color in self._layout(option, index, rect.width()):
            painter.setFont(font)
            painter.setPen(QColor(color))
            painter.drawText(line.translated(rect.left(), rect.top()), int(_WRAP), text)
        painter.restore()
