"""Issue 12 item 4: the papers say what result.json says; a certificate registered to one branch signs only its results."""
from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from app.core.demo import ORGANIZATION, create_demo
from app.core.documents import build_documents
from app.core.higher.imports import import_package
from app.core.higher.workspace import Workspace
from app.core.resultpkg import audit_export, round_records, summary
from app.core.signing import keys
from app.core.signing.package import build_package
from app.core.signing.papertext import pdf_text, round_problems
from app.core.signing.texts import describe
from app.core.signing.verify import verify_package
from app.core.storage.database import open_file
from tests.fixtures import signing_demo as demo

T0 = dt.datetime(2025, 6, 18, 10, 0, tzinfo=dt.timezone.utc)
ONE, TWO = "中共示范区机关第一支部委员会", "中共示范区机关第二支部委员会"


@pytest.fixture(scope="module")
def election(tmp_path_factory):
    """The demo election's rounds, summary, audit and its real papers (ballots too)."""
    db = open_file(create_demo(tmp_path_factory.mktemp("papers") / "demo.votedesk"))
    docs = build_documents(db)
    records = round_records(db)
    out = records, summary(db, records), audit_export(db), docs
    db.close()
    return out


@pytest.fixture(scope="module")
def ids():
    return demo.make_identities(org=ORGANIZATION)


def _package(branch, election, pdfs):
    records, info, audit, _docs = election
    return build_package(identity=branch, election=info, rounds=records, audit=audit, pdfs=pdfs, when=T0,
                         rng=random.Random(1))


def _papers(election):
    docs = election[3]
    return {"result-report.pdf": docs["07-result-report.pdf"], "counting-reports.pdf": docs["06-counting-reports.pdf"]}


def test_the_real_papers_state_every_round(election, ids):
    root, branch = ids
    report = verify_package(_package(branch, election, sorted(_papers(election).items())), keys.cert_pem(root.cert))
    assert report.ok, report.failures
    assert any(c.name == "papers" and c.ok for c in report.checks)


@pytest.mark.parametrize("case", ["ballot as result report", "unrelated pdf only", "counting reports of another vote",
                                  "no result report"])
def test_wrong_papers_are_rejected(election, ids, case):
    root, branch = ids
    papers, docs = _papers(election), election[3]
    ballot = next(v for k, v in docs.items() if "ballot" in k)
    if case == "ballot as result report":
        papers["result-report.pdf"] = ballot
    elif case == "unrelated pdf only":
        papers = {"result-report.pdf": demo.report_pdf(demo.rounds())}  # another election's signed paper
    elif case == "counting reports of another vote":
        papers["counting-reports.pdf"] = demo.report_pdf(demo.rounds())
    else:
        papers = {"counting-reports.pdf": papers["counting-reports.pdf"]}
    report = verify_package(_package(branch, election, sorted(papers.items())), keys.cert_pem(root.cert))
    assert not report.ok
    bad = [c for c in report.failures if c.name.startswith("paper:")]
    assert bad and {c.reason for c in bad} <= {"paper_disagrees", "result_report_missing"}, report.failures
    assert all("{" not in describe(c) for c in bad)


def test_one_changed_vote_in_the_paper_is_found(election):
    records = election[0]
    from app.core.countfmt import outcome_to_json, parse_count_input
    from app.core.rules.election import count_round

    recount = outcome_to_json(count_round(parse_count_input(records[0].count_input)))
    text = pdf_text(election[3]["06-counting-reports.pdf"])
    assert round_problems(text, recount) == []
    row = recount["results"][0]
    changed = {**recount, "results": [{**row, "yes": row["yes"] + 1}, *recount["results"][1:]]}
    assert round_problems(text, changed) == [f"{row['name']} {row['yes'] + 1}"]
    moved = {**recount, "quorum": {**recount["quorum"], "present": recount["quorum"]["present"] - 1}}
    assert round_problems(text, moved) == [f"实到会 {recount['quorum']['present'] - 1}"]


def test_a_certificate_registered_to_another_branch_is_rejected():
    root = keys.create_root(demo.ROOT_ORG)
    ws = Workspace.create(None, root.cert)
    issued = {}
    for name in (ONE, TWO):
        ws.register_branch(name)
        key = keys.new_key()
        issued[name] = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, name)),
                                               keys.cert_pem(root.cert))
    rounds = demo.rounds()
    pkg = build_package(identity=issued[ONE], election={**demo.summary(rounds), "organization": ONE}, rounds=rounds,
                        audit=demo.audit_entries(), pdfs=[("result-report.pdf", demo.report_pdf(rounds))], when=T0,
                        rng=random.Random(2))
    # The workspace's record says ONE's certificate was registered for TWO (a certificate issued to the wrong branch).
    fp = ws.db.execute("SELECT cert_fingerprint FROM branches WHERE name = ?", [ONE]).fetchone()[0]
    with ws.db.conn:
        ws.db.execute("UPDATE branches SET cert_fingerprint = NULL WHERE name = ?", [ONE])
        ws.db.execute("UPDATE branches SET cert_fingerprint = ? WHERE name = ?", [fp, TWO])
    result = import_package(ws, pkg)
    assert result.status == "rejected" and "cert_registered_elsewhere" in result.report.reasons()
    bad = next(c for c in result.report.failures if c.reason == "cert_registered_elsewhere")
    assert TWO in describe(bad) and ONE in describe(bad)
    assert json.loads(ws.db.execute("SELECT reasons FROM packages").fetchone()[0]) == ["cert_registered_elsewhere"]
