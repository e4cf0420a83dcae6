"""Fuzzing in the suite: a few hundred mutations per file kind of real corpus files (fixed seed, the
small ones so it stays near a minute), through `inspect --fast`, plain `inspect` and the face check.

Nothing may escape as an exception; every file cut inside its image data is flagged in both inspect
modes; the face check never says "no face" about a file inspect calls unreadable; sources stay
byte-identical. The long run (10,000+ inputs, a watchdog and a memory limit per input) is
`bench/fuzz.py`, its figures in bench/RESULTS.md.
"""

from __future__ import annotations

import faulthandler
import hashlib
import time
from pathlib import Path

import pytest

from bench.fuzz import check_one, expectations
from bench.fuzz_inputs import file_name, iter_mutants
from tests.conftest import CORPUS

SEED = 2026
PER_KIND = 200
SMALL_BASES = {
    "jpeg": ("small-originals/canon_ixus.jpg", "small-originals/fujifilm_dx10.jpg", "small-originals/DSCN0010.jpg",
             "edited/photoshop_xmp.jpg", "stripped/telegram.jpg", "broken/zero_length_string.jpg"),
    "heic": ("heic/spring_1440x960.heic",),
    "raw": ("raw/canon_eos_6d.dng", "raw/nikon_z9_he.dng", "raw/canon_stripped.cr2", "raw/canon_stripped.cr3",
            "raw/nikon_stripped.nef", "raw/sony_a7iii_stripped.ARW"),
}
WALL_SECONDS = 90  # a slow machine runs fewer inputs rather than holding up the suite


@pytest.mark.parametrize("kind", ["jpeg", "heic", "raw"])
def test_mutated_corpus_files_get_clear_answers(tmp_path: Path, kind: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    faulthandler.dump_traceback_later(600, exit=True)  # a hang ends the run with a traceback, not silence
    started = time.monotonic()
    problems: list[str] = []
    ran = cuts = 0
    try:
        for index, mutant in enumerate(iter_mutants(CORPUS, kind, PER_KIND, SEED, SMALL_BASES[kind])):
            if time.monotonic() - started > WALL_SECONDS:
                break
            path = tmp_path / file_name(mutant, index)
            path.write_bytes(mutant.data)
            job = {"cut": mutant.cut}
            row = check_one(str(path), run_faces=index % 10 == 0)
            found = [p for p in expectations(row, job) if p not in ("over_10s", "over_10s_cpu", "over_1gb")]
            if hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(mutant.data).digest():
                found.append("source_changed")
            problems += [f"{p}: {mutant.base} {mutant.mutation} {row.get('errors') or ''}" for p in found]
            ran += 1
            cuts += mutant.cut
            path.unlink()
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert ran >= 50 and cuts >= 5, (ran, cuts)
    assert problems == []
