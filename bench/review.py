"""A review that keeps up: a case-field edit and a one-photo add on a 20-photo case.

    .venv/bin/python bench/review.py [--photos 20] [--repeat 5] [--no-record]

Builds a 20-photo shoot with Pillow + piexif (2000x1500, ~1 MB each, one body), creates a case of it,
and measures:
- core: `review_case` after editing the seller, with the open case's `FileFacts` kept (what the
  window does) and, as the named peer in the same run, the same review with fresh facts (what every
  review did before issue 14: hash, inspect and decode every file again; faces come from the case's
  face cache in both);
- core: `review_case` after adding a 21st photo, facts kept;
- GUI: the real window offscreen: typing a new seller name until the checklist shows the new review
  (target < 100 ms), and adding one photo until the checklist covers it (target < 1 s).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # bench/ holds a script named like `inspect`

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="yuantu-review-"))
os.environ.setdefault("YUANTU_DATA_DIR", str(WORK / "data"))
os.environ["YUANTU_NO_ERROR_DIALOGS"] = "1"

from bench.common import record
from tests.conftest import make_jpeg

LINK = "https://detail.1688.com/offer/623456789012.html"


def make_photos(folder: Path, count: int) -> list[Path]:
    return [make_jpeg(folder / f"IMG_{5000 + i}.JPG", width=2000, height=1500, seed=40 + i, quality=90,
                      make="Canon", model="Canon EOS 6D", serial="031234567890",
                      taken=f"2026:05:01 {10 + (2 * i) // 60:02d}:{(2 * i) % 60:02d}:00") for i in range(count)]


def core_figures(photos: list[Path], repeat: int) -> dict[str, float]:
    from core.base.rules import load_profile
    from core.case.build import create_case, make_entry
    from core.case.casefile import load_case
    from core.case.file_facts import FileFacts
    from core.case.review import review_case

    folder = WORK / "case_core"
    create_case(folder, profile_id="1688", seller="s", listings=[LINK], complaint=[str(photos[0])],
                bts=[str(p) for p in photos[1:-1]])
    case = load_case(folder)
    facts = FileFacts(folder)
    start = time.perf_counter()
    review_case(case, folder, facts=facts)
    first = time.perf_counter() - start
    kept, fresh = [], []
    for index in range(repeat):
        case.seller = f"店 {index}"
        start = time.perf_counter()
        review_case(case, folder, facts=facts)
        kept.append(time.perf_counter() - start)
        start = time.perf_counter()
        review_case(case, folder)  # the peer: no facts kept, as before issue 14
        fresh.append(time.perf_counter() - start)
    # One photo added: once, the first time (its faces are then detected for real; a second trial would find
    # them in the case's face cache on disk).
    trial = load_case(folder)
    trial.bts.append(make_entry(photos[-1], folder, load_profile("1688"), convert=False))
    start = time.perf_counter()
    review_case(trial, folder, facts=facts)
    add = time.perf_counter() - start
    inspected = facts.counts["inspect"]
    return {"first": first, "edit_kept": statistics.median(kept), "edit_fresh": statistics.median(fresh),
            "add": add, "add_inspected_total": float(inspected)}


def gui_figures(photos: list[Path], repeat: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from ui import i18n, settings, tasks
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    i18n.install("zh_CN")
    window = MainWindow(settings.load())
    window.resize(1280, 800)
    window.show()
    window.new_case()
    view = window.case_view
    workspace = view.workspace

    def idle() -> bool:
        return tasks.running() == 0 and not workspace.busy and not workspace.review_pending() \
            and workspace.review is not None

    def wait(condition: object, timeout: float = 300.0) -> float:
        start = time.perf_counter()
        while not condition():  # type: ignore[operator]
            app.processEvents()
            time.sleep(0.001)
            if time.perf_counter() - start > timeout:
                raise TimeoutError
        return time.perf_counter() - start

    view.listing.links[0].setText(LINK)
    view.listing.flush()
    view.add_paths([str(p) for p in photos[:-1]])
    wait(lambda: len(workspace.case.images()) == len(photos) - 1 and idle())
    edits = []
    for index in range(repeat):
        before = workspace.review
        start = time.perf_counter()
        view.listing.seller.setText(f"仿冒小店 {index}")
        view.listing.flush()
        wait(lambda b=before: workspace.review is not b and idle()
             and workspace.review.case.seller == workspace.case.seller)
        edits.append(time.perf_counter() - start)
    start = time.perf_counter()
    view.add_paths([str(photos[-1])])
    wait(lambda: workspace.review is not None and workspace.review.file(str(photos[-1])) is not None and idle())
    add = time.perf_counter() - start
    window.shutdown()
    tasks.cancel_all()
    tasks.wait_for_all(60000)
    return {"gui_edit": statistics.median(edits), "gui_edit_max": max(edits), "gui_add": add}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    photos = make_photos(WORK / "shoot", args.photos + 1)
    core = core_figures(photos, args.repeat)
    gui = gui_figures(photos, args.repeat)
    lines = [
        f"- case of {args.photos} photos (2000x1500 JPEG, ~{photos[0].stat().st_size // 1000} KB each), median of "
        f"{args.repeat}; first review (hash, inspect, faces of every photo): {core['first']:.2f} s",
        f"- core, seller edited, then `review_case` with the open case's facts kept: "
        f"**{core['edit_kept'] * 1000:.0f} ms**; peer, the same review with fresh facts (every review before "
        f"issue 14): {core['edit_fresh'] * 1000:.0f} ms",
        f"- core, one photo added, then `review_case`: **{core['add'] * 1000:.0f} ms** "
        f"(once; inspections by the kept facts over all these reviews: {core['add_inspected_total']:.0f}, "
        f"i.e. each of the {args.photos + 1} files once)",
        f"- GUI (offscreen window), seller typed -> checklist shows the new review: **{gui['gui_edit'] * 1000:.0f} ms**"
        f" median, {gui['gui_edit_max'] * 1000:.0f} ms worst (target < 100 ms)",
        f"- GUI, one photo added -> checklist covers it (hash, inspect, faces of that photo only): "
        f"**{gui['gui_add'] * 1000:.0f} ms** (target < 1 s)",
    ]
    if args.no_record:
        print("\n".join(lines))
    else:
        record("Case review after an edit (issue 14)", "QT_QPA_PLATFORM=offscreen .venv/bin/python bench/review.py",
               lines)


if __name__ == "__main__":
    main()
