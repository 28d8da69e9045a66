"""A folder of scans read page by page (no storage): what each page holds, for the scanning service to record."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from app.core.scan import images
from app.core.scan.classify import DOUBT, EMPTY
from app.core.scan.reader import PageRead, read_page

UNREADABLE_FILE = "unreadable_file"


@dataclass(frozen=True)
class ScannedPage:
    """One page: its name and image hash, and the reading as plain data (JSON in the election file)."""

    name: str
    path: str
    sha256: str
    read: dict[str, Any]

    @property
    def refused(self) -> str:
        return str(self.read.get("refused", ""))

    @property
    def doubts(self) -> int:
        """Boxes a person must decide: doubtful boxes, and every write-in row with anything in it."""
        return (sum(s == DOUBT for s in self.read.get("boxes", ()))
                + sum(bool(w) or s != EMPTY for w, s in self.read.get("write_ins", ())))


def as_data(r: PageRead) -> dict[str, Any]:
    """A reading as JSON-able data: states, doubts' reasons and each mark's shape (for same-sheet checks)."""
    if r.refused:
        return {"refused": r.refused, **({"code": r.code} if r.code is not None else {}), **r.extra}
    return {"boxes": [b.state for b in r.boxes], "why": [b.why for b in r.boxes],
            "write_ins": [[w.written, w.box.state] for w in r.write_ins],
            "sigs": [list(b.sig) for b in r.boxes] + [list(w.box.sig) for w in r.write_ins]}


def read_file(path: Path, layout: dict[str, Any]) -> Iterator[ScannedPage]:
    """Every page of one file read against ``layout``; a file that cannot be opened is one refused page."""
    try:
        for page in images.pages(path):
            yield ScannedPage(page.name, str(path), page.sha256, as_data(read_page(page.image, page.dpi, layout)))
    except (OSError, ValueError) as exc:  # not an image, truncated, a PDF that does not open
        yield ScannedPage(path.name, str(path), "0" * 64, {"refused": UNREADABLE_FILE, "detail": type(exc).__name__})


def read_folder(folder: Path, layout: dict[str, Any], progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[ScannedPage]:
    """Read every scan file of ``folder`` in name order; ``progress(done, files)`` after each file."""
    files = images.scan_files(folder)
    out: list[ScannedPage] = []
    for n, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            break
        out.extend(read_file(path, layout))
        if progress is not None:
            progress(n, len(files))
    return out
