"""The paper verification code (issue 12 item 3): printed per round on the counting report, asked for at import."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from app.core.demo import ORGANIZATION, create_demo
from app.core.documents import build_documents
from app.core.higher.imports import import_package
from app.core.higher.overview import overview
from app.core.higher.workspace import Workspace
from app.core.reports.papercode import (check_codes, code_of, election_codes, normalize, package_codes, qr_payload,
                                        split_codes)
from app.core.resultpkg import unchecked_package
from app.core.signing import keys
from app.core.signing.package import read_package
from app.core.signing.texts import describe
from app.core.storage.database import copy_file, open_file
from tests.fixtures import signing_demo as demo
from tests.fixtures.forgery import flip_tie_revote, recompute_chain, tie_round

DAY = dt.date(2024, 5, 20)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("paper")
    genuine = create_demo(base / "demo.votedesk")
    root = keys.create_root(demo.ROOT_ORG)
    ws = Workspace.create(None, root.cert)
    ws.register_branch(ORGANIZATION)
    key = keys.new_key()
    branch = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, ORGANIZATION)),
                                     keys.cert_pem(root.cert))
    db = open_file(genuine)
    paper = build_documents(db)["06-counting-reports.pdf"]  # what the scrutineers signed at the meeting
    pkg = unchecked_package(db, branch, DAY)
    db.close()
    forged = base / "forged.votedesk"
    copy_file(genuine, forged)
    flip_tie_revote(forged)
    recompute_chain(forged)  # chain and digests recomputed: the verifier alone cannot tell
    db = open_file(forged)
    forged_pkg = unchecked_package(db, branch, DAY)
    db.close()
    return ws, genuine, paper, pkg, forged_pkg, tie_round(genuine)


def _printed_codes(pdf: bytes) -> list[str]:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.findall(r"核验码：\s*(\d{4}(?:-\d{4}){4})", text)


def test_each_counting_report_prints_the_code_the_package_gives(world):
    _ws, genuine, paper, pkg, _forged, _tie = world
    printed = _printed_codes(paper)
    db = open_file(genuine)
    from_file = election_codes(db)
    db.close()
    assert printed == [from_file[k] for k in sorted(from_file)] and len(set(printed)) == len(printed) == 4
    assert [r.code for r in package_codes(read_package(pkg))] == printed


def test_forged_package_passes_the_verifier_but_not_the_paper(world):
    ws, _genuine, paper, _pkg, forged_pkg, tie = world
    result = import_package(ws, forged_pkg, paper_codes=_printed_codes(paper))
    assert result.status == "rejected"
    assert [c.reason for c in result.report.failures] == ["paper_code_mismatch"]  # everything else verifies
    bad = result.report.failures[0]
    assert f"第{tie}轮" in bad.params["round"] and bad.params["round"] in describe(bad)
    # an honest import of the genuine package afterwards stands, with its codes checked
    genuine = import_package(ws, world[3], paper_codes=_printed_codes(paper))
    assert genuine.status == "imported" and genuine.report.ok and genuine.flags == ("paper_code_checked",)
    row = next(r for r in overview(ws) if r.organization == ORGANIZATION)
    assert row.verdict == "accepted" and "paper_code_checked" in row.flags


def test_without_codes_the_overview_says_not_checked(world, tmp_path):
    _ws, _genuine, _paper, pkg, _forged, _tie = world
    root = keys.create_root(demo.ROOT_ORG)
    ws = Workspace.create(None, root.cert)
    del root
    result = import_package(ws, pkg)  # another root: rejected anyway, but the flag says what was not checked
    assert "paper_code_not_checked" in result.flags


def test_codes_are_read_as_typed_and_a_partial_set_is_said():
    code = code_of(3, "ab" * 32, "cd" * 32)
    assert re.fullmatch(r"\d{4}(-\d{4}){4}", code)
    wide = code.replace("-", " ").translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert normalize(wide) == code and normalize(code[:-1]) == "" and normalize(code[:-1] + "x") == ""
    assert split_codes(f"{code}, {code.replace('-', ' ')}") == [code.replace("-", "")] * 2
    assert code_of(3, "ab" * 32, "ce" * 32) != code and code_of(4, "ab" * 32, "cd" * 32) != code
    from app.core.reports.papercode import RoundCode

    rounds = [RoundCode("1", "第1轮", code), RoundCode("2", "第2轮", code_of(2, None, "ee" * 32))]
    partial = check_codes(rounds, [code.replace("-", "")])
    assert partial.ok and not partial.complete and [r.title for r in partial.unmatched] == ["第2轮"]
    typo = check_codes(rounds, [code[:-1] + ("2" if code[-1] != "2" else "3")])
    assert not typo.ok


def test_the_qr_code_carries_the_round_summary(world):
    _ws, genuine, _paper, _pkg, _forged, _tie = world
    db = open_file(genuine)
    from app.core.documents import round_reports

    rnd = round_reports(db, False)[0]
    db.close()
    text = qr_payload(ORGANIZATION, "委员选举", rnd)
    assert rnd.paper_code in text and f"实到{rnd.present}" in text and all(p.name in text for p in rnd.persons)


def test_codes_typed_later_reject_a_forgery_already_imported(world):
    """The forgery came first, without its paper: typed in later, the codes take it off the record."""
    _ws, _genuine, paper, pkg, forged_pkg, _tie = world
    root_ws = Workspace.create(None, world[0].trust.cert)
    root_ws.register_branch(ORGANIZATION)
    first = import_package(root_ws, forged_pkg)
    assert first.status == "imported" and first.report.ok and "paper_code_not_checked" in first.flags
    again = import_package(root_ws, forged_pkg, paper_codes=_printed_codes(paper))
    assert again.status == "rejected" and again.report.reasons() == ("paper_code_mismatch",)
    row = next(r for r in overview(root_ws) if r.organization == ORGANIZATION)
    assert row.verdict == "rejected" and "paper_code_mismatch" in row.flags
    genuine = import_package(root_ws, pkg, paper_codes=_printed_codes(paper))
    assert genuine.status == "imported" and "paper_code_checked" in genuine.flags
    row = next(r for r in overview(root_ws) if r.organization == ORGANIZATION)
    assert row.verdict == "accepted"
    confirmed = import_package(root_ws, pkg, paper_codes=_printed_codes(paper))  # the same again: checked again
    assert confirmed.status == "rechecked" and "paper_code_checked" in confirmed.flags


def _fresh(world) -> Workspace:
    ws = Workspace.create(None, world[0].trust.cert)
    ws.register_branch(ORGANIZATION)
    return ws


def _mistyped(codes: list[str]) -> list[str]:
    """One digit of the first code typed wrong, as at a busy desk."""
    first = codes[0]
    return [first[:-1] + ("1" if first[-1] != "1" else "2"), *codes[1:]]


def _row(ws):
    return next(r for r in overview(ws) if r.organization == ORGANIZATION)


def test_a_mistyped_code_then_the_right_one_puts_the_genuine_package_on_record(world):
    """The reviewer's dead end: a mistyped digit rejected the genuine package and the corrected code changed nothing."""
    _ws, _genuine, paper, pkg, _forged, _tie = world
    ws = _fresh(world)
    wrong = import_package(ws, pkg, paper_codes=_mistyped(_printed_codes(paper)))
    assert wrong.status == "rejected" and wrong.package_id == 1 and _row(ws).verdict == "rejected"
    right = import_package(ws, pkg, paper_codes=_printed_codes(paper))
    assert right.status == "imported" and right.package_id == 1 and right.report.ok
    assert "paper_code_checked" in right.flags and "paper_code_mismatch" not in right.report.reasons()
    row = _row(ws)
    assert row.verdict == "accepted" and "paper_code_mismatch" not in row.flags and "paper_code_checked" in row.flags
    assert row.elected and row.versions == 1


