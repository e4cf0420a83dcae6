"""How often `inspect --fast` agrees with ExifTool on the facts merchants rely on, file by file.

Fields: make, model, body serial, capture time, stored pixel size. ExifTool's reading is the
reference (Debian `libimage-exiftool-perl`; a peer, never a runtime dependency). A serial counts as
agreeing when it equals any SerialNumber / CameraSerialNumber / BodySerialNumber ExifTool reads (its
printed or raw form, case aside), or, when ExifTool has none of those, a MakerNote InternalSerialNumber
(Panasonic's printed form turned back into the characters stored); a file where both have nothing agrees.
Capture time compares the first 19 characters of ExifTool's DateTimeOriginal (any group), else its
CreateDate/DateCreated, blank dates left out (a date alone, as IPTC DateCreated without TimeCreated gives
it, is compared as the day). Size is compared on files where ExifTool reads a frame size (File:ImageWidth),
against its own ImageSize: the frame's size for JPEG, PNG, HEIF..., but the image area for a RAW whose
embedded JPEG gives that frame (RW2: the sensor borders; RAF: RawImageCroppedSize), not the preview's size.
Run: `.venv/bin/python bench/agreement.py [FOLDER_OR_FILE ...]` (default: the corpus); `-v` lists misses.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.common import record  # noqa: E402
from core.inspection.inspect import inspect_path  # noqa: E402
from core.photo.filetypes import TYPE_LABELS  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
TAGS = ["-Make", "-Model", "-SerialNumber", "-InternalSerialNumber", "-CameraSerialNumber", "-BodySerialNumber",
        "-DateTimeOriginal", "-CreateDate", "-DateCreated", "-ImageWidth", "-ImageHeight", "-ImageSize"]
SERIALS = ("SerialNumber", "CameraSerialNumber", "BodySerialNumber")
IMAGE_TYPES = frozenset(TYPE_LABELS) - {"unknown"}
EXTENSIONS = {".jpg", ".jpeg", ".heic", ".heif", ".avif", ".png", ".webp", ".tif", ".tiff", ".dng", ".cr2", ".cr3",
              ".crw", ".nef", ".arw", ".rw2", ".raf", ".orf", ".pef"}


def _norm(value: Any) -> str | None:
    text = re.sub(r"\s+", " ", str(value)).strip() if value not in (None, "") else ""
    return text or None


def _exiftool(paths: list[Path], raw: bool) -> dict[str, dict[str, Any]]:
    command = ["exiftool", "-j", "-a", "-G1", *(["-n"] if raw else []), *TAGS, *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return {entry["SourceFile"]: entry for entry in json.loads(result.stdout or "[]")}


def _values(readings: list[dict[str, Any]], names: tuple[str, ...], skip: tuple[str, ...] = ()) -> list[str]:
    return [value for reading in readings for key, raw in reading.items()
            if key.split(":")[-1] in names and not key.startswith(skip) and (value := _norm(raw))]


def _first(reading: dict[str, Any], name: str, groups: tuple[str, ...]) -> str | None:
    for group in groups:
        if _norm(reading.get(f"{group}:{name}")):
            return _norm(reading[f"{group}:{name}"])
    return next((value for key, raw in reading.items() if key.split(":")[-1] == name and (value := _norm(raw))), None)


# ExifTool prints Panasonic's internal serial "F000501140053" as "(F00) 2005:01:14 NO. 0053"; its -n form keeps
# what follows the field's NUL terminator ("F000501140053??"), so the printed form is turned back into the
# 13 characters the camera wrote before it.
_PANASONIC = re.compile(r"\((\w{3})\) \d\d(\d\d):(\d\d):(\d\d) NO\. (\d{4})", re.IGNORECASE)
_MINUTES = re.compile(r"^(\d{4}:\d\d:\d\d \d\d:\d\d)(?!:)")


def _times(values: list[str]) -> list[str]:
    """ExifTool's times as ISO text (19 characters): blank or zero dates dropped, as the app drops them; an XMP
    time without seconds ("2011:06:14 15:47+02:00") given its ":00", as the app gives it."""
    times = [_MINUTES.sub(r"\1:00", value) for value in values if value[:4].isdigit() and value[:4] != "0000"]
    return [time[:19].replace(":", "-", 2).replace(" ", "T") for time in times]


def compare(path: Path, printed: dict[str, Any], raw: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    report = inspect_path(path, fast=True)
    camera = report.camera
    result: dict[str, tuple[bool, Any, Any]] = {}
    for field, ours in (("make", camera.make), ("model", camera.model)):
        theirs = _first(printed, field.capitalize(), ("IFD0", "XMP-tiff"))
        result[field] = (_norm(ours) == theirs, ours, theirs)
    serials = _values([printed, raw], SERIALS) or _values([printed, raw], ("InternalSerialNumber",), ("Canon",))
    serials += [_PANASONIC.sub(r"\1\2\3\4\5", serial) for serial in serials if _PANASONIC.fullmatch(serial)]
    ours_serial = (_norm(camera.serial) or "").upper() or None
    wanted = {serial.upper() for serial in serials}
    result["serial"] = ((ours_serial in wanted) if wanted else ours_serial is None, camera.serial, sorted(wanted))
    times = _times(_values([printed], ("DateTimeOriginal",))) or _times(
        _values([printed], ("CreateDate", "DateCreated"), ("File",)))
    ours_time = (report.taken_at or "")[:19] or None
    result["taken_at"] = ((ours_time in times) if times else ours_time is None, report.taken_at, times)
    width, height = printed.get("File:ImageWidth"), printed.get("File:ImageHeight")
    size = re.fullmatch(r"(\d+)x(\d+)", str(printed.get("Composite:ImageSize", "")))
    if width:
        frame = (int(size.group(1)), int(size.group(2))) if size else (width, height)
        result["size"] = ((report.width, report.height) == frame, (report.width, report.height), frame)
    return result


def main() -> None:
    verbose = "-v" in sys.argv
    targets = [Path(arg) for arg in sys.argv[1:] if arg != "-v"] or [CORPUS]
    if not shutil.which("exiftool"):
        raise SystemExit("exiftool is not installed (apt-get install libimage-exiftool-perl)")
    paths = sorted({path for target in targets for path in ([target] if target.is_file() else target.rglob("*"))
                    if path.is_file() and path.suffix.lower() in EXTENSIONS})
    printed, raw = _exiftool(paths, raw=False), _exiftool(paths, raw=True)
    totals: dict[str, list[int]] = {}
    misses: list[str] = []
    for path in paths:
        if inspect_path(path, fast=True).type not in IMAGE_TYPES:
            continue
        for field, (ok, ours, theirs) in compare(path, printed.get(str(path), {}), raw.get(str(path), {})).items():
            counts = totals.setdefault(field, [0, 0])
            counts[0] += ok
            counts[1] += 1
            if not ok:
                misses.append(f"  - {path.name}: {field} ours={ours!r} exiftool={theirs!r}")
    agreed, total = sum(c[0] for c in totals.values()), sum(c[1] for c in totals.values())
    lines = [f"- {len(paths)} files under {', '.join(str(t) for t in targets)}"]
    lines += [f"- {field}: {ok}/{count} ({100 * ok / count:.1f}%)" for field, (ok, count) in totals.items()]
    lines.append(f"- all fields: **{agreed}/{total} ({100 * agreed / max(total, 1):.1f}%)**")
    if verbose:
        lines += ["- misses:", *misses]
    record("agreement with ExifTool (make, model, serial, capture time, size)",
           ".venv/bin/python bench/agreement.py " + " ".join(sys.argv[1:]), lines)


if __name__ == "__main__":
    main()
