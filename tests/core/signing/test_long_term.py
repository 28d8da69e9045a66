"""Signatures that still verify in ten years: B-LT reports, the higher level's timestamps, revocation, key files."""
from __future__ import annotations

import datetime as dt
import logging
import random
from io import BytesIO

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

from app.core.errors import UserFacingError
from app.core.higher.archive import add_timestamp
from app.core.signing import container, crl, crlstore, keys, pdfsign, tsa
from app.core.signing.package import build_package
from app.core.signing.verify import verify_package
from tests.fixtures import signing_demo as demo

from .conftest import pdfsig, small_pdf

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)  # the root, the branch and the TSA certificates are made
SIGNED = dt.datetime(2025, 6, 18, 10, 30, tzinfo=dt.timezone.utc)  # the branch signs
IMPORTED = SIGNED + dt.timedelta(days=2)  # the higher level imports and timestamps
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _quiet():
    logging.disable(logging.WARNING)  # pyHanko logs every expected refusal with a traceback
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture(scope="module")
def world():
    """Root, a branch issued by it, the TSA identity, and the first (empty) CRL — all made at T0."""
    root = keys.create_root(demo.ROOT_ORG, now=T0)
    key = keys.new_key()
    branch = keys.Identity(key, keys.issue_branch_cert(root, keys.branch_request(key, demo.BRANCH_ORG), now=T0),
                           (root.cert,))
    stamp_key = keys.issue_tsa_identity(root, now=T0)
    return root, branch, stamp_key, crl.make_crl(root, [], number=1, now=T0 + DAY)


def package_of(branch, when, crl_der):
    rounds = demo.rounds()
    return build_package(identity=branch, election=demo.summary(rounds), rounds=rounds, audit=demo.audit_entries(),
                         pdfs=[("result-report.pdf", demo.report_pdf(demo.rounds()))], when=when, rng=random.Random(1),
                         crl=crl_der)


@pytest.fixture(scope="module")
def package(world):
    root, branch, _, first = world
    return package_of(branch, SIGNED, first)


@pytest.fixture(scope="module")
def archived(world, package):
    root, _, stamp_key, first = world
    return add_timestamp(package, stamp_key, when=IMPORTED, crl=first)


def after_expiry(branch) -> dt.datetime:
    return branch.cert.not_valid_after_utc + 30 * DAY


def test_branch_certificate_names_the_roots_list_and_the_tsa_certificate_is_for_timestamps_only(world) -> None:
    root, branch, stamp_key, _ = world
    points = branch.cert.extensions.get_extension_for_class(keys.x509.CRLDistributionPoints).value
    assert [n.value for p in points for n in p.full_name] == [keys.crl_uri(root.cert)]
    assert keys.is_tsa_cert(stamp_key.cert) and not keys.is_tsa_cert(branch.cert)
    assert keys.issued_by(stamp_key.cert, root.cert)
    with pytest.raises(UserFacingError):
        tsa.stamper(branch)  # a branch key cannot make the higher level's timestamps


def test_the_report_is_b_lt_and_pdfsig_still_reports_the_total_document_signed(world, package, nssdb, tmp_path,
                                                                               root, branch) -> None:
    _, _, _, first = world
    report = verify_package(package, keys.cert_pem(world[0].cert), at=SIGNED + DAY)
    assert report.ok, report.failures
    assert report.level == "B-LT" and report.crl_number == 1 and report.timestamped_at is None
    pdf = container.unpack(package)[-1][1]
    certs, crls = pdfsign.dss_contents(pdf)
    assert len(certs) == 2 and crls == [first]  # the branch certificate, the root and the list, inside the signed bytes
    # pdfsig's database trusts the session's root; signed now, so that pdfsig's own clock finds the certificate valid
    signed = pdfsign.sign_pdf(small_pdf(), branch, crl=crl.make_crl(root, [], number=1))
    assert pdfsign.level(signed) == "B-LT"
    out = pdfsig(nssdb, signed, tmp_path)
    assert "Total document signed" in out and "Signature is Valid." in out, out
    assert "Certificate is Trusted." in out, out


def test_after_the_branch_certificate_expired_the_timestamp_keeps_the_package_valid(world, package, archived) -> None:
    root, branch, stamp_key, _ = world
    later = after_expiry(branch)
    assert later < stamp_key.cert.not_valid_after_utc  # the TSA key still lives then
    without = verify_package(package, keys.cert_pem(root.cert), at=later)
    assert not without.ok and "cert_expired" in without.reasons()
    with_stamp = verify_package(archived, keys.cert_pem(root.cert), at=later)
    assert with_stamp.ok, with_stamp.failures
    assert with_stamp.level == "B-LTA" and with_stamp.timestamped_at == IMPORTED
    assert with_stamp.renew_timestamp_by == stamp_key.cert.not_valid_after_utc


