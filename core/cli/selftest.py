"""The Qt-free half of `app.py --self-test`: does everything the build bundles actually load and work?

Run on a packaged app (`dist/yuantu/yuantu --self-test`) it proves the installer carries the rules
profiles, both message catalogs, LibRaw (a RAW decode), libheif (a HEIC encode + decode), the face
model running in ONNX Runtime, one image match through OpenCV, and that user data goes to a per-user
folder, not beside the executable. Each check returns a `Check`; none raises. The Qt half (translations,
platform plugin) is `ui/selftest.py`.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.cli.selftest_samples import product_photo, tiny_dng, tiny_heic


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def as_tuple(self) -> tuple[str, bool, str]:
        return self.name, self.ok, self.detail


def _rules() -> str:
    from core.base.rules import available_profiles, load_profile

    profiles = available_profiles()
    for required in ("1688", "taobao"):
        if required not in profiles:
            raise RuntimeError(f"rules profile {required!r} is missing (found {profiles})")
    loaded = [load_profile(profile_id) for profile_id in profiles]
    codes = sum(len(profile.severities) for profile in loaded)
    return f"{len(loaded)} profiles ({', '.join(profiles)}), {codes} severities"


def _messages() -> str:
    from core.base.findings import LANGUAGES, catalog
    from core.base.rules import load_profile

    catalogs = {language: catalog(language) for language in LANGUAGES}
    # a real finding in both languages: the path the GUI and the CLI take for every message
    for language in LANGUAGES:
        finding = load_profile().findings(language).make("size.too_small", size_text="1 KB")
        if not finding.message or not finding.remedy:
            raise RuntimeError(f"empty text for size.too_small in {language}")
    # complete coverage of every code is tests/ business; here a gap is reported, not failed
    severities = load_profile().severities
    gaps = {language: sum(code not in messages.codes for code in severities) for language, messages in catalogs.items()}
    detail = ", ".join(f"{language}: {len(messages.codes)} codes" for language, messages in catalogs.items())
    if any(gaps.values()):
        detail += " (codes without text: " + ", ".join(f"{lang} {n}" for lang, n in gaps.items()) + ")"
    return detail


def _raw_decode() -> str:
    import numpy as np
    import rawpy

    data = tiny_dng()
    with rawpy.imread(io.BytesIO(data)) as raw:
        rgb = raw.postprocess()
    if rgb.shape != (48, 64, 3):
        raise RuntimeError(f"decoded DNG has shape {rgb.shape}, expected (48, 64, 3)")
    red, _green, blue = (float(value) for value in np.asarray(rgb).mean(axis=(0, 1)))
    if not red > blue:
        raise RuntimeError(f"decoded colours are wrong (red {red:.0f} <= blue {blue:.0f})")
    return f"LibRaw {rawpy.libraw_version} decoded a {len(data):,}-byte DNG to 64x48"


def _heic_decode() -> str:
    import pillow_heif
    from PIL import Image

    data = tiny_heic()
    pillow_heif.register_heif_opener()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        size, mode = image.size, image.mode
    if size != (64, 48):
        raise RuntimeError(f"decoded HEIC is {size}, expected (64, 48)")
    return f"libheif {pillow_heif.libheif_version()} wrote and read a {len(data):,}-byte HEIC ({mode})"


def _faces() -> str:
    """The bundled face model loads in ONNX Runtime and the whole detector runs (decode, the model at
    both scales, decoding of its output) on a generated photo of a plain disc, which is not a face."""
    import numpy as np
    from PIL import Image, ImageDraw

    from core.faces import centerface  # before onnxruntime: it switches the runtime's telemetry off
    from core.faces.detect import detect_faces

    started = time.perf_counter()
    net = centerface.model()
    loaded = (time.perf_counter() - started) * 1000
    with tempfile.TemporaryDirectory(prefix="yuantu-selftest-") as folder:
        photo = Path(folder) / "自检 圆盘.jpg"
        image = Image.new("RGB", (1600, 1200), (180, 180, 180))
        ImageDraw.Draw(image).ellipse((600, 400, 1000, 800), fill=(200, 150, 120))
        image.save(photo, quality=90)
        started = time.perf_counter()
        result = detect_faces(photo)
        elapsed = (time.perf_counter() - started) * 1000
    if result.error is not None:
        raise RuntimeError(f"face check failed on the generated photo: {result.error}")
    if result.faces:
        raise RuntimeError(f"face model output is wrong: it sees {result.faces} face(s) in a plain disc")
    heat = net.find(np.zeros((64, 96, 3), np.uint8), 96, 0.0)  # every cell a candidate: the output decodes
    if not np.isfinite(heat).all() or heat.shape[1] != 5:
        raise RuntimeError(f"face model output decodes to {heat.shape}")
    import onnxruntime

    path = centerface.model_path()
    return (f"onnxruntime {onnxruntime.__version__}, {path.name} ({path.stat().st_size:,} B) loaded in "
            f"{loaded:.0f} ms, 1600x1200 photo checked in {elapsed:.0f} ms")


def _inspection() -> str:
    """The app's own inspection on the generated files, in a folder with Chinese and spaces."""
    from core.inspection.inspect import inspect_path

    with tempfile.TemporaryDirectory(prefix="yuantu-selftest-") as folder:
        root = Path(folder) / "自检 文件"
        root.mkdir()
        (root / "样片 1.dng").write_bytes(tiny_dng())
        (root / "样片 2.heic").write_bytes(tiny_heic())
        reports = [inspect_path(path) for path in sorted(root.iterdir())]
    kinds = [report.type for report in reports]
    if kinds != ["dng", "heic"]:
        raise RuntimeError(f"inspection identified {kinds}, expected ['dng', 'heic']")
    return "inspected " + ", ".join(f"{report.type}: {report.verdict.value}" for report in reports)


