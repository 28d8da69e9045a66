"""Flowables shared by the documents: issuing body with date and seal box, signature lines."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.core.reports.styles import BODY_FONT, BODY_LEADING, BODY_PT, FONT, TEXT_W, cn_date, escape, styles, with_fallback

SEAL_D = 42 * mm  # an organization's round seal is 40–42 mm


def attachment_list(names: Sequence[str]) -> list[Paragraph]:
    """附件说明 (GB/T 9704-2012 7.3.5): under the text, two characters in, 附件：1.… with later items under the first."""
    out = []
    for i, name in enumerate(names, start=1):
        # Later items start under the first one's number: 附件： is three body characters.
        style = ParagraphStyle(f"att{i}", parent=styles()["o_body"], firstLineIndent=0,
                               leftIndent=2 * BODY_PT + (3 * BODY_PT if i > 1 else 0))
        number = f"{i}." if len(names) > 1 else ""  # a single attachment is not numbered
        out.append(Paragraph(with_fallback(escape(f"{'附件：' if i == 1 else ''}{number}{name}"), BODY_FONT), style))
    return out


def doc_number(number: str) -> Paragraph:
    """发文字号 centred under the title (the papers have no 版头 to carry it); empty until the paper is issued."""
    return Paragraph(with_fallback(escape(number), BODY_FONT), styles()["o_number"])


def contact_line(contact: str, phone: str) -> list[Paragraph]:
    """附注 （联系人：…，电话：…） the line under the date, two characters in (GB/T 9704-2012 7.3.7), when recorded."""
    if not contact and not phone:
        return []
    parts = [f"联系人：{contact}" if contact else "", f"电话：{phone}" if phone else ""]
    return [Paragraph(with_fallback(escape("（" + "，".join(p for p in parts if p) + "）"), BODY_FONT), styles()["o_body"])]


class IssuerBlock(Flowable):
    """发文机关署名 centred over 成文日期, the date four characters in from the right (GB/T 9704-2012 7.3.5.1),
    with a blank line above where the seal's top goes. Nothing is drawn for the seal: a paper not yet sealed
    or signed shows nothing there."""

    def __init__(self, issuer: str, on: date | None) -> None:
        super().__init__()
        self.issuer, self.on = issuer, on
        self.lines = [issuer, cn_date(on)]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, 3 * BODY_LEADING

    def date_centre(self) -> float:
        """The x of the date's (and the name's, and the seal's) centre line."""
        return self.width - 4 * BODY_PT - stringWidth(self.lines[1], BODY_FONT, BODY_PT) / 2

    def draw(self) -> None:
        c = self.canv
        centre = self.date_centre()
        base = BODY_LEADING * 0.3
        for text, y in ((self.issuer, base + BODY_LEADING), (self.lines[1], base)):
            # A name the body face cannot draw whole is set in WenQuanYi rather than with blank boxes.
            c.setFont(BODY_FONT if text == with_fallback(text, BODY_FONT) else FONT, BODY_PT)
            c.drawCentredString(centre, y, text)


class SignatureLines(Flowable):
    """For each role a label and one line to sign per person (names, if known, printed small under)."""

    ROW = 10 * mm
    LABEL = 48 * mm
    PER_ROW = 3

    def __init__(self, roles: Sequence[tuple[str, Sequence[str]]], on: date | None) -> None:
        super().__init__()
        self.roles = [(role, list(names) or [""]) for role, names in roles]
        self.on = on
        self.rows = sum(-(-len(n) // self.PER_ROW) for _, n in self.roles) + (on is not None)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = min(aw, TEXT_W)
        return self.width, self.rows * self.ROW

    def draw(self) -> None:
        c = self.canv
        slot = (self.width - self.LABEL) / self.PER_ROW
        y = self.rows * self.ROW - self.ROW + 4 * mm
        for role, names in self.roles:
            c.setFont(FONT, 11)
            c.drawString(0, y, f"{role}（签名）：")
            for i, name in enumerate(names):
                x = self.LABEL + (i % self.PER_ROW) * slot
                c.setLineWidth(0.5)
                c.line(x, y - 1, x + slot - 6 * mm, y - 1)
                if name:
                    c.setFont(FONT, 8)
                    c.setFillColor(colors.Color(0.4, 0.4, 0.4))
                    c.drawCentredString(x + (slot - 6 * mm) / 2, y - 4 * mm, name)
                    c.setFillColor(colors.black)
                if i % self.PER_ROW == self.PER_ROW - 1 and i + 1 < len(names):
                    y -= self.ROW
            y -= self.ROW
        if self.on is not None:
            c.setFont(FONT, 11)
            c.drawString(0, y, f"日期：{cn_date(self.on)}")
