"""Query: listing image -> shortlist by word votes -> ORB matches + RANSAC similarity -> dense check.

A listing image may hold several originals (a collage) or one original among page furniture (a
screenshot): every geometric match claims a part of the listing, matches claiming the same part compete
(near-identical frames), and each part is ranked on its own. The pixel check (`verify`) decides between
competitors; when the runner-up is within the measured margin the part is `ambiguous` and both are shown.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

from core.base.findings import Finding, FindingFactory
from core.base.rules import Profile, check_table, from_table, load_profile
from core.matching import features, verify
from core.matching.index import Entry, MatchIndex, load_grey
from core.photo.decode import NotDecoded, sniff_file

QUERY_FEATURES = 2000
SHORTLIST = 40
SHORTLIST_FLOOR = 0.3  # photos voted under 30% of the best that fits are not placed (a collage cell can vote low)
SIDE_FLOOR = 0.8  # a side (as is / mirrored) voted under 80% of the other is not placed
RATIO = 0.8
VERIFY_AREA = 900 * 675
CONTENDERS = 6


@dataclass(frozen=True)
class MatchSettings:
    min_query_edge: int = 100
    min_contrast: float = 3.0
    top: int = 5
    margin: float = 0.01
    margin_per_missing: float = 0.10
    min_explained: float = 0.25
    min_inliers: int = 12

    @classmethod
    def from_profile(cls, profile: Profile) -> MatchSettings:
        table = check_table(profile, "matching")
        return from_table(cls, {**table.get("query", {}), **table.get("decision", {})})


@dataclass
class Geo:
    """One library photo placed on the listing image by a similarity transform."""

    path: str
    mirrored: bool
    inliers: int
    A: NDArray[np.float64]  # 2x3: the photo's working picture -> the listing's working picture
    quad: NDArray[np.float32]  # the photo's outline on the listing (working pixels)
    box: tuple[float, float, float, float]  # the part of the listing it covers (x0, y0, x1, y1)
    work: tuple[int, int]
    width: int  # the original's displayed size
    height: int
    score: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Candidate:
    path: str
    score: float
    mirrored: bool
    region: list[int]  # [x, y, w, h] of the original (displayed pixels) the listing shows
    listing_region: list[int]  # [x, y, w, h] of the listing image this original explains
    part: int  # which part of the listing (collages have several)
    reasons: list[str]
    explained: float
    inliers: int
    transform: list[list[float]]  # 2x3: original displayed pixels -> listing pixels
    size: tuple[int, int]  # the original's displayed width and height

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "score": round(self.score, 3), "mirrored": self.mirrored, "region": self.region,
                "listing_region": self.listing_region, "part": self.part, "reasons": self.reasons,
                "explained": round(self.explained, 3), "inliers": self.inliers}


@dataclass
class MatchResult:
    query: str
    candidates: list[Candidate] = field(default_factory=list)
    ambiguous: bool = False
    findings: list[Finding] = field(default_factory=list)
    query_size: tuple[int, int] = (0, 0)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "candidates": [c.to_json() for c in self.candidates],
                "ambiguous": self.ambiguous, "findings": [f.to_json() for f in self.findings]}


def load_query(path: Path) -> NDArray[np.uint8]:
    """The listing image upright in grey, transparency laid on white. NotDecoded when it is no image."""
    kind = sniff_file(path)
    if kind == "unknown":
        raise NotDecoded("not_image", "not an image")
    if kind == "heic":
        from core.photo.readers.heif import register_opener

        register_opener()
    try:
        with Image.open(path) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
            if image.mode in ("RGBA", "LA", "P", "PA"):
                rgba = image.convert("RGBA")
                image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
            return np.asarray(image.convert("L"))
    except Image.DecompressionBombError as error:
        raise NotDecoded("too_many_pixels", str(error)) from error
    except Exception as error:  # any decoder failure: cut short, unsupported, damaged
        raise NotDecoded("damaged", f"{type(error).__name__}: {error}") from error


def working(grey: NDArray[np.uint8]) -> tuple[NDArray[np.uint8], float]:
    """The listing at about 800 x 600 px (small ones enlarged up to 2.5x), long side at most 1600."""
    h, w = grey.shape
    scale = min(max((800 * 600 / (w * h)) ** 0.5, 1.0), 1600 / max(w, h), 2.5)
    if abs(scale - 1) < 1e-3:
        return grey, 1.0
    size = (round(w * scale), round(h * scale))
    resized: Any = cv2.resize(grey, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    return resized, scale


def _numbers(words: Any, cache: dict[str, Any]) -> NDArray[np.int64]:
    """Posting id -> photo number (-1: replaced, forgotten or not asked for), kept across queries."""
    key = ("numbers", words.version, len(words.paths))
    if cache.get("key") != key:
        top = int(words.ids.max()) + 1 if len(words.ids) else 1
        numbers = np.full(top, -1, dtype=np.int64)
        numbers[words.ids] = np.arange(len(words.paths))
        cache.update(key=key, numbers=numbers, norm=np.sqrt(np.maximum(words.counts.astype(np.float64), 50)))
    return cast(NDArray[np.int64], cache["numbers"])


def _weights(query_words: NDArray[np.uint32], idf: NDArray[np.float32]) -> NDArray[np.float32]:
    weight = np.zeros(features.VOCABULARY, dtype=np.float32)
    wanted = query_words.ravel()
    weight[wanted] = idf[wanted]
    return weight


def shortlist(index: MatchIndex, words: Any, sides: dict[bool, NDArray[np.uint32]], cache: dict[str, Any]
              ) -> list[tuple[int, float, list[bool]]]:
    """The best-voted photos, best first (idf-weighted word hits, normalised by the photo's word count), each
    with its votes and the sides (as is, mirrored) worth placing: a side whose own votes are well below the
    other's is skipped (placing is the query's main cost). Only the posting lists of the query's own words are
    read (the index's `postings` table), so the cost follows the hits, not the library's size. Where to stop
    is `place_all`'s choice: it knows which photos really fit."""
    if not words.paths:
        return []
    n = len(words.paths)
    numbers = _numbers(words, cache)
    wanted = np.unique(np.concatenate([found.ravel() for found in sides.values()]))
    posted = index.postings(wanted)
    owner = numbers[np.minimum(posted.ids, len(numbers) - 1)]
    owner[posted.ids >= len(numbers)] = -1
    which = np.repeat(np.arange(len(wanted)), np.diff(posted.starts))  # query word of each posting
    live = owner >= 0
    owner, which = owner[live], which[live]
    # log1p: a word every photo has still counts a little (a two-photo library of one burst must still vote);
    # occurrences rather than distinct photos, as a word repeated inside one photo is rare enough not to matter
    df = np.bincount(which, minlength=len(wanted)).astype(np.float32)
    idf = np.zeros(features.VOCABULARY, dtype=np.float32)
    idf[wanted] = np.log1p((n + 1) / (df + 1)).astype(np.float32)
    side_weights = {side: _weights(found, idf) for side, found in sides.items()}
    both = side_weights[False] + side_weights[True]
    total = np.bincount(owner, weights=both[wanted][which], minlength=n) / cache["norm"]
    top = [int(i) for i in np.argsort(-total, kind="stable")[:SHORTLIST] if total[i] > 0]
    if not top:
        return []
    chosen = []
    for number in top:
        rows = index.photo_words(words.paths[number])
        per_side = {side: float(weight[rows].sum()) for side, weight in side_weights.items()}
        strongest = max(per_side.values())
        chosen.append((number, float(total[number]),
                       [side for side in (False, True) if per_side[side] >= SIDE_FLOOR * strongest]))
    return chosen


def _place(found: features.Features, entry: Entry, matcher: Any, min_inliers: int
           ) -> tuple[NDArray[np.float64], int] | None:
    if len(entry.desc) < 8 or len(found) < 8:
        return None
    pairs = matcher.knnMatch(entry.desc, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < RATIO * p[1].distance]
    if len(good) < min_inliers:
        return None
    src = entry.xy[[m.queryIdx for m in good]]
    dst = found.xy[[m.trainIdx for m in good]]
    A, mask = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=6.0, maxIters=2000,
                                          confidence=0.995)
    if A is None or mask is None:
        return None
    inliers = np.flatnonzero(mask.ravel())
    unique = len({good[i].trainIdx for i in inliers})  # one listing point may not back several matches
    scale = math.hypot(A[0, 0], A[1, 0])
    if unique < min_inliers or not 0.05 < scale < 20:
        return None
    return A.astype(np.float64), unique


