"""Scanned-ballot test corpus (issue 17): the app's own ballots, hand-like marks, scanner and camera distortions.

Usage: python scripts/make_scan_corpus.py OUT_DIR [--ballots N] [--seed S]
Writes page images and truth.json (each page's true marks); never commit the images.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.reports import ballot  # noqa: E402
from app.core.reports.data import BallotSpec, ElectionInfo, Organization  # noqa: E402
from app.core.rules.model import Body  # noqa: E402
from app.core.scan.geometry import Homography  # noqa: E402

ORG = Organization("中共和平街道幸福里社区支部", "中共和平街道幸福里社区支部委员会", "中共和平街道工作委员会")
ELECTION = ElectionInfo("中共和平街道幸福里社区支部委员会换届选举", Body.MEMBER_ASSEMBLY, date(2026, 3, 15), "社区活动室")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "建华立新秀英志强海燕玉兰晓东淑芬明远春梅德胜国庆桂香永康丽华"
STANDARD = ("yes", "no", "empty")
ODD = ("half", "tick", "dot", "scribble", "erasure", "double", "slash")
MM = 25.4


def names(n: int) -> tuple[str, ...]:
    rnd = random.Random(n)
    out: list[str] = []
    while len(out) < n:
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        if name not in out:
            out.append(name)
    return tuple(out)


SPECS = {"9": BallotSpec("委员", 7, names(9)), "40": BallotSpec("委员", 30, names(40))}


def layout(key: str) -> dict[str, Any]:
    found = ballot.ballot_layout(ORG, ELECTION, SPECS[key])
    assert found is not None
    return found


_BLANK: dict[tuple[str, int], Image.Image] = {}


def cut_ballot(pdf: bytes, lay: dict[str, Any], dpi: int) -> Image.Image:
    """The first ballot of a ballot PDF's first sheet, cut along the cut lines (5 mm around its border)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    sheet = doc[0].render(scale=dpi / 72, grayscale=True).to_pil()
    doc.close()
    w, h = lay["size"]
    _rows, pitch = ballot._slots(h * ballot.mm)
    top = (ballot.EDGE + (pitch - h * ballot.mm) / 2) / ballot.mm
    px = dpi / MM
    return sheet.crop((round(5 * px), round((top - 5) * px), round((10 + w + 5) * px), round((top + h + 5) * px)))


def blank(key: str, dpi: int) -> Image.Image:
    """One cut ballot of a corpus design, rendered from the app's own PDF."""
    if (key, dpi) not in _BLANK:
        _BLANK[(key, dpi)] = cut_ballot(ballot.ballot_pdf(ORG, ELECTION, SPECS[key], 1, date(2026, 3, 15)),
                                        layout(key), dpi)
    return _BLANK[(key, dpi)]


@dataclass
class Pen:
    width: float  # mm
    ink: tuple[int, int, int]


def _pt(cx: float, cy: float, px: float) -> tuple[float, float]:
    return cx * px, cy * px


def _stroke(d: ImageDraw.ImageDraw, pts: list[tuple[float, float]], pen: Pen, px: float, ink: Any = None) -> None:
    d.line([(x * px, y * px) for x, y in pts], fill=ink or pen.ink, width=max(1, round(pen.width * px)), joint="curve")


def _wobble(rnd: random.Random, n: int, amp: float) -> list[float]:
    phases = [rnd.uniform(0, 2 * math.pi) for _ in range(3)]
    return [amp * sum(math.sin(k * (i / n) * 2 * math.pi * (j + 1) + phases[j]) / (j + 1) for j in range(3)) / 1.8
            for i, k in enumerate([1] * n)]


def circle(d: ImageDraw.ImageDraw, rnd: random.Random, c: tuple[float, float], pen: Pen, px: float, arc: float = 360,
           r: tuple[float, float] | None = None, ink: Any = None) -> None:
    """A hand-drawn ○: an ellipse with a wobble, its ends open or overlapping by a little."""
    rx, ry = r or (rnd.uniform(1.7, 3.0), rnd.uniform(1.7, 3.0))
    start = rnd.uniform(0, 2 * math.pi)
    span = math.radians(arc)
    n = 48
    wob = _wobble(rnd, n + 1, 0.18)
    pts = [(c[0] + (rx + wob[i]) * math.cos(start + span * i / n), c[1] + (ry + wob[i]) * math.sin(start + span * i / n))
           for i in range(n + 1)]
    _stroke(d, pts, pen, px, ink)


def cross(d: ImageDraw.ImageDraw, rnd: random.Random, c: tuple[float, float], pen: Pen, px: float, ink: Any = None) -> None:
    """A hand-drawn ×: two strokes crossing near the middle."""
    size = rnd.uniform(1.8, 2.9)
    for base in (45, 135):
        a = math.radians(base + rnd.uniform(-10, 10))
        ox, oy = rnd.uniform(-0.3, 0.3), rnd.uniform(-0.3, 0.3)
        l1, l2 = size * rnd.uniform(0.85, 1.1), size * rnd.uniform(0.85, 1.1)
        _stroke(d, [(c[0] + ox - l1 * math.cos(a), c[1] + oy - l1 * math.sin(a)),
                    (c[0] + ox + l2 * math.cos(a), c[1] + oy + l2 * math.sin(a))], pen, px, ink)


