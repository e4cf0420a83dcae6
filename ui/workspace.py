"""One open case in the window: the core `Case`, what background work learned about its files, and saving.

The case data lives in `core.case.casefile.Case`; this object only adds what the window needs around it:
inspection reports and face results per image (computed on the pool), signals so models repaint,
and autosave (debounced ~1 s after each change, on the single writer thread, atomically through
`core.case.casefile`). Views and models read from here; they never keep their own copy of the case.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.base import appdata
from core.base.jobs import Progress, check_cancel
from core.base.rules import Profile, load_profile
from core.case import casefile as core_case
from core.case import lifecycle
from core.case.build import make_entry
from core.case.casefile import Case, ImageEntry
from core.inspection.inspect import InspectionReport, inspect_path
from core.library.scan import expand_paths
from core.photo.filetypes import IMAGE_EXTENSIONS
from ui import tasks

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 1000
REVIEW_DELAY_MS = 600  # the checklist follows edits after a short pause, not on every keystroke
ROLE_COMPLAINT, ROLE_BTS, ROLE_PROOF = core_case.ROLE_COMPLAINT, core_case.ROLE_BTS, core_case.ROLE_PROOF


@dataclass(frozen=True)
class ImageRow:
    """One picture in the case as the window lists it."""

    role: str  # complaint, bts, model_proof
    source: str  # the user's file (for proof photos: the copy in the case folder)
    submitted: str  # the file the bundle will carry (a conversion, or the source itself)
    entry: ImageEntry | None  # None for proof photos
    model: str | None = None  # proof photos: whose proof

    @property
    def name(self) -> str:
        return Path(self.source).name


def default_case_folder(root: Path | None = None) -> Path:
    root = root or appdata.cases_dir()
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    folder = root / stamp
    counter = 1
    while folder.exists():
        counter += 1
        folder = root / f"{stamp}_{counter}"
    return folder


class CaseWorkspace(QObject):
    images_changed = Signal()  # rows added, removed or moved between roles
    image_updated = Signal(str)  # a report, conversion or face result for one source arrived
    case_changed = Signal()  # anything that may change the open blockers
    reviewed = Signal()  # a fresh `review` (core.case.review.CaseReview) arrived
    saved = Signal()
    save_failed = Signal(object)  # the OSError (or CaseError) of a save that did not reach the disk
    status = Signal(str)
    adding = Signal(object)  # Progress of pictures being added (hashing can take a while); None when done
    added_count = Signal(int, int)  # pictures added, pictures found that were already in the case
    status_changed = Signal()  # submitted, result, withdrawn (core.case.lifecycle)

    def __init__(self, folder: Path, case: Case, lang: str = "zh_CN") -> None:
        super().__init__()
        self.folder = Path(folder)
        self.case = case
        self.lang = lang
        self.reports: dict[str, InspectionReport] = {}  # by submitted path
        self.faces: dict[str, Any] = {}  # by source: core.faces.detect.FaceResult
        self.busy: set[str] = set()  # sources with work under way (inspection, conversion)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._dirty = False
        self._saves_in_flight = 0
        self._adding_jobs: set[tasks.TaskHandle] = set()
        self._closed = False
        self.review: Any = None  # core.case.review.CaseReview of the latest saved state
        self._review_job: tasks.TaskHandle | None = None
        self._review_generation = 0
        self._review_timer = QTimer(self)
        self._review_timer.setSingleShot(True)
        self._review_timer.setInterval(REVIEW_DELAY_MS)
        self._review_timer.timeout.connect(self.start_review)
        self.case_changed.connect(self._review_timer.start)
        # Asked before the photos of a submitted complaint change (the view sets it; None: allowed).
        self.confirm_edit: Callable[[], bool] | None = None
        self._edit_confirmed = False

    # ----- opening and saving -------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path | None = None, profile: str = "1688", lang: str = "zh_CN") -> CaseWorkspace:
        folder = folder or default_case_folder()
        case = Case(profile=profile, seller="")
        case.record("created")
        core_case.save_case(case, folder)
        return cls(folder, case, lang)

    @classmethod
    def open(cls, folder: Path, lang: str = "zh_CN") -> CaseWorkspace:
        return cls(folder, core_case.load_case(folder), lang)

    @property
    def profile(self) -> Profile:
        try:
            return load_profile(self.case.profile)
        except Exception:  # an unknown profile in an old case: fall back to the default rules
            return load_profile()

    @property
    def dirty(self) -> bool:
        """Changes not yet handed to the writer (they will be within a second)."""
        return self._dirty

    @property
    def unsaved(self) -> bool:
        """Changes not yet on disk: waiting for the writer, or being written now."""
        return self._dirty or self._saves_in_flight > 0

    def touch(self, images: bool = False) -> None:
        """Something changed: repaint, recompute blockers, save in a second."""
        self._dirty = True
        if images:
            self.images_changed.emit()
        self.case_changed.emit()
        if not self._closed:
            self._save_timer.start()

    def save_now(self) -> None:
        """Save on the writer thread; a copy is taken here so the GUI can keep editing meanwhile."""
        self._save_timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        self._saves_in_flight += 1
        snapshot, folder = copy.deepcopy(self.case), self.folder
        tasks.run_in_background(
            lambda _p, _c: core_case.save_case(lifecycle.keep_status_from_disk(snapshot, folder), folder),
            on_done=self._save_done, on_error=self._save_error, writer=True)

    def _save_done(self, _path: Any) -> None:
        self._saves_in_flight -= 1
        if not self.unsaved:
            self.saved.emit()

    def _save_error(self, error: BaseException) -> None:
        """Keep the changes marked unsaved (the next change or closing tries again) and tell the view."""
        self._saves_in_flight -= 1
        self._dirty = True
        log.warning("cannot save the case in %s: %s", self.folder, error)
        self.save_failed.emit(error)

    def close(self) -> None:
        """Save what is pending (the window is closing or another case opens)."""
        self.save_now()
        self._closed = True

    # ----- the rows -----------------------------------------------------------------------------
    def rows(self) -> list[ImageRow]:
        rows = [ImageRow(role, e.source, str(e.submitted(self.folder)), e) for role, e in self.case.images()]
        for model in self.case.models:
            for proof in model.proof:
                path = str(self.folder / proof.path)
                rows.append(ImageRow(ROLE_PROOF, path, path, None, model.name))
        return rows

    def row(self, source: str) -> ImageRow | None:
        return next((r for r in self.rows() if r.source == source), None)

    def report(self, source: str) -> InspectionReport | None:
        row = self.row(source)
        return self.reports.get(row.submitted) if row else None

    def has_source(self, source: str) -> bool:
        return self.case.entry_for(source) is not None

    # ----- adding, roles, removing --------------------------------------------------------------
    def add_paths(self, paths: list[str], role: str | None = None) -> tasks.TaskHandle | None:
        """Add files or folders; entries appear once hashed (`adding` reports progress), reports follow."""
        if not self.edit_allowed():
            return None
        self.status.emit("adding")
        existing = {entry.source for _, entry in self.case.images()}
        folder, profile, lang = self.folder, self.profile, self.lang

        def job(progress: Any, cancel: threading.Event) -> tuple[list[ImageEntry], int]:
            found = list(dict.fromkeys(os.path.abspath(p) for p in expand_paths(paths, IMAGE_EXTENSIONS, cancel)))
            files = [p for p in found if p not in existing]
            entries = []
            progress(Progress(0, len(files), None))
            for index, path in enumerate(files):
                check_cancel(cancel)
                # RAW/HEIC convert on the user's click (case_actions.convert), not while adding
                entries.append(make_entry(path, folder, profile, lang, cancel, convert=False))
                progress(Progress(index + 1, len(files), path))
            return entries, len(found) - len(files)

        def done(result: tuple[list[ImageEntry], int]) -> None:
            self._forget_finished_adding()
            entries, repeats = result
            self._added(entries, role)
            self.added_count.emit(len(entries), repeats)

        def stopped(error: BaseException | None = None) -> None:
            self._forget_finished_adding()
            if error is not None:
                from ui.errors import report_exception

                report_exception(error)

        handle = tasks.run_in_background(job, on_done=done, on_progress=self.adding.emit, on_error=stopped,
                                         on_cancelled=stopped)
        if not handle.is_finished:  # (synchronous mode: it already has)
            self._adding_jobs.add(handle)
        return handle

    def _forget_finished_adding(self) -> None:
        self._adding_jobs = {job for job in self._adding_jobs if not job.is_finished}
        self.adding.emit(None)

    @property
    def adding_busy(self) -> bool:
        return bool(self._adding_jobs)

    def cancel_adding(self) -> None:
        for handle in list(self._adding_jobs):
            handle.cancel()

    def _added(self, entries: list[ImageEntry], role: str | None) -> None:
        for entry in entries:
            if self.has_source(entry.source):
                continue
            if role == ROLE_COMPLAINT or (role is None and not self.case.complaint):
                self.case.bts.extend(self.case.complaint)  # one complaint image: the old one becomes BTS
                self.case.complaint = [entry]
            else:
                self.case.bts.append(entry)
        if entries:
            self.case.record("edited", added=[e.source for e in entries])
            lifecycle.record_edit_after_submission(self.case, added=[e.source for e in entries])
        self.touch(images=True)
        for entry in entries:
            self.inspect(entry.source)
        self.status.emit("added")

    def set_role(self, source: str, role: str) -> None:
        entry = self.case.entry_for(source)
        if entry is None or not self.edit_allowed():
            return
        lifecycle.record_edit_after_submission(self.case, role=role, file=source)
        self.case.complaint = [e for e in self.case.complaint if e.source != source]
        self.case.bts = [e for e in self.case.bts if e.source != source]
        if role == ROLE_COMPLAINT:
            self.case.bts = self.case.complaint + self.case.bts
            self.case.complaint = [entry]
        else:
            self.case.bts.append(entry)
        self.touch(images=True)

    def remove(self, source: str) -> None:
        """Take a picture out of the case (the user's file is left alone)."""
        if self.case.entry_for(source) is None or not self.edit_allowed():
            return
        lifecycle.record_edit_after_submission(self.case, removed=[source])
        self.case.complaint = [e for e in self.case.complaint if e.source != source]
        self.case.bts = [e for e in self.case.bts if e.source != source]
        for model in self.case.models:
            model.appears_in = [p for p in model.appears_in if p != source]
        self.case.no_model.pop(source, None)
        self.touch(images=True)

    def edit_allowed(self) -> bool:
        """The photos of a complaint the platform already has change only after the user said yes
        (asked once per opened case; each change is then recorded in the timeline)."""
        if not lifecycle.edit_needs_confirmation(self.case) or self._edit_confirmed:
            return True
        self._edit_confirmed = self.confirm_edit() if self.confirm_edit is not None else True
        return self._edit_confirmed

    # ----- status after export (core.case.lifecycle) -------------------------------------------------
    def change_status(self, action: str, **arguments: Any) -> None:
        """Submit, record a result or withdraw; saved right away. A refusal raises CaseError and
        changes nothing (the change is tried on a copy first)."""
        trial = copy.deepcopy(self.case)
        apply: dict[str, Callable[..., Any]] = {"submit": lifecycle.submit, "result": lifecycle.record_result,
                                                "withdraw": lifecycle.withdraw}
        apply[action](trial, **arguments)
        self.case.status, self.case.history = trial.status, trial.history
        self.touch()
        self.save_now()
        self.status_changed.emit()

    # ----- background facts ---------------------------------------------------------------------
    def inspect(self, source: str) -> None:
        row = self.row(source)
        if row is None or source in self.busy:
            return
        self.busy.add(source)
        profile, lang, submitted = self.profile, self.lang, row.submitted
        tasks.run_in_background(lambda _p, _c: inspect_path(submitted, profile, lang),
                                on_done=lambda report: self._inspected(source, submitted, report),
                                on_error=lambda _e: self._finished(source))

    def inspect_all(self) -> None:
        for row in self.rows():
            if row.submitted not in self.reports:
                self.inspect(row.source)

    def _inspected(self, source: str, submitted: str, report: InspectionReport) -> None:
        self.reports[submitted] = report
        self._finished(source)
        self.case_changed.emit()
        row = self.row(source)
        if row is not None and row.role in (ROLE_COMPLAINT, ROLE_BTS):
            self.detect_faces(source)

    def _finished(self, source: str) -> None:
        self.busy.discard(source)
        self.image_updated.emit(source)

    def detect_faces(self, source: str) -> None:
        row = self.row(source)
        if row is None or source in self.faces:
            return
        from core.faces.cache import detect_in_case  # here: numpy and the face network cost the first paint
        submitted, folder = row.submitted, self.folder
        # through the case's face cache (complaint and BTS pictures only: ID photos never get here)
        tasks.run_in_background(lambda _p, cancel: detect_in_case(submitted, folder, cancel),
                                on_done=lambda result: self._faces_found(source, result),
                                on_error=lambda error: log.warning("face check failed for %s: %s", source, error))

    def _faces_found(self, source: str, result: Any) -> None:
        self.faces[source] = result
        self.image_updated.emit(source)
        self.case_changed.emit()

    # ----- case fields --------------------------------------------------------------------------
    def set_seller(self, seller: str) -> None:
        if seller != self.case.seller:
            self.case.seller = seller
            self.touch()

    def set_listings(self, listings: list[str]) -> None:
        cleaned = [text for text in listings if text.strip()]
        if cleaned != self.case.listings:
            self.case.listings = cleaned
            self.touch()

    def set_override(self, code: str, reason: str | None) -> None:
        if reason:
            self.case.overrides[code] = reason
        else:
            self.case.overrides.pop(code, None)
        self.touch()

    def set_no_model(self, source: str, reason: str | None) -> None:
        if reason:
            self.case.no_model[source] = reason
        else:
            self.case.no_model.pop(source, None)
        self.touch()

    # ----- the case review (open blockers) ------------------------------------------------------
    def start_review(self) -> None:
        """Re-check the whole case on the pool (hashes, inspection, faces, case rules)."""
        from core.case.review import review_case  # here: it loads the face network, which costs the first paint
        if self._review_job is not None and not self._review_job.is_finished:
            self._review_job.cancel()
        snapshot, folder, lang = copy.deepcopy(self.case), self.folder, self.lang
        self._review_generation += 1
        generation = self._review_generation
        self._review_job = tasks.run_in_background(
            lambda progress, cancel: review_case(snapshot, folder, lang, progress, cancel),
            on_done=lambda review: self._reviewed(review, generation),
            on_error=lambda error: log.warning("case review failed: %s", error, exc_info=error))

    def _reviewed(self, review: Any, generation: int) -> None:
        if generation != self._review_generation:
            return  # an older review finished after a newer one started: the newer one decides
        self.review = review
        self.reviewed.emit()

    def review_pending(self) -> bool:
        """A change is waiting for its review, or the review is running (tests wait for False)."""
        job = self._review_job
        return self._review_timer.isActive() or (job is not None and not job.is_finished)

    def open_blockers(self) -> list[Any]:
        """Blockers of the latest review not covered by an override (core.case.review.Issue)."""
        return [] if self.review is None else list(self.review.open_blockers(self.case.overrides))
