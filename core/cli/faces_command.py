"""`app.py faces [--json] PATH...`: visible faces in each photo (count, boxes), and what the model-proof
rule says about it when no model proof is attached yet."""

from __future__ import annotations

import argparse
from typing import Any

from core.base.findings import FindingFactory
from core.base.rules import Profile, load_profile
from core.cli import add_common, print_json
from core.faces.detect import FaceResult, detect_faces, model_proof_findings

NAME = "faces"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        NAME, help="find visible faces (model proof needed)",
        description="Count visible faces; boxes are [x, y, w, h] in pixels of the upright full-size image.")
    add_common(parser)
    parser.add_argument("paths", nargs="+", metavar="PATH")
    return parser


def _findings(result: FaceResult, profile: Profile, factory: FindingFactory) -> list[dict[str, Any]]:
    if not profile.model_proof_when_face:
        return []
    # Outside a case no model proof or declaration covers the photo yet.
    return [finding.to_json() for finding in model_proof_findings(result, False, None, factory)]


def run(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    factory = profile.findings(args.lang)
    rows: list[dict[str, Any]] = []
    for path in args.paths:
        result = detect_faces(path)
        row = result.to_json()
        row["findings"] = _findings(result, profile, factory)
        rows.append(row)
        if not args.json:
            _print_row(result, factory)
    if args.json:
        print_json(rows)
    return 0


def _print_row(result: FaceResult, factory: FindingFactory) -> None:
    labels = factory.catalog
    if result.error is not None:
        reason = labels.label("face_reason." + (result.reason or "damaged"))
        print(f"[{labels.label('faces.not_checked')}] {result.path}: {reason}")
        return
    if result.faces == 0:
        print(f"[{labels.label('faces.none')}] {result.path}")
        return
    print(f"[{result.faces} {labels.label('faces.count')}] {result.path}  ({result.width}x{result.height})")
    for box, score in zip(result.boxes, result.scores, strict=True):
        x, y, w, h = box
        print(f"    x={x} y={y} w={w} h={h}  {score:.2f}")
    for finding in model_proof_findings(result, False, None, factory):
        print(f"    - {finding.code}: {finding.message}")
        if finding.remedy:
            print(f"      -> {finding.remedy}")
