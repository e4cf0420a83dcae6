"""The models tab: keep a model for later complaints (off by default), add a saved model to another
complaint, delete a saved model (asked first), and the purpose watermark on a copy of the ID photo."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from core.base.appdata import models_dir
from core.case.people import kept_models
from tests.conftest import make_jpeg
from tests.ui.conftest import shoot, wait_idle

pytestmark = pytest.mark.gui


def sha(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _case_with_model(window: Any, qtbot: Any, tmp_path: Path, name: str = "李娜") -> tuple[Any, Path]:
    """A new complaint with one picture and one model whose ID photo is `tmp_path/证件/id.jpg`."""
    frames = shoot(tmp_path / "照片", frames=1)
    proof = tmp_path / "证件" / "model id.jpg"
    if not proof.exists():
        make_jpeg(proof, width=900, height=1200, seed=99, exif=b"")
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.add_paths([str(frames[0])])
    qtbot.waitUntil(lambda: len(workspace.case.complaint) == 1, timeout=30000)
    view.tabs.setCurrentWidget(view.models)
    view.models.add_model(name, [str(proof)], [str(frames[0])])
    qtbot.waitUntil(lambda: bool(workspace.case.models), timeout=30000)
    qtbot.waitUntil(lambda: view.models.current_model() is not None, timeout=5000)
    return view.models, proof


def _wait(qtbot: Any, panel: Any) -> None:
    qtbot.waitUntil(lambda: panel.job is None, timeout=30000)


def test_keep_a_model_and_add_it_to_a_later_complaint(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui.widgets import dialogs

    panel, proof = _case_with_model(window, qtbot, tmp_path)
    before = sha(proof)
    assert panel.keep_box.text() == "保存以便以后的投诉使用"
    assert not panel.keep_box.isChecked() and panel.keep_box.isEnabled()  # off by default
    assert kept_models() == [] and not panel.saved_list.isVisible() and panel.saved_empty.isVisibleTo(panel)
    panel.keep_box.click()
    _wait(qtbot, panel)
    kept = kept_models()
    assert [m.name for m in kept] == ["李娜"] and sha(kept[0].proof_files[0]) == before
    model = window.workspace.case.models[0]
    assert model.id == kept[0].id and panel.keep_box.isChecked()
    assert "已保存" in panel.model.index(0).data()
    assert window.case_view.tabs.currentWidget() is panel  # the change did not switch tabs

    # a later complaint: the saved model is one click away, its ID photo copied in byte for byte
    first_case = window.workspace.folder
    window.new_case()
    view, workspace = window.case_view, window.workspace
    assert workspace.folder != first_case
    panel = view.models
    assert panel.saved_list.count() == 1 and panel.add_saved_button.text() == "从已保存的模特中添加"
    panel.add_saved_button.click()
    qtbot.waitUntil(lambda: bool(workspace.case.models), timeout=30000)
    added = workspace.case.models[0]
    assert added.name == "李娜" and added.id == kept[0].id
    copy = workspace.folder / added.proof[0].path
    assert copy.parent == workspace.folder / "proof" and sha(copy) == before
    qtbot.waitUntil(lambda: panel.keep_box.isChecked(), timeout=5000)  # it is the kept model
    panel.add_saved_button.click()  # twice: said, not copied again
    assert len(workspace.case.models) == 1 and any("李娜" in text for text in dialogs.informed)
    assert sha(proof) == before


def test_deleting_a_saved_model_asks_first_and_leaves_cases_alone(window: Any, qtbot: Any, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.widgets import dialogs

    panel, proof = _case_with_model(window, qtbot, tmp_path)
    panel.keep_box.click()
    _wait(qtbot, panel)
    assert panel.saved_list.count() == 1
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, question: questions.append(question) or False)
    panel.delete_saved_button.click()
    assert len(kept_models()) == 1 and "李娜" in questions[0]  # answered "no": nothing deleted
    monkeypatch.setattr(dialogs, "confirm", lambda *_: True)
    panel.delete_saved_button.click()
    _wait(qtbot, panel)
    assert kept_models() == [] and list(models_dir().iterdir()) == []
    assert panel.saved_list.count() == 0 and not panel.keep_box.isChecked()
    case_copy = window.workspace.folder / window.workspace.case.models[0].proof[0].path
    assert case_copy.read_bytes() == proof.read_bytes()  # the complaint keeps its own copy

    # unticking "keep" is the same deletion, asked the same way
    panel.keep_box.click()
    _wait(qtbot, panel)
    assert len(kept_models()) == 1
    monkeypatch.setattr(dialogs, "confirm", lambda *_: False)
    panel.keep_box.click()
    assert len(kept_models()) == 1 and panel.keep_box.isChecked()
    monkeypatch.setattr(dialogs, "confirm", lambda *_: True)
    panel.keep_box.click()
    _wait(qtbot, panel)
    assert kept_models() == [] and not panel.keep_box.isChecked()


@pytest.mark.parametrize("font", ["system", "none"])
def test_the_watermark_goes_on_a_copy(window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      font: str) -> None:
    if font == "none":
        monkeypatch.setattr("core.case.people.find_cjk_font", lambda: None)
    panel, proof = _case_with_model(window, qtbot, tmp_path)
    workspace = window.workspace
    before = sha(proof)
    untouched = workspace.folder / workspace.case.models[0].proof[0].path
    assert not panel.watermark_box.isChecked()  # off by default
    panel.watermark_box.click()
    _wait(qtbot, panel)
    item = workspace.case.models[0].proof[0]
    marked = workspace.folder / item.path
    assert item.original == untouched.relative_to(workspace.folder).as_posix() and item.sha256 == sha(marked)
    assert marked != untouched and sha(untouched) == before == sha(proof)  # the ID photo copy is untouched
    assert panel.watermark_box.isChecked() and "水印" in panel.model.index(0).data()
    note = panel.watermark_note.text()
    if font == "none":
        assert "For image-infringement complaint only" in note and "英文" in note
    else:
        assert "仅限图片侵权投诉使用" in note
    wait_idle(qtbot, window)
    assert not any(i.finding.code == "case.proof_missing" for i in workspace.open_blockers())

    # kept for later cases: the store gets the real ID photo, not the dated watermark
    panel.keep_box.click()
    _wait(qtbot, panel)
    assert sha(kept_models()[0].proof_files[0]) == before

    panel.watermark_box.click()  # off again: the untouched copy stands in, the watermarked one is gone
    _wait(qtbot, panel)
    item = workspace.case.models[0].proof[0]
    assert (workspace.folder / item.path) == untouched and item.sha256 == before and item.original is None
    assert not marked.exists() and not panel.watermark_box.isChecked()
