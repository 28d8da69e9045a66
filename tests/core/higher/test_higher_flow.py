"""The higher level end to end, headless: root, two branches, packages, imports, overview, approval reply."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import random

import pytest
from openpyxl import load_workbook

from app.core.errors import UserFacingError
from app.core.higher.imports import import_package, package_bytes
from app.core.higher.overview import overview, to_csv, to_xlsx
from app.core.higher.reply import make_reply, verify_reply
from app.core.higher.workspace import Workspace
from app.core.signing import container, keys
from tests.fixtures import signing_demo as demo
from app.core.signing.package import RoundRecord, build_package

T0 = dt.datetime(2025, 6, 18, 10, 0, tzinfo=dt.timezone.utc)
ONE, TWO = "中共示范区机关第一支部委员会", "中共示范区机关第二支部委员会"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The higher level's root and workspace on disk, and two branches whose certificates it issued."""
    root = keys.create_root(demo.ROOT_ORG)
    path = tmp_path_factory.mktemp("higher") / "higher.vdhl"
    ws = Workspace.create(path, root.cert)
    branches = {}
    for name in (ONE, TWO):
        ws.register_branch(name)
        key = keys.new_key()  # the branch makes its key and request; the higher level issues
        pem = ws.issue_certificate(root, keys.branch_request(key, name))
        branches[name] = keys.accept_issued_cert(key, pem, keys.cert_pem(root.cert))
    return root, path, branches


def package_for(identity, *, when=T0, rounds=None, audit=None) -> bytes:
    rounds = rounds or demo.rounds()
    election = {**demo.summary(rounds), "organization": identity.organization}
    return build_package(identity=identity, election=election, rounds=rounds,
                         audit=demo.audit_entries() if audit is None else audit,
                         pdfs=[("result-report.pdf", demo.report_pdf(rounds))], when=when, rng=random.Random(3))


def test_end_to_end(world, tmp_path):
    root, path, branches = world
    ws = Workspace.open(path)
    first, second = package_for(branches[ONE]), package_for(branches[TWO])

    results = [import_package(ws, p) for p in (first, second)]
    assert [r.status for r in results] == ["imported", "imported"] and all(r.report.ok for r in results)
    again = [import_package(ws, p) for p in (first, second)]  # import twice: a no-op
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert [r.package_id for r in again] == [r.package_id for r in results]
    assert ws.db.execute("SELECT count(*) FROM packages").fetchone()[0] == 2

    rows = {r.organization: r for r in overview(ws)}
    assert set(rows) == {ONE, TWO}
    assert rows[ONE].verdict == "accepted" and rows[ONE].elected == "王建国、李明、张伟"
    assert (rows[ONE].expected, rows[ONE].present, rows[ONE].date) == (50, 46, "2025-06-18")

    exported = list(csv.reader(io.StringIO(to_csv(overview(ws)).decode("utf-8-sig"))))
    assert len(exported) == 3 and ONE in [r[0] for r in exported]
    sheet = load_workbook(io.BytesIO(to_xlsx(overview(ws)))).active
    assert sheet.max_row == 3 and {sheet.cell(row=i, column=1).value for i in (2, 3)} == {ONE, TWO}

    reply = make_reply(ws, results[0].package_id, root, number="示机工〔2025〕12号")
    ok, checks = verify_reply(reply, keys.cert_pem(root.cert), package=first)  # the branch's side
    assert ok, checks
    ok, checks = verify_reply(reply, keys.cert_pem(root.cert), package=second)
    assert not ok and checks[-1].reason == "reply_other_package"


def test_newer_package_supersedes_and_both_are_kept(world):
    root, path, branches = world
    ws = Workspace.open(path)
    old = import_package(ws, package_for(branches[TWO]))
    newer_audit = demo.audit_entries()  # same log, one entry longer: it extends the older log
    newer = import_package(ws, package_for(branches[TWO], when=T0 + dt.timedelta(days=1),
                                           audit=_extend(newer_audit, "amendment_recorded")))
    assert newer.status == "imported" and newer.superseded == old.package_id and newer.flags == ("paper_code_not_checked",)
    assert package_bytes(ws, old.package_id)  # both kept
    rows = {r.organization: r for r in overview(ws)}
    assert rows[TWO].versions == 2 and rows[TWO].verdict == "accepted"
    # an older package arriving late is kept but does not take the record back
    late = import_package(ws, package_for(branches[TWO], when=T0 - dt.timedelta(days=1)))
    assert late.status == "older_than_current"


