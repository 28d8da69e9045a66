"""The higher-level workspace file: its root certificate, registered branches and their certificates."""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from sqlite_utils import Database

from app.core.errors import UserFacingError
from app.core.signing import keys
from app.core.signing.chain import TrustRoot, load_trust_root
from app.core.signing.keys import Identity
from app.core.textcheck import check_name

# "VDHL" big-endian: marks a file as a votedesk higher-level workspace (not an election file).
APPLICATION_ID = 0x5644484C
VERSION = 1
SCHEMA = """
CREATE TABLE settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  organization TEXT NOT NULL CHECK (organization <> ''),
  root_pem TEXT NOT NULL,
  created TEXT NOT NULL
) STRICT;
CREATE TABLE branches (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  key_id TEXT UNIQUE,                -- SHA-256 of the public key in the branch's request
  cert_pem TEXT,
  cert_fingerprint TEXT UNIQUE,
  not_after TEXT,
  registered TEXT NOT NULL
) STRICT;
CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  branch_id INTEGER REFERENCES branches(id),
  signer TEXT NOT NULL,
  signer_fingerprint TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  received TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  reasons TEXT NOT NULL,            -- JSON list of failing reason codes
  rules TEXT NOT NULL,              -- JSON list of rule ids broken
  flags TEXT NOT NULL,              -- JSON list of import flags (supersede, audit continuity, …)
  summary TEXT NOT NULL,            -- JSON election summary from result.json
  elected TEXT NOT NULL,            -- JSON list, from the recount
  audit_head TEXT NOT NULL,
  superseded_by INTEGER REFERENCES packages(id),
  data BLOB NOT NULL,
  manifest_sha256 TEXT              -- SHA-256 of the signed manifest: one version however the ZIP is laid out
) STRICT;
CREATE TABLE replies (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES packages(id),
  number TEXT NOT NULL,
  created TEXT NOT NULL,
  pdf BLOB NOT NULL
) STRICT;
"""


@dataclass(frozen=True)
class Branch:
    """A registered subordinate organization and its issued certificate, if any."""

    id: int
    name: str
    key_id: str | None
    cert_pem: str | None
    cert_fingerprint: str | None
    not_after: str | None


