"""What the case workspace does on the pool: convert RAW/HEIC, attach models and their proof.

Each action runs the core function off the GUI thread and applies the result to the case on the GUI
thread, so the `Case` object is only ever changed there. Nothing here writes to a user's file:
conversions go to CASE_DIR/converted, ID photos are copied (sha256-verified) into CASE_DIR/proof.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from core import case as core_case
from core.jobs import Progress, check_cancel
from ui import tasks
from ui.workspace import CaseWorkspace

log = logging.getLogger(__name__)


def convertible(workspace: CaseWorkspace, source: str) -> bool:
    """A RAW/HEIC that the profile allows to convert and that has no conversion yet."""
    entry = workspace.case.entry_for(source)
    if entry is None or entry.converted:
        return False
    profile = workspace.profile
    return entry.kind not in profile.accepted_types and profile.conversion_for(entry.kind) is not None


def _convert_one(source: str, folder: Path, profile: Any, lang: str, cancel: threading.Event) -> dict[str, Any]:
    from core.convert import convert_file  # lazily: conversion pulls in rawpy

    result = convert_file(Path(source), folder / core_case.CONVERTED_DIR, profile, lang, cancel)
    update: dict[str, Any] = {
        "conversion_method": result.method,
        "conversion_findings": [{"code": f.code, "severity": f.severity.value, "params": dict(f.params)}
                                for f in result.findings],
        "converted": None, "converted_sha256": None,
    }
    if result.output is not None:
        output = Path(result.output)
        update["converted"] = output.relative_to(folder).as_posix() if output.is_relative_to(folder) \
            else str(output)
        update["converted_sha256"] = core_case.sha256_file(output, cancel)
    return update


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


def convert(workspace: CaseWorkspace, sources: list[str], on_progress: Callable[[Progress], None],
            on_finished: Callable[[int], None], on_error: Callable[[BaseException], None],
            owner: QObject | None = None) -> tasks.TaskHandle:
    """Convert each source to a JPEG inside the case; returns the job so the user can cancel it.

    The case is updated even when the view (`owner`) that asked is gone by then; its callbacks are not."""
    folder, profile, lang = workspace.folder, workspace.profile, workspace.lang

    def job(progress: Callable[[Progress], None], cancel: threading.Event) -> dict[str, dict[str, Any]]:
        updates: dict[str, dict[str, Any]] = {}
        for index, source in enumerate(sources):
            check_cancel(cancel)
            progress(Progress(index, len(sources), source))
            updates[source] = _convert_one(source, folder, profile, lang, cancel)
        progress(Progress(len(sources), len(sources), None))
        return updates

    def done(updates: dict[str, dict[str, Any]]) -> None:
        for source, update in updates.items():
            entry = workspace.case.entry_for(source)
            if entry is None:
                continue
            for key, value in update.items():
                setattr(entry, key, value)
            workspace.faces.pop(source, None)
            workspace.case.record("converted", source=source, method=update["conversion_method"])
        workspace.touch(images=True)
        for source in updates:
            workspace.inspect(source)
        if _alive(owner):
            on_finished(sum(1 for update in updates.values() if update["converted"]))

    for source in sources:
        workspace.busy.add(source)
        workspace.image_updated.emit(source)

    def release() -> None:
        for source in sources:
            workspace.busy.discard(source)
            workspace.image_updated.emit(source)

    def finished(updates: dict[str, dict[str, Any]]) -> None:
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
              owner: QObject | None = None) -> tasks.TaskHandle:
    """Attach a model: the ID photos are copied into the case (byte-identical) on the writer thread."""
    from core.case_build import ModelInput
    from core.case_build import add_model as core_add_model

    folder = workspace.folder
    staging = core_case.Case(profile=workspace.case.profile, seller="")
    staging.complaint = list(workspace.case.complaint)
    staging.bts = list(workspace.case.bts)
    existing = next((m for m in workspace.case.models if m.name == name), None)
    if existing is not None:
        staging.models = [core_case.ModelEntry(existing.name, list(existing.proof), list(existing.appears_in),
                                               existing.id)]

    def job(_progress: Any, _cancel: threading.Event) -> core_case.ModelEntry:
        return core_add_model(staging, folder, ModelInput(name, proof, appears_in))

    def done(model: core_case.ModelEntry) -> None:
        workspace.case.models = [m for m in workspace.case.models if m.name != model.name] + [model]
        for source in model.appears_in:
            workspace.case.no_model.pop(source, None)
        workspace.case.record("edited", model=model.name, proof=len(model.proof))
        workspace.touch(images=True)
        if _alive(owner):
            on_done()

    def failed(error: BaseException) -> None:
        if _alive(owner):
            on_error(error)

    return tasks.run_in_background(job, on_done=done, on_error=failed, writer=True)


def set_model_images(workspace: CaseWorkspace, name: str, appears_in: list[str]) -> None:
    for model in workspace.case.models:
        if model.name == name:
            model.appears_in = list(dict.fromkeys(appears_in))
    for source in appears_in:
        workspace.case.no_model.pop(source, None)
    workspace.touch(images=True)


def remove_model(workspace: CaseWorkspace, name: str) -> None:
    """Take a model out of the case and delete its ID-photo copies (personal data) from the case folder."""
    for model in workspace.case.models:
        if model.name == name:
            for proof in model.proof:
                try:
                    (workspace.folder / proof.path).unlink(missing_ok=True)
                except OSError as error:
                    log.warning("cannot delete an ID photo copy: %s", error)
    workspace.case.models = [m for m in workspace.case.models if m.name != name]
    workspace.touch(images=True)
