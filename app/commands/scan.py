"""`votedesk scan`: read a folder of scanned ballots into a round, headless (the review queue is in the app)."""
from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

from app.commands.common import _say
from app.core.errors import InputError
from app.core.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the scan subcommand."""
    p = sub.add_parser("scan", help="read a folder of scanned ballots (PNG, JPEG, TIFF, PDF) into round N of FILE")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--round", type=int, required=True, metavar="N", help="round number (1 = first round opened)")
    p.add_argument("folder", metavar="FOLDER")
    p.add_argument("--share", type=int, default=10, metavar="PERCENT",
                   help="share of the pages read to key again by hand as a check (default 10)")
    p.set_defaults(run=run_scan)


def run_scan(args: argparse.Namespace) -> int:
    from app.core.scan.batch import read_folder
    from app.core.workflow import Election
    from app.core.workflow.scanning import REFUSALS

    if not 0 <= args.share <= 100:
        raise InputError("--share", "a percentage from 0 to 100")
    e = Election.open(args.file)
    try:
        rounds = e.rounds()
        if not 1 <= args.round <= len(rounds):
            raise InputError("--round", f"FILE has rounds 1 to {len(rounds)}, not {args.round}")
        rid = rounds[args.round - 1].id
        layout = e.scan_layout(rid)
        if layout is None:
            raise InputError("--round", "this round's ballot is printed over several sheets: key it by hand")
        result = e.record_scans(rid, read_folder(Path(args.folder), layout), Fraction(args.share, 100))
        if not result.ok:
            for r in result.reasons:
                _say(r.message())
            return 1
        s = result.value
        _say(_("Read: {saved} saved as ballots, {review} to decide, {check} to key by hand, {refused} not counted")
             .format(saved=s.saved, review=s.review, check=s.check, refused=len(s.refused)))
        for name, code, params in s.refused:
            _say(f"{name}: {_(REFUSALS.get(code, code)).format(**params)}")
        return 0
    finally:
        e.close()
