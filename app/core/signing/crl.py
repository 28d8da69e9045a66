"""The root's certificate revocation list (CRL): made by the higher level, carried by USB, checked offline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization

from app.core.errors import UserFacingError
from app.core.signing.keys import Identity

# A list is good for a year: a branch without USB contact for longer still signs, but its report says how old
# its list is. Validity is not what makes a revocation count; the revocation date is (see check_signer).
CRL_DAYS = 365
# The reasons the higher level can give (RFC 5280 §5.3.1), by the names used in the CLI and the workspace.
REASONS = {
    "key_compromise": x509.ReasonFlags.key_compromise,  # the key file or its passphrase was lost or stolen
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,  # a new secretary holds the branch's signing
    "superseded": x509.ReasonFlags.superseded,  # renewed with a new key
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,  # the branch was dissolved or merged
}
SUFFIX = ".crl"


@dataclass(frozen=True)
class Revoked:
    """One revoked certificate: its serial, since when it no longer signs, and why."""

    serial: int
    since: dt.datetime
    reason: str  # a key of REASONS


@dataclass(frozen=True)
class RevocationList:
    """A CRL that verified against the root: when it was made, its number, and what it revokes."""

    crl: x509.CertificateRevocationList
    der: bytes

    @property
    def issued(self) -> dt.datetime:
        """When the higher level made the list."""
        return self.crl.last_update_utc

    @property
    def next_update(self) -> dt.datetime | None:
        """When the higher level promised the next list."""
        return self.crl.next_update_utc

    @property
    def number(self) -> int:
        """The list's sequence number: a higher number is a later list."""
        try:
            return int(self.crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
        except x509.ExtensionNotFound:
            return 0

    def revocation(self, cert: x509.Certificate) -> Revoked | None:
        """The revocation of ``cert`` in this list, if any."""
        entry = self.crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is None:
            return None
        try:
            flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
            reason = next((k for k, v in REASONS.items() if v == flag), flag.name)
        except x509.ExtensionNotFound:
            reason = "unspecified"
        return Revoked(entry.serial_number, entry.revocation_date_utc, reason)


def make_crl(root: Identity, revoked: list[Revoked], *, number: int, now: dt.datetime | None = None,
             days: int = CRL_DAYS) -> bytes:
    """The root-signed CRL (DER) listing ``revoked``; ``number`` must grow with every list."""
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    ski = root.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.cert.subject)
        .last_update(now)
        .next_update(now + dt.timedelta(days=days))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
    )
    for r in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(r.serial).revocation_date(r.since)
            .add_extension(x509.CRLReason(REASONS[r.reason]), critical=False).build())
    return builder.sign(root.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def load_crl(data: bytes, root: x509.Certificate) -> RevocationList:
    """Parse a CRL (DER or PEM) and check that this root signed it; UserFacingError otherwise."""
    try:
        crl = x509.load_pem_x509_crl(data) if data.lstrip().startswith(b"-----") else x509.load_der_x509_crl(data)
        signed = crl.issuer == root.subject and crl.is_signature_valid(root.public_key())  # type: ignore[arg-type]
    except (ValueError, TypeError, InvalidSignature):
        raise UserFacingError("bad_crl_file", "not a revocation list file") from None
    if not signed:
        raise UserFacingError("crl_not_from_root", "this revocation list was not issued by the trusted root")
    return RevocationList(crl, crl.public_bytes(serialization.Encoding.DER))


def newest(lists: list[RevocationList]) -> RevocationList | None:
    """The latest of several lists (highest number, then latest issue)."""
    return max(lists, key=lambda r: (r.number, r.issued), default=None)
