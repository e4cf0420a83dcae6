"""Find my original on generated shoots: every thief transform finds the frame it was made from, a
near-identical neighbour never wins without `ambiguous`, bad queries get a finding, the originals
are only read, and the comparison picture is written where asked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

from core.matching.index import MatchIndex
from core.matching.query import MatchResult, match_image
from tests.core.matching import scenes

pytest.importorskip("cv2")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MatchIndex, dict[str, str]]:
    folder = tmp_path_factory.mktemp("library")
    for seed in (1, 2):
        for tag, frame in scenes.frames(seed).items():
            scenes.save(frame, folder / f"shoot{seed}_{tag}.jpg", 92)
    scenes.save(scenes.scene(3).crop((0, 0, 1400, 1050)), folder / "other.jpg", 92)
    hashes = {p.name: _sha(p) for p in folder.iterdir()}
    index = MatchIndex(tmp_path_factory.mktemp("data") / "index.sqlite3")
    files = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())]
    assert index.update(files, workers=1) == len(files)
    return folder, index, hashes


def _query(tmp_path: Path, image: Image.Image, name: str, quality: int = 85) -> Path:
    return scenes.save(image, tmp_path / name, quality)


def _judge(result: MatchResult, expected: str) -> None:
    """The right frame first, or the top two flagged ambiguous with the right one among them."""
    assert result.candidates, result.findings
    names = [Path(c.path).name for c in result.candidates]
    if result.ambiguous:
        assert expected in names[:2], names
        assert any(f.code == "match.ambiguous" for f in result.findings)
    else:
        assert names[0] == expected, [(n, c.score) for n, c in zip(names, result.candidates, strict=True)]


@pytest.mark.parametrize("transform", sorted(scenes.TRANSFORMS))
def test_every_thief_transform_finds_the_frame(library: tuple[Path, MatchIndex, dict[str, str]], tmp_path: Path,
                                               transform: str) -> None:
    folder, index, _ = library
    source = Image.open(folder / "shoot1_a.jpg")
    query = _query(tmp_path, scenes.TRANSFORMS[transform](source), f"listing_{transform}.webp"
                   if transform == "watermark" else f"listing_{transform}.jpg", scenes.QUALITY.get(transform, 85))
    result = match_image(query, index, lang="en")
    _judge(result, "shoot1_a.jpg")
    best = result.candidates[0]
    assert best.mirrored == (transform == "mirrored")
    x, y, w, h = best.region
    assert x >= 0 and y >= 0 and x + w <= best.size[0] + 1 and y + h <= best.size[1] + 1
    if transform == "crop_to_half":
        assert 0.35 < w * h / (best.size[0] * best.size[1]) < 0.65, best.region


@pytest.mark.parametrize("frame", ["b", "c", "d"])
def test_near_identical_neighbour_never_wins_silently(library: tuple[Path, MatchIndex, dict[str, str]],
                                                      tmp_path: Path, frame: str) -> None:
    """Copies of the moved-object, shifted and relit frames find that frame (or say ambiguous)."""
    folder, index, _ = library
    source = Image.open(folder / f"shoot2_{frame}.jpg")
    for name, transform in (("resize", scenes.TRANSFORMS["resize_600_q60"]), ("card", scenes.card)):
        query = _query(tmp_path, transform(source), f"{frame}_{name}.jpg", 70)
        _judge(match_image(query, index, lang="en"), f"shoot2_{frame}.jpg")


def test_the_moved_object_is_told_apart(library: tuple[Path, MatchIndex, dict[str, str]], tmp_path: Path) -> None:
    folder, index, _ = library
    query = _query(tmp_path, scenes.fit(Image.open(folder / "shoot1_b.jpg"), 800), "b.jpg", 90)
    result = match_image(query, index, lang="en")
    assert not result.ambiguous and Path(result.candidates[0].path).name == "shoot1_b.jpg"


def test_a_collage_returns_each_original(library: tuple[Path, MatchIndex, dict[str, str]], tmp_path: Path) -> None:
    folder, index, _ = library
    picks = ["shoot1_b.jpg", "shoot2_a.jpg", "other.jpg"]
    query = _query(tmp_path, scenes.collage([Image.open(folder / p) for p in picks]), "collage.jpg")
    result = match_image(query, index, lang="en")
    parts = {c.part: [] for c in result.candidates}
    for candidate in result.candidates:
        parts[candidate.part].append(Path(candidate.path).name)
    tops = {names[0] for names in parts.values()} | {names[1] for names in parts.values() if len(names) > 1
                                                     and result.ambiguous}
    assert set(picks) <= tops, parts


def test_bad_queries_get_a_clear_finding(library: tuple[Path, MatchIndex, dict[str, str]], tmp_path: Path) -> None:
    _, index, _ = library
    text = tmp_path / "listing.jpg"
    text.write_text("<html>not a picture</html>", encoding="utf-8")
    tiny = _query(tmp_path, scenes.fit(scenes.scene(1), 90), "thumb.jpg")
    blank = _query(tmp_path, Image.new("RGB", (800, 600), (240, 240, 240)), "blank.png")
    unrelated = _query(tmp_path, scenes.fit(scenes.scene(77), 800), "unrelated.jpg")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    expected = {text: "file.unreadable", tiny: "match.query_too_small", blank: "match.query_blank",
                unrelated: "match.no_match", empty: "file.unreadable"}
    for query, code in expected.items():
        result = match_image(query, index, lang="en")
        assert [f.code for f in result.findings] == [code], (query.name, result.findings)
        assert not result.candidates
        assert result.findings[0].message and result.findings[0].remedy


def test_empty_library_says_so(tmp_path: Path) -> None:
    query = _query(tmp_path, scenes.fit(scenes.scene(1), 800), "q.jpg")
    with MatchIndex(tmp_path / "index.sqlite3") as index:
        result = match_image(query, index, lang="zh_CN")
    assert [f.code for f in result.findings] == ["match.library_empty"]


def test_originals_are_only_read_and_evidence_is_written(library: tuple[Path, MatchIndex, dict[str, str]],
                                                         tmp_path: Path) -> None:
    from core.matching.evidence import save_comparison

    folder, index, hashes = library
    query = _query(tmp_path, scenes.crop50(Image.open(folder / "shoot1_a.jpg")), "crop.jpg")
    result = match_image(query, index, lang="en")
    picture = save_comparison(query, result.candidates[0], tmp_path / "case" / "对比.jpg")
    with Image.open(picture) as opened:
        assert opened.size[0] > opened.size[1] > 200
    assert {p.name: _sha(p) for p in folder.iterdir()} == hashes


def test_unchanged_files_are_not_indexed_again(library: tuple[Path, MatchIndex, dict[str, str]]) -> None:
    folder, index, _ = library
    files = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())]
    assert index.update(files, workers=1) == 0


def test_the_comparison_picture_says_what_each_panel_is(library: tuple[Path, MatchIndex, dict[str, str]],
                                                        tmp_path: Path) -> None:
    """A platform reviewer opens the picture alone: each panel is captioned in Chinese, with the files' names."""
    import numpy as np

    from core.base.findings import catalog
    from core.matching.evidence import PANEL, captions, comparison_picture

    folder, index, _ = library
    query = _query(tmp_path, scenes.watermark(Image.open(folder / "shoot2_a.jpg")), "别家 商品图.jpg")
    result = match_image(query, index)
    best = result.candidates[0]
    labels = catalog("zh_CN")
    assert captions(query, best) == [(labels.label("match.panel.listing"), "别家 商品图.jpg"),
                                     (labels.label("match.panel.original"), Path(best.path).name),
                                     (labels.label("match.panel.overlay"), ""),
                                     (labels.label("match.panel.difference"), "")]
    assert all("\u4e00" <= text[0][0] <= "\u9fff" for text in captions(query, best))  # Chinese by default
    sheet = np.asarray(comparison_picture(query, best).convert("L"))
    height, width = sheet.shape
    assert 0.6 < height / width < 1.4  # two by two: large enough to read wherever it is shown
    tall = PANEL * 3 // 4  # landscape scenes: every panel is 3/4 of PANEL tall
    under = sheet[tall + 20: tall + 70, :]  # the captions of the first row, below its panels
    assert (under < 120).sum() > 500  # ink: the captions are drawn, not only reserved
