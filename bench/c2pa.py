"""What C2PA validation costs per file, against the bare library doing the same read in the same run.

Builds 40 camera-like 2000x1500 JPEGs, signs copies with a test CA (c2pa-python's Builder, the
tests' kit), and measures CPU time per file (the shared box's wall clock is too noisy):
`c2pa_manifest.validate` (our wrapper, both shipped trust lists) vs a bare `c2pa.Reader` with the
same settings (the peer) and one with the official list alone (what the interim list adds), and
plain `inspect` / `inspect --fast` on signed vs unsigned copies. The test CA is on neither list, so
every file is checked against all anchors (the slowest case).
Run: `.venv/bin/python bench/c2pa.py` (needs the test extra: cryptography).
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.common import record  # noqa: E402
from core.inspection.inspect import inspect_path  # noqa: E402
from core.photo import c2pa_manifest  # noqa: E402
from tests.conftest import exif_bytes, noise_image  # noqa: E402
from tests.core.photo.c2pa_kit import CAPTURE, make_ca, manifest, sign  # noqa: E402

COUNT = 40


def cpu_ms(paths: list[Path], action: Callable[[Path], object], rounds: int = 3) -> float:
    """Best of `rounds` CPU milliseconds per file."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for path in paths:
            action(path)
        best = min(best, (time.process_time() - start) * 1000 / len(paths))
    return best


def main() -> None:
    import c2pa

    ca = make_ca()
    with tempfile.TemporaryDirectory(prefix="bench-c2pa-") as folder:
        plain, signed = [], []
        for index in range(COUNT):
            buffer = io.BytesIO()
            noise_image(2000, 1500, seed=index).save(buffer, "JPEG", quality=92, exif=exif_bytes(size=(2000, 1500)))
            data = buffer.getvalue()
            plain.append(Path(folder) / f"plain_{index}.jpg")
            plain[-1].write_bytes(data)
            signed.append(Path(folder) / f"signed_{index}.jpg")
            signed[-1].write_bytes(sign(ca, data, "image/jpeg", manifest("Test Camera Firmware", CAPTURE)))
        size = signed[0].stat().st_size
        lists = c2pa_manifest.trust_lists()
        context = c2pa.Context.from_dict(c2pa_manifest.settings(lists))
        official_only = c2pa.Context.from_dict(c2pa_manifest.settings(c2pa_manifest.TrustLists(lists.official)))

        def bare(path: Path, context: object = context) -> object:
            with path.open("rb") as handle, c2pa.Reader("image/jpeg", handle, context=context) as reader:
                return reader.json()

        start = time.perf_counter()
        c2pa_manifest.validate(signed[0], "jpeg")  # import c2pa's native library and build the context once
        first = (time.perf_counter() - start) * 1000
        for path in signed[:3] + plain[:3]:
            inspect_path(path)
        ours = cpu_ms(signed, lambda path: c2pa_manifest.validate(path, "jpeg"))
        peer = cpu_ms(signed, bare)
        peer_official = cpu_ms(signed, lambda path: bare(path, official_only))
        inspect_signed = cpu_ms(signed, lambda path: inspect_path(path))
        inspect_plain = cpu_ms(plain, lambda path: inspect_path(path))
        fast_signed = cpu_ms(signed, lambda path: inspect_path(path, fast=True))
        fast_plain = cpu_ms(plain, lambda path: inspect_path(path, fast=True))
    lines = [
        f"- files: {COUNT} camera-like 2000x1500 JPEGs (~{size // 1024} KB), signed with a test CA (ES256)",
        f"- `c2pa_manifest.validate` (plain inspect's C2PA step): **{ours:.1f} ms CPU per file**",
        f"- bare `c2pa.Reader` + `json()`, same settings (peer, same run): {peer:.1f} ms CPU per file",
        f"- bare `c2pa.Reader`, official trust list only (without the interim list's "
        f"{lists.interim_anchors.count('BEGIN CERTIFICATE')} anchors + "
        f"{lists.interim_allowed.count('BEGIN CERTIFICATE')} signer certificates): {peer_official:.1f} ms CPU per file",
        f"- first call in a process (loads the ~23 MB native library, builds the context): {first:.0f} ms wall",
        f"- plain `inspect`: {inspect_signed:.1f} ms CPU per signed file vs {inspect_plain:.1f} ms unsigned "
        f"(C2PA adds {inspect_signed - inspect_plain:.1f} ms)",
        f"- `inspect --fast` (byte scan only): {fast_signed:.2f} ms CPU per signed file vs {fast_plain:.2f} ms "
        "unsigned",
        "- files without a manifest never load c2pa: the check is a byte test on the headers already read",
    ]
    record("C2PA validation cost per file", ".venv/bin/python bench/c2pa.py", lines)


if __name__ == "__main__":
    main()
