"""`app.py suggest-bts COMPLAINT_IMAGE --library PATH [--library PATH ...] [--json]`: behind-the-scenes picks."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any

from core.base.findings import catalog
from core.base.jobs import Progress, ProgressCallback
from core.base.jsontext import display
from core.base.rules import load_profile
from core.cli import add_common, print_json
from core.inspection.inspect import inspect_path
from core.library.catalog import Catalog, ScanProgress
from core.library.suggestions import Suggestion, suggest_bts

NAME = "suggest-bts"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        NAME, help="suggest behind-the-scenes originals from the complaint image's shoot")
    add_common(parser)
    parser.add_argument("complaint", metavar="COMPLAINT_IMAGE")
    parser.add_argument("--library", action="append", required=True, metavar="PATH",
                        help="a photo folder to search (repeat for several)")
    parser.add_argument("--limit", type=int, default=12, help="how many suggestions at most (default 12)")
    parser.add_argument("--catalog", default=None, metavar="FILE",
                        help="library catalog file (default: the app's own, in its data folder)")
    return parser


def run(args: argparse.Namespace) -> int:
    missing = [path for path in args.library if not os.path.isdir(path)]
    if missing:
        text = catalog(args.lang).label("cli.not_a_folder", paths=", ".join(missing))
        sys.stderr.write(text + "\n")
        return 2
    profile = load_profile(args.profile)
    checked = inspect_path(args.complaint, profile, args.lang, fast=True)
    if checked.type == "unknown":  # missing, a folder, a named pipe, not an image: say which and why
        reasons = [f.params.get("reason", "unknown") for f in checked.findings if f.code == "file.unreadable"]
        labels = catalog(args.lang)
        text = (labels.label("cli.complaint_unusable").replace("{path}", args.complaint)
                .replace("{reason_text}", labels.label("reason." + str(reasons[0] if reasons else "unknown"))))
        sys.stderr.write(display(text) + "\n")
        return 2
    try:
        with Catalog(args.catalog, profile=profile) as store:
            suggestions = suggest_bts(args.complaint, args.library, profile, args.lang, store, max(1, args.limit),
                                      progress=rereading_notice(args.lang))
    except (OSError, sqlite3.Error) as error:  # the catalog's own file: full disk, read-only data folder
        text = catalog(args.lang).label("cli.catalog_unavailable", detail=f"{type(error).__name__}: {error}")
        sys.stderr.write(text + "\n")
        return 1
    if args.json:
        print_json([suggestion.to_json() for suggestion in suggestions])
    else:
        print_table(suggestions, args.lang)
    return 0


def rereading_notice(lang: str | None) -> ProgressCallback:
    """A progress callback that says once, on stderr, that the library's photos are being read again because
    this version reads more from them (stdout, and so `--json`, stays as it is; nothing said otherwise)."""
    said = False

    def progress(value: Progress) -> None:
        nonlocal said
        if isinstance(value, ScanProgress) and value.rereading and not said:
            said = True
            sys.stderr.write(display(catalog(lang).label("cli.rereading", count=value.total)) + "\n")
            sys.stderr.flush()

    return progress


def print_table(suggestions: list[Suggestion], lang: str | None) -> None:
    labels = catalog(lang)
    for rank, suggestion in enumerate(suggestions, 1):
        mark = labels.label("ok") if suggestion.passes else labels.label("block")
        print(f"{rank:2d}. [{mark}] {suggestion.score:.2f}  {suggestion.path}")
        for reason in suggestion.reasons:
            print(f"      - {reason}")
