"""Render every paper of the demo election (its file, papers issued) to PNG (pdftoppm) in docs/documents/."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.core.demo import create_demo  # noqa: E402
from app.core.documents import build_documents  # noqa: E402
from app.core.storage import setup as ss  # noqa: E402
from app.core.workflow import Election  # noqa: E402

# What an operator of the demo branch enters: the outgoing committee's election date, reply titles, contacts.
TERM_STARTED = "2019-05-16"
REPLY_TITLES = {"hold_election": "关于同意青石社区支部委员会换届选举的批复",
                "candidates": "关于青石社区支部委员会委员候选人预备人选的批复",
                "secretary": "关于周强等同志任职的批复"}
CONTACT = ("刘芳", "0571-8765 4321")
WORK_REPORT = "中共青石社区支部委员会工作报告"
DUTIES = {"王建国": "书记", "李秀英": "副书记", "刘洋": "组织委员", "张伟": "宣传委员", "杨帆": "纪检委员"}


def issue_demo_papers(e: Election) -> None:
    """Set the demo's facts and issue each official paper with the numbers and dates proposed, as confirmed."""
    papers = e
    papers.set_term_started(TERM_STARTED)
    papers.set_work_report(WORK_REPORT)
    papers.set_duties(DUTIES)
    for r in ss.replies(e.db):
        if r["subject"] in REPLY_TITLES:
            papers.set_reply_title(r["id"], REPLY_TITLES[r["subject"]])
    for kind in ("election_request", "candidate_request", "result_report", "officer_request"):
        draft = papers.paper_draft(kind)
        if draft.doc_no and draft.dated:
            contact = CONTACT if kind.endswith("request") else ("", "")
            papers.issue_paper(kind, draft.doc_no, draft.dated, *contact)


def demo_documents(rehearsal: bool = False) -> dict[str, bytes]:
    """Every paper of the demo election, its papers issued."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.votedesk"
        create_demo(path)
        e = Election.open(path)
        try:
            if rehearsal:
                e.db.execute("UPDATE election SET rehearsal = 1")  # a rendering variant only, never saved
            issue_demo_papers(e)
            return build_documents(e.db)
        finally:
            e.close()


def _to_png(pdf: bytes, out: Path, stem: str, dpi: int, last_page: int | None) -> None:
    path = out / f"{stem}.pdf"
    path.write_bytes(pdf)
    pages = ["-l", str(last_page)] if last_page else []
    subprocess.run(["pdftoppm", "-r", str(dpi), *pages, "-png", str(path), str(out / stem)], check=True)
    path.unlink()


def render(out: Path, dpi: int) -> list[Path]:
    """Every page of every demo paper as <name>-<page>.png, plus the rehearsal variant of two of them.

    Ballot sheets are all alike, so only the first sheet of each ballot is rendered."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found: install poppler-utils")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    for name, pdf in demo_documents().items():
        _to_png(pdf, out, Path(name).stem, dpi, 1 if "ballot" in name else None)
    rehearsal = demo_documents(rehearsal=True)
    for name in ("05-ballot-1.pdf", "07-result-report.pdf"):
        _to_png(rehearsal[name], out, "rehearsal-" + Path(name).stem, dpi, 1)
    # A 300-delegate congress (report data of tests/fixtures/congress.py, papers not issued): first page of each.
    from app.core.reports.bundle import build_all
    from tests.fixtures.congress import congress_report_data

    for name, pdf in build_all(congress_report_data()).items():
        _to_png(pdf, out, "congress-" + Path(name).stem, dpi, 1)
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
