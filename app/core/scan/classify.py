"""One mark box read as ○ (yes), × (no), empty, or doubtful: certain only when the shape leaves no doubt."""
from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

YES, NO, EMPTY, DOUBT = "yes", "no", "empty", "doubt"
INK = 0.62  # darker than this share of the paper's grey is ink
FAINT = 0.86  # darker than this (but not ink) is a trace: an erasure, a light pencil
TRACE = 0.6  # mm² of trace away from the ink make a box doubtful


@dataclass(frozen=True)
class BoxRead:
    """What one box holds; ``why`` names the doubt for the reviewer, ``sig`` the mark's shape (duplicate sheets)."""

    state: str
    why: str = ""
    sig: tuple[int, ...] = ()


def _levels(crop: Image.Image) -> tuple[int, int]:
    """(ink, faint) thresholds from the box's own paper: the level 85 % of its pixels reach."""
    hist, total, seen = crop.histogram(), crop.size[0] * crop.size[1], 0
    paper = 255
    for level in range(255, -1, -1):
        seen += hist[level]
        if seen >= total * 0.25:
            paper = max(level, 90)
            break
    return int(paper * INK), int(paper * FAINT)


def _count_dark(img: Image.Image) -> int:
    return img.histogram()[0]


def _groups(ink: list[int], w: int) -> list[list[int]]:
    """8-connected groups of ink pixels."""
    left = set(ink)
    out = []
    while left:
        start = left.pop()
        comp, stack = [start], [start]
        while stack:
            i = stack.pop()
            x = i % w
            for j in (i - w, i + w, i - w - 1, i - 1, i + w - 1, i - w + 1, i + 1, i + w + 1):
                if j in left and abs(j % w - x) <= 1:
                    left.remove(j)
                    comp.append(j)
                    stack.append(j)
        out.append(comp)
    return out


def read_box(crop: Image.Image, ppm: float) -> BoxRead:
    """Classify the inside of one box (``crop``: grey, ``ppm`` pixels a millimetre, grid lines cut away)."""
    ti, tf = _levels(crop)
    ink_img = crop.point(lambda v: 0 if v < ti else 255)
    dark, mm2 = _count_dark(ink_img), ppm * ppm
    faint_img = crop.point(lambda v: 0 if v < tf else 255)
    near = ink_img.filter(ImageFilter.MinFilter(3))  # ink grown by a pixel: a stroke's own soft edge
    trace = _count_dark(ImageChops.lighter(faint_img, ImageChops.invert(near))) / mm2
    if dark / mm2 < 0.35:
        return BoxRead(EMPTY) if trace < 0.3 else BoxRead(DOUBT, "trace")
    if trace >= TRACE:
        return BoxRead(DOUBT, "trace")  # an erasure, or a second, lighter mark
    w = crop.size[0]
    # Pieces are counted on the grown ink, so a thin stroke the threshold broke up stays one stroke.
    grown = near.tobytes()
    pieces = [g for g in _groups([i for i, v in enumerate(grown) if v == 0], w) if len(g) >= 0.4 * mm2]
    data = ink_img.tobytes()
    ink = [i for g in pieces for i in g if data[i] == 0]
    if len(ink) / mm2 < 0.35:
        return BoxRead(DOUBT, "speck")
    return _shape(ink, w, ppm, len(pieces))


def _shape(ink: list[int], w: int, ppm: float, pieces: int) -> BoxRead:
    xs, ys = [i % w for i in ink], [i // w for i in ink]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    bw, bh = (x1 - x0 + 1) / ppm, (y1 - y0 + 1) / ppm
    sig = (round((x0 + x1) / 2 / ppm * 10), round((y0 + y1) / 2 / ppm * 10), round(bw * 10), round(bh * 10),
           round(len(ink) / ppm / ppm * 10))
    if min(bw, bh) < 2.2 or max(bw, bh) / min(bw, bh) > 2.4:
        return BoxRead(DOUBT, "small" if min(bw, bh) < 2.2 else "shape", sig)
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0 + 1) / 2, (y1 - y0 + 1) / 2
    pts = [((x - cx) / rx, (y - cy) / ry) for x, y in zip(xs, ys)]
    if pieces == 1 and _circle(pts, len(ink) / ((x1 - x0 + 1) * (y1 - y0 + 1))):
        return BoxRead(YES, "", sig)
    if pieces <= 2 and _cross(xs, ys, cx, cy, ppm, pts):
        return BoxRead(NO, "", sig)
    return BoxRead(DOUBT, "shape", sig)


