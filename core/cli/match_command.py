"""`app.py match QUERY_IMAGE... --library PATH [--library PATH ...] [--top N] [--json]`: find the originals.

The library folders are indexed first (incrementally: unchanged files are not reopened; the index lives
beside the catalog in the app's data folder, or at `--index`), then each listing image is matched against
the photos under those folders only. A query image is never added to the index.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any

from core.base.findings import catalog
from core.base.rules import load_profile
from core.cli import add_common, print_json
from core.library.scan import LibrarySettings
from core.matching.index import MatchIndex
from core.matching.query import MatchResult, match_image

NAME = "match"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        NAME, help="find the library original(s) a listing image was made from")
    add_common(parser)
    parser.add_argument("queries", nargs="+", metavar="QUERY_IMAGE")
    parser.add_argument("--library", action="append", required=True, metavar="PATH",
                        help="a photo folder to search (repeat for several)")
    parser.add_argument("--top", type=int, default=None, help="candidates per part of the listing (default 5)")
    parser.add_argument("--index", default=None, metavar="FILE",
                        help="visual index file (default: the app's own, in its data folder)")
    parser.add_argument("--evidence", default=None, metavar="FOLDER",
                        help="write a comparison picture for each query's best candidate into FOLDER")
    return parser


def run(args: argparse.Namespace) -> int:
    missing = [path for path in args.library if not os.path.isdir(path)]
    labels = catalog(args.lang)
    if missing:
        sys.stderr.write(labels.label("cli.not_a_folder").replace("{paths}", ", ".join(missing)) + "\n")
        return 2
    profile = load_profile(args.profile)
    settings = LibrarySettings.from_profile(profile)
    try:
        with MatchIndex(args.index) as index:
            paths = index.refresh(args.library, settings.extensions, workers=settings.workers)
            cache: dict[str, Any] = {}
            results = [match_image(query, index, profile=profile, lang=args.lang, paths=paths,
                                   top=args.top, cache=cache) for query in args.queries]
    except (OSError, sqlite3.Error) as error:  # the index's own file: full disk, read-only data folder
        text = labels.label("cli.catalog_unavailable")
        sys.stderr.write(text.replace("{detail}", f"{type(error).__name__}: {error}") + "\n")
        return 1
    if args.evidence:
        from core.matching.evidence import save_comparison

        for number, result in enumerate(results, 1):
            if result.candidates:
                stem = os.path.splitext(os.path.basename(result.query))[0]
                save_comparison(result.query, result.candidates[0],
                                os.path.join(args.evidence, f"{number:02d}_{stem}_对比.jpg"))
    if args.json:
        print_json([result.to_json() for result in results])
    else:
        print_table(results, args.lang)
    return 0


def print_table(results: list[MatchResult], lang: str | None) -> None:
    labels = catalog(lang)
    for result in results:
        print(result.query)
        if result.ambiguous:
            print("  ! " + labels.label("match.ambiguous"))
        for rank, candidate in enumerate(result.candidates, 1):
            mirror = " ⇋" if candidate.mirrored else ""
            print(f"  {rank:2d}. [{candidate.part}] {candidate.score:.3f}{mirror}  {candidate.path}  "
                  f"{candidate.region}")
            for reason in candidate.reasons:
                print(f"        - {reason}")
        for finding in result.findings:
            print(f"  [{finding.severity.value}] {finding.message}")
            if finding.remedy:
                print(f"        {finding.remedy}")
        if not result.candidates and not result.findings:
            print("  " + labels.label("match.no_candidates"))
