"""The test tiers: the default run, and the slow tier (`--slow` or VOTEDESK_TEST_TIER=slow) that CI adds."""
from __future__ import annotations

import os


def slow_tier() -> bool:
    """True when this run includes the slow tier (set by tests/conftest.py before test modules are imported)."""
    return os.environ.get("VOTEDESK_TEST_TIER") == "slow"


def examples(default: int, slow: int) -> int:
    """A Hypothesis example count: ``default`` in the default run, ``slow`` in the slow tier."""
    return slow if slow_tier() else default
