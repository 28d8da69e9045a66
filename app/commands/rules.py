"""`votedesk count` and `votedesk order`: the rules engine as a JSON contract (count-format.md)."""
from __future__ import annotations

import argparse
import json
import sys

from app.core.countfmt import outcome_to_json, parse_count_input
from app.core.errors import InputError
from app.core.rules.election import count_round
from app.core.rules.strokes import missing_characters, sort_names


def register(sub: argparse._SubParsersAction) -> None:
    """Add the rules-engine subcommands."""
    p = sub.add_parser("count", help="count one round from a votedesk-count/1 JSON file (- for stdin)")
    p.add_argument("input", metavar="FILE|-")
    p.set_defaults(run=run_count)
    p = sub.add_parser("order", help="print names in ballot order (surname strokes, Party-list convention)")
    p.add_argument("names", nargs="*", metavar="NAME", help="names; one per line on stdin when none")
    p.set_defaults(run=run_order)


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.buffer.read().decode("utf-8-sig")
    try:
        with open(source, "rb") as fh:
            return fh.read().decode("utf-8-sig")
    except OSError as exc:
        raise InputError("", f"cannot read {source}: {exc.strerror}") from None


def load_count_input(text: str):
    """Decode and validate a count document (InputError on any problem)."""
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError("document", f"malformed JSON: {getattr(exc, 'msg', exc)} at line {getattr(exc, 'lineno', '?')}") from None
    return parse_count_input(doc)


def run_count(args: argparse.Namespace) -> int:
    """Print the result document of one round."""
    try:
        inp = load_count_input(_read(args.input))
    except UnicodeDecodeError:
        raise InputError("document", "not UTF-8 text") from None
    json.dump(outcome_to_json(count_round(inp)), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def run_order(args: argparse.Namespace) -> int:
    """Print names in ballot order, one per line."""
    names = args.names or [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    missing = missing_characters(names)
    if missing:
        raise InputError("names", "no stroke data for " + ", ".join(f'"{c}" (U+{ord(c):04X})' for c in missing))
    sys.stdout.write("".join(n + "\n" for n in sort_names(names)))
    return 0
