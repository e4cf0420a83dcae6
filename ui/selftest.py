"""`app.py --self-test`: the packaged app checks itself, headless, and exits 0 only when all is well.

The Qt-free checks come from `core.cli.selftest`; this module adds the Qt half: a QApplication on the
offscreen platform (so it runs on a build machine without a display), the app's Linguist
translations from `resources/i18n`, Qt's own zh_CN translation, the image-format plugins the window
uses for thumbnails and SVG icons, and one small widget rendered off screen. Nothing heavy (no main
window, no catalog) is created. `make dist` and the CI workflow run it on the built app.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable

from core import __version__
from core.base.resources import resource
from core.cli.selftest import Check, _last_line, run_checks

USAGE = "usage: yuantu --self-test [--quiet]"


def _application() -> object:
    # offscreen unless the caller chose a platform: the self-test must run without a display
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "yuantu", "--self-test"])
    return app


def _qt_platform() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QGuiApplication

    _application()
    return f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}"


def _app_translations() -> str:
    from PySide6.QtCore import QTranslator

    _application()
    folder = resource("i18n")
    files = sorted(folder.glob("*.qm")) if folder.is_dir() else []
    if not files:
        return f"no .qm files in {folder} (the window shows its English source strings)"
    failed = [path.name for path in files if not QTranslator().load(str(path))]
    if failed:
        raise RuntimeError(f"cannot load {', '.join(failed)}")
    return "loaded " + ", ".join(path.name for path in files)


def _qt_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    _application()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if translator.load("qtbase_zh_CN", folder) or translator.load(str(resource("i18n", "qtbase_zh_CN.qm"))):
        return "qtbase_zh_CN (dialog buttons in Chinese)"
    raise RuntimeError(f"qtbase_zh_CN.qm not found in {folder} nor in resources/i18n")


def _image_plugins() -> str:
    from PIL import Image
    from PySide6.QtGui import QIcon, QImage, QImageReader

    _application()
    formats = {bytes(name.data()).decode() for name in QImageReader.supportedImageFormats()}
    missing = {"jpeg", "png", "svg"} - formats
    if missing:
        raise RuntimeError(f"Qt image plugins missing: {', '.join(sorted(missing))}")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(buffer, "JPEG")
    image = QImage.fromData(buffer.getvalue())
    if image.isNull() or image.width() != 32:
        raise RuntimeError("Qt could not decode a JPEG")
    icons = sorted(resource("icons").glob("*.svg"))
    for path in icons:
        if QIcon(str(path)).pixmap(32, 32).isNull():
            raise RuntimeError(f"icon {path.name} does not render")
    return f"{len(formats)} image formats; JPEG decoded; {len(icons)} SVG icons render"


def _widget() -> str:
    from PySide6.QtWidgets import QLabel

    _application()
    label = QLabel("原图投诉助手 自检")
    label.resize(240, 40)
    pixmap = label.grab()
    if pixmap.isNull():
        raise RuntimeError("a label could not be drawn off screen")
    return f"label drawn {pixmap.width()}x{pixmap.height()}"


def _shipped_font() -> str:
    """The font the window falls back to and the watermark is drawn with must be inside the build."""
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.application import shipped_font_family

    _application()
    family = shipped_font_family()
    if family is None:
        raise RuntimeError("resources/fonts/YuantuSansSC-Regular.otf missing or unreadable")
    if not QFontMetrics(QFont(family)).inFontUcs4(ord("图")):
        raise RuntimeError(f"{family} has no Chinese glyphs")
    return f"{family} loaded"


def _bindings_keep_count() -> str:
    """PySide6 6.12.0 released None once too often on every void Qt call (Python 3.11): a build with such
    bindings would abort after a while of normal use, so the self-test refuses it."""
    import sys

    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QLabel

    _application()
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setVisible(False)
    lost = before - sys.getrefcount(None)
    if lost > 20:
        raise RuntimeError(f"PySide6 {pyside_version} loses a reference to None on every call ({lost} in 200)")
    return f"PySide6 {pyside_version}: reference counts kept"


QT_CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("Qt platform", _qt_platform),
    ("app translations (.qm)", _app_translations),
    ("Qt translations zh_CN", _qt_translations),
    ("Qt image plugins and icons", _image_plugins),
    ("off-screen widget", _widget),
    ("shipped Chinese font", _shipped_font),
    ("Qt bindings keep reference counts", _bindings_keep_count),
)


def run_qt_checks() -> list[Check]:
    results: list[Check] = []
    for name, check in QT_CHECKS:
        try:
            results.append(Check(name, True, check()))
        except Exception as error:  # every failure goes into the report; the self-test never crashes
            results.append(Check(name, False, f"{type(error).__name__}: {_last_line(error)}"))
    return results


def report(results: list[Check]) -> str:
    lines = [f"yuantu {__version__} self-test ({'frozen' if getattr(sys, 'frozen', False) else 'source'})"]
    lines += [f"  {'PASS' if check.ok else 'FAIL'}  {check.name}: {check.detail}" for check in results]
    failed = sum(not check.ok for check in results)
    lines.append(f"{len(results) - failed}/{len(results)} passed" + (f", {failed} FAILED" if failed else ""))
    return "\n".join(lines)


def main(arguments: list[str]) -> int:
    """Run every check, print the report, and return 0 only when all pass (2 on bad arguments)."""
    if any(argument not in ("--quiet",) for argument in arguments):
        print(USAGE, file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = run_checks() + run_qt_checks()
    text = report(results) + f" in {time.perf_counter() - started:.1f} s"
    stream = sys.stdout
    if stream is not None and "--quiet" not in arguments:  # a windowed Windows build has no stdout
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
        print(text, file=stream, flush=True)
    return 0 if all(check.ok for check in results) else 1
