"""Dense check: warp each contender onto the listing image and count the blocks it reproduces.

Local features say *where* a photo sits in the listing; they cannot tell a frame from its neighbour in
a burst (both give hundreds of inliers). Comparing pixels can: the true frame reproduces every block
the thief kept (up to JPEG noise, watermark text and a brightness/contrast change), a neighbour fails
where the object moved, where the frame edge shifted, or where the light changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Arr = NDArray[Any]

COMPARE_EDGE = 640
BLOCK = 16
BLUR = 1.5
TAU_NCC = 0.55
TAU_LEVEL = 10.0  # grey levels after the gain/offset fit
TAU_FLAT = 4.0
MIN_VALID = 0.8
RATIO_WORSE = 1.5
FLOOR = 2.0
LOSS_WEIGHT = 1.0
TEXTURE_SLACK = 0.1
DIFF_FLOOR = 3.0
DIFF_SLACK = 0.25


def _blocks(a: Arr, b: int) -> Arr:
    h, w = a.shape[0] // b, a.shape[1] // b
    return a[: h * b, : w * b].reshape(h, b, w, b).swapaxes(1, 2).reshape(h, w, b * b)


def _stats(img: Arr) -> tuple[Arr, Arr, Arr]:
    blk = _blocks(img, BLOCK)
    mean = blk.mean(axis=2)
    centred = blk - mean[..., None]
    std = np.sqrt((centred ** 2).mean(axis=2))
    return mean, std, centred


def _fit(x: Arr, y: Arr) -> tuple[float, float]:
    """Robust y ~ a*x + b (brightness/contrast change), refit on the blocks that agree."""
    if x.size < 4:
        return 1.0, 0.0
    keep = np.ones(x.size, bool)
    a, b = 1.0, 0.0
    for _ in range(3):
        if keep.sum() < 4:
            break
        a, b = np.polyfit(x[keep], y[keep], 1)
        r = np.abs(y - (a * x + b))
        keep = r <= max(2.5 * float(np.median(r)), 2.0)
    return float(a), float(b)


def verify(query: Arr, contenders: list[Any], decode: Callable[[str], Arr | None]
           ) -> None:
    """Score each contender (`score`, `details`) by the share of listing blocks it reproduces, less the
    blocks where a rival reproduces the listing clearly better; rank them in `details["rank"]`."""
    if not contenders:
        return
    x0 = min(g.box[0] for g in contenders)
    y0 = min(g.box[1] for g in contenders)
    x1 = max(g.box[2] for g in contenders)
    y1 = max(g.box[3] for g in contenders)
    c = min(1.0, COMPARE_EDGE / max(x1 - x0, y1 - y0, 1))
    cw, ch = max(BLOCK, int((x1 - x0) * c)), max(BLOCK, int((y1 - y0) * c))
    T = np.array([[c, 0, -x0 * c], [0, c, -y0 * c], [0, 0, 1]], float)
    q = cv2.warpAffine(query.astype(np.float32), T[:2], (cw, ch), flags=cv2.INTER_AREA if c < 1 else cv2.INTER_LINEAR)
    if c < 0.8:
        q = cv2.resize(query[int(y0):int(y1) + 1, int(x0):int(x1) + 1].astype(np.float32), (cw, ch),
                       interpolation=cv2.INTER_AREA)
    q = cv2.GaussianBlur(q, (0, 0), BLUR)
    qm, qs, qc = _stats(q)
    per: list[dict[str, Any]] = []
    for g in contenders:
        orig = decode(g.path)
        if orig is None:
            per.append({})
            continue
        w, h = g.work
        k = orig.shape[1] / w
        M = T @ np.vstack([g.A, [0, 0, 1]]) @ np.diag([1 / k, 1 / k, 1])
        s = float(np.sqrt(abs(np.linalg.det(M[:2, :2]))))
        src: Arr = orig.astype(np.float32)
        if s < 0.8:  # shrink first: warpAffine would alias
            src = cv2.resize(src, (max(1, int(orig.shape[1] * s)), max(1, int(orig.shape[0] * s))),
                             interpolation=cv2.INTER_AREA)
            M = M @ np.diag([orig.shape[1] / src.shape[1], orig.shape[0] / src.shape[0], 1])
        warped = cv2.warpAffine(src, M[:2], (cw, ch), flags=cv2.INTER_LINEAR, borderValue=0)
        valid = cv2.warpAffine(np.ones(src.shape, np.float32), M[:2], (cw, ch), flags=cv2.INTER_NEAREST,
                               borderValue=0)
        M = refine(q, cv2.GaussianBlur(warped, (0, 0), 1.0), valid, M)
        warped = cv2.warpAffine(src, M[:2], (cw, ch), flags=cv2.INTER_LINEAR, borderValue=0)
        valid = cv2.warpAffine(np.ones(src.shape, np.float32), M[:2], (cw, ch), flags=cv2.INTER_NEAREST,
                               borderValue=0)
        valid = cv2.erode(valid, np.ones((5, 5), np.uint8))
        warped = cv2.GaussianBlur(warped, (0, 0), BLUR)
        wm, ws, wc = _stats(warped)
        vf = _blocks(valid, BLOCK).mean(axis=2)
        per.append({"wm": wm, "ws": ws, "wc": wc, "vf": vf, "g": g, "M": M, "w": warped, "valid": valid})
    union = np.zeros(qm.shape, bool)
    for p in per:
        if p:
            union |= p["vf"] >= MIN_VALID
    total = max(1, int(union.sum()))
    for p in per:
        g = p.get("g")
        if g is None:
            continue
        ok = (p["vf"] >= MIN_VALID) & union
        a, b = _fit(p["wm"][ok], qm[ok])
        level = np.abs(qm - (a * p["wm"] + b))
        denom = np.maximum(qs * p["ws"], 1e-3) * BLOCK * BLOCK
        ncc = (qc * p["wc"]).sum(axis=2) / denom
        flat = (qs < TAU_FLAT) & (abs(a) * p["ws"] < TAU_FLAT)
        texture = flat | ((qs >= TAU_FLAT) & (ncc > TAU_NCC))
        agree = ok & (level < TAU_LEVEL) & texture
        g.score = float(agree.sum() / total)
        g.details = {"gain": a, "offset": b, "blocks": total, "ncc_med": float(np.median(ncc[ok])) if ok.any() else 0}
        p["agree"] = agree
        p["ncc"] = ncc
        p["level"] = level
    live = [p for p in per if p.get("g") is not None]
    for p in live:
        d = p["g"].details
        fitted = d["gain"] * p["w"] + d["offset"]
        res = (q - fitted) ** 2
        p["r"] = np.sqrt(_blocks(res.astype(np.float32), BLOCK).mean(axis=2))
        p["ok"] = (p["vf"] >= MIN_VALID) & union
        d["explained"] = p["g"].score
    # pairwise: blocks where one contender reproduces the listing clearly better than the other
    for p in live:
        p["lost"] = np.zeros(union.shape, bool)
    for i, first in enumerate(live):
        for second in live[i + 1:]:
            da, db = first["g"].details, second["g"].details
            diff = (da["gain"] * first["w"] + da["offset"]) - (db["gain"] * second["w"] + db["offset"])
            apart = np.sqrt(_blocks((diff * diff).astype(np.float32), BLOCK).mean(axis=2))
            # only where the two frames themselves differ: the same content a fraction of a pixel
            # apart is alignment noise, not evidence
            both = first["ok"] & second["ok"] & (apart > DIFF_FLOOR + DIFF_SLACK * qs)
            floor = FLOOR + TEXTURE_SLACK * qs  # a sharp edge a fraction of a pixel off is not a difference
            first_alone = first["ok"] & ~second["ok"] & first["agree"]  # the other frame does not reach here
            second_alone = second["ok"] & ~first["ok"] & second["agree"]
            a_better = both & (second["r"] > RATIO_WORSE * first["r"] + floor) | first_alone
            b_better = both & (first["r"] > RATIO_WORSE * second["r"] + floor) | second_alone
            second["lost"] |= a_better
            first["lost"] |= b_better
    for p in live:
        lost = float(p["lost"].sum()) / total
        p["g"].details["lost"] = lost
        p["g"].score = max(0.0, p["g"].details["explained"] - LOSS_WEIGHT * lost)
    live.sort(key=lambda p: -p["g"].score)
    for rank, p in enumerate(live):
        p["g"].details["rank"] = rank
        p["g"].details["z"] = p["g"].details["lost"]


def refine(q: Arr, warped: Arr, valid: Arr,
           M: Arr) -> Arr:
    """Sub-pixel alignment (ECC at half size, affine): feature estimates are off by ~0.5 px, which a
    pixel comparison would read as a difference."""
    half_q = cv2.resize(q, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    half_w = cv2.resize(warped, (half_q.shape[1], half_q.shape[0]), interpolation=cv2.INTER_AREA)
    mask = (cv2.resize(valid, (half_q.shape[1], half_q.shape[0])) > 0.99).astype(np.uint8)
    try:
        _, E = cv2.findTransformECC(half_q, half_w, np.eye(2, 3, dtype=np.float32), cv2.MOTION_AFFINE,
                                    (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 40, 1e-5), mask, 3)
    except cv2.error:
        return M
    E = E.astype(np.float64)
    E[:, 2] *= 2
    if np.abs(E[:, 2]).max() > 8 or np.abs(E[:, :2] - np.eye(2)).max() > 0.03:
        return M  # ECC wandered off: keep the feature estimate
    E3 = np.vstack([E, [0, 0, 1]])
    refined = np.linalg.inv(E3) @ M
    # keep the refinement only when it brings the pictures closer (ECC can settle on a worse optimum)
    before = _misfit(half_q, half_w, mask)
    moved = cv2.warpAffine(half_w, E.astype(np.float32) * np.array([[1, 1, 0.5], [1, 1, 0.5]], np.float32),
                           (half_q.shape[1], half_q.shape[0]), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    after = _misfit(half_q, moved, mask)
    return refined if after < before else M


def _misfit(a: Arr, b: Arr, mask: Arr) -> float:
    m = mask > 0
    if m.sum() < 16:
        return float("inf")
    x, y = b[m], a[m]
    gain, off = np.polyfit(x, y, 1)
    return float(np.mean((y - (gain * x + off)) ** 2))
