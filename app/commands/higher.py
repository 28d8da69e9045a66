"""`votedesk higher …`: the higher-level workspace headless (branches, imports, overview, replies, long-term keys)."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.commands.common import _passphrase, _read, _say, _secret_parent, _write_new
from app.core.errors import UserFacingError
from app.core.signing import keys
from app.core.signing.report import VerificationReport
from app.core.signing.safewrite import write_file_safely


def register_higher(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="higher_command", metavar="ACTION", required=True)
    secret = _secret_parent()
    for name, helptext, run in (("init", "create a workspace for a root certificate", run_higher_init),
                                ("register", "register subordinate organizations by name", run_higher_register),
                                ("issue", "issue a registered branch's certificate", run_higher_issue),
                                ("import", "verify and import result packages", run_higher_import),
                                ("overview", "print the overview; export it as CSV or XLSX", run_higher_overview),
                                ("reply", "write the signed approval reply to an imported package", run_higher_reply)):
        p = sub.add_parser(name, help=helptext, parents=[secret] if name in ("issue", "reply", "import") else [])
        p.add_argument("workspace", metavar="WORKSPACE.vdhl")
        p.set_defaults(run=run)
        if name == "init":
            p.add_argument("--root-cert", required=True, metavar="ROOT.pem")
        elif name in ("register", "import"):
            p.add_argument("items", nargs="+", metavar="NAME" if name == "register" else "PKG")
            if name == "import":
                p.add_argument("--tsa-key", metavar="TSA.p12", help="timestamp each accepted package's archive copy")
                p.add_argument("--paper-code", action="append", default=[], metavar="CODE",
                               help="a verification code printed on the counting reports that came with the package "
                                    "(repeat for each round); one that matches no round rejects the package")
        elif name == "overview":
            p.add_argument("--csv", metavar="FILE")
            p.add_argument("--xlsx", metavar="FILE")
            p.add_argument("--versions", action="store_true",
                           help="list every package of each branch: verdict, reply, which one stands")
        else:
            p.add_argument("--root-key", required=True, metavar="ROOT.p12")
            p.add_argument("--out", required=True, metavar="FILE")
            p.add_argument("--request" if name == "issue" else "--package-id", required=True,
                           type=str if name == "issue" else int)
            if name == "reply":
                p.add_argument("--number", required=True, help="the reply's document number (文号)")
                p.add_argument("--return", dest="returned", action="store_true",
                               help="write a return (退回) instead of an approval")
                p.add_argument("--reason", action="append", default=None,
                               help="a reason for the return (repeat; default: the verifier's refusals)")
    p = sub.add_parser("paper-code", help="judge an imported package again with the codes from its counting reports "
                                          "(they came later, or were mistyped at import)")
    p.add_argument("workspace", metavar="WORKSPACE.vdhl")
    p.add_argument("--package-id", required=True, type=int)
    p.add_argument("--paper-code", action="append", required=True, metavar="CODE",
                   help="a verification code printed on a counting report (repeat for each round)")
    p.set_defaults(run=run_higher_paper_code)
    _register_longterm(sub, secret)


def _register_longterm(sub: argparse._SubParsersAction, secret: argparse.ArgumentParser) -> None:
    p = sub.add_parser("revoke", parents=[secret], help="revoke a branch's certificate and write the new revocation list")
    p.add_argument("workspace", metavar="WORKSPACE.vdhl")
    p.add_argument("--root-key", required=True, metavar="ROOT.p12")
    p.add_argument("--branch", required=True, help="the registered branch's name")
    p.add_argument("--reason", required=True, choices=sorted(_reasons()),
                   help="key_compromise: key lost or stolen; affiliation_changed: a new secretary; …")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="signatures from this day on no longer count (default: now)")
    p.add_argument("--cert", metavar="CERT.pem", help="an older certificate of the branch (default: its current one)")
    p.add_argument("--out", required=True, metavar="LIST.crl", help="where to write the list, e.g. on the USB stick")
    p.set_defaults(run=run_higher_revoke)
    p = sub.add_parser("crl", parents=[secret], help="write a fresh revocation list (for the branches, by USB)")
    p.add_argument("workspace", metavar="WORKSPACE.vdhl")
    p.add_argument("--root-key", required=True, metavar="ROOT.p12")
    p.add_argument("--out", required=True, metavar="LIST.crl")
    p.set_defaults(run=run_higher_crl)
    p = sub.add_parser("retimestamp", parents=[secret],
                       help="timestamp accepted packages not yet stamped or whose timestamp key expires soon")
    p.add_argument("workspace", metavar="WORKSPACE.vdhl")
    p.add_argument("--tsa-key", required=True, metavar="TSA.p12")
    p.add_argument("--within", type=int, default=365, metavar="DAYS", help="renew what lapses within DAYS (365)")
    p.set_defaults(run=run_higher_retimestamp)
    p = sub.add_parser("archive", help="write an imported package's archive copy (with the higher level's timestamps)")
    p.add_argument("workspace", metavar="WORKSPACE.vdhl")
    p.add_argument("--package-id", required=True, type=int)
    p.add_argument("--out", required=True, metavar="FILE.vdpkg")
    p.set_defaults(run=run_higher_archive)


def _reasons() -> list[str]:
    from app.core.signing.crl import REASONS

    return list(REASONS)


def run_higher_revoke(args: argparse.Namespace) -> int:
    """Revoke the branch's current certificate, record it and write the new list."""
    from app.core.higher.revocation import revoke

    ws = _workspace(args.workspace)
    root = keys.import_pkcs12(_read(args.root_key), _passphrase(args, new=False))
    since = dt.datetime.fromisoformat(args.since).replace(tzinfo=dt.timezone.utc) if args.since else None
    der = revoke(ws, root, args.branch, args.reason, since=since, cert_pem=_read(args.cert) if args.cert else None)
    _write_new(Path(args.out), der)
    _say(f"revoked the certificate of {args.branch}; list written to {args.out}: take it to every branch")
    return 0


