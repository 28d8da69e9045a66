"""Round trip, headless: a package the higher level rejects (or accepts, then returns) -> signed 退回 -> the branch
imports it, the lock is lifted, it amends, marks official again, re-signs -> resubmits -> accepted; versions listed."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3

import pytest
from pypdf import PdfReader

from app.core import i18n
from app.core.demo import create_demo
from app.core.documents import organization
from app.core.higher.imports import import_package
from app.core.higher.overview import overview, versions
from app.core.higher.reply import RETURNED, check_for_election, make_reply, make_return, reply_info
from app.core.higher.workspace import Workspace
from app.commands.common import print_report
from app.core.signing.texts import describe
from app.core.resultpkg import PackageRefused, audit_export, election_package, unchecked_package
from app.core.signing import keys
from app.core.workflow import Election

TODAY = dt.date(2024, 5, 20)
CHIEF, PIN = "周强", "2024"
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(autouse=True)
def chinese():
    before = i18n.language()
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(before)


@pytest.fixture
def world(tmp_path):
    """The demo election (official, chief's PIN set), the higher level's root and workspace, the issued branch key."""
    path = create_demo(tmp_path / "demo.votedesk")
    election = Election.open(path)
    org = organization(election.db)
    root = keys.create_root(org.higher_level)
    ws = Workspace.create(tmp_path / "higher.vdhl", root.cert)
    ws.register_branch(org.committee)
    key = keys.new_key()
    branch = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, org.committee)),
                                     keys.cert_pem(root.cert))
    yield election, path, root, ws, branch
    election.close()


def _behind_the_app(path, sql: str) -> None:
    """A change made with sqlite3, not through votedesk (the audit log does not know it)."""
    con = sqlite3.connect(path)
    with con:
        con.execute(sql)
    con.close()


def _no_english(lines: list[str]) -> None:
    for line in lines:
        assert not LATIN.search(re.sub(r"R\d+(\.\d+)*|SHA-256", "", line)), line


def _branch_imports(election: Election, pdf: bytes, root, package: bytes):
    hashes = {e["hash"] for e in audit_export(election.db)}
    return check_for_election(pdf, keys.cert_pem(root.cert), package, hashes)


def _correct_and_resign(election: Election, branch, when: dt.datetime) -> bytes:
    """The branch's answer to a return: a recorded amendment (the round recounted), official again, signed again."""
    first = election.rounds()[0]
    ballot = election.count_input(first.id)["ballots"][0]
    done = election.amend_ballot(ballot["id"], ballot["marks"], reason_text="按上级退回意见复核并重新计票",
                                 approved_by=CHIEF)
    assert done.ok, done.reasons
    assert election.mark_official(CHIEF, PIN).ok
    assert election.confirm_chief(CHIEF, PIN, "sign_package").ok
    return election_package(election.db, branch, TODAY, when=when)


def test_presign_refuses_what_the_verifier_rejects_and_names_the_step(world):
    election, path, _root, _ws, branch = world
    first = election.rounds()[0].id
    doc = election.round_result(first)
    doc["results"][0]["yes"] += 1  # the stored count no longer matches the ballots
    _behind_the_app(path, "UPDATE rounds SET outcome = '{}' WHERE id = {}".format(
        json.dumps(doc, ensure_ascii=False, sort_keys=True).replace("'", "''"), first))
    with pytest.raises(PackageRefused) as refused:
        election_package(election.db, branch, TODAY)
    assert "recount_disagrees" in refused.value.report.reasons()
    lines = refused.value.params["reasons"].splitlines()
    assert any("计票" in line and "更正步骤" in line and "留痕更正" in line for line in lines), lines
    _no_english(lines)


def test_presign_names_setup_for_a_single_candidate_post_marked_competitive(world):
    election, path, _root, _ws, branch = world
    _behind_the_app(path, "UPDATE posts SET competitive = 1 WHERE office = 'secretary'")
    with pytest.raises(PackageRefused) as refused:
        election_package(election.db, branch, TODAY)
    assert "margin_too_small" in refused.value.report.reasons()
    lines = refused.value.params["reasons"].splitlines()
    margin = next(line for line in lines if "差额" in line)
    assert "应选1名，候选人只有1名，至少需要2名" in margin and "“筹备”" in margin and "候选人名单" in margin, margin
    _no_english(lines)


def test_rejected_package_returned_corrected_resubmitted_and_accepted(world, capsys):
    election, path, root, ws, branch = world
    first = election.rounds()[0].id
    doc = election.round_result(first)
    doc["results"][0]["yes"] += 1
    _behind_the_app(path, "UPDATE rounds SET outcome = '{}' WHERE id = {}".format(
        json.dumps(doc, ensure_ascii=False, sort_keys=True).replace("'", "''"), first))
    t0 = dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.timezone.utc)
    with pytest.raises(PackageRefused) as refused:
        election_package(election.db, branch, TODAY)
    # the branch also knows its file's audit log does not verify (edited behind the app); the package-level
    # sentences are the ones the higher level sees
    assert any(c.name == "election_audit" for c in refused.value.report.failures)
    branch_sees = [describe(c) for c in refused.value.report.failures if c.name != "election_audit"]
    old = unchecked_package(election.db, branch, TODAY, when=t0)  # as a votedesk without the check signed it
    imported = import_package(ws, old)
    assert not imported.report.ok and overview(ws)[0].verdict == "rejected"
    # one verdict: the higher level's import, `votedesk verify` and the branch's own check say the same sentences
    assert [describe(c) for c in imported.report.failures] == branch_sees
    print_report("old.vdpkg", imported.report)
    printed = capsys.readouterr().out
    assert all(f"[FAIL] {c.name} — {describe(c)}" in printed for c in imported.report.failures)

    pdf = make_return(ws, imported.package_id, root, number="青石街工委〔2024〕15号")  # reasons: the verifier's
    info = reply_info(pdf)
    assert info.verdict == RETURNED and list(info.reasons) == branch_sees  # the return's default reasons, the same
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "退回" in text and "更正" in text
    with pytest.raises(Exception):  # an approval of a rejected package is still refused
        make_reply(ws, imported.package_id, root, number="x")

    ok, checks, info = _branch_imports(election, pdf, root, old)
    assert ok, checks
    assert election.accept_return(info.number, "2024-05-21", info.package_sha256, info.reasons).ok
    assert not election.election_info()["official"]  # the lock is lifted, in a recorded action
    last = audit_export(election.db)[-1]
    assert last["event"] == "reply_recorded" and last["params"]["lock_lifted"] is True, last
    reply = election.replies("results")[-1]
    assert reply["approved"] == 0 and reply["doc_no"] == "青石街工委〔2024〕15号"
    assert election.accept_return(info.number, "2024-05-21", info.package_sha256, info.reasons).value is False  # once
    assert [r.code for r in election.set_chief_pin("9999").reasons] == ["chief_pin_fixed"]  # nobody signs in its stead

    new = _correct_and_resign(election, branch, t0 + dt.timedelta(days=2))
    assert election.verify_audit().ok  # the amendment rewrote the edited round through votedesk
    again = import_package(ws, new)
    assert again.report.ok and again.superseded == imported.package_id and "audit_not_extending" not in again.flags
    listed = versions(ws, branch.organization)
    assert [(v.verdict, v.reply, v.standing) for v in listed] == [("rejected", "returned", False), ("accepted", "", True)]
    assert overview(ws)[0].verdict == "accepted" and overview(ws)[0].versions == 2


