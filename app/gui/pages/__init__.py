"""Wizard pages, one module per step; ``page_class`` imports a step's page the first time it is shown."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.gui.pages.base import ElectionPage

# step id -> "module:Class". Only the page a file opens at is imported at start-up; the others
# (and what they import: the roll importer, documents, signing) load when first shown.
PAGES = {
    "setup": "setup_page:SetupPage", "roll": "roll_page:RollPage", "nomination": "nomination_page:NominationPage",
    "candidates": "candidates_page:CandidatesPage", "sign_in": "signin_page:SignInPage",
    "method": "method_page:MethodPage", "ballots": "ballots_page:BallotsPage", "counting": "counting_page:CountingPage",
    "results": "results_page:ResultsPage", "plenary": "plenary_page:PlenaryPage", "report": "report_page:ReportPage",
}


def page_class(step: str) -> type[ElectionPage]:
    """The page class of a workflow step (the plain base page for an unknown step)."""
    module, name = PAGES.get(step, "base:ElectionPage").split(":")
    cls: type[ElectionPage] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return cls
