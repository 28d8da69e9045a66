"""The organization's seal as the signature field's appearance: a red ring with the name, placed where the paper seals."""
from __future__ import annotations

import io
import math
from typing import Any

import pypdf
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.reports.parts import SEAL_D
from app.core.reports.styles import BODY_FONT, BODY_LEADING, BUILD_LOCK, TITLE_FONT, font

RED = colors.Color(0.85, 0.1, 0.1)


def seal_pdf(organization: str, diameter: float = SEAL_D) -> bytes:
    """A one-page PDF the size of the seal: the ring, the name along its upper arc, the star in the middle."""
    with BUILD_LOCK:
        font()
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=(diameter, diameter), invariant=1)
        r = diameter / 2
        c.translate(r, r)
        c.setStrokeColor(RED)
        c.setFillColor(RED)
        c.setLineWidth(1.2 * mm)
        c.circle(0, 0, r - 0.8 * mm, stroke=1, fill=0)
        _star(c, r * 0.3)
        _ring_text(c, organization, r - 6 * mm)
        c.showPage()
        c.save()
        return buf.getvalue()


def _star(c: Canvas, outer: float) -> None:
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = [((outer if i % 2 == 0 else inner) * math.cos(math.radians(90 + 36 * i)),
               (outer if i % 2 == 0 else inner) * math.sin(math.radians(90 + 36 * i))) for i in range(10)]
    path = c.beginPath()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _ring_text(c: Canvas, text: str, radius: float) -> None:
    """The name upright along the upper arc, from lower left to lower right (as organization seals are cut)."""
    size = min(5.5 * mm, 2 * math.pi * radius * (240 / 360) / max(1, len(text)) * 0.85)
    span = min(240.0, len(text) * math.degrees(size * 1.1 / radius))
    step = span / max(1, len(text) - 1)
    for i, ch in enumerate(text):
        angle = 90 + span / 2 - i * step
        c.saveState()
        c.rotate(angle)
        c.translate(radius, 0)
        c.rotate(-90)
        c.setFont(TITLE_FONT, size)
        c.drawCentredString(0, -size / 2, ch)
        c.restoreState()


def seal_box(pdf: bytes, issuer: str, dated: str) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, box) of the seal on a paper: centred over the issuer's name and the date (GB/T 9704-2012
    7.3.5.1), found from where the paper printed them (the last such pair: the closing before the attachments)."""
    found: list[tuple[int, float, float]] = []
    for index, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages):
        runs: list[tuple[float, float, str]] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
            if text.strip():
                runs.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))
        page.extract_text(visitor_text=visit)
        for x, y, text in runs:
            if text == dated and any(t == issuer and 0 < ny - y < 2 * BODY_LEADING for _, ny, t in runs):
                found.append((index, x + _width(text) / 2, y))
    if not found:
        raise ValueError("the paper prints no issuer and date to seal")
    index, cx, y = found[-1]
    # The name and the date sit in the lower half of the seal (GB/T 9704-2012 7.3.5.1).
    cy, r = y + BODY_LEADING * 1.6, SEAL_D / 2
    return index, (cx - r, cy - r, cx + r, cy + r)


def _width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font()
    return stringWidth(text, BODY_FONT, 16)


def seal_signature_parts(pdf: bytes, organization: str, issuer: str, dated: str, field_name: str) -> tuple[Any, Any]:
    """(SigFieldSpec, StaticStampStyle) for pyHanko's PdfSigner(new_field_spec=…, stamp_style=…): a visible
    signature field in the seal position whose appearance is the seal (for app/core/signing/pdfsign.py)."""
    from pyhanko.sign.fields import SigFieldSpec
    from pyhanko.stamp import StaticStampStyle

    page, box = seal_box(pdf, issuer, dated)
    x1, y1, x2, y2 = (round(v) for v in box)  # pyHanko takes whole points
    spec = SigFieldSpec(field_name, on_page=page, box=(x1, y1, x2, y2))
    return spec, StaticStampStyle(background=_SealPage(seal_pdf(organization)), background_opacity=1, border_width=0)


def _seal_page_class() -> Any:
    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader

    class SealPage(PdfContent):
        """The seal PDF as a form XObject, under a fixed resource name (pyHanko's ImportedPdfPage names it at
        random, which would make two signings of the same paper differ)."""

        def __init__(self, data: bytes) -> None:
            super().__init__()
            self.data = data

        def render(self) -> bytes:
            writer = self._ensure_writer
            xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
            self.resources.xobject["/Seal"] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return b"/Seal Do"
    return SealPage


def _SealPage(data: bytes) -> Any:  # noqa: N802 - a class built on first use (pyHanko imports stay lazy)
    return _seal_page_class()(data)
