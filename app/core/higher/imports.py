"""Import result packages into the workspace: verify, attribute to a branch, keep every version, supersede."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from app.core.errors import UserFacingError
from app.core.higher.workspace import Workspace
from app.core.signing.package import AUDIT, read_package
from app.core.signing.report import VerificationReport
from app.core.signing.verify import verify_package


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``status`` is "imported", "duplicate" (a no-op) or "older_than_current"."""

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


def _on_record(ws: Workspace, branch_id: int) -> _Record | None:
    row = ws.db.execute("SELECT id, ok, signed_at, audit_head FROM packages WHERE branch_id = ? AND superseded_by IS NULL",
                        [branch_id]).fetchone()
    return _Record(row[0], bool(row[1]), row[2], row[3]) if row else None


def _audit_hashes(data: bytes) -> set[str]:
    try:
        entries = json.loads(read_package(data)[AUDIT])["entries"]
        return {e["hash"] for e in entries if isinstance(e, dict) and isinstance(e.get("hash"), str)}
    except (UserFacingError, KeyError, TypeError, ValueError):
        return set()


def _newer(report: VerificationReport, current: _Record) -> bool:
    # A rejected package never displaces an accepted one on record; it is kept and flagged instead.
    if current.ok and not report.ok:
        return False
    return (report.signed_at.isoformat() if report.signed_at else "") > current.signed_at


def _flags(report: VerificationReport, data: bytes, current: _Record | None, supersedes: bool) -> list[str]:
    flags = []
    if current is not None and supersedes and current.audit_head and current.audit_head not in _audit_hashes(data):
        flags.append("audit_not_extending")  # the newer log should continue the older one
    if current is not None and not supersedes and not report.ok and current.ok:
        flags.append("rejected_not_on_record")
    return flags


def import_package(ws: Workspace, data: bytes, *, at: dt.datetime | None = None,
                   report: VerificationReport | None = None) -> ImportResult:
    """Verify and record a package. Re-importing the same bytes is a no-op; every version is kept.

    ``report`` lets a caller pass the verify_package result of these bytes against this
    workspace's root, computed elsewhere (e.g. in a process pool); otherwise it is computed here.
    """
    sha = hashlib.sha256(data).hexdigest()
    row = ws.db.execute("SELECT id FROM packages WHERE sha256 = ?", [sha]).fetchone()
    if row:
        return ImportResult("duplicate", row[0], None)
    report = report or verify_package(data, ws.trust, at=at)
    if not report.readable:
        raise UserFacingError("not_a_package", "this is not a votedesk result package")
    fingerprint = "".join(report.fingerprint.split()).lower()
    organization = report.signer or str(report.summary.get("organization", ""))
    branch, attribution = ws.branch_for(fingerprint, organization)
    current = _on_record(ws, branch.id) if branch else None
    supersedes = current is None or _newer(report, current)
    flags = ([attribution] if attribution else []) + _flags(report, data, current, supersedes)
    with ws.db.conn:
        new_id = _insert(ws, sha, data, report, branch.id if branch else None, fingerprint, flags,
                         None if supersedes or current is None else current.id)
        if supersedes and current is not None:
            ws.db.execute("UPDATE packages SET superseded_by = ? WHERE id = ?", [new_id, current.id])
    status = "imported" if supersedes else "older_than_current"
    return ImportResult(status, new_id, report, current.id if supersedes and current else None, tuple(flags))


def _insert(ws: Workspace, sha: str, data: bytes, report: VerificationReport, branch_id: int | None,
            fingerprint: str, flags: list[str], superseded_by: int | None) -> int:
    cur = ws.db.execute(
        "INSERT INTO packages (sha256, branch_id, signer, signer_fingerprint, signed_at, received, ok, reasons, rules, "
        "flags, summary, elected, audit_head, superseded_by, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [sha, branch_id, report.signer, fingerprint, report.signed_at.isoformat() if report.signed_at else "", _now(),
         int(report.ok), json.dumps(report.reasons()), json.dumps(report.rules_broken), json.dumps(flags),
         json.dumps(report.summary, ensure_ascii=False), json.dumps(report.elected, ensure_ascii=False),
         report.audit_head, superseded_by, data])
    if cur.lastrowid is None:  # int(cur.lastrowid) would raise TypeError on None, as this does
        raise TypeError("the cursor has no lastrowid: the statement inserted no row")
    return int(cur.lastrowid)


def package_bytes(ws: Workspace, package_id: int) -> bytes:
    """The stored bytes of an imported package (every version is kept)."""
    row = ws.db.execute("SELECT data FROM packages WHERE id = ?", [package_id]).fetchone()
    if row is None:
        raise UserFacingError("package_unknown", f"no package #{package_id} in this workspace")
    return bytes(row[0])