def _extend(entries: list[dict], event: str) -> list[dict]:
    from app.core import hashchain

    prev = entries[-1]["hash"]
    entry = {"seq": len(entries) + 1, "event": event, "at": "2025-06-19T09:00:00", "params": {}, "rows": {}}
    return entries + [{**entry, "hash": hashchain.link(prev, entry), "prev_hash": prev}]


def test_tampered_newer_package_is_flagged_and_does_not_displace(world):
    root, path, branches = world
    ws = Workspace.open(path)
    before = {r.organization: r for r in overview(ws)}[ONE]
    entries = container.unpack(package_for(branches[ONE], when=T0 + dt.timedelta(days=5)))
    name, data = entries[2]
    entries[2] = (name, data.replace("王建国".encode(), "王建军".encode(), 1))
    result = import_package(ws, container.pack(entries))
    assert not result.report.ok and result.status == "rejected"  # kept apart: a rejected package never stands
    row = {r.organization: r for r in overview(ws)}[ONE]
    assert row.verdict == "accepted" and "newer_package_rejected" in row.flags
    assert row.versions == before.versions + 1


def test_rule_breaking_package_shows_its_rule_in_the_overview(world):
    root, path, branches = world
    ws = Workspace.open(path)
    name = "中共示范区机关第三支部委员会"
    ws.register_branch(name)
    key = keys.new_key()
    ident = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, name)), keys.cert_pem(root.cert))
    rec = demo.rounds()[1]
    claimed = copy.deepcopy(rec.claimed)
    claimed["elected"] = ["刘芳"]  # 18 of 46: below the threshold
    import_package(ws, package_for(ident, rounds=[RoundRecord("r1", rec.title, rec.count_input, claimed)]))
    row = {r.organization: r for r in overview(ws)}[name]
    assert row.verdict == "rejected" and "R9.1" in row.flags and "recount_disagrees" in row.flags


def test_unregistered_and_self_signed_senders_are_flagged(world):
    root, path, _ = world
    ws = Workspace.open(path)
    stranger = keys.self_signed_branch("中共某不相干支部委员会")
    result = import_package(ws, package_for(stranger))
    assert "unregistered_branch" in result.flags and "self_signed" in result.report.reasons()
    impostor = keys.self_signed_branch(ONE)
    result = import_package(ws, package_for(impostor, when=T0 + dt.timedelta(days=9)))
    assert "signer_not_the_issued_certificate" in result.flags and result.status == "rejected"


def test_certificates_only_for_registered_branches_and_the_right_root(world):
    root, path, _ = world
    ws = Workspace.open(path)
    with pytest.raises(UserFacingError) as err:
        ws.issue_certificate(root, keys.branch_request(keys.new_key(), "未登记支部"))
    assert err.value.code == "branch_unknown"
    with pytest.raises(UserFacingError) as err:
        ws.issue_certificate(keys.create_root("别的根"), keys.branch_request(keys.new_key(), ONE))
    assert err.value.code == "wrong_root_key"


def test_tampered_reply_is_rejected(world):
    root, path, branches = world
    ws = Workspace.open(path)
    pkg = package_for(branches[ONE])
    pid = import_package(ws, pkg).package_id
    reply = bytearray(make_reply(ws, pid, root, number="示机工〔2025〕13号"))
    reply[len(reply) // 3] ^= 0x01
    ok, _checks = verify_reply(bytes(reply), keys.cert_pem(root.cert), package=pkg)
    assert not ok
    other_root = keys.create_root("别的上级")
    ok, checks = verify_reply(make_reply(ws, pid, root, number="14号"), keys.cert_pem(other_root.cert))
    assert not ok and checks[0].reason == "pdf_untrusted"


def test_a_branch_cannot_forge_a_reply(world):
    from app.core.higher.reply import reply_pdf
    from app.core.signing.pdfsign import sign_pdf

    root, path, branches = world
    pkg = package_for(branches[ONE])
    forged = sign_pdf(reply_pdf(higher=demo.ROOT_ORG, branch=ONE, number="伪〔2025〕1号", body="同意。",
                                sha=__import__("hashlib").sha256(pkg).hexdigest(), when=T0), branches[ONE], when=T0)
    ok, checks = verify_reply(forged, keys.cert_pem(root.cert), package=pkg)
    assert not ok and checks[0].reason == "pdf_signer_role"


def test_workspace_file_checks(tmp_path, world):
    root, path, _ = world
    with pytest.raises(UserFacingError):
        Workspace.create(path, root.cert)
    (tmp_path / "x.vdhl").write_bytes(b"not sqlite" * 20)
    with pytest.raises(UserFacingError) as err:
        Workspace.open(tmp_path / "x.vdhl")
    assert err.value.code == "not_a_workspace"
    assert json.loads(json.dumps([b.name for b in Workspace.open(path).branches()]))