def test_no_code_then_the_right_code_later_stands_checked(world):
    _ws, _genuine, paper, pkg, _forged, _tie = world
    ws = _fresh(world)
    assert import_package(ws, pkg).status == "imported" and "paper_code_not_checked" in _row(ws).flags
    later = import_package(ws, pkg, paper_codes=_printed_codes(paper))
    assert later.status == "rechecked" and later.report.ok and later.flags[-1] == "paper_code_checked"
    assert _row(ws).verdict == "accepted" and "paper_code_not_checked" not in _row(ws).flags
    again = import_package(ws, pkg)  # the stick read again without codes: nothing changes
    assert again.status == "duplicate" and _row(ws).flags.endswith("paper_code_checked")


def test_forged_then_genuine_with_the_codes_the_genuine_stands(world):
    _ws, _genuine, paper, pkg, forged_pkg, _tie = world
    ws = _fresh(world)
    codes = _printed_codes(paper)
    assert import_package(ws, forged_pkg, paper_codes=codes).status == "rejected"
    assert import_package(ws, forged_pkg).status == "duplicate"  # without the codes it cannot come back
    genuine = import_package(ws, pkg, paper_codes=codes)
    assert genuine.status == "imported" and genuine.report.ok
    row = _row(ws)
    assert row.verdict == "accepted" and "paper_code_checked" in row.flags and row.versions == 2
    # the forgery's mismatch is typed again by mistake with the right codes: still rejected, the genuine stays
    assert import_package(ws, forged_pkg, paper_codes=codes).status == "rejected"
    assert _row(ws).verdict == "accepted"


def test_the_mismatch_says_what_the_higher_level_does(world):
    _ws, _genuine, paper, pkg, _forged, _tie = world
    ws = _fresh(world)
    bad = import_package(ws, pkg, paper_codes=_mistyped(_printed_codes(paper))).report.failures[0]
    from app.core import i18n

    before = i18n.language()
    i18n.set_language("zh_CN")
    try:
        text = describe(bad)
    finally:
        i18n.set_language(before)
    assert "报告与导出" not in text and "重新导入" in text and "退回" in text


def test_an_unchecked_forgery_on_record_gives_way_to_the_genuine_package_with_its_codes(world):
    """The forgery (signed later) came first without codes and stood; the genuine one with the paper's codes takes
    its place: the codes are checked against the package on record too, and it does not match them."""
    _ws, _genuine, paper, pkg, forged_pkg, _tie = world
    ws = _fresh(world)
    assert import_package(ws, forged_pkg).status == "imported"
    genuine = import_package(ws, pkg, paper_codes=_printed_codes(paper))
    assert genuine.status == "imported" and genuine.superseded == 1
    row = _row(ws)
    assert row.verdict == "accepted" and "paper_code_checked" in row.flags and row.elected == "、".join(
        genuine.report.elected)
    from app.core.higher.overview import versions

    forged = versions(ws, ORGANIZATION)[0]
    assert forged.verdict == "rejected" and "paper_code_mismatch" in forged.reasons and not forged.standing
