"""Detached CMS (DER) signatures over a file: written by hand in DER, checked by exact reconstruction."""
from __future__ import annotations

import datetime as dt
import hashlib
import warnings

from asn1crypto import cms as asn1_cms
from asn1crypto import core
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.core.signing.keys import Identity

# Only exactly what sign_detached writes is accepted: the verifier rebuilds the structure from the
# certificate, time and signature value it finds and demands the same bytes, so no unsigned byte
# (framing, algorithm ids, extra certificates or attributes) can vary. The encoder is hand-written
# DER because building the structure with asn1crypto costs milliseconds per package.


def _oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


_SIGNED_DATA, _DATA = _oid("1.2.840.113549.1.7.2"), _oid("1.2.840.113549.1.7.1")
_SHA256, _ECDSA_SHA256 = _oid("2.16.840.1.101.3.4.2.1"), _oid("1.2.840.10045.4.3.2")
_CONTENT_TYPE, _MESSAGE_DIGEST = _oid("1.2.840.113549.1.9.3"), _oid("1.2.840.113549.1.9.4")
_SIGNING_TIME, _SIGNING_CERT_V2 = _oid("1.2.840.113549.1.9.5"), _oid("1.2.840.113549.1.9.16.2.47")


def _tlv(tag: int, body: bytes) -> bytes:
    n = len(body)
    size = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + size + body


def _seq(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _set(*parts: bytes) -> bytes:
    return _tlv(0x31, b"".join(sorted(parts)))  # DER: SET OF members in ascending encoded order


def _int(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _utc_time(when: dt.datetime) -> bytes:
    when = when.astimezone(dt.timezone.utc)
    if not 1950 <= when.year < 2050:
        raise ValueError("signing time outside UTCTime range")
    return _tlv(0x17, when.strftime("%y%m%d%H%M%SZ").encode("ascii"))


class CmsError(Exception):
    """A detached signature that does not hold; ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _signed_attrs(data: bytes, cert_der: bytes, when: dt.datetime) -> bytes:
    """The signed attributes as a DER SET (what the signature covers)."""
    ess = _seq(_seq(_seq(_tlv(0x04, hashlib.sha256(cert_der).digest()))))  # ESSCertIDv2, hash alg default sha256
    return _set(
        _seq(_CONTENT_TYPE, _set(_DATA)),
        _seq(_SIGNING_TIME, _set(_utc_time(when))),
        _seq(_MESSAGE_DIGEST, _set(_tlv(0x04, hashlib.sha256(data).digest()))),
        _seq(_SIGNING_CERT_V2, _set(ess)),
    )


def _assemble(cert: x509.Certificate, cert_der: bytes, attrs: bytes, signature: bytes) -> bytes:
    signer = _seq(
        _int(1),
        _seq(cert.issuer.public_bytes(), _int(cert.serial_number)),
        _seq(_SHA256),
        b"\xa0" + attrs[1:],  # [0] IMPLICIT in place of the SET tag
        _seq(_ECDSA_SHA256),
        _tlv(0x04, signature),
    )
    signed = _seq(_int(1), _set(_seq(_SHA256)), _seq(_DATA), _tlv(0xA0, cert_der), _set(signer))
    return _seq(_SIGNED_DATA, _tlv(0xA0, signed))


def sign_detached(data: bytes, identity: Identity, when: dt.datetime) -> bytes:
    """A detached CMS SignedData (DER) over ``data``: ECDSA P-256/SHA-256 (RFC 6979), signer cert only."""
    cert_der = identity.cert.public_bytes(serialization.Encoding.DER)
    attrs = _signed_attrs(data, cert_der, when.replace(microsecond=0))
    signature = identity.key.sign(attrs, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    return _assemble(identity.cert, cert_der, attrs, signature)


def _extract(sig: bytes) -> tuple[bytes, dt.datetime, bytes]:
    """The certificate (DER), signing time and signature value found in a signature file."""
    signed = asn1_cms.ContentInfo.load(sig, strict=True)["content"]
    cert_der = signed["certificates"][0].chosen.dump()
    si = signed["signer_infos"][0]
    times = [a["values"][0].native for a in si["signed_attrs"] if a["type"].native == "signing_time"]
    return cert_der, times[0], si["signature"].native


def _load(sig: bytes, data: bytes) -> tuple[x509.Certificate, dt.datetime, bytes, bytes]:
    try:
        cert_der, when, signature = _extract(sig)
        with warnings.catch_warnings():  # a damaged serial number warns before it fails to match
            warnings.simplefilter("ignore")
            cert = x509.load_der_x509_certificate(cert_der)
            attrs = _signed_attrs(data, cert_der, when)
            rebuilt = _assemble(cert, cert_der, attrs, signature)
    except Exception as exc:  # asn1crypto and cryptography raise many kinds on damaged input
        raise CmsError("signature_malformed", f"the manifest signature is not a valid CMS structure ({type(exc).__name__})") from None
    if rebuilt != sig:
        # Same certificate, time and signature but other bytes: altered framing, or a digest of another manifest.
        if hashlib.sha256(data).digest() not in sig:
            raise CmsError("manifest_digest_mismatch", "the manifest was changed after it was signed")
        raise CmsError("signature_malformed", "the manifest signature has been altered")
    return cert, when, attrs, signature


def verify_detached(sig: bytes, data: bytes) -> tuple[x509.Certificate, dt.datetime]:
    """Check a signature made by :func:`sign_detached`; returns the signer certificate and signing time."""
    cert, when, attrs, signature = _load(sig, data)
    try:
        pub = cert.public_key()
        if not isinstance(pub, ec.EllipticCurvePublicKey):
            raise TypeError("not an ECDSA key")
        pub.verify(signature, attrs, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, TypeError, ValueError):
        raise CmsError("signature_invalid", "the manifest signature does not verify with the enclosed certificate") from None
    return cert, when
