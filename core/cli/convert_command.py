"""`app.py convert [--json] --out DIR SRC...`: RAW/HEIC originals to JPEG, keeping the camera's evidence.

Exit 0 when every source was processed, refused ones included (the refusal is a finding). LibRaw's
own warnings are kept off the terminal (core/conversion/raw.py `quiet_stderr`).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from core.base.findings import catalog
from core.base.rules import load_profile
from core.cli import add_common, print_json
from core.conversion.convert import ConversionResult, convert_batch

NAME = "convert"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        NAME, help="convert RAW/HEIC originals to JPEG keeping camera metadata")
    add_common(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the JPEGs (never the sources' folder)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes for several files (default: all cores)")
    parser.add_argument("sources", nargs="+", metavar="SRC")
    return parser


def run(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    results = convert_batch(args.sources, args.out, profile, args.lang, workers=max(1, workers))
    if args.json:
        print_json([result.to_json() for result in results])
    else:
        print_table(results, args.lang)
    return 0


def print_table(results: list[ConversionResult], lang: str | None) -> None:
    labels = catalog(lang)
    for result in results:
        print(f"[{labels.label(result.verdict.value)}] {result.source}")
        if result.output:
            quality = result.quality if result.quality is not None else "-"
            print(f"    -> {result.output}")
            print(f"    {result.method}  {result.width}x{result.height}  q{quality}  {result.bytes or 0:,} B")
        for finding in result.findings:
            print(f"    - {labels.label(finding.severity.value)} {finding.code}: {finding.message}")
            if finding.remedy:
                print(f"      -> {finding.remedy}")
