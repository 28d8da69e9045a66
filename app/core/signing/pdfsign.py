"""PAdES embedded PDF signatures with pyHanko: B-B, B-LT (chain and CRL in a DSS), document timestamps, validation."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import fields as dc_fields
from io import BytesIO
from typing import Any, Callable

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.core.errors import UserFacingError, missing
from app.core.signing.keys import Identity
from app.core.signing.report import Check

FIELD = "votedesk-signature"
_DIGESTS: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    """A cryptography certificate as the asn1crypto object pyHanko wants."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _DeterministicSigner(signers.SimpleSigner):
    """SimpleSigner with RFC 6979 ECDSA, so the same document, key and time give the same bytes."""

    def __init__(self, identity: Identity) -> None:
        der = identity.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
        certs = [to_asn1(c) for c in (identity.cert, *identity.chain)]
        super().__init__(signing_cert=certs[0], signing_key=asn1_keys.PrivateKeyInfo.load(der),
                         cert_registry=SimpleCertificateStore.from_certs(certs))
        self._key = identity.key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        return self._key.sign(data, ec.ECDSA(_DIGESTS[digest_algorithm](), deterministic_signing=True))


class _PinnedMeta(DocumentMetadata):
    """Document metadata whose last-modified time stays at the signing time.

    pyHanko assigns "now" on every write (Info /ModDate and XMP ModifyDate); pinning it keeps the
    output reproducible and independent of the machine's clock and time zone.
    """

    @property  # type: ignore[override]  # a property over pyHanko's plain dataclass field, on purpose
    def last_modified(self) -> dt.datetime:
        return self.__dict__["_pinned"]

    @last_modified.setter
    def last_modified(self, value: object) -> None:
        pass  # ignore pyHanko's "now"


def _writer(pdf: bytes, when: dt.datetime) -> IncrementalPdfFileWriter:
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    old = writer._meta  # noqa: SLF001 - pyHanko offers no hook for the modification time
    meta = _PinnedMeta(**{f.name: getattr(old, f.name) for f in dc_fields(DocumentMetadata) if f.name != "last_modified"})
    meta.__dict__["_pinned"] = when
    writer._meta = meta  # noqa: SLF001
    return writer


class _TimedPdfSigner(signers.PdfSigner):
    """PdfSigner with the signing time injected (pyHanko takes the clock otherwise)."""

    def __init__(self, meta: signers.PdfSignatureMetadata, signer: signers.Signer, when: dt.datetime,
                 appearance: tuple[Any, Any] | None = None) -> None:
        spec, style = appearance or (None, None)
        super().__init__(meta, signer, new_field_spec=spec, stamp_style=style)
        self._when = when

    def init_signing_session(self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._when
        return session


def sign_pdf(pdf: bytes, identity: Identity, *, reason: str | None = None, location: str | None = None,
             when: dt.datetime | None = None, field_name: str = FIELD, crl: bytes | None = None,
             appearance: tuple[Any, Any] | None = None) -> bytes:
    """The PDF with a PAdES signature appended (ECDSA P-256, SHA-256), as bytes.

    Invisible, unless ``appearance`` gives pyHanko's (SigFieldSpec, stamp style) for ``field_name``: the result
    report's seal (app.core.reports.seal.seal_signature_parts) is drawn as the signature's appearance.

    An identity with an issuer chain makes it B-LT: the chain and ``crl`` (the latest list the branch has) go
    into a DSS written in the same revision as the signature, so the signature still covers the whole file.
    """
    when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    try:
        writer = _writer(pdf, when)
    except Exception as exc:  # pyHanko raises several kinds on a broken file
        raise UserFacingError("bad_pdf", f"cannot read the PDF to sign: {exc}") from None
    _fix_document_id(writer, pdf, identity, when)
    if identity.chain:
        DocumentSecurityStore.supply_dss_in_writer(
            writer, None, certs=[to_asn1(c) for c in (identity.cert, *identity.chain)],
            crls=[asn1_crl.CertificateList.load(crl)] if crl else None)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason, location=location, name=identity.organization or None,
    )
    out = _TimedPdfSigner(meta, _DeterministicSigner(identity), when, appearance).sign_pdf(writer)
    return out.getvalue()


def _fix_document_id(writer: IncrementalPdfFileWriter, pdf: bytes, identity: Identity, when: dt.datetime) -> None:
    # pyHanko draws the second /ID half from os.urandom; derive it instead so output is reproducible.
    seed = hashlib.sha256(pdf + identity.cert.fingerprint(hashes.SHA256())
                          + when.isoformat().encode()).digest()[:16]
    first = writer.document_id[0]
    writer._document_id = generic.ArrayObject([generic.ByteStringObject(first), generic.ByteStringObject(seed)])  # noqa: SLF001


def validation_context(roots: list[asn1_x509.Certificate], moment: dt.datetime | None = None) -> ValidationContext:
    """Offline validation against the given roots only: no fetching, no OS trust store."""
    return ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)