def run_higher_crl(args: argparse.Namespace) -> int:
    """Sign and write a fresh revocation list."""
    from app.core.higher.revocation import publish_crl

    ws = _workspace(args.workspace)
    der = publish_crl(ws, keys.import_pkcs12(_read(args.root_key), _passphrase(args, new=False)))
    write_file_safely(Path(args.out), der)
    _say(f"revocation list written to {args.out}")
    return 0


def run_higher_retimestamp(args: argparse.Namespace) -> int:
    """Timestamp what is due with the time-stamping key."""
    from app.core.higher.archive import retimestamp

    ws = _workspace(args.workspace)
    done = retimestamp(ws, keys.import_pkcs12(_read(args.tsa_key), _passphrase(args, new=False)), within=args.within)
    for rec in done:
        _say(f"#{rec.package_id}: {rec.stamps} timestamp(s), first {rec.stamped:%Y-%m-%d}, renew before {rec.renew_by:%Y-%m-%d}")
    _say(f"{len(done)} package(s) timestamped")
    return 0


def run_higher_archive(args: argparse.Namespace) -> int:
    """Write the archive copy of an imported package."""
    from app.core.higher.archive import archive_copy

    write_file_safely(Path(args.out), archive_copy(_workspace(args.workspace), args.package_id))
    _say(f"archive copy written to {args.out}")
    return 0


def _workspace(path: str):
    from app.core.higher.workspace import Workspace

    return Workspace.open(path)


def run_higher_init(args: argparse.Namespace) -> int:
    """Create the workspace file."""
    from app.core.higher.workspace import Workspace

    ws = Workspace.create(args.workspace, keys.load_cert(_read(args.root_cert)))
    _say(f"workspace of {ws.organization} created: {args.workspace}")
    return 0


def run_higher_register(args: argparse.Namespace) -> int:
    """Register branches."""
    ws = _workspace(args.workspace)
    for name in args.items:
        _say(f"registered {ws.register_branch(name).name}")
    return 0


def run_higher_issue(args: argparse.Namespace) -> int:
    """Issue and record a branch certificate."""
    ws = _workspace(args.workspace)
    root = keys.import_pkcs12(_read(args.root_key), _passphrase(args, new=False))
    pem = ws.issue_certificate(root, _read(args.request))
    _write_new(Path(args.out), pem)
    _say(f"issued to {keys.subject_org(keys.load_cert(pem))}:\n{keys.fingerprint(keys.load_cert(pem))}")
    return 0


