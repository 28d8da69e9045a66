"""Revoking branch certificates in the higher-level workspace, and the root-signed lists (CRLs) it publishes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509

from app.core.errors import UserFacingError
from app.core.higher.workspace import Workspace
from app.core.signing import keys
from app.core.signing.crl import REASONS, RevocationList, Revoked, load_crl, make_crl
from app.core.signing.keys import Identity

# Added beside the workspace's own tables (IF NOT EXISTS): older workspaces gain them on first use.
TABLES = """
CREATE TABLE IF NOT EXISTS revocations (
  serial TEXT PRIMARY KEY,          -- the revoked certificate's serial number (decimal)
  branch TEXT NOT NULL,
  cert_pem TEXT NOT NULL,
  since TEXT NOT NULL,              -- from when its signatures no longer count (ISO, UTC)
  reason TEXT NOT NULL,             -- a key of crl.REASONS
  recorded TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS crls (
  number INTEGER PRIMARY KEY,
  issued TEXT NOT NULL,
  der BLOB NOT NULL
) STRICT;
"""


@dataclass(frozen=True)
class Revocation:
    """One revoked branch certificate, as listed in the workspace."""

    branch: str
    serial: int
    since: dt.datetime
    reason: str
    fingerprint: str


def ensure_tables(ws: Workspace) -> None:
    """Create the revocation tables when missing (executescript commits, so only when they are)."""
    if not has_tables(ws, "revocations", "crls"):
        ws.db.conn.executescript(TABLES)


def has_tables(ws: Workspace, *names: str) -> bool:
    """Whether every named table exists in the workspace."""
    marks = ",".join("?" * len(names))
    found = ws.db.execute(f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})", list(names))
    return int(found.fetchone()[0]) == len(names)


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)


def _check_root(ws: Workspace, root: Identity) -> None:
    if keys.cert_pem(root.cert) != keys.cert_pem(ws.trust.cert):
        raise UserFacingError("wrong_root_key", "this key file is not the workspace's root")


def revoke(ws: Workspace, root: Identity, branch: str, reason: str, *, since: dt.datetime | None = None,
           cert_pem: bytes | None = None, now: dt.datetime | None = None) -> bytes:
    """Revoke a branch's certificate (its current one unless ``cert_pem`` names another) and publish a new list.

    ``since``: from when its signatures stop counting (default now; earlier when the key was lost before it was
    noticed). Packages timestamped by the higher level before then stay valid. Returns the new CRL (DER).
    """
    _check_root(ws, root)
    if reason not in REASONS:
        raise UserFacingError("bad_revocation_reason", f"unknown reason {reason!r}")
    record = ws.branch_named(branch)
    pem = cert_pem or (record.cert_pem or "").encode()
    if not pem:
        raise UserFacingError("branch_has_no_certificate", f"{branch} has no issued certificate to revoke")
    cert = keys.load_cert(pem)
    if not keys.issued_by(cert, ws.trust.cert) or keys.subject_org(cert) != record.name:
        raise UserFacingError("cert_not_from_root", "this certificate was not issued to this branch by the root")
    now = _now(now)
    ensure_tables(ws)
    with ws.db.conn:
        ws.db.execute("INSERT OR REPLACE INTO revocations VALUES (?, ?, ?, ?, ?, ?)",
                      [str(cert.serial_number), record.name, keys.cert_pem(cert).decode(),
                       _now(since or now).isoformat(), reason, now.isoformat()])
    return publish_crl(ws, root, now=now)


def revocations(ws: Workspace) -> list[Revocation]:
    """Every revocation recorded, oldest first."""
    ensure_tables(ws)
    rows = ws.db.execute("SELECT branch, serial, since, reason, cert_pem FROM revocations ORDER BY since").fetchall()
    return [Revocation(r[0], int(r[1]), dt.datetime.fromisoformat(r[2]), r[3], keys.fingerprint(keys.load_cert(r[4].encode())))
            for r in rows]


def publish_crl(ws: Workspace, root: Identity, *, now: dt.datetime | None = None) -> bytes:
    """A new root-signed list of every revocation, numbered after the last, kept in the workspace; returns its DER."""
    _check_root(ws, root)
    ensure_tables(ws)
    now = _now(now)
    number = (ws.db.execute("SELECT MAX(number) FROM crls").fetchone()[0] or 0) + 1
    listed = [Revoked(r.serial, r.since, r.reason) for r in revocations(ws)]
    der = make_crl(root, listed, number=number, now=now)
    with ws.db.conn:
        ws.db.execute("INSERT INTO crls VALUES (?, ?, ?)", [number, now.isoformat(), der])
    return der


def latest_crl(ws: Workspace) -> RevocationList | None:
    """The newest list the workspace published (None before the first)."""
    ensure_tables(ws)
    row = ws.db.execute("SELECT der FROM crls ORDER BY number DESC LIMIT 1").fetchone()
    return load_crl(bytes(row[0]), ws.trust.cert) if row else None


def is_revoked(ws: Workspace, cert: x509.Certificate) -> Revocation | None:
    """The revocation of ``cert`` recorded in the workspace, if any."""
    return next((r for r in revocations(ws) if r.serial == cert.serial_number
                 and r.fingerprint == keys.fingerprint(cert)), None)