def _box(quad: NDArray[np.float32], size: tuple[int, int]) -> tuple[float, float, float, float]:
    x0, y0 = np.clip(quad.min(axis=0), 0, None)
    x1, y1 = quad.max(axis=0)
    return float(x0), float(y0), float(min(x1, size[0])), float(min(y1, size[1]))


def _iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / union if union > 0 else 0.0


def _matchers(sides: dict[bool, features.Features]) -> dict[bool, Any]:
    made = {}
    for side, found in sides.items():
        matcher = cv2.FlannBasedMatcher({"algorithm": 6, "table_number": 6, "key_size": 12, "multi_probe_level": 1},
                                        {"checks": 32})
        if len(found):
            matcher.add([found.desc])
            matcher.train()
        made[side] = matcher
    return made


def place_all(index: MatchIndex, grey: NDArray[np.uint8], settings: MatchSettings, paths: set[str] | None,
              cache: dict[str, Any]) -> list[Geo]:
    """Every library photo the shortlist names that a similarity transform puts on the listing."""
    sides = {False: features.extract(grey, QUERY_FEATURES, grid=6),
             True: features.extract(np.ascontiguousarray(grey[:, ::-1]), QUERY_FEATURES, grid=6)}
    words = index.words(paths)
    query_words = {side: features.words(found.desc) for side, found in sides.items()}
    matchers = _matchers(sides)
    size = (int(grey.shape[1]), int(grey.shape[0]))
    flip = np.array([[-1, 0, size[0] - 1], [0, 1, 0], [0, 0, 1]], float)
    placed: list[Geo] = []
    # The floor is relative to the best-voted photo that really fits, not to the best-voted one: UI text and
    # shop banners around a screenshot or a sale card vote for pictures with text in them, which then fail to
    # fit, and a floor from their votes cut off the true original (corpus frames in a 1688 page screenshot).
    fitted_votes: float | None = None
    for number, votes, worth in shortlist(index, words, query_words, cache):
        if fitted_votes is not None and votes < SHORTLIST_FLOOR * fitted_votes:
            break
        entry = index.entry(words.paths[number])
        if entry is None:
            continue
        best: Geo | None = None
        for mirrored in worth:
            found = sides[mirrored]
            fit = _place(found, entry, matchers[mirrored], settings.min_inliers)
            if fit is None:
                continue
            A, inliers = fit
            if mirrored:  # back to the listing as it is: x -> width - 1 - x
                A = (flip @ np.vstack([A, [0, 0, 1]]))[:2]
            w, h = entry.work
            corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
            quad = (corners @ A[:, :2].T + A[:, 2]).astype(np.float32)
            if best is None or inliers > best.inliers:
                best = Geo(entry.path, mirrored, inliers, A, quad, _box(quad, size), entry.work, entry.width,
                           entry.height)
        if best is not None:
            placed.append(best)
            fitted_votes = votes if fitted_votes is None else fitted_votes
    return placed


