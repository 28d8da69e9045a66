"""The only code that knows SQL: one election = one SQLite file, split per aggregate."""
from app.core.storage.database import atomic, create, migrate, open_file, open_memory, schema_version

__all__ = ["atomic", "create", "migrate", "open_file", "open_memory", "schema_version"]
