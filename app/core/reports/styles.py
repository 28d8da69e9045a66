"""Font, paragraph styles and the A4 page template (header, page x of y, rehearsal watermark)."""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import lru_cache, partial
from typing import Any, Iterable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib import textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, SimpleDocTemplate, Table, TableStyle, paragraph

from app.core.errors import UserFacingError
from app.core.paths import resource

FONT = "CJK"  # WenQuanYi Micro Hei: ballots, tables, working papers; the 黑体 role on official papers
TITLE_FONT = "CJK-Song"  # AR PL SungtiL GB: the 小标宋 role (titles) and the page numbers of official papers
BODY_FONT = "CJK-Kai"  # AR PL KaitiM GB: the 仿宋 role (body text of official papers)
PAGE_W, PAGE_H = A4
MARGIN = 25 * mm
TEXT_W = PAGE_W - 2 * MARGIN
TABLE_W = 156 * mm  # ruled tables fit the official type area too (bound as attachments)
# GB/T 9704-2012 5.2.1-5.2.3: type area 156 × 225 mm, top margin 37 mm, binding (left) margin 28 mm;
# body 三号 (16 pt), 28 characters × 22 lines a page.
OFFICIAL_TOP, OFFICIAL_LEFT = 37 * mm, 28 * mm
OFFICIAL_W, OFFICIAL_H = 156 * mm, 225 * mm
BODY_PT, TITLE_PT, PAGE_NO_PT = 16, 22, 14  # 三号, 二号, 四号
BODY_LEADING = OFFICIAL_H / 22  # 22 lines in the type area
GREY = colors.Color(0.35, 0.35, 0.35)
WATERMARK = "演练 TEST"


# reportlab's CJK wrap lets only some Japanese punctuation hang at the line end; Chinese rules
# (避头点) forbid these full-width marks at a line start too, so they are added once, here.
_NO_LINE_START = "，；：？！”’》〉」』】〕）、。…"


@lru_cache(maxsize=1)
def font() -> TTFont:
    """Register the vendored WenQuanYi Micro Hei once; it has no bold, so <b> maps to the same face."""
    for module in (paragraph, textsplit):  # single-style paragraphs wrap in textsplit, mixed ones in paragraph
        module.ALL_CANNOT_START += "".join(c for c in _NO_LINE_START if c not in module.ALL_CANNOT_START)
    face = TTFont(FONT, str(resource("fonts", "wqy-microhei.ttc")), subfontIndex=0)
    pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    for name, file in ((TITLE_FONT, "arphic-sungtil-gb.ttf"), (BODY_FONT, "arphic-kaitim-gb.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return face


def with_fallback(markup: str, face: str) -> str:
    """Paragraph markup in which every character ``face`` cannot draw is set in WenQuanYi (a rare name character
    outside GB 2312 still prints, in the sans face, instead of a blank box)."""
    cmap = pdfmetrics.getFont(face).face.charToGlyph
    out: list[str] = []
    run: list[str] = []
    for ch in markup:
        if ch.isspace() or ord(ch) in cmap or ch in "<>&;/":
            if run:
                out.append(f'<font name="{FONT}">{"".join(run)}</font>')
                run = []
            out.append(ch)
        else:
            run.append(ch)
    if run:
        out.append(f'<font name="{FONT}">{"".join(run)}</font>')
    return "".join(out)


class MissingGlyphError(UserFacingError):
    """A name uses a character the embedded font cannot draw: printing it would show a blank box."""

    def __init__(self, chars: str) -> None:
        self.chars = chars
        super().__init__("missing_glyph", f"the document font has no glyph for: {chars}", chars=chars)


def missing_glyphs(text: str) -> str:
    """The characters of ``text`` without a glyph in the font, in order of first appearance (the official
    faces fall back to it, see with_fallback)."""
    cmap = font().face.charToGlyph
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in cmap))


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value):
        for f in fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


def require_glyphs(*data: Any) -> None:
    """Fail loudly, before anything is printed, if any string in the data has no glyph."""
    missing = missing_glyphs("".join(s for d in data for s in _strings(d)))
    if missing:
        raise MissingGlyphError(missing)


def _style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
    kw.setdefault("fontName", FONT)
    return ParagraphStyle(name, fontSize=size, leading=leading, wordWrap="CJK", **kw)


