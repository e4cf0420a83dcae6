"""`app.py export CASE_DIR --out DIR [--override CODE=REASON ...] [--json]`: build the complaint bundle.

Prints `bundle` (folder), `zip`, `blockers` (codes still open) and the manifest. Exit status: 0 when
the bundle was written; 3 when blockers remain that were not overridden (nothing written); 1 when
the export failed (disk full, permission, a vanished source: nothing partial left); 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.base.findings import Finding, catalog
from core.base.rules import load_profile
from core.case.build import error_finding
from core.case.casefile import CaseError
from core.case.export import ExportError, ExportResult, export_case
from core.cli import add_common, print_json

NAME = "export"
EXIT_BLOCKED = 3


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(NAME, help="build the ready-to-submit bundle of a case")
    add_common(parser)
    parser.add_argument("case_dir", metavar="CASE_DIR")
    parser.add_argument("--out", required=True, metavar="DIR", help="where the bundle folder and zip go")
    parser.add_argument("--override", action="append", default=[], metavar="CODE=REASON",
                        help="accept every open blocker with this code, for the reason given (recorded)")
    return parser


def parse_overrides(texts: list[str]) -> tuple[dict[str, str], str | None]:
    """{code: reason} from CODE=REASON texts, or the first malformed text."""
    overrides: dict[str, str] = {}
    for text in texts:
        code, sep, reason = text.partition("=")
        if not sep or not code.strip() or not reason.strip():
            return overrides, text
        overrides[code.strip()] = reason.strip()
    return overrides, None


def _fail(finding: Finding, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    if as_json:
        print_json({"bundle": None, "zip": None, **(extra or {}), "error": finding.to_json()})
    else:
        sys.stderr.write(f"{finding.message}\n")
        if finding.remedy:
            sys.stderr.write(f"{finding.remedy}\n")


def _print_result(result: ExportResult, lang: str | None) -> None:
    labels = catalog(lang)
    if result.bundle is not None:
        print(f"bundle: {result.bundle}")
        print(f"zip:    {result.zip}")
        for override in (result.manifest or {}).get("overrides", []):
            print(f"  {labels.label('case.overridden')} {override['code']}: {override['reason']}"
                  f" ({len(override['covered'])})")
        return
    for issue in result.blockers:
        where = Path(issue.file).name if issue.file else labels.label("case.whole_case")
        sys.stderr.write(f"{labels.label('block')} {issue.finding.code} ({where}): {issue.finding.message}\n")
        if issue.finding.remedy:
            sys.stderr.write(f"    -> {issue.finding.remedy}\n")


def authorized_notices(case_dir: str, lang: str | None) -> list[Finding]:
    """A case against a seller on the authorized-sellers list (许可名单) is exported with a warning."""
    from core.case.casefile import load_case
    from core.case.sellers import authorized_finding

    try:
        finding = authorized_finding(load_case(case_dir), lang)
    except CaseError as error:
        if error.code == "lifecycle.sellers_unreadable":
            return [error_finding(error, lang)]
        raise
    return [finding] if finding else []


def run(args: argparse.Namespace) -> int:
    overrides, bad = parse_overrides(args.override)
    if bad is not None:
        _fail(load_profile(args.profile).findings(args.lang).make("export.bad_override", text=bad), args.json)
        return 2
    try:
        notices = authorized_notices(args.case_dir, args.lang)  # said first: the command asks nothing
        if notices and not args.json:
            sys.stderr.write("".join(f"! {n.message}\n    -> {n.remedy}\n" for n in notices))
        result = export_case(args.case_dir, args.out, overrides, args.lang)
    except CaseError as error:
        _fail(error_finding(error, args.lang), args.json)
        return 1
    except ExportError as error:
        _fail(error.finding, args.json, {"blockers": []})
        return 1
    if args.json:
        print_json({**result.to_json(), "notices": [n.to_json() for n in notices]})
    else:
        _print_result(result, args.lang)
    if result.refused:
        factory = result.review.profile.findings(result.review.language)
        codes = sorted({issue.finding.code for issue in result.blockers})
        blocked = factory.make("export.blocked", count=len(result.blockers), codes=", ".join(codes))
        if not args.json:
            sys.stderr.write(f"{blocked.message}\n{blocked.remedy}\n")
        return EXIT_BLOCKED
    return 0
