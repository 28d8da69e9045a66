"""`votedesk demo`, `votedesk count-input` and `votedesk audit`: the election file, headless."""
from __future__ import annotations

import argparse
import json
import sys

from app.core import audit
from app.core.errors import InputError, UserFacingError
from app.core.messages import message
from app.core.storage import ballots as sb
from app.core.storage import database
from app.core.workflow import count_input


def register(sub: argparse._SubParsersAction) -> None:
    """Add the election-file subcommands."""
    p = sub.add_parser("demo", help="write a complete demo election to FILE (a new *.votedesk file)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--stop-at", choices=["counting"], help="stop with the formal round waiting to be counted")
    p.add_argument("--path", choices=["preliminary", "direct", "direct_approved", "by_election"],
                   help="another kind of election (issue 14): preliminary then formal, the secretary elected by the "
                   "assembly (a branch without a committee, or approved), a by-election of one vacant seat")
    p.set_defaults(run=run_demo)
    p = sub.add_parser("count-input", help="print round N of FILE as a votedesk-count/1 document")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--round", type=int, required=True, metavar="N", help="round number (1 = first round opened)")
    p.set_defaults(run=run_count_input)
    p = sub.add_parser("audit", help="verify FILE's audit log and rows; exit 0 intact, 1 broken, 2 unreadable")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--quiet", action="store_true", help="print only the verdict")
    p.set_defaults(run=run_audit)


def run_demo(args: argparse.Namespace) -> int:
    """Write the demo election."""
    from app.core.demo import create_demo
    from app.core.demo_paths import create_path_demo

    if getattr(args, "path", None):
        path = create_path_demo(args.file, args.path)
    else:
        path = create_demo(args.file, stop_at=args.stop_at)
    print(f"votedesk demo: wrote {path}")
    return 0


def run_count_input(args: argparse.Namespace) -> int:
    """Print one round's count document (ballots in random-id order, no voter link)."""
    db = database.open_file(args.file)
    try:
        rounds = sb.rounds(db)
        if not 1 <= args.round <= len(rounds):
            raise InputError("--round", f"FILE has rounds 1 to {len(rounds)}, not {args.round}")
        doc = count_input(db, rounds[args.round - 1].id)
    finally:
        db.close()
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _print_log(entries: list) -> None:
    for e in entries:
        params = json.dumps(e.params, ensure_ascii=False, sort_keys=True)
        print(f"#{e.seq:<5} {e.at or '-':19}  {e.event:22} {params}  rows={len(e.rows)}  {e.hash[:12]}")


def _problem_line(p: audit.Problem) -> str:
    text = message(p.code, seq=p.seq, row=p.row or "", event="")
    return f"entry #{p.seq} [{p.code}]: {text}" if p.seq else f"[{p.code}] {text}"


def run_audit(args: argparse.Namespace) -> int:
    """Verify the chain and every row; print the log, then the verdict naming the first bad entry."""
    try:
        db = database.open_file(args.file)
    except UserFacingError as exc:
        print(f"votedesk audit: {exc}", file=sys.stderr)
        return 2
    try:
        report = audit.verify_audit(db)
        if not args.quiet:
            _print_log(audit.entries(db))
    finally:
        db.close()
    if report.ok:
        print(f"audit: intact ({report.entries} entries)")
        return 0
    first = report.first_bad
    print(f"audit: BROKEN at entry #{first.seq}" + (f" ({first.row})" if first.row else ""))
    for p in report.problems:
        print("  " + _problem_line(p))
    return 1