def test_pyhanko_at_a_time_after_expiry_untrusted_without_the_timestamp_trusted_at_its_time(world, package, archived) -> None:
    root, branch, _, _ = world
    roots, later = [pdfsign.to_asn1(root.cert)], after_expiry(branch)
    plain = PdfFileReader(BytesIO(dict(container.unpack(package))["reports/result-report.pdf"]), strict=False)
    status = validate_pdf_signature(plain.embedded_signatures[0], pdfsign.validation_context(roots, later))
    assert status.intact and status.valid and not status.trusted and not status.bottom_line
    copy = PdfFileReader(BytesIO(dict(container.unpack(archived))["archive/reports/result-report.pdf"]), strict=False)
    signature, stamp = copy.embedded_signatures
    ts = validate_pdf_timestamp(stamp, validation_context=pdfsign.validation_context(roots, later))
    assert ts.intact and ts.valid and ts.trusted and ts.timestamp == IMPORTED
    status = validate_pdf_signature(signature, pdfsign.validation_context(roots, ts.timestamp))
    assert status.intact and status.valid and status.trusted  # valid at the time the higher level attests
    assert pdfsign.check_timestamps(dict(container.unpack(archived))["archive/reports/result-report.pdf"], roots,
                                    later) == [IMPORTED]


def test_re_timestamping_with_a_new_key_outlives_the_first_key(world, archived) -> None:
    root, branch, stamp_key, _ = world
    renewal = stamp_key.cert.not_valid_after_utc - 30 * DAY
    newer_key = keys.issue_tsa_identity(root, now=renewal - DAY)
    fresh = crl.make_crl(root, [], number=2, now=renewal - DAY)
    twice = add_timestamp(archived, newer_key, when=renewal, crl=fresh)
    beyond = stamp_key.cert.not_valid_after_utc + 100 * DAY
    assert not verify_package(archived, keys.cert_pem(root.cert), at=beyond).ok  # the first key has expired
    report = verify_package(twice, keys.cert_pem(root.cert), at=beyond)
    assert report.ok, report.failures
    assert report.timestamped_at == IMPORTED and report.renew_timestamp_by == newer_key.cert.not_valid_after_utc
    late = add_timestamp(archived, newer_key, when=stamp_key.cert.not_valid_after_utc + DAY, crl=fresh)
    assert not verify_package(late, keys.cert_pem(root.cert), at=beyond).ok  # renewed after the old key expired


def test_a_revoked_key_later_package_is_rejected_an_earlier_timestamped_one_stays_valid(world, package, archived) -> None:
    root, branch, stamp_key, _ = world
    revoked_at = IMPORTED + 10 * DAY
    listed = crl.make_crl(root, [crl.Revoked(branch.cert.serial_number, revoked_at, "key_compromise")], number=2,
                          now=revoked_at + DAY)
    trust = keys.cert_pem(root.cert)
    earlier = verify_package(archived, trust, at=revoked_at + 20 * DAY, crl=listed)
    assert earlier.ok, earlier.failures
    assert earlier.crl_number == 2
    later_pkg = package_of(branch, revoked_at + 2 * DAY, listed)
    refused = verify_package(later_pkg, trust, at=revoked_at + 3 * DAY, crl=listed)
    assert not refused.ok and "cert_revoked" in refused.reasons()
    stamped_late = add_timestamp(later_pkg, stamp_key, when=revoked_at + 3 * DAY, crl=listed)
    assert "cert_revoked" in verify_package(stamped_late, trust, at=revoked_at + 4 * DAY, crl=listed).reasons()
    # Without the higher level's timestamp, the branch's own signing time proves nothing: a thief could backdate.
    backdated = verify_package(package, trust, at=revoked_at + 3 * DAY, crl=listed)
    assert not backdated.ok and "cert_revoked" in backdated.reasons()
    # The list the branch embedded is used when none is given: a later package carries the newer list.
    assert "cert_revoked" in verify_package(later_pkg, trust, at=revoked_at + 3 * DAY).reasons()


