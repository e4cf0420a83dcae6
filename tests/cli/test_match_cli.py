"""`app.py match` from the command line: the JSON shape, a bad query as a finding, the table, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import main
from tests.core.matching import scenes

pytest.importorskip("cv2")


def test_match_json_shape_and_bad_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "照片库"
    library.mkdir()
    frames = scenes.frames(4)
    for tag in ("a", "b"):
        scenes.save(frames[tag], library / f"IMG_{tag}.jpg", 92)
    listing = scenes.save(scenes.card(frames["a"]), tmp_path / "商品图.jpg", 80)
    broken = tmp_path / "broken.webp"
    broken.write_bytes(b"RIFF....WEBPVP8 nothing")
    index = tmp_path / "index.sqlite3"
    args = ["match", str(listing), str(broken), "--library", str(library), "--index", str(index), "--json",
            "--lang", "en", "--evidence", str(tmp_path / "evidence")]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [entry["query"] for entry in data] == [str(listing), str(broken)]
    first, second = data
    assert set(first) == {"query", "candidates", "ambiguous", "findings"}
    best = first["candidates"][0]
    assert set(best) >= {"path", "score", "mirrored", "region", "reasons"}
    assert Path(best["path"]).name == "IMG_a.jpg" or first["ambiguous"]
    assert len(best["region"]) == 4 and best["mirrored"] is False and best["reasons"]
    assert second["candidates"] == [] and [f["code"] for f in second["findings"]] == ["file.unreadable"]
    assert list((tmp_path / "evidence").glob("*.jpg"))
    assert main(["match", str(listing), "--library", str(library), "--index", str(index), "--top", "1"]) == 0
    table = capsys.readouterr().out
    assert "IMG_" in table and str(listing) in table


def test_match_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", str(tmp_path / "q.jpg"), "--library", str(tmp_path / "missing")]) == 2
    with pytest.raises(SystemExit):
        main(["match", "--library", str(tmp_path)])
