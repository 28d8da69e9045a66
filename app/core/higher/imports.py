"""Import result packages into the workspace: verify, attribute to a branch, keep every version; only verified ones stand."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from typing import Sequence

from app.core.diskfull import disk_full_refused
from app.core.errors import UserFacingError
from app.core.higher.archive import stamp_package
from app.core.higher.revocation import latest_crl
from app.core.higher.workspace import Branch, Workspace
from app.core.signing.keys import Identity
from app.core.signing.container import LIMIT_REASONS, manifest_digest
from app.core.signing.package import AUDIT, read_package
from app.core.reports.papercode import check_codes, normalize, package_codes
from app.core.signing.report import Check, VerificationReport
from app.core.signing.verify import verify_package


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``status`` is "imported" (it stands), "duplicate" (a no-op), "older_than_current"
    (verified, kept beside a newer one that stands) or "rejected" (kept apart: it never stands)."""

    status: str
    package_id: int
    report: VerificationReport | None
    superseded: int | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Record:
    id: int
    ok: bool
    signed_at: str
    audit_head: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _standing(ws: Workspace, branch_id: int) -> _Record | None:
    row = ws.db.execute("SELECT id, ok, signed_at, audit_head FROM packages WHERE branch_id = ? AND ok = 1 "
                        "AND superseded_by IS NULL", [branch_id]).fetchone()
    return _Record(row[0], bool(row[1]), row[2], row[3]) if row else None


def _shown(ws: Workspace, branch_id: int) -> int | None:
    row = ws.db.execute("SELECT id FROM packages WHERE branch_id = ? AND superseded_by IS NULL", [branch_id]).fetchone()
    return int(row[0]) if row else None


def _audit_hashes(data: bytes) -> set[str]:
    try:
        entries = json.loads(read_package(data)[AUDIT])["entries"]
        return {e["hash"] for e in entries if isinstance(e, dict) and isinstance(e.get("hash"), str)}
    except (UserFacingError, KeyError, TypeError, ValueError):
        return set()


def _same_content(ws: Workspace, digest: str | None) -> list[tuple[int, bool]]:
    """(id, verified) of the packages already holding this signed manifest, verified ones first."""
    if digest is None:
        return []
    rows = ws.db.execute("SELECT id, ok FROM packages WHERE manifest_sha256 = ? ORDER BY ok DESC, id", [digest])
    return [(r[0], bool(r[1])) for r in rows.fetchall()]


def import_package(ws: Workspace, data: bytes, *, at: dt.datetime | None = None,
                   report: VerificationReport | None = None, tsa: Identity | None = None,
                   paper_codes: Sequence[str] = ()) -> ImportResult:
    """Verify and record a package. The same signed content again is a no-op; every version is kept.

    Only a verified package can stand for its branch; a rejected one is kept apart and changes nothing.
    ``report`` lets a caller pass the verify_package result of these bytes against this
    workspace's root, computed elsewhere (e.g. in a process pool); otherwise it is computed here.
    ``tsa``: the higher level's time-stamping identity; an accepted package's archive copy is timestamped (archive.py).
    ``paper_codes``: the verification codes typed from the counting reports that came with the package; one that
    matches no round rejects it (naming the rounds), none given is flagged "paper code not checked".
    """
    sha = hashlib.sha256(data).hexdigest()
    row = ws.db.execute("SELECT id FROM packages WHERE sha256 = ?", [sha]).fetchone()
    if row:
        if _typed(paper_codes):  # the codes came later or were mistyped before: judge the stored package again
            return recheck_paper(ws, row[0], data, paper_codes, at=at)
        return ImportResult("duplicate", row[0], None, flags=("paper_code_mismatch",) if _paper_rejected(ws, row[0]) else ())
    digest = manifest_digest(data)
    same = _same_content(ws, digest)
    if same and _typed(paper_codes):  # the same signed manifest (the ZIP only laid out differently), with codes
        return recheck_paper(ws, same[0][0], data, paper_codes, at=at)
    if same and (same[0][1] or _paper_rejected(ws, same[0][0])):  # re-laid out, no codes: never a way around them
        mismatch = ("paper_code_mismatch",) if _paper_rejected(ws, same[0][0]) else ()
        return ImportResult("duplicate", same[0][0], None, flags=("same_signed_content", *mismatch))
    report = report or verify_package(data, ws.trust, at=at, crl=latest_crl(ws))
    if not report.readable:
        raise UserFacingError("not_a_package", "this is not a votedesk result package")
    if report.checks and report.checks[0].reason in LIMIT_REASONS:  # a bomb is refused, never stored
        raise UserFacingError(report.checks[0].reason, report.checks[0].detail)
    if same and not report.ok:
        return ImportResult("duplicate", same[0][0], None, flags=("same_signed_content",))
    report, paper = paper_check(report, data, paper_codes)
    fingerprint = "".join(report.fingerprint.split()).lower()
    organization = report.signer or str(report.summary.get("organization", ""))
    branch, attribution = ws.branch_for(fingerprint, organization)
    report = registered_check(report, branch, attribution)
    before = _standing(ws, branch.id) if branch else None
    shown = _shown(ws, branch.id) if branch else None  # the row the overview showed: perhaps a rejected one
    with disk_full_refused(), ws.db.conn:  # a full disk: nothing of this import is kept, nothing else is lost
        new_id = _insert(ws, sha, data, report, branch.id if branch else None, fingerprint, digest)
        stands = branch is not None and ws.restand(branch.id) == new_id
        if branch is not None and report.ok and not stands and _typed(paper_codes):
            stands = _unseat_unchecked(ws, branch.id, paper_codes) == new_id
        flags = ([attribution] if attribution else []) + _flags(report, data, before, stands) + paper
        ws.db.execute("UPDATE packages SET flags = ? WHERE id = ?", [json.dumps(flags), new_id])
    if tsa is not None and report.ok:
        stamp_package(ws, new_id, tsa)
    status = "rejected" if not report.ok else "imported" if stands or branch is None else "older_than_current"
    return ImportResult(status, new_id, report, shown if stands else None, tuple(flags))


