"""`app.py inspect [--json] [--fast] PATH...`: facts and findings for each file."""

from __future__ import annotations

import argparse
from typing import Any

from core.base.findings import catalog
from core.base.rules import load_profile
from core.cli import add_common, print_json
from core.inspection.inspect import InspectionReport, inspect_path

NAME = "inspect"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(NAME, help="check files against the platform rules")
    add_common(parser)
    parser.add_argument("--fast", action="store_true", help="read headers only (no pixel decoding)")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    return parser


def run(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    reports = [inspect_path(path, profile, args.lang, fast=args.fast) for path in args.paths]
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
