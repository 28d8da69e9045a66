"""The seal as the signature's appearance: a ring with the organization's name, in the seal position of the result
report (over the issuer and date), signed by pyHanko in a visible field that still validates."""
from __future__ import annotations

import io

import pypdf
import pytest
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature

from app.core.demo import create_demo
from app.core.documents import build_documents
from app.core.reports.parts import SEAL_D
from app.core.reports.seal import seal_box, seal_pdf, seal_signature_parts
from app.core.signing.pdfsign import to_asn1, validation_context
from app.core.workflow import Election
from tests.core.test_papers import _issue_all
from tests.fixtures.signing_demo import make_identities

ISSUER, DATED = "中共青石社区支部委员会", "2024年5月18日"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    e = Election.open(create_demo(tmp_path_factory.mktemp("seal") / "demo.votedesk"))
    _issue_all(e)
    yield build_documents(e.db)["07-result-report.pdf"]
    e.close()


def test_the_seal_carries_the_name_in_its_ring():
    pdf = seal_pdf(ISSUER)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(SEAL_D)
    assert "".join(page.extract_text().split()) == ISSUER


def test_the_seal_goes_over_the_issuer_and_date_of_the_closing_page(report):
    index, (x1, y1, x2, y2) = seal_box(report, ISSUER, DATED)
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(report)).pages]
    assert "特此报告" in pages[index] and "附件1" not in pages[index][:10]
    assert x2 - x1 == pytest.approx(SEAL_D) and y2 - y1 == pytest.approx(SEAL_D)


def test_a_visible_seal_signature_validates(report):
    root, branch = make_identities()
    spec, style = seal_signature_parts(report, branch.organization, ISSUER, DATED, "votedesk-seal")
    key = asn1_keys.PrivateKeyInfo.load(branch.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=to_asn1(branch.cert), signing_key=key, cert_registry=None)
    meta = signers.PdfSignatureMetadata(field_name="votedesk-seal", reason="换届选举结果报告", location="青石社区")
    out = signers.PdfSigner(meta, signer, stamp_style=style, new_field_spec=spec).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(report), strict=False))
    signed = out.getvalue()
    sig = PdfFileReader(io.BytesIO(signed), strict=False).embedded_signatures[0]
    status = validate_pdf_signature(sig, validation_context([to_asn1(root.cert)]))
    assert status.intact and status.valid
    field = sig.sig_field
    assert [round(float(v), 1) for v in field["/Rect"]] == [round(v, 1) for v in spec.box] and "/AP" in field
    assert sig.sig_object["/Reason"] == "换届选举结果报告" and sig.sig_object["/Location"] == "青石社区"
