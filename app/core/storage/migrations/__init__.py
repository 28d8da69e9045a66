"""Schema versions after 5, one module each (NAME, AUDITED, apply), applied in version order."""
from __future__ import annotations

import importlib
from types import ModuleType

from sqlite_utils import Database

# Versions built side by side in this release, in the order they apply. A module not written yet is
# skipped, so each can land on its own; before the release this becomes a plain list of imports.
ORDER = ("v6_chief_pin", "v7_scenarios", "v8_scans", "v9_congress")


def set_version(db: Database, version: int) -> None:
    """Raise PRAGMA user_version to ``version`` (never lower it: versions may land out of order)."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version = {max(current, version)}")


def _load() -> list[ModuleType]:
    found = []
    for name in ORDER:
        try:
            found.append(importlib.import_module(f"{__name__}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return found


LATER = _load()
