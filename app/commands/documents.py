"""`votedesk documents FILE DIR`: write every paper of an election as PDF."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.core.documents import build_documents
from app.core.workflow import Election


def register(sub: argparse._SubParsersAction) -> None:
    """Add the documents subcommand."""
    p = sub.add_parser("documents", help="write every document of an election file as PDF into DIR")
    p.add_argument("file", help="election file (*.votedesk)")
    p.add_argument("dir", help="output folder (created if missing)")
    p.add_argument("--date", help="date printed on undated papers (YYYY-MM-DD; default today)")
    p.set_defaults(run=run_documents)


def run_documents(args: argparse.Namespace) -> int:
    """Build the PDFs and print their names."""
    today = date.fromisoformat(args.date) if args.date else date.today()
    election = Election.open(args.file)
    try:
        docs = build_documents(election.db, today)
    finally:
        election.close()
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, pdf in docs.items():
        (out / name).write_bytes(pdf)
        print(out / name)
    return 0
