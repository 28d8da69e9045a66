"""Verify a result package: container, manifest signature and chain, hashes, PDFs, audit chain, recount, rules."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from typing import Any, Mapping

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from app.core import hashchain
from app.core.countfmt import outcome_to_json, parse_count_input
from app.core.errors import InputError, missing
from app.core.rules.election import count_round
from app.core.rounddigest import round_digest
from app.core.rules.model import RoundKind
from app.core.signing import cms, container, keys, tsa
from app.core.signing.chain import TrustRoot, check_signer, load_trust_root
from app.core.signing.crl import RevocationList, load_crl, newest
from app.core.signing.package import (AUDIT, AUDIT_FORMAT, CHAIN, MANIFEST, PACKAGE_FORMAT, PACKAGE_TYPE, REPORTS_DIR, RESULT,
                                      RESULT_FORMAT, SIGNATURE)
from app.core.signing.papertext import TITLES, paper_problems
from app.core.signing.pdfsign import check_pdf, check_timestamps, dss_contents
from app.core.signing.report import Check, VerificationReport
from app.core.signing.rulecheck import rule_checks

MAX_PACKAGE = 200 * 1024 * 1024
# A signing time stated by the branch may run ahead of the higher level's clock by this much (laptop clocks).
CLOCK_SKEW = dt.timedelta(days=1)


class _Bad(Exception):
    """A document inside the package that cannot be read; becomes one failing Check."""


def _json(files: Mapping[str, bytes], name: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        if len({k for k, _ in pairs}) != len(pairs):
            raise ValueError("duplicate key")
        return dict(pairs)

    if name not in files:
        raise _Bad(f"{name} is missing")
    try:
        return json.loads(files[name].decode("utf-8"), object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _Bad(f"{name} is not valid JSON ({exc})") from None


def _manifest(files: Mapping[str, bytes]) -> dict:
    doc = _json(files, MANIFEST)
    entries = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("format") != PACKAGE_FORMAT or not isinstance(entries, list):
        raise _Bad(f"{MANIFEST} is not a {PACKAGE_FORMAT} manifest")
    # The artifact type is signed with the rest: another kind of signed manifest cannot pass for this one.
    if doc.get("type") != PACKAGE_TYPE or not isinstance(doc.get("audit_head"), str) or not isinstance(doc.get("signer"), dict):
        raise _Bad(f"{MANIFEST} is not a result-package manifest")
    for e in entries:
        if not (isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
                and isinstance(e.get("size"), int)):
            raise _Bad(f"{MANIFEST} has a malformed file entry")
    paths = [e["path"] for e in entries]
    if len(set(paths)) != len(paths) or {MANIFEST, SIGNATURE} & set(paths) or not {RESULT, AUDIT, CHAIN} <= set(paths):
        raise _Bad(f"{MANIFEST} lists duplicate, reserved or too few files")
    return doc


class _Verifier:
    """One verification run: accumulates checks and what was learned along the way."""

    def __init__(self, files: dict[str, bytes], trust: TrustRoot | None, at: dt.datetime | None,
                 archive: tuple[bytes, dict[str, bytes]] | None = None, crl: RevocationList | None = None) -> None:
        self.files, self.trust, self.at = files, trust, at
        self.original, self.archive = archive or (b"", {})
        self.crl = crl
        self.stamps: list[tsa.Stamp] = []
        self._dss: dict[str, tuple[list[bytes], list[bytes]]] = {}
        self.checks: list[Check] = [Check("container", True, "ok", "", f"{len(files)} files")]
        self.signer: x509.Certificate | None = None
        self.signed_at: dt.datetime | None = None
        self.manifest: dict | None = None
        self.summary: dict = {}
        self.elected: list[str] = []
        self.audit_entries: list[dict] = []
        self.recounts: dict[str, tuple[str, dict]] = {}  # round id -> (title, recounted outcome) for the papers

    def add(self, name: str, ok: bool, reason: str, detail: str = "", rule: str = "", **params: Any) -> bool:
        self.checks.append(Check(name, ok, "ok" if ok else reason, rule, detail, params if not ok else {}))
        return ok

    def run(self) -> None:
        try:
            self.manifest = _manifest(self.files)
            self.add("manifest", True, "ok", f"{len(self.manifest['files'])} files listed")
        except _Bad as exc:
            self.add("manifest", False, "manifest_malformed", str(exc))
        self.revocation_list()
        self.timestamps()
        sealed = self.signature() and self.hashes()
        self.pdfs(sealed)
        self.archived_reports()
        self.audit()
        self.result()

    def signature(self) -> bool:
        if MANIFEST not in self.files or SIGNATURE not in self.files:
            return self.add("manifest_signature", False, "signature_missing", "manifest.json or manifest.sig is missing")
        try:
            self.signer, self.signed_at = cms.verify_detached(self.files[SIGNATURE], self.files[MANIFEST])
        except cms.CmsError as exc:
            return self.add("manifest_signature", False, exc.reason, exc.detail)
        self.add("manifest_signature", True, "ok", f"signed {self.signed_at:%Y-%m-%d %H:%M} UTC")
        if self.trust is None:  # only verify_result leaves it out, and it never checks a signature
            raise TypeError("no trusted root to check the signer against")
        chain = check_signer(self.signer, self.trust, at=self.attested, crl=self.crl)
        self.checks.append(chain)
        if self.stamps and self.signed_at > self.stamps[0].time + CLOCK_SKEW:
            return self.add("signing_time", False, "signed_after_timestamp",
                            f"signed {self.signed_at:%Y-%m-%d} but timestamped {self.stamps[0].time:%Y-%m-%d}")
        return self.certs_match() and chain.ok

    @property
    def attested(self) -> dt.datetime | None:
        """When the signature is known to have existed: the higher level's first timestamp, else the validation time."""
        return self.stamps[0].time if self.stamps else self.at

    def revocation_list(self) -> None:
        """Without a list given, the newest the branch embedded in its reports that this root signed."""
        if self.crl is None and self.trust is not None:
            found = []
            for name in sorted(n for n in self.files if n.startswith(REPORTS_DIR)):
                for der in self.dss(name)[1]:
                    try:
                        found.append(load_crl(der, self.trust.cert))
                    except Exception:  # a foreign or damaged list is simply not used
                        continue
            self.crl = newest(found)
        if self.crl is not None:
            self.add("revocation_list", True, "ok", f"list no. {self.crl.number} of {self.crl.issued:%Y-%m-%d}")

    def timestamps(self) -> None:
        """The higher level's archive timestamps: each over the package and the ones before, each valid when the next was made."""
        tokens = [self.archive[n] for n in sorted(self.archive, key=_stamp_order) if _stamp_order(n) > 0]
        names = [tsa.token_name(i) for i in range(1, len(tokens) + 1)]
        strays = sorted(n for n in self.archive if n not in names and not n.startswith(ARCHIVE_REPORTS))
        if strays or (self.archive and not tokens):
            self.add("archive_timestamp", False, "unlisted_file", ", ".join(strays) or "archive without a timestamp")
            return
        if not tokens or self.trust is None:
            return
        stamps: list[tsa.Stamp] = []
        moment = self.at
        for i in reversed(range(len(tokens))):
            try:
                stamp = tsa.verify_token(tokens[i], self.original + b"".join(tokens[:i]), self.trust.cert, moment)
            except tsa.TokenError as exc:
                self.add("archive_timestamp", False, exc.reason, f"timestamp {i + 1}: {exc.detail}")
                return
            revoked = self.crl.revocation(stamp.cert) if self.crl else None
            if revoked is not None and revoked.since <= (moment or dt.datetime.now(dt.timezone.utc)):
                self.add("archive_timestamp", False, "timestamp_key_revoked", f"timestamp {i + 1}: key revoked")
                return
            stamps.insert(0, stamp)
            moment = stamp.time
        self.stamps = stamps
        self.add("archive_timestamp", True, "ok", f"{len(stamps)} timestamp(s), first {stamps[0].time:%Y-%m-%d %H:%M} UTC")

    def certs_match(self) -> bool:
        if self.signer is None:  # set by signature() before it calls here
            missing("signer of package", "")
        der = self.signer.public_bytes(serialization.Encoding.DER)
        try:
            listed = keys.load_certs(self.files.get(CHAIN, b""))[0].public_bytes(serialization.Encoding.DER)
        except Exception:  # a damaged certs file is a mismatch, reported below
            listed = b""
        claimed = (self.manifest or {}).get("signer", {})
        same_fp = (isinstance(claimed, dict) and claimed.get("fingerprint") == self.signer.fingerprint(hashes.SHA256()).hex()
                   and claimed.get("organization") == keys.subject_org(self.signer))
        return self.add("signer_listed", listed == der and same_fp, "certs_mismatch",
                        "certs/chain.pem and the manifest name the manifest signer")

    def hashes(self) -> bool:
        if self.manifest is None:
            return False
        ok = True
        for entry in self.manifest["files"]:
            data = self.files.get(entry["path"])
            if data is None:
                ok &= self.add(f"file:{entry['path']}", False, "file_missing", "listed in the manifest but not in the package")
                continue
            same = len(data) == entry["size"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
            ok &= self.add(f"file:{entry['path']}", same, "hash_mismatch", "" if same else "changed after signing")
        extra = sorted(set(self.files) - {e["path"] for e in self.manifest["files"]} - {MANIFEST, SIGNATURE})
        return self.add("unlisted_files", not extra, "unlisted_file", ", ".join(extra)) and ok

    def pdfs(self, sealed: bool) -> None:
        names = [n for n in self.files if n.startswith(REPORTS_DIR) and n.endswith(".pdf")]
        if not names:
            self.add("pdf_signatures", False, "no_reports", "the package holds no signed report")
        elif not sealed:
            # The package already failed its seal; validating its PDFs would only cost time.
            self.add("pdf_signatures", False, "not_checked", "skipped: the package failed its integrity checks")
        else:
            if self.signer is None:  # a sealed package has a signer
                missing("signer of sealed package", "")
            expected = self.signer.public_bytes(serialization.Encoding.DER)
            if self.trust is None:  # sealed means signature() checked the signer against a root
                raise TypeError("no trusted root to check the reports against")
            for name in names:
                self.checks.append(check_pdf(name[len(REPORTS_DIR):], self.files[name], [self.trust.asn1],
                                             expected_signer=expected, moment=self.attested))

    def archived_reports(self) -> None:
        """The archive's timestamped report copies: the signed report unchanged, then valid document timestamps."""
        for name in sorted(n for n in self.archive if n.startswith(ARCHIVE_REPORTS)):
            original = self.files.get(REPORTS_DIR + name[len(ARCHIVE_REPORTS):], b"")
            copy = self.archive[name]
            try:
                ok = bool(original) and copy.startswith(original) and bool(
                    check_timestamps(copy, [self.trust.asn1], self.at) if self.trust else False)
            except Exception:  # pyHanko raises several kinds on a damaged copy
                ok = False
            self.add(f"archive:{name[len(ARCHIVE_REPORTS):]}", ok, "archive_report_invalid", "document timestamp")

    def level(self) -> str:
        """B-LTA with the higher level's timestamps, B-LT when every report carries its chain and a CRL, else B-B."""
        if self.stamps:
            return "B-LTA"
        reports = [n for n in self.files if n.startswith(REPORTS_DIR) and n.endswith(".pdf")]
        return "B-LT" if reports and all(all(self.dss(n)) for n in reports) else "B-B"  # certificates and a list

    def dss(self, name: str) -> tuple[list[bytes], list[bytes]]:
        """The certificates and lists in a report's DSS, read once."""
        if name not in self._dss:
            self._dss[name] = dss_contents(self.files[name])
        return self._dss[name]

    def audit(self) -> None:
        try:
            doc = _json(self.files, AUDIT)
            entries = doc.get("entries") if isinstance(doc, dict) and doc.get("format") == AUDIT_FORMAT else None
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise _Bad(f"{AUDIT} is not a {AUDIT_FORMAT} document")
        except _Bad as exc:
            self.add("audit_chain", False, "audit_malformed", str(exc))
            return
        self.audit_entries = entries
        self.add("audit_chain", *_audit_verdict(entries, (self.manifest or {}).get("audit_head")))

    def result(self) -> None:
        try:
            doc = _json(self.files, RESULT)
            rounds = doc.get("rounds") if isinstance(doc, dict) and doc.get("format") == RESULT_FORMAT else None
            if not isinstance(rounds, list) or not rounds or not isinstance(doc.get("election"), dict):
                raise _Bad(f"{RESULT} is not a {RESULT_FORMAT} document with rounds")
        except _Bad as exc:
            self.add("result", False, "result_malformed", str(exc))
            return
        self.summary = doc["election"]
        self.signer_organization()
        ids = [r.get("id") if isinstance(r, dict) else None for r in rounds]
        self.add("result", len(set(map(str, ids))) == len(ids), "result_malformed", f"{len(rounds)} round(s)")
        facts = []
        for i, rnd in enumerate(rounds):
            rnd = rnd if isinstance(rnd, dict) else {}
            facts.append(self.round(str(ids[i] or f"#{i + 1}"), rnd, str(rnd.get("title") or ids[i] or i + 1)))
            if AUDIT in self.files:  # verify_result has no audit log to bind the ballots to
                self.bound(str(ids[i]), rnd, str(rnd.get("title") or ids[i] or i + 1))
        self.add("summary", *_summary_verdict(self.summary, self.elected, [f for f in facts if f]))
        if AUDIT in self.files:  # a whole package: its papers must say what result.json says
            self.papers()

    def papers(self) -> None:
        """The result report (and the counting reports) state each round's names, votes, E, P and elected as the
        recount of result.json does: a ballot paper or an unrelated signed PDF in their place is refused (issue 12)."""
        for name, problems in paper_problems(self.files, REPORTS_DIR, self.recounts).items():
            missing_report = problems == ["missing"]
            self.add(f"paper:{name}", False, "result_report_missing" if missing_report else "paper_disagrees",
                     "; ".join(problems)[:400], paper=TITLES[name],
                     round=problems[0].split(":")[0] if not missing_report else "")
        if not any(c.name.startswith("paper:") for c in self.checks):
            self.add("papers", True, "ok", "the reports state every round as result.json")

    def signer_organization(self) -> None:
        """The results are the signer's own: branch B's key cannot sign branch A's election (issue 12)."""
        if self.signer is None:
            return  # no verified signer: the signature check has already failed
        signer, org = keys.subject_org(self.signer), self.summary.get("organization")
        self.add("signer_organization", org == signer, "signer_not_organization", f"signed by {signer} for {org}",
                 signer=signer, organization=str(org))

    def bound(self, rid: str, rnd: dict, title: str) -> None:
        """The round's ballots are those counted when it closed: their digest, recomputed, equals the one the
        package carries and the one the audit log's closing entry recorded (issue 12; ids and order ignored)."""
        logged = closing_digests(self.audit_entries)
        got, carried = _digest_of(rnd.get("input")), rnd.get("ballots_digest")
        if logged.get(rid) is None:
            # A file from before the digest was recorded: said as a limitation. Once any round records one,
            # a round without its own entry is a round the log never closed.
            if any(d is not None for d in logged.values()):
                self.add(f"ballots:{rid}", False, "round_not_logged", "no closing entry in the audit log", round=title)
            elif carried not in (None, got):
                self.add(f"ballots:{rid}", False, "round_ballots_changed", "carried digest differs", round=title)
            else:
                self.checks.append(Check(f"ballots:{rid}", True, "round_not_bound", "",
                                         "closed before votedesk recorded ballot digests: recount only", {"round": title}))
            return
        ok = got is not None and got == logged[rid] and carried in (None, got)
        self.add(f"ballots:{rid}", ok, "round_ballots_changed",
                 "digest as recorded when the round closed" if ok else f"closed with {logged[rid]}, package gives {got}",
                 round=title)

    def round(self, rid: str, rnd: dict, title: str) -> tuple[int, int] | None:
        """Recount and rule checks of one round (``title`` names it in the sentences); returns its (expected, present)."""
        try:
            outcome = count_round(parse_count_input(rnd.get("input")))
        except InputError as exc:
            self.add(f"recount:{rid}", False, "count_input_invalid", str(exc), round=title)
            return None
        recount = outcome_to_json(outcome)
        self.recounts[rid] = (title, recount)
        diffs = differences(rnd.get("claimed"), recount)
        self.add(f"recount:{rid}", not diffs, "recount_disagrees", "; ".join(diffs[:6]) if diffs else _decided(outcome),
                 round=title, names="、".join(_differing_names(rnd.get("claimed"), outcome_to_json(outcome))))
        if outcome.inp.kind != RoundKind.PRELIMINARY:
            self.elected += [n for n in outcome.elected if n not in self.elected]
        self.checks.extend(replace(c, params={**c.params, "round": title}) if not c.ok else c
                           for c in rule_checks(rid, outcome, rnd.get("claimed")))
        return outcome.quorum.expected, outcome.quorum.present


def closing_digests(entries: list[dict]) -> dict[str, str | None]:
    """Round id -> the ballots digest its closing entry, or a later recorded amendment of one of its ballots (R9.7),
    recorded last (None: closed before digests were recorded)."""
    out: dict[str, str | None] = {}
    for e in entries:
        params = e.get("params")
        if not (isinstance(params, dict) and "round" in params):
            continue
        digest = params.get("ballots_digest")
        if e.get("event") == "round_closed":
            out[str(params["round"])] = digest if isinstance(digest, str) else None
        elif e.get("event") == "amendment_recorded" and isinstance(digest, str):
            out[str(params["round"])] = digest
    return out


def _digest_of(doc: Any) -> str | None:
    """The round digest of a count input from the package, None when it is not a readable document."""
    try:
        return round_digest(doc) if isinstance(doc, dict) else None
    except (AttributeError, TypeError, ValueError):  # a ballot that is not an object, a value JSON cannot hold
        return None


def _differing_names(claimed: Any, recount: dict) -> list[str]:
    """The people whose claimed votes or status differ from the recount (for the sentence)."""
    rows = {r.get("name"): r for r in claimed.get("results", []) if isinstance(r, dict)} if isinstance(claimed, dict) else {}
    return [r["name"] for r in recount["results"]
            if any(rows.get(r["name"], {}).get(k) != r[k] for k in ("yes", "no", "abstain", "void", "status"))]


def _summary_verdict(summary: dict, elected: list[str], facts: list[tuple[int, int]]) -> tuple[bool, str, str]:
    """The election summary (shown in overviews) must agree with what the rounds establish."""
    problems = []
    if "elected" in summary and sorted(map(str, summary.get("elected") or [])) != sorted(elected):
        problems.append(f"elected {summary.get('elected')!r}, the recount gives {elected!r}")
    pair = (summary.get("expected"), summary.get("present"))
    if pair != (None, None) and pair not in facts:
        problems.append(f"expected/present {pair[0]}/{pair[1]} match no round")
    return (False, "summary_disagrees", "; ".join(problems)) if problems else (True, "ok", "")


def _decided(out: Any) -> str:
    text = f"elected: {', '.join(out.elected) or '—'}"
    if out.tie_revote:
        text += f"; tie re-vote among {', '.join(out.tie_revote.among)} for {out.tie_revote.seats} seat(s)"
    if out.advancing is not None:
        text = f"advancing: {', '.join(out.advancing) or '—'}"
    return text


def audit_content(entry: Mapping[str, Any]) -> dict[str, Any]:
    """What an entry's hash covers: everything but its own hash and the redundant prev_hash (as storage does)."""
    return {k: v for k, v in entry.items() if k not in ("hash", "prev_hash")}


def _audit_verdict(entries: list[dict], head: Any) -> tuple[bool, str, str]:
    # A missing hash reads as "" (not None): either never equals a SHA-256 hex digest, so the chain breaks there.
    broken = hashchain.first_break((audit_content(e), e.get("hash", "")) for e in entries)
    if broken is not None:
        return False, "audit_log_broken", f"entry {broken + 1} does not chain to the one before"
    prevs = [hashchain.GENESIS] + [e["hash"] for e in entries[:-1]]
    if any("prev_hash" in e and e["prev_hash"] != p for e, p in zip(entries, prevs)):
        return False, "audit_log_broken", "an entry names the wrong previous entry"
    seqs = [e["seq"] for e in entries if "seq" in e]
    if seqs and seqs != list(range(1, len(entries) + 1)):
        return False, "audit_entry_missing_seq", "the entry numbers are not 1, 2, 3, … without gaps"
    last = entries[-1]["hash"] if entries else ""
    if head is not None and head != last:
        return False, "audit_head_mismatch", "the audit log does not end where the manifest says"
    return True, "ok", f"{len(entries)} entries"


def _by_name(rows: Any) -> Any:
    return sorted(rows, key=lambda r: str(r.get("name"))) if isinstance(rows, list) and all(isinstance(r, dict) for r in rows) else rows


def _norm(doc: Any) -> Any:
    """What a recount must reproduce, without the order that only reflects where ballots lay in the box.

    The package shuffles the ballots (R4.8), and write-ins are listed by first appearance among equal
    votes: rows are compared by name and the elected as a set (their order of votes is in the rows).
    """
    if not isinstance(doc, dict):
        return doc
    doc = {**doc, "results": _by_name(doc["results"])} if "results" in doc else dict(doc)
    if isinstance(doc.get("elected"), list):
        doc["elected"] = sorted(map(str, doc["elected"]))
    if isinstance(doc.get("tie_revote"), dict) and isinstance(doc["tie_revote"].get("among"), list):
        doc["tie_revote"] = {**doc["tie_revote"], "among": sorted(map(str, doc["tie_revote"]["among"]))}
    if isinstance(doc.get("ballots"), dict) and isinstance(doc["ballots"].get("invalid_ids"), list):
        doc["ballots"] = {**doc["ballots"], "invalid_ids": sorted(map(str, doc["ballots"]["invalid_ids"]))}
    return doc


def differences(claimed: Any, recount: dict) -> list[str]:
    """Human-readable differences between a claimed outcome and the recount (empty when equal)."""
    claimed, recount = _norm(claimed), _norm(recount)
    if claimed == recount:
        return []
    if not isinstance(claimed, dict):
        return ["no claimed outcome"]
    out = [f"{k}: claimed {claimed.get(k)!r}, recount {recount[k]!r}"
           for k in ("elected", "tie_revote", "unfilled_seats", "advancing") if claimed.get(k) != recount[k]]
    rows = {r.get("name"): r for r in claimed.get("results", []) if isinstance(r, dict)}
    for r in recount["results"]:
        c = rows.get(r["name"], {})
        for key in ("yes", "no", "abstain", "void", "status"):
            if c.get(key) != r[key]:
                out.append(f"{r['name']} {key}: claimed {c.get(key)!r}, recount {r[key]!r}")
    out += [f"{k} differs" for k in sorted(set(claimed) | set(recount))
            if k not in ("elected", "tie_revote", "unfilled_seats", "advancing", "results") and claimed.get(k) != recount.get(k)]
    return out or ["the claimed outcome differs from the recount"]


def verify_result(result_json: bytes) -> VerificationReport:
    """The recount and rule checks alone, on a result.json: the part of verify_package that needs no key."""
    v = _Verifier({RESULT: result_json}, None, None)
    v.checks = []
    v.result()
    return VerificationReport(tuple(v.checks), summary=v.summary, elected=tuple(v.elected))


def _stamp_order(name: str) -> int:
    """N for archive/timestamp-N.tsr, 0 for any other name."""
    stem = name.removeprefix(tsa.ARCHIVE_DIR + "timestamp-").removesuffix(".tsr")
    return int(stem) if stem.isdigit() and name.startswith(tsa.ARCHIVE_DIR) else 0


ARCHIVE_REPORTS = tsa.ARCHIVE_DIR + REPORTS_DIR


def split_archive(entries: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], dict[str, bytes]]:
    """The package as the branch signed it, and the archive entries the higher level appended after it."""
    first = next((i for i, (n, _) in enumerate(entries) if n.startswith(tsa.ARCHIVE_DIR)), len(entries))
    return entries[:first], dict(entries[first:])


