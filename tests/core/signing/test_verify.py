"""verify_package: accepted packages, tampering of every kind, recount disagreements and broken rules."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from app.core.errors import UserFacingError
from app.core.signing import container, keys
from app.core.signing.verify import verify_package

from .conftest import edit_json, reseal
from .test_pdfsign import append_update

SEAL = ("container", "manifest", "manifest_signature", "signer_certificate", "signer_listed", "unlisted_files")


def seal_ok(report) -> bool:
    return all(c.ok for c in report.checks if c.name in SEAL or c.name.startswith(("file:", "pdf:")))


def test_demo_package_is_accepted(package, trust, branch):
    report = verify_package(package, trust)
    assert report.ok, report.failures
    assert report.signer == branch.organization and report.fingerprint == keys.fingerprint(branch.cert)
    assert report.elected == ("王建国", "李明", "张伟")
    assert {c.name for c in report.checks} >= {"manifest_signature", "signer_certificate", "audit_chain",
                                               "pdf:result-report.pdf", "recount:r1", "rule:r1:R9.1"}


def test_trust_root_as_pem_bytes(package, root):
    assert verify_package(package, keys.cert_pem(root.cert)).ok


def test_500_flipped_bytes_anywhere_are_all_rejected(package, trust):
    rng, n, count = random.Random(11), len(package), 600
    for k in range(count):
        pos = k * n // count + rng.randrange(max(1, n // count))
        data = bytearray(package)
        data[pos] ^= 1 << rng.randrange(8)
        assert not verify_package(bytes(data), trust).ok, f"flip at {pos} accepted"


def test_flips_inside_every_file_with_a_repaired_container_are_rejected(package, trust):
    # Re-packing repairs the ZIP CRCs, so only the manifest signature and hashes can catch these.
    entries = container.unpack(package)
    rng, total, reasons = random.Random(5), 0, set()
    for name, data in entries:
        count = max(40, 500 * len(data) // len(package))
        for k in range(count):
            pos = k * len(data) // count + rng.randrange(max(1, len(data) // count))
            bad = bytearray(data)
            bad[pos] ^= 1 << rng.randrange(8)
            report = verify_package(container.pack([(n, bytes(bad) if n == name else d) for n, d in entries]), trust)
            assert not report.ok, f"{name}: flip at {pos} accepted"
            reasons.update(report.reasons()[:1])
            total += 1
    assert total >= 500
    assert {"hash_mismatch", "signature_malformed", "manifest_digest_mismatch"} <= reasons


def test_appended_incremental_pdf_update_is_rejected(package, trust, branch):
    def edit(files):
        files["reports/result-report.pdf"] = append_update(files["reports/result-report.pdf"])

    report = verify_package(reseal(package, branch, edit), trust)  # re-sealed with the right key
    assert not report.ok
    assert [c.reason for c in report.failures] == ["pdf_not_entire_file"]


def change_winner(files):
    def change(doc):
        claimed = doc["rounds"][1]["claimed"]
        claimed["elected"] = ["刘芳"]
        for row in claimed["results"]:
            row["status"] = "elected" if row["name"] == "刘芳" else "not_elected"
    edit_json(files, "result.json", change)


def test_winner_changed_and_resigned_with_a_foreign_key_is_rejected(package, trust):
    other_root = keys.create_root("伪造的上级党委")
    k = keys.new_key()
    forged = keys.Identity(k, keys.issue_branch_cert(other_root, keys.branch_request(k, "中共示范区机关第一支部委员会")),
                           (other_root.cert,))
    for signer, reason in ((forged, "not_issued_by_root"), (keys.self_signed_branch("中共示范区机关第一支部委员会"), "self_signed")):
        report = verify_package(reseal(package, signer, change_winner), trust)
        assert not report.ok
        reasons = report.reasons()
        assert reason in reasons and "recount_disagrees" in reasons


def test_signed_with_the_root_itself_is_rejected(package, trust, root):
    report = verify_package(reseal(package, root, lambda files: None), trust)
    assert "signer_is_root" in report.reasons()


def test_higher_levels_own_signing_key_cannot_pass_for_a_branch(package, trust, root):
    office = keys.issue_office_identity(root)
    report = verify_package(reseal(package, office, lambda files: None), trust)
    assert "not_a_branch_certificate" in report.reasons()


def test_expired_certificate_is_rejected(package, trust):
    report = verify_package(package, trust, at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3 * 365))
    assert "cert_expired" in report.reasons()


def test_ballot_moved_between_candidates_is_caught_by_the_recount_only(package, trust, branch):
    def move(doc):
        for ballot in doc["rounds"][0]["input"]["ballots"]:
            marks = ballot["marks"]
            if marks["王建国"] == "yes" and marks["陈静"] == "no" and list(marks.values()).count("yes") == 3:
                marks["王建国"], marks["陈静"] = "no", "yes"
                return

    report = verify_package(reseal(package, branch, lambda files: edit_json(files, "result.json", move)), trust)
    assert not report.ok and seal_ok(report)
    recount = [c for c in report.failures if c.name == "recount:r1"][0]
    assert recount.reason == "recount_disagrees" and "王建国 yes: claimed 40, recount 39" in recount.detail


def test_broken_audit_chain_is_rejected(package, trust, branch):
    def edit(doc):
        doc["entries"][3]["params"] = {"note": "changed afterwards"}

    report = verify_package(reseal(package, branch, lambda files: edit_json(files, "audit.json", edit)), trust)
    assert [c.reason for c in report.failures] == ["audit_log_broken"]


def test_dropped_audit_entry_is_rejected(package, trust, branch):
    report = verify_package(reseal(package, branch, lambda files: edit_json(
        files, "audit.json", lambda doc: doc["entries"].pop(2))), trust)
    assert [c.reason for c in report.failures] == ["audit_log_broken"]


def test_unlisted_file_is_rejected(package, trust):
    entries = container.unpack(package) + [("extra.txt", b"hello")]
    report = verify_package(container.pack(entries), trust)
    assert "unlisted_file" in report.reasons()


def test_other_root_rejects(package):
    other = keys.create_root("另一个上级党委")
    report = verify_package(package, keys.cert_pem(other.cert))
    assert "not_issued_by_root" in report.reasons()


def test_not_a_package_and_bad_trust_root(package, root):
    report = verify_package(b"%PDF-1.7 not a zip", keys.cert_pem(root.cert))
    assert not report.readable and not report.ok and report.reasons() == ("not_a_package",)
    with pytest.raises(UserFacingError):
        verify_package(package, b"not a pem")
    with pytest.raises(UserFacingError):  # a branch certificate is not a root
        verify_package(package, keys.cert_pem(keys.self_signed_branch("x").cert))


def test_summary_must_agree_with_the_rounds(package, trust, branch):
    def edit(doc):
        doc["election"]["elected"] = ["王建国", "李明", "刘芳"]

    report = verify_package(reseal(package, branch, lambda files: edit_json(files, "result.json", edit)), trust)
    assert [c.reason for c in report.failures] == ["summary_disagrees"]


def test_manifest_of_another_artifact_type_is_rejected(package, trust, branch):
    from app.core.signing import cms
    from app.core.signing.package import dumps

    files = dict(container.unpack(package))
    doc = __import__("json").loads(files["manifest.json"])
    doc["type"] = "approval-reply"
    files["manifest.json"] = dumps(doc)
    files["manifest.sig"] = cms.sign_detached(files["manifest.json"], branch, dt.datetime.now(dt.timezone.utc))
    report = verify_package(container.pack(list(files.items())), trust)
    assert "manifest_malformed" in report.reasons()
