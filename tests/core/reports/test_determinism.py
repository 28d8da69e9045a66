"""Same data, same bytes: invariant output with the injected creation date."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf

from app.core.reports.bundle import build_all
from tests.fixtures.report_demo import demo_report_data
from app.core.reports.signin import signin_pdf

REPO = Path(__file__).resolve().parents[3]


def test_same_data_gives_identical_bytes(demo_pdfs):
    again = build_all(demo_report_data())
    assert again.keys() == demo_pdfs.keys()
    for name in demo_pdfs:
        assert again[name] == demo_pdfs[name], name


def test_creation_date_is_the_injected_one(demo):
    pdf = signin_pdf(demo.org, demo.election, demo.attendees, date(2027, 1, 2))
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert info["/CreationDate"].startswith("D:20270102") and info["/ModDate"].startswith("D:20270102")
    assert info["/Title"] == "党员大会签到表" and info["/Creator"] == "votedesk"


def test_other_data_gives_other_bytes(demo):
    pdf = signin_pdf(demo.org, demo.election, demo.attendees, demo.created)
    moved = dataclasses.replace(demo.election, place="幸福里社区居委会二楼")
    assert signin_pdf(demo.org, moved, demo.attendees, demo.created) != pdf


_DIGEST = """
import hashlib
from app.core.reports.bundle import build_all
from tests.fixtures.report_demo import demo_report_data
print(hashlib.sha256(b"".join(build_all(demo_report_data()).values())).hexdigest())
"""


def test_identical_bytes_across_processes_and_hash_seeds(demo_pdfs):
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _DIGEST], cwd=REPO, env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(b"".join(demo_pdfs.values())).hexdigest()}
