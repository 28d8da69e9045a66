"""`votedesk verify`, `votedesk keys …`, `votedesk package` and `demo-package`: signed result packages, headless."""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.core.errors import UserFacingError
from app.core.signing import keys
from app.core.signing.safewrite import write_file_safely
from app.commands.common import (_passphrase, _read, _say, _secret_parent, _unreadable, _write_new,
                                 print_report)
from app.commands.higher import register_higher


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
    p.add_argument("--chief", metavar="NAME", help="the chief scrutineer's name (default: the one the meeting approved)")
    p.add_argument("--pin-file", metavar="FILE", help=f"a file holding the chief scrutineer's PIN (or ${PIN_ENV}; "
                                                       "asked for when neither is given)")
    p.add_argument("--new-pin-file", metavar="FILE", help="an older file's chief scrutineer chooses a new PIN first")
    p.set_defaults(run=run_package)
    _register_keys(sub.add_parser("keys", help="root certificate, branch key requests and certificates"))
    register_higher(sub.add_parser("higher", help="the higher-level workspace: branches, imports, overview, replies"))
    p = sub.add_parser("verify-reply", help="branch side: verify an approval reply (批复) against the root")
    p.add_argument("reply", metavar="REPLY.pdf")
    p.add_argument("--trust", required=True, metavar="ROOT.pem")
    p.add_argument("--package", metavar="PKG", help="the package the reply must answer")
    p.add_argument("--election", metavar="FILE", help="record the genuine reply in this election file (needs --package); "
                                                      "a return (退回) lifts the official lock")
    p.add_argument("--crl", metavar="LIST.crl", help="keep the revocation list that came with the reply (for signing)")
    p.set_defaults(run=run_verify_reply)


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

    The chief scrutineer confirms the signing with name and PIN first (recorded in the audit log, wrong PINs
    counted in the file). Exit 1, writing nothing, when the confirmation is refused or the higher level's verifier
    (run here with the branch's own chain) would reject the package.
    """
    from app.core import messages
    from app.core.resultpkg import PackageRefused
    from app.core.workflow import Election

    identity = keys.import_pkcs12(_read(args.key), _passphrase(args, new=False))
    election = Election.open(args.file)
    try:
        if (refusal := _chief_confirms(election, args, identity)) is not None:
            sys.stderr.write(refusal + "\n")
            return 1
        package = election.signed_package(identity, dt.date.today())
    except PackageRefused as exc:
        sys.stderr.write(messages.message(exc.code, **exc.params) + "\n")
        return 1
    finally:
        election.close()
    write_file_safely(Path(args.output), package)
    _say(f"wrote {args.output}\nsigner: {identity.organization}\n{keys.fingerprint(identity.cert)}")
    return 0


PIN_ENV = "VOTEDESK_CHIEF_PIN"


def _pin(path: str | None, prompt: str) -> str:
    """A PIN from a file, the environment or the terminal (never a command-line argument: ps would show it)."""
    if path:
        return _read(path).decode("utf-8").strip()
    if os.environ.get(PIN_ENV) and "new" not in prompt.lower():
        return os.environ[PIN_ENV]
    if not sys.stdin.isatty():
        raise UserFacingError("chief_not_confirmed", f"no PIN: use --pin-file or ${PIN_ENV}")
    return getpass.getpass(prompt)


def _chief_confirms(election: Any, args: argparse.Namespace, identity: keys.Identity) -> str | None:
    """Record the chief scrutineer's confirmation of this signing; the refusal's sentence, or None."""
    name = args.chief or election.chief_scrutineer() or ""
    pin = _pin(args.pin_file, f"PIN of the chief scrutineer {name}: ")
    if election.legacy_pin():  # the old PIN confirms the new one; the old hash in the log then opens nothing
        if not args.new_pin_file:
            return _legacy_text()
        new = _pin(args.new_pin_file, "New PIN: ")
        moved = election.set_chief_pin(new, pin)
        if not moved.ok:
            return "\n".join(r.message() for r in moved.reasons)
        pin = new
    done = election.confirm_chief(name, pin, "sign_package", signer=identity.organization,
                                  signer_fingerprint=keys.fingerprint(identity.cert), self_signed=identity.self_signed)
    return None if done.ok else "\n".join(r.message() for r in done.reasons)


def _legacy_text() -> str:
    from app.core import messages

    return messages.message("chief_pin_legacy") + " (--new-pin-file)"


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
