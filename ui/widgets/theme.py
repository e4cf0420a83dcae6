"""The look of the window: icons drawn from resources/icons, colours, and one style sheet."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from core.base.resources import resource

ACCENT = "#c2410c"
ROLE_COLORS = {"complaint": "#c2410c", "bts": "#2563eb", "proof": "#7c3aed", "unassigned": "#6b7280"}

STYLE_SHEET = f"""
QMainWindow, QWidget#page {{ background: #f6f7f9; }}
QFrame#card {{ background: #ffffff; border: 1px solid #e3e6eb; border-radius: 8px; }}
QLabel#title {{ font-size: 20px; font-weight: 600; color: #1f2937; }}
QLabel#subtitle {{ font-size: 13px; color: #6b7280; }}
QLabel#section {{ font-size: 14px; font-weight: 600; color: #1f2937; }}
QLabel#hint {{ color: #6b7280; }}
QLabel#stepNumber {{ background: {ACCENT}; color: #ffffff; border-radius: 17px; font-size: 16px; font-weight: 700; }}
QLabel#dropHint {{ color: #6b7280; font-size: 13px; border: 2px dashed #c5ccd8; border-radius: 8px;
                   padding: 14px; background: #fbfcfd; }}
QPushButton {{ padding: 6px 14px; border-radius: 6px; border: 1px solid #c5ccd8; background: #ffffff; }}
QPushButton:hover {{ background: #f1f3f6; }}
QPushButton:disabled {{ color: #a0a7b4; }}
QPushButton#primary {{ background: {ACCENT}; color: #ffffff; border: 1px solid {ACCENT}; font-weight: 600; }}
QPushButton#primary:hover {{ background: #9a3412; }}
QPushButton#primary:disabled {{ background: #e8b9a3; border-color: #e8b9a3; }}
QPushButton#link {{ border: none; background: transparent; color: #2563eb; padding: 2px 4px; text-align: left; }}
QListView, QTreeView, QTableView {{ background: #ffffff; border: 1px solid #e3e6eb; border-radius: 6px; }}
QLineEdit {{ padding: 5px 8px; border: 1px solid #c5ccd8; border-radius: 6px; background: #ffffff; }}
QLineEdit[state="ok"] {{ border: 1px solid #1f9d55; }}
QLineEdit[state="block"] {{ border: 1px solid #d64545; background: #fff6f6; }}
QProgressBar {{ border: 1px solid #c5ccd8; border-radius: 5px; text-align: center; background: #ffffff;
                min-height: 16px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 4px; }}
QTabWidget::pane {{ border: 1px solid #e3e6eb; border-radius: 6px; background: #ffffff; }}
"""


@cache
def _renderer(name: str) -> QSvgRenderer:
    return QSvgRenderer(str(resource("icons", f"{name}.svg")))


def pixmap(name: str, size: int) -> QPixmap:
    """An icon from resources/icons rendered at `size` device-independent pixels."""
    result = QPixmap(QSize(size, size))
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _renderer(name).render(painter)
    painter.end()
    return result


def icon(name: str) -> QIcon:
    result = QIcon()
    for size in (16, 24, 32, 64):
        result.addPixmap(pixmap(name, size))
    return result


def color(hex_code: str) -> QColor:
    return QColor(hex_code)
