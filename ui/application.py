"""Start the desktop app (placeholder until the desktop issue lands its window)."""

from __future__ import annotations

import sys


def run_gui(arguments: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1] + arguments)
    label = QLabel("原图投诉助手")
    label.show()
    return app.exec()