def parts(placed: list[Geo]) -> list[list[Geo]]:
    """Group placements by the part of the listing they cover (strongest first)."""
    groups: list[list[Geo]] = []
    for geo in sorted(placed, key=lambda g: -g.inliers):
        for group in groups:
            if _iou(group[0].box, geo.box) > 0.6:
                group.append(geo)
                break
        else:
            groups.append([geo])
    return groups


def _decoder() -> Callable[[str], NDArray[np.uint8] | None]:
    def load(path: str) -> NDArray[np.uint8] | None:
        try:
            return load_grey(path, VERIFY_AREA).grey
        except NotDecoded:
            return None
    return load


def _candidate(geo: Geo, part: int, scale: float, labels: Any) -> Candidate:
    """The user-facing numbers: regions in the original's displayed pixels and the listing's own pixels."""
    k = geo.width / max(1, geo.work[0])  # working picture -> displayed original
    to_listing = np.diag([1 / scale, 1 / scale, 1]) @ np.vstack([geo.A, [0, 0, 1]]) @ np.diag([1 / k, 1 / k, 1])
    x0, y0, x1, y1 = (v / scale for v in geo.box)
    inverse = np.linalg.inv(to_listing)
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], float) @ inverse.T
    ox0, oy0 = np.clip(corners[:, :2].min(axis=0), 0, [geo.width, geo.height])
    ox1, oy1 = np.clip(corners[:, :2].max(axis=0), 0, [geo.width, geo.height])
    region = [int(ox0), int(oy0), int(ox1 - ox0), int(oy1 - oy0)]
    share = region[2] * region[3] / max(1, geo.width * geo.height)
    linear = to_listing[:2, :2]
    zoom = math.sqrt(abs(np.linalg.det(linear)))
    unflipped = linear @ np.diag([-1.0, 1.0]) if geo.mirrored else linear
    angle = math.degrees(math.atan2(unflipped[1, 0], unflipped[0, 0]))
    explained = float(geo.details.get("explained", geo.score))
    reasons = [labels.label("match.reason.explains", explained=round(explained * 100)),
               labels.label("match.reason.share", share=round(share * 100)),
               labels.label("match.reason.scaled", scale=round(zoom * 100), angle=round(angle, 1) + 0.0)]  # no "-0.0°"
    if geo.mirrored:
        reasons.append(labels.label("match.reason.mirrored"))
    return Candidate(geo.path, geo.score, geo.mirrored, region,
                     [int(x0), int(y0), int(x1 - x0), int(y1 - y0)], part, reasons, explained, geo.inliers,
                     to_listing[:2].round(6).tolist(), (geo.width, geo.height))


