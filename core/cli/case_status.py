"""`app.py case status CASE_DIR ...` records where a complaint stands; `app.py case list` lists them all.

    case status CASE_DIR --submitted "2026-12-01 10:00" --number N [--platform 1688]
    case status CASE_DIR --result upheld|rejected [--reason CODE] [--how deleted|manual] [--at TIME]
    case status CASE_DIR --withdrawn [--at TIME]
    case status CASE_DIR                      (shows the status and the timeline)
    case list [--json] [--seller TEXT]        (state, seller, deadline, days left)

A refused change prints the reason and its remedy and leaves the case file as it was (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.base.findings import Finding, catalog
from core.base.rules import load_profile
from core.case import index as case_index
from core.case import lifecycle, sellers
from core.case.build import error_finding
from core.case.casefile import Case, CaseError, load_case
from core.cli import add_common, print_json


def add_parsers(actions: Any) -> None:
    status = actions.add_parser("status", help="record submission, result or withdrawal; show the timeline")
    add_common(status)
    status.add_argument("case_dir", metavar="CASE_DIR")
    change = status.add_mutually_exclusive_group()
    change.add_argument("--submitted", metavar="TIME", help='when it was submitted, e.g. "2026-12-01 10:00"')
    change.add_argument("--result", metavar="RESULT", help="upheld or rejected")
    change.add_argument("--withdrawn", action="store_true", help="the complaint was withdrawn (撤销)")
    status.add_argument("--number", metavar="N", help="the platform's complaint number (投诉单号)")
    status.add_argument("--platform", metavar="ID", help="where it was submitted (default: the case's profile)")
    status.add_argument("--reason", metavar="CODE", help="rejected: the platform's reason code")
    status.add_argument("--how", metavar="HOW", help="upheld: deleted (in the window) or manual (a decision)")
    status.add_argument("--at", metavar="TIME", help="when the result or withdrawal happened (default: now)")
    listing = actions.add_parser("list", help="every case: state, seller, deadline, days left")
    add_common(listing)
    listing.add_argument("--seller", default="", metavar="TEXT", help="only sellers whose name contains TEXT")


def _fail(error: CaseError, args: argparse.Namespace) -> int:
    finding = error_finding(error, args.lang)
    if args.json:
        print_json({"error": finding.to_json()})
    else:
        sys.stderr.write(f"{finding.message}\n{finding.remedy}\n")
    return 1


def _notices(case: Case, folder: Path, args: argparse.Namespace) -> list[Finding]:
    """What the user should know after a submission: same seller within 3 days, a guessed calendar."""
    notices: list[Finding] = []
    profile = load_profile(case.profile)
    submitted = lifecycle.stored_time(case.status.submitted_at)
    if submitted is not None:
        notices += case_index.same_seller_findings(case, folder, submitted, args.lang)
    deadline = lifecycle.deadline_of(case)
    if deadline is not None and (finding := lifecycle.calendar_finding(deadline, profile, args.lang)):
        notices.append(finding)
    return notices


def start_notices(case: Case, folder: Path, lang: str | None) -> list[Finding]:
    """Said when a case is started: a complaint against this seller in the last 3 days (the platform
    counts them as one), or a seller on the authorized-sellers list."""
    case_index.remember(folder)
    notices = case_index.same_seller_findings(case, folder, lifecycle.local_now(), lang)
    try:
        authorized = sellers.authorized_finding(case, lang)
    except CaseError as error:  # an unreadable list is said, not fatal
        authorized = error_finding(error, lang)
    return notices + ([authorized] if authorized else [])


def status_json(case: Case, folder: Path, lang: str | None) -> dict[str, Any]:
    summary = case_index.summarize(folder)
    data = summary.to_json()
    deadline = summary.standing.deadline if summary.standing else None
    data["state_text"] = lifecycle.state_label(summary.state, lang, bool(summary.standing and
                                                                          summary.standing.window_over))
    data["deadline_text"] = lifecycle.format_deadline(deadline.due, lang) if deadline else None
    rejection = lifecycle.rejection_finding(case, lang)
    data["next"] = {"action": lifecycle.next_action(case), **rejection.to_json()} if rejection else None
    data["timeline"] = [{"at": e.at, "event": e.action, "text": lifecycle.event_label(e.action, lang),
                         "detail": e.detail} for e in lifecycle.timeline(case)]
    return data


def _print_status(data: dict[str, Any], notices: list[Finding]) -> None:
    print(f"{data['seller']}  {data['state_text']}  {data['case_dir']}")
    if data["number"]:
        print(f"  {data['platform']}  {data['number']}  {lifecycle.shown_time(data['submitted_at'])}")
    if data["deadline_text"]:
        print(f"  {data['deadline_text']}")
    if data["next"]:
        print(f"  {data['next']['message']}\n    -> {data['next']['remedy']}")
    for event in data["timeline"]:
        print(f"  {lifecycle.shown_time(event['at'])}  {event['text']}")
    for notice in notices:
        print(f"! {notice.message}\n    -> {notice.remedy}")


def run_status(args: argparse.Namespace) -> int:
    folder = Path(args.case_dir).expanduser().absolute()
    try:
        if args.result is None and (args.reason or args.how):  # said, not silently ignored
            rules = lifecycle.rules_for(load_case(folder))
            if args.reason:
                raise CaseError("lifecycle.reason_not_rejected", known=", ".join(rules.upheld_how))
            raise CaseError("lifecycle.how_not_upheld")
        if args.submitted is not None:
            if not args.number:
                raise CaseError("lifecycle.number_missing")
            case = lifecycle.change_status(folder, "submit", at=lifecycle.parse_time(args.submitted),
                                           number=args.number, platform=args.platform)
        elif args.result is not None:
            when = lifecycle.parse_time(args.at) if args.at else None
            case = lifecycle.change_status(folder, "result", result=args.result, reason=args.reason, how=args.how,
                                           at=when)
        elif args.withdrawn:
            case = lifecycle.change_status(folder, "withdraw", at=lifecycle.parse_time(args.at) if args.at else None)
        else:
            case = load_case(folder)
    except CaseError as error:
        return _fail(error, args)
    except OSError as error:
        return _fail(CaseError("case.create_failed", path=str(folder), reason=error.strerror or str(error)), args)
    case_index.remember(folder)
    notices = _notices(case, folder, args) if args.submitted is not None else []
    data = status_json(case, folder, args.lang)
    if args.json:
        print_json({**data, "notices": [n.to_json() for n in notices]})
    else:
        _print_status(data, notices)
    return 0


def run_list(args: argparse.Namespace) -> int:
    labels = catalog(args.lang)
    rows = [row for _, rows in case_index.group(case_index.list_cases(), args.seller) for row in rows]
    if args.json:
        print_json({"cases": [row.to_json() for row in rows]})
        return 0
    for row in rows:
        if not row.readable:
            print(f"[{labels.label('block')}] {row.folder}")
            continue
        standing = row.standing
        state = lifecycle.state_label(row.state, args.lang, bool(standing and standing.window_over))
        due = ""
        if standing and standing.deadline:
            due = f"{standing.deadline.due.isoformat()}  {lifecycle.days_left_text(standing.days_left or 0, args.lang)}"
        print(f"{state:<12} {row.seller or '-':<16} {due:<24} {row.folder}")
    return 0


