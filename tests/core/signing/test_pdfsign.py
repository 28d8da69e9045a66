"""PAdES signatures checked by two independent validators: pyHanko trusting the root, and poppler's pdfsig."""
from __future__ import annotations

import time
from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from app.core.signing import keys
from tests.fixtures import signing_demo as demo
from app.core.signing.pdfsign import check_pdf, sign_pdf, to_asn1, validation_context

from .conftest import WHEN, pdfsig, small_pdf


def pyhanko_status(pdf: bytes, root):
    sig = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    return validate_pdf_signature(sig, signer_validation_context=validation_context([to_asn1(root.cert)]))


def append_update(pdf: bytes) -> bytes:
    """An incremental update after the signature that changes the document (an attacker's edit)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    info = writer.root.get_object()
    info[NameObject("/Lang")] = TextStringObject("en-XX")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pyhanko_accepts_trusting_the_root(root, branch):
    signed = sign_pdf(small_pdf(), branch, when=WHEN, reason="结果报告")
    status = pyhanko_status(signed, root)
    assert status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.dump() == to_asn1(branch.cert).dump()
    assert check_pdf("r.pdf", signed, [to_asn1(root.cert)]).ok


def test_pdfsig_accepts_with_nss_trusting_the_root(branch, nssdb, tmp_path):
    out = pdfsig(nssdb, sign_pdf(small_pdf(), branch, when=WHEN), tmp_path)
    for line in ("Total document signed", "Signature is Valid.", "Certificate is Trusted."):
        assert line in out, out
    assert "ETSI.CAdES.detached" in out and "SHA-256" in out


def test_signing_is_reproducible(branch, records):
    pdf = demo.report_pdf(records)  # with XMP metadata, where pyHanko would stamp the wall clock
    first = sign_pdf(pdf, branch, when=WHEN)
    time.sleep(1.05)  # across a second boundary
    assert sign_pdf(pdf, branch, when=WHEN) == first
    assert sign_pdf(pdf, branch, when=WHEN.replace(minute=31)) != first


def test_flipped_byte_inside_byterange_rejected_by_both(root, branch, nssdb, tmp_path):
    signed = bytearray(sign_pdf(small_pdf("flip me"), branch, when=WHEN))
    at = signed.index(b"flip me")
    signed[at] ^= 0x01
    assert not check_pdf("r.pdf", bytes(signed), [to_asn1(root.cert)]).ok
    assert not pyhanko_status(bytes(signed), root).bottom_line
    out = pdfsig(nssdb, bytes(signed), tmp_path)
    assert "Signature is Valid." not in out, out


def test_appended_incremental_update_is_caught_by_coverage(root, branch, nssdb, tmp_path):
    tampered = append_update(sign_pdf(small_pdf(), branch, when=WHEN))
    check = check_pdf("r.pdf", tampered, [to_asn1(root.cert)])
    assert not check.ok and check.reason == "pdf_not_entire_file"
    out = pdfsig(nssdb, tampered, tmp_path)
    assert "Total document signed" not in out, out  # pdfsig still says "Signature is Valid." here


def test_untrusted_signer_is_rejected(root, nssdb, tmp_path):
    stranger = keys.self_signed_branch("冒名支部")
    signed = sign_pdf(small_pdf(), stranger, when=WHEN)
    check = check_pdf("r.pdf", signed, [to_asn1(root.cert)])
    assert not check.ok and check.reason == "pdf_untrusted"
    assert "Certificate is Trusted." not in pdfsig(nssdb, signed, tmp_path)


def test_signer_must_match_the_package_signer(root, branch):
    other = keys.Identity(k := keys.new_key(), keys.issue_branch_cert(root, keys.branch_request(k, "第二支部")), (root.cert,))
    signed = sign_pdf(small_pdf(), other, when=WHEN)
    expected = to_asn1(branch.cert).dump()
    check = check_pdf("r.pdf", signed, [to_asn1(root.cert)], expected_signer=expected)
    assert check.reason == "pdf_signer_differs"


def test_unsigned_and_garbage_pdfs(root):
    assert check_pdf("r.pdf", small_pdf(), [to_asn1(root.cert)]).reason == "pdf_signature_count"
    assert check_pdf("r.pdf", b"%PDF-1.4 garbage", [to_asn1(root.cert)]).reason in ("pdf_unreadable", "pdf_signature_count")
