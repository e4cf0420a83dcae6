"""`app.py case new CASE_DIR ...` creates a case from files; `app.py case show CASE_DIR` shows it;
`app.py case restore CASE_DIR` puts back the last good copy of a damaged case file.

Both print the case's open blockers (a table, or JSON with `--json`). Exit status: 0 when the case was
created or shown (even with blockers open: that is information, not failure), 1 when it could not be,
2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.base.findings import catalog
from core.case.build import PersonInput, create_case, error_finding, failed_path
from core.case.casefile import CaseError, load_case, restore_last_good
from core.case.review import CaseReview, review_case
from core.cli import add_common, case_status, print_json

NAME = "case"


class _ModelAction(argparse.Action):
    """--model NAME starts a model; the --model-proof / --model-in that follow belong to it."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        models: list[PersonInput] = getattr(namespace, "models", None) or []
        value = str(values)
        if option_string == "--model":
            models.append(PersonInput(value))
        elif not models:
            parser.error(f"{option_string} needs a --model NAME before it")
        elif option_string == "--model-proof":
            models[-1].proof.append(value)
        else:
            models[-1].appears_in.append(value)
        namespace.models = models


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(NAME, help="create or show a complaint case")
    actions = parser.add_subparsers(dest="case_action", required=True)
    new = actions.add_parser("new", help="create a case from files and print its open blockers")
    add_common(new)
    new.add_argument("case_dir", metavar="CASE_DIR")
    new.add_argument("--seller", required=True, help="the accused seller's (shop's) name")
    new.add_argument("--listing", action="append", default=[], metavar="URL", help="accused listing link")
    new.add_argument("--complaint", action="append", default=[], metavar="IMAGE", required=True,
                     help="the complaint image (RAW/HEIC are converted into the case)")
    new.add_argument("--bts", action="append", default=[], metavar="IMAGE", help="a behind-the-scenes image")
    new.add_argument("--model", action=_ModelAction, dest="models", metavar="NAME", default=[],
                     help="a model visible in the photos")
    new.add_argument("--model-proof", action=_ModelAction, dest="models", metavar="IMAGE",
                     help="photo of the model holding the front of their ID card")
    new.add_argument("--model-in", action=_ModelAction, dest="models", metavar="IMAGE",
                     help="an image (given with --complaint/--bts) the model appears in")
    new.add_argument("--no-model-reason", metavar="TEXT",
                     help="why the images not linked to a model need no model proof (e.g. product only)")
    new.add_argument("--notes", default="", metavar="TEXT")
    show = actions.add_parser("show", help="print a case and its open blockers")
    add_common(show)
    show.add_argument("case_dir", metavar="CASE_DIR")
    restore = actions.add_parser("restore", help="put back the last good copy of a damaged case file")
    add_common(restore)
    restore.add_argument("case_dir", metavar="CASE_DIR")
    case_status.add_parsers(actions)
    return parser


def _error(error: CaseError, lang: str | None, as_json: bool) -> int:
    finding = error_finding(error, lang)
    if as_json:
        print_json({"error": finding.to_json()})
    else:
        sys.stderr.write(f"{finding.message}\n{finding.remedy}\n")
    return 1


def review_json(review: CaseReview) -> dict[str, Any]:
    return {
        "case_dir": str(review.case_dir),
        "case": review.case.to_json(),
        "blockers": [issue.to_json() for issue in review.open_blockers()],
        "overridden": [issue.to_json() for issue in review.blockers() if issue.finding.code in review.case.overrides],
        "warnings": [issue.to_json() for issue in review.warnings()],
        "files": [{"role": f.role, "source": f.source, "submitted": str(f.submitted), "faces": f.faces,
                   "findings": [finding.to_json() for finding in f.findings]} for f in review.files],
        "shoot": review.shoot(),
    }


def print_review(review: CaseReview) -> None:
    labels = catalog(review.language)
    case = review.case
    print(f"{case.seller}  ({review.profile.name(review.language)}, {case.created_date})  {review.case_dir}")
    for item in review.files:
        role = labels.label("case.role." + item.role)
        print(f"[{labels.label(item.verdict.value)}] {role}: {item.source}")
        for finding in item.findings:
            if finding.severity.value != "ok":
                print(f"    - {labels.label(finding.severity.value)} {finding.code}: {finding.message}")
    open_blockers = review.open_blockers()
    print()
    for issue in open_blockers + review.warnings():
        where = Path(issue.file).name if issue.file else labels.label("case.whole_case")
        print(f"{labels.label(issue.finding.severity.value)} {issue.finding.code} ({where}): {issue.finding.message}")
        if issue.finding.remedy:
            print(f"    -> {issue.finding.remedy}")
    print(f"\nblockers: {len(open_blockers)}")


def run(args: argparse.Namespace) -> int:
    if args.case_action == "status":
        return case_status.run_status(args)
    if args.case_action == "list":
        return case_status.run_list(args)
    try:
        if args.case_action == "new":
            case = create_case(args.case_dir, profile_id=args.profile, seller=args.seller, listings=args.listing,
                               complaint=args.complaint, bts=args.bts, models=args.models or [],
                               no_model_reason=args.no_model_reason, notes=args.notes, lang=args.lang)
        elif args.case_action == "restore":
            kept = restore_last_good(args.case_dir)
            if not args.json:
                print(f"restored; the damaged file is kept as {kept}")
            case = load_case(args.case_dir)
        else:
            case = load_case(args.case_dir)
    except CaseError as error:
        return _error(error, args.lang, args.json)
    except OSError as error:  # the case folder cannot be made or written (a file in the way, disk full, read-only)
        place = failed_path(error, args.case_dir)
        return _error(CaseError("case.create_failed", path=place, reason=error.strerror or type(error).__name__),
                      args.lang, args.json)
    folder = Path(args.case_dir).expanduser().absolute()
    review = review_case(case, folder, args.lang)
    notices = case_status.start_notices(case, folder, args.lang) if args.case_action == "new" else []
    if args.json:
        print_json({**review_json(review), "notices": [notice.to_json() for notice in notices]})
    else:
        print_review(review)
        for notice in notices:
            print(f"! {notice.message}\n    -> {notice.remedy}")
    return 0
