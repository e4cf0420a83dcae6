"""core/ must never import Qt: the CLI and the GUI are two faces on one Qt-free core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'ui'):
            raise ImportError('core imported ' + name)
        return None
sys.meta_path.insert(0, Block())
import core
for info in pkgutil.walk_packages(core.__path__, 'core.'):
    importlib.import_module(info.name)
print('ok')
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
