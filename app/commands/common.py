"""Shared pieces of the headless signing and workspace commands: passphrases, files, reports."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.core.errors import UserFacingError
from app.core.signing.report import VerificationReport
from app.core.signing.safewrite import write_file_safely

PASSPHRASE_ENV = "VOTEDESK_PASSPHRASE"


def _secret_parent() -> argparse.ArgumentParser:
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument("--passphrase-file", metavar="FILE",
                        help=f"read the key passphrase from FILE (else ${PASSPHRASE_ENV}, else ask)")
    return secret


def _read(path: str) -> bytes:
    """A regular file of at most 200 MB: a FIFO, device, folder or huge file is refused before it is read."""
    from app.core.safeinput import read_limited

    return read_limited(path)


def _passphrase(args: argparse.Namespace, *, new: bool) -> str:
    if args.passphrase_file:
        return _read(args.passphrase_file).decode("utf-8").rstrip("\r\n")
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise UserFacingError("passphrase_missing", f"no passphrase: use --passphrase-file or ${PASSPHRASE_ENV}")
    first = getpass.getpass("Key passphrase: ")
    if new and getpass.getpass("Repeat the passphrase: ") != first:
        raise UserFacingError("passphrase_mismatch", "the two passphrases differ")
    return first


def _write_new(path: Path, data: bytes, *, private: bool | None = None) -> None:
    if path.exists():  # never overwrite a key or certificate: losing the root key cannot be undone
        raise UserFacingError("output_exists", f"{path} already exists; nothing was overwritten")
    write_file_safely(path, data, private=private)


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def print_report(path: str, report: VerificationReport) -> None:
    """The verdict with every check, failures explained."""
    from app.core.signing.texts import describe, sentence

    _say(f"package: {path}")
    if report.signer:
        _say(f"signer:  {report.signer}\nfingerprint:\n  " + report.fingerprint.replace("\n", "\n  "))
    if report.summary:
        _say(f"election: {report.summary.get('title', '?')} ({report.summary.get('date', '?')})")
        _say(f"elected (recount): {', '.join(report.elected) or '—'}")
    for c in report.checks:
        _say(f"  [ok]   {c.name}" + (f" — {c.detail}" if c.detail else "") if c.ok else f"  [FAIL] {c.name} — {describe(c)}")
    for c in report.limitations:  # holds, but proves less: said, never passed off as bound
        _say(f"  limitation: {sentence(c)}")
    if report.readable and report.signer:
        from app.core.signing.longterm import sentences

        for line in sentences(report):
            _say(line)
    fails = report.failures
    if report.ok:
        _say(f"verdict: ACCEPTED — all {len(report.checks)} checks hold")
    elif _unreadable(report):
        _say(f"verdict: UNREADABLE — not read as a package: {', '.join(report.reasons())}")
    else:
        _say(f"verdict: REJECTED — {len(fails)} of {len(report.checks)} checks fail: {', '.join(report.reasons())}")


def _unreadable(report: VerificationReport) -> bool:
    """Not a package at all, or refused by a limit before it was unpacked (a bomb): exit 2, not 1."""
    from app.core.signing.container import LIMIT_REASONS

    return not report.readable or bool(report.checks and report.checks[0].reason in LIMIT_REASONS)
