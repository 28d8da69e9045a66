"""Find a member by a few characters of the name or by pinyin initials (张伟 ← "zw"), for the sign-in desk."""
from __future__ import annotations

from functools import lru_cache
from itertools import product

MAX_VARIANTS = 64


@lru_cache(maxsize=4096)
def initials(name: str) -> tuple[str, ...]:
    """Every pinyin-initials spelling of ``name`` (heteronyms give several: 单 → d/s/c); empty without pypinyin."""
    try:
        from pypinyin import Style, pinyin
    except ImportError:  # optional: search by characters still works
        return ()
    options = [sorted({p[0].lower() for p in syllables if p}) or ["?"]
               for syllables in pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors=lambda c: [c])]
    variants = []
    for combo in product(*options):
        variants.append("".join(combo))
        if len(variants) >= MAX_VARIANTS:
            break
    return tuple(variants)


def matches(query: str, name: str) -> bool:
    """True if ``query`` appears in the name, or starts one of its pinyin-initials spellings."""
    q = query.strip().lower()
    if not q:
        return True
    return q in name.lower() or any(v.startswith(q) for v in initials(name))
