"""The result package of a real election file verifies, recounts and carries the signer's fingerprint on paper."""
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from app.core.demo import ORGANIZATION, create_demo
from app.core.resultpkg import election_package, round_records
from app.core.signing import keys
from tests.fixtures.signing_demo import make_identities
from app.core.signing.package import read_package
from app.core.signing.verify import verify_package
from app.core.workflow import Election


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    election = Election.open(create_demo(tmp_path_factory.mktemp("p") / "demo.votedesk"))
    root, branch = make_identities(org=ORGANIZATION)
    pkg = election_package(election.db, branch, dt.date(2024, 5, 20))
    yield election, root, branch, pkg
    election.close()


def test_package_of_the_demo_election_is_accepted(built):
    election, root, _branch, pkg = built
    report = verify_package(pkg, keys.cert_pem(root.cert))
    assert report.ok, [c for c in report.checks if not c.ok]
    assert sorted(report.elected) == sorted(["王建国", "李秀英", "张伟", "刘洋", "杨帆"])
    assert len(round_records(election.db)) == 4


def test_paper_report_prints_the_signer_fingerprint(built):
    _election, _root, branch, pkg = built
    pdf = read_package(pkg)["reports/result-report.pdf"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")
    assert keys.fingerprint(branch.cert).replace(" ", "").replace("\n", "") in text


def test_package_signed_by_another_root_is_rejected(built):
    _election, _root, _branch, pkg = built
    other_root, _ = make_identities()
    assert not verify_package(pkg, keys.cert_pem(other_root.cert)).ok
