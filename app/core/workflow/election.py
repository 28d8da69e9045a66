"""The Election service: one election file and every user action and reader on it (see the package docstring)."""
from __future__ import annotations

from app.core.workflow.read import ReadModel


class Election(ReadModel):
    """One election file and every user action on it (see app.core.workflow for the API)."""
