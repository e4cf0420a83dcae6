"""`app.py case new|show`: creates a case from files, prints its open blockers; bad input is a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from tests.case_shoot import Shoot, hashes

LINK = "https://detail.1688.com/offer/623456789012.html"


def test_case_new_with_models_prints_no_blocker(tmp_path: Path, shoot: Shoot,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = hashes(shoot.all_files())
    folder = tmp_path / "案件 A"
    code = main(["case", "new", str(folder), "--profile", "1688", "--seller", "某某店", "--listing", LINK + "?spm=1",
                 "--complaint", str(shoot.complaint), "--bts", str(shoot.bts[0]), "--bts", str(shoot.bts[1]),
                 "--model", "小红", "--model-proof", str(shoot.proof), "--model-in", str(shoot.complaint),
                 "--no-model-reason", "只拍了商品", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["blockers"] == []
    assert data["case"]["models"][0]["appears_in"] == [str(shoot.complaint)]
    assert data["case"]["no_model"] == {str(p): "只拍了商品" for p in shoot.bts}
    assert hashes(shoot.all_files()) == before
    assert main(["case", "show", str(folder), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["case"] == data["case"] and shown["blockers"] == []


def test_case_new_prints_blockers_in_chinese_and_english(tmp_path: Path, shoot: Shoot,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    assert main(["case", "new", str(folder), "--seller", "s", "--listing", "https://m.tb.cn/h.x",
                 "--complaint", str(shoot.complaint), "--bts", str(shoot.bts[0])]) == 0
    out = capsys.readouterr().out
    assert "case.bts_too_few" in out and "花絮图至少需要 2 张" in out and "blockers: 3" in out
    assert main(["case", "show", str(folder), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "At least 2 behind-the-scenes images" in out and "short-link" in out


def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path, shoot: Shoot,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "没有 这个.jpg"
    assert main(["case", "new", str(tmp_path / "c"), "--seller", "s", "--listing", LINK,
                 "--complaint", str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err and not (tmp_path / "c").exists()
    assert main(["case", "show", str(tmp_path / "nowhere"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "case.not_found"
    with pytest.raises(SystemExit) as usage:
        main(["case", "new", str(tmp_path / "c"), "--seller", "s", "--complaint", str(shoot.complaint),
              "--model-proof", str(shoot.proof)])
    assert usage.value.code == 2
