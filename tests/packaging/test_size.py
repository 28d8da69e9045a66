"""The recorded bundle size: README.md quotes it word for word, and growth over 5 % fails the build."""
import datetime
from pathlib import Path

import pytest

from build import size

ROOT = Path(__file__).resolve().parents[2]


def test_readme_quotes_the_record():
    """Re-recording the size (build/size.py --record WHY) without updating the README, or the reverse, fails."""
    line = size.readme_line(size.load())
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())  # the line may be wrapped
    assert " ".join(line.split()) in readme, f"README.md must contain the line:\n{line}"


def test_record_says_why():
    record = size.load()
    assert record["bundle_bytes"] > record["deb_bytes"] > 1_000_000
    datetime.date.fromisoformat(record["recorded"])
    assert len(record["why"].split()) >= 3


def test_growth_up_to_five_percent_passes_and_beyond_fails():
    record = {"bundle_bytes": 100_000_000, "deb_bytes": 40_000_000, "recorded": "2026-12-07", "why": "x y z"}
    assert size.check("bundle", 105_000_000, record) is None
    assert size.check("bundle", 60_000_000, record) is None  # shrinking never fails
    problem = size.check("bundle", 105_000_001, record)
    assert problem is not None and "5.0 % over" in problem and "README.md" in problem
    assert size.check("deb", 42_000_001, record) is not None


def test_record_writes_what_the_readme_line_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bundle = tmp_path / "votedesk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "votedesk").write_bytes(b"x" * 3000)
    (bundle / "_internal" / "lib.so").write_bytes(b"y" * 2000)
    (bundle / "_internal" / "link.so").symlink_to("lib.so")  # counted once, as bench/bench_bundle.py does
    deb = tmp_path / "votedesk_1_amd64.deb"
    deb.write_bytes(b"z" * 1000)
    monkeypatch.setattr(size, "RECORD", tmp_path / "bundle-size.json")
    written = size.record_sizes("  because  ", bundle, deb, datetime.date(2026, 12, 7))
    assert written == size.load(tmp_path / "bundle-size.json")
    assert written == {"bundle_bytes": 5000, "deb_bytes": 1000, "recorded": "2026-12-07", "why": "because"}
    assert size.readme_line(written) == "Bundle size: 0.0 MB on disk, .deb 0.0 MB (recorded 2026-12-07): because"


def test_built_bundle_within_record():
    """After build/build.py (as in CI); skipped in a checkout without dist/votedesk."""
    bundle = ROOT / "dist" / "votedesk"
    if not (bundle / "votedesk").is_file():
        pytest.skip("no bundle in dist/votedesk (build/build.py makes one)")
    assert size.check("bundle", size.disk_size(bundle), size.load()) is None
