"""Root CA, branch requests and certificates, self-signed fallback, PKCS#12, fingerprints."""
from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.core.errors import UserFacingError
from app.core.signing import keys


def ext(cert, cls):
    return cert.extensions.get_extension_for_class(cls)


def test_root_is_a_p256_ca_with_pathlen_0(root):
    bc = ext(root.cert, x509.BasicConstraints)
    ku = ext(root.cert, x509.KeyUsage).value
    assert bc.critical and bc.value.ca and bc.value.path_length == 0
    assert ku.key_cert_sign and ku.crl_sign and not ku.digital_signature
    assert isinstance(root.key.curve, ec.SECP256R1)
    assert root.self_signed


def test_branch_cert_from_request(root, branch):
    cert = branch.cert
    ku = ext(cert, x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment and not ku.key_cert_sign
    assert not ext(cert, x509.BasicConstraints).value.ca
    aki = ext(cert, x509.AuthorityKeyIdentifier).value.key_identifier
    assert aki == ext(root.cert, x509.SubjectKeyIdentifier).value.digest
    assert ext(cert, x509.SubjectKeyIdentifier).value.digest
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == branch.organization
    assert keys.issued_by(cert, root.cert) and not branch.self_signed


def test_accept_issued_cert_checks_key_and_root(root, branch):
    other_root = keys.create_root("另一个上级党委")
    pem = keys.cert_pem(branch.cert)
    assert keys.accept_issued_cert(branch.key, pem, keys.cert_pem(root.cert)).chain == (root.cert,)
    with pytest.raises(UserFacingError) as err:
        keys.accept_issued_cert(keys.new_key(), pem, keys.cert_pem(root.cert))
    assert err.value.code == "cert_key_mismatch"
    with pytest.raises(UserFacingError) as err:
        keys.accept_issued_cert(branch.key, pem, keys.cert_pem(other_root.cert))
    assert err.value.code == "cert_not_from_root"


def test_bad_requests_are_refused(root):
    with pytest.raises(UserFacingError) as err:
        keys.issue_branch_cert(root, b"not a request")
    assert err.value.code == "bad_request_file"
    pem = bytearray(keys.branch_request(keys.new_key(), "某支部"))
    pem[200] = ord("A") if pem[200] != ord("A") else ord("B")  # inside the base64 body
    with pytest.raises(UserFacingError):
        keys.issue_branch_cert(root, bytes(pem))


def test_self_signed_branch_can_sign_but_is_self_signed():
    ident = keys.self_signed_branch("第三支部委员会")
    assert ident.self_signed and ident.chain == ()
    assert ext(ident.cert, x509.KeyUsage).value.digital_signature


def test_pkcs12_round_trip_and_errors(branch):
    data = keys.export_pkcs12(branch, "correct horse")
    back = keys.import_pkcs12(data, "correct horse")
    assert back.cert == branch.cert and back.chain == branch.chain
    assert back.key.private_numbers() == branch.key.private_numbers()
    with pytest.raises(UserFacingError) as err:
        keys.import_pkcs12(data, "wrong horse")
    assert err.value.code == "wrong_passphrase" and "wrong passphrase" in str(err.value)
    with pytest.raises(UserFacingError) as err:
        keys.import_pkcs12(b"\x30\x03garbage", "correct horse")
    assert err.value.code == "not_a_key_file"
    with pytest.raises(UserFacingError) as err:
        keys.export_pkcs12(branch, "short")
    assert err.value.code == "passphrase_too_short"


def test_pkcs12_is_not_plaintext(branch):
    from cryptography.hazmat.primitives import serialization

    raw = branch.key.private_numbers().private_value.to_bytes(32, "big")
    data = keys.export_pkcs12(branch, "correct horse")
    assert raw not in data
    assert branch.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()) not in data


def test_fingerprint_groups(branch):
    fp = keys.fingerprint(branch.cert)
    lines = fp.splitlines()
    assert len(lines) == 2 and all(len(line.split()) == 8 for line in lines)
    assert "".join(fp.split()).lower() == branch.cert.fingerprint(__import__("cryptography").hazmat.primitives.hashes.SHA256()).hex()
    assert keys.short_fingerprint(branch.cert) == lines[0]


def test_load_certs_rejects_garbage():
    with pytest.raises(UserFacingError):
        keys.load_cert(b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")


def test_one_fingerprint_format_everywhere(root):
    """Upper-case hex in groups of 4, 8 groups a line: the same from a certificate, a stored digest or colon pairs."""
    fp = keys.fingerprint(root.cert)
    lines = fp.splitlines()
    assert len(lines) == 2 and all(len(line.split()) == 8 for line in lines)
    assert all(len(g) == 4 and g == g.upper() for g in fp.split())
    digest = root.cert.fingerprint(keys.hashes.SHA256()).hex()
    assert keys.format_fingerprint(digest) == keys.format_fingerprint(":".join(digest[i:i + 2] for i in range(0, 64, 2))) == fp
    assert keys.short_fingerprint(root.cert) == lines[0]


def test_key_fingerprint_is_the_same_in_the_request_and_the_issued_certificate(root):
    branch = keys.self_signed_branch("中共测试第一支部委员会")
    request = keys.load_request(keys.branch_request(branch.key, branch.organization))
    issued = keys.issue_branch_cert(root, keys.branch_request(branch.key, branch.organization))
    assert keys.key_fingerprint(request) == keys.key_fingerprint(branch.cert) == keys.key_fingerprint(issued)
    assert keys.key_fingerprint(issued) != keys.fingerprint(issued)  # the key's, not the certificate's
    assert len(keys.key_fingerprint(issued).split()) == 16


def test_a_garbled_key_file_is_refused_before_any_passphrase():
    with pytest.raises(UserFacingError) as err:
        keys.check_key_file(b"\x30\x82\x01 garbled")
    assert err.value.code == "not_a_key_file"
