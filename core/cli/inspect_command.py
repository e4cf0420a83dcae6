"""`app.py inspect [--json] [--fast] PATH...`: facts and findings for each file, and for the image files
inside each folder given."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from core.base.findings import catalog
from core.base.jsontext import display
from core.base.rules import load_profile
from core.cli import add_common, print_json
from core.inspection.inspect import InspectionReport, inspect_path
from core.library.scan import LibrarySettings, expand_paths

NAME = "inspect"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(NAME, help="check files against the platform rules")
    add_common(parser)
    parser.add_argument("--fast", action="store_true", help="read headers only (no pixel decoding)")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    return parser


def run(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    # A folder stands for the image files inside it, searched as `sessions` does (README: `inspect 照片/`).
    extensions = LibrarySettings.from_profile(profile).extensions
    paths: list[str] = []
    seen: set[str] = set()
    empty: list[str] = []
    for given in args.paths:
        found = [path for path in expand_paths([given], extensions) if path not in seen]
        if not found and os.path.isdir(given):
            empty.append(given)
        seen.update(found)
        paths.extend(found)
    if empty:
        text = catalog(args.lang).label("cli.no_images").replace("{paths}", ", ".join(empty))
        sys.stderr.write(display(text) + "\n")
    reports = [inspect_path(path, profile, args.lang, fast=args.fast) for path in paths]
    if args.json:
        print_json([report.to_json() for report in reports])
    else:
        print_table(reports, args.lang)
    return 0


def print_table(reports: list[InspectionReport], lang: str | None) -> None:
    labels = catalog(lang)
    for report in reports:
        size = f"{report.width}x{report.height}" if report.width else "-"
        print(f"[{labels.label(report.verdict.value)}] {report.path}")
        camera = report.camera.describe()
        print(f"    {report.type}  {report.bytes or 0:,} B  {size}  {camera}  {report.taken_at or '-'}")
        for finding in report.findings:
            print(f"    - {labels.label(finding.severity.value)} {finding.code}: {finding.message}")
            if finding.remedy:
                print(f"      -> {finding.remedy}")
