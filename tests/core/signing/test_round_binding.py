"""Each round is bound to its ballots: a tie re-vote edited in the election file is refused or rejected (issue 12 item 2)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from app.core.audit import verify_audit
from app.core.demo import ORGANIZATION, create_demo
from app.core.resultpkg import PackageRefused, election_package, unchecked_package
from app.core.signing import keys
from app.core.signing.package import read_package
from app.core.signing.texts import describe
from app.core.signing.verify import verify_package
from app.core.storage.database import copy_file, open_file
from tests.fixtures.forgery import closing_params, flip_tie_revote, recompute_chain
from tests.fixtures.signing_demo import make_identities

DAY = dt.date(2024, 5, 20)


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("bind") / "demo.votedesk")


@pytest.fixture(scope="module")
def ids():
    return make_identities(org=ORGANIZATION)


@pytest.fixture
def copy(master, tmp_path):
    path = tmp_path / "e.votedesk"
    copy_file(master, path)
    return path


def _package(path, branch, checked=False):
    db = open_file(path)
    try:
        return (election_package if checked else unchecked_package)(db, branch, DAY)
    finally:
        db.close()


def _verify(pkg, root):
    return verify_package(pkg, keys.cert_pem(root.cert))


@pytest.mark.slow
def test_a_genuine_package_carries_and_binds_every_round(copy, ids):
    root, branch = ids
    pkg = _package(copy, branch, checked=True)
    rounds = json.loads(read_package(pkg)["result.json"])["rounds"]
    assert all(len(r["ballots_digest"]) == 64 for r in rounds)
    report = _verify(pkg, root)
    assert report.ok and not report.limitations
    assert {c.name for c in report.checks if c.name.startswith("ballots:")} == {f"ballots:{r['id']}" for r in rounds}


def test_edited_tie_revote_is_refused_at_signing_and_rejected_by_the_verifier(copy, ids):
    root, branch = ids
    rid, elected = flip_tie_revote(copy)
    assert elected  # the other candidate now wins the seat
    with pytest.raises(PackageRefused):
        _package(copy, branch, checked=True)
    report = _verify(_package(copy, branch), root)  # as an old build would have signed it
    assert not report.ok
    bad = [c for c in report.failures if c.reason == "round_ballots_changed"]
    assert [c.name for c in bad] == [f"ballots:{rid}"]
    assert bad[0].params["round"] in describe(bad[0]) and "{" not in describe(bad[0])


def test_recomputed_chain_without_the_digest_still_rejected(copy, ids):
    root, branch = ids
    rid, _ = flip_tie_revote(copy)
    recompute_chain(copy, digests=False)
    db = open_file(copy)
    assert verify_audit(db).ok  # the local audit is fooled
    db.close()
    report = _verify(_package(copy, branch), root)
    assert [c.reason for c in report.failures] == ["round_ballots_changed"], report.failures


@pytest.mark.slow
def test_recomputed_chain_and_digest_pass_the_verifier_and_need_the_paper(copy, ids, master):
    """The whole log rewritten: nothing in the file tells; item 3's paper code is what catches this."""
    root, branch = ids
    rid, _ = flip_tie_revote(copy)
    before = closing_params(master, rid)["ballots_digest"]
    recompute_chain(copy)
    assert closing_params(copy, rid)["ballots_digest"] != before
    assert _verify(_package(copy, branch), root).ok


def test_an_older_file_without_digests_is_a_limitation_not_bound(copy, ids):
    root, branch = ids
    recompute_chain(copy, strip=True)
    report = _verify(_package(copy, branch, checked=True), root)
    assert report.ok
    assert report.limitations and all(c.reason == "round_not_bound" for c in report.limitations)
    assert report.limitations[0].params["round"] in describe(report.limitations[0])


@pytest.mark.slow
def test_a_round_missing_from_a_log_that_records_digests_is_rejected(copy, ids):
    root, branch = ids
    pkg = _package(copy, branch)
    files = read_package(pkg)
    doc = json.loads(files["result.json"])
    from app.core.signing.verify import _Verifier

    audit = json.loads(files["audit.json"])["entries"]
    first = doc["rounds"][0]["id"]
    for e in audit:
        if e["event"] == "round_closed" and str(e["params"]["round"]) == first:
            e["event"] = "round_opened"  # as if the log never closed it
    v = _Verifier({**files, "audit.json": json.dumps({"format": "votedesk-audit/1", "entries": audit}).encode()}, None, None)
    v.checks = []
    v.audit()
    v.result()
    assert [c.reason for c in v.checks if c.name == f"ballots:{first}"] == ["round_not_logged"]


@pytest.mark.slow
def test_a_recorded_amendment_binds_the_corrected_ballots_again(copy, ids):
    from app.core.workflow import Election

    root, branch = ids
    e = Election.open(copy)
    try:
        rid = next(r.id for r in e.rounds() if r.kind == "tie_revote")
        ballot = e.count_input(rid)["ballots"][0]
        assert e.amend_ballot(ballot["id"], {}, reason_text="复核更正", approved_by="周强").ok
    finally:
        e.close()
    report = _verify(_package(copy, branch), root)
    assert report.ok, report.failures
    assert any(c.name == f"ballots:{rid}" and c.reason == "ok" for c in report.checks)