def registered_check(report: VerificationReport, branch: Branch | None, attribution: str | None) -> VerificationReport:
    """A certificate this workspace issued to one branch signs only that branch's results (issue 12)."""
    claimed = str(report.summary.get("organization", ""))
    if branch is None or attribution is not None or not claimed or branch.name == claimed:
        return report
    bad = Check("registered_branch", False, "cert_registered_elsewhere", "", f"certificate registered to {branch.name}",
                {"registered": branch.name, "organization": claimed})
    return replace(report, checks=(*report.checks, bad))


def _unseat_unchecked(ws: Workspace, branch_id: int, codes: Sequence[str]) -> int | None:
    """The codes just typed matched a package of this branch: the package standing for it, never checked against
    the paper, is checked against them too (a forgery signed later must not stay on record over the genuine one;
    a genuine later package carries the same rounds, so the same codes). Returns the package that stands now."""
    row = ws.db.execute("SELECT id, data, reasons, flags FROM packages WHERE branch_id = ? AND ok = 1 AND "
                        "superseded_by IS NULL", [branch_id]).fetchone()
    if row is None or "paper_code_not_checked" not in json.loads(row[3]):
        return row[0] if row else None
    report, paper = paper_check(VerificationReport((Check("container", True, "ok"),)), bytes(row[1]), codes)
    flags = [f for f in json.loads(row[3]) if not f.startswith("paper_code_")] + paper
    with disk_full_refused(), ws.db.conn:
        if not report.ok:
            ws.db.execute("UPDATE packages SET ok = 0, reasons = ? WHERE id = ?",
                          [json.dumps(json.loads(row[2]) + ["paper_code_mismatch"]), row[0]])
        ws.db.execute("UPDATE packages SET flags = ? WHERE id = ?", [json.dumps(flags), row[0]])
        return ws.restand(branch_id)


def _paper_rejected(ws: Workspace, package_id: int) -> bool:
    row = ws.db.execute("SELECT reasons FROM packages WHERE id = ?", [package_id]).fetchone()
    return bool(row) and "paper_code_mismatch" in json.loads(row[0])


def _typed(codes: Sequence[str]) -> list[str]:
    return [c for c in codes if c.strip()]


