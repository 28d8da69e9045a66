"""Flowables shared by the documents: issuing body with date and seal box, signature lines."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.core.reports.styles import FONT, TEXT_W, cn_date, escape, styles

SEAL_D = 42 * mm  # an organization's round seal is 40–42 mm


def attachment_list(names: Sequence[str]) -> list[Paragraph]:
    """附件：1．… with the following items aligned under the first (official-document layout)."""
    out = []
    for i, name in enumerate(names, start=1):
        # Later items start under the first one's number: 附件： is three 12 pt characters.
        style = ParagraphStyle(f"att{i}", parent=styles()["body"], firstLineIndent=0, leftIndent=24 + (36 if i > 1 else 0))
        number = f"{i}．" if len(names) > 1 else ""  # a single attachment is not numbered
        out.append(Paragraph(escape(f"{'附件：' if i == 1 else ''}{number}{name}"), style))
    return out


def doc_number(number: str) -> Paragraph:
    """发文字号 centred under the title block (GB/T 9704-2012 7.2.4); blank lines stay out of an unissued draft."""
    return Paragraph(escape(number), styles()["number"])


def contact_line(contact: str, phone: str) -> list[Paragraph]:
    """（联系人：…，电话：…）under the date of a request (GB/T 9704-2012 7.3.7), when recorded."""
    if not contact and not phone:
        return []
    parts = [f"联系人：{contact}" if contact else "", f"电话：{phone}" if phone else ""]
    return [Paragraph(escape("（" + "，".join(p for p in parts if p) + "）"), styles()["body"])]


class IssuerBlock(Flowable):
    """Issuing body and date right-aligned, with a dashed round box where the seal goes over them."""

    def __init__(self, issuer: str, on: date | None, seal: bool = True) -> None:
        super().__init__()
        self.issuer, self.on, self.seal = issuer, on, seal
        self.lines = [issuer, cn_date(on)]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, SEAL_D + 4 * mm

    def draw(self) -> None:
        c = self.canv
        c.setFont(FONT, 12)
        right = self.width - 4 * mm
        centre_x = right - max(c.stringWidth(s, FONT, 12) for s in self.lines) / 2
        mid = SEAL_D / 2 + 2 * mm
        c.drawCentredString(centre_x, mid + 2 * mm, self.issuer)
        c.drawCentredString(centre_x, mid - 6 * mm, self.lines[1])
        if self.seal:
            c.saveState()
            c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
            c.setDash(3, 2)
            c.circle(centre_x, mid, SEAL_D / 2)
            c.setFillColor(colors.Color(0.55, 0.55, 0.55))
            c.setFont(FONT, 8)
            c.drawCentredString(centre_x, mid - SEAL_D / 2 + 3 * mm, "（盖章）")
            c.restoreState()


class SignatureLines(Flowable):
    """For each role a label and one line to sign per person (names, if known, printed small under)."""

    ROW = 14 * mm
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
