"""Wizard pages, one module per step; PAGE_CLASSES maps a workflow step id to its page."""
from __future__ import annotations

from app.gui.pages.ballots_page import BallotsPage
from app.gui.pages.candidates_page import CandidatesPage
from app.gui.pages.counting_page import CountingPage
from app.gui.pages.method_page import MethodPage
from app.gui.pages.nomination_page import NominationPage
from app.gui.pages.plenary_page import PlenaryPage
from app.gui.pages.report_page import ReportPage
from app.gui.pages.results_page import ResultsPage
from app.gui.pages.roll_page import RollPage
from app.gui.pages.setup_page import SetupPage
from app.gui.pages.signin_page import SignInPage

PAGE_CLASSES = {
    "setup": SetupPage, "roll": RollPage, "nomination": NominationPage, "candidates": CandidatesPage,
    "sign_in": SignInPage, "method": MethodPage, "ballots": BallotsPage, "counting": CountingPage,
    "results": ResultsPage, "plenary": PlenaryPage, "report": ReportPage,
}
