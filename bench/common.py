"""Shared bench helpers: a library of hard links to corpus files, and appending to RESULTS.md."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "RESULTS.md"


def corpus_files(folders: tuple[str, ...] = ("originals",),
                 suffixes: tuple[str, ...] = (".jpg", ".jpeg")) -> list[Path]:
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    files = [p for folder in folders for p in sorted((CORPUS / folder).rglob("*")) if p.suffix.lower() in suffixes]
    if not files:
        sys.exit("no corpus files to build the bench library from")
    return files


def link_library(target: Path, sources: list[Path], count: int) -> list[Path]:
    """`count` hard links (copies where links fail) cycling over `sources`, in nested folders."""
    if target.exists():
        shutil.rmtree(target)
    made = []
    for index in range(count):
        source = sources[index % len(sources)]
        folder = target / f"shoot_{index // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        link = folder / f"IMG_{index:05d}{source.suffix}"
        try:
            os.link(source, link)
        except OSError:
            shutil.copyfile(source, link)
        made.append(link)
    return made


def record(title: str, command: str, lines: list[str]) -> None:
    """Append one dated section to bench/RESULTS.md and echo it."""
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    section = [f"\n## {title} ({stamp})", "", f"Command: `{command}`", "", *lines, ""]
    text = "\n".join(section)
    print(text)
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nMachine: shared 2-core Linux box; figures are noisy, so every "
                           "target is compared with its peer in the same run.\n", encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text)
