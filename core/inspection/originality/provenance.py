"""What a file says about where it came from: AI-content labels and C2PA content credentials.

The evidence is read in `core/photo/aigc.py` (TC260 labels in every published form, IPTC digital
source types) and `core/photo/c2pa_manifest.py`; this module turns it into findings:
- an AI label (TC260 "generated", "possibly generated", "suspected"; an IPTC or C2PA source type that
  means generated or edited with AI): block, saying in plain words what the label says, who produced
  it (with the unified social credit code inside the producer field) and the content ID;
- a C2PA manifest whose hashes no longer match the file (the pixels changed after signing): block;
- one that records edits: block; a valid one signed by a camera on a trust list: positive evidence
  (ok), naming the signer and the list (the official C2PA trust list, or the C2PA's frozen interim
  list, which is where the camera makers that sign in the camera are); a valid one that says a
  camera took it but whose signer is on neither list: warn (the pixels are unchanged since signing,
  but anyone can sign a claim like that); any other valid one: a note saying who signed.
`inspect --fast` only scans the manifest's bytes; plain `inspect` validates it. Which source types
and which signers mean what is data: `resources/rules/checks/originality.toml` [aigc], [source_types],
[c2pa].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from core.base.findings import Finding
from core.inspection.context import CheckContext
from core.photo import aigc, c2pa_manifest, xmp
from core.photo.c2pa_manifest import C2paReport, C2paScan

Table = Callable[[str], Mapping[str, Any]]
_SHOWN = 3


def _join(items: Sequence[str]) -> str:
    shown = list(dict.fromkeys(item for item in items if item))
    return "、".join(shown[:_SHOWN]) + ("…" if len(shown) > _SHOWN else "")


def _label(context: CheckContext, key: str) -> str:
    return context.factory.catalog.label("original." + key)


def source_class(name: str, table: Mapping[str, Any]) -> str | None:
    """Which class of IPTC's digital source type list a name belongs to (generated, ai_edited, ...)."""
    for kind, names in table.items():
        if isinstance(names, list) and name in names:
            return str(kind)
    return None


def findings(context: CheckContext, table: Table) -> tuple[list[Finding], list[Finding]]:
    """(strong, weak) findings from AI labels and C2PA; strong ones block or are positive evidence."""
    strong: list[Finding] = []
    weak: list[Finding] = []
    unknown = _label(context, "unknown")
    labels = aigc.find_labels(context.metadata, table("aigc"))
    values = table("aigc").get("label_values", {})
    for label in labels:
        if label.form == "tc260":
            kind = str(values.get(label.value or "", "unknown")) if isinstance(values, Mapping) else "unknown"
            strong.append(context.make(
                "original.aigc_label", where=label.where, label=label.value or unknown, kind=kind,
                kind_text=_label(context, "ai_kind." + kind), producer=label.producer or unknown,
                producer_code=label.producer_code or unknown, content_id=label.content_id or unknown))
    sources = [label.value for label in labels if label.form == "iptc" and label.value]
    _source_types(context, sources, "IPTC", None, table("source_types"), strong, weak)
    if context.metadata.jumbf:
        _c2pa(context, table, strong, weak)
    elif xmp.packet_of(context.metadata).value(xmp.DCTERMS, "provenance"):
        weak.append(context.make("original.c2pa_remote"))  # the credentials are online only: not fetched
    return strong, weak


def _source_types(context: CheckContext, names: Sequence[str], where: str, generator: str | None,
                  table: Mapping[str, Any], strong: list[Finding], weak: list[Finding]) -> bool:
    """Findings for IPTC digital source types; True when one says generated or edited with AI."""
    codes = table.get("codes", {})
    ai = False
    for name in dict.fromkeys(names):
        kind = source_class(name, table)
        code = codes.get(kind) if isinstance(codes, Mapping) and kind else None
        if not code:
            continue
        ai = ai or kind in ("generated", "ai_edited")
        finding = context.make(str(code), where=where, source_type=name, kind=kind,
                               kind_text=_label(context, "source." + str(kind)),
                               generator=generator or _label(context, "unknown"))
        (strong if finding.severity.value != "ok" else weak).append(finding)
    return ai


