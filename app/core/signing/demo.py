"""A small self-contained demo election (two rounds, a tie re-vote) to build and verify packages headless."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from app.core import hashchain
from app.core.countfmt import outcome_to_json, parse_count_input
from app.core.paths import resource
from app.core.rules.election import count_round
from app.core.signing import keys
from app.core.signing.keys import Identity
from app.core.signing.package import RoundRecord, build_package
from app.core.signing.pdfsign import sign_pdf

ROOT_ORG = "中共示范区机关工作委员会"
BRANCH_ORG = "中共示范区机关第一支部委员会"
WHEN = dt.datetime(2025, 6, 18, 10, 30, tzinfo=dt.timezone.utc)
A, B, C, D, E = "王建国", "李明", "张伟", "刘芳", "陈静"


def _ballots(patterns: list[tuple[int, set[str]]], candidates: list[str]) -> list[dict[str, Any]]:
    ballots: list[dict[str, Any]] = []
    for count, chosen in patterns:
        for _ in range(count):
            marks = {c: "yes" if c in chosen else "no" for c in candidates}
            ballots.append({"id": str(len(ballots) + 1), "marks": marks})
    return ballots


def round_inputs() -> list[tuple[str, str, dict[str, Any]]]:
    """(id, title, votedesk-count/1 input) of the demo rounds: 3 seats with a tie at the last, then the re-vote."""
    first = [A, B, C, D, E]
    r1 = {
        "format": "votedesk-count/1", "seats": 3, "candidates": first, "expected": 50, "present": 46,
        "ballots_issued": 46, "ballots_returned": 46,
        "ballots": _ballots([(20, {A, B, C}), (18, {A, B, D}), (2, {A, C, D}), (3, {C, D, E}), (1, {D}),
                             (1, {D, E}), (1, {A, B, C, D})], first),
    }
    r2 = {
        "format": "votedesk-count/1", "kind": "tie_revote", "seats": 1, "candidates": [C, D], "expected": 50,
        "present": 46, "ballots_issued": 46, "ballots_returned": 46,
        "ballots": _ballots([(27, {C}), (18, {D}), (1, set())], [C, D]),
    }
    return [("r1", "委员选举（第一轮）", r1), ("r2", "委员选举（等票重新投票）", r2)]


def rounds() -> list[RoundRecord]:
    """The demo rounds with the outcomes the engine gives (the honest claims)."""
    return [RoundRecord(rid, title, doc, outcome_to_json(count_round(parse_count_input(doc))))
            for rid, title, doc in round_inputs()]


def summary(records: list[RoundRecord]) -> dict[str, Any]:
    """The election summary in result.json."""
    elected = [n for r in records for n in r.claimed["elected"]]
    quorum = records[0].claimed["quorum"]
    return {"organization": BRANCH_ORG, "title": "第一支部委员会换届选举", "date": "2025-06-18",
            "body": "member_assembly", "expected": quorum["expected"], "present": quorum["present"],
            "seats": records[0].count_input["seats"], "elected": elected, "status": "official", "rehearsal": True}


def audit_entries(when: dt.datetime = WHEN) -> list[dict[str, Any]]:
    """A short hash-chained audit log shaped like storage's (seq, event, at, params, rows; hash; prev_hash)."""
    events = ["file_created", "members_added", "signed_in", "round_closed", "round_opened", "round_closed",
              "results_official"]
    out, prev = [], hashchain.GENESIS
    for i, event in enumerate(events):
        params = {"confirmed_by": "总监票人 赵敏", "pin_verified": True} if event == "results_official" else {}
        entry = {"seq": i + 1, "event": event, "at": (when + dt.timedelta(minutes=5 * i)).strftime("%Y-%m-%dT%H:%M:%S"),
                 "params": params, "rows": {}}
        digest = hashchain.link(prev, entry)
        out.append({**entry, "hash": digest, "prev_hash": prev})
        prev = digest
    return out


def report_pdf(records: list[RoundRecord], title: str = "选举结果报告", fingerprint: str = "") -> bytes:
    """A one-page result report (stand-in until the real report is glued in), with the signer's fingerprint."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "VDDemoCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("VDDemoCJK", str(resource("fonts", "wqy-microhei.ttc")), subfontIndex=0))
    buf = BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setFont("VDDemoCJK", 16)
    pdf.drawString(72, 770, f"{BRANCH_ORG} {title}")
    pdf.setFont("VDDemoCJK", 11)
    y = 740
    for r in records:
        pdf.drawString(72, y, f"{r.title}：当选 {'、'.join(r.claimed['elected']) or '无'}")
        y -= 18
        for row in r.claimed["results"]:
            pdf.drawString(90, y, f"{row['name']}  赞成 {row['yes']}  不赞成 {row['no']}  弃权 {row['abstain']}")
            y -= 16
    for i, line in enumerate(fingerprint.splitlines()):
        pdf.drawString(72, y - 20 - 16 * i, ("签名证书指纹（SHA-256）：" if i == 0 else "") + line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@dataclass(frozen=True)
class DemoPackage:
    """Everything `votedesk demo-package` writes, plus the identities for tests."""

    root: Identity | None  # None when signed with a branch identity given by the caller
    branch: Identity
    package: bytes
    report: bytes


def make_identities(now: dt.datetime | None = None) -> tuple[Identity, Identity]:
    """A demo root and a branch identity issued by it."""
    root = keys.create_root(ROOT_ORG, now=now)
    key = keys.new_key()
    cert = keys.issue_branch_cert(root, keys.branch_request(key, BRANCH_ORG), now=now)
    return root, Identity(key, cert, (root.cert,))


def demo_package(*, when: dt.datetime | None = None, seed: int | None = None,
                 branch: Identity | None = None) -> DemoPackage:
    """Build the demo package (with a fresh root and branch unless ``branch`` is given).

    A ``seed`` makes the ballot shuffle reproducible (tests only).
    """
    when = when or dt.datetime.now(dt.timezone.utc)
    root, branch = (None, branch) if branch else make_identities(when)
    records = rounds()
    report = sign_pdf(report_pdf(records, fingerprint=keys.fingerprint(branch.cert)), branch, when=when, reason="选举结果报告", location=branch.organization)
    rng = random.Random(seed) if seed is not None else None
    election = {**summary(records), "organization": branch.organization}
    package = build_package(identity=branch, election=election, rounds=records, audit=audit_entries(),
                            pdfs=[("result-report.pdf", report)], when=when, rng=rng)
    return DemoPackage(root, branch, package, report)
