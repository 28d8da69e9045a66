"""Pinyin initials per character (张 → z, 单 → c/d/s) from resources/pinyin/initials.txt, for name search."""
from __future__ import annotations

from functools import lru_cache

from app.core.paths import resource


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Character -> its initials, sorted, one letter each (单 → "cds"), built by scripts/build_pinyin.py."""
    table: dict[str, str] = {}
    with resource("pinyin", "initials.txt").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                letters, chars = line.rstrip("\n").split("\t")
                table.update(dict.fromkeys(chars, letters))
    return table


def initials(char: str) -> str:
    """The character's pinyin initials, one letter each ("" when it has no reading in the table)."""
    return _table().get(char, "")
