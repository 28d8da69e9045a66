"""Each election path of issue 14 signs a package the higher level's verifier accepts (recount and rule checks)."""
from __future__ import annotations

import datetime as dt

import pytest

from app.core.demo_paths import PATHS, create_path_demo
from app.core.resultpkg import election_package
from app.core.signing.verify import verify_package
from app.core.workflow import Election
from tests.fixtures.signing_demo import branch_of

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS)
def test_each_path_package_verifies_at_the_higher_level(path, root, trust, tmp_path):
    e = Election.open(create_path_demo(tmp_path / f"{path}.votedesk", path))
    org = e.organization()["name"]
    data = election_package(e.db, branch_of(root, org), NOW.date(), when=NOW)
    report = verify_package(data, trust)
    assert report.ok, [c for c in report.failures]
    rules = [c for c in report.checks if c.name.startswith("rule:")]
    assert rules and all(c.ok for c in rules)
    kinds = [r.kind for r in e.rounds()]
    assert len(rules) == 7 * len(kinds)  # every round of the path recounted and checked
    if path == "preliminary":
        assert kinds == ["preliminary", "preliminary", "formal", "formal"]
