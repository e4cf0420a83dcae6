"""Start the desktop app: `run_gui(arguments) -> int` is the GUI entry that app.py calls.

Sets up, in order: the log file and error dialogs, the settings, the language, the look, and the main
window (which reopens the last case). On exit it saves the case and waits for background work.
"""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from core.base.resources import resource
from ui import errors, i18n, settings, tasks
from ui.widgets import theme

log = logging.getLogger(__name__)

# Fonts that draw Chinese well on each platform, best first. Where none is installed (a bare Linux
# machine) the font the app ships (resources/fonts, a subset of Noto Sans CJK SC) draws everything, so
# Chinese is never drawn as empty boxes.
_CJK_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
              "WenQuanYi Micro Hei")
SHIPPED_FONT = ("fonts", "YuantuSansSC-Regular.otf")
SHIPPED_FAMILY = "Yuantu Sans SC"  # scripts/build_font_subset.py names it so: it never shadows a system font


def _parse(arguments: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="yuantu", add_help=False)
    parser.add_argument("--lang", choices=["zh_CN", "en"], default=None)
    parser.add_argument("--case", default=None, help="open this case folder")
    known, _qt_arguments = parser.parse_known_args(arguments)
    return known


def shipped_font_family() -> str | None:
    """Register the shipped font with Qt (once) and return its family; None when it cannot be loaded."""
    path = resource(*SHIPPED_FONT)
    if SHIPPED_FAMILY in QFontDatabase.families():
        return SHIPPED_FAMILY
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("the shipped font %s could not be loaded", path)
        return None
    return str(families[0])


def choose_font(app: QApplication) -> str | None:
    """Set the window's font: a system font that draws Chinese, else the shipped one. Returns the family."""
    shipped = shipped_font_family()
    families = set(QFontDatabase.families())
    for family in (*_CJK_FONTS, shipped):
        if family and family in families:
            font = QFont(family)
            if shipped and family != shipped:
                font.setFamilies([family, shipped])  # characters the system font lacks come from ours
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
            return family
    return None


def create_application(arguments: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1] + arguments)
    app.setApplicationName("yuantu")
    app.setApplicationDisplayName("原图投诉助手")
    app.setOrganizationName("yuantu")
    app.setWindowIcon(theme.icon("app"))
    app.setStyle("Fusion")  # the same look on Windows, macOS and Linux, and in screenshots
    app.setStyleSheet(theme.STYLE_SHEET)
    choose_font(app)
    return app


def run_gui(arguments: list[str]) -> int:
    options = _parse(arguments)
    log_path = errors.install()
    app = create_application(arguments)
    config = settings.load()
    if options.lang:
        config.language = options.lang
    i18n.install(config.language)
    log.info("starting; log file %s", log_path)

    from ui.main_window import MainWindow

    window = MainWindow(config)
    window.show()
    window.restore_last_case(options.case)
    status = app.exec()
    window.shutdown()
    tasks.cancel_all()
    tasks.wait_for_all()
    return int(status)
