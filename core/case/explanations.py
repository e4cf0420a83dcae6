"""Explanations (说明理由) asked for from the command line, matched to the files of a review.

A merchant explains one photo's blocker: the case stores one `Explanation` per (code, file sha256), so
explaining DSCN0021's size never covers two_faces_1's. The command line keeps its short form:
`--override CODE=REASON` explains every open blocker with that code, one explanation per file (each
recorded); `--override CODE@FILE=REASON` explains that code for one file. A FILE that is not in the
case is bad input, answered with a finding rather than silently ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.case.casefile import Explanation

if TYPE_CHECKING:
    from core.case.review import CaseReview


@dataclass(frozen=True)
class ExplainRequest:
    """One `--override`: a code, its reason, and the file it is for (None: every file with that code)."""

    code: str
    reason: str
    file: str | None = None


def parse_request(text: str) -> ExplainRequest | None:
    """`CODE=REASON` or `CODE@FILE=REASON`; None when the text has neither form (or an empty part)."""
    head, sep, reason = text.partition("=")
    code, at, file = head.partition("@")
    code, reason, file = code.strip(), reason.strip(), file.strip()
    if not sep or not code or not reason or (at and not file):
        return None
    return ExplainRequest(code, reason, file or None)


def _same_file(given: str, source: str) -> bool:
    """FILE as the user typed it: the path (absolute or from here) or the bare file name."""
    if given == source or os.path.basename(source) == given:
        return True
    try:
        return os.path.abspath(os.path.expanduser(given)) == os.path.abspath(source)
    except ValueError:
        return False


@dataclass
class Matched:
    explanations: list[Explanation]  # one per covered file (or case-level finding)
    unknown_files: list[str]  # FILE parts naming no file of the case
    unused: list[ExplainRequest]  # requests that found no blocker to explain


def match_requests(review: CaseReview, requests: list[ExplainRequest]) -> Matched:
    """The explanations the requests make for this review's blockers (not yet stored in the case)."""
    sources = [f.source for f in review.files]
    result = Matched([], [], [])
    for request in requests:
        if request.file is not None and not any(_same_file(request.file, s) for s in sources):
            result.unknown_files.append(request.file)
            continue
        made = 0
        for issue in review.blockers():
            if issue.finding.code != request.code:
                continue
            if request.file is not None and (issue.file is None or not _same_file(request.file, issue.file)):
                continue
            result.explanations.append(Explanation(request.code, issue.key, request.reason, issue.file))
            made += 1
        if not made:
            result.unused.append(request)
    return result


def display_name(path: str | None) -> str:
    return Path(path).name if path else ""
