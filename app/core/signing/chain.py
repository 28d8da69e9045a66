"""The trusted root and the signer check: a branch certificate issued by this root, valid for signing."""
from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko_certvalidator import CertificateValidator, ValidationContext

from app.core.errors import UserFacingError
from app.core.signing import keys
from app.core.signing.crl import RevocationList
from app.core.signing.report import Check

NAME = "signer_certificate"


@dataclass(frozen=True)
class TrustRoot:
    """A parsed root certificate, loaded once and reused for many packages."""

    cert: x509.Certificate
    asn1: asn1_x509.Certificate

    @property
    def organization(self) -> str:
        """The higher-level organization that owns the root."""
        return keys.subject_org(self.cert)

    @property
    def fingerprint(self) -> str:
        """The root's printed fingerprint."""
        return keys.fingerprint(self.cert)


def load_trust_root(pem: bytes | TrustRoot) -> TrustRoot:
    """Parse a root certificate PEM (or pass a TrustRoot through); it must be a CA certificate."""
    if isinstance(pem, TrustRoot):
        return pem
    cert = keys.load_cert(pem)
    try:
        ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca and keys.is_self_signed(cert)
    except (x509.ExtensionNotFound, ValueError):  # ValueError: cryptography parses extensions lazily
        ca = False
    if not ca:
        raise UserFacingError("bad_trust_root", "the trusted root file does not hold a self-signed CA certificate")
    return TrustRoot(cert, asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))


def own_trust(identity: keys.Identity) -> TrustRoot:
    """What a branch checks its own package against: the root above its certificate, or (self-signed) the certificate."""
    cert = identity.chain[-1] if identity.chain else identity.cert
    return TrustRoot(cert, asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))


def _fail(reason: str, detail: str) -> Check:
    return Check(NAME, False, reason, "", detail)


def _signing_usage(cert: x509.Certificate) -> bool:
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False
    return not ca and (ku.digital_signature or ku.content_commitment)


def _in_validity(cert: x509.Certificate, at: dt.datetime) -> str | None:
    if at < cert.not_valid_before_utc:
        return f"not valid before {cert.not_valid_before_utc:%Y-%m-%d}"
    if at > cert.not_valid_after_utc:
        return f"expired on {cert.not_valid_after_utc:%Y-%m-%d}"
    return None


def check_signer(cert: x509.Certificate, trust: TrustRoot, *, at: dt.datetime | None = None,
                 crl: RevocationList | None = None) -> Check:
    """Whether ``cert`` is a signing certificate issued by the trusted root (not the root, not self-signed).

    ``at`` is the time the signature is known to have existed (the higher level's timestamp, else now): the
    certificate must be valid then and, by ``crl``, not revoked on or before it.
    """
    at = at or dt.datetime.now(dt.timezone.utc)
    who = f"{keys.subject_org(cert) or '?'} ({keys.short_fingerprint(cert)})"
    if cert == trust.cert and keys.is_self_signed(cert) and keys.has_policy(cert, keys.BRANCH_POLICY) and _signing_usage(cert):
        # Only own_trust() trusts a branch certificate (load_trust_root refuses one): the branch checking its own package.
        return Check(NAME, True, "ok", "", f"{who}, self-signed: the higher level compares the fingerprint")
    if cert == trust.cert or keys.public_key_id(cert) == keys.public_key_id(trust.cert):
        return _fail("signer_is_root", "signed with the root itself, not with a branch certificate")
    if keys.is_self_signed(cert):
        return _fail("self_signed", f"{who} signed with a self-signed certificate; compare its fingerprint with the paper report")
    if not keys.issued_by(cert, trust.cert):
        return _fail("not_issued_by_root", f"{who} has a certificate not issued by {trust.organization}")
    problem = _in_validity(cert, at)
    if problem:
        return _fail("cert_expired", f"{who}: certificate {problem}")
    if not _signing_usage(cert):
        return _fail("cert_not_for_signing", f"{who}: the certificate is not a signing certificate")
    if not keys.has_policy(cert, keys.BRANCH_POLICY):
        return _fail("not_a_branch_certificate", f"{who}: the certificate was not issued to a branch")
    revoked = crl.revocation(cert) if crl is not None else None
    if revoked is not None and revoked.since <= at:
        return Check(NAME, False, "cert_revoked", "", f"{who}: certificate revoked on {revoked.since:%Y-%m-%d} "
                     f"({revoked.reason}), before the attested signing time {at:%Y-%m-%d %H:%M} UTC",
                     {"date": f"{revoked.since:%Y-%m-%d}"})
    return _full_path(cert, trust, at, who)


def _full_path(cert: x509.Certificate, trust: TrustRoot, at: dt.datetime, who: str) -> Check:
    # The checks above give precise reasons; RFC 5280 path validation is the authority behind them.
    ee = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    ctx = ValidationContext(trust_roots=[trust.asn1], allow_fetching=False, moment=at)
    validator = CertificateValidator(ee, validation_context=ctx)
    try:
        asyncio.run(validator.async_validate_usage(set(), extended_optional=True))
    except Exception as exc:  # certvalidator raises a family of errors
        return _fail("chain_invalid", f"{who}: {exc}")
    return Check(NAME, True, "ok", "", f"{who}, issued by {trust.organization}")
