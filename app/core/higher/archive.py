"""The higher level's archive copy of a package: its own RFC 3161 timestamps appended, renewed before they expire."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.errors import UserFacingError
from app.core.higher.revocation import has_tables, latest_crl
from app.core.higher.workspace import Workspace
from app.core.signing import container, keys, tsa
from app.core.signing.keys import Identity
from app.core.signing.package import REPORTS_DIR
from app.core.signing.pdfsign import timestamp_pdf
from app.core.signing.verify import ARCHIVE_REPORTS, split_archive, verify_package

TABLE = """
CREATE TABLE IF NOT EXISTS archives (
  package_id INTEGER PRIMARY KEY REFERENCES packages(id),
  stamped TEXT NOT NULL,            -- when the first timestamp was made: the attested time of the signature
  renewed TEXT NOT NULL,            -- when the newest was made
  renew_by TEXT NOT NULL,           -- the newest timestamp's key expires then: re-timestamp before
  stamps INTEGER NOT NULL,
  data BLOB NOT NULL                -- the package with its archive/ entries
) STRICT;
"""
# Re-timestamp what would otherwise lapse within this many days (a year: one USB round a year suffices).
RENEW_WITHIN = 365


@dataclass(frozen=True)
class ArchiveRecord:
    """One package's archive copy as recorded."""

    package_id: int
    stamped: dt.datetime
    renewed: dt.datetime
    renew_by: dt.datetime
    stamps: int


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)


def add_timestamp(data: bytes, tsa_identity: Identity, *, when: dt.datetime | None = None,
                  crl: bytes | None = None) -> bytes:
    """The package (or archive copy) with one more timestamp: a token over the signed package and the tokens before,
    and each report's copy with one more document timestamp (B-LTA-like), the CRL and TSA chain in its DSS."""
    when = _now(when)
    stamper = tsa.stamper(tsa_identity, when)
    sealed, archive = split_archive(container.unpack(data))
    tokens = [archive[tsa.token_name(i)] for i in range(1, len(archive) + 1) if tsa.token_name(i) in archive]
    token = tsa.stamp(container.pack(sealed) + b"".join(tokens), tsa_identity, when)
    entries = [*sealed, *((tsa.token_name(i), t) for i, t in enumerate([*tokens, token], 1))]
    for name, pdf in sealed:
        if name.startswith(REPORTS_DIR) and name.endswith(".pdf"):
            copy_name = ARCHIVE_REPORTS + name[len(REPORTS_DIR):]
            entries.append((copy_name, timestamp_pdf(archive.get(copy_name, pdf), stamper, crl=crl)))
    return container.pack(entries)


def ensure_table(ws: Workspace) -> None:
    """Create the archive table when missing (executescript commits, so only when it is)."""
    if not has_tables(ws, "archives"):
        ws.db.conn.executescript(TABLE)


def _stored(ws: Workspace, package_id: int) -> bytes:
    row = ws.db.execute("SELECT data FROM archives WHERE package_id = ?", [package_id]).fetchone()
    if row:
        return bytes(row[0])
    row = ws.db.execute("SELECT data FROM packages WHERE id = ?", [package_id]).fetchone()
    if row is None:
        raise UserFacingError("package_unknown", f"no package #{package_id} in this workspace")
    return bytes(row[0])


def stamp_package(ws: Workspace, package_id: int, tsa_identity: Identity, *, when: dt.datetime | None = None) -> ArchiveRecord:
    """Timestamp one package's archive copy (the first time on import, then to renew) and record it.

    The copy must verify now against the workspace's root and latest CRL: a rejected package is never timestamped.
    """
    ensure_table(ws)
    when = _now(when)
    crl = latest_crl(ws)
    data = add_timestamp(_stored(ws, package_id), tsa_identity, when=when, crl=crl.der if crl else None)
    report = verify_package(data, ws.trust, at=when, crl=crl)
    if not report.ok or report.timestamped_at is None or report.renew_timestamp_by is None:
        raise UserFacingError("archive_not_valid", "the package does not verify; it is not timestamped",
                              reasons=", ".join(report.reasons()))
    stamps = sum(1 for n, _ in container.unpack(data) if n.startswith(tsa.ARCHIVE_DIR) and n.endswith(".tsr"))
    with ws.db.conn:
        ws.db.execute("INSERT OR REPLACE INTO archives VALUES (?, ?, ?, ?, ?, ?)",
                      [package_id, report.timestamped_at.isoformat(), when.isoformat(),
                       report.renew_timestamp_by.isoformat(), stamps, data])
    return record(ws, package_id)  # type: ignore[return-value]  # just written


def record(ws: Workspace, package_id: int) -> ArchiveRecord | None:
    """The package's archive record, or None when it was never timestamped."""
    ensure_table(ws)
    row = ws.db.execute("SELECT package_id, stamped, renewed, renew_by, stamps FROM archives WHERE package_id = ?",
                        [package_id]).fetchone()
    if row is None:
        return None
    stamped, renewed, renew_by = (dt.datetime.fromisoformat(v) for v in row[1:4])
    return ArchiveRecord(row[0], stamped, renewed, renew_by, row[4])


def archive_copy(ws: Workspace, package_id: int) -> bytes:
    """The archive copy's bytes (the package itself when never timestamped)."""
    ensure_table(ws)
    return _stored(ws, package_id)


def due(ws: Workspace, *, now: dt.datetime | None = None, within: int = RENEW_WITHIN) -> list[int]:
    """Accepted packages to timestamp: never stamped, or whose newest timestamp lapses within ``within`` days."""
    ensure_table(ws)
    limit = (_now(now) + dt.timedelta(days=within)).isoformat()
    rows = ws.db.execute("SELECT p.id FROM packages p LEFT JOIN archives a ON a.package_id = p.id "
                         "WHERE p.ok = 1 AND (a.package_id IS NULL OR a.renew_by < ?) ORDER BY p.id", [limit])
    return [r[0] for r in rows.fetchall()]


def retimestamp(ws: Workspace, tsa_identity: Identity, *, now: dt.datetime | None = None,
                within: int = RENEW_WITHIN) -> list[ArchiveRecord]:
    """Timestamp every package that is due (see ``due``) with the current TSA key; returns the new records.

    A renewal only helps when the TSA key outlives the old one: with the same key, nothing is due and nothing done.
    """
    now = _now(now)
    if keys.days_left(tsa_identity.cert, now) < 0:
        raise UserFacingError("tsa_key_expired", "the time-stamping key has expired; issue a new one with the root key")
    done = []
    for package_id in due(ws, now=now, within=within):
        rec = record(ws, package_id)
        if rec is not None and rec.renew_by >= tsa_identity.cert.not_valid_after_utc:
            continue  # the same or an older key would not extend it
        done.append(stamp_package(ws, package_id, tsa_identity, when=now))
    return done
