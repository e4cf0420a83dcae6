"""Issue 14 in the window: an explanation covers one photo, each face needs its own cover, each unrelated
behind-the-scenes image is named, and the checklist, tiles, detail pane and export dialog say one thing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.faces import detect as faces_module
from tests.conftest import make_jpeg
from tests.ui.conftest import shoot, wait_idle
from ui.models import case_images
from ui.widgets import dialogs

LINK = "https://detail.1688.com/offer/623456789012.html"


def _small(path: Path, seed: int) -> Path:
    made = make_jpeg(path, width=420, height=300, seed=seed, make="Canon", model="Canon EOS 6D",
                     serial="031234567890", taken="2026:05:01 10:02:00")
    assert made.stat().st_size < 204_800
    return made


def _case(window: Any, qtbot: Any, paths: list[Path]) -> Any:
    window.new_case()
    view = window.case_view
    view.listing.seller.setText("仿冒小店")
    view.listing.links[0].setText(LINK)
    view.listing.flush()
    view.add_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: len(view.workspace.case.images()) == len(paths), timeout=30000)
    wait_idle(qtbot, window)
    return view


def _verdict(view: Any, source: Path) -> str:
    return str(view.images.index_of(str(source)).data(case_images.VERDICT))


def _issue(view: Any, code: str, source: Path) -> Any:
    return next(i for i in view.workspace.review.issues() if i.finding.code == code and i.file == str(source))


def test_explaining_one_of_two_photos_leaves_the_other_blocked_before_and_after_reopening(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frames = shoot(tmp_path / "shoot", frames=3)
    a, b = _small(tmp_path / "p" / "DSCN0021.jpg", 3), _small(tmp_path / "p" / "two_faces_1.jpg", 4)
    view = _case(window, qtbot, [*frames, a, b])
    assert _verdict(view, a) == "block" and _verdict(view, b) == "block"
    # select DSCN0021's size blocker in the checklist and explain it
    row = next(r for r in range(view.checklist.model.rowCount())
               if view.checklist.model.issue(view.checklist.model.index(r)).file == str(a))
    view.checklist.list.setCurrentIndex(view.checklist.model.index(row))
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "平台客服确认这张可以")
    view.checklist._override_clicked()
    wait_idle(qtbot, window)
    assert _issue(view, "size.too_small", a).explained
    assert not _issue(view, "size.too_small", b).explained
    assert _verdict(view, a) == "explained" and _verdict(view, b) == "block"
    assert view.checklist.summary.text() == "还有 1 项需要解决才能导出"
    view.select(str(b), show_details=True)
    assert view.detail.state.text() == "导出前需要解决（或说明理由）"
    # after a restart
    folder = str(view.workspace.folder)
    view.workspace.save_now()
    qtbot.waitUntil(lambda: not view.workspace.unsaved, timeout=10000)
    window.close_case()
    assert window.open_case(folder)
    view = window.case_view
    wait_idle(qtbot, window)
    assert _verdict(view, a) == "explained" and _verdict(view, b) == "block"
    assert not _issue(view, "size.too_small", b).explained
    view.select(str(b), show_details=True)
    assert "您已说明理由" not in view.detail.state.text()


def test_status_text_and_every_badge_agree(window: Any, qtbot: Any, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    frames = shoot(tmp_path / "shoot", frames=3)
    small = _small(tmp_path / "p" / "微信图片.jpg", 5)
    view = _case(window, qtbot, [*frames, small])
    view.checklist.resolve(_issue(view, "size.too_small", small), "测试：已核对")
    wait_idle(qtbot, window)
    honest = "可以导出，但有 1 项是您说明了理由的：平台仍可能因此驳回"
    assert view.checklist.summary.text() == honest
    assert "全部就绪" not in view.checklist.summary.text()
    assert _verdict(view, small) == "explained"  # its own badge: neither ✗ nor ✓
    assert all(_verdict(view, f) == "ok" for f in frames)
    view.select(str(small), show_details=True)
    assert view.detail.state.text().startswith("您已说明理由")
    row = view.detail.findings.index(0)
    assert row.data(case_images.Qt.ItemDataRole.UserRole + 1) == "explained"  # findings.SEVERITY
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _parent, _title, question: asked.append(question) or False)
    view.export_clicked()
    assert asked and asked[0].startswith(honest)  # the export dialog says the same, and may be declined
    # taking it back: blocked again everywhere
    view.checklist.list.setCurrentIndex(view.checklist.model.index(0))
    view.workspace.explain(_issue(view, "size.too_small", small), None)
    wait_idle(qtbot, window)
    assert _verdict(view, small) == "block" and view.checklist.summary.text() == "还有 1 项需要解决才能导出"


def test_two_faces_and_one_model_stay_blocked(window: Any, qtbot: Any, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def two(path: Any, cancel: Any = None) -> Any:
        if Path(path).name.startswith("IMG_1200"):
            return faces_module.FaceResult(str(path), 2, [(100, 100, 200, 200), (900, 120, 210, 210)], 1600, 1200)
        return faces_module.FaceResult(str(path), 0, [], 1600, 1200)

    monkeypatch.setattr(faces_module, "detect_faces", two)
    frames = shoot(tmp_path / "shoot", frames=3)
    proof = make_jpeg(tmp_path / "id" / "xiaohong.jpg", width=900, height=700, seed=99, exif=b"")
    view = _case(window, qtbot, frames)
    view.select(str(frames[0]), show_details=False)
    view.models.add_model("小红", [str(proof)], [str(frames[0])])
    qtbot.waitUntil(lambda: bool(view.workspace.case.models), timeout=30000)
    wait_idle(qtbot, window)
    issue = _issue(view, "face.model_proof_required", frames[0])
    assert not issue.explained and issue.finding.params["uncovered"] == 1
    assert _verdict(view, frames[0]) == "block"
    view.select(str(frames[0]), show_details=True)
    assert view.detail.preview.uncovered == [(900, 120, 210, 210)]  # outlined in red
    assert "1 张人脸还没有模特证明" in view.models.faces_note.text()
    # the second face is a poster: declared face by face, it is covered
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "墙上的海报")
    view.models._no_model_clicked()
    wait_idle(qtbot, window)
    assert not any(i.finding.code == "face.model_proof_required" for i in view.workspace.open_blockers())
    # a face the detector missed, drawn on the preview, needs a cover like the others
    view.detail.preview.face_drawn.emit((1300, 500, 120, 120))
    wait_idle(qtbot, window)
    issue = _issue(view, "face.model_proof_required", frames[0])
    assert issue.finding.params["boxes"] == [[1300, 500, 120, 120]]


def test_one_unrelated_behind_the_scenes_image_gets_its_own_finding(window: Any, qtbot: Any,
                                                                     tmp_path: Path) -> None:
    frames = shoot(tmp_path / "shoot", frames=4)
    old = make_jpeg(tmp_path / "old" / "IMG_2005.JPG", width=1600, height=1200, seed=77, make="Canon",
                    model="Canon EOS 300D", serial="1", taken="2005:03:01 09:00:00")
    view = _case(window, qtbot, [*frames, old])
    shoot_issues = [i for i in view.workspace.review.warnings() if i.finding.code == "bts.not_same_shoot"]
    assert [Path(i.file).name for i in shoot_issues] == ["IMG_2005.JPG"]
    assert "拍摄于 2005 年，和投诉图不是同一次拍摄" in shoot_issues[0].finding.message
    assert _verdict(view, old) == "warn" and all(_verdict(view, f) == "ok" for f in frames)


def test_the_authorization_page_prints_from_the_case_and_the_signed_scan_attaches(
        window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frames = shoot(tmp_path / "shoot", frames=2)
    proof = make_jpeg(tmp_path / "id" / "xiaohong.jpg", width=900, height=700, seed=99, exif=b"")
    view = _case(window, qtbot, frames)
    view.models.add_model("小红", [str(proof)], [str(frames[0])])
    qtbot.waitUntil(lambda: bool(view.workspace.case.models), timeout=30000)
    wait_idle(qtbot, window)
    view.tabs.setCurrentWidget(view.models)
    view.models.list.setCurrentIndex(view.models.model.index(0))
    assert view.models.print_button.isEnabled()
    view.models._print_clicked()
    page = Path(view.models.authorization_page or "")
    assert page.is_file() and "小红" in page.read_text(encoding="utf-8")
    scan = make_jpeg(tmp_path / "signed.jpg", width=800, height=1100, seed=7, exif=b"")
    monkeypatch.setattr(dialogs, "ask_files", lambda *_a: [str(scan)])
    view.models._attach_clicked()
    qtbot.waitUntil(lambda: bool(view.workspace.case.models[0].authorization), timeout=30000)
    wait_idle(qtbot, window)
    assert "已附签字授权书" in str(view.models.model.index(0).data())