def test_accepted_package_returned_with_reasons_then_resubmitted(world):
    election, _path, root, ws, branch = world
    t0 = dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.timezone.utc)
    first = election_package(election.db, branch, TODAY, when=t0)
    imported = import_package(ws, first)
    assert imported.report.ok
    with pytest.raises(Exception):  # an accepted package is returned only with reasons
        make_return(ws, imported.package_id, root, number="青石街工委〔2024〕16号")
    pdf = make_return(ws, imported.package_id, root, number="青石街工委〔2024〕16号",
                      reasons=["计票结果报告单缺少监票人签名，请复核第1轮计票后重新报送"])
    assert overview(ws)[0].verdict == "returned"
    ok, checks, info = _branch_imports(election, pdf, root, first)
    assert ok and info.verdict == RETURNED, checks
    assert election.accept_return(info.number, "2024-05-21", info.package_sha256, info.reasons).ok
    new = _correct_and_resign(election, branch, t0 + dt.timedelta(days=1))
    again = import_package(ws, new)
    assert again.report.ok and again.status == "imported"
    assert [(v.reply, v.standing) for v in versions(ws, branch.organization)] == [("returned", False), ("", True)]
    assert overview(ws)[0].verdict == "accepted"


def test_a_return_for_another_election_file_is_refused(world, tmp_path):
    election, _path, root, ws, branch = world
    other = Election.open(create_demo(tmp_path / "other.votedesk"))
    try:
        package = election_package(other.db, branch, TODAY)
    finally:
        other.close()
    imported = import_package(ws, package)
    pdf = make_return(ws, imported.package_id, root, number="青石街工委〔2024〕17号", reasons=["请更正"])
    ok, checks, _info = _branch_imports(election, pdf, root, package)
    assert not ok and checks[-1].reason == "reply_other_election"