def _official(name: str, **kw: Any) -> ParagraphStyle:
    kw.setdefault("fontName", BODY_FONT)
    return _style(name, kw.pop("size", BODY_PT), kw.pop("leading", BODY_LEADING), **kw)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every document uses (sizes follow official-document practice)."""
    font()
    return {
        "title": _style("title", 18, 26, alignment=TA_CENTER, spaceAfter=4 * mm),
        "subtitle": _style("subtitle", 11, 16, alignment=TA_CENTER, spaceAfter=4 * mm),
        "number": _style("number", 12, 22, alignment=TA_CENTER, spaceAfter=4 * mm),
        "to": _style("to", 12, 22),
        "body": _style("body", 12, 22, firstLineIndent=24),
        "item": _style("item", 12, 22, leftIndent=24),
        "right": _style("right", 12, 22, alignment=TA_RIGHT),
        "heading": _style("heading", 12, 22, firstLineIndent=24, spaceBefore=2 * mm),
        "cell": _style("cell", 10, 13, alignment=TA_CENTER),
        "cell_left": _style("cell_left", 10, 13, alignment=TA_LEFT),
        "small": _style("small", 9, 12),
        "small_c": _style("small_c", 8, 11, alignment=TA_CENTER, textColor=GREY),
        "ballot_org": _style("ballot_org", 11, 15, alignment=TA_CENTER),
        "ballot_title": _style("ballot_title", 17, 24, alignment=TA_CENTER),
        "ballot_rule": _style("ballot_rule", 9, 12.5, leftIndent=13.5, firstLineIndent=-13.5),
        "ballot_name": _style("ballot_name", 12, 13.5, alignment=TA_CENTER),
        # Official papers (GB/T 9704-2012 7.2-7.3): 二号 title, 三号 body on a 22-line grid, 黑体 headings.
        "o_title": _official("o_title", fontName=TITLE_FONT, size=TITLE_PT, leading=BODY_LEADING * 1.2,
                             alignment=TA_CENTER, spaceAfter=BODY_LEADING * 0.3),
        "o_number": _official("o_number", alignment=TA_CENTER, spaceAfter=BODY_LEADING * 0.5),
        "o_to": _official("o_to"),
        "o_body": _official("o_body", firstLineIndent=2 * BODY_PT),
        "o_item": _official("o_item", leftIndent=2 * BODY_PT),
        "o_heading": _official("o_heading", fontName=FONT, firstLineIndent=2 * BODY_PT),
        "o_attachment_mark": _official("o_attachment_mark", fontName=FONT),  # 附件 at the top of its page: 黑体
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph; the text is data, so XML-special characters are escaped."""
    return Paragraph(escape(text), styles()[style])


def opara(text: str, style: str = "o_body") -> Paragraph:
    """A paragraph of an official paper (GB/T 9704-2012 styles: o_body, o_to, o_heading, o_item …)."""
    st = styles()[style]
    return Paragraph(with_fallback(escape(text), st.fontName), st)


def title_para(*lines: str, official: bool = False) -> Paragraph:
    """A centred document title broken where official titles break: issuer, then subject."""
    st = styles()["o_title" if official else "title"]
    text = "<br/>".join(escape(line) for line in lines if line)
    return Paragraph(with_fallback(text, st.fontName) if official else text, st)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cn_date(d: date | None) -> str:
    """Official-document date: 2026年3月15日 (Arabic numerals, GB/T 9704-2012); blank to fill in when not recorded."""
    return "　　　年　　月　　日" if d is None else f"{d.year}年{d.month}月{d.day}日"


def ym(d: date | None) -> str:
    """Year and month as data sheets print them: 1975.03 (blank when unknown)."""
    return "" if d is None else f"{d.year}.{d.month:02d}"


_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals, for 第一轮 and （十二）."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def cn_count(n: int) -> str:
    """A quantity in Chinese numerals: 两 for 2 (两轮投票), else as cn_number."""
    return "两" if n == 2 else cn_number(n)


