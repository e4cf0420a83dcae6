"""After export in the window: the start screen grouped by state, the status strip, and the one
"what next" action for each of the platform's rejection reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from core.base import appdata
from core.case import lifecycle
from core.case.build import create_case
from core.case.casefile import Case, HistoryEntry, load_case, save_case
from tests.ui.conftest import shoot, wait_idle

pytestmark = pytest.mark.gui


def _case(name: str, seller: str, state: str = "exported", submitted_days_ago: float | None = None,
          reason: str | None = None, images: list[Path] | None = None) -> Path:
    folder = appdata.cases_dir() / name
    if images:
        case = create_case(folder, profile_id="1688", seller=seller, listings=[], complaint=[str(images[0])],
                           bts=[str(p) for p in images[1:]])
    else:
        case = Case(profile="1688", seller=seller)
    now = lifecycle.local_now()
    if state != "preparing":
        exported = now - dt.timedelta(days=(submitted_days_ago or 0) + 1)
        case.history.append(HistoryEntry(exported.isoformat(), "exported", {}))
        lifecycle.note_exported(case, exported.isoformat())
    if submitted_days_ago is not None:
        lifecycle.submit(case, now - dt.timedelta(days=submitted_days_ago), f"N-{name}", now=now)
    if reason:
        lifecycle.record_result(case, "rejected", reason=reason, now=now)
    save_case(case, folder)
    return folder


def test_start_screen_groups_cases_by_state_next_deadline_first(window: Any, qtbot: Any) -> None:
    from ui.models.findings import CAPTION, REMEDY
    from ui.models.start import PATH, URGENCY

    _case("draft", "丁店", state="preparing")
    _case("old", "乙店", submitted_days_ago=12)  # its window is long over: overdue, first
    _case("new", "甲店", submitted_days_ago=0)
    _case("exported", "丙店")
    _case("rejected", "戊店", submitted_days_ago=5, reason="not_original")
    start = window.start_view
    start.refresh()
    qtbot.waitUntil(lambda: not start.cases.loading, timeout=10000)
    groups = [(key, [Path(f).name for f in folders]) for key, folders in start.cases.groups()]
    assert groups == [("submitted", ["old", "new"]), ("rejected", ["rejected"]), ("exported", ["exported"]),
                      ("preparing", ["draft"])]
    submitted = start.cases.item(0)
    assert submitted.text().startswith("等待对方举证")
    overdue = submitted.child(0)
    assert overdue.data(URGENCY) == "overdue" and "已过期" in overdue.data(REMEDY)
    assert "对方举证截止" in str(submitted.child(1).data(CAPTION))
    start.search.setText("甲")
    assert [(k, [Path(f).name for f in fs]) for k, fs in start.cases.groups()] == [("submitted", ["new"])]
    start.search.setText("")
    # a double-click on a case row opens it; on a group row nothing happens
    start._open_index(start.cases.index(0, 0))
    assert window.workspace is None
    first = start.cases.item(0).child(0)
    start._open_index(first.index())
    assert window.workspace is not None and window.workspace.folder.name == "old"
    assert str(window.workspace.folder) == str(first.data(PATH))


ACTIONS = {"not_original": "rerun_originality", "not_found_in_listing": "find_original",
           "accused_has_original": "ownership_evidence", "model_proof_missing": "model_panel",
           "bts_unrelated": "suggestions"}


@pytest.mark.parametrize("reason", list(ACTIONS))
def test_each_rejection_reason_offers_its_action(window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any,
                                                 reason: str) -> None:
    from ui.widgets import dialogs

    frames = shoot(tmp_path / "拍摄", frames=3)
    folder = _case("rejected", "盗图店", submitted_days_ago=3, reason=reason, images=frames)
    assert window.open_case(str(folder))
    wait_idle(qtbot, window)
    view = window.case_view
    bar = view.status_bar
    assert bar.state_label.text() == "投诉不成立"
    assert bar.reason_label.isVisibleTo(bar) and "→" in bar.reason_label.text()
    assert bar.action_button.isVisibleTo(bar) and bar.current_action == ACTIONS[reason]
    assert bar.resubmit_button.isVisibleTo(bar)
    complaint = str(frames[0])
    if reason == "not_original":
        view.tabs.setCurrentWidget(view.models)
        bar.action_button.click()
        assert view.tabs.currentWidget() is view.detail and view.selected() == complaint
        wait_idle(qtbot, window)
        assert window.workspace.report(complaint) is not None  # read again, shown in the details
    elif reason == "not_found_in_listing":
        listing_image = str(frames[1])
        monkeypatch.setattr(dialogs, "ask_files", lambda *_a: [listing_image])
        asked: list[list[str]] = []
        window.show_find_original = asked.append  # the find-my-original view's entry point
        bar.action_button.click()
        assert asked == [[listing_image]]
        del window.show_find_original
        bar.action_button.click()  # not merged yet: a plain message, no error
        assert any("找原图" in text or "原图" in text for text in dialogs.informed)
    elif reason == "accused_has_original":
        bar.action_button.click()
        page = folder / "ownership_evidence.html"
        qtbot.waitUntil(page.exists, timeout=60000)
        text = page.read_text(encoding="utf-8")
        assert "031234567890" in text and "司法途径" in text
        qtbot.waitUntil(lambda: any("司法途径" in t for t in dialogs.informed), timeout=10000)
    elif reason == "model_proof_missing":
        bar.action_button.click()
        assert view.tabs.currentWidget() is view.models
    else:
        bar.action_button.click()
        assert view.tabs.currentWidget() is view.suggestions and view.selected() == complaint


def test_resubmit_opens_a_linked_new_case(window: Any, qtbot: Any, tmp_path: Path) -> None:
    frames = shoot(tmp_path / "拍摄", frames=3)
    folder = _case("rejected", "盗图店", submitted_days_ago=3, reason="bts_unrelated", images=frames)
    window.open_case(str(folder))
    wait_idle(qtbot, window)
    window.case_view.status_bar.resubmit_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.folder != folder, timeout=30000)
    new = window.workspace
    assert new.case.status.state == "preparing" and new.case.status.resubmission_of == str(folder)
    assert len(new.case.images()) == 3
    assert load_case(folder).status.resubmitted_as == str(new.folder)
    wait_idle(qtbot, window)


def test_submitting_in_the_window_and_bad_input(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    from ui import errors
    from ui.views import status_dialogs

    folder = _case("ready", "某某店")
    window.open_case(str(folder))
    bar = window.case_view.status_bar
    assert bar.submit_button.isVisibleTo(bar) and bar.submit_button.isEnabled()
    before = load_case(folder)
    future = lifecycle.local_now() + dt.timedelta(days=1)
    monkeypatch.setattr(status_dialogs, "ask_submission", lambda *_a: (future, "123", "1688"))
    bar.submit_button.click()
    assert errors.shown and "还没有到" in errors.shown[-1][0]
    assert window.workspace.case.status == before.status and load_case(folder).status == before.status
    when = lifecycle.local_now() - dt.timedelta(minutes=5)
    monkeypatch.setattr(status_dialogs, "ask_submission", lambda *_a: (when, "123", "1688"))
    bar.submit_button.click()
    qtbot.waitUntil(lambda: load_case(folder).status.state == "submitted", timeout=5000)
    assert bar.deadline_label.text().startswith("对方举证截止：")
    assert bar.result_button.isVisibleTo(bar) and bar.withdraw_button.isVisibleTo(bar)
    monkeypatch.setattr(status_dialogs, "ask_result", lambda *_a: ("upheld", None, "deleted", lifecycle.local_now()))
    bar.result_button.click()
    qtbot.waitUntil(lambda: load_case(folder).status.state == "upheld", timeout=5000)
    assert [e.action for e in load_case(folder).history][-2:] == ["submitted", "upheld"]
    bar.timeline_button.click()
    assert bar.timeline_label.isVisibleTo(bar)
    decided = lifecycle.shown_time(load_case(folder).status.result_at)
    assert bar.timeline_label.text().splitlines()[-2:] == [f"{lifecycle.shown_time(when)}   在平台提交投诉",
                                                           f"{decided}   投诉成立"]


def test_changing_the_pictures_of_a_submitted_case_asks_first_and_is_recorded(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from ui.views import status_dialogs

    frames = shoot(tmp_path / "拍摄", frames=3)
    folder = _case("sent", "某某店", submitted_days_ago=0, images=frames)
    window.open_case(str(folder))
    wait_idle(qtbot, window)
    asked: list[bool] = []
    monkeypatch.setattr(status_dialogs, "confirm_edit_after_submission", lambda *_a: asked.append(False) or False)
    window.workspace.remove(str(frames[2]))
    assert len(window.workspace.case.images()) == 3 and asked == [False]
    window.workspace._edit_confirmed = False
    monkeypatch.setattr(status_dialogs, "confirm_edit_after_submission", lambda *_a: True)
    window.workspace.remove(str(frames[2]))
    assert len(window.workspace.case.images()) == 2
    qtbot.waitUntil(lambda: load_case(folder).history[-1].action == "edited_after_submission", timeout=5000)
    assert load_case(folder).history[-1].detail["removed"] == [str(frames[2])]


def test_a_new_case_against_a_seller_complained_about_within_three_days(window: Any, qtbot: Any,
                                                                       tmp_path: Path) -> None:
    earlier = _case("earlier", "某某店", submitted_days_ago=1)
    frames = shoot(tmp_path / "拍摄", frames=2)
    window.new_case()
    view = window.case_view
    view.add_paths([str(p) for p in frames])
    qtbot.waitUntil(lambda: len(window.workspace.case.images()) == 2, timeout=30000)
    view.listing.seller.setText("某某店")
    view.listing.flush()
    bar = view.status_bar
    qtbot.waitUntil(lambda: bar.same_seller_label.isVisibleTo(bar), timeout=5000)
    assert "视为一次投诉" in bar.same_seller_label.text() and bar.merge_button.isVisibleTo(bar)
    bar.merge_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.folder == earlier, timeout=30000)
    merged = load_case(earlier)
    assert len(merged.images()) == 2 and merged.history[-1].action == "edited_after_submission"


def test_authorized_seller_asks_before_export(window: Any, monkeypatch: Any) -> None:
    from core.case import sellers
    from ui.widgets import dialogs

    sellers.add_authorized("分销商甲", "2025年起")
    window.open_case(str(_case("c", "分销商甲")))
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: questions.append(text) or False)
    assert window.case_view.authorized_seller_confirmed() is False
    assert "许可名单" in questions[0] and "2025年起" in questions[0]
    window.workspace.set_seller("盗图店")
    assert window.case_view.authorized_seller_confirmed() is True and len(questions) == 1


def test_the_authorized_sellers_dialog_keeps_the_list(qtbot: Any, zh: None) -> None:
    from core.case import sellers
    from ui.views.sellers_dialog import SellersDialog

    dialog = SellersDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("分销商乙")
    dialog.note.setText("合同 2026-01")
    dialog.add_button.click()
    assert dialog.names() == ["分销商乙"] and [s.name for s in sellers.load_authorized()] == ["分销商乙"]
    dialog.list.setCurrentRow(0)
    dialog.remove_button.click()
    assert dialog.names() == [] and sellers.load_authorized() == []