def _pragmas(db: Database) -> None:
    # WAL + synchronous=FULL: an import, once reported, survives a power cut (as election files do).
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class Workspace:
    """One higher-level workspace file (its own SQLite database, never an election file)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        row = db.execute("SELECT organization, root_pem FROM settings WHERE id = 1").fetchone()
        self.organization: str = row[0]
        self.trust: TrustRoot = load_trust_root(row[1].encode())

    @classmethod
    def create(cls, path: str | Path | None, root_cert: x509.Certificate) -> Workspace:
        """A new workspace for the root certificate (``path`` None: in memory, for tests)."""
        if path is not None and Path(path).exists():
            raise UserFacingError("output_exists", f"{path} already exists; nothing was overwritten")
        db = Database(memory=True) if path is None else Database(path)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {VERSION}")
        _pragmas(db)
        db.conn.executescript(SCHEMA)
        with db.conn:
            db.execute("INSERT INTO settings VALUES (1, ?, ?, ?)",
                       [keys.subject_org(root_cert), keys.cert_pem(root_cert).decode(), _now()])
        return cls(db)

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open an existing workspace; a file of another kind gives a clear UserFacingError."""
        if not Path(path).is_file():
            raise UserFacingError("workspace_missing", f"{path} does not exist")
        try:
            db = Database(path)
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            raise UserFacingError("not_a_workspace", f"{path} is not a votedesk higher-level workspace") from None
        if app_id != APPLICATION_ID or version > VERSION:
            raise UserFacingError("not_a_workspace", f"{path} is not a votedesk higher-level workspace (or is newer)")
        _pragmas(db)
        ws = cls(db)
        ws._add_manifest_digests()
        return ws

    def close(self) -> None:
        """Close the workspace file."""
        self.db.conn.close()

    def _add_manifest_digests(self) -> None:
        """Workspaces from before issue 12: add the manifest digest column and stand only verified packages."""
        if any(r[1] == "manifest_sha256" for r in self.db.execute("PRAGMA table_info(packages)").fetchall()):
            return
        from app.core.signing.container import manifest_digest

        with self.db.conn:
            try:
                self.db.execute("ALTER TABLE packages ADD COLUMN manifest_sha256 TEXT")
            except sqlite3.OperationalError:  # another window's connection added it a moment ago
                return
            for pid, data in self.db.execute("SELECT id, data FROM packages").fetchall():
                self.db.execute("UPDATE packages SET manifest_sha256 = ? WHERE id = ?", [manifest_digest(bytes(data)), pid])
            for b in self.branches():
                self.restand(b.id)

    def restand(self, branch_id: int) -> int | None:
        """Decide which of a branch's packages stands: the newest verified one; returns its id (None: none verified).

        A rejected package never stands and never pushes a verified one aside: its signing time is not trusted.
        A verified signing time later than the package's arrival counts as its arrival. With no verified package,
        the latest rejected one is the row shown (so it can be returned), without standing.
        """
        rows = self.db.execute("SELECT id, ok, signed_at, received FROM packages WHERE branch_id = ?",
                               [branch_id]).fetchall()
        if not rows:
            return None
        genuine = [r for r in rows if r[1]]
        top = max(genuine, key=lambda r: (min(r[2], r[3]), r[0]))[0] if genuine else max(r[0] for r in rows)
        self.db.execute("UPDATE packages SET superseded_by = NULL WHERE id = ?", [top])
        self.db.execute("UPDATE packages SET superseded_by = ? WHERE branch_id = ? AND id <> ?", [top, branch_id, top])
        return top if genuine else None

    def register_branch(self, name: str) -> Branch:
        """Add a subordinate organization by name (idempotent)."""
        name = check_name(name.strip())  # no control, direction-override or only-invisible characters
        if not name:
            raise UserFacingError("key_organization_missing", "the organization name is empty")
        with self.db.conn:
            self.db.execute("INSERT OR IGNORE INTO branches (name, registered) VALUES (?, ?)", [name, _now()])
        return self.branch_named(name)

    def branches(self) -> list[Branch]:
        """Every registered branch, by name."""
        rows = self.db.execute("SELECT id, name, key_id, cert_pem, cert_fingerprint, not_after FROM branches ORDER BY name")
        return [Branch(*r) for r in rows.fetchall()]

    def branch_named(self, name: str) -> Branch:
        """The registered branch with this name."""
        row = self.db.execute("SELECT id, name, key_id, cert_pem, cert_fingerprint, not_after FROM branches "
                              "WHERE name = ?", [name]).fetchone()
        if row is None:
            raise UserFacingError("branch_unknown", f"{name} is not registered")
        return Branch(*row)

    def issue_certificate(self, root: Identity, request_pem: bytes, *, days: int = keys.BRANCH_DAYS) -> bytes:
        """Issue the certificate for a registered branch's request and record it; returns the PEM."""
        if keys.cert_pem(root.cert) != keys.cert_pem(self.trust.cert):
            raise UserFacingError("wrong_root_key", "this key file is not the workspace's root")
        csr = keys.load_request(request_pem)
        branch = self.branch_named(keys.subject_org(csr))  # only registered branches get certificates
        cert = keys.issue_branch_cert(root, request_pem, days=days)
        with self.db.conn:
            self.db.execute("UPDATE branches SET key_id = ?, cert_pem = ?, cert_fingerprint = ?, not_after = ? WHERE id = ?",
                            [keys.public_key_id(cert), keys.cert_pem(cert).decode(), _fingerprint(cert),
                             cert.not_valid_after_utc.isoformat(), branch.id])
        return keys.cert_pem(cert)

    def branch_for(self, signer_fingerprint: str, organization: str) -> tuple[Branch | None, str | None]:
        """The branch a package belongs to: by its issued certificate, else by name (with a flag)."""
        row = self.db.execute("SELECT id, name, key_id, cert_pem, cert_fingerprint, not_after FROM branches "
                              "WHERE cert_fingerprint = ?", [signer_fingerprint]).fetchone()
        if row:
            return Branch(*row), None
        try:
            return self.branch_named(organization), "signer_not_the_issued_certificate"
        except UserFacingError:
            return None, "unregistered_branch"


def _fingerprint(cert: x509.Certificate) -> str:
    return "".join(keys.fingerprint(cert).split()).lower()
