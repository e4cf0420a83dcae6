"""Export a case as a ready-to-submit bundle: a folder per complaint and a deterministic zip of it.

The export refuses while a blocker is open and not overridden (nothing is written then). Otherwise it
builds everything in a temporary folder next to the destination, copies originals byte for byte and
proves each copy by sha256, writes `链接.txt`, `manifest.json` and `report.html`, zips the folder with
fixed timestamps and permissions, and only then renames folder and zip into place. Any failure (disk
full, permission denied, read-only, a source that vanished or changed) removes the temporary folder,
restores what was there before, and raises `ExportError` with a finding that names the file and cause:
always a file the user chose or owns (the destination, never a path inside the hidden staging folder).

All or nothing, even after `kill -9` or a power cut: the staging folder holds a journal (`journal.json`,
kept by `core.case.export_journal`). It says "building" until the folder and zip are complete and
flushed, then "placing" while the previous bundle and zip are moved aside into the staging folder and
the new ones renamed into place. The next export to that destination first finishes what a killed one
left (`recover_destination`): "placing" rolls forward, so the new folder and zip stand together;
anything earlier rolls back, restoring a previous bundle that had been moved aside; then the staging
folder goes. A staging folder whose exporter still runs (its process id in the journal) is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.base.fileops import (
    CopyMismatch,
    atomic_write_bytes,
    checkpoint,
    copy_verified,
    os_error_reason,
    rename,
    temporary_target,
)
from core.base.findings import Finding
from core.base.jobs import Progress, ProgressCallback, check_cancel, no_progress
from core.case.casefile import Case, Explanation, load_case, save_case
from core.case.comparisons import redraw_missing
from core.case.explanations import ExplainRequest, match_requests
from core.case.export_journal import BUILDING as BUILDING
from core.case.export_journal import JOURNAL as JOURNAL
from core.case.export_journal import PLACING as PLACING
from core.case.export_journal import PREVIOUS as PREVIOUS
from core.case.export_journal import STAGING_PREFIX as STAGING_PREFIX
from core.case.export_journal import finish_staging, write_journal
from core.case.export_journal import recover_destination as recover_destination
from core.case.lifecycle import note_exported
from core.case.manifest import BundlePlan, build_manifest, manifest_bytes, plan_bundle
from core.case.report import render_report
from core.case.review import CaseReview, Issue, review_case, settle_legacy

ZIP_FILE_MODE = 0o644
ZIP_DIR_MODE = 0o755
ZIP_LEVEL = 6


class ExportError(Exception):
    """The export failed; `finding` says which file and why, in the user's language."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class ExportResult:
    bundle: Path | None
    zip: Path | None
    blockers: list[Issue]  # still open (not explained): the export refused when this is not empty
    manifest: dict[str, Any] | None
    review: CaseReview

    @property
    def refused(self) -> bool:
        return bool(self.blockers)

    def to_json(self) -> dict[str, Any]:
        return {
            "bundle": str(self.bundle) if self.bundle else None,
            "zip": str(self.zip) if self.zip else None,
            "blockers": sorted({issue.finding.code for issue in self.blockers}),
            "open": [issue.to_json() for issue in self.blockers],
            "manifest": self.manifest,
        }


class _Step:
    """What the export is doing right now, so an OSError can name the file it concerns; `work` is the
    staging folder and `out` the destination, so a path inside the first is reported as the second."""

    def __init__(self) -> None:
        self.source: Path | None = None
        self.target: Path | None = None
        self.work: Path | None = None
        self.out: Path | None = None

    def at(self, source: Path | None, target: Path | None) -> None:
        self.source, self.target = source, target

    def shown(self, path: Path) -> Path:
        """Where `path` ends up for the user: a file in a staging folder is named by its place in the
        destination (a temporary file by the file it becomes), the staging folder itself as the destination."""
        if self.out is None:
            return path
        try:
            parts = list(path.relative_to(self.out).parts)
        except ValueError:
            return path
        if not parts or not parts[0].startswith(STAGING_PREFIX):
            return path
        rest = [temporary_target(part) or part for part in parts[1:]]
        if not rest or rest[0] == JOURNAL:
            return self.out
        return self.out.joinpath(rest[0].removeprefix(PREVIOUS), *rest[1:])


# os_error_reason -> the export's finding; the rest (a vanished target, a folder in the way) is export.io_error
_FAILURE_CODES = {"disk_full": "export.disk_full", "read_only": "export.read_only",
                  "permission": "export.permission_denied"}


def _failure(error: OSError, step: _Step, review: CaseReview) -> ExportError:
    factory = review.profile.findings(review.language)
    named = Path(os.fsdecode(error.filename)) if isinstance(error.filename, (str, bytes)) else None
    source_gone = step.source is not None and not step.source.exists()
    code = errno.errorcode.get(error.errno or 0, "")
    if source_gone and (error.errno == errno.ENOENT or named in (None, step.source)):
        return ExportError(factory.make("export.source_vanished", file=str(step.source), cause=code))
    about = named or step.target or step.source
    file = str(step.shown(about)) if about is not None else str(step.out or "")
    finding = _FAILURE_CODES.get(os_error_reason(error))
    if finding is not None:
        return ExportError(factory.make(finding, file=file, cause=code))
    return ExportError(factory.make("export.io_error", file=file, cause=code,
                                    reason=error.strerror or type(error).__name__))


