"""The two test tiers: the default run leaves tests marked slow out, --slow brings them and more examples back."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import tiers

REPO = Path(__file__).resolve().parents[1]
CRASH = "tests/core/test_crash.py"  # one test, marked slow
CRASH_TEST = f"{CRASH}::test_sigkill_while_keying_ballots"


def _collect(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "VOTEDESK_TEST_TIER"}  # this run may be the slow tier
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", *args],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    return out.stdout


def test_the_default_run_deselects_slow_tests_and_slow_selects_them() -> None:
    default, slow = _collect(CRASH), _collect("--slow", CRASH)
    assert CRASH_TEST not in default and "1 deselected" in default, default
    assert CRASH_TEST in slow and "deselected" not in slow, slow


def test_example_counts_follow_the_tier(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("VOTEDESK_TEST_TIER", raising=False)
    assert not tiers.slow_tier() and tiers.examples(200, 3500) == 200
    monkeypatch.setenv("VOTEDESK_TEST_TIER", "slow")
    assert tiers.slow_tier() and tiers.examples(200, 3500) == 3500


def test_ci_runs_both_tiers_in_one_pytest_run_and_the_readme_command_stays() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == "bash scripts/test.sh --slow"  # the last command: its pytest summary is printed last
    assert "bash scripts/test.sh\n" in (REPO / "README.md").read_text(encoding="utf-8")
