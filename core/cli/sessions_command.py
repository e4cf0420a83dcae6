"""`app.py sessions [--json] [--gap SECONDS] PATH...`: shoot sessions of files and folders."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from core.base.findings import catalog
from core.base.rules import load_profile
from core.cli import add_common, print_json
from core.library.sessions import Session, SessionRules, collect_items, group_sessions

NAME = "sessions"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        NAME, help="group photos into shoot sessions (camera body + capture time)")
    add_common(parser)
    parser.add_argument("--gap", type=float, default=None, metavar="SECONDS",
                        help="split where frames are more than this far apart (default: adaptive, see library.toml)")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.gap is not None and args.gap <= 0:
        sys.stderr.write(catalog(args.lang).label("cli.gap_positive") + "\n")
        return 2
    profile = load_profile(args.profile)
    items, skipped = collect_items(args.paths, profile)
    sessions = group_sessions(items, args.gap, SessionRules.from_profile(profile))
    labels = catalog(args.lang)
    if skipped:
        sys.stderr.write(labels.label("session.skipped", count=len(skipped)) + "\n")
    if args.json:
        print_json([session.to_json() for session in sessions])
    else:
        print_table(sessions, args.lang)
    return 0


def print_table(sessions: list[Session], lang: str | None) -> None:
    labels = catalog(lang)
    print(f"{labels.label('session.heading')}: {len(sessions)}")
    for session in sessions:
        camera = session.camera.describe()
        serial = f" #{session.camera.serial}" if session.camera.serial else ""
        span = f"{session.start} .. {session.end}" if session.start else labels.label("session.untimed")
        print(f"{session.id}  {camera}{serial}  {span}  ({len(session.files)} {labels.label('session.files')})")
        for path in session.files:
            print(f"    {path}")
            for companion in session.companions.get(path, []):
                print(f"      + {companion}  ({labels.label('session.pair')})")