def run_higher_import(args: argparse.Namespace) -> int:
    """Import packages, each on its own: a bad file is reported and the rest are imported.

    Exit 2 when any file was unreadable (not a package, too large, not a regular file), else 1 when any was
    rejected, else 0.
    """
    from app.core.higher.imports import import_package
    from app.core.reports.papercode import split_codes

    ws, rejected, unreadable = _workspace(args.workspace), 0, 0
    stamp_key = keys.import_pkcs12(_read(args.tsa_key), _passphrase(args, new=False)) if args.tsa_key else None
    for path in args.items:
        try:
            result = import_package(ws, _read(path), tsa=stamp_key, paper_codes=split_codes(" ".join(args.paper_code)))
        except UserFacingError as exc:
            unreadable += 1
            _say(f"{path}: UNREADABLE: {exc}")
            continue
        rejected += bool(result.report and not result.report.ok)
        _say_import(path, result)
        if result.report is not None and result.report.ok:
            _say_long_term(ws, result.package_id, result.report)
    if len(args.items) > 1:
        _say(f"{len(args.items)} files: {len(args.items) - rejected - unreadable} imported or already there, "
             f"{rejected} rejected, {unreadable} unreadable")
    return 2 if unreadable else 1 if rejected else 0


def run_higher_paper_code(args: argparse.Namespace) -> int:
    """Judge a stored package again with the codes from its paper: exit 1 when it is (now) rejected."""
    from app.core.higher.imports import check_stored
    from app.core.reports.papercode import split_codes

    ws = _workspace(args.workspace)
    result = check_stored(ws, args.package_id, split_codes(" ".join(args.paper_code)))
    _say_import(f"package #{args.package_id}", result)
    return 0 if result.report is not None and result.report.ok else 1


def _say_import(name: str, result) -> None:
    """One import's line: number, what it did, the verdict and the flags; a paper-code mismatch in words."""
    from app.core.signing.texts import describe

    verdict = "" if result.report is None else (" accepted" if result.report.ok else " REJECTED: " + ", ".join(result.report.reasons()))
    _say(f"{name}: #{result.package_id} {result.status}{verdict}" + (f" [{', '.join(result.flags)}]" if result.flags else ""))
    for check in (c for c in (result.report.failures if result.report else ()) if c.name == "paper_code"):
        _say("    " + describe(check))


def _say_long_term(ws, package_id: int, report: VerificationReport) -> None:
    """The signature level, the list used and the timestamp of an accepted import (the archive copy's when stamped)."""
    from dataclasses import replace

    from app.core.higher.archive import record
    from app.core.signing.longterm import sentences

    stamped = record(ws, package_id)
    if stamped is not None:
        report = replace(report, level="B-LTA", timestamped_at=stamped.stamped, renew_timestamp_by=stamped.renew_by)
    for line in sentences(report):
        _say("    " + line)


def run_higher_overview(args: argparse.Namespace) -> int:
    """Print the overview, and write CSV/XLSX exports when asked."""
    from app.core.higher.overview import overview, to_csv, to_xlsx, versions

    ws = _workspace(args.workspace)
    rows = overview(ws)
    registered = {b.name for b in ws.branches()}
    for r in rows:
        _say(f"{r.organization} | {r.status} | {r.date} | {r.expected or ''}/{r.present or ''} | {r.elected} | {r.verdict} | {r.flags}")
        for v in versions(ws, r.organization) if args.versions and r.organization in registered else []:
            reply = f" {v.reply} {v.reply_number}" if v.reply else ""
            _say(f"    #{v.package_id} signed {v.signed_at} | {v.verdict}{reply} | {'stands' if v.standing else 'superseded'}")
    if args.csv:
        write_file_safely(args.csv, to_csv(rows))
    if args.xlsx:
        write_file_safely(args.xlsx, to_xlsx(rows))
    return 0


def run_higher_reply(args: argparse.Namespace) -> int:
    """Write the signed approval reply (or, with --return, the return with its reasons) for an imported package."""
    from app.core.higher.reply import make_reply, make_return

    ws = _workspace(args.workspace)
    root = keys.import_pkcs12(_read(args.root_key), _passphrase(args, new=False))
    if args.returned:
        pdf = make_return(ws, args.package_id, root, number=args.number, reasons=args.reason)
    else:
        pdf = make_reply(ws, args.package_id, root, number=args.number)
    write_file_safely(args.out, pdf)
    _say(f"{'return' if args.returned else 'reply'} {args.number} written to {args.out}")
    return 0
