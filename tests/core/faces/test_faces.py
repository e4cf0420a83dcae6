"""Face check: bad files get an answer (never a traceback), the model-proof rule, settings from the
rules file, cancel and progress. Photos with real faces are in test_faces_corpus.py."""

from __future__ import annotations

import io
import struct
import threading
from pathlib import Path

import piexif
import pytest
from PIL import Image

from core.base.findings import Severity
from core.base.jobs import Cancelled, Progress
from core.base.rules import check_table, load_profile
from core.faces.detect import FaceResult, detect_faces, detect_faces_batch, model_files, model_proof_findings, settings
from tests.conftest import make_jpeg, noise_image


def factory(lang: str | None = None):  # type: ignore[no-untyped-def]
    return load_profile("1688").findings(lang)


def test_model_ships_inside_the_installed_package() -> None:
    prototxt, caffemodel = model_files()
    assert prototxt.is_file() and caffemodel.is_file()
    assert caffemodel.stat().st_size > 5_000_000  # the real 10 MB res10 SSD, not a stub


def test_detector_thresholds_come_from_the_rules_file() -> None:
    table = check_table(load_profile("1688"), "faces")
    assert table["severity"]["face.model_proof_required"] == "block"
    detector = table["detector"]
    active = settings()
    assert active.input_size == detector["input_size"]
    assert active.verify_confidence == detector["verify_confidence"]
    assert active.tile_grid == detector["tile_grid"]


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


def test_detector_never_writes_to_the_photo(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "source.jpg", 1200, 900)
    before = (photo.read_bytes(), photo.stat().st_mtime_ns)
    detect_faces(photo)
    assert (photo.read_bytes(), photo.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.jpg"]