def _copy(source: Path, target: Path, expected: str | None, step: _Step, review: CaseReview,
          cancel: threading.Event | None) -> int:
    """Copy bytes only (never touching the source) and prove the copy against the hash the review
    saw (`expected`; None: the source's hash now): a source changed since then is refused."""
    step.at(source, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        copy_verified(source, target, expected, cancel)
    except CopyMismatch as mismatch:
        factory = review.profile.findings(review.language)
        raise ExportError(factory.make("export.source_changed", file=str(source))) from mismatch
    return target.stat().st_size


def _write(target: Path, data: bytes, step: _Step) -> None:
    step.at(None, target)
    atomic_write_bytes(target, data)


def _zip_time(created_date: str) -> tuple[int, int, int, int, int, int]:
    try:
        year, month, day = (int(part) for part in created_date.split("-"))
    except ValueError:
        year, month, day = 1980, 1, 1
    return (max(year, 1980), month, day, 0, 0, 0)


def write_zip(folder: Path, target: Path, stamp: tuple[int, int, int, int, int, int]) -> None:
    """Zip `folder` (as its own top-level entry) deterministically: sorted, fixed times and modes."""
    entries = sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for path in entries:
            checkpoint("zip", target)
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name + ("/" if path.is_dir() else ""), date_time=stamp)
            info.create_system = 3  # the same on every OS, so the bytes are too
            if path.is_dir():
                info.external_attr = (stat.S_IFDIR | ZIP_DIR_MODE) << 16 | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | ZIP_FILE_MODE) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED,
                                 compresslevel=ZIP_LEVEL)
        archive.comment = b""
    checkpoint("fsync", target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _stage(plan: BundlePlan, review: CaseReview, staged: Path, step: _Step,
           progress: ProgressCallback, cancel: threading.Event | None) -> dict[str, Any]:
    total = len(plan.files)
    for index, item in enumerate(plan.files):
        check_cancel(cancel)
        progress(Progress(index, total + 2, str(item.copy_from)))
        item.bytes = _copy(item.copy_from, staged / item.bundle_path, item.sha256, step, review, cancel)
        if item.record_from is not None and item.record_path is not None:
            _copy(item.record_from, staged / item.record_path, None, step, review, cancel)
    for comparison in plan.comparisons:  # the find-my-original pictures, proven like every other copy
        check_cancel(cancel)
        comparison.bytes = _copy(comparison.copy_from, staged / comparison.bundle_path, comparison.sha256, step,
                                 review, cancel)
    links = "".join(link + "\r\n" for link in plan.links)  # CRLF: Notepad on older Windows
    _write(staged / plan.layout["links_file"], links.encode("utf-8"), step)
    manifest = build_manifest(review, plan)
    _write(staged / "manifest.json", manifest_bytes(manifest), step)
    check_cancel(cancel)
    progress(Progress(total + 1, total + 2, "report.html"))
    html = render_report(review, plan, manifest, staged)
    _write(staged / "report.html", html.encode("utf-8"), step)
    return manifest


def _place(moves: list[tuple[Path, Path]], work: Path, step: _Step) -> None:
    """Rename staged items into place; on failure put back exactly what was there before. A kill in
    between is finished by `recover_destination` from the journal, which says "placing" by now."""
    placed: list[Path] = []
    backups: list[tuple[Path, Path]] = []
    try:
        for staged, final in moves:
            step.at(None, final)
            if os.path.lexists(final):
                backup = work / (PREVIOUS + final.name)
                rename(final, backup)
                backups.append((backup, final))
            rename(staged, final)
            placed.append(final)
    except BaseException:
        for path in placed:
            with contextlib.suppress(OSError):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        for backup, final in backups:
            with contextlib.suppress(OSError):
                os.rename(backup, final)
        raise


def _sources(case: Case, plan: BundlePlan) -> list[Path]:
    """Every file the bundle is made from, and the user's originals behind converted images."""
    paths = [Path(entry.source) for _, entry in case.images()]
    paths += [item.copy_from for item in plan.files] + [item.record_from for item in plan.files if item.record_from]
    paths += [comparison.copy_from for comparison in plan.comparisons]
    return paths


def _inside(path: Path, folder: Path) -> bool:
    with contextlib.suppress(OSError, ValueError):
        return path.resolve().is_relative_to(folder.resolve())
    return False


def _unreadable(path: Path, error: OSError, review: CaseReview) -> ExportError:
    factory = review.profile.findings(review.language)
    return ExportError(factory.make("export.previous_unreadable", file=str(path),
                                    reason=error.strerror or type(error).__name__,
                                    cause=errno.errorcode.get(error.errno or 0, "")))


def _is_previous_bundle(bundle: Path, review: CaseReview) -> bool:
    """A folder this app exported (it has its manifest); a folder that cannot be looked into is reported
    with the real cause instead of being called "not a bundle"."""
    if bundle.is_symlink() or not bundle.is_dir():
        return False
    try:
        return stat.S_ISREG(os.stat(bundle / "manifest.json").st_mode)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _unreadable(bundle, error, review) from error


def _is_previous_zip(archive: Path, review: CaseReview) -> bool:
    """A zip file (an earlier export's); one that cannot be opened is reported with the real cause."""
    if archive.is_symlink() or not archive.is_file():
        return False
    try:
        with open(archive, "rb") as handle:
            return zipfile.is_zipfile(handle)
    except OSError as error:
        raise _unreadable(archive, error, review) from error


def _refuse_to_replace(bundle: Path, archive: Path, keep: list[Path], review: CaseReview) -> None:
    """A re-export replaces the previous bundle and zip, and nothing else: not the case folder, not a folder
    holding the user's photos, not some other folder or file that happens to carry the bundle's name."""
    blocking: Path | None = None
    if os.path.lexists(bundle) and (not _is_previous_bundle(bundle, review)
                                    or any(_inside(path, bundle) for path in keep)):
        blocking = bundle
    if blocking is None and os.path.lexists(archive) and (not _is_previous_zip(archive, review)
                                                          or any(_inside(p, archive) for p in keep)):
        blocking = archive
    if blocking is not None:
        factory = review.profile.findings(review.language)
        raise ExportError(factory.make("export.would_replace", file=str(blocking)))


def _requests(overrides: Sequence[ExplainRequest] | Mapping[str, str] | None) -> list[ExplainRequest]:
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):  # {code: reason}: every file with that code, each recorded
        return [ExplainRequest(str(code), str(reason)) for code, reason in overrides.items()]
    return list(overrides)


