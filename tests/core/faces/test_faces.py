"""Face check: the shipped model and its decoding, bad files get an answer (never a traceback), the
model-proof rule, settings from the rules file, cancel and progress. Photos with real faces are in
test_faces_corpus.py."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import piexif
import pytest
from PIL import Image

from core.base.findings import Severity
from core.base.jobs import Cancelled, Progress
from core.base.rules import check_table, load_profile
from core.faces import centerface
from core.faces.detect import (
    FaceResult,
    detect_faces,
    detect_faces_batch,
    model_proof_findings,
    settings,
    whole_photo_edge,
)
from tests.conftest import make_jpeg, noise_image

ROOT = Path(__file__).resolve().parents[3]


def factory(lang: str | None = None):  # type: ignore[no-untyped-def]
    return load_profile("1688").findings(lang)


def test_model_ships_in_resources_with_its_licence_and_a_dynamic_input() -> None:
    path = centerface.model_path()
    assert path.parent.name == "faces" and path.stat().st_size > 7_000_000  # the real 7.3 MB model, not a stub
    licence = (path.parent / "LICENSE-centerface.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Permission is hereby granted" in licence
    session = centerface.model()._session
    (given,) = session.get_inputs()
    assert given.shape[1] == 3 and all(isinstance(dim, str) for dim in (given.shape[2], given.shape[3]))
    # one photo on one core: a batch spreads photos over the caller's pool instead
    assert session.get_session_options().intra_op_num_threads == 1


def test_decoding_finds_one_box_per_heat_map_peak() -> None:
    heat = np.zeros((40, 60), np.float32)
    heat[10, 20] = 0.9  # a face centre, with the blob of weaker neighbours a real heat map has
    heat[9:12, 19:22] = np.maximum(heat[9:12, 19:22], 0.6)
    heat[30, 50] = 0.3  # a second, weaker face
    sizes = np.zeros((2, 40, 60), np.float32)
    sizes[:, 10, 20] = np.log(32 / 4)  # 32 x 32 input pixels
    sizes[0, 30, 50], sizes[1, 30, 50] = np.log(24 / 4), np.log(16 / 4)  # 24 high, 16 wide
    offsets = np.zeros((2, 40, 60), np.float32)
    offsets[:, 10, 20] = 0.25
    boxes = centerface.decode_output(heat, sizes, offsets, 0.2)
    assert len(boxes) == 2
    strongest = boxes[np.argmax(boxes[:, 4])]
    centre = (20 + 0.25 + 0.5) * 4, (10 + 0.25 + 0.5) * 4
    assert np.allclose(strongest, [centre[0] - 16, centre[1] - 16, 32, 32, 0.9], atol=1e-4)
    weaker = boxes[np.argmin(boxes[:, 4])]
    assert np.allclose(weaker[2:4], [16, 24], atol=1e-4)
    assert len(centerface.decode_output(heat, sizes, offsets, 0.95)) == 0


def test_suppression_keeps_the_strongest_box_of_each_face() -> None:
    boxes = np.array([
        [10, 10, 40, 40, 0.6],  # the same face as the next, weaker
        [12, 11, 40, 42, 0.9],
        [20, 20, 12, 12, 0.5],  # nested inside it: the same face at another scale
        [200, 50, 30, 30, 0.4],  # another face
    ])
    kept = centerface.suppress(boxes, iou=0.3, containment=0.7)
    assert kept[:, 4].tolist() == [0.9, 0.4]


def test_input_keeps_the_aspect_and_is_padded_to_the_model_grid() -> None:
    pixels = np.full((290, 500, 3), 255, np.uint8)
    blob, scale = centerface.prepare(pixels, 640)
    assert blob.shape == (1, 3, 384, 640) and blob.dtype == np.float32 and scale == 640 / 500
    # 290 rows become 371 (aspect kept); the 13 rows below them are black padding
    assert blob[0, :, :371, :].min() == 255 and blob[0, :, 371:, :].max() == 0


def test_wide_photos_get_the_input_pixels_of_a_4_3_one() -> None:
    """Face width is measured on the short side: a panorama must not lose it to a long-side limit."""
    s = settings()
    assert whole_photo_edge(4000, 3000, s) == whole_photo_edge(3000, 4000, s) == s.input_edge
    wide = whole_photo_edge(4608, 1976, s)
    assert wide > s.input_edge and abs(wide * wide * 1976 / 4608 - s.input_edge**2 * 0.75) < 0.01 * s.input_edge**2


def test_detector_thresholds_come_from_the_rules_file() -> None:
    table = check_table(load_profile("1688"), "faces")
    assert table["severity"]["face.model_proof_required"] == "block"
    detector = table["detector"]
    active = settings()
    assert active.input_edge == detector["input_edge"]
    assert active.look_confidence == detector["look_confidence"]
    assert active.work_edge == detector["work_edge"]


_NO_TELEMETRY = """
import sys
from pathlib import Path
from core.faces.detect import detect_faces
assert detect_faces(Path(sys.argv[1])).error is None
print("ok")
"""


def test_the_runtime_leaves_nothing_in_the_users_home(tmp_path: Path) -> None:
    """ONNX Runtime's telemetry (a device id and an event store under ~/.cache/Microsoft) stays off."""
    photo = make_jpeg(tmp_path / "photo.jpg", 800, 600)
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "ORT_DISABLE_TELEMETRY"}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONPATH=str(ROOT),
               YUANTU_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", _NO_TELEMETRY, str(photo)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert [p.relative_to(home) for p in home.rglob("*")] == []


