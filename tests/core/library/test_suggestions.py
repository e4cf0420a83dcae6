"""Behind-the-scenes suggestions on a shoot built with Pillow + piexif, and the same-shoot test."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from core.base.findings import catalog as message_catalog
from core.library.catalog import Catalog
from core.library.suggestions import shares_shoot, suggest_bts, when_text
from tests.conftest import exif_bytes

CAMERA = {"make": "Canon", "model": "Canon EOS R6", "serial": "041022001234"}
PHONE = {"make": "Apple", "model": "iPhone 13", "serial": None}


def scene_jpeg(path: Path, scene: int, minute: float, hour: int = 10, day: int = 1, width: int = 1200,
               height: int = 900, noise_seed: int = 0, quality: int = 90, camera: dict | None = None) -> Path:
    """A distinct 'angle' per scene (big shapes), fine noise so it weighs like a photo, camera EXIF."""
    rng = np.random.default_rng(scene)
    image = Image.new("RGB", (width, height), tuple(int(v) for v in rng.integers(0, 255, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = int(rng.integers(0, width - 200)), int(rng.integers(0, height - 200))
        w, h = int(rng.integers(150, width // 2)), int(rng.integers(150, height // 2))
        draw.rectangle((x, y, x + w, y + h), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    noise = np.random.default_rng(1000 + noise_seed).normal(0, 18, (height, width, 3))
    pixels = np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype("uint8")
    minutes = int(minute)
    seconds = int(round((minute - minutes) * 60))
    taken = f"2026:05:{day:02d} {hour + minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}"
    exif = exif_bytes(taken=taken, size=(width, height), **(camera or CAMERA))
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=quality, exif=exif)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def build_shoot(root: Path) -> dict[str, Path]:
    shoot = root / "2026-05-01 新品 拍摄"
    files = {
        "complaint": scene_jpeg(shoot / "IMG_0100.JPG", 1, 10),
        "near": scene_jpeg(shoot / "IMG_0101.JPG", 1, 10.5, noise_seed=3),  # the same frame again
        "a": scene_jpeg(shoot / "IMG_0102.JPG", 2, 13),
        "b": scene_jpeg(shoot / "IMG_0103.JPG", 3, 16),
        "far": scene_jpeg(shoot / "IMG_0104.JPG", 4, 40),
        "small": scene_jpeg(shoot / "IMG_0105.JPG", 5, 12, width=480, height=360, quality=70),
        "phone": scene_jpeg(root / "assistant phone" / "IMG_7001.JPG", 6, 20, camera=PHONE),
        "other_day": scene_jpeg(root / "older" / "IMG_0001.JPG", 7, 10, day=2),
        "phone_other_day": scene_jpeg(root / "assistant phone" / "IMG_6000.JPG", 8, 0, day=3, camera=PHONE),
    }
    return files


def digest_all(root: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_suggestions_rank_the_shoot_and_explain_themselves(tmp_path: Path) -> None:
    files = build_shoot(tmp_path / "lib")
    assert files["small"].stat().st_size < 204800 < files["a"].stat().st_size
    before = digest_all(tmp_path / "lib")
    with Catalog() as catalog:
        found = suggest_bts(str(files["complaint"]), [str(tmp_path / "lib")], lang="en", catalog=catalog)
    by_name = {Path(s.path).name: s for s in found}
    paths = [Path(s.path) for s in found]
    assert files["complaint"] not in paths and files["near"] not in paths  # itself and its repeat
    assert files["other_day"] not in paths and files["phone_other_day"] not in paths
    # Passing files first, same camera before the other device, nearest in time first.
    assert paths == [files["a"], files["b"], files["far"], files["phone"], files["small"]]
    first = by_name["IMG_0102.JPG"]
    assert first.passes and first.same_device and first.failing == []
    assert first.reasons[0] == "same camera, serial 0410…, 3 min later"
    phone = by_name["IMG_7001.JPG"]
    assert phone.passes and not phone.same_device
    assert phone.reasons[0] == "another device, during the same shoot"
    assert "10 min later" in phone.reasons[1]
    small = by_name["IMG_0105.JPG"]
    assert not small.passes and small.failing == ["size.too_small"]
    assert any("200KB" in reason for reason in small.reasons)
    assert all(0 < s.score <= 1 for s in found)
    assert set(found[0].to_json()) >= {"path", "score", "reasons", "passes", "failing"}
    assert digest_all(tmp_path / "lib") == before  # originals are sacred


def test_reasons_come_in_chinese_by_default(tmp_path: Path) -> None:
    files = build_shoot(tmp_path / "lib")
    found = suggest_bts(str(files["complaint"]), [str(tmp_path / "lib")], limit=2)
    assert [Path(s.path) for s in found] == [files["a"], files["b"]]
    assert found[0].reasons[0] == "同一台相机（序列号 0410…），晚 3 分钟拍摄"
    assert found[0].reasons[1] == "符合平台规则"


def test_a_complaint_image_outside_the_library(tmp_path: Path) -> None:
    files = build_shoot(tmp_path / "lib")
    outside = tmp_path / "case" / "complaint.jpg"
    outside.parent.mkdir()
    outside.write_bytes(files["complaint"].read_bytes())
    found = suggest_bts(str(outside), [str(tmp_path / "lib" / "2026-05-01 新品 拍摄")])
    names = [Path(s.path).name for s in found]
    assert "IMG_0100.JPG" not in names  # a byte-identical copy of the complaint image
    assert names[:2] == ["IMG_0102.JPG", "IMG_0103.JPG"]


def test_a_photo_without_capture_time_gets_no_suggestions(tmp_path: Path) -> None:
    build_shoot(tmp_path / "lib")
    lone = tmp_path / "lib" / "stripped.jpg"
    image = Image.new("RGB", (300, 200), "red")
    image.save(lone, "JPEG")
    assert suggest_bts(str(lone), [str(tmp_path / "lib")]) == []
    assert suggest_bts(str(tmp_path / "missing.jpg"), [str(tmp_path / "lib")]) == []


def test_shares_shoot_per_file(tmp_path: Path) -> None:
    files = build_shoot(tmp_path / "lib")
    result = shares_shoot(str(files["complaint"]), [str(files["a"]), str(files["phone"]), str(files["other_day"]),
                                                    str(files["phone_other_day"])])
    assert result == {str(files["a"]): True, str(files["phone"]): True, str(files["other_day"]): False,
                      str(files["phone_other_day"]): False}



def test_when_text() -> None:
    en, zh = message_catalog("en"), message_catalog("zh_CN")
    assert when_text(en, 180) == "3 min later" and when_text(zh, -180) == "早 3 分钟拍摄"
    assert when_text(en, 12) == "12 s later" and when_text(en, 0.2).startswith("taken at the same moment")
    assert when_text(en, -3 * 3600) == "3 h earlier"
