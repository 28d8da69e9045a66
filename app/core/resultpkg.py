"""The signed result package of an election file, checked by the higher level's verifier before it leaves."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

from app.core.audit import verify_audit
from app.core.errors import UserFacingError

from app.core.documents import POST_TITLES, document_set, organization
from app.core.reports.bundle import build_all
from app.core.reports.styles import cn_date
from app.core.rules.strokes import sort_names
from app.core.signing import keys
from app.core.signing.keys import Identity
from app.core.signing.chain import own_trust
from app.core.signing.package import SUMMARY_KEYS, RoundRecord, build_package, dumps, result_document
from app.core.signing.report import Check, VerificationReport
from app.core.signing.texts import describe
from app.core.signing.verify import verify_package, verify_result
from app.core.storage import audit_log as sal
from app.core.storage import ballots as sb
from app.core.storage import chiefpin as sp
from app.core.storage import setup as ss
from app.core.workflow import count_input, state

KIND_TITLES = {"formal": "正式选举", "preliminary": "预选", "tie_revote": "得票相等重新投票", "additional": "另行选举"}


def round_records(db: Any) -> list[RoundRecord]:
    """Every closed round: its count input from the stored ballots and the outcome recorded when it closed."""
    out = []
    election = "补选" if state.is_by_election(db) else "选举"  # the higher level's messages name the round so (R13.4)
    for r in sb.rounds(db):
        if not r.closed:
            continue
        post = state.post_of(db, r)
        title = f"{POST_TITLES.get(post.office, post.office)}{election}（{KIND_TITLES.get(r.kind, r.kind)}，第{r.id}轮）"
        # A closed round has its outcome (set_results stores both); a None would fail later, when the package is built.
        out.append(RoundRecord(str(r.id), title, count_input(db, r.id), state.outcome(r)))  # type: ignore[arg-type]
    return out


def audit_export(db: Any) -> list[dict[str, Any]]:
    """The audit log as the package carries it: each entry's hashed content and its hash."""
    return [{**e.content(), "hash": e.hash} for e in sal.entries(db)]


def summary(db: Any, records: list[RoundRecord]) -> dict[str, Any]:
    """result.json's election summary: who, when, E and P of the assembly, who was elected."""
    info = ss.election(db) or {}
    org = organization(db)
    first = records[0].claimed["quorum"] if records else {"expected": 0, "present": 0}
    elected = list(dict.fromkeys(n for r in records for n in r.claimed.get("elected", [])))  # each person once
    return {
        "organization": org.committee, "title": f"{org.committee}{'补选' if state.is_by_election(db) else '换届选举'}", "date": info.get("meeting_date") or "",
        "body": info.get("body") or "member_assembly", "expected": first["expected"], "present": first["present"],
        "elected": sort_names(elected), "status": "official" if info.get("official") else "draft",
        "rehearsal": bool(info.get("rehearsal")),
    }


def signed_documents(db: Any, identity: Identity, today: dt.date) -> dict[str, bytes]:
    """The result report (with the signer's fingerprint printed) and the counting reports, unsigned yet."""
    docs = document_set(db, today)
    docs = replace(docs, result=replace(docs.result, signer_fingerprint=keys.fingerprint(identity.cert)))
    pdfs = build_all(docs)
    return {"result-report.pdf": pdfs["07-result-report.pdf"], "counting-reports.pdf": pdfs["06-counting-reports.pdf"]}


def seals(db: Any) -> dict[str, tuple[str, str, str]]:
    """The result report is sealed over its issuer and 成文日期 once issued (GB/T 9704-2012 7.3.5.1)."""
    report = document_set(db).result
    if report.issued is None:
        return {}
    committee = report.org.committee
    return {"result-report.pdf": (committee, committee, cn_date(report.issued))}


class PackageRefused(UserFacingError):
    """The higher level's verifier refuses the package: nothing is signed off or written. ``report`` says why."""

    def __init__(self, report: VerificationReport) -> None:
        self.report = report
        lines = [describe(c) for c in report.failures]
        super().__init__("package_refused", "; ".join(c.reason for c in report.failures), reasons="\n".join(lines))


def unchecked_package(db: Any, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
    """The .vdpkg bytes, signed by ``identity``, NOT yet checked (as votedesk built packages before checking them)."""
    records = round_records(db)
    pdfs = signed_documents(db, identity, today)
    return build_package(identity=identity, election=summary(db, records), rounds=records,
                         audit=audit_export(db), pdfs=sorted(pdfs.items()), when=when, seals=seals(db))


def own_check(data: bytes, identity: Identity) -> VerificationReport:
    """The higher level's verifier (as `votedesk verify` runs it) on a package, trusting the branch's own chain."""
    return verify_package(data, own_trust(identity))


def election_package(db: Any, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
    """The .vdpkg bytes for an election file, signed by ``identity``; PackageRefused when the verifier rejects it.

    A file whose own audit log does not verify (a row changed behind the app's back) is never signed.
    """
    data = unchecked_package(db, identity, today, when)
    report = own_check(data, identity)
    if not (audited := verify_audit(db)).ok:  # the verifier sees only what the package says; the file knows more
        broken = Check("election_audit", False, "audit_broken_before_signing", "", f"{len(audited.problems)} problem(s)")
        report = replace(report, checks=(*report.checks, broken))
    if not report.ok:
        raise PackageRefused(report)
    return data


def confirmation_refusal(db: Any, identity: Identity) -> str | None:
    """Why the chief scrutineer's confirmation of signing with ``identity`` is missing (None: it is there).

    The confirmation must be the last action recorded, naming this key: nothing changed since the chief confirmed.
    """
    import app.core.workflow.confirm  # noqa: F401 - registers the sentences of these codes

    if sp.pin(db) is None:
        old = sal.latest_params(db, "chief_pin_set")
        return "chief_pin_legacy" if old and "pin_hash" in old else "chief_pin_not_set"
    last = sal.latest_entry(db)
    params = last.params if last is not None and last.event == "chief_confirmed" else {}
    if params.get("purpose") != "sign_package" or params.get("signer_fingerprint") != keys.fingerprint(identity.cert):
        return "chief_not_confirmed"
    return None


def signed_package(db: Any, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
    """The package as it leaves the branch (GUI and `votedesk package`): only once the chief scrutineer has confirmed
    the signing with name and PIN (issue 12); then as ``election_package`` (audit, verifier)."""
    if (code := confirmation_refusal(db, identity)) is not None:
        raise UserFacingError(code, code)
    return election_package(db, identity, today, when)


def rule_report(db: Any) -> VerificationReport:
    """The verifier's recount and rule checks on the election's rounds, without a key (before marking official)."""
    records = round_records(db)
    if not records:
        return VerificationReport(())
    info = summary(db, records)
    info.update({k: info.get(k) or "-" for k in SUMMARY_KEYS})  # the summary's text is not what is checked here
    return verify_result(dumps(result_document(info, records, random.Random(0))))