def _circle(pts: list[tuple[float, float]], fill: float) -> bool:
    """A closed ring: ink in every direction from the centre, none in the middle, no ink filling it."""
    sectors = [False] * 24
    inner = 0
    for u, v in pts:
        r = math.hypot(u, v)
        if r < 0.5:
            inner += 1
        elif r > 0.55:
            sectors[int((math.atan2(v, u) + math.pi) / (2 * math.pi) * 24) % 24] = True
    gap = run = 0
    for s in sectors + sectors:
        run = 0 if s else run + 1
        gap = max(gap, run)
    return gap <= 1 and inner <= 0.01 * len(pts) and fill < 0.5


def _line(points: list[tuple[int, int]]) -> tuple[float, float, float, float, float]:
    """(length, spread across, angle, mean x, mean y) of the principal axis of a set of pixels."""
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points) / n
    syy = sum((p[1] - my) ** 2 for p in points) / n
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points) / n
    tr, det = sxx + syy, sxx * syy - sxy * sxy
    big = tr / 2 + math.sqrt(max(0.0, tr * tr / 4 - det))
    small = max(0.0, tr - big)
    angle = math.atan2(big - sxx, sxy) if sxy else (0.0 if sxx >= syy else math.pi / 2)
    return math.sqrt(12 * big), math.sqrt(small), angle, mx, my


def _axes_clear(pts: list[tuple[float, float]]) -> bool:
    """The arms of a × run to the corners of its frame: towards the middles of its sides the frame is empty.
    A tick's point, a smile's bottom or a scribble puts ink there."""
    near_axis = 0
    for u, v in pts:
        if 0.7 <= math.hypot(u, v) <= 1.05:
            angle = math.degrees(math.atan2(v, u)) % 90
            near_axis += angle <= 12 or angle >= 78
    return near_axis <= 0.02 * len(pts)


def _off(x: int, y: int, line: tuple[float, float, float, float, float]) -> float:
    """Distance of a pixel from a fitted line."""
    _l, _s, a, mx, my = line
    return abs(-(x - mx) * math.sin(a) + (y - my) * math.cos(a))


def _cross(xs: list[int], ys: list[int], cx: float, cy: float, ppm: float, pts: list[tuple[float, float]]) -> bool:
    """Two straight strokes crossing near the middle, an arm in each quarter, and no ink off the two strokes."""
    down = [(x, y) for (x, y), (u, v) in zip(zip(xs, ys), pts) if u * v > 0]  # top-left to bottom-right
    up = [(x, y) for (x, y), (u, v) in zip(zip(xs, ys), pts) if u * v < 0]
    if len(down) < 4 or len(up) < 4:
        return False
    quads = {(u > 0, v > 0) for u, v in pts if abs(u) > 0.35 and abs(v) > 0.35}
    middle = sum(1 for u, v in pts if abs(u) < 0.3 and abs(v) < 0.3)
    if len(quads) < 4 or middle == 0 or not _axes_clear(pts):
        return False
    diag = math.hypot(max(xs) - min(xs), max(ys) - min(ys))
    lines = [_line(down), _line(up)]
    for length, spread, *_rest in lines:
        if spread > 0.062 * diag + 0.15 * ppm or length < 0.6 * diag:
            return False
    near = 0.75 * ppm
    off = sum(1 for x, y in zip(xs, ys) if min(_off(x, y, lines[0]), _off(x, y, lines[1])) > near)
    between = abs(math.degrees(lines[0][2] - lines[1][2])) % 180
    return off <= 0.012 * len(xs) and 40 <= between <= 140
