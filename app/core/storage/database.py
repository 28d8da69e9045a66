"""Open, create and migrate election files (*.votedesk), with durable PRAGMAs and one transaction helper."""
from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any, ContextManager, Iterator, Sequence

from sqlite_utils import Database

from app.core.diskfull import disk_full_refused
from app.core.errors import UserFacingError
from app.core.i18n import N_
from app.core.messages import register
from app.core.storage import audit_log, schema
from app.core.storage.writerlock import Holder, WriterLock

SQLITE_MAGIC = b"SQLite format 3\x00"

register({
    "file_not_found": N_("The file {path} does not exist"),
    "file_exists": N_("The file {path} already exists"),
    "not_an_election_file": N_("{path} is not a votedesk election file"),
    "other_application_file": N_("{path} belongs to another application, not votedesk"),
    "newer_schema": N_("{path} was written by a newer votedesk (schema {version}, this one reads up to {head}): update votedesk"),
    "damaged_file": N_("{path} is damaged and cannot be opened safely ({detail})"),
    "file_unreadable": N_("{path} cannot be read ({detail})"),
    "file_in_use": N_("{path} is open for writing by {user} on {machine} since {since}: it can only be read here"),
})


def _error(code: str, path: Path, message: str, **params: object) -> UserFacingError:
    return UserFacingError(code, f"{path}: {message}", path=str(path), **params)


# Every Database(...) here passes execute_plugins=False: votedesk uses no sqlite-utils plugins, and
# loading them scans every installed package's entry points (~25 ms at each open).


def _pragmas(db: Database) -> None:
    # WAL + synchronous=FULL: every committed action survives a power cut (stack.md trap 9).
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


class ElectionDatabase(Database):
    """An election file's connection; ``read_only`` when another process holds its writer lock (``holder`` says who)."""

    read_only: bool = False
    holder: Holder | None = None
    lock: WriterLock | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None


def writer(db: Database) -> Holder | None:
    """Who holds the file open for writing when ``db`` was opened read-only because of it (None: ``db`` may write)."""
    return db.holder if isinstance(db, ElectionDatabase) and db.read_only else None


def in_use(path: Path, holder: Holder) -> UserFacingError:
    return _error("file_in_use", path, f"open for writing by {holder.user} on {holder.machine} since {holder.since}",
                  user=holder.user, machine=holder.machine, since=holder.since)