def recheck_paper(ws: Workspace, package_id: int, data: bytes, codes: Sequence[str], *,
                  at: dt.datetime | None = None) -> ImportResult:
    """A stored package judged again with the codes from its paper (they came later, or were mistyped before): it is
    verified again and its verdict replaced, so a mismatch takes it off the record and a corrected code that matches
    puts it (back) on record. Status "rechecked": it was accepted and still is, with its paper-code flag updated."""
    report = verify_package(data, ws.trust, at=at, crl=latest_crl(ws))
    report, paper = paper_check(report, data, codes)
    branch_id, flags, was_ok = ws.db.execute("SELECT branch_id, flags, ok FROM packages WHERE id = ?",
                                             [package_id]).fetchone()
    old = json.loads(flags)
    report = registered_check(report, *ws.branch_for("".join(report.fingerprint.split()).lower(),
                                                     report.signer or str(report.summary.get("organization", ""))))
    kept = [f for f in old if not f.startswith("paper_code_") and not (report.ok and f == "rejected_not_on_record")]
    shown = _shown(ws, branch_id) if branch_id is not None else None
    with disk_full_refused(), ws.db.conn:
        ws.db.execute("UPDATE packages SET ok = ?, reasons = ?, rules = ?, flags = ? WHERE id = ?",
                      [int(report.ok), json.dumps(report.reasons()), json.dumps(report.rules_broken),
                       json.dumps(kept + paper), package_id])
        top = ws.restand(branch_id) if branch_id is not None else None
    flags_now = tuple(kept + paper)
    if not report.ok:
        return ImportResult("rejected", package_id, report, flags=flags_now)
    if was_ok:
        return ImportResult("rechecked", package_id, report, flags=flags_now)
    if branch_id is not None and top != package_id:
        top = _unseat_unchecked(ws, branch_id, codes)
    stands = top == package_id
    status = "imported" if stands or branch_id is None else "older_than_current"
    return ImportResult(status, package_id, report, shown if stands and shown != package_id else None, flags_now)


def paper_check(report: VerificationReport, data: bytes, codes: Sequence[str]) -> tuple[VerificationReport, list[str]]:
    """The codes from the paper against the package's rounds: a mismatch is a failing check naming the rounds."""
    typed = [c for c in codes if c.strip()]
    if not typed:
        return report, ["paper_code_not_checked"]
    try:
        rounds = package_codes(read_package(data))
    except UserFacingError:  # not unpacked: the verifier has said why
        rounds = []
    check = check_codes(rounds, typed)
    if not check.ok:
        titles = "、".join(r.title for r in check.unmatched) or "—"
        bad = Check("paper_code", False, "paper_code_mismatch", "", f"{', '.join(check.unknown)} match no round",
                    {"typed": "、".join(normalize(c) or c for c in check.unknown), "round": titles})
        return replace(report, checks=(*report.checks, bad)), []
    return report, ["paper_code_checked" if check.complete else "paper_code_partly_checked"]


def _flags(report: VerificationReport, data: bytes, before: _Record | None, stands: bool) -> list[str]:
    if before is None:
        return []
    if stands and before.audit_head and before.audit_head not in _audit_hashes(data):
        return ["audit_not_extending"]  # the newer log should continue the older one
    return ["rejected_not_on_record"] if not report.ok else []


def _insert(ws: Workspace, sha: str, data: bytes, report: VerificationReport, branch_id: int | None,
            fingerprint: str, digest: str | None) -> int:
    cur = ws.db.execute(
        "INSERT INTO packages (sha256, branch_id, signer, signer_fingerprint, signed_at, received, ok, reasons, rules, "
        "flags, summary, elected, audit_head, superseded_by, data, manifest_sha256) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [sha, branch_id, report.signer, fingerprint, report.signed_at.isoformat() if report.signed_at else "", _now(),
         int(report.ok), json.dumps(report.reasons()), json.dumps(report.rules_broken), "[]",
         json.dumps(report.summary, ensure_ascii=False), json.dumps(report.elected, ensure_ascii=False),
         report.audit_head, None, data, digest])
    if cur.lastrowid is None:  # int(cur.lastrowid) would raise TypeError on None, as this does
        raise TypeError("the cursor has no lastrowid: the statement inserted no row")
    return int(cur.lastrowid)


def check_stored(ws: Workspace, package_id: int, codes: Sequence[str], *, at: dt.datetime | None = None) -> ImportResult:
    """The codes from the paper for a package already in the workspace (no file needed): it is judged again."""
    if not _typed(codes):
        raise UserFacingError("paper_code_missing", "no verification code typed")
    return recheck_paper(ws, package_id, package_bytes(ws, package_id), codes, at=at)


def package_bytes(ws: Workspace, package_id: int) -> bytes:
    """The stored bytes of an imported package (every version is kept)."""
    row = ws.db.execute("SELECT data FROM packages WHERE id = ?", [package_id]).fetchone()
    if row is None:
        raise UserFacingError("package_unknown", f"no package #{package_id} in this workspace")
    return bytes(row[0])
