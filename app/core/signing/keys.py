"""Signing identities: the higher level's root CA, branch keys, requests and certificates, PKCS#12."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.core.errors import UserFacingError

# Certificates are backdated so that a laptop whose clock runs a little behind the issuer's
# still accepts a freshly issued certificate.
BACKDATE = dt.timedelta(days=1)
ROOT_DAYS = 3650
BRANCH_DAYS = 730
MIN_PASSPHRASE = 8
# Certificate policies telling a branch's certificate from the higher level's own signing one, so a
# branch cannot sign an approval reply and the higher level's key cannot pass for a branch.
# 2.25.<UUID> OIDs need no registration (ITU-T X.667).
BRANCH_POLICY = "2.25.252296505457629541611937023959061282774"
OFFICE_POLICY = "2.25.281257306606397125421061940059835473419"
# Explicit PBES2/AES-256 so the key file opens in OpenSSL 3 and pyHanko alike (no legacy RC2/3DES).
PKCS12_ROUNDS = 200_000
TSA_DAYS = 1095
# Where a certificate says its issuer's revocation list lives: there is no network, so the "address" names the
# root's list, which travels by USB with approval replies (crl.py).
CRL_URI_PREFIX = "votedesk:crl/"
EXPIRY_NOTICE_DAYS = 60


@dataclass(frozen=True)
class Identity:
    """A private key with its certificate and the issuers above it (root last; empty if self-signed)."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def organization(self) -> str:
        """The organization name in the certificate subject."""
        return subject_org(self.cert)

    @property
    def self_signed(self) -> bool:
        """Whether the certificate is its own issuer (no root vouches for it)."""
        return is_self_signed(self.cert)


def new_key() -> ec.EllipticCurvePrivateKey:
    """A fresh ECDSA P-256 key (poppler/NSS and OpenSSL reject Ed25519 in PDF signatures)."""
    return ec.generate_private_key(ec.SECP256R1())


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)


def _name(org: str, common: str | None = None) -> x509.Name:
    org = org.strip()
    if not org:
        raise UserFacingError("key_organization_missing", "the organization name is empty")
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, (common or org).strip()),
    ])


def subject_org(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    """The O= of a certificate or request ("" when absent)."""
    attrs = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(attrs[0].value) if attrs else ""


def _builder(subject: x509.Name, issuer: x509.Name, public_key: CertificatePublicKeyTypes, now: dt.datetime | None,
             days: int, issuer_cert: x509.Certificate | None = None) -> x509.CertificateBuilder:
    start = _now(now) - BACKDATE
    end = start + dt.timedelta(days=days)
    if issuer_cert is not None:  # never outlive the root: validators refuse what its issuer no longer vouches for
        end = min(end, issuer_cert.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    flags = dict.fromkeys(
        ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
         "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"), False)
    flags.update({"digital_signature": True, "content_commitment": True} if signing
                 else {"key_cert_sign": True, "crl_sign": True})
    return x509.KeyUsage(**flags)


def _policy(oid: str) -> x509.CertificatePolicies:
    return x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(oid), None)])


def has_policy(cert: x509.Certificate, oid: str) -> bool:
    """Whether a certificate carries the given votedesk policy (BRANCH_POLICY or OFFICE_POLICY)."""
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except (x509.ExtensionNotFound, ValueError):
        return False
    return any(p.policy_identifier.dotted_string == oid for p in policies)