def match_image(path: str | os.PathLike[str], index: MatchIndex, *, profile: Profile | None = None,
                lang: str | None = None, paths: set[str] | None = None, top: int | None = None,
                cache: dict[str, Any] | None = None) -> MatchResult:
    """Rank the library photos (all indexed, or only `paths`) the listing image at `path` was made from.
    Never raises for a bad query: the result carries the finding."""
    profile = profile or load_profile()
    settings = MatchSettings.from_profile(profile)
    factory: FindingFactory = profile.findings(lang)
    labels = factory.catalog
    result = MatchResult(os.fspath(path))
    cache = cache if cache is not None else {}
    try:
        grey0 = load_query(Path(path))
    except NotDecoded as error:
        result.findings.append(factory.make("file.unreadable", reason=error.reason,
                                            reason_text=labels.label("reason." + error.reason)))
        return result
    height, width = grey0.shape
    result.query_size = (width, height)
    if min(width, height) < settings.min_query_edge:
        result.findings.append(factory.make("match.query_too_small", width=width, height=height))
        return result
    if float(grey0.std()) < settings.min_contrast:
        result.findings.append(factory.make("match.query_blank"))
        return result
    photos = index.count() if paths is None else len(index.words(paths).paths)
    if photos == 0:
        result.findings.append(factory.make("match.library_empty"))
        return result
    grey, scale = working(grey0)
    decode = _decoder()
    part_number = 0
    for group in parts(place_all(index, grey, settings, paths, cache)):
        contenders = [g for g in group if g.inliers >= max(settings.min_inliers, 0.25 * group[0].inliers)]
        contenders = contenders[:CONTENDERS]
        verify.verify(grey, contenders, decode)
        ranked = sorted((g for g in contenders if g.details.get("explained", 0) >= settings.min_explained),
                        key=lambda g: g.details.get("rank", 99))
        if not ranked:
            continue
        part_number += 1
        chosen = ranked[: max(1, top or settings.top)]
        best = chosen[0].score
        if len(chosen) > 1 and chosen[1].score >= best - (settings.margin + settings.margin_per_missing * (1 - best)):
            result.ambiguous = True
            result.findings.append(factory.make("match.ambiguous", first=os.path.basename(chosen[0].path),
                                                second=os.path.basename(chosen[1].path)))
        result.candidates.extend(_candidate(g, part_number, scale, labels) for g in chosen)
    if not result.candidates:
        result.findings.append(factory.make("match.no_match", photos=photos))
    return result