def draw_mark(d: ImageDraw.ImageDraw, rnd: random.Random, kind: str, rect: list[float], pen: Pen, px: float) -> None:
    """Draw one mark of ``kind`` in a box (ballot mm, offset by the 5 mm margin)."""
    x0, y0, x1, y1 = rect
    c = ((x0 + x1) / 2 + 5 + rnd.uniform(-1.0, 1.0), (y0 + y1) / 2 + 5 + rnd.uniform(-0.5, 0.5))
    if kind == "yes":
        circle(d, rnd, c, pen, px, arc=rnd.uniform(350, 375))
    elif kind == "no":
        cross(d, rnd, c, pen, px)
    elif kind == "half":
        circle(d, rnd, c, pen, px, arc=rnd.uniform(150, 250))
    elif kind == "tick":
        s = rnd.uniform(1.5, 2.5)
        _stroke(d, [(c[0] - s, c[1]), (c[0] - s * 0.3, c[1] + s * 0.8), (c[0] + s * 1.2, c[1] - s * 1.1)], pen, px)
    elif kind == "dot":
        r = rnd.uniform(0.4, 0.9)
        d.ellipse([(c[0] - r) * px, (c[1] - r) * px, (c[0] + r) * px, (c[1] + r) * px], fill=pen.ink)
    elif kind == "scribble":
        pts = [(c[0] + rnd.uniform(-2.5, 2.5), c[1] + rnd.uniform(-2.5, 2.5)) for _ in range(rnd.randint(8, 16))]
        _stroke(d, pts, pen, px)
    elif kind == "erasure":
        lift = rnd.randint(120, 170)
        faint: Any = (min(255, pen.ink + lift) if isinstance(pen.ink, int)
                      else tuple(min(255, v + lift) for v in pen.ink))
        (circle if rnd.random() < 0.5 else cross)(d, rnd, c, Pen(pen.width * 1.6, faint), px, ink=faint)
        if rnd.random() < 0.6:  # and a clean mark over or beside it
            (circle if rnd.random() < 0.5 else cross)(d, rnd, (c[0] + rnd.uniform(-1, 1), c[1]), pen, px)
    elif kind == "double":
        circle(d, rnd, c, pen, px)
        cross(d, rnd, c, pen, px)
    elif kind == "slash":
        s = rnd.uniform(2, 3)
        _stroke(d, [(c[0] - s, c[1] + s * 0.8), (c[0] + s, c[1] - s * 0.8)], pen, px)


def write_name(d: ImageDraw.ImageDraw, rnd: random.Random, rect: list[float], pen: Pen, px: float) -> None:
    """Two or three hand-like characters in a write-in name cell."""
    x0, y0, x1, y1 = rect
    cx = (x0 + x1) / 2 + 5 - 4
    for k in range(rnd.choice((2, 3))):
        bx, by = cx + k * 3.5, (y0 + y1) / 2 + 5
        for _ in range(4):
            _stroke(d, [(bx + rnd.uniform(-1.3, 1.3), by + rnd.uniform(-1.6, 1.6)),
                        (bx + rnd.uniform(-1.3, 1.3), by + rnd.uniform(-1.6, 1.6))], pen, px)


