"""report.html: one self-contained page a merchant keeps open beside the complaint form, and prints.

Chinese first, English beneath (same content, its own section). Thumbnails are inline base64 JPEGs made
with Pillow's draft mode; CSS is inline; no script, no external URL. Every text comes from the message
catalog (`label.report.*` and the findings' own codes), so the page speaks the user's language.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from core.base.findings import LANGUAGES, Finding, MessageCatalog, catalog, verdict
from core.base.jsontext import display
from core.base.resources import resource
from core.case.manifest import BundlePlan, PlannedComparison, PlannedFile
from core.case.review import CaseReview
from core.photo.decode import decode, shrink
from core.photo.facts import Camera

THUMB_EDGE = 220
COMPARISON_EDGE = 1400  # the comparison picture is four panels side by side: shown wide enough to read
# Its style stays on the element, so report.css (and the report of a case without one) is unchanged.
COMPARISON_STYLE = "max-width:100%;height:auto;display:block;border:1px solid #d0d5dd;border-radius:3px"


def thumbnail_data_uri(path: Path, edge: int = THUMB_EDGE) -> str | None:
    """A small upright JPEG of the image as a data: URI (None when it cannot be decoded)."""
    try:
        small = shrink(decode(path, edge).image, edge)
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=72, optimize=True)
    except Exception:  # an undecodable file just shows "no preview"; its findings say why
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@lru_cache(maxsize=1)
def _label_keys() -> dict[str, str]:
    """Chinese label text -> label key, to carry label-valued finding params into English."""
    zh = catalog("zh_CN")
    return {entry["message"]: code for code, entry in zh.entries.items() if code.startswith("label.")}


def _translated(finding: Finding, labels: MessageCatalog) -> tuple[str, str]:
    params: dict[str, Any] = {}
    for key, value in finding.params.items():
        label_key = _label_keys().get(value) if isinstance(value, str) else None
        params[key] = labels.label(label_key[len("label."):]) if label_key else value
    try:
        return labels.text(finding.code, params)
    except Exception:
        return finding.message, finding.remedy


class _Page:
    """One language's section of the report."""

    def __init__(self, review: CaseReview, plan: BundlePlan, manifest: Mapping[str, Any], lang: str,
                 thumbs: Mapping[str, str | None]) -> None:
        self.review, self.plan, self.manifest, self.thumbs = review, plan, manifest, thumbs
        self.labels = catalog(lang)
        self.lang = lang
        # (code, source path) of each explained blocker: explanations are per photo
        self.explained = {(e["code"], e["source_path"]) for e in manifest["explained"]}

    def t(self, key: str, **params: Any) -> str:
        return escape(self.labels.label("report." + key, **params))

    def finding_text(self, finding: Finding) -> tuple[str, str]:
        if self.lang == self.review.language:
            return finding.message, finding.remedy
        return _translated(finding, self.labels)

    def badge(self, severity: str, code: str | None = None, source: str | None = None) -> str:
        if severity == "block" and (code, source) in self.explained:
            return f'<span class="badge over">{escape(self.labels.label("case.overridden"))}</span>'
        return f'<span class="badge {severity}">{escape(self.labels.label(severity))}</span>'

    def verdict(self, item: PlannedFile) -> str:
        """The file's badge, the same state the GUI's tile shows (CaseReview.file_state)."""
        state = self.review.file_state(item.source_path) if item.role != "model_proof" else ""
        if state == "explained":
            return f'<span class="badge over">{escape(self.labels.label("case.overridden"))}</span>'
        if state in ("block", "warn", "ok"):
            return self.badge(state)
        worst = verdict(item.review.findings).value
        return self.badge(worst)

    def thumb(self, item: PlannedFile, css: str = "thumb") -> str:
        uri = self.thumbs.get(item.bundle_path)
        if uri is None:
            return f'<div class="{css} none">{self.t("no_preview")}</div>'
        return f'<img class="{css}" src="{uri}" alt="{escape(item.bundle_path)}">'

    def header(self) -> str:
        case, m = self.review.case, self.manifest
        links = "".join(f"<div class=\"mono\">{escape(link)}</div>" for link in self.plan.links) or "—"
        n_over = len(m["explained"])
        if n_over:
            status = f'<div class="status over">{self.t("status_overridden", count=n_over)}</div>'
        else:
            status = f'<div class="status ok">{self.t("status_ready")}</div>'
        if self.review.warnings():
            status = status.replace("</div>", " " + self.t("status_warnings", count=len(self.review.warnings()))
                                    + "</div>")
        rows = [(self.t("seller"), escape(case.seller)), (self.t("listing"), links),
                (self.t("profile"), escape(self.review.profile.name(self.lang))),
                (self.t("created"), escape(case.created_date)),
                (self.t("made_with"), escape(f"{m['app']['name']} / {m['app']['name_en']} {m['app']['version']}"))]
        if case.notes:
            rows.append((self.t("notes"), escape(case.notes)))
        meta = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        return (f'<header><div class="brand">{self.t("brand")}</div><h1>{self.t("title")}</h1>'
                f'<table class="meta">{meta}</table>{status}</header>')

    def checklist(self) -> str:
        rows = []
        for item in self.plan.files:
            field = escape(self.labels.label("case.role." + item.role))
            rows.append(f'<tr><td class="box">☐</td><td class="field">{field}</td><td>{self.thumb(item)}</td>'
                        f'<td><div class="mono path">{escape(item.bundle_path)}</div>'
                        f'<div class="small">SHA-256 {escape(item.sha256[:16])}…</div></td>'
                        f'<td>{self.verdict(item)}</td></tr>')
        field = escape(self.labels.label("case.role.listing"))
        links_file = escape(self.plan.layout["links_file"])
        links = "".join(f'<div class="mono">{escape(u)}</div>' for u in self.plan.links)
        rows.append(f'<tr><td class="box">☐</td><td class="field">{field}</td><td></td>'
                    f'<td><div class="mono path">{links_file}</div>{links}</td>'
                    f'<td>{self.badge("ok" if self.plan.links else "block")}</td></tr>')
        head = "".join(f"<th>{self.t(k)}</th>" for k in ("col_done", "col_field", "col_preview", "col_file",
                                                          "col_result"))
        return (f'<section><h2>{self.t("checklist")}</h2><p class="hint">{self.t("checklist_hint")}</p>'
                f'<table class="list"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
                "</section>")

    def shoot(self) -> str:
        shoot = self.manifest["shoot"]
        cams = []
        for camera in shoot["cameras"]:
            name = Camera(camera.get("make"), camera.get("model")).describe()
            when = "—"
            if camera["start"]:
                when = self.t("span_short", start=camera["start"].replace("T", " "),
                              end=camera["end"].replace("T", " "), minutes=camera["span_minutes"])
            cams.append(f'<tr><td>{escape(name)}</td><td class="mono">{escape(camera.get("serial") or "—")}'
                        f'</td><td>{len(camera["files"])}</td><td>{when}</td></tr>')
        if len(shoot["cameras"]) > 1:
            span = self.t("span_devices", count=len(shoot["cameras"]))
        elif shoot["start"]:
            span = self.t("span_text", start=shoot["start"].replace("T", " "), end=shoot["end"].replace("T", " "),
                          minutes=shoot["span_minutes"])
        else:
            span = self.t("span_unknown")
        times = []
        for item in self.plan.files:
            report = item.review.report
            if item.role == "model_proof" or report is None:
                continue
            times.append(f'<tr><td class="mono">{escape(item.bundle_path)}</td>'
                         f'<td>{escape((report.taken_at or "—").replace("T", " "))}</td>'
                         f'<td>{escape(report.camera.describe())}</td>'
                         f'<td class="mono">{escape(report.camera.serial or "—")}</td></tr>')
        unrelated = ""
        if shoot["unrelated"]:
            names = "".join(f'<li><span class="mono">{escape(u["file"])}</span> · '
                            f'{escape((u["taken_at"] or "—").replace("T", " ")[:16])} · '
                            f'{escape(Camera(u["camera"].get("make"), u["camera"].get("model")).describe())}</li>'
                            for u in shoot["unrelated"])
            unrelated = f'<p class="warn-text">{self.t("unrelated")}</p><ul class="issues">{names}</ul>'
        cam_head = "".join(f"<th>{self.t(k)}</th>" for k in ("camera", "serial", "count", "span"))
        time_head = "".join(f"<th>{self.t(k)}</th>" for k in ("col_file", "taken", "camera", "serial"))
        return (f'<section><h2>{self.t("shoot")}</h2><p>{span}</p>'
                f'<table class="list"><thead><tr>{cam_head}</tr></thead><tbody>{"".join(cams)}</tbody></table>'
                f'<table class="list"><thead><tr>{time_head}</tr></thead><tbody>{"".join(times)}</tbody></table>'
                f"{unrelated}</section>")

    def overrides_and_warnings(self) -> str:
        parts = [f'<section><h2>{self.t("open")}</h2><p class="ok-text">{self.t("none_open")}</p>']
        explained = self.review.explained()
        if explained:
            parts.append(f'<h3>{self.t("explained_files")}</h3><ul class="issues">')
            for issue in explained:
                message = self.finding_text(issue.finding)[0]
                target = self.plan.for_source(issue.file)
                where = escape(target.bundle_path if target else self.labels.label("case.whole_case"))
                reason = issue.explanation.reason if issue.explanation else ""
                parts.append(f'<li>{self.badge("block", issue.finding.code, issue.file)} {where}'
                             f'<div>{escape(message)}</div>'
                             f'<div class="reason">{self.t("reason")}：{escape(reason)}</div></li>')
            parts.append("</ul>")
        warns = [i for i in self.review.warnings()]
        if warns:
            parts.append(f'<h3>{self.t("warnings")}</h3><ul class="issues">')
            for issue in warns:
                message, remedy = self.finding_text(issue.finding)
                target = self.plan.for_source(issue.file)
                where = escape(target.bundle_path if target else self.labels.label("case.whole_case"))
                parts.append(f'<li>{self.badge("warn")} {where}<div>{escape(message)}</div>'
                             f'<div class="remedy">{escape(remedy)}</div></li>')
            parts.append("</ul>")
        parts.append("</section>")
        return "".join(parts)

    def file_cards(self) -> str:
        cards = []
        for item in self.plan.files:
            report = item.review.report
            facts: list[tuple[str, str]] = [(self.t("role"), escape(self.labels.label("case.role." + item.role)))]
            if report is not None:
                facts += [(self.t("camera"), escape(report.camera.describe())),
                          (self.t("serial"), escape(report.camera.serial or "—")),
                          (self.t("taken"), escape((report.taken_at or "—").replace("T", " "))),
                          (self.t("pixels"), escape(f"{report.width}×{report.height}" if report.width else "—"))]
            facts.append((self.t("size"), escape(f"{item.bytes or 0:,} B")))
            if item.record is not None or item.review.entry and item.review.entry.converted:
                facts.append((self.t("converted"), escape(Path(item.source_path).name)))
            if item.role != "model_proof":
                facts.append((self.t("source"), f'<span class="mono small">{escape(item.source_path)}</span>'))
            if item.models:
                facts.append((self.t("models"), escape("、".join(item.models))))
            reason = self.review.case.no_model.get(item.source_path)
            if reason:
                facts.append((self.t("no_model"), escape(reason)))
            facts.append((self.t("sha256"), f'<span class="mono small">{escape(item.sha256)}</span>'))
            rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
            findings = []
            for finding in item.review.findings:
                message, remedy = self.finding_text(finding)
                fix = f'<div class="remedy">{escape(remedy)}</div>' if remedy and finding.severity.value != "ok" else ""
                findings.append(f"<li>{self.badge(finding.severity.value, finding.code, item.source_path)} "
                                f"{escape(message)}{fix}</li>")
            listed = "".join(findings) or f"<li>{self.t('no_findings')}</li>"
            cards.append(f'<div class="card"><div class="card-head">{self.thumb(item, "thumb big")}'
                         f'<div><div class="mono path">{escape(item.bundle_path)}</div><table class="facts">{rows}'
                         f'</table></div></div><ul class="checks">{listed}</ul></div>')
        return f'<section><h2>{self.t("files")}</h2>{"".join(cards)}</section>'

    def comparison(self, item: PlannedComparison) -> str:
        caption = self.t("comparison_caption", file=item.shows)
        uri = self.thumbs.get(item.bundle_path)
        picture = (f'<img class="comparison" style="{COMPARISON_STYLE}" src="{uri}" alt="{caption}">' if uri is not None
                   else f'<div class="thumb none">{self.t("no_preview")}</div>')
        return (f'<figure class="card">{picture}<figcaption style="margin-top:8px">{caption}'
                f"{self.comparison_facts(item)}"
                f'<div class="mono path">{escape(item.bundle_path)}</div>'
                f'<div class="small">SHA-256 <span class="mono">{escape(item.sha256)}</span></div>'
                "</figcaption></figure>")

    def comparison_facts(self, item: PlannedComparison) -> str:
        """The choice the picture records: which listing image, how alike, when; mirrored; undecided then."""
        record = item.record
        if record is None or record.legacy:
            return ""
        score = round((record.score or 0.0) * 100)
        lines = [self.t("comparison_listing", listing=record.listing_name, sha=(record.listing_sha256 or "")[:16],
                        score=score, at=record.at.replace("T", " ")[:16])]
        if record.mirrored:
            lines.append(self.t("comparison_mirrored"))
        if record.ambiguous and record.runner_up:
            lines.append(self.t("comparison_ambiguous", other=Path(record.runner_up).name))
        return "".join(f'<div class="small">{line}</div>' for line in lines)

    def comparisons(self) -> str:
        """The find-my-original pictures: only when the case keeps one (otherwise the page is as before)."""
        if not self.plan.comparisons:
            return ""
        hint = self.t("comparison_hint", folder=self.plan.layout["comparison_folder"])
        return (f'<section><h2>{self.t("comparison")}</h2><p class="hint">{hint}</p>'
                + "".join(self.comparison(item) for item in self.plan.comparisons) + "</section>")

    def render(self) -> str:
        return (f'<div class="page" lang="{"zh-CN" if self.lang == "zh_CN" else "en"}">' + self.header()
                + self.checklist() + self.overrides_and_warnings() + self.shoot() + self.file_cards()
                + self.comparisons() + f'<footer>{self.t("footer")}</footer></div>')


def render_report(review: CaseReview, plan: BundlePlan, manifest: Mapping[str, Any], bundle_dir: Path) -> str:
    """The whole report.html for a staged bundle (thumbnails read from the copies in `bundle_dir`)."""
    thumbs = {item.bundle_path: thumbnail_data_uri(bundle_dir / item.bundle_path) for item in plan.files}
    thumbs.update({item.bundle_path: thumbnail_data_uri(bundle_dir / item.bundle_path, COMPARISON_EDGE)
                   for item in plan.comparisons})
    css = resource("templates", "report.css").read_text(encoding="utf-8")
    pages = [_Page(review, plan, manifest, lang, thumbs).render() for lang in LANGUAGES]
    title = escape(f"{catalog('zh_CN').label('report.title')} · {review.case.seller}")
    # A file name that is not UTF-8 is shown with U+FFFD where its odd bytes are (the page is for people).
    return display('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                   '<meta name="viewport" content="width=device-width, initial-scale=1">'
                   f"<title>{title}</title><style>{css}</style></head><body>"
                   + '<div class="break"></div>'.join(pages) + "</body></html>\n")
