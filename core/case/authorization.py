"""The model's authorization (模特授权书): a printable page made from the case, and its signed scan.

The platform asks for a signed authorization with the model's details and the shoot period besides the
photo of the model holding the ID card. `render_authorization` fills one page from the case (model name,
the shoot's dates from the photos' capture times, the scope: these images, for this complaint; lines for
ID number, signature and date); the user prints it (or saves it as PDF from the print dialog), has it
signed, and attaches the scan with `attach_authorization`, which copies it into CASE_DIR/proof byte for
byte, like an ID photo. The page itself is plain HTML with inline CSS: no script, no external URL.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from core.base.fileops import CopyMismatch, atomic_write_text, copy_verified
from core.base.findings import catalog
from core.case.build import safe_name
from core.case.casefile import PROOF_DIR, Case, CaseError, ProofFile
from core.case.review import CaseReview

AUTH_DIR = "authorization"

_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #111; }
.page { width: 180mm; margin: 12mm auto; line-height: 1.9; font-size: 12pt; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin: 0 0 8mm; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; }
th, td { border: 1px solid #333; padding: 2mm 3mm; text-align: left; vertical-align: top; }
th { width: 32%; background: #f3f3f3; font-weight: normal; }
.line { display: inline-block; min-width: 60mm; border-bottom: 1px solid #111; }
.sign { margin-top: 14mm; }
.note { font-size: 9.5pt; color: #444; margin-top: 10mm; }
@media print { .page { margin: 0 auto; } }
"""


def shoot_dates(review: CaseReview) -> tuple[str | None, str | None]:
    """First and last capture date (YYYY-MM-DD) of the photos that share the complaint image's shoot."""
    shoot = review.shoot()
    start, end = shoot.get("start"), shoot.get("end")
    return (str(start)[:10] if start else None, str(end)[:10] if end else None)


def render_authorization(review: CaseReview, model: str, lang: str | None = None) -> str:
    """The authorization page for one model of the case, in the user's language."""
    labels = catalog(lang)

    def t(key: str, **params: str) -> str:
        text = labels.label("authorization." + key)
        for name, value in params.items():
            text = text.replace("{" + name + "}", value)
        return escape(text)

    case: Case = review.case
    start, end = shoot_dates(review)
    period = (start if start == end else f"{start} — {end}") if start and end else ""
    images = [Path(m).name for entry in case.models if entry.name == model for m in entry.appears_in]
    if not images:
        images = [entry.name for _, entry in case.images()]
    blank = '<span class="line">&nbsp;</span>'
    rows = [
        (t("model_name"), escape(model)),
        (t("id_number"), blank),
        (t("phone"), blank),
        (t("rights_holder"), blank),
        (t("period"), escape(period) if period else blank),
        (t("images"), escape("、".join(images)) if images else blank),
        (t("scope"), t("scope_text", seller=case.seller or "—")),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    html_lang = "zh-CN" if labels.language == "zh_CN" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8"><title>{t("title")} · '
            f"{escape(model)}</title><style>{_CSS}</style></head><body><div class=\"page\">"
            f"<h1>{t('title')}</h1><p>{t('intro', model=model)}</p><table>{table}</table>"
            f"<p>{t('consent')}</p>"
            f'<div class="sign">{t("signature")}：{blank}　　{t("date")}：{blank}</div>'
            f'<div class="note">{t("note")}</div></div></body></html>\n')


def write_authorization(review: CaseReview, model: str, lang: str | None = None) -> Path:
    """The page saved as CASE_DIR/authorization/<model>.html (atomically), for the browser to print."""
    target = review.case_dir / AUTH_DIR / f"{safe_name(model, 'model')}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, render_authorization(review, model, lang))
    return target


def attach_authorization(case: Case, case_dir: str | os.PathLike[str], model: str, scan: str) -> ProofFile:
    """Copy the signed scan into CASE_DIR/proof (verified by sha256; the user's file is only read) and
    list it with the model. Raises CaseError when the model is unknown or the copy does not verify."""
    entry = next((m for m in case.models if m.name == model), None)
    if entry is None:
        raise CaseError("case.model_image_unknown", model=model, file=scan)
    folder = Path(case_dir)
    source = Path(scan)
    suffix = source.suffix.lower() or ".jpg"
    index = len(entry.authorization) + 1
    relative = f"{PROOF_DIR}/{safe_name(model, 'model')}_授权书_{index}{suffix}"
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        digest = copy_verified(source, target)
    except CopyMismatch as error:
        raise CaseError("case.copy_mismatch", file=str(scan)) from error
    proof = ProofFile(relative, digest, target.stat().st_size, source.name)
    entry.authorization.append(proof)
    case.record("edited", authorization=relative, model=model)
    return proof
