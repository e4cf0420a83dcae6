"""找原图 in a case: the chosen original becomes the complaint picture in one click, the choice is recorded
with its comparison picture, and the behind-the-scenes suggestions follow the new complaint picture.

Order matters: the original joins the case first (hashed once, by the workspace's adding job), then its
sha256 goes into the record (`core.case.comparisons.prepare_match`, off the GUI thread: copies the listing
image and the comparison picture into CASE_DIR/evidence), and only then is the record adopted into the open
case, on the GUI thread, and saved with it. A choice the case could not take (a submitted complaint the
user chose not to change, a file that could not be added) records nothing.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from core.case.comparisons import adopt_match, prepare_match
from ui import errors, tasks
from ui.views.match_dialog import Choice
from ui.workspace import ROLE_COMPLAINT, CaseWorkspace


def use_original(workspace: CaseWorkspace, choice: Choice, then: Callable[[str], None] | None = None) -> None:
    """Make the chosen original the complaint picture and record the match; `then(source)` once recorded
    (the view selects it and starts the behind-the-scenes search)."""
    source = os.path.abspath(choice.candidate.path)

    def record() -> None:
        entry = workspace.case.entry_for(source)
        if entry is None and not os.path.exists(source):  # moved or deleted since the library was indexed
            failed(FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), source))
        if entry is not None and entry not in workspace.case.complaint:
            workspace.set_role(source, ROLE_COMPLAINT)
        if entry is None or entry not in workspace.case.complaint:
            return  # not taken into the case: nothing to prove
        folder, digest = workspace.folder, entry.sha256

        def job(_progress: Any, cancel: Any) -> Any:
            return prepare_match(folder, choice.listing, choice.candidate, listing_name=choice.listing_name,
                                 ambiguous=choice.ambiguous, runner_up=choice.runner_up, original_sha256=digest,
                                 picture=choice.picture, cancel=cancel)

        tasks.run_in_background(job, on_done=adopted, on_error=failed, writer=True)

    def failed(error: BaseException) -> None:
        if not isinstance(error, OSError):
            errors.report_exception(error)
            return
        named = os.fsdecode(error.filename) if isinstance(error.filename, (str, bytes)) else source
        errors.show_error(QCoreApplication.translate(
            "MatchChoice", "The choice was not recorded: %1 cannot be read now (%2). If it was moved or deleted, "
            "put it back or find the original again.").replace("%1", named).replace("%2", error.strerror or ""),
            repr(error))

    def adopted(made: Any) -> None:
        adopt_match(workspace.case, made)
        workspace.touch()
        if then is not None:
            then(source)

    if workspace.has_source(source):
        record()
        return
    handle = workspace.add_paths([source], role=ROLE_COMPLAINT)
    if handle is None:
        return
    if handle.is_finished:
        record()
    else:  # `finished` comes just before the adding job's own callback puts the entry in: run after it
        handle.finished.connect(lambda: QTimer.singleShot(0, record))
