"""Face check speed: per-photo time on one core (target <= 150 ms for a 12-megapixel photo, decoding
included), the shipped detector and the retired one in the same run, and the two runtimes that could
carry the model (ONNX Runtime, OpenCV's dnn) on the same model and inputs.

Generates a 4000x3000 camera-like JPEG (smooth scene + sensor noise, about the bytes of a real 12 MP
file) and times `core.faces.detect.detect_faces` on it and on corpus photos; the retired res10 pipeline
runs on the same files in a child process (`bench/faces_old.py`). Reports the median and the best of
several runs (the machine is shared: the best run is the closest to an idle core), in wall time and in
CPU time. The runtime comparison needs `opencv-python-headless` (4.x); without it, that part is skipped.

    .venv/bin/python bench/faces.py [--runs N] [--no-record]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# One core for the old pipeline's numpy too (it is a child process; set before anything imports numpy).
os.environ["OPENBLAS_NUM_THREADS"] = "1"

# The project root replaces this folder on the path: bench/inspect.py would shadow the stdlib module.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
import piexif  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from bench import faces_old  # noqa: E402
from bench.common import CORPUS, record  # noqa: E402
from core.faces import centerface  # noqa: E402
from core.faces.detect import detect_faces, settings, upright_pixels  # noqa: E402

TARGET_MS = 150.0
CORPUS_PHOTOS = ("originals/iphone6_hdr_no.jpg", "originals/nokia_8_3.jpg", "originals/olympus_e_p3.jpg",
                 "originals/jolla.jpg", "sessions/d800_a/1.jpg", "faces/two_faces_1.jpg",
                 "small-originals/canon_ixus.jpg")


def make_12mp(path: Path) -> Path:
    """A 4000x3000 JPEG that decodes like a camera file: shapes, gradients, fine noise, camera EXIF."""
    rng = np.random.default_rng(12)
    base = Image.new("RGB", (1000, 750), (120, 130, 140))
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x, y = int(rng.integers(0, 1000)), int(rng.integers(0, 750))
        w, h = int(rng.integers(20, 300)), int(rng.integers(20, 300))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x, y, x + w, y + h], fill=colour)
    scene = base.filter(ImageFilter.GaussianBlur(3)).resize((4000, 3000), Image.Resampling.BICUBIC)
    pixels = np.asarray(scene).astype(np.int16) + rng.normal(0, 6, (3000, 4000, 3)).astype(np.int16)
    exif = piexif.dump({"0th": {piexif.ImageIFD.Make: "Canon", piexif.ImageIFD.Model: "Canon EOS 90D"},
                        "Exif": {piexif.ExifIFD.DateTimeOriginal: "2026:05:01 10:00:00"}})
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=92, exif=exif)
    return path


def timed(call: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of `runs` calls after one warm-up."""
    call()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return walls, cpus


def figures(walls: list[float], cpus: list[float]) -> str:
    return f"median {statistics.median(walls):.0f} ms, best {min(walls):.0f} ms, CPU {min(cpus):.0f} ms"


def runtimes(photo: Path, runs: int) -> list[str]:
    """ONNX Runtime and OpenCV dnn, one thread each, on the inputs the detector gives the model for `photo`."""
    try:
        import cv2
    except ImportError:
        return ["- runtimes: OpenCV not installed, comparison skipped"]
    cv2.setNumThreads(1)
    s = settings()
    pixels = upright_pixels(photo, s.work_edge)[0]
    whole, _ = centerface.prepare(pixels, s.input_edge)
    look, _ = centerface.prepare(pixels[:300, :300], s.look_input)
    session = centerface.model()._session
    outputs = [centerface.HEATMAP, centerface.SCALE, centerface.OFFSET]
    lines = []
    for label, blob in ((f"whole photo {whole.shape[3]}x{whole.shape[2]}", whole),
                        (f"second look {look.shape[3]}x{look.shape[2]}", look)):
        ort_walls, ort_cpus = timed(lambda blob=blob: session.run(outputs, {centerface.INPUT: blob}), runs)
        # OpenCV 4.x's dnn keeps shapes from the first input it saw: one net per input size
        net = cv2.dnn.readNetFromONNX(str(centerface.model_path()))
        net.setInput(blob)
        cv_walls, cv_cpus = timed(lambda net=net: net.forward(outputs), runs)
        same = np.abs(net.forward(outputs)[0] - session.run(outputs, {centerface.INPUT: blob})[0]).max()
        lines.append(f"- runtime, {label}: ONNX Runtime {onnx_version()} {figures(ort_walls, ort_cpus)}; "
                     f"OpenCV dnn {cv2.__version__} {figures(cv_walls, cv_cpus)}; heat maps differ by {same:.1e}")
    # the same OpenCV net first given the whole photo, then a second-look crop: its answer for the crop
    stale = cv2.dnn.readNetFromONNX(str(centerface.model_path()))
    stale.setInput(whole)
    stale.forward(outputs)
    stale.setInput(look)
    reused = stale.forward(outputs)[0]
    fresh = session.run(outputs, {centerface.INPUT: look})[0]
    off = float(np.abs(reused - fresh).max())
    lines.append(f"- OpenCV dnn net reused across input sizes: heat map off by up to {off:.2f} "
                 "(a fresh net per size is right; ONNX Runtime takes any size on one session)")
    return lines


def onnx_version() -> str:
    import onnxruntime

    return str(onnxruntime.__version__)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-record", action="store_true", help="print only, do not append to RESULTS.md")
    args = parser.parse_args()
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        generated = make_12mp(Path(folder) / "generated_12mp.jpg")
        photos = [generated] + [CORPUS / name for name in CORPUS_PHOTOS if (CORPUS / name).is_file()]
        why_not = faces_old.missing()
        old = faces_old.run_old(photos, args.runs) if why_not is None else {}
        s = settings()
        decode_walls, decode_cpus = timed(lambda: upright_pixels(generated, s.work_edge), args.runs)
        for path in photos:
            walls, cpus = timed(lambda path=path: detect_faces(path), args.runs)
            faces = detect_faces(path).faces
            with Image.open(path) as image:
                size = f"{image.width}x{image.height}"
            name = "generated 4000x3000 JPEG" if path == generated else f"corpus {path.relative_to(CORPUS)}"
            megabytes = path.stat().st_size / 1e6
            line = f"- {name} ({size}, {megabytes:.1f} MB): **new** {figures(walls, cpus)}, faces {faces}"
            if path == generated:
                verdict = "meets" if min(walls) <= TARGET_MS else "MISSES"
                decoding = figures(decode_walls, decode_cpus)
                line += f" ({verdict} the {TARGET_MS:.0f} ms target; of it, decoding {decoding})"
            if str(path) in old:
                record_ = old[str(path)]
                line += f"; old {figures(record_['walls'], record_['cpus'])}, faces {len(record_['boxes'])}"
            lines.append(line)
        lines += runtimes(generated, args.runs)
    lines.append(f"- {args.runs} runs per photo after a warm-up; new: ONNX Runtime, one intra-op thread; old: "
                 "numpy, `OPENBLAS_NUM_THREADS=1`, in a child process from git (bench/faces_old.py); the machine "
                 "is shared, so the best run is the fairest single-core figure")
    if why_not:
        lines.append(f"- {why_not}")
    load = os.getloadavg()[0]
    lines.append(f"- load average at the end: {load:.1f} on {os.cpu_count()} cores (wall times follow it)")
    if args.no_record:
        print("\n".join(lines))
    else:
        record("face check speed, old and new detector, one core (issue 17)", "python bench/faces.py", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
