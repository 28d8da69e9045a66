"""The detached manifest signature (also checked by OpenSSL) and the canonical ZIP container."""
from __future__ import annotations

import io
import random
import shutil
import subprocess
import zipfile

import pytest

from app.core.signing import cms, container, keys

from .conftest import WHEN

DATA = '{"format": "votedesk-package/1", "files": []}\n'.encode() * 20


def test_detached_signature_round_trip(branch):
    sig = cms.sign_detached(DATA, branch, WHEN)
    cert, when = cms.verify_detached(sig, DATA)
    assert cert == branch.cert and when == WHEN
    assert sig == cms.sign_detached(DATA, branch, WHEN)  # RFC 6979: reproducible


def test_openssl_verifies_the_detached_signature(root, branch, tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    (tmp_path / "m.sig").write_bytes(cms.sign_detached(DATA, branch, WHEN))
    (tmp_path / "m.json").write_bytes(DATA)
    (tmp_path / "root.pem").write_bytes(keys.cert_pem(root.cert))
    run = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "m.sig", "-content", "m.json",
                          "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and "Verification successful" in run.stderr, run.stderr


def test_every_byte_of_the_signature_matters(branch):
    sig = cms.sign_detached(DATA, branch, WHEN)
    rng = random.Random(3)
    for i in range(len(sig)):
        bad = bytearray(sig)
        bad[i] ^= 1 << rng.randrange(8)
        with pytest.raises(cms.CmsError):
            cms.verify_detached(bytes(bad), DATA)


def test_other_content_is_rejected(branch):
    sig = cms.sign_detached(DATA, branch, WHEN)
    with pytest.raises(cms.CmsError) as err:
        cms.verify_detached(sig, DATA + b" ")
    assert err.value.reason == "manifest_digest_mismatch"


def test_container_round_trip_and_zipfile_compatibility():
    entries = [("manifest.json", b"{}"), ("reports/选举结果报告.pdf", b"%PDF-1.7 x"), ("a.json", b"")]
    data = container.pack(entries)
    assert container.unpack(data) == entries
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None and zf.namelist() == [n for n, _ in entries]


@pytest.mark.parametrize("name", ["../x", "/abs", "a\\b", "a/../b", "", "a//b", "dir/", "a\x00b"])
def test_unsafe_names_are_refused(name):
    with pytest.raises(ValueError):
        container.pack([(name, b"x")])


def test_non_canonical_containers_are_rejected():
    entries = [("a.json", b"{}"), ("b.json", b"[]")]
    canonical = container.pack(entries)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:  # same files, written by another tool
        for n, d in entries:
            zf.writestr(n, d)
    for data, reason in ((buf.getvalue(), "container_not_canonical"), (canonical + b"trailer", "container_not_canonical"),
                         (b"junk" + canonical, "container_not_canonical"), (canonical[:-30], "container_damaged"),
                         (container.pack(entries + [("a.json", b"{}")]), "container_duplicate_file")):
        with pytest.raises(container.ContainerError) as err:
            container.unpack(data)
        assert err.value.reason == reason
