"""The election rules as small pure functions over frozen data (see shared/domain/rules.md)."""
