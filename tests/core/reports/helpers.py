"""Text extraction and order checks for the document tests."""
from __future__ import annotations

import io
import re
import shutil

import pypdf
import pytest


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text in content order with all whitespace removed (wrapped cells join up again)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return "".join(page_texts(pdf))


def in_order(haystack: str, parts) -> None:
    """Every part occurs, each after the previous one."""
    pos = 0
    for part in parts:
        part = re.sub(r"\s+", "", part)
        found = haystack.find(part, pos)
        assert found >= 0, f"{part!r} not found after position {pos}: …{haystack[pos:pos + 120]}…"
        pos = found + len(part)


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) not installed")
    return path
