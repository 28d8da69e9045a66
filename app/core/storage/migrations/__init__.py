"""Schema versions after 5, one module each (NAME, AUDITED, apply), applied in version order."""
from __future__ import annotations

from sqlite_utils import Database


def set_version(db: Database, version: int) -> None:
    """Raise PRAGMA user_version to ``version`` (never lower it: a file migrated by a build that had a later
    version before an earlier one keeps its number)."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version = {max(current, version)}")


# After set_version: each version module imports it from this package.
from app.core.storage.migrations import v6_chief_pin, v7_scenarios, v8_scans, v9_congress  # noqa: E402

LATER = [v6_chief_pin, v7_scenarios, v8_scans, v9_congress]
