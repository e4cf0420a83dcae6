"""The whole flow a merchant goes through, driven in the window (offscreen):
new case -> add files -> convert a RAW -> accept behind-the-scenes suggestions -> attach a model proof
-> resolve blockers -> export; then the bundle is checked (copied originals hash like their sources)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, make_jpeg
from tests.ui.conftest import shoot, wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.slow]

DNG = CORPUS / "raw" / "canon_eos_6d.dng"


def sha(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.mark.corpus
def test_new_case_to_exported_bundle(window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not DNG.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    from ui.widgets import dialogs

    library = tmp_path / "照片库" / "2026-05-01 新品拍摄"
    frames = shoot(library)
    complaint = frames[0]
    proof = make_jpeg(tmp_path / "证件" / "model id.jpg", width=900, height=1200, seed=99, exif=b"")
    before = {p: sha(p) for p in [*frames, DNG, proof]}

    # new case
    window.new_case()
    view, workspace = window.case_view, window.workspace
    assert view is not None and workspace is not None

    # add files: the complaint picture first, then the RAW
    view.add_paths([str(complaint)])
    qtbot.waitUntil(lambda: len(workspace.case.complaint) == 1, timeout=30000)
    view.add_paths([str(DNG)])
    qtbot.waitUntil(lambda: len(workspace.case.bts) == 1, timeout=30000)
    assert workspace.case.complaint[0].source == str(complaint)
    assert view.images.rowCount() == 2
    qtbot.waitUntil(lambda: all(r.submitted in workspace.reports for r in workspace.rows()), timeout=60000)

    # convert the RAW with one click
    assert view.convertible() == [str(DNG)]
    view.convert_clicked()
    qtbot.waitUntil(lambda: view.convert_job is None, timeout=120000)
    entry = workspace.case.entry_for(str(DNG))
    assert entry is not None and entry.converted, entry
    converted = workspace.folder / entry.converted
    assert converted.is_file() and sha(converted) == entry.converted_sha256
    assert view.convertible() == []

    # accept behind-the-scenes suggestions from the photo library
    window.config.library_folders = [str(library)]
    panel = view.suggestions
    panel.find_suggestions()
    qtbot.waitUntil(lambda: panel.job is None, timeout=120000)
    paths = [s.path for s in panel.model.suggestions()]
    assert set(paths) >= {str(p) for p in frames[1:]}, paths
    assert str(complaint) not in paths
    panel.add_recommended()
    qtbot.waitUntil(lambda: len(workspace.case.bts) >= 3, timeout=30000)
    assert {e.source for e in workspace.case.bts} >= {str(frames[1]), str(frames[2])}

    # attach a model proof for the complaint picture
    view.select(str(complaint))
    view.models.add_model("李娜", [str(proof)], [str(complaint)])
    qtbot.waitUntil(lambda: bool(workspace.case.models), timeout=30000)
    model = workspace.case.models[0]
    assert model.appears_in == [str(complaint)] and len(model.proof) == 1
    assert (workspace.folder / model.proof[0].path).read_bytes() == proof.read_bytes()
    assert view.images.counts()["model_proof"] == 1

    # resolve blockers by fixing them: the checklist asks for the seller and the listing link
    wait_idle(qtbot, window)
    open_codes = {issue.finding.code for issue in workspace.open_blockers()}
    assert {"case.seller_missing", "listing.missing"} <= open_codes, open_codes
    view.listing.seller.setText("仿冒小店")
    view.listing.links[0].setText("复制链接 https://detail.1688.com/offer/623456789012.html?spm=a26")
    view.listing.flush()
    assert view.listing.links[0].property("state") == "ok"
    wait_idle(qtbot, window)
    open_codes = {issue.finding.code for issue in workspace.open_blockers()}
    assert not open_codes & {"case.seller_missing", "listing.missing"}, open_codes

    # ... or by an override with a reason: a chat-app copy added by mistake stays, explained
    small = make_jpeg(tmp_path / "微信图片_2026.jpg", width=500, height=400, quality=60, seed=5)
    view.add_paths([str(small)])
    qtbot.waitUntil(lambda: workspace.case.entry_for(str(small)) is not None, timeout=30000)
    wait_idle(qtbot, window)
    blocking = {issue.finding.code: issue.file for issue in workspace.open_blockers()}
    assert blocking.get("size.too_small") == str(small), blocking
    for issue in workspace.open_blockers():
        view.checklist.resolve(issue, "测试：已人工核对")
    wait_idle(qtbot, window)
    assert view.checklist.model.open_count() == 0, [i.finding.code for i in workspace.open_blockers()]
    assert [(e.code, e.file, e.reason) for e in workspace.case.explanations if e.code == "size.too_small"] == \
        [("size.too_small", str(small), "测试：已人工核对")]
    assert view.checklist.summary.text().startswith("可以导出，但有")

    # export: the bundle opens when done (skipped in tests); check it
    out = tmp_path / "导出 bundles"
    monkeypatch.setattr(dialogs, "ask_folder", lambda *args: str(out))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _parent, _title, question: asked.append(question) or True)
    view.export_clicked()
    assert asked and asked[0].startswith("可以导出，但有")  # the export dialog says what the checklist says
    qtbot.waitUntil(lambda: view.export.job is None and view.export.last_result is not None, timeout=120000)
    result = view.export.last_result
    assert not result.refused and result.bundle.is_dir() and result.zip.is_file()
    manifest = json.loads((result.bundle / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["source_path"]: f for f in manifest["files"]}
    for source in [complaint, frames[1], frames[2]]:
        item = listed[str(source)]
        assert item["sha256"] == before[source] == sha(result.bundle / item["path"])
    raw_item = listed[str(DNG)]
    assert raw_item["source_sha256"] == before[DNG] and raw_item["sha256"] == entry.converted_sha256
    assert any(f["role"] == "model_proof" for f in manifest["files"])
    assert manifest["case"]["listings"] == ["https://detail.1688.com/offer/623456789012.html"]
    assert any(h.action == "exported" for h in workspace.case.history)
    assert [(o["code"], o["source_path"]) for o in manifest["explained"] if o["code"] == "size.too_small"] == \
        [("size.too_small", str(small))]

    # originals are sacred
    for path, digest in before.items():
        assert sha(path) == digest, path