def check_pdf(name: str, pdf: bytes, roots: list[asn1_x509.Certificate], *,
              expected_signer: bytes | None = None, policy: str | None = None, moment: dt.datetime | None = None) -> Check:
    """One verdict on a signed PDF: exactly one signature, valid, trusted, covering the entire file.

    ``expected_signer``: the signer certificate's DER must be this; ``policy``: it must carry this
    certificate policy (keys.BRANCH_POLICY or keys.OFFICE_POLICY); ``moment``: the time the signature is known
    to have existed (a timestamp's), at which the certificate must have been valid (default now).
    """
    label = f"pdf:{name}"
    try:
        sigs = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    except Exception as exc:  # a damaged PDF is a rejection, not a crash
        return Check(label, False, "pdf_unreadable", "", f"cannot read the PDF: {type(exc).__name__}")
    if len(sigs) != 1:
        return Check(label, False, "pdf_signature_count", "", f"{len(sigs)} signatures, expected exactly 1")
    try:
        status = validate_pdf_signature(sigs[0], signer_validation_context=validation_context(roots, moment))
    except Exception as exc:
        return Check(label, False, "pdf_signature_invalid", "", f"validation failed: {type(exc).__name__}: {exc}")
    return _judge(label, status, expected_signer, policy)


def _policies(cert: asn1_x509.Certificate) -> set[str]:
    return {p["policy_identifier"].dotted for p in (cert.certificate_policies_value or [])}


def _judge(label: str, status: PdfSignatureStatus, expected_signer: bytes | None, policy: str | None) -> Check:
    if not status.intact or not status.valid:
        return Check(label, False, "pdf_signature_invalid", "", "the signed bytes were altered or the signature is wrong")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        if status.coverage is None:  # pyHanko sets a coverage level on every signature it read
            missing("coverage level of signature", label)
        return Check(label, False, "pdf_not_entire_file", "",
                     f"the signature covers {status.coverage.name}, not the entire file (content appended after signing)")
    if not status.trusted:
        return Check(label, False, "pdf_untrusted", "", "the signer's certificate does not chain to the trusted root")
    if expected_signer is not None and status.signing_cert.dump() != expected_signer:
        return Check(label, False, "pdf_signer_differs", "", "signed by a different certificate than the package")
    if policy is not None and policy not in _policies(status.signing_cert):
        return Check(label, False, "pdf_signer_role", "", "the signer's certificate is not issued for this kind of document")
    if not status.bottom_line:
        return Check(label, False, "pdf_signature_invalid", "", status.summary())
    return Check(label, True, "ok", "", f"signed {status.signer_reported_dt or ''}".strip())


def dss_contents(pdf: bytes) -> tuple[list[bytes], list[bytes]]:
    """The certificates and CRLs (DER) in the PDF's document security store; empty lists when it has none."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        dss = reader.root.get("/DSS")
        if dss is None:
            return [], []
        dss = dss.get_object()
        certs = [ref.get_object().data for ref in dss.get("/Certs", [])]
        crls = [ref.get_object().data for ref in dss.get("/CRLs", [])]
    except Exception:  # a damaged DSS is treated as none; the signature check reports damage
        return [], []
    return certs, crls


def level(pdf: bytes) -> str:
    """The report's PAdES level as written: "B-LT" when it carries its chain and a CRL, else "B-B"."""
    certs, crls = dss_contents(pdf)
    return "B-LT" if certs and crls else "B-B"


def timestamp_pdf(pdf: bytes, stamper: object, *, crl: bytes | None = None,
                  extra_certs: tuple[x509.Certificate, ...] = ()) -> bytes:
    """The PDF with a document timestamp appended (B-LTA when the PDF was B-LT).

    The time-stamping certificate's chain, ``extra_certs`` and ``crl`` go into the DSS first, in their own revision,
    so the new timestamp covers the validation data of everything before it (ETSI EN 319 142-1, 5.5).
    """
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    if not isinstance(stamper, DummyTimeStamper):  # tsa.LocalTimeStamper (tsa.py imports this module)
        raise TypeError("a local time-stamper is needed")
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    tsa_certs = [stamper.tsa_cert, *stamper.certs_to_embed]
    DocumentSecurityStore.supply_dss_in_writer(
        writer, None, certs=tsa_certs + [to_asn1(c) for c in extra_certs],
        crls=[asn1_crl.CertificateList.load(crl)] if crl else None)
    buf = BytesIO()
    writer.write(buf)
    fields_before = len(PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures)
    out = PdfTimeStamper(stamper, field_name=f"votedesk-archive-{fields_before}").timestamp_pdf(
        IncrementalPdfFileWriter(buf, strict=False), "sha256")
    return bytes(out.getvalue())


def check_timestamps(pdf: bytes, roots: list[asn1_x509.Certificate], moment: dt.datetime | None = None) -> list[dt.datetime]:
    """The times of the PDF's document timestamps, each valid at the time of the next (the last at ``moment``).

    Raises ValueError naming the first that does not hold.
    """
    sigs = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    stamps = [s for s in sigs if s.sig_object.get("/Type") == "/DocTimeStamp"]
    times: list[dt.datetime] = []
    for i, sig in reversed(list(enumerate(stamps))):  # the newest first: it vouches for the ones before it
        status = validate_pdf_timestamp(sig, validation_context=validation_context(roots, moment))
        if not (status.intact and status.valid and status.trusted):
            raise ValueError(f"document timestamp {i + 1} does not hold")
        times.insert(0, status.timestamp)
        moment = status.timestamp
    return times