def distort(img: Image.Image, rnd: random.Random, level: str, dpi: int) -> Image.Image:
    """Place the ballot on a scanner bed and degrade it as scanners and phone cameras do."""
    px = dpi / MM
    bed = Image.new(img.mode, (round((img.size[0] / px + 24) * px), round((img.size[1] / px + 24) * px)),
                    (250,) * len(img.getbands()) if img.mode != "L" else 250)
    bed.paste(img, (round(rnd.uniform(4, 20) * px), round(rnd.uniform(4, 20) * px)))
    img = bed
    fill = (250,) * 3 if img.mode == "RGB" else 250
    if level == "clean":
        return img
    angle = rnd.uniform(-5, 5)
    scale = rnd.uniform(0.97, 1.03)
    if scale != 1:
        img = img.resize((round(img.size[0] * scale), round(img.size[1] * scale)), Image.Resampling.BILINEAR)
    img = img.rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=fill)
    if level == "camera":
        w, h = img.size
        j = [rnd.uniform(-0.03, 0.03) * min(w, h) for _ in range(8)]
        # A phone held at a slant: a projective map (output corners -> jittered input corners).
        to_input = Homography.from_points([(0, 0), (0, h), (w, h), (w, 0)],
                                          [(j[0], j[1]), (j[2], h + j[3]), (w + j[4], h + j[5]), (w + j[6], j[7])])
        img = img.transform((w, h), Image.Transform.PERSPECTIVE, to_input.k, Image.Resampling.BILINEAR, fillcolor=fill)
    if rnd.random() < 0.5 or level == "camera":
        img = img.filter(ImageFilter.GaussianBlur(rnd.uniform(0.3, 1.0) * dpi / 200))
    grad = Image.linear_gradient("L").rotate(rnd.uniform(0, 360)).resize(img.size)
    low = rnd.randint(150 if level == "camera" else 190, 235)
    light = grad.point(lambda v: low + (255 - low) * v // 255)
    if img.mode == "RGB":
        light = Image.merge("RGB", (light,) * 3)
    img = ImageChops.multiply(img, light)
    # Sensor noise from the seeded generator (Image.effect_noise is not seeded: a corpus must be reproducible).
    amp = rnd.uniform(7, 21)  # uniform noise of this half-width has a standard deviation of 4 to 12 levels
    noise = Image.frombytes("L", img.size, rnd.randbytes(img.size[0] * img.size[1])).point(
        lambda v: round(128 + (v - 128) * amp / 128))
    if img.mode == "RGB":
        noise = Image.merge("RGB", (noise,) * 3)
    return ImageChops.add(img, noise, 1.0, -128)


@dataclass(frozen=True)
class Plan:
    """What one page of the corpus holds."""

    key: str
    dpi: int
    level: str  # clean, scanner, camera
    flip: bool
    colour: bool
    quality: int  # JPEG quality, or 0 for PNG


def marks_for(rnd: random.Random, count: int, odd_share: float) -> list[str]:
    out = []
    for _ in range(count):
        if rnd.random() < odd_share:
            out.append(rnd.choice(ODD))
        else:
            out.append(rnd.choices(STANDARD, (0.55, 0.3, 0.15))[0])
    return out


def make_page(plan: Plan, rnd: random.Random, lay: dict[str, Any] | None = None, base: Image.Image | None = None,
              boxes: list[str] | None = None, odd_share: float = 0.08) -> tuple[Image.Image, dict[str, Any]]:
    """One ballot page and its truth: each box's mark, each write-in row's (written, mark)."""
    lay = lay or layout(plan.key)
    px = plan.dpi / MM
    img = (base or blank(plan.key, plan.dpi)).copy()
    if plan.colour:
        img = img.convert("RGB")
    ink = rnd.choice(((20, 20, 25), (25, 35, 140), (40, 40, 40), (30, 50, 170)))
    pen = Pen(rnd.uniform(0.3, 0.7), ink if plan.colour else (round(0.3 * ink[0] + 0.59 * ink[1] + 0.11 * ink[2]),) * 3)
    if not plan.colour:
        pen = Pen(pen.width, pen.ink[0])  # type: ignore[arg-type]
    d = ImageDraw.Draw(img)
    boxes = boxes if boxes is not None else marks_for(rnd, len(lay["boxes"]), odd_share)
    for kind, rect in zip(boxes, lay["boxes"]):
        draw_mark(d, rnd, kind, rect, pen, px)
    write_ins = []
    for w in lay["write_ins"]:
        written = rnd.random() < (0.08 if odd_share else 0)
        kind = rnd.choice(("yes", "yes", "empty", "half")) if written else "empty"
        if written:
            write_name(d, rnd, w["name"], pen, px)
            draw_mark(d, rnd, kind, w["box"], pen, px)
        write_ins.append([written, kind])
    img = distort(img, rnd, plan.level, plan.dpi)
    if plan.flip:
        img = img.rotate(180)
    return img, {"boxes": boxes, "write_ins": write_ins}


def encode(img: Image.Image, plan: Plan) -> tuple[bytes, str]:
    buf = io.BytesIO()
    if plan.quality:
        img.save(buf, "JPEG", quality=plan.quality, dpi=(plan.dpi, plan.dpi))
        return buf.getvalue(), "jpg"
    img.save(buf, "PNG", dpi=(plan.dpi, plan.dpi))
    return buf.getvalue(), "png"


def plans(count: int, rnd: random.Random) -> list[Plan]:
    """A third of the pages at each resolution; a third 40-name ballots; a fifth clean, a sixth photographed."""
    out = []
    for i in range(count):
        level = rnd.choices(("clean", "scanner", "camera"), (0.2, 0.65, 0.15))[0]
        out.append(Plan("40" if i % 3 == 0 else "9", (150, 200, 300)[(i // 3) % 3], level, rnd.random() < 0.15,
                        rnd.random() < 0.3, rnd.choice((0, 60, 75, 90))))
    return out


def generate(out: Path, count: int, seed: int = 17) -> list[dict[str, Any]]:
    """Write ``count`` pages and truth.json into ``out``; returns the truth records."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for i, plan in enumerate(plans(count, rnd)):
        img, marks = make_page(plan, random.Random(rnd.random()))
        data, ext = encode(img, plan)
        name = f"page-{i:05d}.{ext}"
        (out / name).write_bytes(data)
        truth.append(dict(marks, file=name, key=plan.key, dpi=plan.dpi, level=plan.level, flip=plan.flip,
                          colour=plan.colour, quality=plan.quality))
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--ballots", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    truth = generate(args.out, args.ballots, args.seed)
    print(f"{len(truth)} pages in {args.out}")


if __name__ == "__main__":
    main()
