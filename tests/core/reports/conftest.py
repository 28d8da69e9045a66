"""Demo and 300-delegate congress documents, built once per test session."""
from __future__ import annotations

import pytest

from app.core.reports.bundle import build_all
from tests.fixtures.congress import congress_report_data
from tests.fixtures.report_demo import demo_report_data


@pytest.fixture(scope="session")
def demo():
    return demo_report_data()


@pytest.fixture(scope="session")
def congress():
    return congress_report_data()


@pytest.fixture(scope="session")
def demo_pdfs(demo):
    return build_all(demo)


@pytest.fixture(scope="session")
def congress_pdfs(congress):
    return build_all(congress)


@pytest.fixture(scope="session", params=["demo", "congress"])
def case(request, demo, congress, demo_pdfs, congress_pdfs):
    """(DocumentSet, {file name: PDF bytes}) for both elections."""
    return (demo, demo_pdfs) if request.param == "demo" else (congress, congress_pdfs)
