"""The case workspace as a merchant uses it: files in, badges and facts out, saved and restored."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from core.case import casefile as core_case
from tests.conftest import CORPUS, make_jpeg
from tests.ui.conftest import shoot, wait_idle
from ui.widgets import dialogs

pytestmark = pytest.mark.gui


def test_case_saves_itself_and_reopens_exactly(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui import settings, tasks
    from ui.main_window import MainWindow

    frames = shoot(tmp_path / "shoot", frames=3)
    window.new_case()
    view, folder = window.case_view, window.workspace.folder
    view.add_paths([str(p) for p in frames])
    qtbot.waitUntil(lambda: len(window.workspace.case.bts) == 2, timeout=30000)
    view.listing.seller.setText("仿冒小店")
    view.select(str(frames[2]))
    # saved within about a second of the change, atomically, without closing anything
    qtbot.waitUntil(lambda: core_case.load_case(folder).seller == "仿冒小店", timeout=5000)
    saved = core_case.load_case(folder)
    assert saved.complaint[0].source == str(frames[0])
    assert [e.source for e in saved.bts] == [str(frames[1]), str(frames[2])]
    assert saved.bts[0].sha256 == hashlib.sha256(frames[1].read_bytes()).hexdigest()

    view.listing.links[0].setText("https://detail.1688.com/offer/555666777.html")
    window.close()  # the last edit is saved on close, with the selection
    assert tasks.wait_for_all(30000)
    qtbot.waitUntil(lambda: tasks.running() == 0, timeout=10000)
    assert core_case.load_case(folder).listings == ["https://detail.1688.com/offer/555666777.html"]

    reopened = MainWindow(settings.load())
    qtbot.addWidget(reopened)
    reopened.restore_last_case()
    assert reopened.workspace is not None and reopened.workspace.folder == folder
    assert reopened.case_view.selected() == str(frames[2])
    assert reopened.case_view.listing.seller.text() == "仿冒小店"
    assert reopened.case_view.images.rowCount() == 3
    reopened.shutdown()
    assert tasks.wait_for_all(30000)


def test_badges_facts_and_findings_of_added_files(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui.models import case_images

    good = make_jpeg(tmp_path / "相机 原图" / "IMG_0001.JPG", seed=3, serial="0412345")
    small = make_jpeg(tmp_path / "微信图片.jpg", width=400, height=300, quality=60, seed=4)
    not_image = tmp_path / "说明.jpg"
    not_image.write_text("这不是图片", encoding="utf-8")
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.add_paths([str(good), str(small), str(not_image)])
    qtbot.waitUntil(lambda: len(workspace.case.images()) == 3, timeout=30000)
    wait_idle(qtbot, window)

    verdicts = {Path(str(view.images.data(view.images.index(n), case_images.SOURCE))).name:
                view.images.data(view.images.index(n), case_images.VERDICT) for n in range(3)}
    assert verdicts["IMG_0001.JPG"] == "ok"
    assert verdicts["微信图片.jpg"] == "block" and verdicts["说明.jpg"] == "block"

    view.select(str(good))
    facts = view.detail.fact_labels
    assert facts["serial"].text() == "0412345"
    assert facts["taken"].text().startswith("2026-05-01 10:00")
    assert facts["format"].text() == "JPEG" and facts["role"].text() == "投诉图"
    view.select(str(small))
    findings = view.detail.findings
    messages = [findings.data(findings.index(n)) for n in range(findings.rowCount())]
    assert any("200KB" in m for m in messages), messages
    # the checklist links a blocker to the file that causes it
    checklist = view.checklist.model
    rows = [checklist.index(n) for n in range(checklist.rowCount())]
    about_small = [i for i in rows if i.data(checklist_file_role()) == str(small)]
    assert about_small
    view.checklist._clicked(about_small[0])
    assert view.selected() == str(small)


def checklist_file_role() -> int:
    from ui.models.findings import FILE

    return FILE


def test_roles_change_and_removal_leaves_files_alone(window: Any, qtbot: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    frames = shoot(tmp_path / "shoot", frames=2)
    before = [p.read_bytes() for p in frames]
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.add_paths([str(frames[0])])
    qtbot.waitUntil(lambda: bool(workspace.case.complaint), timeout=30000)
    view.add_paths([str(frames[1])])
    qtbot.waitUntil(lambda: bool(workspace.case.bts), timeout=30000)
    view.select(str(frames[1]))
    view.set_role("complaint")
    assert workspace.case.complaint[0].source == str(frames[1])
    assert [e.source for e in workspace.case.bts] == [str(frames[0])]
    view.select(str(frames[0]))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, question: asked.append(question) is not None)
    view.remove_clicked()  # asked first, and declined: nothing changes
    assert asked and frames[0].name in asked[0] and view.images.rowCount() == 2
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: True)
    view.remove_clicked()
    assert view.images.rowCount() == 1
    assert [p.read_bytes() for p in frames] == before
    # Edit → Undo (Ctrl+Z) brings it back
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert view.images.rowCount() == 2 and workspace.case.entry_for(str(frames[0])) is not None
    assert workspace.case.history[-1].action == "undone"
    # several at once: select both, remove both, one undo brings both back
    view.grid.selectAll()
    view.remove_clicked()
    assert view.images.rowCount() == 0
    window.undo_action.trigger()
    assert view.images.rowCount() == 2


def test_listing_link_is_checked_as_typed(window: Any) -> None:
    window.new_case()
    listing = window.case_view.listing
    field, note = listing.links[0], listing.notes[0]
    field.setText("https://m.tb.cn/h.abc")
    assert field.property("state") == "block" and note.text()
    field.setText("https://detail.1688.com/offer/623456789012.html?spm=x")
    assert field.property("state") == "ok" and "623456789012" in note.text()


@pytest.mark.corpus
def test_face_boxes_are_drawn_on_the_picture(window: Any, qtbot: Any) -> None:
    faces = CORPUS / "faces" / "two_faces_1.jpg"
    if not faces.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.add_paths([str(faces)])
    qtbot.waitUntil(lambda: str(faces) in workspace.faces, timeout=60000)
    view.select(str(faces))
    result = workspace.faces[str(faces)]
    assert result.faces == 2
    qtbot.waitUntil(lambda: view.detail.preview.pixmap is not None, timeout=30000)
    assert view.detail.preview.boxes == list(result.boxes)
    assert view.detail.fact_labels["faces"].text() == "发现 2 张人脸"