def test_tampered_archives_are_rejected(world, package, archived) -> None:
    root, branch, stamp_key, first = world
    trust, later = keys.cert_pem(root.cert), after_expiry(branch)
    entries = container.unpack(archived)

    def with_entries(change) -> bytes:
        return container.pack(change(list(entries)))

    token = dict(entries)[tsa.token_name(1)]
    flipped = token[:-10] + bytes([token[-10] ^ 1]) + token[-9:]
    cases = {
        "token altered": with_entries(lambda e: [(n, flipped if n == tsa.token_name(1) else d) for n, d in e]),
        "stray file": with_entries(lambda e: e + [("archive/notes.txt", b"x")]),
        "token skipped": with_entries(lambda e: [(tsa.token_name(2) if n == tsa.token_name(1) else n, d) for n, d in e]),
        "copy altered": with_entries(lambda e: [(n, d.replace(b"/Producer", b"/Pr0ducer", 1)
                                                 if n.startswith("archive/reports/") else d) for n, d in e]),
    }
    other_root = keys.create_root("别的上级", now=T0)
    cases["foreign TSA"] = add_timestamp(package, keys.issue_tsa_identity(other_root, now=T0), when=IMPORTED)
    other = package_of(branch, SIGNED + DAY, first)  # another package's token does not fit this one
    other_token = dict(container.unpack(add_timestamp(other, stamp_key, when=IMPORTED)))[tsa.token_name(1)]
    cases["token of another package"] = with_entries(
        lambda e: [(n, other_token if n == tsa.token_name(1) else d) for n, d in e])
    for name, data in cases.items():
        report = verify_package(data, trust, at=later)
        assert not report.ok, name


def test_crls_are_checked_against_the_root_and_the_branch_keeps_the_newest(world, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    root, branch, _, first = world
    other = keys.create_root("别的上级")
    with pytest.raises(UserFacingError) as err:
        crl.load_crl(crl.make_crl(other, [], number=9), root.cert)
    assert err.value.code == "crl_not_from_root"
    with pytest.raises(UserFacingError):
        crl.load_crl(b"not a list", root.cert)
    second = crl.make_crl(root, [crl.Revoked(7, T0, "affiliation_changed")], number=2, now=T0 + 2 * DAY)
    assert crlstore.save(second, root.cert)[1]
    kept, new = crlstore.save(first, root.cert)  # an older list never replaces a newer one
    assert not new and kept.number == 2
    assert crlstore.for_identity(branch).number == 2
    assert crl.load_crl(second, root.cert).crl[0].serial_number == 7


def test_key_files_mac_is_as_strong_as_the_key_bag_and_expiry_is_announced(world) -> None:
    root, branch, _, _ = world
    data = keys.export_pkcs12(branch, "长期有效的口令123")
    assert asn1_pkcs12.Pfx.load(data)["mac_data"]["iterations"].native == keys.PKCS12_ROUNDS
    assert keys.import_pkcs12(data, "长期有效的口令123").cert == branch.cert
    with pytest.raises(UserFacingError):
        keys.import_pkcs12(data, "wrong passphrase")
    end = branch.cert.not_valid_after_utc
    assert not keys.expires_soon(branch.cert, end - 61 * DAY)
    assert keys.expires_soon(branch.cert, end - 59 * DAY) and keys.days_left(branch.cert, end - 59 * DAY) == 59


def test_no_certificate_outlives_the_root(world) -> None:
    root = world[0]
    near_end = root.cert.not_valid_after_utc - 100 * DAY
    key = keys.new_key()
    for cert in (keys.issue_tsa_identity(root, now=near_end).cert,
                 keys.issue_branch_cert(root, keys.branch_request(key, demo.BRANCH_ORG), now=near_end),
                 keys.issue_office_identity(root, now=near_end).cert):
        assert cert.not_valid_after_utc == root.cert.not_valid_after_utc


def test_ten_years_later_with_re_timestamps_every_two_and_a_half_years(world, archived) -> None:
    root, branch, _, _ = world
    data = archived
    for i in range(1, 4):  # each renewal with a fresh time-stamping key, before the previous one expires
        when = T0 + dt.timedelta(days=int(365 * 2.5 * i))
        data = add_timestamp(data, keys.issue_tsa_identity(root, now=when - DAY), when=when)
    trust = keys.cert_pem(root.cert)
    report = verify_package(data, trust, at=root.cert.not_valid_after_utc - 10 * DAY)
    assert report.ok and report.level == "B-LTA" and report.timestamped_at == IMPORTED, report.failures
    assert not verify_package(archived, trust, at=root.cert.not_valid_after_utc - 10 * DAY).ok  # never renewed
