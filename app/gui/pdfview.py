"""PDF bytes to QImages with PDFium (pypdfium2), and printing a PDF through a QPrinter; safe off the GUI thread."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

# PDFium is not thread-safe, not even across documents: every call into it holds this lock.
_PDFIUM = threading.Lock()
POINTS_PER_INCH = 72.0
# Printing sends one greyscale image per page. Measured on the 300-delegate ballots (301 pages) to a PDF
# printer: 300 dpi takes 0.15 s and 0.8 MB per page, 600 dpi 0.54 s and 2.4 MB (3 minutes for the run).
# 300 dpi with anti-aliasing keeps 9-point text crisp on an office laser printer.
MAX_PRINT_DPI = 300
ProgressFn = Callable[[int, int], None]


class PrintCancelled(Exception):
    """The user stopped a print job (the printer was told to abort)."""


@dataclass(frozen=True)
class PageSize:
    """A page's size in PDF points (1/72 inch)."""

    width: float
    height: float


def page_sizes(data: bytes) -> list[PageSize]:
    """The size of every page of a PDF (fast: nothing is rendered)."""
    with _PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            return [PageSize(*doc.get_page_size(i)) for i in range(len(doc))]
        finally:
            doc.close()


def page_count(data: bytes) -> int:
    """The number of pages of a PDF."""
    return len(page_sizes(data))


def _image(doc: pdfium.PdfDocument, index: int, dpi: float, gray: bool) -> QImage:
    page = doc[index]
    try:
        # rev_byteorder gives RGB, which QImage reads directly; greyscale is a third of the memory.
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=gray, rev_byteorder=not gray)
        fmt = QImage.Format.Format_Grayscale8 if gray else QImage.Format.Format_RGB888
        # The bitmap's memory belongs to PDFium: copy before it is freed.
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
        bitmap.close()
        return image
    finally:
        page.close()


def render_pages(data: bytes, indices: list[int], dpi: float, gray: bool = False) -> list[QImage]:
    """Render the given pages (0-based) at ``dpi``; QImages may be made in any thread."""
    with _PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            return [_image(doc, i, dpi, gray) for i in indices]
        finally:
            doc.close()


def render_page(data: bytes, index: int, dpi: float, gray: bool = False) -> QImage:
    """One page as an image (tests, screenshots)."""
    return render_pages(data, [index], dpi, gray)[0]


def prepare_printer(printer: QPrinter, data: bytes, title: str) -> None:
    """Set the paper to the document's first page (A4 for our papers) before the print dialog opens."""
    sizes = page_sizes(data)
    if sizes:
        first = sizes[0]
        size = QPageSize(QSizeF(first.width, first.height), QPageSize.Unit.Point)
        landscape = first.width > first.height
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    # Our PDFs carry their own margins: the page is printed at its real size, not shrunk to the printable area.
    printer.setFullPage(True)
    printer.setDocName(title)


def page_order(printer: QPrinter, pages: int) -> list[int]:
    """The 0-based pages to paint, honouring the chosen range and, when the system cannot, copies/collate."""
    first, last = printer.fromPage(), printer.toPage()
    chosen = list(range(first - 1, min(last, pages))) if first > 0 and last > 0 else list(range(pages))
    if printer.supportsMultipleCopies():
        return chosen  # the print system makes the copies (QPrinter.copyCount and collateCopies)
    copies = max(1, printer.copyCount())
    if printer.collateCopies():
        return chosen * copies
    return [p for p in chosen for _ in range(copies)]


def _target(printer: QPrinter, image: QImage) -> QRectF:
    """The page rectangle, keeping the page's proportions (centred if the paper differs)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    return QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h)


def print_pdf(data: bytes, printer: QPrinter, progress: ProgressFn | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> int:
    """Paint every page onto ``printer`` at its resolution (capped), one page in memory at a time.

    QPainter may paint on a QPrinter outside the GUI thread, so this runs in the worker.
    :returns: the number of pages sent; raises PrintCancelled (after aborting the job) if cancelled
    """
    order = page_order(printer, page_count(data))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for n, index in enumerate(order):
            if cancelled():
                printer.abort()
                raise PrintCancelled()
            if n:
                printer.newPage()
            # The papers are black and grey only, so greyscale loses nothing and saves memory.
            image = render_page(data, index, dpi, gray=True)
            painter.drawImage(_target(printer, image), image)
            if progress:
                progress(n + 1, len(order))
    finally:
        painter.end()
    return len(order)
