"""The `votedesk` command line: the GUI by default, headless subcommands over the same core."""
from __future__ import annotations

import argparse
import importlib
import sys

from app import __version__
from app.core import i18n
from app.core.errors import UserFacingError

# Each module registers its own subcommands, so areas stay apart (rules, election file, packages).
COMMAND_MODULES = (
    "app.commands.rules", "app.commands.election", "app.commands.documents", "app.commands.packages",
    "app.commands.congress", "app.commands.scan",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered subcommand (the GUI options are shown in its help)."""
    parser = argparse.ArgumentParser(
        prog="votedesk",
        description="votedesk 选举工作台 — offline committee elections for grassroots Party organizations. "
        "Without a COMMAND it starts the desktop app: votedesk [--demo] [--lang zh_CN|en] [FILE.votedesk]",
    )
    parser.add_argument("--version", action="version", version=f"votedesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def gui_parser() -> argparse.ArgumentParser:
    """Options of the desktop app."""
    parser = argparse.ArgumentParser(prog="votedesk", description="Start the votedesk desktop app.")
    parser.add_argument("--demo", action="store_true", help="open a copy of the demo election at the counting step")
    parser.add_argument("--selftest", action="store_true", help="recount, sign and verify the demo election, then exit")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="user-interface language")
    parser.add_argument("--higher", action="store_true",
                        help="higher-level mode: verify, recount and approve the packages of subordinate organizations")
    parser.add_argument("file", nargs="?", help="election file (*.votedesk), result package to import (*.vdpkg), "
                        "or with --higher a workspace file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command, or the app; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if _is_gui(argv):
        return _run_gui(gui_parser().parse_args(argv))
    i18n.set_language(i18n.default_language())
    parser = build_parser()
    if argv and (argv[0] in _command_names(parser) or argv[0] in ("-h", "--help", "--version")):
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        try:
            return int(args.run(args) or 0)
        except UserFacingError as exc:
            print(f"votedesk {args.command}: {exc}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # output piped into e.g. `head`: stop quietly, as Unix tools do
            sys.stdout = None
            return 0
    return _run_gui(gui_parser().parse_args(argv))


def _is_gui(argv: list[str]) -> bool:
    """Whether argv starts the app: decided without importing the command modules (start-up time)."""
    if not argv:
        return True
    first = argv[0]
    if first in ("-h", "--help", "--version"):
        return False
    return first.startswith("-") or first.endswith((".votedesk", ".vdpkg"))


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:  # noqa: SLF001 - argparse has no public accessor
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return set(action.choices)
    return set()


def _run_gui(args: argparse.Namespace) -> int:
    if args.selftest:
        from app.selftest import run_selftest

        return run_selftest()
    # A result package (double-clicked in the file manager) is for the higher level, which imports it.
    higher = args.higher or (args.file or "").endswith(".vdpkg")
    try:
        if higher:
            from app.gui.higher.window import run_higher
        else:
            from app.gui.application import run
    except ImportError as exc:  # headless installs may lack Qt's system libraries
        print(f"votedesk: the desktop app cannot start ({exc}); see `votedesk --help`", file=sys.stderr)
        return 1
    return int((run_higher(args.file, args.lang) if higher else run(args)) or 0)