def export_case(case_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                overrides: Sequence[ExplainRequest] | Mapping[str, str] | None = None, lang: str | None = None,
                progress: ProgressCallback = no_progress, cancel: threading.Event | None = None) -> ExportResult:
    """Build the bundle folder and zip in `out_dir`, or refuse (nothing written) while blockers are open.

    `overrides`: explanations asked for now (the command line's `--override`), each matched to the files
    that carry its code (DECISIONS: per photo); with the case's own explanations they must cover every
    blocker. The ones used are stored in the case, file by file, with the export in its history."""
    folder = Path(case_dir).expanduser().absolute()
    case = load_case(folder)
    redraw_missing(case, folder)  # a comparison picture deleted from the case folder is drawn again (not lost)
    review = review_case(case, folder, lang, progress, cancel)
    matched = match_requests(review, _requests(overrides))
    if matched.unknown_files:
        factory = review.profile.findings(review.language)
        raise ExportError(factory.make("export.override_no_file", file=matched.unknown_files[0]))
    review = review.with_explanations(matched.explanations)
    still_open = review.open_blockers()
    if still_open:
        return ExportResult(None, None, still_open, None, review)
    plan = plan_bundle(review)
    out = Path(out_dir).expanduser().absolute()
    bundle, archive = out / plan.name, out / (plan.name + ".zip")
    recover_destination(out)  # first finish or undo what a killed export left here
    _refuse_to_replace(bundle, archive, [folder, *_sources(case, plan)], review)
    step = _Step()
    step.out = out
    work: Path | None = None
    placed = False
    try:
        step.at(None, out)
        out.mkdir(parents=True, exist_ok=True)
        checkpoint("mkdir", out / STAGING_PREFIX)
        work = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out))
        step.work = work
        write_journal(work, BUILDING, plan.name)
        staged = work / plan.name
        checkpoint("mkdir", staged)
        staged.mkdir()
        manifest = _stage(plan, review, staged, step, progress, cancel)
        staged_zip = work / (plan.name + ".zip")
        step.at(None, staged_zip)
        write_zip(staged, staged_zip, _zip_time(case.created_date))
        check_cancel(cancel)
        step.at(None, out)
        write_journal(work, PLACING, plan.name)  # from here on a killed export is finished, not undone
        _place([(staged, bundle), (staged_zip, archive)], work, step)
        placed = True
    except OSError as error:
        raise _failure(error, step, review) from error
    finally:  # whatever happened (error, Cancelled), nothing half-built stays behind
        if work is not None:
            finish_staging(work, plan.name, placed)
    progress(Progress(1, 1, None))
    settle_legacy(case, review)
    _store(case, matched.explanations)
    used = [{"code": i.finding.code, "file": i.file, "sha256": i.key, "reason": i.explanation.reason}
            for i in review.explained() if i.explanation is not None]
    case.record("exported", bundle=str(bundle), zip=str(archive), explained=used)
    note_exported(case, case.history[-1].at)
    with contextlib.suppress(OSError):  # the bundle is complete; a history line must not undo it
        save_case(case, folder)
    return ExportResult(bundle, archive, [], manifest, review)


def _store(case: Case, explanations: list[Explanation]) -> None:
    """Explanations given for this export join the case, one per file, each in the history."""
    for explanation in explanations:
        if case.explanation(explanation.code, explanation.sha256) is None:
            case.explain(explanation.code, explanation.sha256, explanation.reason, explanation.file,
                         explanation.at)
