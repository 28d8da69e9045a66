"""Shared test setup: offscreen Qt, pinned locale and time zone, the shared/ folder."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Shanghai")
os.environ.setdefault("VOTEDESK_LANG", "en")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VOTEDESK_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder beside the checkout (read, never copied)."""
    if not SHARED.is_dir():
        pytest.fail(f"shared/ folder not found at {SHARED}; set VOTEDESK_SHARED")
    return SHARED

try:  # a loaded 2-core CI machine must not turn a slow example into a failure
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("votedesk", deadline=None)
    _hypothesis_settings.load_profile("votedesk")
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