def _matching() -> str:
    """One real "find my original" run through OpenCV (ORB, FLANN, RANSAC, ECC): two generated photos
    indexed, a shrunken crop of one as the listing; that photo must come first. The installer ships a
    slim OpenCV build (scripts/build_slim_opencv.py), so this is what proves the modules it kept suffice."""
    import cv2

    from core.matching.index import MatchIndex
    from core.matching.query import match_image

    with tempfile.TemporaryDirectory(prefix="yuantu-selftest-") as folder:
        root = Path(folder) / "自检 图库"
        root.mkdir()
        for seed in (1, 2):
            product_photo(seed).save(root / f"原图 {seed}.jpg", quality=90)
        listing = Path(folder) / "盗图.jpg"
        product_photo(1).crop((150, 100, 1050, 800)).resize((540, 420)).save(listing, quality=75)
        started = time.perf_counter()
        with MatchIndex(Path(folder) / "index.sqlite3") as index:
            files = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(root.iterdir())]
            index.update(files, workers=1)
            result = match_image(listing, index, lang="en")
        elapsed = (time.perf_counter() - started) * 1000
    if not result.candidates or Path(result.candidates[0].path).name != "原图 1.jpg":
        found = [(Path(c.path).name, round(c.score, 2)) for c in result.candidates]
        raise RuntimeError(f"the listing's original was not found first: {found} {[f.code for f in result.findings]}")
    best = result.candidates[0]
    return (f"OpenCV {cv2.__version__}: the original found first among 2 (score {best.score:.2f}, "
            f"{best.inliers} inliers) in {elapsed:.0f} ms")


def _workdays() -> str:
    """China's holiday calendar is inside (the response deadline counts make-up working days)."""
    import datetime as dt

    import chinese_calendar.constants as calendar_data

    from core.case.workdays import add_working_days

    due = add_working_days(dt.date(2025, 9, 30), 2)
    if due.due != dt.date(2025, 10, 10) or not due.calendar_known:
        raise RuntimeError(f"the working-day calendar is wrong: 2 working days after 2025-09-30 gave {due.due}")
    return f"holidays known through {max(day.year for day in calendar_data.holidays)}"


def _c2pa() -> str:
    """c2pa-python's native library loads, and the shipped C2PA trust lists make a valid context."""
    import c2pa

    from core.photo import c2pa_manifest

    lists = c2pa_manifest.trust_lists()
    c2pa.Context.from_dict(c2pa_manifest.settings(lists)).close()

    def count(pem: str) -> int:
        return pem.count("BEGIN CERTIFICATE")

    return (f"c2pa {c2pa.sdk_version()}, {count(lists.official)} trust anchors, interim list "
            f"{count(lists.interim_anchors)} anchors + {count(lists.interim_allowed)} signer certificates")


def _user_data() -> str:
    from core.base import appdata

    root = appdata.data_root().resolve()
    executable_folder = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False) and (root == executable_folder or executable_folder in root.parents):
        raise RuntimeError(f"user data folder {root} is inside the app folder {executable_folder}")
    return str(root)


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("rules profiles", _rules),
    ("message catalogs zh_CN/en", _messages),
    ("RAW decode (LibRaw)", _raw_decode),
    ("HEIC encode+decode (libheif)", _heic_decode),
    ("face model (CenterFace, ONNX Runtime)", _faces),
    ("inspection of the samples", _inspection),
    ("image matching (OpenCV)", _matching),
    ("working-day calendar (chinese-calendar)", _workdays),
    ("C2PA validation (c2pa-python)", _c2pa),
    ("per-user data folder", _user_data),
)


def _last_line(error: BaseException) -> str:
    """The telling line of an error (numpy's import error puts the cause last, after advice)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_checks() -> list[Check]:
    """Every Qt-free check, in order; a failing check records its error and the others still run."""
    results: list[Check] = []
    for name, check in CHECKS:
        try:
            results.append(Check(name, True, check()))
        except Exception as error:  # the self-test reports every failure; it must never crash
            results.append(Check(name, False, f"{type(error).__name__}: {_last_line(error)}"))
    return results


def run() -> list[tuple[str, bool, str]]:
    """The brief's form: a list of (check, ok, detail)."""
    return [check.as_tuple() for check in run_checks()]
