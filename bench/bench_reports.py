"""Time to build the result report (demo, 300-delegate congress) as a ratio to one plain page in the same font."""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import pypdf  # noqa: E402
from bench.common import header, median_seconds, row  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from app.core.reports import styles  # noqa: E402
from app.core.reports.ballot import ballot_pdf  # noqa: E402
from app.core.reports.bundle import build_all  # noqa: E402
from tests.fixtures.congress import congress_report_data  # noqa: E402
from tests.fixtures.report_demo import demo_report_data  # noqa: E402
from app.core.reports.result_report import result_report_pdf  # noqa: E402


def plain_page() -> bytes:
    """The baseline: one A4 page with one paragraph in the same embedded font, no decorations."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1)
    doc.build([Paragraph("中共和平街道幸福里社区支部委员会换届选举结果的报告 2026年3月15日", styles.styles()["body"])])
    return buf.getvalue()


def main() -> int:
    t0 = time.perf_counter()
    styles.font()  # parsing the 5 MB .ttc happens once per process; reported on its own
    load = time.perf_counter() - t0
    demo, congress = demo_report_data(), congress_report_data()
    base = median_seconds(plain_page, repeat=15)
    row("font load (once per process) vs one plain page", load, base)
    for label, docs, n in (("demo", demo, 9), ("300-delegate congress", congress, 9)):
        pages = len(pypdf.PdfReader(io.BytesIO(result_report_pdf(docs.result))).pages)
        row(f"result report, {label} ({pages} pages)", median_seconds(lambda: result_report_pdf(docs.result), n), base)
    spec, copies = congress.ballots[0]
    row(f"ballots, congress ({copies} copies, 40 names)",
        median_seconds(lambda: ballot_pdf(congress.org, congress.election, spec, copies, congress.created), 5), base)
    row("every document, demo", median_seconds(lambda: build_all(demo), 3), base)
    row("every document, congress", median_seconds(lambda: build_all(congress), 3), base)
    return 0


if __name__ == "__main__":
    header()
    sys.exit(main())
