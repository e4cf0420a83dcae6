"""Convert RAW and HEIC originals to JPEG where the rules profile allows it, keeping the camera's evidence.

`convert_file` inspects the source (the same reading `inspect` does, so both give the same code for
the same cause), develops it (core/conversion/raw.py, core/conversion/heif.py), carries its EXIF
(core/conversion/exif_carry.py), encodes a full-resolution JPEG sized to the profile (core/conversion/jpeg_fit.py) and
writes it with its record into the output folder only (core/conversion/output.py). Whatever goes wrong
becomes a finding; the source is only ever read. `convert_batch` runs files on spawned worker
processes (fork deadlocked with rawpy) with progress and cancel.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from core import APP_NAME, __version__
from core.base.fileops import os_error_reason
from core.base.findings import Finding, FindingFactory
from core.base.jobs import Cancelled, Progress, ProgressCallback, check_cancel
from core.base.pool import run_in_processes
from core.base.rules import Profile, check_table, load_profile
from core.conversion.developed import Developed, Refused
from core.conversion.exif_carry import MAKERNOTE_NOT_COPYABLE, MAKERNOTE_TOO_LARGE, carried_exif
from core.conversion.heif import develop_heif
from core.conversion.jpeg_fit import FIT_TOO_LARGE, FIT_TOO_SMALL, Encoded, encode_to_fit, fit_camera_jpeg
from core.conversion.output import plan_outputs, release, same_folder, unique_output, write_atomic
from core.conversion.raw import RawOpener, develop_raw
from core.inspection.file_rules import size_text
from core.inspection.inspect import inspect_path
from core.photo import facts as read_facts
from core.photo import filetypes
from core.photo.conversion_record import ConversionRecord, ConversionResult, load_record, record_bytes, record_path
from core.photo.filetypes import RAW_TYPES
from core.photo.metadata import ImageMetadata

__all__ = ["ConversionRecord", "ConversionResult", "convert_batch", "convert_file", "load_record"]

AREA = "conversion"


class _Job:
    """One source's conversion: the profile's settings, the finding factory, and the result so far."""

    def __init__(self, source: str | os.PathLike[str], out_dir: Path, profile: Profile, lang: str | None,
                 cancel: threading.Event | None) -> None:
        self.source = Path(source)
        self.out_dir = out_dir
        self.profile = profile
        self.lang = lang
        self.cancel = cancel
        self.factory: FindingFactory = profile.findings(lang)
        self.table = check_table(profile, AREA)
        self.result = ConversionResult(source=str(source))

    def add(self, code: str, severity: str | None = None, **params: Any) -> None:
        self.result.findings.append(self.factory.make(code, severity, **params))

    def add_variant(self, code: str, variant: str, **params: Any) -> None:
        """A finding under its usual code whose text explains this case (`label.variant.<code>.<variant>`)."""
        message, remedy = self.factory.catalog.text(f"label.variant.{code}.{variant}", params)
        severity = self.factory.make(code, **params).severity
        self.result.findings.append(Finding(code, severity, message, remedy, params))

    def label(self, key: str) -> str:
        return self.factory.catalog.label(key)


def convert_file(source: str | os.PathLike[str], out_dir: str | os.PathLike[str], profile: Profile | None = None,
                 lang: str | None = None, cancel: threading.Event | None = None, *,
                 output_path: str | os.PathLike[str] | None = None,
                 raw_opener: RawOpener | None = None) -> ConversionResult:
    """Convert one source into `out_dir`. Never raises for a bad file (only `Cancelled`).

    `output_path` fixes the output name (a batch plans names up front); `raw_opener` replaces
    rawpy's reader (tests use a fake to control preview and picture sizes).
    """
    check_cancel(cancel)
    job = _Job(source, Path(out_dir), profile or load_profile(), lang, cancel)
    try:
        _convert(job, Path(output_path) if output_path else None, raw_opener)
    except Cancelled:
        raise
    except Exception as error:  # a bug must cost the user this file's conversion, not the whole run
        job.result.output = None
        job.add("convert.failed", detail=f"{type(error).__name__}: {error}")
    return job.result


def _convert(job: _Job, output_path: Path | None, raw_opener: RawOpener | None) -> None:
    profile = job.profile
    report = inspect_path(job.source, profile, job.lang, fast=True)
    kind = report.type
    unreadable = [f for f in report.findings if f.code == "file.unreadable"]
    if unreadable:
        job.result.findings.extend(unreadable)
        return
    if kind in profile.accepted_types:
        job.add("convert.not_needed", type=kind, type_label=filetypes.label(kind))
        return
    rule = profile.conversion_for(kind)
    if rule is None:
        job.result.findings.extend(f for f in report.findings if f.code == "format.not_jpeg")
        return
    basis_text = job.label("basis." + rule.basis)
    type_params = {"type": kind, "type_label": filetypes.label(kind), "basis": rule.basis, "basis_text": basis_text}
    metadata = report.metadata
    if kind in RAW_TYPES and metadata is not None and metadata.data_truncated:
        job.add("raw.truncated", **type_params)  # the same finding inspect gives: one code per cause
        return
    if same_folder(job.source, job.out_dir):
        job.add("convert.beside_source", folder=str(job.out_dir))
        return
    try:
        data = job.source.read_bytes()
    except OSError as error:
        reason = "vanished" if isinstance(error, FileNotFoundError) else "io_error"
        job.add("file.unreadable", reason=reason, reason_text=job.label("reason." + reason))
        return
    check_cancel(job.cancel)
    try:
        developed = _develop(job, kind, data, report.orientation, raw_opener)
    except Refused as refusal:
        params = {**type_params, **refusal.params}
        if refusal.code == "raw.unsupported":
            params["reason_text"] = job.label("raw_reason." + str(params.get("reason", "decode_failed")))
        elif refusal.code == "file.unreadable":
            params["reason_text"] = job.label("reason." + str(params.get("reason", "damaged")))
        severity = job.table.get("preview", {}).get("refused_severity") if refusal.code == "raw.preview_only" else None
        job.add(refusal.code, refusal.severity or severity, **params)
        return
    check_cancel(job.cancel)
    _write(job, developed, data, metadata or ImageMetadata(), type_params, output_path)


def _develop(job: _Job, kind: str, data: bytes, orientation: int | None, raw_opener: RawOpener | None) -> Developed:
    if kind == "heic":
        return develop_heif(data)
    preview = job.table.get("preview", {})
    return develop_raw(data, job.table.get("libraw", {}), float(preview.get("min_side_fraction", 1.0)),
                       orientation, raw_opener)


def _write_failed(job: _Job, error: OSError) -> None:
    reason = os_error_reason(error)
    job.add("convert.write_failed", reason=reason, reason_text=job.label("write_reason." + reason),
            folder=str(job.out_dir))


def _encode(job: _Job, developed: Developed, exif: bytes) -> Encoded:
    jpeg = job.table.get("jpeg", {})
    ladder = [int(q) for q in jpeg.get("ladder", [95])]
    subsampling = str(jpeg.get("subsampling", "4:2:0"))
    limits = {"min_bytes": job.profile.min_bytes, "max_bytes": job.profile.max_bytes}
    if developed.jpeg is not None:
        return fit_camera_jpeg(developed.jpeg, exif=exif, ladder=ladder, subsampling=subsampling,
                               cancel=job.cancel, **limits)
    assert developed.image is not None
    return encode_to_fit(developed.image, ladder=ladder, ladder_up=[int(q) for q in jpeg.get("ladder_up", [])],
                         exif=exif, icc_profile=developed.icc_profile, subsampling=subsampling,
                         cancel=job.cancel, **limits)


def _write(job: _Job, developed: Developed, data: bytes, metadata: ImageMetadata, type_params: dict[str, Any],
           output_path: Path | None) -> None:
    now = datetime.datetime.now().astimezone()
    carried = carried_exif(metadata, width=developed.width, height=developed.height,
                           orientation=developed.orientation, decoder=developed.decoder,
                           color_space=developed.color_space, table=job.table.get("exif", {}), now=now)
    encoded = _encode(job, developed, carried.data)
    check_cancel(job.cancel)
    try:
        job.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _write_failed(job, error)
        return
    output = output_path or unique_output(job.out_dir, job.source.stem or "image")
    settings = {**developed.settings, "quality_ladder": list(encoded.attempts), "subsampling":
                job.table.get("jpeg", {}).get("subsampling"), "exif_makernote": carried.makernote,
                "exif_not_carried": carried.dropped, "source_type": type_params["type"],
                "source_software": read_facts.software(metadata),
                "source_exif_size": list(read_facts.exif_size(metadata))}
    record = ConversionRecord(
        source=os.path.abspath(job.source), source_sha256=hashlib.sha256(data).hexdigest(), source_bytes=len(data),
        method=developed.method, settings=settings, output=os.path.abspath(output),
        output_sha256=hashlib.sha256(encoded.data).hexdigest(), output_bytes=len(encoded.data),
        width=developed.width, height=developed.height, quality=encoded.quality, app=APP_NAME,
        app_version=__version__, libraw_version=developed.libraw_version,
        converted_at=now.isoformat(timespec="seconds"))
    try:
        write_atomic(output, encoded.data)
        try:
            write_atomic(record_path(output), record_bytes(record))
        except BaseException:
            output.unlink(missing_ok=True)  # a JPEG without its record is not left behind
            raise
    except OSError as error:
        _write_failed(job, error)
        return
    finally:
        release(output)
    result = job.result
    result.output, result.method, result.record = str(output), developed.method, record
    result.width, result.height, result.bytes, result.quality = (developed.width, developed.height,
                                                                 len(encoded.data), encoded.quality)
    _report(job, developed, encoded, carried.makernote, type_params)


def _report(job: _Job, developed: Developed, encoded: Encoded, makernote: str, type_params: dict[str, Any]) -> None:
    size = len(encoded.data)
    quality_text = str(encoded.quality) if encoded.quality is not None else job.label("quality.camera")
    job.add("convert.done", **type_params, method=developed.method, method_text=job.label("method." + developed.method),
            width=developed.width, height=developed.height, quality=encoded.quality, quality_text=quality_text,
            bytes=size, size_text=size_text(size))
    limits = {"bytes": size, "size_text": size_text(size), "width": developed.width, "height": developed.height,
              "quality_text": quality_text}
    if encoded.fit == FIT_TOO_SMALL:
        job.add_variant("size.too_small", "converted", limit=job.profile.min_bytes, **limits)
    elif encoded.fit == FIT_TOO_LARGE:
        job.add_variant("size.too_large", "converted", limit=job.profile.max_bytes, **limits)
    if makernote in (MAKERNOTE_NOT_COPYABLE, MAKERNOTE_TOO_LARGE):
        job.add("convert.makernote_not_copied", reason=makernote, reason_text=job.label("makernote." + makernote))
    for code, severity, params in developed.notes:
        job.add(code, severity, **params)


def _worker(source: str, out_dir: str, profile: Profile, lang: str | None, output_path: str) -> ConversionResult:
    return convert_file(source, out_dir, profile, lang, output_path=output_path)


def convert_batch(sources: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                  profile: Profile | None = None, lang: str | None = None, workers: int = 2,
                  progress: ProgressCallback | None = None, cancel: threading.Event | None = None
                  ) -> list[ConversionResult]:
    """Convert many sources, in order of `sources`; spawned worker processes when more than one.

    `progress` is called after each finished file; `cancel` stops at the next file boundary
    (files already written stay complete, with their records) and raises `Cancelled`.
    """
    profile = profile or load_profile()
    folder = Path(out_dir)
    planned = plan_outputs(sources, folder)
    total = len(sources)
    results: list[ConversionResult | None] = [None] * total
    if total <= 1 or workers <= 1:
        for index, source in enumerate(sources):
            check_cancel(cancel)
            results[index] = convert_file(source, folder, profile, lang, cancel, output_path=planned[index])
            if progress:
                progress(Progress(index + 1, total, str(source)))
        return [r for r in results if r is not None]
    jobs = [(str(source), str(folder), profile, lang, str(planned[index])) for index, source in enumerate(sources)]
    for done_count, (index, future) in enumerate(run_in_processes(_worker, jobs, workers, cancel), 1):
        results[index] = _collect(future, sources[index], profile, lang)
        if progress:
            progress(Progress(done_count, total, str(sources[index])))
    return [r for r in results if r is not None]


def _collect(future: Future[ConversionResult], source: str | os.PathLike[str], profile: Profile,
             lang: str | None) -> ConversionResult:
    try:
        return future.result()
    except (BrokenProcessPool, OSError, RuntimeError) as error:  # a decoder crashed its worker process
        result = ConversionResult(source=str(source))
        result.findings.append(profile.findings(lang).make("convert.failed", detail=f"{type(error).__name__}"))
        return result
