"""Surname stroke order (姓氏笔画为序, R6.1/R6.2): stroke sequences per character and the Party-list name key."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from app.core.errors import UnknownCharacterError
from app.core.paths import resource

# Marks that carry no order: the middle dot of transliterated names (阿依古丽·买买提) in its
# look-alike encodings. Whitespace is skipped too, since lists pad two-character names (王　毅).
_IGNORED = frozenset("·•・‧･")

# Element kinds, in the order they sort at one position: the empty slot of a one-character
# given name first (R6.2 point 3), then Han characters, then numbers, then anything else.
_EMPTY, _HAN, _NUMBER, _OTHER = 0, 1, 2, 3
_EMPTY_SLOT = (_EMPTY,)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Character -> stroke classes (1=横 2=竖 3=撇 4=点 5=折), built by scripts/build_strokes.py."""
    table = {}
    with resource("strokes", "strokes.txt").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                char, sequence = line.rstrip("\n").split("\t")
                table[char] = sequence
    return table


def _needs_data(char: str) -> bool:
    """True for characters that can only be placed by their strokes, so a gap must fail loudly."""
    cp = ord(char)
    return (
        0x2E80 <= cp <= 0x2FFF  # radicals and ideographic description characters (⿰木子 for a rare name)
        or cp == 0x3007 or 0x31C0 <= cp <= 0x31EF  # 〇 and CJK strokes
        or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF  # extensions B-H
        # Rare name characters are often typed as user-defined (private-use) glyphs.
        or 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000
        or char in _table()
    )


def _lookup(char: str) -> str | None:
    table = _table()
    # CJK compatibility ideographs normalise to the unified character that has the data.
    return table.get(char) or table.get(unicodedata.normalize("NFC", char))


def stroke_sequence(char: str, name: str | None = None) -> str:
    """The character's strokes in writing order as class digits; `name` only words the error."""
    if len(char) != 1:
        raise ValueError(f"expected one character, got {char!r}")
    sequence = _lookup(char)
    if sequence is None:
        raise UnknownCharacterError(char, char if name is None else name)
    return sequence


def _number(digits: str) -> tuple:
    # Compare by value without int() (no digit-count limit); full-width digits count like ASCII ones.
    value = "".join(str(unicodedata.decimal(d)) for d in digits).lstrip("0")
    return (_NUMBER, len(value), value, digits)


def _elements(name: str) -> tuple:
    elements: list[tuple] = []
    digits = ""
    for char in name:
        if char.isdecimal():
            digits += char
            continue
        if digits:
            elements.append(_number(digits))
            digits = ""
        if char.isspace() or char in _IGNORED:
            continue
        if _needs_data(char):
            sequence = stroke_sequence(char, name)
            elements.append((_HAN, len(sequence), sequence))
        else:
            elements.append((_OTHER, char.casefold(), char))
    if digits:
        elements.append(_number(digits))
    # Party convention: 王毅 is read as 王□毅, so a one-character given name precedes every
    # two-character one of the same surname whatever its strokes (王毅 < 王沪宁, 李强 < 李干杰).
    if len(elements) == 2 and all(kind == _HAN for kind, *_ in elements):
        elements.insert(1, _EMPTY_SLOT)
    return tuple(elements)


def name_key(name: str) -> tuple:
    """Sort key for a full name in Party-list stroke order; raises UnknownCharacterError on a gap."""
    # The name itself breaks ties (e.g. 阿依古丽·买买提 vs 阿依古丽买买提) so the order is total.
    return (_elements(name), name)


def sort_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=name_key)


def missing_characters(names: Iterable[str]) -> list[str]:
    """Every character without stroke data, in order of first appearance, so all can be shown at once."""
    missing: dict[str, None] = {}
    for name in names:
        for char in name:
            if _needs_data(char) and _lookup(char) is None:
                missing.setdefault(char)
    return list(missing)
