"""`app.py case status` and `case list`: record the complaint's way, refuse bad input plainly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from core.case import lifecycle
from core.case.casefile import Case, HistoryEntry, case_file, save_case
from core.cli import main


def _exported(folder: Path, seller: str = "某某店", hours_ago: float = 5) -> Path:
    case = Case(profile="1688", seller=seller)
    when = (lifecycle.local_now() - dt.timedelta(hours=hours_ago)).isoformat()
    case.history.append(HistoryEntry(when, "exported", {}))
    lifecycle.note_exported(case, when)
    save_case(case, folder)
    return folder


def _ago(hours: float) -> str:
    return lifecycle.shown_time(lifecycle.local_now() - dt.timedelta(hours=hours))


def test_status_submitted_then_rejected_then_listed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _exported(data_dir / "cases" / "a")
    assert main(["case", "status", str(folder), "--submitted", _ago(2), "--number", "T123", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "submitted" and data["number"] == "T123" and data["platform"] == "1688"
    assert data["deadline_text"].startswith("对方举证截止：") and data["days_left"] >= 1
    assert [e["event"] for e in data["timeline"]] == ["exported", "submitted"]
    assert main(["case", "status", str(folder), "--result", "rejected", "--reason", "bts_unrelated", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "rejected" and data["next"]["action"] == "suggestions"
    assert main(["case", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["cases"]
    assert [(c["state"], c["seller"]) for c in listed] == [("rejected", "某某店")]
    assert main(["case", "list"]) == 0
    assert "投诉不成立" in capsys.readouterr().out


@pytest.mark.parametrize(("arguments", "expected"), [
    (["--submitted", "FUTURE", "--number", "1"], "还没有到"),
    (["--submitted", "BEFORE_EXPORT", "--number", "1"], "早于这个案件第一次导出"),
    (["--submitted", "tomorrow morning", "--number", "1"], "不是可用的时间"),
    (["--submitted", "NOW", "--number", "1", "--platform", "pdd"], "不认识的平台"),
    (["--result", "upheld", "--how", "manual"], "还没有登记提交"),
    (["--result", "rejected", "--reason", "blurry"], "还没有登记提交"),
    (["--withdrawn"], "没有可以撤销的投诉"),
    (["--reason", "not_original"], "只有投诉不成立"),
    (["--how", "deleted"], "只有投诉成立"),
])
def test_bad_input_is_a_clear_message_and_changes_nothing(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                          arguments: list[str], expected: str) -> None:
    folder = _exported(data_dir / "cases" / "a")
    times = {"FUTURE": _ago(-3), "BEFORE_EXPORT": _ago(8), "NOW": _ago(0)}
    before = case_file(folder).read_bytes()
    code = main(["case", "status", str(folder), *[times.get(a, a) for a in arguments]])
    err = capsys.readouterr().err
    assert code == 1 and expected in err and "Traceback" not in err
    assert case_file(folder).read_bytes() == before


def test_unknown_reason_code_on_a_submitted_case(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _exported(data_dir / "cases" / "a")
    assert main(["case", "status", str(folder), "--submitted", _ago(1), "--number", "9"]) == 0
    capsys.readouterr()
    before = case_file(folder).read_bytes()
    assert main(["case", "status", str(folder), "--result", "rejected", "--reason", "blurry", "--json",
                 "--lang", "en"]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "lifecycle.unknown_reason" and "blurry" in error["message"]
    assert "accused_has_original" in error["remedy"]
    assert case_file(folder).read_bytes() == before


def test_a_second_complaint_against_the_same_seller_within_three_days_says_so(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _exported(data_dir / "cases" / "a")
    second = _exported(data_dir / "cases" / "b", seller="某某店 ")
    assert main(["case", "status", str(first), "--submitted", _ago(4), "--number", "1"]) == 0
    capsys.readouterr()
    assert main(["case", "status", str(second), "--submitted", _ago(1), "--number", "2", "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)["notices"]
    assert [n["code"] for n in notices] == ["lifecycle.same_seller_recent"]
    assert str(first) in notices[0]["remedy"]


def test_status_of_a_missing_case_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "status", str(tmp_path / "none"), "--withdrawn"]) == 1
    assert "这里没有案件文件" in capsys.readouterr().err


def test_starting_a_case_against_a_recent_or_authorized_seller_says_so(
        data_dir: Path, tmp_path: Path, shoot: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from core.case import sellers

    earlier = _exported(data_dir / "cases" / "a", seller="某某店", hours_ago=30)
    assert main(["case", "status", str(earlier), "--submitted", _ago(20), "--number", "77"]) == 0
    capsys.readouterr()
    assert main(["case", "new", str(tmp_path / "b"), "--seller", "某某店", "--complaint", str(shoot.complaint),
                 "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)["notices"]
    assert [n["code"] for n in notices] == ["lifecycle.same_seller_recent"] and "77" in notices[0]["message"]
    sellers.add_authorized("分销商甲", "2025年起")
    assert main(["case", "new", str(tmp_path / "c"), "--seller", "分销商甲", "--complaint", str(shoot.complaint)]) == 0
    out = capsys.readouterr().out
    assert "许可名单" in out and "2025年起" in out
    assert main(["case", "list", "--json"]) == 0  # cases made outside the app-data folder are listed too
    listed = {Path(c["case_dir"]).name for c in json.loads(capsys.readouterr().out)["cases"]}
    assert listed == {"a", "b", "c"}


def test_exporting_a_case_against_an_authorized_seller_warns(tmp_path: Path, shoot: Any,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from core.case import sellers

    sellers.add_authorized("分销商甲", "2025年起")
    folder = tmp_path / "c"
    assert main(["case", "new", str(folder), "--seller", "分销商甲", "--complaint", str(shoot.complaint)]) == 0
    capsys.readouterr()
    main(["export", str(folder), "--out", str(tmp_path / "out")])
    assert "许可名单" in capsys.readouterr().err
    main(["export", str(folder), "--out", str(tmp_path / "out"), "--json"])
    notices = json.loads(capsys.readouterr().out)["notices"]
    assert [n["code"] for n in notices] == ["lifecycle.seller_authorized"]
