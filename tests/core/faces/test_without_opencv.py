"""The app runs without OpenCV (the installer leaves it out): the face check and the EXIF thumbnail
comparison work with `cv2` impossible to import, and the thumbnail comparison scores as cv2 did."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import make_jpeg

ROOT = Path(__file__).resolve().parents[3]

_SCRIPT = """
import sys
sys.modules["cv2"] = None  # any `import cv2` now fails
from pathlib import Path
import numpy as np
from PIL import Image
from core.faces.detect import detect_faces
from core.inspection.originality.thumbnail import _ncc_search
from core.cli.selftest import run_checks

result = detect_faces(Path(sys.argv[1]))
assert result.error is None and result.faces == 0, result
grey = np.asarray(Image.open(sys.argv[1]).convert("L").resize((160, 120)), dtype=np.float32)
assert _ncc_search(grey, grey[10:100, 20:140].copy()) > 0.99
face_check = [check for check in run_checks() if check.name.startswith("face model")]
assert face_check and face_check[0].ok, face_check
print("ok")
"""


def test_face_check_and_thumbnail_comparison_need_no_opencv(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "样片 1.jpg", 1600, 1200)
    env = dict(os.environ, YUANTU_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", _SCRIPT, str(photo)], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_thumbnail_matching_scores_as_opencv_did() -> None:
    cv2 = pytest.importorskip("cv2", reason="OpenCV is only in the test extra: the comparison needs it")
    from core.inspection.originality.thumbnail import _ncc_search

    rng = np.random.default_rng(5)
    for trial in range(60):
        height, width = (int(v) for v in rng.integers(16, 170, 2))
        scene = np.cumsum(np.cumsum(rng.random((height, width)), axis=0), axis=1)
        image = (scene / scene.max() * 255).astype(np.float32)
        if trial % 3 == 0:
            image[: height // 3] = 10  # a flat band: windows without contrast
        h, w = int(rng.integers(4, height + 1)), int(rng.integers(4, width + 1))
        y, x = int(rng.integers(0, height - h + 1)), int(rng.integers(0, width - w + 1))
        template = image[y:y + h, x:x + w] + rng.normal(0, 5, (h, w)).astype(np.float32)
        expected = float(np.nanmax(cv2.matchTemplate(image, template, cv2.TM_CCOEFF_NORMED)))
        assert abs(_ncc_search(image, template) - expected) < 1e-3
