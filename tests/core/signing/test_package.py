"""Building the result package: its files, the manifest, anonymized ballots, reproducibility."""
from __future__ import annotations

import hashlib
import json
import random

import pytest

from app.core.errors import UserFacingError
from app.core.signing import cms, keys
from app.core.signing.package import RoundRecord, anonymize_round, build_package, is_signed_pdf, read_package

from .conftest import WHEN, files_of, small_pdf


def test_package_layout(package, branch):
    files = files_of(package)
    assert list(files) == ["manifest.json", "manifest.sig", "result.json", "audit.json", "certs/chain.pem",
                           "reports/result-report.pdf"]
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "votedesk-package/1"
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["path"]]).hexdigest() == entry["sha256"]
        assert len(files[entry["path"]]) == entry["size"]
    cert, when = cms.verify_detached(files["manifest.sig"], files["manifest.json"])
    assert cert == branch.cert and when == WHEN
    assert keys.load_certs(files["certs/chain.pem"]) == [branch.cert, *branch.chain]
    assert is_signed_pdf(files["reports/result-report.pdf"])
    assert read_package(package) == files


def test_result_json_holds_inputs_and_claims(package, records):
    result = json.loads(files_of(package)["result.json"])
    assert result["format"] == "votedesk-result/1"
    assert result["election"]["organization"] and result["election"]["date"] == "2025-06-18"
    assert [r["id"] for r in result["rounds"]] == [r.id for r in records]
    for got, rec in zip(result["rounds"], records):
        assert got["input"]["format"] == "votedesk-count/1" and got["claimed"]["elected"] == rec.claimed["elected"]


def test_ballots_are_shuffled_and_renumbered(records):
    rec = records[0]
    out = anonymize_round(rec, random.Random(7))
    ballots = out["input"]["ballots"]
    assert [b["id"] for b in ballots] == [f"b{i}" for i in range(1, len(ballots) + 1)]
    original = [json.dumps(b["marks"], sort_keys=True) for b in rec.count_input["ballots"]]
    shuffled = [json.dumps(b["marks"], sort_keys=True) for b in ballots]
    assert sorted(original) == sorted(shuffled) and original != shuffled
    # the claimed invalid ballot follows its ballot to the new id
    (bad,) = out["claimed"]["ballots"]["invalid_ids"]
    assert len([b for b in ballots if b["id"] == bad][0]["marks"]) == 5
    assert sum(m == "yes" for m in [b for b in ballots if b["id"] == bad][0]["marks"].values()) == 4
    assert rec.count_input["ballots"][0]["id"] == "1"  # the caller's data is untouched


def test_same_inputs_same_bytes(make_package):
    assert make_package() == make_package()


def test_unsigned_pdfs_are_signed_and_signed_ones_kept(make_package, branch):
    from app.core.signing.pdfsign import sign_pdf

    pre = sign_pdf(small_pdf("pre-signed"), branch, when=WHEN)
    files = files_of(make_package(pdfs=[("a.pdf", pre), ("计票结果报告.pdf", small_pdf("count"))]))
    assert files["reports/a.pdf"] == pre
    assert is_signed_pdf(files["reports/计票结果报告.pdf"])


@pytest.mark.parametrize("bad", [
    dict(election={"title": "x"}),
    dict(rounds=[]),
    dict(audit=[{"seq": 1}]),
    dict(pdfs=[("../evil.pdf", b"%PDF")]),
    dict(pdfs=[("report.txt", b"%PDF")]),
])
def test_bad_inputs_are_user_facing(bad, branch, records):
    args = dict(identity=branch, election={"organization": "o", "title": "t", "date": "2025-01-01"},
                rounds=records, audit=[], pdfs=[("r.pdf", small_pdf())], when=WHEN)
    args.update(bad)
    with pytest.raises((UserFacingError, ValueError)):
        build_package(**args)


def test_duplicate_round_ids_refused(branch, records):
    dup = [records[0], RoundRecord(records[0].id, "again", records[0].count_input, records[0].claimed)]
    with pytest.raises(UserFacingError):
        build_package(identity=branch, election={"organization": "o", "title": "t", "date": "d"}, rounds=dup,
                      audit=[], pdfs=[("r.pdf", small_pdf())], when=WHEN)
