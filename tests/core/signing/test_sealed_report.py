"""The signed result report shows the organization's seal as the signature's appearance once it is issued (issue 15)."""
from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from app.core.demo import ORGANIZATION, create_demo
from app.core.resultpkg import election_package
from app.core.signing import keys
from app.core.signing.package import read_package
from app.core.signing.verify import verify_package
from app.core.workflow import Election
from tests.core.signing.conftest import pdfsig
from tests.core.test_papers import _issue_all
from tests.fixtures.signing_demo import branch_of

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _widget(pdf: bytes) -> tuple[int, list[float]] | None:
    """(page index, rectangle) of the signature field's widget, if the signature shows on a page."""
    for index, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/FT") == "/Sig" or a.get("/Parent", {}).get("/FT") == "/Sig":
                return index, [float(v) for v in a["/Rect"]]
    return None


@pytest.fixture(scope="module")
def packages(tmp_path_factory, root):
    branch = branch_of(root, ORGANIZATION)
    e = Election.open(create_demo(tmp_path_factory.mktemp("seal") / "demo.votedesk"))
    before = election_package(e.db, branch, NOW.date(), when=NOW)  # the report not issued yet: no date to seal
    _issue_all(e)
    after = election_package(e.db, branch, NOW.date(), when=NOW)
    e.close()
    return before, after


def test_an_issued_report_is_sealed_and_still_verifies(packages, root, nssdb, tmp_path) -> None:
    _before, after = packages
    report = read_package(after)["reports/result-report.pdf"]
    found = _widget(report)
    assert found is not None, "no visible signature"
    page, (x1, y1, x2, y2) = found
    assert page > 0 and 100 < abs(x2 - x1) < 140 and abs(abs(x2 - x1) - abs(y2 - y1)) < 2  # a round seal, ~42 mm
    assert verify_package(after, keys.cert_pem(root.cert)).ok
    out = pdfsig(nssdb, report, tmp_path)
    for line in ("Total document signed", "Signature is Valid.", "Certificate is Trusted."):
        assert line in out, out


def test_a_report_not_yet_issued_is_signed_without_a_seal(packages, root) -> None:
    before, _after = packages
    report = read_package(before)["reports/result-report.pdf"]
    found = _widget(report)
    assert found is None or found[1][2] - found[1][0] == 0  # invisible: nothing drawn where no date is printed
    assert verify_package(before, keys.cert_pem(root.cert)).ok