def create_root(org: str, *, now: dt.datetime | None = None, days: int = ROOT_DAYS,
                key: ec.EllipticCurvePrivateKey | None = None) -> Identity:
    """The higher-level organization's root CA: CA:true, pathlen 0, keyCertSign|cRLSign."""
    key = key or new_key()
    name = _name(org, f"{org.strip()} 根证书")
    cert = (
        _builder(name, name, key.public_key(), now, days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Identity(key, cert)


def self_signed_branch(org: str, *, now: dt.datetime | None = None, days: int = BRANCH_DAYS,
                       key: ec.EllipticCurvePrivateKey | None = None) -> Identity:
    """A branch identity nobody has vouched for yet: signs, but verifiers flag it (compare fingerprints)."""
    key = key or new_key()
    name = _name(org)
    cert = (
        _builder(name, name, key.public_key(), now, days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(_policy(BRANCH_POLICY), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Identity(key, cert)


def branch_request(key: ec.EllipticCurvePrivateKey, org: str) -> bytes:
    """A certificate request (PEM) for the branch's key, to carry to the higher level."""
    csr = x509.CertificateSigningRequestBuilder().subject_name(_name(org)).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM)


def load_request(pem: bytes) -> x509.CertificateSigningRequest:
    """Parse and check a branch's certificate request (its own signature, P-256, an organization)."""
    try:
        csr = x509.load_pem_x509_csr(pem)
        pub, valid = csr.public_key(), csr.is_signature_valid
    except ValueError:  # cryptography parses lazily: a damaged key surfaces here too
        raise UserFacingError("bad_request_file", "not a valid certificate request file (PEM)") from None
    if not valid:
        raise UserFacingError("bad_request_file", "the certificate request's signature does not verify")
    if not (isinstance(pub, ec.EllipticCurvePublicKey) and isinstance(pub.curve, ec.SECP256R1)):
        raise UserFacingError("bad_request_file", "the certificate request is not for an ECDSA P-256 key")
    if not subject_org(csr):
        raise UserFacingError("bad_request_file", "the certificate request names no organization")
    return csr


def issue_branch_cert(root: Identity, request_pem: bytes, *, now: dt.datetime | None = None,
                      days: int = BRANCH_DAYS) -> x509.Certificate:
    """The branch certificate for a request: digitalSignature+contentCommitment, SKI/AKI, O= branch."""
    csr = load_request(request_pem)
    return (
        _builder(_name(subject_org(csr)), root.cert.subject, csr.public_key(), now, days, root.cert)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(_aki(root.cert), critical=False)
        .add_extension(_policy(BRANCH_POLICY), critical=False)
        .add_extension(crl_distribution_point(root.cert), critical=False)
        .sign(root.key, hashes.SHA256())
    )


def crl_uri(root: x509.Certificate) -> str:
    """The offline name of the root's revocation list, e.g. votedesk:crl/3f2a…(16 hex digits of the root key)."""
    return CRL_URI_PREFIX + public_key_id(root)[:16]


def crl_distribution_point(root: x509.Certificate) -> x509.CRLDistributionPoints:
    """The distribution-point extension naming the root's list (validators match lists by issuer, not by fetching)."""
    uri = x509.UniformResourceIdentifier(crl_uri(root))
    return x509.CRLDistributionPoints([x509.DistributionPoint([uri], None, None, None)])


def issue_tsa_identity(root: Identity, *, now: dt.datetime | None = None, days: int = TSA_DAYS) -> Identity:
    """The higher level's offline time-stamping identity: certified by the root, extended key usage timeStamping only.

    RFC 3161 requires that EKU to be critical and alone; the certificate lives shorter than the root, and
    re-timestamping with a fresh one before it expires keeps archived packages verifiable.
    """
    key = new_key()
    org = subject_org(root.cert)
    cert = (
        _builder(_name(org, f"{org} 时间戳"), root.cert.subject, key.public_key(), now, days, root.cert)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(_aki(root.cert), critical=False)
        .add_extension(crl_distribution_point(root.cert), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return Identity(key, cert, (root.cert,))


def is_tsa_cert(cert: x509.Certificate) -> bool:
    """Whether a certificate is for time-stamping only (critical EKU timeStamping)."""
    try:
        ext = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except (x509.ExtensionNotFound, ValueError):
        return False
    return ext.critical and list(ext.value) == [x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]


def days_left(cert: x509.Certificate, now: dt.datetime | None = None) -> int:
    """Whole days until the certificate expires (negative once expired)."""
    return (cert.not_valid_after_utc - _now(now)).days


def expires_soon(cert: x509.Certificate, now: dt.datetime | None = None, within: int = EXPIRY_NOTICE_DAYS) -> bool:
    """Whether the certificate expires within ``within`` days (or already has): time to renew."""
    return days_left(cert, now) < within


def issue_office_identity(root: Identity, *, now: dt.datetime | None = None, days: int = ROOT_DAYS // 2) -> Identity:
    """A signing identity of the higher level itself, issued by its root (the root key only certifies).

    Used for documents the higher level signs, such as approval replies; the branch verifies them
    against the same root.
    """
    key = new_key()
    org = subject_org(root.cert)
    cert = (
        _builder(_name(org, f"{org} 批复签章"), root.cert.subject, key.public_key(), now, days, root.cert)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(_aki(root.cert), critical=False)
        .add_extension(_policy(OFFICE_POLICY), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return Identity(key, cert, (root.cert,))


def _aki(issuer: x509.Certificate) -> x509.AuthorityKeyIdentifier:
    ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key signed ``cert`` (names and signature)."""
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def is_self_signed(cert: x509.Certificate) -> bool:
    """Whether a certificate vouches for itself."""
    return issued_by(cert, cert)


def accept_issued_cert(key: ec.EllipticCurvePrivateKey, cert_pem: bytes, root_pem: bytes) -> Identity:
    """Combine the branch's key with the certificate the higher level issued, checking both fit."""
    cert, root = load_cert(cert_pem), load_cert(root_pem)
    if cert.public_key() != key.public_key():
        raise UserFacingError("cert_key_mismatch", "this certificate was issued for a different key")
    if not issued_by(cert, root):
        raise UserFacingError("cert_not_from_root", "this certificate was not issued by the given root certificate")
    return Identity(key, cert, (root,))


def cert_pem(*certs: x509.Certificate) -> bytes:
    """PEM text of one or more certificates, in the order given."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def load_certs(pem: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM text; UserFacingError when there is none."""
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError:
        certs = []
    if not certs:
        raise UserFacingError("bad_certificate_file", "not a certificate file (PEM)")
    return certs


def load_cert(pem: bytes) -> x509.Certificate:
    """The first certificate in a PEM text."""
    return load_certs(pem)[0]


def format_fingerprint(hex_digest: str, *, per_line: int = 8) -> str:
    """THE fingerprint format, on screen, on paper and in the CLI: upper-case hex in groups of 4, 8 groups a line.

    E.g. "A914 722E C8FB 9EBA 432B 20D2 A302 8EFE" then the second half; a digest already formatted is accepted.
    """
    digits = "".join(hex_digest.split()).replace(":", "").upper()
    groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    return "\n".join(" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line))


def fingerprint(cert: x509.Certificate, *, per_line: int = 8) -> str:
    """SHA-256 of the certificate in the one fingerprint format, for reading aloud and comparing on paper."""
    return format_fingerprint(cert.fingerprint(hashes.SHA256()).hex(), per_line=per_line)


def key_fingerprint(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    """SHA-256 of the public key in the same format: the same in the request and in every certificate for that key."""
    return format_fingerprint(public_key_id(cert))


def short_fingerprint(cert: x509.Certificate) -> str:
    """The first 8 groups of the fingerprint: enough to spot a substituted certificate by eye."""
    return fingerprint(cert).splitlines()[0]


def check_key_file(data: bytes) -> None:
    """Whether ``data`` is a key file at all (PKCS#12), before any passphrase is asked: UserFacingError if not."""
    try:
        asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - parse fully to tell "not a key file" apart
    except Exception:  # asn1crypto raises assorted errors on garbage
        raise UserFacingError("not_a_key_file", "this is not a key file (PKCS#12)") from None


def _encryption(passphrase: str) -> serialization.KeySerializationEncryption:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserFacingError("passphrase_too_short", f"the passphrase needs at least {MIN_PASSPHRASE} characters",
                              minimum=MIN_PASSPHRASE)
    return (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(PKCS12_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )


def export_pkcs12(identity: Identity, passphrase: str) -> bytes:
    """The identity as a passphrase-protected PKCS#12 file (key, certificate, issuers).

    The integrity MAC is re-made with PKCS12_ROUNDS iterations: cryptography fixes it at 2048, which would
    let a stolen file's passphrase be guessed through the MAC a hundred times faster than through the key bag.
    """
    name = identity.organization.encode("utf-8") or None
    data = pkcs12.serialize_key_and_certificates(
        name, identity.key, identity.cert, list(identity.chain) or None, _encryption(passphrase))
    return _strong_mac(data, passphrase)


def _mac_key(passphrase: str, salt: bytes, rounds: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-256, ID 3 (MAC key), 32 bytes: one block, so no I-update is needed."""
    v = 64
    password = passphrase.encode("utf-16-be") + b"\0\0"  # BMPString with its terminator

    def fill(b: bytes) -> bytes:
        return (b * (v * -(-len(b) // v) // len(b) + 1))[:v * -(-len(b) // v)] if b else b""

    a = bytes([3]) * v + fill(salt) + fill(password)
    for _ in range(rounds):
        a = hashlib.sha256(a).digest()
    return a


def _strong_mac(data: bytes, passphrase: str) -> bytes:
    import hmac
    import os

    pfx = asn1_pkcs12.Pfx.load(data)
    salt = os.urandom(16)
    content = bytes(pfx["auth_safe"]["content"].contents)
    digest = hmac.new(_mac_key(passphrase, salt, PKCS12_ROUNDS), content, hashlib.sha256).digest()
    pfx["mac_data"] = {"mac": {"digest_algorithm": {"algorithm": "sha256"}, "digest": digest},
                       "mac_salt": salt, "iterations": PKCS12_ROUNDS}
    return pfx.dump(force=True)


def import_pkcs12(data: bytes, passphrase: str) -> Identity:
    """Open a PKCS#12 key file; a wrong passphrase or a foreign file gives a clear UserFacingError."""
    check_key_file(data)
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError:
        raise UserFacingError("wrong_passphrase", "wrong passphrase for this key file") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or cert is None:
        raise UserFacingError("not_a_key_file", "the key file holds no ECDSA key with its certificate")
    return Identity(key, cert, tuple(extra))


def public_key_id(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    """SHA-256 of the public key (hex): identifies a branch across its request and certificates."""
    der = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()