def _c2pa(context: CheckContext, table: Table, strong: list[Finding], weak: list[Finding]) -> None:
    rules = table("c2pa")
    scanned = c2pa_manifest.scan(context.metadata.jumbf)
    if scanned is None:
        return
    report = None if context.fast else c2pa_manifest.validate(context.path, context.kind)
    if report is not None and report.validated:
        # the active manifest's source types, and any its ingredients' manifests name (an AI layer)
        sources = tuple(dict.fromkeys(report.source_types + scanned.source_types))
        _validated(context, report, sources, rules, table("source_types"), strong, weak)
        return
    if report is not None and report.remote:
        weak.append(context.make("original.c2pa_remote"))
    elif report is not None:
        weak.append(context.make("original.c2pa_unreadable", error=report.error or _label(context, "unknown")))
    _scanned(context, scanned, rules, table("source_types"), strong, weak)


def _scanned(context: CheckContext, scanned: C2paScan, rules: Mapping[str, Any], sources: Mapping[str, Any],
             strong: list[Finding], weak: list[Finding]) -> None:
    """--fast (or a store c2pa cannot read): what the manifest's bytes say, unverified."""
    generator = scanned.generator or _label(context, "unknown")
    if _source_types(context, scanned.source_types, "C2PA", generator, sources, strong, weak):
        return
    edits = [action for action in scanned.actions if action in rules.get("edit_actions", [])]
    if edits:
        strong.append(context.make("original.c2pa_edited", actions=_join(edits), generator=generator))
    else:
        weak.append(context.make("original.c2pa_present", generator=generator,
                                 actions=_join(scanned.actions) or _label(context, "unknown")))


def _validated(context: CheckContext, report: C2paReport, source_types: Sequence[str], rules: Mapping[str, Any],
               sources: Mapping[str, Any], strong: list[Finding], weak: list[Finding]) -> None:
    unknown = _label(context, "unknown")
    signer = report.signer or unknown
    params = {"signer": signer, "signer_org": report.signer_org or unknown,
              "generator": report.generator or unknown, "state": report.state or unknown}
    if report.tampered:
        failures = [code for code in report.failures if code.endswith(".mismatch")]
        strong.append(context.make("original.c2pa_tampered", failures=_join(failures), **params))
        return
    if _source_types(context, source_types, "C2PA", report.generator, sources, strong, weak):
        return
    edits = [action for action in report.actions if action in rules.get("edit_actions", [])]
    if edits:
        strong.append(context.make("original.c2pa_edited", actions=_join(edits), generator=params["generator"]))
        return
    actions = _join(report.actions) or unknown
    camera = _camera_signed(report, rules, sources)
    if report.trust_list and camera:
        strong.append(context.make("original.c2pa_camera", actions=actions, trust_list=report.trust_list,
                                   trust_text=_label(context, "trust_list." + report.trust_list), **params))
    elif report.trust_list:
        weak.append(context.make("original.c2pa_present", generator=params["generator"], actions=actions))
    elif camera:  # the signer's name and the claim are the signer's own words: not proof of a camera
        strong.append(context.make("original.c2pa_camera_unknown", actions=actions, **params))
    else:
        weak.append(context.make("original.c2pa_untrusted", actions=actions, **params))


def _camera_signed(report: C2paReport, rules: Mapping[str, Any], sources: Mapping[str, Any]) -> bool:
    """A camera signed at capture: the source type says captured, or the signer is a camera maker."""
    if any(source_class(name, sources) == "captured" for name in report.source_types):
        return True
    names = " ".join(part for part in (report.signer, report.signer_org, report.generator) if part)
    return any(re.search(rf"(?<![A-Za-z]){re.escape(str(maker))}(?![A-Za-z])", names, re.IGNORECASE)
               for maker in rules.get("camera_signers", []))
