"""`votedesk verify`, `votedesk keys …` and `votedesk demo-package`: signed result packages, headless."""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from app.core.errors import UserFacingError
from app.core.signing import keys
from app.core.signing.report import VerificationReport
from app.core.signing.safewrite import write_file_safely

PASSPHRASE_ENV = "VOTEDESK_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the package and key subcommands."""
    p = sub.add_parser("verify", help="verify a result package against the higher level's root certificate")
    p.add_argument("package", metavar="PKG")
    p.add_argument("--trust", required=True, metavar="ROOT.pem", help="the higher level's root certificate")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--crl", metavar="LIST.crl", help="the higher level's revocation list (default: the newest in the package)")
    p.add_argument("--at", metavar="YYYY-MM-DD", help="verify as of this day (default: now), e.g. years later")
    p.set_defaults(run=run_verify)
    p = sub.add_parser("demo-package", help="write a demo root.pem, demo.vdpkg and result-report.pdf into DIR")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--branch-key", metavar="BRANCH.p12", help="sign with this branch key instead of a fresh demo one")
    p.add_argument("--passphrase-file", metavar="FILE")
    p.set_defaults(run=run_demo_package)
    p = sub.add_parser("package", parents=[_secret_parent()], help="sign an election file's result package (.vdpkg)")
    p.add_argument("file", help="election file (*.votedesk)")
    p.add_argument("output", help="package to write, e.g. /media/usb/result.vdpkg")
    p.add_argument("--key", required=True, metavar="BRANCH.p12", help="the branch's signing key")
    p.set_defaults(run=run_package)
    _register_keys(sub.add_parser("keys", help="root certificate, branch key requests and certificates"))
    _register_higher(sub.add_parser("higher", help="the higher-level workspace: branches, imports, overview, replies"))
    p = sub.add_parser("verify-reply", help="branch side: verify an approval reply (批复) against the root")
    p.add_argument("reply", metavar="REPLY.pdf")
    p.add_argument("--trust", required=True, metavar="ROOT.pem")
    p.add_argument("--package", metavar="PKG", help="the package the reply must answer")
    p.add_argument("--election", metavar="FILE", help="record the genuine reply in this election file (needs --package); "
                                                      "a return (退回) lifts the official lock")
    p.add_argument("--crl", metavar="LIST.crl", help="keep the revocation list that came with the reply (for signing)")
    p.set_defaults(run=run_verify_reply)


def _secret_parent() -> argparse.ArgumentParser:
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument("--passphrase-file", metavar="FILE",
                        help=f"read the key passphrase from FILE (else ${PASSPHRASE_ENV}, else ask)")
    return secret


