"""Shared test setup: offscreen Qt, pinned locale and time zone, the examples in tests/fixtures."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Shanghai")
os.environ.setdefault("VOTEDESK_LANG", "en")

REPO = Path(__file__).resolve().parents[1]
# The count examples, copied from shared/domain/examples so that a clone runs alone;
# tests/test_standalone.py checks the copy against shared/ whenever that folder is beside the checkout.
EXAMPLES_DIR = REPO / "tests" / "fixtures" / "examples"
RULES_MD = REPO / "tests" / "fixtures" / "rules.md"  # shared/domain/rules.md, copied and checked the same way
SHARED = Path(os.environ.get("VOTEDESK_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder beside the checkout, if there is one (only the copy checks need it)."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared/ folder at {SHARED} (set VOTEDESK_SHARED to compare the copied examples)")
    return SHARED

SLOW_TIER = "VOTEDESK_TEST_TIER"  # "slow" adds the slow tier, like --slow (tests/tiers.py reads it)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="also run the slow tier: tests marked slow and Hypothesis' larger 'ci' profile (CI does)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        os.environ[SLOW_TIER] = "slow"  # before the test modules are imported: their example counts read it
    try:  # a loaded 2-core CI machine must not turn a slow example into a failure
        from hypothesis import settings as hypothesis_settings
    except ImportError:  # pragma: no cover - hypothesis is a dev dependency
        return
    hypothesis_settings.register_profile("votedesk", deadline=None, max_examples=100)
    hypothesis_settings.register_profile("ci", deadline=None, max_examples=500)
    hypothesis_settings.load_profile("ci" if os.environ.get(SLOW_TIER) == "slow" else "votedesk")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The default tier leaves out tests marked slow (deselected, so the summary says how many)."""
    if os.environ.get(SLOW_TIER) == "slow":
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
