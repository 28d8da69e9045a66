"""Finding a ballot's alignment marks on a page and registering it (any rotation, slight skew, scale, warp)."""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable

from PIL import Image, ImageFilter

from app.core.scan.geometry import Homography, Point, distance

COARSE_DPI = 75  # marks are looked for at about three pixels a millimetre
_MM = 25.4


@dataclass(frozen=True)
class Blob:
    x: float  # centre, page pixels
    y: float
    area: int  # pixels at the coarse scale


def paper_level(img: Image.Image) -> int:
    """The page's paper grey: the level below which 70 % of the pixels lie (a ballot is mostly paper)."""
    hist, total, seen = img.histogram(), img.size[0] * img.size[1], 0
    for level in range(256):
        seen += hist[level]
        if seen >= total * 0.7:
            return max(level, 60)
    return 255


def _binary(img: Image.Image, threshold: int) -> Image.Image:
    return img.point(lambda v: 0 if v < threshold else 255)


def _components(data: bytes, w: int, h: int) -> list[list[int]]:
    """4-connected groups of dark (0) pixels, as flat indices."""
    seen = bytearray(len(data))
    out = []
    for start in (i for i, v in enumerate(data) if v == 0):
        if seen[start]:
            continue
        seen[start], stack, comp = 1, [start], []
        while stack:
            i = stack.pop()
            comp.append(i)
            x = i % w
            for j in (i - w, i + w, i - 1 if x else -1, i + 1 if x < w - 1 else -1):
                if 0 <= j < len(data) and not seen[j] and data[j] == 0:
                    seen[j] = 1
                    stack.append(j)
        out.append(comp)
    return out


