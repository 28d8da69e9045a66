"""选票: one ballot design per post and round, several per A4 sheet with cut lines (R4.8, R7)."""
from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.reports.data import KIND, BallotSpec, ElectionInfo, Organization
from app.core.reports.styles import (
    BUILD_LOCK, FONT, GRID, PAGE_H, PAGE_W, NumberedCanvas, Page, draw_watermark, escape, font, page_for, require_glyphs, styles,
)

# Ballots carry nothing that differs between copies: no page number, no serial, no fingerprint (R4.8).
EDGE = 10 * mm  # printable margin of the sheet
GAP = 10 * mm  # cutting zone between two ballots
PAD = 4 * mm  # inside the ballot's border
WIDTH = PAGE_W - 2 * EDGE
LABEL_W = 20 * mm
MAX_CELL = 26 * mm
MIN_CELL = 15 * mm
BOX_H = 9 * mm
# Alignment marks for the scanner (issue 17), inside the pad so the ballot keeps its size: three large squares
# and a small one at the bottom right (so a page upside down is known), the same on every ballot of a round.
MARK = 3 * mm
MARK_SMALL = 2 * mm
MARK_AT = 2 * mm  # each mark's centre, from the two nearest edges
CODE_BITS = 12  # the round's code: squares along the top edge, identical on all its ballots (R4.8)
CODE_CELL = 2.4 * mm
CODE_PITCH = 4.5 * mm
CODE_X = 10 * mm
_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)  # even empty cells set a font: keep it the embedded one


def title(org: Organization, spec: BallotSpec) -> str:
    return f"{spec.committee or org.committee}{spec.post}{spec.kind_word}选票"


def instructions(spec: BallotSpec) -> list[str]:
    """The printed rules for marking (R7.1) and validity (R7.2)."""
    # 〇 (U+3007), not ○ (U+25CB): the font draws ○ at half size, too small to show the voter the mark.
    lines = ["对候选人表示赞成的，在其姓名下方的空格内画〇，不赞成的画×，弃权的不画任何符号。"]
    if spec.write_in_rows:
        lines.append("不赞成某候选人而另选他人的，在“另选他人”栏内写上另选人的姓名，并在其姓名下方的空格内画〇；"
                     f"另选他人须为{spec.write_in_from}。")
        counted = "所选人数（赞成的候选人与另选他人合计）"
    else:
        lines.append("本轮只在上列得票相等的人员中投票，不得另选他人。")
        counted = "所选人数"
    lines.append(f"{counted}等于或少于应选人数 {spec.seats} 名的为有效票，多于 {spec.seats} 名的为无效票。")
    lines.append("请用黑色或蓝色笔填写，符号要准确，字迹要清楚，不得在选票上作其他任何记号。")
    return [f"{i}．{t}" for i, t in enumerate(lines, start=1)]


def across(spec: BallotSpec) -> int:
    """Ballots side by side on a sheet: two when the grid has at most three columns."""
    return 2 if max(len(spec.candidates), spec.write_in_rows) <= 3 else 1


