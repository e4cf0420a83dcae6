"""Render the main screens of the desktop app to docs/screenshots/*.png (for the README).

    python scripts/screenshots.py                 # offscreen (no X server needed)
    xvfb-run -a python scripts/screenshots.py     # under Xvfb: the real window system (xcb)

It builds a demo shoot with Pillow (product photos from one camera body, minutes apart), adds the
corpus DNG and a photo with faces when ../shared/corpus is present, and drives the real window:
start screen, case workspace, suggestions, models, and the English case view. Chinese needs a CJK
font (Debian: fonts-noto-cjk), or it renders as empty boxes.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# setdefault: helper processes import this module again and must use the same data folder.
os.environ.setdefault("YUANTU_SHOTS_WORK", tempfile.mkdtemp(prefix="yuantu-shots-"))
WORK = Path(os.environ["YUANTU_SHOTS_WORK"])
os.environ["YUANTU_DATA_DIR"] = str(WORK / "data")
os.environ["YUANTU_NO_ERROR_DIALOGS"] = "1"
OUT = ROOT / "docs" / "screenshots"
CORPUS = ROOT.parent / "shared" / "corpus"


def product_photo(path: Path, seed: int, taken: str, serial: str = "032021001234") -> Path:
    """A studio-like product shot (a mug on a table, seen from an angle that depends on `seed`)."""
    import numpy as np
    import piexif
    from PIL import Image, ImageDraw, ImageFilter

    width, height = 2400, 1800
    rng = np.random.default_rng(seed)
    top, bottom = np.array([236, 229, 218]), np.array([196, 178, 160])
    ramp = np.linspace(0, 1, height)[:, None, None]
    pixels = (top * (1 - ramp) + bottom * ramp) * np.ones((height, width, 3))
    image = Image.fromarray(pixels.astype("uint8"), "RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(height * 0.62), width, height], fill=(168, 130, 98))  # the table
    colors = [(40, 96, 160), (190, 70, 60), (60, 140, 100), (230, 180, 60)]
    color = colors[seed % len(colors)]
    cx = int(width * (0.35 + 0.3 * ((seed * 37) % 10) / 10))
    scale = 0.8 + 0.4 * ((seed * 13) % 10) / 10
    w, h = int(520 * scale), int(640 * scale)
    base = int(height * 0.72)
    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse([cx - w // 2 - 40, base - 40, cx + w // 2 + 120, base + 70], fill=120)
    image.paste((90, 66, 48), mask=shadow.filter(ImageFilter.GaussianBlur(30)))
    draw.rounded_rectangle([cx - w // 2, base - h, cx + w // 2, base], radius=60, fill=color)
    draw.ellipse([cx - w // 2, base - h - 50, cx + w // 2, base - h + 50], fill=tuple(int(c * 0.7) for c in color))
    draw.ellipse([cx + w // 2 - 30, base - h * 0.75, cx + w // 2 + 180, base - h * 0.25], outline=color, width=46)
    draw.rectangle([cx - w // 2 + 40, base - h + 90, cx - w // 2 + 90, base - 60], fill=(255, 255, 255, 60))
    noisy = np.asarray(image, dtype=np.float32) + rng.normal(0, 7, (height, width, 3))
    image = Image.fromarray(np.clip(noisy, 0, 255).astype("uint8"), "RGB")
    exif = piexif.dump({"0th": {piexif.ImageIFD.Make: "Canon", piexif.ImageIFD.Model: "Canon EOS 6D"},
                        "Exif": {piexif.ExifIFD.DateTimeOriginal: taken, piexif.ExifIFD.DateTimeDigitized: taken,
                                 piexif.ExifIFD.BodySerialNumber: serial,
                                 piexif.ExifIFD.PixelXDimension: width, piexif.ExifIFD.PixelYDimension: height},
                        "GPS": {}, "1st": {}, "thumbnail": None})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def wait(app: object, condition: Callable[[], bool], timeout: float = 120.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish its background work in time")
        time.sleep(0.02)
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)


def idle(app: object, window: object) -> None:
    from ui import tasks

    workspace = window.workspace  # type: ignore[attr-defined]
    wait(app, lambda: tasks.running() == 0 and (workspace is None or (
        not workspace.busy and not workspace.review_pending() and workspace.review is not None)))


def set_status(folder: Path, exported_days: int, submitted_days: int | None = None, number: str = "",
               reason: str | None = None) -> None:
    """Give a demo case a past export, submission and result (what `case status` records)."""
    import datetime as dt

    from core.case import lifecycle
    from core.case.casefile import HistoryEntry, load_case, save_case

    case = load_case(folder)
    now = lifecycle.local_now()
    exported = (now - dt.timedelta(days=exported_days)).replace(hour=9, minute=30, second=0)
    case.history.append(HistoryEntry(exported.isoformat(), "exported", {}))
    lifecycle.note_exported(case, exported.isoformat())
    if submitted_days is not None:
        submitted = (now - dt.timedelta(days=submitted_days)).replace(hour=10, minute=0, second=0)
        lifecycle.submit(case, submitted, number, now=now)
    if reason:
        lifecycle.record_result(case, "rejected", reason=reason, now=now)
    save_case(case, folder)


def save(window: object, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{name}.png"
    window.grab().save(str(target))  # type: ignore[attr-defined]
    print(f"wrote {target}")


def main() -> int:
    from ui import i18n, settings, tasks
    from ui.application import create_application

    app = create_application([])
    i18n.install("zh_CN")
    library = WORK / "照片库" / "2026-05-01 马克杯新品"
    frames = [product_photo(library / f"IMG_{2301 + i}.JPG", 3 + i, f"2026:05:01 10:{12 + 3 * i:02d}:00")
              for i in range(6)]
    other = product_photo(WORK / "照片库" / "2026-03 旧款" / "IMG_0417.JPG", 9, "2026:03:11 15:40:00",
                          "041000777123")
    config = settings.load()
    config.library_folders = [str(WORK / "照片库")]
    settings.save(config)

    from ui.main_window import MainWindow

    window = MainWindow(config)
    window.resize(1480, 920)
    window.show()
    window.library.scan()
    wait(app, lambda: not window.library.busy)

    # earlier complaints for the start screen, each at another stage after export
    earlier: dict[str, Path] = {}
    for seller, pictures in (("义乌好物家居店", [frames[4], frames[5]]), ("杭州杯具批发", [other, frames[3]]),
                             ("深圳小商品批发部", [frames[1]])):
        window.new_case()
        window.workspace.set_seller(seller)
        window.case_view.add_paths([str(p) for p in pictures])
        idle(app, window)
        earlier[seller] = window.workspace.folder
        window.show_start()
    set_status(earlier["义乌好物家居店"], 2, 1, "2026112810045231")
    set_status(earlier["杭州杯具批发"], 9, 8, "2026112310012877", reason="accused_has_original")
    set_status(earlier["深圳小商品批发部"], 7, 6, "2026112510033102")
    window.open_case(str(earlier["杭州杯具批发"]))
    idle(app, window)
    save(window, "case_rejected")
    window.show_start()
    window.new_case()
    view, workspace = window.case_view, window.workspace
    view.listing.seller.setText("广州某某日用品商行")
    view.listing.links[0].setText("https://detail.1688.com/offer/743219876501.html?spm=a260k.home")
    view.listing._add_field("https://m.tb.cn/h.5xYz")
    view.add_paths([str(frames[0])])
    wait(app, lambda: bool(workspace.case.complaint))
    extra = [str(frames[2])]
    faces = CORPUS / "faces" / "two_faces_1.jpg"
    dng = CORPUS / "raw" / "canon_eos_6d.dng"
    extra += [str(p) for p in (dng, faces) if p.exists()]
    view.add_paths(extra)
    wait(app, lambda: len(workspace.case.bts) == len(extra))
    idle(app, window)
    if dng.exists():
        view.select(str(dng))
        view.convert_clicked()
        wait(app, lambda: view.convert_job is None)
    idle(app, window)
    view.select(str(faces) if faces.exists() else str(frames[0]))
    idle(app, window)
    save(window, "case_workspace")

    view.tabs.setCurrentWidget(view.suggestions)
    view.suggestions.find_suggestions()
    wait(app, lambda: view.suggestions.job is None)
    idle(app, window)
    save(window, "bts_suggestions")
    view.suggestions.add_recommended()
    idle(app, window)

    view.tabs.setCurrentWidget(view.models)
    proof = product_photo(WORK / "证件" / "model_id.jpg", 1, "2026:05:01 09:00:00")
    if faces.exists():
        view.select(str(faces))
        view.models.add_model("李娜", [str(proof)], [str(faces)])
        idle(app, window)
        view.select(str(faces))
    save(window, "models")

    view.select(str(frames[0]))
    idle(app, window)
    view.tabs.setCurrentWidget(view.detail)
    save(window, "complaint_detail")

    # issue 14: each face needs its own cover (2 faces, 1 model: one outlined in red), an explained photo
    # with its own badge and the honest status, and the window at 1024x700
    if faces.exists():
        view.select(str(faces), show_details=True)
        idle(app, window)
        save(window, "faces_detail")
    small = CORPUS / "sessions" / "p6000" / "DSCN0021.jpg"
    if small.exists():
        view.add_paths([str(small)])
        wait(app, lambda: workspace.case.entry_for(str(small)) is not None)
        idle(app, window)
        for issue in list(workspace.open_blockers()):
            if issue.finding.code == "face.model_proof_required" and issue.file:
                boxes = list(issue.finding.params.get("boxes", []))
                workspace.declare_faces(issue.file, boxes, "墙上海报里的人，不是模特")
            else:
                workspace.explain(issue, "平台客服确认这张可以提交")
            idle(app, window)
        view.select(str(small), show_details=True)
        idle(app, window)
        save(window, "case_explained")
    window.resize(1024, 700)
    idle(app, window)
    save(window, "case_workspace_1024")
    view.tabs.setCurrentWidget(view.models)
    idle(app, window)
    save(window, "models_1024")
    view.tabs.setCurrentWidget(view.detail)
    window.resize(1480, 920)

    window.set_language("en")
    idle(app, window)
    window.case_view.select(str(frames[0]))
    idle(app, window)
    save(window, "case_workspace_en")
    window.set_language("zh_CN")
    window.show_start()
    idle(app, window)
    save(window, "start")

    # issue 16: find my original from a screenshot of the thief's listing page, at full size and 1024x700
    from PIL import Image, ImageDraw

    from ui.views.match_dialog import MatchDialog

    page = Image.new("RGB", (1440, 900), (245, 245, 245))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 1440, 60), fill=(255, 80, 0))
    with Image.open(frames[2]) as stolen:
        copy = stolen.convert("RGB")
        copy.thumbnail((640, 640))
    page.paste(copy.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (240, 100))
    draw.rectangle((920, 260, 1160, 320), fill=(255, 120, 0))
    listing = WORK / "别家商品页截图.png"
    page.save(listing)
    dialog = MatchDialog(lambda: list(config.library_folders), "zh_CN", lambda choice: None, parent=window)
    dialog.show()
    dialog.search(str(listing))
    wait(app, lambda: dialog.job is None and dialog.comparison is not None)
    idle(app, window)
    save(dialog, "find_original")
    dialog.resize(1000, 660)  # inside a 1024x700 screen
    idle(app, window)
    dialog.comparison = None
    dialog._show_candidate(dialog.candidates.currentRow())  # the comparison is drawn for the new size
    wait(app, lambda: dialog.comparison is not None)
    idle(app, window)
    save(dialog, "find_original_1024")
    dialog.close()

    window.shutdown()
    tasks.cancel_all()
    tasks.wait_for_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
