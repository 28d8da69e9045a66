"""The delegate congress headless: `congress-*` (units, packages, review, preparatory meeting, papers) and counting stations."""
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
    _register_congress(sub)


def _register_congress(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("congress-units", help="set a delegate congress's electoral units and seats (NAME=SEATS …)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("unit", nargs="+", metavar="NAME=SEATS")
    p.set_defaults(run=run_units)
    p = sub.add_parser("congress-import", help="verify units' signed packages and put their delegates on the roll")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--root", required=True, metavar="ROOT.pem", help="the certificate the units' keys were issued by")
    p.add_argument("package", nargs="+", metavar="UNIT.vdpkg")
    p.set_defaults(run=run_unit_import)
    p = sub.add_parser("congress-review", help="record the qualification review: every delegate qualified but those named")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--not-qualified", action="append", default=[], metavar="NAME:REASON")
    p.set_defaults(run=run_review)
    p = sub.add_parser("congress-prep", help="record the preparatory meeting: agenda, presidium, secretary-general")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--present", type=int, required=True)
    p.add_argument("--votes", type=int, required=True, help="votes for the review report, agenda and presidium each")
    p.add_argument("--agenda", action="append", required=True, metavar="ITEM")
    p.add_argument("--presidium", action="append", required=True, metavar="NAME")
    p.add_argument("--secretary-general", required=True, metavar="NAME")
    p.set_defaults(run=run_prep)
    p = sub.add_parser("congress-papers", help="write the review report, presidium list and agenda PDFs to DIR")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(run=run_papers)


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


def _open(path: str) -> Any:
    from app.core.workflow import Election

    return Election.open(path)


def run_units(args: argparse.Namespace) -> int:
    pairs = []
    for item in args.unit:
        name, _, seats = item.rpartition("=")
        if not name or not seats.isdigit():
            raise InputError("NAME=SEATS", f"not NAME=SEATS: {item}")
        pairs.append((name, int(seats)))
    e = _open(args.file)
    try:
        return _outcome(e.set_units(pairs), f"{len(pairs)} units")
    finally:
        e.close()


def run_unit_import(args: argparse.Namespace) -> int:
    e = _open(args.file)
    status = 0
    try:
        root = _read(args.root)
        for path in args.package:
            result = e.import_unit_report(_read(path), root)
            status = max(status, _outcome(result, f"{path}: {result.value}"))
        if missing := e.units_not_reported():
            _say("not reported: " + "、".join(missing))
        return status
    finally:
        e.close()


def run_review(args: argparse.Namespace) -> int:
    failed = dict(item.split(":", 1) if ":" in item else (item, "") for item in args.not_qualified)
    e = _open(args.file)
    try:
        status = 0
        for d in e.congress_delegates():
            result = e.review_delegate(d.name, d.name not in failed, failed.get(d.name) or None, args.date)
            status = max(status, _outcome(result, "") if not result.ok else 0)
        _say(f"{len(e.congress_delegates())} reviewed, {len(failed)} not qualified")
        return status
    finally:
        e.close()


def run_prep(args: argparse.Namespace) -> int:
    e = _open(args.file)
    try:
        result = e.hold_preparatory(args.date, args.present, args.agenda, args.votes, args.presidium, args.votes,
                                    args.secretary_general, args.votes)
        return _outcome(result, "preparatory meeting recorded")
    finally:
        e.close()


def run_papers(args: argparse.Namespace) -> int:
    e = _open(args.file)
    try:
        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        for name, data in e.congress_papers().items():
            _write_new(out / name, data)
            _say(str(out / name))
        return 0
    finally:
        e.close()