def _columns(spec: BallotSpec, inner: float) -> tuple[int, float]:
    """How many name cells per row, and their width."""
    most = max(1, len(spec.candidates), spec.write_in_rows)
    fit = int((inner - LABEL_W) // MIN_CELL)
    cols = min(most, fit)
    return cols, min(MAX_CELL, (inner - LABEL_W) / cols)


def _section(label: str, names: list[str], cols: int, cell: float, role: str = "") -> Table:
    """Rows of (names, boxes) pairs; each pair stays together if the ballot must break."""
    st = styles()["cell"]
    data: list[list[Paragraph | str]] = []
    style = list(GRID) + [("ALIGN", (0, 0), (-1, -1), "CENTER")]
    for start in range(0, len(names), cols):
        chunk = names[start:start + cols]
        row = len(data)
        names_st = styles()["ballot_name"]  # names at least 12 pt: older voters read them without glasses
        data.append([Paragraph(label, st)] + [Paragraph(escape(n), names_st) for n in chunk] + [""] * (cols - len(chunk)))
        data.append([Paragraph("符号", st)] + [""] * cols)
        style += [("NOSPLIT", (0, row), (-1, row + 1)), ("BACKGROUND", (0, row), (0, row + 1), colors.Color(0.93, 0.93, 0.93))]
        if len(chunk) < cols:  # unused cells are shaded so nothing can be written in them
            style.append(("BACKGROUND", (len(chunk) + 1, row), (-1, row + 1), colors.Color(0.8, 0.8, 0.8)))
    heights = [None if i % 2 == 0 else BOX_H for i in range(len(data))]
    table = Table(data, colWidths=[LABEL_W] + [cell] * cols, rowHeights=heights)
    # Tight padding keeps three ballots a sheet with 12 pt names.
    table.setStyle(TableStyle(style + [("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    table.scan_role = role  # type: ignore[attr-defined]  # the scanner's layout finds its boxes by this
    return table


def _title(org: Organization, spec: BallotSpec) -> list[Flowable]:
    """Committee on one line, the post in large type, then the round and the numbers."""
    s = styles()
    chosen = f"确定正式候选人 {spec.seats} 名" if spec.kind.value == "preliminary" else f"应选 {spec.seats} 名"
    sub = f"{KIND[spec.kind]}　{chosen}　候选人 {len(spec.candidates)} 名"
    return [Paragraph(escape(spec.committee or org.committee), s["ballot_org"]),
            Paragraph(escape(f"{spec.post}{spec.kind_word}选票"), s["ballot_title"]), Paragraph(escape(sub), s["cell"])]


def _stamp() -> Table:
    """The box the scrutineers stamp before the ballot is issued (an unstamped ballot is not genuine)."""
    box = Table([[Paragraph("监票人盖章", styles()["small_c"])]], colWidths=[28 * mm], rowHeights=[15 * mm])
    box.setStyle(TableStyle([_FONT, ("BOX", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return box


def _head(org: Organization, spec: BallotSpec, inner: float) -> list[Flowable]:
    """The title; on a wide ballot the stamp box sits beside it, balanced by an empty cell."""
    if inner <= 120 * mm:
        return _title(org, spec)
    table = Table([["", _title(org, spec), _stamp()]], colWidths=[31 * mm, inner - 62 * mm, 31 * mm])
    table.setStyle(TableStyle([_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


def ballot_flowables(org: Organization, spec: BallotSpec, inner: float) -> list[Flowable]:
    """One ballot's contents for a width of ``inner``; a narrow ballot has its stamp box at the foot."""
    cols, cell = _columns(spec, inner)
    flows: list[Flowable] = _head(org, spec, inner) + [Spacer(0, 2 * mm)]
    flows += [Paragraph(escape(line), styles()["ballot_rule"]) for line in instructions(spec)]
    flows += [Spacer(0, 2 * mm), _section("候选人", list(spec.candidates), cols, cell, "candidates")]
    if spec.write_in_rows:
        flows += [Spacer(0, 2 * mm), _section("另选他人", [""] * spec.write_in_rows, cols, cell, "write_ins")]
    if inner <= 120 * mm:
        stamp = _stamp()
        stamp.hAlign = "RIGHT"
        flows += [Spacer(0, 3 * mm), stamp]
    return flows


def _height(flows: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, PAGE_H)[1] for f in flows)


def _draw(c: NumberedCanvas, flows: list[Flowable], x: float, top: float, width: float) -> None:
    for f in flows:
        w, h = f.wrap(width, PAGE_H)
        top -= h
        left = {"LEFT": 0, "RIGHT": width - w}.get(getattr(f, "hAlign", "CENTER"), (width - w) / 2)
        f.drawOn(c, x + left, top)


def _ballot_size(org: Organization, spec: BallotSpec) -> tuple[int, float, float]:
    """Ballots across a sheet, and one ballot's width and height."""
    cols = across(spec)
    width = (WIDTH - (cols - 1) * GAP) / cols
    return cols, width, _height(ballot_flowables(org, spec, width - 2 * PAD), width - 2 * PAD) + 2 * PAD


def scannable(org: Organization, spec: BallotSpec) -> bool:
    """A ballot that fits a sheet carries alignment marks; a longer one (split over sheets) is keyed by hand."""
    return _height(ballot_flowables(org, spec, WIDTH - 2 * PAD), WIDTH - 2 * PAD) + 2 * PAD <= PAGE_H - 2 * EDGE


def _rect(x0: float, y_top: float, x1: float, y_bottom: float, h: float) -> list[float]:
    """A PDF rectangle (points, y up) in ballot millimetres from the top-left corner, y down."""
    return [round(x0 / mm, 2), round((h - y_top) / mm, 2), round(x1 / mm, 2), round((h - y_bottom) / mm, 2)]


def _cells(table: Table, x: float, top: float, h: float, count: int) -> list[tuple[list[float], list[float]]]:
    """(name cell, box) of the first ``count`` slots of a section drawn at (x, top)."""
    cols = len(table._colpositions) - 2  # the label column, then the name cells
    cp, rp = table._colpositions, table._rowpositions
    base = top - rp[0]  # rp runs from the table's height down to 0
    out = []
    for i in range(count):
        pair, c = divmod(i, cols)
        x0, x1 = x + cp[c + 1], x + cp[c + 2]
        name = _rect(x0, base + rp[2 * pair], x1, base + rp[2 * pair + 1], h)
        box = _rect(x0, base + rp[2 * pair + 1], x1, base + rp[2 * pair + 2], h)
        out.append((name, box))
    return out


def _marks(width: float, h: float) -> dict[str, list[float]]:
    """Centres of the alignment marks in ballot millimetres (tl, tr, bl large; br small)."""
    a, w, hh = MARK_AT / mm, width / mm, h / mm
    return {"tl": [a, a], "tr": [round(w - a, 2), a], "bl": [a, round(hh - a, 2)], "br": [round(w - a, 2), round(hh - a, 2)]}


def _code_cells(width: float) -> list[list[float]]:
    """The code squares' centres along the top edge (millimetres)."""
    return [[round((CODE_X + i * CODE_PITCH) / mm, 2), MARK_AT / mm] for i in range(CODE_BITS)]


def _code(org: Organization, election: ElectionInfo, spec: BallotSpec, geometry: dict[str, Any]) -> int:
    """A number that every ballot of this design shares and another design almost surely does not."""
    what = [spec.committee or org.committee, spec.post, spec.kind.value, spec.seats, list(spec.candidates),
            election.title, str(election.date), election.rehearsal, geometry]
    digest = hashlib.sha256(json.dumps(what, ensure_ascii=False, sort_keys=True).encode()).digest()
    return int.from_bytes(digest[:2], "big") % (1 << CODE_BITS) or 1  # never all blank


def ballot_layout(org: Organization, election: ElectionInfo, spec: BallotSpec) -> dict[str, Any] | None:
    """Where the scanner finds each mark box and write-in row (mm from the ballot's top-left), or None when
    the ballot is too long for one sheet. The same for every copy: it holds nothing about a voter (R4.8)."""
    if not scannable(org, spec):
        return None
    font()
    _cols, width, h = _ballot_size(org, spec)
    inner = width - 2 * PAD
    top, boxes, write_ins = h - PAD, [], []
    for f in ballot_flowables(org, spec, inner):
        w, fh = f.wrap(inner, PAGE_H)
        left = PAD + {"LEFT": 0, "RIGHT": inner - w}.get(getattr(f, "hAlign", "CENTER"), (inner - w) / 2)
        role = getattr(f, "scan_role", "")
        if role == "candidates":
            boxes = [box for _n, box in _cells(f, left, top, h, len(spec.candidates))]
        elif role == "write_ins":
            write_ins = [{"name": n, "box": b} for n, b in _cells(f, left, top, h, spec.write_in_rows)]
        top -= fh
    geometry = {"size": [round(width / mm, 2), round(h / mm, 2)], "marks": _marks(width, h), "boxes": boxes,
                "write_ins": write_ins, "code_cells": _code_cells(width), "code_cell": CODE_CELL / mm,
                "mark": [MARK / mm, MARK_SMALL / mm]}
    return dict(geometry, version=1, code=_code(org, election, spec, geometry), candidates=list(spec.candidates),
                seats=spec.seats)


def _draw_marks(c: NumberedCanvas, layout: dict[str, Any], h: float) -> None:
    """The alignment marks and the round's code squares, solid black."""
    c.saveState()
    c.setFillColor(colors.black)
    for key, (x, y) in layout["marks"].items():
        side = MARK_SMALL if key == "br" else MARK
        c.rect(x * mm - side / 2, h - y * mm - side / 2, side, side, stroke=0, fill=1)
    for bit, (x, y) in enumerate(layout["code_cells"]):
        if layout["code"] >> (CODE_BITS - 1 - bit) & 1:
            c.rect(x * mm - CODE_CELL / 2, h - y * mm - CODE_CELL / 2, CODE_CELL, CODE_CELL, stroke=0, fill=1)
    c.restoreState()


def _dashed(c: NumberedCanvas, x1: float, y1: float, x2: float, y2: float) -> None:
    c.saveState()
    c.setDash(4, 3)
    c.setLineWidth(0.4)
    c.setStrokeColor(colors.Color(0.4, 0.4, 0.4))
    c.line(x1, y1, x2, y2)
    c.restoreState()


def _cut_lines(c: NumberedCanvas, rows: int, cols: int, pitch: float) -> None:
    """Dashed lines through the middle of the gaps, edge to edge, so the cuts can be made with a ruler."""
    for r in range(1, rows):
        y = PAGE_H - EDGE - r * pitch
        _dashed(c, 3 * mm, y, PAGE_W - 3 * mm, y)
    if cols == 2:
        _dashed(c, PAGE_W / 2, 3 * mm, PAGE_W / 2, PAGE_H - 3 * mm)


def _slots(h: float) -> tuple[int, float]:
    """Rows of ballots per sheet and their pitch."""
    rows = max(1, int((PAGE_H - 2 * EDGE + GAP) // (h + GAP)))
    return rows, (PAGE_H - 2 * EDGE) / rows


def _form(c: NumberedCanvas, org: Organization, election: ElectionInfo, spec: BallotSpec, width: float, h: float) -> None:
    """Draw one ballot once as a PDF form: every copy reuses it, so they are identical by construction."""
    c.beginForm("ballot", 0, 0, width, h)
    c.setLineWidth(0.8)
    c.rect(0, 0, width, h)
    if election.rehearsal:
        draw_watermark(c, width / 2, h / 2, min(60, h / 2.2, width / 5))
    _draw(c, ballot_flowables(org, spec, width - 2 * PAD), PAD, h - PAD, width - 2 * PAD)
    layout = ballot_layout(org, election, spec)
    if layout is not None:
        _draw_marks(c, layout, h)
    c.endForm()


def _sheets(c: NumberedCanvas, org: Organization, election: ElectionInfo, spec: BallotSpec, copies: int) -> None:
    """Place ``copies`` ballots on as few sheets as fit, in evenly spaced slots."""
    cols, width, h = _ballot_size(org, spec)
    _form(c, org, election, spec, width, h)
    rows, pitch = _slots(h)
    per_page = rows * cols
    for first in range(0, copies, per_page):
        on_page = min(per_page, copies - first)
        for slot in range(on_page):
            r, k = divmod(slot, cols)
            c.saveState()
            c.translate(EDGE + k * (width + GAP), PAGE_H - EDGE - r * pitch - (pitch + h) / 2)
            c.doForm("ballot")
            c.restoreState()
        _cut_lines(c, -(-on_page // cols), cols if on_page > 1 else 1, pitch)
        c.showPage()


def _long_ballots(buf: io.BytesIO, org: Organization, election: ElectionInfo, spec: BallotSpec, copies: int, page: Page) -> None:
    """A ballot taller than a sheet: each copy starts a new sheet and breaks between row pairs."""
    def deco(c: Canvas, _doc: SimpleDocTemplate) -> None:
        if election.rehearsal:
            draw_watermark(c, PAGE_W / 2, PAGE_H / 2, 96)
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=EDGE, rightMargin=EDGE, topMargin=EDGE, bottomMargin=EDGE,
                            title=page.title, author=page.author, creator="votedesk", invariant=1)
    story: list[Flowable] = []
    for n in range(copies):
        story += ([PageBreak()] if n else []) + ballot_flowables(org, spec, WIDTH - 12)  # the frame pads 6 pt a side
    doc.build(story, onFirstPage=deco, onLaterPages=deco, canvasmaker=partial(NumberedCanvas, page=page, numbered=False))


def ballot_pdf(org: Organization, election: ElectionInfo, spec: BallotSpec, copies: int, created: date | None) -> bytes:
    """``copies`` identical ballots (pass present voters plus the spare set, see ballot_copies)."""
    if copies < 1:
        raise ValueError("at least one ballot")
    require_glyphs(org, election, spec)
    with BUILD_LOCK:
        return _ballot_bytes(org, election, spec, copies, created)


def _ballot_bytes(org: Organization, election: ElectionInfo, spec: BallotSpec, copies: int, created: date | None) -> bytes:
    font()
    page = page_for(org, election, title(org, spec), created)
    buf = io.BytesIO()
    if not scannable(org, spec):
        _long_ballots(buf, org, election, spec, copies, page)
    else:
        c = NumberedCanvas(buf, pagesize=A4, page=page, numbered=False)
        c.setTitle(page.title)
        c.setAuthor(page.author)
        c.setCreator("votedesk")
        _sheets(c, org, election, spec, copies)
        c.save()
    return buf.getvalue()

