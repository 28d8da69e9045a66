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

try:  # a loaded 2-core CI machine must not turn a slow example into a failure
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("votedesk", deadline=None)
    _hypothesis_settings.load_profile("votedesk")
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