def _blobs(img: Image.Image, dpi: float, mark_mm: float) -> list[Blob]:
    """Solid squares about the size of a large mark, at the coarse scale (lines and text are eroded away)."""
    f = max(1, round(dpi / COARSE_DPI))
    small = img.reduce(f) if f > 1 else img
    ppm = dpi / f / _MM
    side = mark_mm * ppm
    k = max(3, int(side * 0.6) | 1)
    eroded = _binary(small, paper_level(small) * 55 // 100).filter(ImageFilter.MaxFilter(k))
    w, h = eroded.size
    left = max(1.0, side - k + 1)  # the side of a mark after erosion
    out = []
    for comp in _components(eroded.tobytes(), w, h):
        xs, ys = [i % w for i in comp], [i // w for i in comp]
        bw, bh = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
        if not (0.5 * left * left <= len(comp) <= 2.5 * left * left + 4):
            continue
        if max(bw, bh) > 2.2 * min(bw, bh) or len(comp) < 0.45 * bw * bh:
            continue
        # Centre of the eroded square = centre of the mark; back to page pixels (pixel centres).
        out.append(Blob((sum(xs) / len(xs) + 0.5) * f, (sum(ys) / len(ys) + 0.5) * f, len(comp)))
    return out


@dataclass(frozen=True)
class Found:
    """A ballot found on a page: its marks' centres in page pixels (tl, tr, bl, br) and the map to them."""

    marks: tuple[Point, Point, Point, Point]
    to_page: Homography  # ballot millimetres -> page pixels


def _triples(blobs: list[Blob], across: float, down: float) -> list[tuple[float, tuple[Blob, Blob, Blob]]]:
    """(error, (tl, tr, bl)) for each right-angled triple with the ballot's proportions, best first."""
    want = across / down
    out = []
    for a, b, c in itertools.permutations(blobs, 3):
        ab, ac = (b.x - a.x, b.y - a.y), (c.x - a.x, c.y - a.y)
        lab, lac = math.hypot(*ab), math.hypot(*ac)
        if lab < 5 or lac < 5:
            continue
        cross = ab[0] * ac[1] - ab[1] * ac[0]  # > 0: tr then bl clockwise in image coordinates (y down)
        cos = (ab[0] * ac[0] + ab[1] * ac[1]) / (lab * lac)
        ratio = (lab / lac) / want
        if cross <= 0 or abs(cos) > 0.2 or not 0.85 < ratio < 1.15:
            continue
        out.append((abs(cos) + abs(ratio - 1), (a, b, c)))
    return sorted(out, key=lambda t: t[0])


def _refine(img: Image.Image, p: Point, ppm: float, side_mm: float, reach: float = 1.6) -> Point | None:
    """The centre of the solid square nearest ``p`` (within ``reach`` mm) at full resolution, lines eroded away."""
    r = (side_mm / 2 + reach) * ppm
    box = (int(p[0] - r), int(p[1] - r), int(p[0] + r) + 1, int(p[1] + r) + 1)
    crop = img.crop(box)
    k = max(3, int(0.8 * ppm) | 1)
    eroded = _binary(crop, paper_level(img.crop((box[0] - int(r), box[1] - int(r), box[2] + int(r), box[3] + int(r))))
                     * 55 // 100).filter(ImageFilter.MaxFilter(k))
    w, h = eroded.size
    best: list[int] | None = None
    want = max(1.0, side_mm * ppm - k + 1) ** 2
    low, high = (0.35, 2.2) if reach < 3 else (0.55, 1.7)  # far from the guess: only a square of the right size
    for comp in _components(eroded.tobytes(), w, h):
        if not low * want <= len(comp) <= high * want or (reach >= 3 and not _square(comp, w)):
            continue
        if best is None or distance(_centre(comp, w), (w / 2, h / 2)) < distance(_centre(best, w), (w / 2, h / 2)):
            best = comp
    if best is None:
        return None
    cx, cy = _centre(best, w)
    return box[0] + cx + 0.5, box[1] + cy + 0.5


def _square(comp: list[int], w: int) -> bool:
    """A solid square fills its bounding box (a round dot of ink fills about 79 % of it)."""
    xs, ys = [i % w for i in comp], [i // w for i in comp]
    bw, bh = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    return len(comp) >= 0.7 * bw * bh and max(bw, bh) <= 1.5 * min(bw, bh)


def _centre(comp: list[int], w: int) -> Point:
    return sum(i % w for i in comp) / len(comp), sum(i // w for i in comp) / len(comp)


def find_ballots(img: Image.Image, dpi: float, layout: dict[str, Any],
                 accept: Callable[[Found], bool] = lambda _f: True) -> list[Found]:
    """Every ballot of this layout on the page (one, or several on a sheet not yet cut) that ``accept`` takes."""
    marks = layout["marks"]
    big, small = layout["mark"]
    tl, tr, bl, br = (tuple(marks[k]) for k in ("tl", "tr", "bl", "br"))
    across, down = distance(tl, tr), distance(tl, bl)  # type: ignore[arg-type]
    blobs = _blobs(img, dpi, big)
    ppm = dpi / _MM
    found: list[Found] = []
    used: set[int] = set()
    for _err, (a, b, c) in _triples(blobs, across, down):
        if {id(a), id(b), id(c)} & used:
            continue
        scale = distance((a.x, a.y), (b.x, b.y)) / across  # page pixels per ballot millimetre
        if not 0.6 * ppm < scale < 1.6 * ppm:
            continue
        got = _register(img, (a, b, c), scale, (big, small), (tl, tr, bl, br))  # type: ignore[arg-type]
        if got is not None and accept(got):
            found.append(got)
            used |= {id(a), id(b), id(c)}
    return found


def _register(img: Image.Image, abc: tuple[Blob, Blob, Blob], scale: float, sides: tuple[float, float],
              ballot: tuple[Point, Point, Point, Point]) -> Found | None:
    """Refine the three large marks, find the small one where they put it, and map the ballot onto the page."""
    found = [_refine(img, (m.x, m.y), scale, sides[0]) for m in abc]
    pts = [p for p in found if p is not None]
    if len(pts) < 3:
        return None
    ptl, ptr, pbl = pts
    corner = (ptr[0] + pbl[0] - ptl[0], ptr[1] + pbl[1] - ptl[1])
    guess = Homography.from_points([ballot[0], ballot[1], ballot[2], (ballot[1][0], ballot[2][1])],
                                   [ptl, ptr, pbl, corner])
    # A phone's slant moves the fourth corner from where three marks put it (11 mm on a tall ballot): look 16 mm
    # around; the reader then checks the ballot's border lies where the four marks put it.
    pbr = _refine(img, guess(*ballot[3]), scale, sides[1]) or _refine(img, guess(*ballot[3]), scale, sides[1], 16)
    if pbr is None or distance(pbr, guess(*ballot[3])) > 18 * scale:
        return None
    marks = (ptl, ptr, pbl, pbr)
    return Found(marks, Homography.from_points(list(ballot), list(marks)))  # type: ignore[arg-type]
