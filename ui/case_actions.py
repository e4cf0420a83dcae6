"""What the case workspace does on the pool: convert RAW/HEIC, attach models and their proof.

Each action runs the core function off the GUI thread and applies the result to the case on the GUI
thread, so the `Case` object is only ever changed there. Nothing here writes to a user's file:
conversions go to CASE_DIR/converted, ID photos are copied (sha256-verified) into CASE_DIR/proof.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from core.base.jobs import Progress, check_cancel
from core.case import casefile as core_case
from core.case.build import PersonInput, convert_entry, needs_conversion, set_proof_watermark
from core.case.build import add_model as core_add_model
from core.case.casefile import ImageEntry
from core.case.people import Person, delete_kept_model, new_model_id
from core.case.people import keep_model as core_keep
from ui import tasks
from ui.workspace import CaseWorkspace

log = logging.getLogger(__name__)
_CONVERSION_FIELDS = ("converted", "converted_sha256", "conversion_method", "conversion_findings")


# Inspection codes that say a conversion cannot work (the RAW's image data is missing, the file unreadable).
_CANNOT_CONVERT = frozenset({"raw.truncated", "file.unreadable"})


def convertible(workspace: CaseWorkspace, source: str) -> bool:
    """A RAW/HEIC that the profile allows to convert, has no conversion yet and can still be converted.

    Not offered again: a file whose conversion was tried and refused (its findings say why; clicking again
    would only fail again) and a file inspection found cut short or unreadable (DECISIONS: never convertible)."""
    entry = workspace.case.entry_for(source)
    if entry is None or entry.converted or not needs_conversion(entry.kind, workspace.profile):
        return False
    if entry.conversion_findings:
        return False
    report = workspace.report(source)
    return report is None or not _CANNOT_CONVERT.intersection(report.codes())


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


def _while_alive(owner: QObject | None, on_error: Callable[[BaseException], None]) -> Callable[[BaseException], None]:
    """The error handler of a job, called only while the widget that started it still exists."""
    def failed(error: BaseException) -> None:
        if _alive(owner):
            on_error(error)

    return failed


def convert(workspace: CaseWorkspace, sources: list[str], on_progress: Callable[[Progress], None],
            on_finished: Callable[[int], None], on_error: Callable[[BaseException], None],
            owner: QObject | None = None) -> tasks.TaskHandle:
    """Convert each source to a JPEG inside the case; returns the job so the user can cancel it.

    The case is updated even when the view (`owner`) that asked is gone by then; its callbacks are not."""
    folder, profile, lang = workspace.folder, workspace.profile, workspace.lang

    # copies of the entries: the job must not change the case, which belongs to the GUI thread
    entries = {source: copy.copy(entry) for source in sources if (entry := workspace.case.entry_for(source))}

    def job(progress: Callable[[Progress], None], cancel: threading.Event) -> dict[str, ImageEntry]:
        updates: dict[str, ImageEntry] = {}
        for index, (source, entry) in enumerate(entries.items()):
            check_cancel(cancel)
            progress(Progress(index, len(entries), source))
            updates[source] = convert_entry(entry, folder, profile, lang, cancel)
        progress(Progress(len(entries), len(entries), None))
        return updates

    def done(updates: dict[str, ImageEntry]) -> None:
        for source, update in updates.items():
            entry = workspace.case.entry_for(source)
            if entry is None:
                continue
            for key in _CONVERSION_FIELDS:
                setattr(entry, key, getattr(update, key))
            workspace.faces.pop(source, None)
            workspace.case.record("converted", source=source, method=update.conversion_method)
        workspace.touch(images=True)
        for source in updates:
            workspace.inspect(source)
        if _alive(owner):
            on_finished(sum(1 for update in updates.values() if update.converted))

    for source in sources:
        workspace.busy.add(source)
        workspace.image_updated.emit(source)

    def release() -> None:
        for source in sources:
            workspace.busy.discard(source)
            workspace.image_updated.emit(source)

    def finished(updates: dict[str, ImageEntry]) -> None:
        release()
        done(updates)

    def failed(error: BaseException) -> None:
        release()
        if _alive(owner):
            on_error(error)

    def cancelled() -> None:
        release()
        if _alive(owner):
            on_finished(0)

    def progressed(progress: Progress) -> None:
        if _alive(owner):
            on_progress(progress)

    return tasks.run_in_background(job, on_progress=progressed, on_done=finished, on_error=failed,
                                   on_cancelled=cancelled)


def add_model(workspace: CaseWorkspace, name: str, proof: list[str], appears_in: list[str],
              on_done: Callable[[], None], on_error: Callable[[BaseException], None],
              owner: QObject | None = None, model_id: str | None = None) -> tasks.TaskHandle:
    """Attach a model: the ID photos are copied into the case (byte-identical) on the writer thread.
    `model_id`: the model was taken from the ones kept for later cases (core.case.people)."""
    folder = workspace.folder
    staging = core_case.Case(profile=workspace.case.profile, seller="")
    staging.complaint = list(workspace.case.complaint)
    staging.bts = list(workspace.case.bts)
    existing = next((m for m in workspace.case.models if m.name == name), None)
    if existing is not None:
        staging.models = [core_case.PersonEntry(existing.name, list(existing.proof), list(existing.appears_in),
                                               existing.id)]

    def job(_progress: Any, _cancel: threading.Event) -> core_case.PersonEntry:
        model = core_add_model(staging, folder, PersonInput(name, proof, appears_in))
        model.id = model_id or model.id
        return model

    def done(model: core_case.PersonEntry) -> None:
        workspace.case.models = [m for m in workspace.case.models if m.name != model.name] + [model]
        for source in model.appears_in:
            workspace.case.no_model.pop(source, None)
        workspace.case.record("edited", model=model.name, proof=len(model.proof))
        workspace.touch(images=True)
        if _alive(owner):
            on_done()

    failed = _while_alive(owner, on_error)

    return tasks.run_in_background(job, on_done=done, on_error=failed, writer=True)


def set_model_images(workspace: CaseWorkspace, name: str, appears_in: list[str]) -> None:
    for model in workspace.case.models:
        if model.name == name:
            model.appears_in = list(dict.fromkeys(appears_in))
    for source in appears_in:
        workspace.case.no_model.pop(source, None)
    workspace.touch(images=True)


def remove_model(workspace: CaseWorkspace, name: str) -> None:
    """Take a model out of the case and delete its ID-photo copies (personal data) from the case folder;
    a copy kept for later cases stays in the store (deleted there, on its own)."""
    for model in workspace.case.models:
        if model.name == name:
            for proof in model.proof:
                for path in {proof.path, proof.untouched}:  # the copy, and its watermarked stand-in
                    try:
                        (workspace.folder / path).unlink(missing_ok=True)
                    except OSError as error:
                        log.warning("cannot delete an ID photo copy: %s", error)
    workspace.case.models = [m for m in workspace.case.models if m.name != name]
    workspace.touch(images=True)


def _model(workspace: CaseWorkspace, name: str) -> core_case.PersonEntry | None:
    return next((m for m in workspace.case.models if m.name == name), None)


def keep_model(workspace: CaseWorkspace, name: str, on_done: Callable[[], None],
               on_error: Callable[[BaseException], None], owner: QObject | None = None) -> tasks.TaskHandle | None:
    """Keep a model for later cases (the user ticked the box): its name and sha256-verified copies of
    its untouched ID photos go to the app-data models folder, on the writer thread."""
    entry = _model(workspace, name)
    if entry is None:
        return None
    folder = workspace.folder
    wanted = Person(entry.name, [str(folder / p.untouched) for p in entry.proof], [], entry.id or new_model_id())

    def done(kept: Person) -> None:
        model = _model(workspace, name)
        if model is not None:
            model.id = kept.id
            workspace.case.record("edited", model=name, kept=True)
            workspace.touch(images=True)
        if _alive(owner):
            on_done()

    failed = _while_alive(owner, on_error)

    return tasks.run_in_background(lambda _p, _c: core_keep(wanted), on_done=done, on_error=failed, writer=True)


def delete_kept(model_id: str, on_done: Callable[[], None], on_error: Callable[[BaseException], None],
                owner: QObject | None = None) -> tasks.TaskHandle:
    """Delete a kept model and its ID photos from the app-data models folder (cases keep their copies)."""
    def done(_deleted: bool) -> None:
        if _alive(owner):
            on_done()

    failed = _while_alive(owner, on_error)

    return tasks.run_in_background(lambda _p, _c: delete_kept_model(model_id), on_done=done, on_error=failed,
                                   writer=True)


def set_watermark(workspace: CaseWorkspace, name: str, on: bool, on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None], owner: QObject | None = None) -> tasks.TaskHandle | None:
    """Switch the purpose watermark of a model's ID photos on or off (core.case.build.set_proof_watermark:
    a watermarked copy stands in; the untouched copy stays). `on_done` gets the WatermarkOutcome."""
    entry = _model(workspace, name)
    if entry is None:
        return None
    snapshot, folder = copy.deepcopy(entry), workspace.folder

    def done(outcome: Any) -> None:
        model = _model(workspace, name)
        if model is not None:
            model.proof = list(outcome.proof)
            workspace.case.record("edited", model=name, watermark=on)
            workspace.touch(images=True)
        if _alive(owner):
            on_done(outcome)

    failed = _while_alive(owner, on_error)

    return tasks.run_in_background(lambda _p, _c: set_proof_watermark(snapshot, folder, on), on_done=done,
                                   on_error=failed, writer=True)
