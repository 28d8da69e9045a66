"""Find a member by a few characters of the name or by pinyin initials (张伟 ← "zw"), for the sign-in desk."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import islice, product

from app.core.pinyin import initials as char_initials

MAX_VARIANTS = 64


def _is_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def _options(name: str) -> list[tuple[str, ...]]:
    """What each position of a spelling may be: a character's initials; a rare ideograph without a reading
    stands for itself; any other run of characters counts once, by its first one (Tom → t; the · of
    阿依古丽·买买提 stays), as pypinyin's spelling did."""
    options: list[tuple[str, ...]] = []
    in_run = False
    for char in name:
        letters = char_initials(char)
        if letters or _is_ideograph(char):
            options.append(tuple(letters) or (char,))
            in_run = False
        elif not in_run:
            options.append((char.lower(),))
            in_run = True
    return options


@lru_cache(maxsize=4096)
def initials(name: str) -> tuple[str, ...]:
    """Every pinyin-initials spelling of ``name`` (heteronyms give several: 单 → c/d/s), at most MAX_VARIANTS."""
    return tuple("".join(combo) for combo in islice(product(*_options(name)), MAX_VARIANTS))


def matches(query: str, name: str) -> bool:
    """True if ``query`` appears in the name, or starts one of its pinyin-initials spellings."""
    q = query.strip().lower()
    if not q:
        return True
    return q in name.lower() or any(v.startswith(q) for v in initials(name))