GRID = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def grid_table(
    head: list[str], rows: list[list[str]], widths: list[float], left: Iterable[int] = (), pad: float = 3
) -> Table:
    """A ruled table with a grey heading row repeated on every page; ``left`` columns align left.

    ``pad`` is the space above and below the text of body rows (room for a signature)."""
    cell, cell_left = styles()["cell"], styles()["cell_left"]
    left = set(left)
    data = [[Paragraph(escape(h), cell) for h in head]]
    data += [[Paragraph(escape(v), cell_left if i in left else cell) for i, v in enumerate(r)] for r in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    body = [("TOPPADDING", (0, 1), (-1, -1), pad), ("BOTTOMPADDING", (0, 1), (-1, -1), pad)]
    table.setStyle(TableStyle(GRID + body + [("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9))]))
    return table


@dataclass(frozen=True)
class Page:
    """What every page of one document carries, and its own recorded date (never the day it is printed)."""

    organization: str
    fingerprint: str  # printed in the header of internal working papers only, never on official papers
    rehearsal: bool
    created: date | None  # the paper's date for the PDF metadata; None: a fixed stamp
    title: str
    author: str = ""
    official: bool = False  # GB/T 9704-2012 page: its margins, no running header, "— 1 —" page numbers


def draw_watermark(c: Canvas, x: float, y: float, size: float) -> None:
    """The diagonal rehearsal mark centred at (x, y), light enough to read the text through."""
    c.saveState()
    c.setFont(FONT, size)
    c.setFillColor(colors.Color(0.82, 0.82, 0.82))
    c.translate(x, y)
    c.rotate(35)
    c.drawCentredString(0, -size / 3, WATERMARK)
    c.restoreState()


def _decorate(c: Canvas, doc: Any, page: Page) -> None:
    """Drawn under the content of every page: watermark, header rule, organization, fingerprint."""
    if page.rehearsal:
        draw_watermark(c, PAGE_W / 2, PAGE_H / 2, 96)
    if page.official:
        if page.rehearsal:  # the watermark alone could be missed on a photocopy
            c.setFont(FONT, 8)
            c.drawString(OFFICIAL_LEFT, PAGE_H - OFFICIAL_TOP + 8 * mm, "【演练 TEST】")
        return
    c.saveState()
    c.setFont(FONT, 8)
    c.setFillColor(GREY)
    top = PAGE_H - MARGIN + 6 * mm
    c.drawString(MARGIN, top + 1.5 * mm, page.organization + ("　【演练 TEST】" if page.rehearsal else ""))
    if page.fingerprint:
        c.drawRightString(PAGE_W - MARGIN, top + 1.5 * mm, f"选举指纹 {page.fingerprint[:12]}")
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.line(MARGIN, top, PAGE_W - MARGIN, top)
    c.restoreState()


class NumberedCanvas(Canvas):
    """Holds pages back until save() so each can print "第 x 页 共 y 页"; dates come from ``created``."""

    def __init__(self, *args: Any, page: Page, numbered: bool = True, **kw: Any) -> None:
        self._official = page.official
        kw["invariant"] = 1
        kw["initialFontName"] = FONT  # else every page refers to a non-embedded Helvetica
        super().__init__(*args, **kw)
        stamp = f"D:{page.created or date(2000, 1, 1):%Y%m%d}000000+08'00'"
        self._doc.setDateFormatter(lambda *_: stamp)
        self._numbered = numbered
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self._numbered and self._official:
                self._official_number(number)
            elif self._numbered:
                self.setFont(FONT, 9)
                self.setFillColor(colors.black)
                self.drawCentredString(PAGE_W / 2, MARGIN - 12 * mm, f"第 {number} 页　共 {total} 页")
            Canvas.showPage(self)
        Canvas.save(self)


    def _official_number(self, number: int) -> None:
        """GB/T 9704-2012 7.5: 四号 half-width numerals between em dashes, 7 mm below the type area, one
        character in from the outside edge (odd pages right, even pages left)."""
        self.setFont(TITLE_FONT, PAGE_NO_PT)
        self.setFillColor(colors.black)
        text, y = f"— {number} —", PAGE_H - OFFICIAL_TOP - OFFICIAL_H - 7 * mm - PAGE_NO_PT * 0.8
        if number % 2:
            self.drawRightString(OFFICIAL_LEFT + OFFICIAL_W - PAGE_NO_PT, y, text)
        else:
            self.drawString(OFFICIAL_LEFT + PAGE_NO_PT, y, text)


# reportlab keeps per-font subsetting state in globals: two builds at once corrupt each other's fonts.
BUILD_LOCK = threading.RLock()


def build_pdf(story: list, page: Page) -> bytes:
    """Lay out a story on A4 with the standard margins and decorations; returns the PDF bytes."""
    with BUILD_LOCK:
        return _build_pdf(story, page)


def _build_pdf(story: list, page: Page) -> bytes:
    font()
    buf = io.BytesIO()
    meta: dict[str, Any] = {"title": page.title, "author": page.author or page.organization, "creator": "votedesk",
                            "invariant": 1}
    deco = partial(_decorate, page=page)
    canvasmaker = partial(NumberedCanvas, page=page)
    if not page.official:
        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN, **meta)
        doc.build(story, onFirstPage=deco, onLaterPages=deco, canvasmaker=canvasmaker)
        return buf.getvalue()
    # The frame is the type area itself (no padding), so text starts 37 mm from the top and 28 mm from the left.
    area = Frame(OFFICIAL_LEFT, PAGE_H - OFFICIAL_TOP - OFFICIAL_H, OFFICIAL_W, OFFICIAL_H, id="type_area",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    official = BaseDocTemplate(buf, pagesize=A4, pageTemplates=[PageTemplate("official", [area], onPage=deco)], **meta)
    official.build(story, canvasmaker=canvasmaker)
    return buf.getvalue()


def page_for(org: Any, election: Any, title: str, created: date | None, official: bool = False) -> Page:
    """The Page of a document of ``election`` held by ``org``; an official paper carries no election fingerprint."""
    return Page(org.name, "" if official else election.fingerprint, election.rehearsal, created, title, org.committee,
                official)
