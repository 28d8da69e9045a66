"""Render every document of the demo election to PDF and PNG (pdftoppm) in docs/documents/."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.core.reports.bundle import build_all  # noqa: E402
from app.core.reports.demo import demo_report_data  # noqa: E402


def _to_png(pdf: bytes, out: Path, stem: str, dpi: int, last_page: int | None) -> None:
    path = out / f"{stem}.pdf"
    path.write_bytes(pdf)
    pages = ["-l", str(last_page)] if last_page else []
    subprocess.run(["pdftoppm", "-r", str(dpi), *pages, "-png", str(path), str(out / stem)], check=True)
    path.unlink()


def render(out: Path, dpi: int) -> list[Path]:
    """Every page of every demo document as <name>-<page>.png, plus the rehearsal variant of two of them.

    Ballot sheets are all alike, so only the first sheet of each ballot is rendered."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found: install poppler-utils")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    for name, pdf in build_all(demo_report_data()).items():
        _to_png(pdf, out, Path(name).stem, dpi, 1 if "ballot" in name else None)
    rehearsal = build_all(demo_report_data(rehearsal=True))
    for name in ("05-ballot-1.pdf", "07-result-report.pdf"):
        _to_png(rehearsal[name], out, "rehearsal-" + Path(name).stem, dpi, 1)
    return sorted(out.glob("*.png"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "documents")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args()
    for png in render(args.out.resolve(), args.dpi):
        print(png.relative_to(REPO) if png.is_relative_to(REPO) else png)


if __name__ == "__main__":
    main()