def test_face_free_photo_reports_no_face_and_its_upright_size(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "纹理 photo.jpg", 1600, 1200)
    result = detect_faces(photo)
    assert result.error is None
    assert (result.faces, result.boxes, result.width, result.height) == (0, [], 1600, 1200)
    assert result.to_json() == {"path": str(photo), "faces": 0, "boxes": [], "scores": [], "width": 1600,
                                "height": 1200, "error": None}


def test_plain_and_smooth_images_have_no_face(tmp_path: Path) -> None:
    flat = tmp_path / "flat.png"
    Image.new("RGB", (800, 600), (200, 190, 180)).save(flat)
    gradient = tmp_path / "gradient.jpg"
    Image.linear_gradient("L").resize((1200, 900)).convert("RGB").save(gradient, quality=90)
    assert [r.faces for r in detect_faces_batch([flat, gradient])] == [0, 0]


def test_size_is_reported_after_exif_orientation(tmp_path: Path) -> None:
    exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: 6}, "Exif": {}, "GPS": {}, "1st": {}})
    photo = make_jpeg(tmp_path / "rotated.jpg", 1200, 800, exif=exif)
    result = detect_faces(photo)
    assert (result.width, result.height) == (800, 1200)


def _bad_file(folder: Path, kind: str) -> Path:
    if kind == "vanished":
        return folder / "missing.jpg"
    if kind == "directory":
        return folder
    path = folder / {"empty": "empty.jpg", "not_image": "notes.jpg", "truncated": "cut.jpg",
                     "damaged": "zero_size.jpg", "raw_no_preview": "fake.dng"}[kind]
    if kind == "not_image":
        path.write_text("not a photo", encoding="utf-8")
    elif kind in ("truncated", "damaged"):
        buffer = io.BytesIO()
        noise_image(800, 600).save(buffer, "JPEG", quality=90)
        data = buffer.getvalue()
        if kind == "truncated":
            path.write_bytes(data[: len(data) // 3])
        else:  # a frame header claiming 0x0 pixels: no decoder opens it
            sof = data.find(b"\xff\xc0")
            path.write_bytes(data[: sof + 5] + bytes(4) + data[sof + 9 :])
    elif kind == "raw_no_preview":  # a DNG header (one IFD entry: DNGVersion 1.4) with nothing behind it
        entry = struct.pack("<HHI4s", 0xC612, 1, 4, bytes([1, 4, 0, 0]))
        path.write_bytes(b"II*\x00" + struct.pack("<IH", 8, 1) + entry + b"\x00" * 68)
    else:
        path.write_bytes(b"")
    return path


@pytest.mark.parametrize("reason", ["vanished", "empty", "not_image", "truncated", "damaged", "directory",
                                    "raw_no_preview"])
def test_bad_files_get_a_reason_never_a_traceback(tmp_path: Path, reason: str) -> None:
    path = _bad_file(tmp_path, reason)
    result = detect_faces(path)
    assert result.faces == 0 and result.boxes == []
    assert result.error and result.reason == reason
    findings = model_proof_findings(result, False, None, factory())
    assert [(f.code, f.severity) for f in findings] == [("face.not_checked", Severity.WARN)]
    assert path.name in findings[0].message
    assert findings[0].params["reason_text"] != "face_reason." + reason  # a real text from the catalog


def test_model_proof_rule() -> None:
    seen = FaceResult("/photos/模特 1.jpg", faces=2, boxes=[(1, 2, 30, 40), (50, 2, 30, 40)], width=100, height=100,
                      scores=[0.99, 0.97])
    required = model_proof_findings(seen, False, None, factory())
    assert [(f.code, f.severity) for f in required] == [("face.model_proof_required", Severity.BLOCK)]
    assert "2" in required[0].message and "模特 1.jpg" in required[0].message
    assert "模特手持身份证正面照" in required[0].remedy and "不是模特" in required[0].remedy
    assert "其中 2 张还没有对应的模特证明" in required[0].message

    english = model_proof_findings(seen, False, None, factory("en"))[0]
    assert "ID card" in english.remedy and "not a model" in english.remedy

    covered = model_proof_findings(seen, True, None, factory())
    assert [(f.code, f.severity) for f in covered] == [("face.model_proof_attached", Severity.OK)]

    declared = model_proof_findings(seen, False, "画像，不是模特", factory())
    assert [(f.code, f.severity) for f in declared] == [("face.no_model_declared", Severity.OK)]
    assert "画像，不是模特" in declared[0].message and declared[0].params["reason"] == "画像，不是模特"

    blank_reason = model_proof_findings(seen, False, "   ", factory())
    assert blank_reason[0].code == "face.model_proof_required"

    none = model_proof_findings(FaceResult("/photos/product.jpg", width=10, height=10), False, None, factory())
    assert [(f.code, f.severity) for f in none] == [("face.none", Severity.OK)]


def test_batch_reports_progress_and_honours_cancel(tmp_path: Path) -> None:
    photos = [make_jpeg(tmp_path / f"{i}.jpg", 400, 300, seed=i) for i in range(3)]
    seen: list[Progress] = []
    results = detect_faces_batch(photos, progress=seen.append)
    assert [r.path for r in results] == [str(p) for p in photos]
    assert (seen[-1].done, seen[-1].total) == (3, 3)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        detect_faces_batch(photos, cancel=cancel)
    with pytest.raises(Cancelled):
        detect_faces(photos[0], cancel=cancel)


def test_photos_checked_at_the_same_time_give_the_same_answers(tmp_path: Path) -> None:
    photos = [make_jpeg(tmp_path / f"{i}.jpg", 1200, 900, seed=i) for i in range(4)]
    alone = [detect_faces(photo).to_json() for photo in photos]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = [result.to_json() for result in pool.map(detect_faces, photos)]
    assert together == alone


def test_detector_never_writes_to_the_photo(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "source.jpg", 1200, 900)
    before = (photo.read_bytes(), photo.stat().st_mtime_ns)
    detect_faces(photo)
    assert (photo.read_bytes(), photo.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.jpg"]
