"""`votedesk boxes|station-kit|station-open|station-key|station-export|station-import|stations|station-merge`: counting by stations, headless."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.commands.common import _read, _say, _write_new
from app.core.errors import InputError
from app.core.workflow.types import ActionResult


def register(sub: argparse._SubParsersAction) -> None:
    """Add the counting-station subcommands."""
    p = sub.add_parser("boxes", help="split round N's returned ballots of FILE into named boxes (NAME=COUNT …)")
    _main_args(p)
    p.add_argument("box", nargs="+", metavar="NAME=COUNT")
    p.set_defaults(run=run_boxes)
    p = sub.add_parser("station-kit", help="write the signed station kit of a teller group (for its USB stick)")
    _main_args(p)
    p.add_argument("--station", required=True, help="the teller group's name")
    p.add_argument("--box", action="append", required=True, metavar="NAME", help="a box given to it (repeat)")
    p.add_argument("-o", "--output", required=True, metavar="KIT.vdkit")
    p.set_defaults(run=run_kit)
    p = sub.add_parser("station-open", help="make a station file from a kit (station mode: its boxes only)")
    p.add_argument("kit", metavar="KIT.vdkit")
    p.add_argument("-o", "--output", required=True, metavar="STATION.vdstation")
    p.set_defaults(run=run_open)
    p = sub.add_parser("station-key", help="key a box's ballots at a station from a JSON-lines file")
    p.add_argument("station", metavar="STATION.vdstation")
    p.add_argument("--box", required=True)
    p.add_argument("--pass", dest="pass_no", type=int, choices=(1, 2), default=1, help="1 record, 2 check entry")
    p.add_argument("ballots", metavar="BALLOTS.jsonl",
                   help='one ballot a line: {"marks": {"name": "yes"|"no"|…}, "write_ins": [], "spoiled": false}')
    p.set_defaults(run=run_key)
    p = sub.add_parser("station-export", help="write a station's signed partial count")
    p.add_argument("station", metavar="STATION.vdstation")
    p.add_argument("--teller", action="append", required=True, help="a teller who counted (repeat)")
    p.add_argument("-o", "--output", required=True, metavar="PART.vdpart")
    p.set_defaults(run=run_export)
    p = sub.add_parser("station-import", help="verify and import stations' partial counts into round N of FILE")
    _main_args(p)
    p.add_argument("partial", nargs="+", metavar="PART.vdpart")
    p.set_defaults(run=run_import)
    p = sub.add_parser("stations", help="show each station's progress (main station) or each box's (station file)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--round", type=int, metavar="N")
    p.set_defaults(run=run_progress)
    p = sub.add_parser("station-merge", help="count round N from the union of the stations' partials and close it")
    _main_args(p)
    p.set_defaults(run=run_merge)


def _main_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--round", type=int, required=True, metavar="N", help="round number (1 = first round opened)")


def _election(args: argparse.Namespace) -> tuple[Any, int]:
    from app.core.workflow import Election

    e = Election.open(args.file)
    rounds = e.rounds()
    if not 1 <= args.round <= len(rounds):
        e.close()
        raise InputError("--round", f"FILE has rounds 1 to {len(rounds)}, not {args.round}")
    return e, rounds[args.round - 1].id


def _outcome(result: ActionResult, done: str) -> int:
    if result.ok:
        _say(done)
        return 0
    for r in result.reasons:
        _say(r.message())
    return 1


def run_boxes(args: argparse.Namespace) -> int:
    pairs = []
    for item in args.box:
        name, _, count = item.rpartition("=")
        if not name or not count.isdigit():
            raise InputError("NAME=COUNT", f"not NAME=COUNT: {item}")
        pairs.append((name, int(count)))
    e, rid = _election(args)
    try:
        return _outcome(e.set_boxes(rid, pairs), f"{len(pairs)} boxes")
    finally:
        e.close()


def run_kit(args: argparse.Namespace) -> int:
    e, rid = _election(args)
    try:
        result = e.issue_kit(rid, args.station, args.box)
        if not result.ok:
            return _outcome(result, "")
        _write_new(Path(args.output), result.value, private=True)  # the kit holds the station's signing key
        return _outcome(ActionResult(True), f"{args.output}  ({e.station_progress(rid)[-1].kit_code})")
    finally:
        e.close()


def run_open(args: argparse.Namespace) -> int:
    from app.core.congress.station import Station

    s = Station.open_kit(_read(args.kit), args.output)
    _say(f"{s.name}: {', '.join(b.name for b in s.boxes())}  ({s.code})")
    s.close()
    return 0


def run_key(args: argparse.Namespace) -> int:
    from app.core.congress.station import Station

    s = Station.open(args.station)
    try:
        lines = [json.loads(x) for x in _read(args.ballots).decode("utf-8").splitlines() if x.strip()]
        for n, b in enumerate(lines, 1):
            result = s.record_ballot(args.box, b.get("marks", {}), b.get("write_ins", []), bool(b.get("spoiled")),
                                     args.pass_no)
            if not result.ok:
                _say(f"ballot {n}:")
                return _outcome(result, "")
        _say(f"{len(lines)} ballots keyed")
        return 0
    finally:
        s.close()


def run_export(args: argparse.Namespace) -> int:
    from app.core.congress.station import Station

    s = Station.open(args.station)
    try:
        result = s.export_partial(args.teller)
        if result.ok:
            _write_new(Path(args.output), result.value)
        return _outcome(result, args.output)
    finally:
        s.close()


def run_import(args: argparse.Namespace) -> int:
    e, rid = _election(args)
    status = 0
    try:
        for path in args.partial:
            result = e.import_partial(rid, _read(path))
            status = max(status, _outcome(result, f"{path}: {result.value}"))
        return status
    finally:
        e.close()


def run_progress(args: argparse.Namespace) -> int:
    from app.core.storage import database
    from app.core.storage import stations as st

    db = database.open_file(args.file)
    station = st.own_kit(db) is not None
    db.close()
    if station:
        from app.core.congress.station import Station

        s = Station.open(args.file)
        for b in s.boxes():
            _say(f"{b.name}\t{b.ballots}\t{b.keyed}\t{b.checked}\t{b.differing}")
        s.close()
        return 0
    if args.round is None:
        raise InputError("--round", "the main station's file needs --round N")
    e, rid = _election(args)
    for p in e.station_progress(rid):
        _say(f"{p.station}\t{'、'.join(p.boxes)}\t{p.ballots}\t{'imported' if p.imported else '-'}\t{p.kit_code}")
    e.close()
    return 0


def run_merge(args: argparse.Namespace) -> int:
    e, rid = _election(args)
    try:
        result = e.count_from_stations(rid)
        if result.ok:
            result = e.close_round(rid)
        return _outcome(result, "counted and closed")
    finally:
        e.close()
