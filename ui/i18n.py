"""The window's language: Qt Linguist translations (`resources/i18n/yuantu_<lang>.qm`).

Source strings are English in the code (`self.tr("...")`); Chinese is the default because the
merchants are Chinese: "system" follows the computer's language and falls back to Chinese unless the
system is English. Findings text comes from the core's message catalog in the same language.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.base.resources import resource

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []
_language = "zh_CN"


def resolve(setting: str) -> str:
    """The language to show for a setting ("system", "zh_CN" or "en"): "zh_CN" or "en"."""
    if setting in ("zh_CN", "en"):
        return setting
    system = QLocale.system().name()  # e.g. "zh_CN", "en_US", "C"
    return "en" if system.lower().startswith("en") else "zh_CN"


def install(setting: str) -> str:
    """Load the translator for `setting` into the running application; returns the language used."""
    global _language
    language = _language = resolve(setting)
    app = QCoreApplication.instance()
    if app is None:
        return language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ours = resource("i18n", f"yuantu_{language}.qm")
    # Qt's own strings (standard buttons, "Show Details...") come with Qt; the packager keeps only these.
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for path in (ours, qt_folder / f"qtbase_{language}.qm"):
        translator = QTranslator(app)
        if path.exists() and translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
        elif path == ours and language != "en":
            log.warning("translation %s is missing; the window shows English", path)
    return language


def current() -> str:
    """The language currently installed (for the findings catalog)."""
    return _language
