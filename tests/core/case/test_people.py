"""Models and their ID photos: kept for later cases only when asked, deletable, all-or-nothing; the
purpose watermark goes on a copy and never changes the proof photo."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import shutil
from pathlib import Path

import piexif
import pytest
from PIL import Image

from core.base.appdata import models_dir
from core.case import people as models
from core.case.people import (
    Person,
    PersonStoreError,
    delete_kept_model,
    keep_model,
    kept_models,
    load_kept_model,
    watermark_copy,
)
from tests.conftest import make_jpeg


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def id_photo(folder: Path, name: str = "张三 身份证.jpg", **kwargs: object) -> Path:
    return make_jpeg(folder / "case" / name, 900, 600, **kwargs)  # type: ignore[arg-type]


def stored_files() -> list[Path]:
    return sorted(p for p in models_dir().rglob("*") if p.is_file())


def test_model_round_trips_through_json(tmp_path: Path) -> None:
    model = Person("张三", [str(tmp_path / "a.jpg")], [str(tmp_path / "look1.jpg")])
    assert len(model.id) == 32
    assert Person.from_json(model.to_json()) == model


def test_nothing_is_stored_unless_the_user_keeps_the_model(tmp_path: Path) -> None:
    proof = id_photo(tmp_path)
    model = Person("张三", [str(proof)], ["/shoot/a.jpg"])
    watermark_copy(proof, tmp_path / "case" / "export" / "id_marked.jpg")
    assert stored_files() == [] and kept_models() == []
    kept = keep_model(model)
    assert len(stored_files()) == 2  # the ID photo copy and model.json
    assert kept.id == model.id and kept.name == "张三" and kept.appears_in == []


def test_kept_copy_is_byte_identical_and_the_proof_untouched(tmp_path: Path) -> None:
    proofs = [id_photo(tmp_path), tmp_path / "case" / "back.png"]
    Image.new("RGB", (300, 200), (10, 20, 30)).save(proofs[1])
    before = [sha(p) for p in proofs]
    kept = keep_model(Person("李四", [str(p) for p in proofs], []))
    assert [sha(p) for p in proofs] == before
    assert [sha(Path(p)) for p in kept.proof_files] == before
    assert all(Path(p).parent == models_dir() / kept.id for p in kept.proof_files)
    assert [Path(p).suffix for p in kept.proof_files] == [".jpg", ".png"]
    assert [m.id for m in kept_models()] == [kept.id]
    assert load_kept_model(kept.id) == kept


def test_keeping_again_replaces_and_delete_removes_everything(tmp_path: Path) -> None:
    first, second = id_photo(tmp_path, "a.jpg", seed=1), id_photo(tmp_path, "b.jpg", seed=2)
    model = Person("王五", [str(first)], [])
    keep_model(model)
    model.proof_files = [str(second)]
    kept = keep_model(model)
    assert [sha(Path(p)) for p in kept.proof_files] == [sha(second)]
    assert delete_kept_model(model.id) is True
    assert stored_files() == [] and kept_models() == []
    assert delete_kept_model(model.id) is False
    assert first.exists() and second.exists()  # the case's own files are not the store's to delete


def test_a_failed_keep_leaves_nothing_partial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = id_photo(tmp_path, "a.jpg", seed=1), id_photo(tmp_path, "b.jpg", seed=2)
    earlier = keep_model(Person("赵六", [str(one)], [], id="a" * 32))
    real_copy = shutil.copyfile
    calls = []

    def disk_full_on_second(source: object, target: object) -> object:
        calls.append(source)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(models.shutil, "copyfile", disk_full_on_second)
    with pytest.raises(PersonStoreError, match="No space left"):
        keep_model(Person("赵六", [str(one), str(two)], [], id="a" * 32))
    assert load_kept_model("a" * 32) == earlier  # the earlier kept copy survives
    assert [p.name for p in models_dir().iterdir()] == ["a" * 32]


def test_ids_cannot_reach_outside_the_store() -> None:
    for bad in ("../../etc", "", "A" * 32):
        with pytest.raises(PersonStoreError):
            delete_kept_model(bad)


def test_watermark_copy_leaves_the_proof_bytes_unchanged(tmp_path: Path) -> None:
    gps = {piexif.GPSIFD.GPSLatitudeRef: "N", piexif.GPSIFD.GPSLatitude: ((30, 1), (15, 1), (0, 1))}
    exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: 6, piexif.ImageIFD.Make: "Apple"}, "Exif": {},
                        "GPS": gps, "1st": {}})
    proof = make_jpeg(tmp_path / "case" / "身份证 正面.jpg", 1200, 800, exif=exif)
    before, mtime = sha(proof), proof.stat().st_mtime_ns
    out = tmp_path / "case" / "export" / "id_watermarked.jpg"
    result = watermark_copy(proof, out, date=dt.date(2026, 5, 1))
    assert sha(proof) == before and proof.stat().st_mtime_ns == mtime
    assert result.path == out and out.is_file() and sha(out) != before
    with Image.open(out) as marked:
        assert marked.format == "JPEG" and marked.size == (800, 1200)  # upright, like the ID photo shows
        assert not marked.getexif()  # no GPS or camera data in the copy
    assert result.text.endswith("2026-05-01")
    assert sorted(p.name for p in out.parent.iterdir()) == ["id_watermarked.jpg"]  # no temporary left
    assert stored_files() == []


def test_watermark_is_chinese_with_a_cjk_font_and_english_without(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    proof = id_photo(tmp_path)
    monkeypatch.setattr(models, "find_cjk_font", lambda: None)
    english = watermark_copy(proof, tmp_path / "en.jpg", date=dt.date(2026, 5, 1))
    assert english.fallback and english.font is None
    assert english.text == "For image-infringement complaint only 2026-05-01"
    monkeypatch.undo()
    chinese = watermark_copy(proof, tmp_path / "zh.jpg", date=dt.date(2026, 5, 1))
    assert chinese.text == "仅限图片侵权投诉使用 2026-05-01" and not chinese.fallback and chinese.font


def test_the_watermark_is_drawn_with_the_shipped_font_the_same_everywhere(tmp_path: Path) -> None:
    """No system font is looked at: the same ID photo gets the same watermarked bytes on every computer."""
    from core.base.resources import resource

    proof = id_photo(tmp_path)
    first = watermark_copy(proof, tmp_path / "a.jpg", date=dt.date(2026, 5, 1))
    watermark_copy(proof, tmp_path / "b.jpg", date=dt.date(2026, 5, 1))
    assert first.font == resource("fonts", "YuantuSansSC-Regular.otf") and not first.fallback
    assert (tmp_path / "a.jpg").read_bytes() == (tmp_path / "b.jpg").read_bytes()
    plain = watermark_copy(proof, tmp_path / "c.jpg", text="x", date=dt.date(2026, 5, 1))
    assert (tmp_path / "c.jpg").read_bytes() != (tmp_path / "a.jpg").read_bytes() and plain.text == "x"


def test_watermark_never_replaces_the_proof(tmp_path: Path) -> None:
    proof = id_photo(tmp_path)
    before = sha(proof)
    with pytest.raises(ValueError):
        watermark_copy(proof, proof)
    assert sha(proof) == before