def verify_package(data: bytes, trust_root: bytes | TrustRoot, *, at: dt.datetime | None = None,
                   crl: bytes | RevocationList | None = None) -> VerificationReport:
    """Every check on a package against the trusted root (PEM or TrustRoot). Bad root or list: UserFacingError.

    ``at``: the validation time (default now); ``crl``: the root's revocation list to apply (default: the newest
    one embedded in the reports). An archive copy's timestamps attest the signing time (see archive.py).
    """
    trust = load_trust_root(trust_root)
    revocations = crl if isinstance(crl, RevocationList) or crl is None else load_crl(crl, trust.cert)
    if not container.looks_like_zip(data) or len(data) > MAX_PACKAGE:
        return VerificationReport((Check("container", False, "not_a_package", "", "not a votedesk package file"),), readable=False)
    try:
        sealed, archive = split_archive(container.unpack(data))
    except container.ContainerError as exc:
        return VerificationReport((Check("container", False, exc.reason, "", exc.detail),))
    v = _Verifier(dict(sealed), trust, at, (container.pack(sealed), archive), revocations)
    v.run()
    signer = v.signer
    return VerificationReport(
        tuple(v.checks), signer=keys.subject_org(signer) if signer else "",
        fingerprint=keys.fingerprint(signer) if signer else "", summary=v.summary, elected=tuple(v.elected),
        signed_at=v.signed_at, audit_head=str((v.manifest or {}).get("audit_head", "")), level=v.level(),
        crl_issued=v.crl.issued if v.crl else None, crl_number=v.crl.number if v.crl else None,
        timestamped_at=v.stamps[0].time if v.stamps else None,
        renew_timestamp_by=v.stamps[-1].cert.not_valid_after_utc if v.stamps else None,
    )
