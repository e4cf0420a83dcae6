"""The 3-day rule, the authorized-sellers list, and the case list grouped by state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.case import index as case_index
from core.case import lifecycle, sellers
from core.case.casefile import Case, HistoryEntry, save_case
from core.case.index import group, list_cases, same_seller_recent

TZ = dt.timezone(dt.timedelta(hours=8))
SUBMITTED = dt.datetime(2026, 11, 28, 10, 0, tzinfo=TZ)


def submitted_case(folder: Path, seller: str, when: dt.datetime, number: str = "N1") -> Case:
    case = Case(profile="1688", seller=seller)
    exported = when - dt.timedelta(hours=1)
    case.history.append(HistoryEntry(exported.isoformat(), "exported", {}))
    lifecycle.note_exported(case, exported.isoformat())
    lifecycle.submit(case, when, number, now=when)
    save_case(case, folder)
    return case


@pytest.mark.parametrize(("offset", "merged"), [
    (dt.timedelta(days=3), True),  # exactly three days later: still "within three days"
    (dt.timedelta(days=3, minutes=1), False),
    (dt.timedelta(days=2, hours=23), True),
    (-dt.timedelta(days=3), True),  # the other complaint was filed after this one
    (-dt.timedelta(days=3, minutes=1), False),
])
def test_three_day_rule_on_both_sides_of_the_boundary(tmp_path: Path, offset: dt.timedelta, merged: bool) -> None:
    submitted_case(tmp_path / "earlier", "某某店", SUBMITTED)
    new = Case(profile="1688", seller=" 某某店 ")
    found = same_seller_recent(new, tmp_path / "new", SUBMITTED + offset, list_cases([str(tmp_path / "earlier")]))
    assert [Path(s.folder).name for s in found] == (["earlier"] if merged else [])


def test_three_day_rule_compares_sellers_and_platforms_not_spelling(tmp_path: Path) -> None:
    submitted_case(tmp_path / "a", "ＡＢＣ 旗舰店", SUBMITTED)
    others = list_cases([str(tmp_path / "a")])
    later = SUBMITTED + dt.timedelta(days=1)
    assert same_seller_recent(Case(profile="1688", seller="abc旗舰店"), None, later, others)
    assert not same_seller_recent(Case(profile="1688", seller="别的店"), None, later, others)
    assert not same_seller_recent(Case(profile="taobao", seller="abc旗舰店"), None, later, others)
    # the case itself never counts
    assert not same_seller_recent(others[0].case, tmp_path / "a", later, others)  # type: ignore[arg-type]


def test_authorized_sellers_list_warns_before_export(tmp_path: Path) -> None:
    path = tmp_path / "sellers.json"
    sellers.add_authorized("分销商甲", "2025年起的分销商", path)
    sellers.add_authorized("分销商乙", path=path)
    assert [s.name for s in sellers.load_authorized(path)] == ["分销商甲", "分销商乙"]
    listed = sellers.load_authorized(path)
    finding = sellers.authorized_finding(Case(profile="1688", seller="分销商甲 "), "zh_CN", listed)
    assert finding is not None and finding.severity.value == "warn" and "许可名单" in finding.message
    assert "2025年起的分销商" in finding.message
    assert sellers.authorized_finding(Case(profile="1688", seller="盗图店"), "zh_CN", listed) is None
    sellers.remove_authorized("分销商甲", path)
    assert [s.name for s in sellers.load_authorized(path)] == ["分销商乙"]


def test_unreadable_sellers_list_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sellers.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(sellers.CaseError) as error:
        sellers.load_authorized(path)
    assert error.value.code == "lifecycle.sellers_unreadable"


def test_cases_grouped_by_state_next_deadline_first_with_a_seller_search(tmp_path: Path) -> None:
    submitted_case(tmp_path / "late", "乙店", dt.datetime(2026, 11, 20, 10, tzinfo=TZ))
    submitted_case(tmp_path / "soon", "甲店", dt.datetime(2026, 12, 1, 10, tzinfo=TZ))
    submitted_case(tmp_path / "today", "丙店", dt.datetime(2026, 11, 27, 10, tzinfo=TZ))
    save_case(Case(profile="1688", seller="丁店"), tmp_path / "draft")
    folders = [str(tmp_path / name) for name in ("soon", "late", "today", "draft")]
    summaries = list_cases(folders, today=dt.date(2026, 12, 1))
    grouped = group(summaries)
    assert [key for key, _ in grouped] == ["submitted", "preparing"]
    rows = grouped[0][1]
    assert [Path(r.folder).name for r in rows] == ["late", "today", "soon"]
    assert [r.standing.urgency for r in rows if r.standing] == ["overdue", "due_today", None]
    assert [Path(r.folder).name for _, rows in group(summaries, "甲") for r in rows] == ["soon"]
    listed = summaries[0].to_json()
    assert listed["state"] == "submitted" and listed["deadline"] == "2026-12-03" and listed["days_left"] == 2


def test_case_folders_outside_the_app_data_folder_are_remembered(tmp_path: Path) -> None:
    save_case(Case(profile="1688", seller="甲"), tmp_path / "elsewhere")
    case_index.remember(tmp_path / "elsewhere")
    assert tmp_path / "elsewhere" in case_index.known_folders()
