"""What the review queue shows of a page: the registered ballot upright, and each box framed by how it was read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from app.core.scan import images
from app.core.scan.classify import DOUBT, EMPTY
from app.core.scan.reader import canonical_image, read_page

SURE, DOUBTFUL = "sure", "doubt"


@dataclass(frozen=True)
class Frame:
    """A box on the shown image (pixels) and whether it was read with certainty."""

    x0: int
    y0: int
    x1: int
    y1: int
    kind: str  # sure (green) or doubt (red)


@dataclass(frozen=True)
class PageView:
    image: Image.Image  # grey, the ballot upright
    frames: tuple[Frame, ...]


def _frame(rect: list[float], ppm: float, kind: str) -> Frame:
    x0, y0, x1, y1 = rect
    return Frame(round(x0 * ppm), round(y0 * ppm), round(x1 * ppm), round(y1 * ppm), kind)


def page_view(path: str, name: str, layout: dict[str, Any], read: dict[str, Any], ppm: float = 4) -> PageView | None:
    """The page ``name`` of the scan file ``path`` as the reviewer sees it; None when the file is gone or unreadable."""
    page = images.page(Path(path), name)
    if page is None:
        return None
    r = read_page(page.image, page.dpi, layout)
    if r.found is None:
        return None
    img = canonical_image(page.image, page.dpi, r, layout, ppm)
    states = read.get("boxes", [])
    frames = [_frame(rect, ppm, DOUBTFUL if s == DOUBT else SURE) for rect, s in zip(layout["boxes"], states)]
    for row, (written, state) in zip(layout["write_ins"], read.get("write_ins", [])):
        if written or state != EMPTY:
            frames += [_frame(row["name"], ppm, DOUBTFUL), _frame(row["box"], ppm, DOUBTFUL)]
    return PageView(img, tuple(frames))
