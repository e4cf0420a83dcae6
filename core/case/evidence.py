"""The ownership evidence for a complaint the platform rejected because the accused also supplied an
original (被投诉方也提供了原图): everything the app knows that says the photos are the user's, on one
printable page.

The page gathers what a reviewer or a court can check: the whole shoot the complaint image belongs to
(every frame the camera recorded in that session, from the image's own folder, header-only reads), the
camera bodies and their serial numbers, the capture times and the earliest file of the shoot, the
sha256 of each photo recorded when it was added to the case and the hashes the export's manifest
recorded, and what the platform itself says about the legal route. It is written into the case
folder (never next to the user's photos) and opened in the browser, which prints it.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from core.base.fileops import atomic_write_text
from core.base.findings import catalog
from core.case.lifecycle import rejection_finding, shown_time
from core.case.review import CaseReview
from core.library.sessions import Session, session_of, sessions_for_paths
from core.photo.facts import has_time_of_day

EVIDENCE_FILE = "ownership_evidence.html"


@dataclass
class ShootFrame:
    path: str
    taken_at: str | None
    camera: str
    serial: str | None
    in_case: bool


@dataclass
class Evidence:
    seller: str
    listings: list[str]
    number: str | None
    submitted_at: str | None
    rejected: tuple[str, str] | None  # (what the platform said, what to do)
    photos: list[dict[str, Any]] = field(default_factory=list)  # the case's photos with facts and hashes
    shoot: list[ShootFrame] = field(default_factory=list)
    serials: list[str] = field(default_factory=list)
    earliest: ShootFrame | None = None
    bundle: str | None = None  # the export these hashes come from
    exported_at: str | None = None


def _export_hashes(review: CaseReview) -> tuple[str | None, str | None, dict[str, str]]:
    """(bundle folder, export time, source path -> sha256 the manifest recorded) of the latest export."""
    exports = [e for e in review.case.history if e.action == "exported"]
    for event in reversed(exports):
        bundle = event.detail.get("bundle")
        if not bundle:
            continue
        try:
            manifest = json.loads((Path(str(bundle)) / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        hashes = {str(f.get("source_path")): str(f.get("sha256")) for f in manifest.get("files", [])}
        return str(bundle), event.at, hashes
    return None, exports[-1].at if exports else None, {}


def _whole_shoot(complaint: str, cancel: threading.Event | None) -> Session | None:
    folder = os.path.dirname(complaint)
    if not os.path.isdir(folder):
        return None
    return session_of(sessions_for_paths([folder], cancel=cancel), complaint)


def gather(review: CaseReview, cancel: threading.Event | None = None) -> Evidence:
    """Collect the evidence (reads headers of the complaint image's folder: run it off the GUI thread)."""
    case = review.case
    rejected = rejection_finding(case, review.language)
    bundle, exported_at, exported = _export_hashes(review)
    evidence = Evidence(case.seller, list(case.listings), case.status.number, case.status.submitted_at,
                        (rejected.message, rejected.remedy) if rejected else None, bundle=bundle,
                        exported_at=exported_at)
    in_case = {entry.source for _, entry in case.images()}
    for file in review.files:
        if file.entry is None:
            continue
        report = file.report
        evidence.photos.append({
            "role": file.role, "path": file.source, "taken_at": report.taken_at if report else None,
            "camera": report.camera.describe() if report else "?", "serial": report.camera.serial if report else None,
            "sha256_added": file.entry.sha256, "sha256_exported": exported.get(file.source)})
    if case.complaint:
        session = _whole_shoot(case.complaint[0].source, cancel)
        items = session.items if session else []
        evidence.shoot = [ShootFrame(item.path, item.taken_at, item.camera.describe(), item.camera.serial,
                                     item.path in in_case) for item in items]
    frames = evidence.shoot or [ShootFrame(p["path"], p["taken_at"], p["camera"], p["serial"], True)
                                for p in evidence.photos]
    evidence.serials = sorted({f.serial for f in frames if f.serial})
    timed = [f for f in frames if has_time_of_day(f.taken_at)]  # a day alone cannot say which came first
    evidence.earliest = min(timed, key=lambda f: f.taken_at or "") if timed else None
    return evidence


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"


def render(evidence: Evidence, lang: str | None = None) -> str:
    labels = catalog(lang)

    def label(key: str) -> str:
        return escape(labels.label("evidence." + key))

    none = labels.label("evidence.none")
    parts = [f"<!doctype html><html lang='{'en' if labels.language == 'en' else 'zh-CN'}'><head><meta charset='utf-8'>",
             f"<title>{label('title')}</title><style>{_CSS}</style></head><body>",
             f"<h1>{label('title')}</h1>",
             f"<p>{label('seller')}: <b>{escape(evidence.seller)}</b> · {label('number')}: "
             f"{escape(evidence.number or none)} · {label('submitted')}: "
             f"{escape(shown_time(evidence.submitted_at))}</p>"]
    if evidence.listings:
        parts.append("<p>" + label("listings") + ": " + ", ".join(escape(u) for u in evidence.listings) + "</p>")
    if evidence.rejected:
        parts.append(f"<p class='reason'>{escape(evidence.rejected[0])}</p>")
    parts.append(f"<h2>{label('facts')}</h2><ul>")
    parts.append(f"<li>{label('serials')}: <b>{escape(', '.join(evidence.serials) or none)}</b></li>")
    if evidence.earliest:
        parts.append(f"<li>{label('earliest')}: <b>{escape(Path(evidence.earliest.path).name)}</b>, "
                     f"{escape(evidence.earliest.taken_at or '')}</li>")
    if evidence.shoot:
        parts.append(f"<li>{label('shoot_size')}: <b>{len(evidence.shoot)}</b></li>")
    parts.append("</ul>")
    parts.append(f"<h2>{label('photos')}</h2><table><tr><th>{label('file')}</th><th>{label('taken')}</th>"
                 f"<th>{label('camera')}</th><th>{label('serial')}</th><th>{label('sha_added')}</th>"
                 f"<th>{label('sha_exported')}</th></tr>")
    for photo in evidence.photos:
        parts.append(_row(Path(photo["path"]).name, photo["taken_at"] or none, photo["camera"], photo["serial"] or none,
                          photo["sha256_added"] or none, photo["sha256_exported"] or none))
    parts.append("</table>")
    if evidence.bundle:
        parts.append(f"<p class='small'>{label('bundle')}: {escape(evidence.bundle)} "
                     f"({escape(shown_time(evidence.exported_at))})</p>")
    if evidence.shoot:
        parts.append(f"<h2>{label('shoot')}</h2><table><tr><th>{label('file')}</th><th>{label('taken')}</th>"
                     f"<th>{label('camera')}</th><th>{label('serial')}</th></tr>")
        for frame in evidence.shoot:
            name = Path(frame.path).name + (" ★" if frame.in_case else "")
            parts.append(_row(name, frame.taken_at or none, frame.camera, frame.serial or none))
        parts.append(f"</table><p class='small'>{label('shoot_note')}</p>")
    parts.append(f"<h2>{label('legal')}</h2><p>{escape(labels.label('lifecycle.legal_route'))}</p>")
    parts.append(f"<p class='small'>{label('keep')}</p></body></html>")
    return "".join(parts) + "\n"


def write(evidence: Evidence, case_dir: str | os.PathLike[str], lang: str | None = None) -> Path:
    """Write the page into the case folder (atomically) and return its path."""
    target = Path(case_dir) / EVIDENCE_FILE
    atomic_write_text(target, render(evidence, lang))
    return target


_CSS = ("body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;margin:24px;color:#1f2937}"
        "h1{font-size:22px}h2{font-size:16px;margin-top:22px;border-bottom:1px solid #d1d5db}"
        "table{border-collapse:collapse;width:100%;font-size:12px}td,th{border:1px solid #d1d5db;padding:4px;"
        "text-align:left;word-break:break-all}.reason{background:#fef3c7;padding:8px}.small{color:#6b7280;"
        "font-size:12px}@media print{body{margin:0}}")
