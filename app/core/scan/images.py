"""Pages of a scan folder: PNG, JPEG, TIFF (every frame) and PDF (every page, via pypdfium2), as grey images."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PIL import Image, ImageSequence

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
PDF_DPI = 200  # a PDF page is drawn at this resolution (scanners' PDFs hold 150-600 dpi images)
DEFAULT_DPI = 200


@dataclass(frozen=True)
class Page:
    """One page image: its name for people (file, and page number when a file holds several)."""

    name: str
    path: Path
    image: Image.Image  # mode "L"
    dpi: float  # from the file; without one, guessed from an A4 scanner bed
    sha256: str  # of the decoded pixels: the same page saved twice hashes the same


def scan_files(folder: Path) -> list[Path]:
    """The files of a folder a scan can be read from, in name order (the order the scanner wrote them)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_TYPES + (".pdf",))


def _dpi(img: Image.Image) -> float:
    dpi = img.info.get("dpi")
    if dpi and float(dpi[0]) >= 72:
        return float(dpi[0])
    # No resolution in the file: assume the page is an A4 scanner bed (297 mm on its long side).
    return max(img.size) / (297 / 25.4)


def _grey(img: Image.Image) -> Image.Image:
    return img if img.mode == "L" else img.convert("L")


def _hash(img: Image.Image) -> str:
    h = hashlib.sha256(f"{img.size[0]}x{img.size[1]}:".encode())
    h.update(img.tobytes())
    return h.hexdigest()


def _pdf_pages(path: Path) -> Iterator[tuple[Image.Image, float, int]]:
    import pypdfium2 as pdfium  # only when a PDF is read

    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            yield page.render(scale=PDF_DPI / 72, grayscale=True).to_pil(), float(PDF_DPI), len(pdf)
    finally:
        pdf.close()


def _frames(path: Path) -> Iterator[tuple[Image.Image, float, int]]:
    """(image, dpi, pages in the file), one page at a time: a 300-page PDF is never held whole."""
    if path.suffix.lower() == ".pdf":
        yield from _pdf_pages(path)
        return
    with Image.open(path) as img:
        count = getattr(img, "n_frames", 1)
        for frame in ImageSequence.Iterator(img):
            yield frame.copy(), _dpi(frame), count


def pages(path: Path) -> Iterator[Page]:
    """Every page of one file (a file that cannot be read raises OSError)."""
    for n, (img, dpi, count) in enumerate(_frames(path), start=1):
        grey = _grey(img)
        yield Page(path.name if count == 1 else f"{path.name} p{n}", path, grey, dpi, _hash(grey))


def page(path: Path, name: str) -> Page | None:
    """The page of a file with this name (the review queue opens it again), or None if it is gone."""
    try:
        return next((p for p in pages(path) if p.name == name), None)
    except OSError:
        return None
