"""Shared congress fixtures: three electoral units' signed packages are made once per session (each signs PDFs)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def small_units(tmp_path_factory):  # noqa: ANN201
    """(root identity, {unit: package}) of three units electing 5 delegates each from 6 candidates."""
    from app.core.signing import keys
    from tests.core.congress.test_whole_congress import _units
    from tests.fixtures.signing_demo import ROOT_ORG

    root = keys.create_root(ROOT_ORG)
    return root, _units(tmp_path_factory.mktemp("units"), root, 5)
