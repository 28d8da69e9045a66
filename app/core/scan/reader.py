"""A page read against a round's ballot layout: find the ballot, check the round's code, read every box."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from app.core.scan.classify import DOUBT, EMPTY, BoxRead, read_box
from app.core.scan.find import Found, find_ballots
from app.core.scan.geometry import Homography

PPM = 5  # the registered ballot is read at five pixels a millimetre (127 dpi)
INSET = 0.8  # mm cut off each side of a box: the printed grid line and a little registration slack
WORK_DPI = 250  # a finer scan is reduced to about 200 dpi first (cheaper; bilinear sampling still sees every stroke)

# Why a page is not read (each named to the operator with the page).
NO_BALLOT, UNCUT, OTHER_ROUND, CODE_UNREADABLE = "no_ballot", "uncut_sheet", "other_round", "code_unreadable"


@dataclass(frozen=True)
class WriteInRead:
    """A write-in row: whether a name is written, and its box."""

    written: bool
    box: BoxRead


@dataclass(frozen=True)
class PageRead:
    """The reading of one page: refused with a reason, or one box per printed name and per write-in row."""

    refused: str = ""
    boxes: tuple[BoxRead, ...] = ()
    write_ins: tuple[WriteInRead, ...] = ()
    found: Found | None = None
    scale: float = 1.0  # page pixels of ``found`` per pixel of the image the reader was given
    code: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def doubts(self) -> int:
        """Boxes and write-in rows a person must decide."""
        return sum(b.state == DOUBT for b in self.boxes) + sum(w.written or w.box.state != EMPTY
                                                               for w in self.write_ins)

    def to_image(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """Where a point of the ballot (mm from its top-left) lies on the page image given to ``read_page``."""
        if self.found is None:
            raise ValueError("page not registered")
        x, y = self.found.to_page(x_mm, y_mm)
        return x * self.scale, y * self.scale


def _work(img: Image.Image, dpi: float) -> tuple[Image.Image, float, float]:
    """The image at no more than WORK_DPI, its dpi, and the factor back to the original's pixels."""
    f = int(dpi // 200) if dpi >= 1.6 * WORK_DPI else 1
    return (img.reduce(f), dpi / f, float(f)) if f > 1 else (img, dpi, 1.0)


def _canonical(img: Image.Image, found: Found, size: list[float]) -> Image.Image:
    w, h = round(size[0] * PPM), round(size[1] * PPM)
    return img.transform((w, h), Image.Transform.PERSPECTIVE, found.to_page.scaled(PPM), Image.Resampling.BILINEAR,
                         fillcolor=255)


def _code(canon: Image.Image, layout: dict[str, Any]) -> int | None:
    """The round's code from its squares; None if any square is neither clearly black nor clearly white."""
    cell = layout["code_cell"] * PPM
    value = 0
    for x, y in layout["code_cells"]:
        cx, cy = x * PPM, y * PPM
        around = canon.crop((round(cx - cell), round(cy - cell), round(cx + cell), round(cy + cell)))
        paper = _paper(around)  # the paper right there: lighting varies over a page
        hist = canon.crop((round(cx - 0.3 * cell), round(cy - 0.3 * cell), round(cx + 0.3 * cell),
                           round(cy + 0.3 * cell))).histogram()
        mean = sum(i * n for i, n in enumerate(hist)) / max(1, sum(hist))
        if mean < paper * 0.5:
            value = value << 1 | 1
        elif mean > paper * 0.8:
            value = value << 1
        else:
            return None
    return value


def _border(img: Image.Image, found: Found, size: list[float]) -> bool:
    """The printed border runs where the four marks put it, along the bottom and the right edge (the last to come
    right when the fourth mark was found far from where the other three put it)."""
    w, h = size
    hits, n = 0, 0
    for t in range(1, 10):
        for x, y, dx, dy in ((w * t / 10, h, 0.0, 1.0), (w, h * t / 10, 1.0, 0.0)):
            n += 1
            seen = []
            for k in range(-10, 11):  # 1 mm either side, every 0.1 mm: the line is 0.3 mm wide
                px, py = found.to_page(x + dx * k / 10, y + dy * k / 10)
                if 0 <= px < img.size[0] and 0 <= py < img.size[1]:
                    seen.append(int(img.getpixel((int(px), int(py)))))  # type: ignore[arg-type]
            hits += bool(seen) and min(seen) < 0.75 * max(seen)  # darker than the paper right beside it
    return hits >= 0.8 * n


def _paper(img: Image.Image) -> int:
    """The grey of the paper: the level the brightest 30 % of the pixels reach."""
    hist, total, seen = img.histogram(), img.size[0] * img.size[1], 0
    for level in range(255, -1, -1):
        seen += hist[level]
        if seen >= total * 0.3:
            return max(level, 60)
    return 255


def _inside(canon: Image.Image, rect: list[float]) -> Image.Image:
    x0, y0, x1, y1 = rect
    return canon.crop((round((x0 + INSET) * PPM), round((y0 + INSET) * PPM), round((x1 - INSET) * PPM),
                       round((y1 - INSET) * PPM)))


def _written(crop: Image.Image) -> bool:
    """Anything written in a write-in name cell (a person reads it: every write-in goes to review)."""
    return read_box(crop, PPM).state != EMPTY


def read_page(img: Image.Image, dpi: float, layout: dict[str, Any]) -> PageRead:
    """Read one page (grey ``img`` at ``dpi``) as a ballot of ``layout``; refused pages say why."""
    work, wdpi, back = _work(img, dpi)
    canons: dict[int, tuple[Image.Image, int | None]] = {}

    def coded(f: Found) -> bool:  # marks that happen to line up are not a ballot: it has a code and a border
        canon = _canonical(work, f, layout["size"])
        canons[id(f)] = canon, _code(canon, layout) if _border(work, f, layout["size"]) else None
        return canons[id(f)][1] is not None

    found = find_ballots(work, wdpi, layout, coded)
    if not found:
        return PageRead(CODE_UNREADABLE if canons else NO_BALLOT)
    if len(found) > 1:
        return PageRead(UNCUT, extra={"ballots": len(found)})
    canon, code = canons[id(found[0])]
    if code != layout["code"]:
        return PageRead(OTHER_ROUND, found=found[0], scale=back, code=code)
    boxes = tuple(read_box(_inside(canon, r), PPM) for r in layout["boxes"])
    write_ins = tuple(WriteInRead(_written(_inside(canon, w["name"])), read_box(_inside(canon, w["box"]), PPM))
                      for w in layout["write_ins"])
    return PageRead("", boxes, write_ins, found[0], back, code)


def canonical_image(img: Image.Image, dpi: float, read: PageRead, layout: dict[str, Any], ppm: float = PPM) -> Image.Image:
    """The registered ballot, upright, at ``ppm`` pixels a millimetre (the review queue shows it)."""
    if read.found is None:
        raise ValueError("page not registered")
    work, _wdpi, _back = _work(img, dpi)
    w, h = round(layout["size"][0] * ppm), round(layout["size"][1] * ppm)
    return work.transform((w, h), Image.Transform.PERSPECTIVE, read.found.to_page.scaled(ppm),
                          Image.Resampling.BILINEAR, fillcolor=255)


__all__ = ["CODE_UNREADABLE", "Homography", "NO_BALLOT", "OTHER_ROUND", "PageRead", "UNCUT", "WriteInRead",
           "canonical_image", "read_page"]