def _register_keys(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    secret = _secret_parent()
    p = sub.add_parser("root-init", parents=[secret], help="create the higher level's root: root.pem and root.p12")
    p.add_argument("--org", required=True, help="the higher-level organization's name")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(run=run_root_init)
    p = sub.add_parser("branch-request", parents=[secret],
                       help="create a branch key (branch.p12, self-signed until issued) and branch-request.pem")
    p.add_argument("--org", required=True, help="the branch organization's name")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(run=run_branch_request)
    p = sub.add_parser("issue", parents=[secret], help="issue a branch certificate from a request, with the root key")
    p.add_argument("--root-key", required=True, metavar="ROOT.p12")
    p.add_argument("--request", required=True, metavar="REQUEST.pem")
    p.add_argument("--out", required=True, metavar="CERT.pem")
    p.add_argument("--days", type=int, default=keys.BRANCH_DAYS, help="validity in days")
    p.set_defaults(run=run_issue)
    p = sub.add_parser("accept", parents=[secret], help="store the issued certificate with the branch key")
    p.add_argument("--key", required=True, metavar="BRANCH.p12")
    p.add_argument("--cert", required=True, metavar="CERT.pem")
    p.add_argument("--root", required=True, metavar="ROOT.pem")
    p.set_defaults(run=run_accept)
    p = sub.add_parser("self-signed", parents=[secret], help="a branch key with a self-signed certificate only")
    p.add_argument("--org", required=True)
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(run=run_self_signed)
    p = sub.add_parser("tsa-init", parents=[secret],
                       help="the higher level's time-stamping key (tsa.p12, tsa.pem), certified by the root key")
    p.add_argument("--root-key", required=True, metavar="ROOT.p12")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--tsa-passphrase-file", metavar="FILE", help="passphrase for tsa.p12 (default: the root key's)")
    p.set_defaults(run=run_tsa_init)
    p = sub.add_parser("renew-request", parents=[secret],
                       help="branch side: a certificate request for the key you already have (renewal)")
    p.add_argument("--key", required=True, metavar="BRANCH.p12")
    p.add_argument("--out", required=True, metavar="REQUEST.pem")
    p.set_defaults(run=run_renew_request)
    p = sub.add_parser("import-crl", help="branch side: keep the higher level's latest revocation list for signing")
    p.add_argument("--crl", required=True, metavar="LIST.crl")
    p.add_argument("--root", required=True, metavar="ROOT.pem")
    p.set_defaults(run=run_import_crl)
    p = sub.add_parser("show", help="print subject, issuer, validity and fingerprint of a certificate or request")
    p.add_argument("file", metavar="FILE.pem")
    p.set_defaults(run=run_show)


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


def _identity_files(out: Path, identity: keys.Identity, passphrase: str, stem: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _write_new(out / f"{stem}.p12", keys.export_pkcs12(identity, passphrase), private=True)
    _write_new(out / f"{stem}.pem", keys.cert_pem(identity.cert))


def run_root_init(args: argparse.Namespace) -> int:
    """Create root.pem (to hand out) and root.p12 (the key: keep it offline)."""
    passphrase = _passphrase(args, new=True)
    root = keys.create_root(args.org)
    _identity_files(Path(args.out), root, passphrase, "root")
    _say(f"root certificate of {root.organization}\nfingerprint:\n{keys.fingerprint(root.cert)}")
    return 0


def run_branch_request(args: argparse.Namespace) -> int:
    """A branch key (self-signed until the higher level issues its certificate) and the request file."""
    passphrase = _passphrase(args, new=True)
    identity = keys.self_signed_branch(args.org)
    out = Path(args.out)
    _identity_files(out, identity, passphrase, "branch")
    _write_new(out / "branch-request.pem", keys.branch_request(identity.key, args.org))
    _say(f"request written for {identity.organization}; key fingerprint:\n{keys.key_fingerprint(identity.cert)}")
    return 0


def run_issue(args: argparse.Namespace) -> int:
    """Issue the branch certificate for a request."""
    root = keys.import_pkcs12(_read(args.root_key), _passphrase(args, new=False))
    request = _read(args.request)
    cert = keys.issue_branch_cert(root, request, days=args.days)
    _write_new(Path(args.out), keys.cert_pem(cert))
    _say(f"issued to {keys.subject_org(cert)}; key fingerprint:\n{keys.key_fingerprint(cert)}\n"
         f"certificate fingerprint:\n{keys.fingerprint(cert)}")
    return 0


def run_accept(args: argparse.Namespace) -> int:
    """Replace the self-signed certificate in the branch key file by the issued one."""
    passphrase = _passphrase(args, new=False)
    current = keys.import_pkcs12(_read(args.key), passphrase)
    identity = keys.accept_issued_cert(current.key, _read(args.cert), _read(args.root))
    write_file_safely(args.key, keys.export_pkcs12(identity, passphrase), private=True)
    _say(f"{identity.organization} now signs with the certificate issued by {keys.subject_org(identity.chain[0])}")
    return 0


def run_self_signed(args: argparse.Namespace) -> int:
    """A branch key with a self-signed certificate (print its fingerprint on the paper report)."""
    identity = keys.self_signed_branch(args.org)
    _identity_files(Path(args.out), identity, _passphrase(args, new=True), "branch")
    _say(f"self-signed certificate of {identity.organization}\nfingerprint:\n{keys.fingerprint(identity.cert)}")
    return 0


def run_tsa_init(args: argparse.Namespace) -> int:
    """Issue the time-stamping identity with the root key and write tsa.p12 (keep it offline) and tsa.pem."""
    passphrase = _passphrase(args, new=False)
    root = keys.import_pkcs12(_read(args.root_key), passphrase)
    if args.tsa_passphrase_file:
        passphrase = _read(args.tsa_passphrase_file).decode("utf-8").rstrip("\r\n")
    identity = keys.issue_tsa_identity(root)
    _identity_files(Path(args.out), identity, passphrase, "tsa")
    _say(f"time-stamping key of {identity.organization}, valid until {identity.cert.not_valid_after_utc:%Y-%m-%d}")
    return 0


def run_renew_request(args: argparse.Namespace) -> int:
    """A request for the same key: the higher level issues a new certificate; the key file is unchanged."""
    identity = keys.import_pkcs12(_read(args.key), _passphrase(args, new=False))
    _write_new(Path(args.out), keys.branch_request(identity.key, identity.organization))
    _say(f"renewal request written for {identity.organization}; the current certificate is valid until "
         f"{identity.cert.not_valid_after_utc:%Y-%m-%d}; key fingerprint:\n{keys.key_fingerprint(identity.cert)}")
    return 0


def run_import_crl(args: argparse.Namespace) -> int:
    """Keep a revocation list the higher level sent (only a newer one replaces the kept one)."""
    from app.core.signing.crlstore import save

    kept, new = save(_read(args.crl), keys.load_cert(_read(args.root)))
    _say(f"revocation list no. {kept.number} of {kept.issued:%Y-%m-%d} " + ("kept" if new else "already newer here"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print what a certificate or request says, with its fingerprint."""
    data = _read(args.file)
    if b"CERTIFICATE REQUEST" in data:
        csr = keys.load_request(data)
        _say(f"request from {keys.subject_org(csr)}\nkey fingerprint:\n{keys.key_fingerprint(csr)}")
        return 0
    for cert in keys.load_certs(data):
        _say(f"subject: {cert.subject.rfc4514_string()}\nissuer:  {cert.issuer.rfc4514_string()}\n"
             f"valid:   {cert.not_valid_before_utc:%Y-%m-%d} to {cert.not_valid_after_utc:%Y-%m-%d}\n"
             f"key fingerprint:\n{keys.key_fingerprint(cert)}\nfingerprint:\n{keys.fingerprint(cert)}")
    return 0


def print_report(path: str, report: VerificationReport) -> None:
    """The verdict with every check, failures explained."""
    from app.core.signing.texts import describe

    _say(f"package: {path}")
    if report.signer:
        _say(f"signer:  {report.signer}\nfingerprint:\n  " + report.fingerprint.replace("\n", "\n  "))
    if report.summary:
        _say(f"election: {report.summary.get('title', '?')} ({report.summary.get('date', '?')})")
        _say(f"elected (recount): {', '.join(report.elected) or '—'}")
    for c in report.checks:
        _say(f"  [ok]   {c.name}" + (f" — {c.detail}" if c.detail else "") if c.ok else f"  [FAIL] {c.name} — {describe(c)}")
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


def run_verify(args: argparse.Namespace) -> int:
    """Exit 0 when everything holds, 1 when the package is rejected, 2 when the input is unreadable."""
    from app.core.signing.verify import verify_package

    trust = _read(args.trust)
    at = dt.datetime.fromisoformat(args.at).replace(tzinfo=dt.timezone.utc) if args.at else None
    report = verify_package(_read(args.package), trust, crl=_read(args.crl) if args.crl else None, at=at)
    if args.json:
        doc = {"ok": report.ok, **asdict(report)}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print_report(args.package, report)
    if _unreadable(report):
        return 2  # not read as a package at all: too large, a bomb, overlapping entries
    return 0 if report.ok else 1


def run_demo_package(args: argparse.Namespace) -> int:
    """Write the demo root certificate, the demo election's package and its signed result report."""
    import tempfile

    from app.core.demo import create_demo
    from app.core.resultpkg import election_package
    from app.core.documents import organization
    from app.core.signing.package import read_package
    from app.core.workflow import Election

    out = Path(args.directory)
    out.mkdir(parents=True, exist_ok=True)
    given = _given_branch(args)
    with tempfile.TemporaryDirectory() as tmp:
        # A package is signed by its own organization: with a branch's key, the demo election carries its name.
        org = {"org": given.organization} if given else {}
        election = Election.open(create_demo(Path(tmp) / "demo.votedesk", **org))
        try:
            branch, root_cert = _demo_identities(given, organization(election.db))
            package = election_package(election.db, branch, dt.date.today())
        finally:
            election.close()
    write_file_safely(out / "root.pem", keys.cert_pem(root_cert))
    write_file_safely(out / "demo.vdpkg", package)
    write_file_safely(out / "result-report.pdf", read_package(package)["reports/result-report.pdf"])
    _say(f"wrote {out / 'root.pem'}, {out / 'demo.vdpkg'} and {out / 'result-report.pdf'}\n"
         f"try: votedesk verify {out / 'demo.vdpkg'} --trust {out / 'root.pem'}")
    return 0


def _given_branch(args: argparse.Namespace) -> keys.Identity | None:
    """The branch key given with --branch-key, if any."""
    return keys.import_pkcs12(_read(args.branch_key), _passphrase(args, new=False)) if args.branch_key else None


def _demo_identities(given: keys.Identity | None, org) -> tuple[keys.Identity, object]:
    """The branch identity (given, or issued now by a fresh demo root for the demo organization) and the root."""
    if given is not None:
        return given, given.chain[-1] if given.chain else given.cert
    root = keys.create_root(org.higher_level)
    key = keys.new_key()
    return keys.Identity(key, keys.issue_branch_cert(root, keys.branch_request(key, org.committee)), (root.cert,)), root.cert


def run_package(args: argparse.Namespace) -> int:
    """Sign an election file's result package with a branch key and write it safely (e.g. to a USB stick).

    Exit 1, writing nothing, when the higher level's verifier (run here with the branch's own chain) would reject it.
    """
    from app.core import messages
    from app.core.resultpkg import PackageRefused, election_package
    from app.core.workflow import Election

    identity = keys.import_pkcs12(_read(args.key), _passphrase(args, new=False))
    election = Election.open(args.file)
    try:
        package = election_package(election.db, identity, dt.date.today())
    except PackageRefused as exc:
        sys.stderr.write(messages.message(exc.code, **exc.params) + "\n")
        return 1
    finally:
        election.close()
    write_file_safely(Path(args.output), package)
    _say(f"wrote {args.output}\nsigner: {identity.organization}\n{keys.fingerprint(identity.cert)}")
    return 0


def _register_higher(parser: argparse.ArgumentParser) -> None:
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

    ws, rejected, unreadable = _workspace(args.workspace), 0, 0
    stamp_key = keys.import_pkcs12(_read(args.tsa_key), _passphrase(args, new=False)) if args.tsa_key else None
    for path in args.items:
        try:
            result = import_package(ws, _read(path), tsa=stamp_key)
        except UserFacingError as exc:
            unreadable += 1
            _say(f"{path}: UNREADABLE: {exc}")
            continue
        verdict = "" if result.report is None else (" accepted" if result.report.ok else " REJECTED: " + ", ".join(result.report.reasons()))
        rejected += bool(result.report and not result.report.ok)
        _say(f"{path}: #{result.package_id} {result.status}{verdict}" + (f" [{', '.join(result.flags)}]" if result.flags else ""))
        if result.report is not None and result.report.ok:
            _say_long_term(ws, result.package_id, result.report)
    if len(args.items) > 1:
        _say(f"{len(args.items)} files: {len(args.items) - rejected - unreadable} imported or already there, "
             f"{rejected} rejected, {unreadable} unreadable")
    return 2 if unreadable else 1 if rejected else 0


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


def run_verify_reply(args: argparse.Namespace) -> int:
    """Exit 0 when the reply is genuine (and answers the package, if given), else 1."""
    from app.core.higher.reply import verify_reply
    from app.core.signing.texts import describe

    if args.election and not args.package:
        raise UserFacingError("bad_input", "--election needs --package (the package the reply answers)")
    ok, checks = verify_reply(_read(args.reply), _read(args.trust), package=_read(args.package) if args.package else None)
    if args.election:
        ok, checks = _record_reply(args, _read(args.reply))
    for c in checks:
        _say(f"  [ok]   {c.name} — {c.detail}" if c.ok else f"  [FAIL] {c.name} — {describe(c)}")
    if ok and args.crl:
        from app.core.signing.crlstore import save

        kept, new = save(_read(args.crl), keys.load_cert(_read(args.trust)))
        _say(f"revocation list no. {kept.number} of {kept.issued:%Y-%m-%d} " + ("kept" if new else "already newer here"))
    _say("verdict: " + ("GENUINE" if ok else "REJECTED"))
    return 0 if ok else 1


def _record_reply(args: argparse.Namespace, pdf: bytes) -> tuple[bool, list]:
    """Verify against the election file too, and record a genuine reply (a return lifts the official lock)."""
    from app.core.higher.reply import RETURNED, check_for_election
    from app.core.resultpkg import audit_export
    from app.core.workflow import Election

    election = Election.open(args.election)
    try:
        hashes = {e["hash"] for e in audit_export(election.db)}
        ok, checks, info = check_for_election(pdf, _read(args.trust), _read(args.package), hashes)
        if ok and info is not None:
            today = dt.date.today().isoformat()
            if info.verdict == RETURNED:
                election.accept_return(info.number, today, info.package_sha256, info.reasons)
                _say(f"return {info.number} recorded; the results are no longer official: correct, mark official, sign again")
            elif info.number not in {r["doc_no"] for r in election.replies("results")}:
                election.record_reply("results", info.number, today, True, f"package sha256 {info.package_sha256}")
                _say(f"approval {info.number} recorded")
    finally:
        election.close()
    return ok, checks
