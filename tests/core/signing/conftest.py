"""Fixtures for signing tests: a root, a branch issued by it, small PDFs, packages and re-sealing."""
from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Callable

import pytest
from reportlab.pdfgen import canvas

from app.core.signing import cms, container, keys
from tests.fixtures import signing_demo as demo
from app.core.signing.chain import load_trust_root
from app.core.signing.package import MANIFEST, SIGNATURE, build_package, dumps, manifest_document

WHEN = dt.datetime(2025, 6, 18, 10, 30, tzinfo=dt.timezone.utc)


def small_pdf(text: str = "votedesk test") -> bytes:
    """A one-page PDF made with reportlab (reproducible)."""
    buf = BytesIO()
    pdf = canvas.Canvas(buf, invariant=1, pageCompression=0)  # text visible in the bytes, for flips
    pdf.drawString(100, 700, text)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture(scope="session")
def ids():
    """(root, branch) identities: the branch certificate issued by the root."""
    return demo.make_identities()


@pytest.fixture(scope="session")
def root(ids):
    return ids[0]


@pytest.fixture(scope="session")
def branch(ids):
    return ids[1]


@pytest.fixture(scope="session")
def trust(root):
    """The parsed root, reused across verifications."""
    return load_trust_root(keys.cert_pem(root.cert))


@pytest.fixture(scope="session")
def records():
    return demo.rounds()


@pytest.fixture(scope="session")
def make_package(branch, records):
    """Build a package from the demo inputs, optionally with other rounds, signer or audit entries."""

    def make(*, identity=None, rounds=None, audit=None, pdfs=None, election=None) -> bytes:
        rounds = rounds or records
        return build_package(
            identity=identity or branch, election=election or demo.summary(rounds), rounds=rounds,
            audit=demo.audit_entries() if audit is None else audit,
            pdfs=pdfs or [("result-report.pdf", demo.report_pdf(rounds))], when=WHEN, rng=random.Random(1))

    return make


@pytest.fixture(scope="session")
def package(make_package) -> bytes:
    return make_package()


def files_of(package: bytes) -> dict[str, bytes]:
    return dict(container.unpack(package))


def reseal(package: bytes, identity: keys.Identity, edit: Callable[[dict[str, bytes]], None]) -> bytes:
    """Edit a package's files, then write a fresh manifest signed by ``identity`` (as a forger would)."""
    files = files_of(package)
    edit(files)
    body = [(n, d) for n, d in files.items() if n not in (MANIFEST, SIGNATURE)]
    audit = json.loads(files["audit.json"])["entries"]
    manifest = dumps(manifest_document(body, identity, WHEN, audit[-1]["hash"] if audit else ""))
    return container.pack([(MANIFEST, manifest), (SIGNATURE, cms.sign_detached(manifest, identity, WHEN)), *body])


def edit_json(files: dict[str, bytes], name: str, change: Callable[[dict], None]) -> None:
    doc = json.loads(files[name])
    change(doc)
    files[name] = dumps(doc)


@pytest.fixture(scope="session")
def nssdb(tmp_path_factory, root) -> Path:
    """An NSS database trusting the root for S/MIME signatures (",C,"), for pdfsig."""
    if not (shutil.which("pdfsig") and shutil.which("certutil")):
        pytest.skip("poppler-utils and libnss3-tools are needed")
    d = tmp_path_factory.mktemp("nssdb")
    pem = d / "root.pem"
    pem.write_bytes(keys.cert_pem(root.cert))
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{d}"], check=True)
    subprocess.run(["certutil", "-A", "-t", ",C,", "-n", "root", "-i", str(pem), "-d", f"sql:{d}"], check=True)
    return d


def pdfsig(nssdb: Path, pdf: bytes, tmp_path: Path) -> str:
    """pdfsig's report (it always exits 0, so the text is what counts)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(["pdfsig", "-nssdir", f"sql:{nssdb}", str(path)], capture_output=True, text=True)
    return run.stdout + run.stderr
