"""The signer is tied to the content: branch B's key cannot sign branch A's election (issue 12)."""
from __future__ import annotations

import datetime as dt
import json

from app.core.signing import keys
from app.core.signing.package import RoundRecord, build_package, read_package
from app.core.signing.verify import verify_package
from tests.fixtures.signing_demo import branch_of, demo_package, make_identities

NOW = dt.datetime.now(dt.timezone.utc)


def test_a_package_signed_by_its_own_organization_is_accepted() -> None:
    root, branch = make_identities(NOW)
    report = verify_package(demo_package(when=NOW, branch=branch).package, keys.cert_pem(root.cert))
    assert report.ok and any(c.name == "signer_organization" and c.ok for c in report.checks)


def test_another_branchs_key_is_rejected_and_named() -> None:
    root, branch = make_identities(NOW)
    other = branch_of(root, "中共示范区机关第二支部委员会", NOW)
    genuine = demo_package(when=NOW, branch=branch).package
    # branch B signs A's results: the package is built for A's organization but with B's key
    files = read_package(genuine)
    result = json.loads(files["result.json"])
    forged = build_package(identity=other, election=result["election"], rounds=_records(result),
                           audit=json.loads(files["audit.json"])["entries"], pdfs=[], when=NOW)
    report = verify_package(forged, keys.cert_pem(root.cert))
    failed = {c.name: c for c in report.failures}
    assert "signer_organization" in failed, [c.name for c in report.failures]
    assert failed["signer_organization"].params == {"signer": "中共示范区机关第二支部委员会",
                                                    "organization": branch.organization}


def _records(result: dict) -> list[RoundRecord]:
    return [RoundRecord(r["id"], r["title"], r["input"], r["claimed"]) for r in result["rounds"]]
