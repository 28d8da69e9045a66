"""The higher level's offline time-stamping authority: RFC 3161 tokens signed with a root-certified local key."""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core, keys as asn1_keys, tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.core.errors import UserFacingError
from app.core.signing import keys
from app.core.signing.keys import Identity
from app.core.signing.pdfsign import to_asn1

# The TSA policy of votedesk archive timestamps (a 2.25.<UUID> OID needs no registration, ITU-T X.667).
TSA_POLICY = "2.25.167208094301537498213170395627346781249"
# The higher level appends its archive entries to a package under this folder, after the branch's signed files.
ARCHIVE_DIR = "archive/"


def token_name(n: int) -> str:
    """The name of the n-th archive timestamp (1-based) in a package."""
    return f"{ARCHIVE_DIR}timestamp-{n}.tsr"


class LocalTimeStamper(DummyTimeStamper):
    """A TSA in this process: the time comes from the higher level's clock, the signature from its TSA key.

    pyHanko's DummyTimeStamper builds a correct RFC 3161 token but signs with RSA only and names a test
    policy; this subclass signs with the ECDSA P-256 key of the TSA certificate and names votedesk's policy.
    """

    def __init__(self, tsa: Identity, when: dt.datetime) -> None:
        der = tsa.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        super().__init__(tsa_cert=to_asn1(tsa.cert), tsa_key=asn1_keys.PrivateKeyInfo.load(der),
                         certs_to_embed=SimpleCertificateStore.from_certs([to_asn1(c) for c in tsa.chain]),
                         fixed_dt=when, include_nonce=False)
        self._key = tsa.key

    def _build_tst_info(self, message_imprint: tsp.MessageImprint, dt: dt.datetime, req: tsp.TimeStampReq) -> tsp.TSTInfo:
        info = super()._build_tst_info(message_imprint, dt, req)
        info["policy"] = tsp.ObjectIdentifier(TSA_POLICY)
        return info

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str, dt: dt.datetime) -> tuple[bytes, cms.CMSAttributes]:
        from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

        attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate_v2", as_signing_certificate_v2(self.tsa_cert)),
            simple_cms_attribute("message_digest", hashlib.sha256(tst_info_data).digest()),
        ])
        return self._key.sign(attrs.dump(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True)), attrs

    def _build_signed_data(self, tst_info_data: bytes, md_algorithm: str, signature: bytes,
                           signed_attrs: cms.CMSAttributes) -> dict:
        data = super()._build_signed_data(tst_info_data, "sha256", signature, signed_attrs)
        data["signer_infos"][0]["signature_algorithm"] = algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"})
        return data


def stamper(tsa: Identity, when: dt.datetime | None = None) -> LocalTimeStamper:
    """The time-stamper for a TSA identity; UserFacingError when the key is not a TSA's or has expired."""
    when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    if not keys.is_tsa_cert(tsa.cert):
        raise UserFacingError("not_a_tsa_key", "this key file is not the higher level's time-stamping key")
    if not tsa.cert.not_valid_before_utc <= when <= tsa.cert.not_valid_after_utc:
        raise UserFacingError("tsa_key_expired", "the time-stamping key has expired; issue a new one with the root key")
    return LocalTimeStamper(tsa, when)


def stamp(data: bytes, tsa: Identity, when: dt.datetime | None = None) -> bytes:
    """An RFC 3161 TimeStampToken (DER ContentInfo) over the SHA-256 of ``data``."""
    token = asyncio.run(stamper(tsa, when).async_timestamp(hashlib.sha256(data).digest(), "sha256"))
    return bytes(token.dump())


@dataclass(frozen=True)
class Stamp:
    """A token that verified: the attested time and the TSA certificate that signed it."""

    time: dt.datetime
    cert: x509.Certificate


class TokenError(Exception):
    """A token that does not hold; ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def verify_token(token: bytes, data: bytes, root: x509.Certificate, at: dt.datetime | None = None) -> Stamp:
    """Check ``token`` stamps ``data`` and is signed by a TSA certificate of this root valid at ``at`` (default now)."""
    try:
        signed = cms.ContentInfo.load(token)["content"]
        signed.native  # noqa: B018 - parse fully, so damage surfaces here
    except Exception:  # asn1crypto raises assorted errors on garbage
        raise TokenError("timestamp_unreadable", "the timestamp cannot be read") from None
    ctx = ValidationContext(trust_roots=[to_asn1(root)], allow_fetching=False, moment=at)
    digest = hashlib.sha256(data).digest()
    try:
        status = asyncio.run(validate_tst_signed_data(signed, ctx, lambda alg: digest if alg == "sha256" else b""))
    except Exception as exc:  # pyHanko raises a family of validation errors
        raise TokenError("timestamp_invalid", f"{type(exc).__name__}: {exc}") from None
    cert = x509.load_der_x509_certificate(status["signing_cert"].dump())
    if not (status.get("intact") and status.get("valid")):
        raise TokenError("timestamp_invalid", "the timestamp does not match the document or its signature is wrong")
    if status.get("trust_problem_indic") is not None or not keys.is_tsa_cert(cert) or not keys.issued_by(cert, root):
        raise TokenError("timestamp_untrusted", "the timestamp was not made with the trusted root's time-stamping key")
    return Stamp(status["timestamp"].astimezone(dt.timezone.utc), cert)