def open_memory() -> Database:
    """A fresh in-memory election database at the head schema (tests, dry runs)."""
    db = Database(memory=True, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    schema.MIGRATIONS.apply(db)
    return db


def create(path: str | Path) -> Database:
    """Create a new election file at ``path`` (which must not exist) at the head schema.

    :param path: where to write the file
    """
    path = Path(path)
    if path.exists():
        raise _error("file_exists", path, "already exists")
    try:
        with disk_full_refused():  # even the lock's note may not fit
            lock = WriterLock.acquire(path)
    except UserFacingError:
        remove_new(path)
        raise
    if isinstance(lock, Holder):  # another process is creating it this moment
        raise in_use(path, lock)
    db = None
    try:
        with disk_full_refused():  # a full disk says so; the half-made file is taken away
            db = ElectionDatabase(path, execute_plugins=False)
            db.lock = lock
            _pragmas(db)
            schema.MIGRATIONS.apply(db)
    except BaseException:
        db.close() if db is not None else lock.release()
        remove_new(path)
        raise
    return db


def remove_new(path: Path) -> None:
    """Take away a new file that could not be made whole, with its side files (never called on an existing file)."""
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal", ".lock"))):
        leftover.unlink(missing_ok=True)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise _error("file_not_found", path, "no such file") from None
    except OSError as exc:
        raise _error("file_unreadable", path, exc.strerror or str(exc), detail=exc.strerror) from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise _error("not_an_election_file", path, "not an SQLite database")


def _inspect(path: Path) -> tuple[int, int]:
    """(application_id, user_version), read without writing; damaged files raise UserFacingError."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id == schema.APPLICATION_ID and version <= schema.HEAD:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise _error("damaged_file", path, check, detail=check)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _error("damaged_file", path, str(exc), detail=str(exc)) from None
    return app_id, version


def _check_identity(path: Path, app_id: int, version: int) -> None:
    if app_id != schema.APPLICATION_ID:
        raise _error("other_application_file", path, f"application_id {app_id:#x}")
    if version > schema.HEAD:
        raise _error("newer_schema", path, f"schema {version} is newer than {schema.HEAD}",
                     version=version, head=schema.HEAD)


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of a file is kept before it is migrated from ``version``."""
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.v{version}.bak{n}")
    return candidate


def _copy_aside(path: Path, version: int) -> Path:
    target = backup_path(path, version)
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        shutil.copy2(path, target)  # a cleanly closed file: keep the exact bytes
        return target
    # A pending -wal (after a crash): the SQLite backup API gives a consistent copy.
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def open_file(path: str | Path) -> Database:
    """Open an existing election file; an older schema is copied aside, then migrated.

    Another application's file, a newer schema or a damaged file raise UserFacingError and the
    file is left unchanged.

    :param path: the *.votedesk file
    """
    return open_file_report(path)[0]


def open_file_report(path: str | Path) -> tuple[Database, list[str]]:
    """Like ``open_file``, also returning the names of the migrations applied."""
    path = Path(path)
    _check_header(path)
    app_id, version = _inspect(path)
    _check_identity(path, app_id, version)
    lock = WriterLock.acquire(path)
    if isinstance(lock, Holder):  # another process writes it: read-only here, and say who (issue 12)
        if version < schema.HEAD:
            raise in_use(path, lock)  # it would need migrating, which only its writer may do
        return _read_only(path, lock), []
    if version < schema.HEAD:
        _copy_aside(path, version)
    db = ElectionDatabase(path, execute_plugins=False)
    db.lock = lock
    _pragmas(db)
    return db, (migrate(db) if version < schema.HEAD else [])


def _read_only(path: Path, holder: Holder) -> ElectionDatabase:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    db = ElectionDatabase(conn, execute_plugins=False)
    db.read_only, db.holder = True, holder
    db.execute("PRAGMA foreign_keys = ON")
    return db


def migrate(db: Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; returns the names applied."""
    pending = [m.name for m in schema.MIGRATIONS.pending(db)]
    schema.MIGRATIONS.apply(db)
    audit_log.forget_columns()
    return pending


def inserted_id(cur: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just added: ``int(cur.lastrowid)``, typed (None raises TypeError, as int(None) did)."""
    rowid = cur.lastrowid
    if rowid is None:
        raise TypeError("the cursor has no lastrowid: the statement inserted no row")
    return int(rowid)


def schema_version(db: Database) -> int:
    """The file's PRAGMA user_version."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def atomic(db: Database) -> ContextManager[Database]:
    """One transaction: everything inside commits together or not at all (nested: a savepoint).

    It begins IMMEDIATE: the write lock is taken before anything is read, so the checks made inside (a round
    still open, fewer ballots than returned) see every other writer's committed work and no one can slip in.
    """
    return db.atomic() if db.conn.in_transaction else _immediate(db)


@contextlib.contextmanager
def _immediate(db: Database) -> Iterator[Database]:
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:  # an error may already have rolled it back
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


class _Rows:
    """The remembered result of one query, read like a cursor."""

    def __init__(self, description: Any, rows: list[tuple[Any, ...]]) -> None:
        self.description = description
        self._rows = rows

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._rows)

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._rows)


class Snapshot:
    """A read-only view for one computation (every step's gate): each distinct query runs once.

    The gates read the same tables many times over (posts and rounds per step); remembering
    each query keeps ``steps()`` at about one query per table. Never write through it.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._memo: dict[tuple[str, tuple[Any, ...]], _Rows] = {}

    @property
    def conn(self) -> sqlite3.Connection:
        return self._db.conn

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> _Rows:
        key = (sql, tuple(params or ()))
        if key not in self._memo:
            cur = self._db.execute(sql, list(params or ()))
            self._memo[key] = _Rows(cur.description, cur.fetchall())
        return self._memo[key]


def copy_file(src: str | Path, dst: str | Path) -> None:
    """A consistent copy of an election file (e.g. the demo opened at the counting step)."""
    s = sqlite3.connect(str(src))
    d = sqlite3.connect(str(dst))
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    shutil.copymode(str(src), str(dst))
