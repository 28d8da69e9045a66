"""Sign-in search by pinyin initials: the generated table (app/core/pinyin.py) and the spellings built from it."""
from __future__ import annotations

import importlib.util
from itertools import product
from pathlib import Path

import pytest

from app.core.demo import FULL, LIUDANG, PROBATIONARY, SUSPENDED
from app.core.paths import resource
from app.core.pinyin import initials as char_initials
from app.core.search import initials, matches

REPO = Path(__file__).resolve().parents[2]
DEMO_ROLL = [*FULL, *PROBATIONARY, LIUDANG, SUSPENDED]
# Names used by the GUI tests and a few shapes a roll may hold: transliterated, padded, Latin, digits.
OTHER_NAMES = ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八", "周九", "吴十", "阿依古丽·买买提",
               "王　毅", "Tom Li", "Tom张", "王毅2", "单于飞", "尉迟恭", "欧阳修", "曾", "区", "兙兡", "王兙明"]


@pytest.fixture(scope="module")
def tool():  # noqa: ANN201 - scripts/build_pinyin.py as a module
    spec = importlib.util.spec_from_file_location("build_pinyin", REPO / "scripts" / "build_pinyin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pypinyin_initials(name: str) -> tuple[str, ...]:
    """The search spellings as app/core/search.py made them with pypinyin at run time (before the table)."""
    from pypinyin import Style, pinyin

    options = [sorted({p[0].lower() for p in syllables if p}) or ["?"]
               for syllables in pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors=lambda c: [c])]
    return tuple("".join(combo) for combo, _ in zip(product(*options), range(64)))


def reads_a_word(name: str) -> bool:
    """True if pypinyin's segmentation finds a dictionary word of two or more characters in ``name``."""
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.seg.simpleseg import seg

    return any(len(word) > 1 and word in PHRASES_DICT for word in seg(name))


def common_hanzi() -> list[str]:
    """GB 2312's 6,763 hanzi."""
    raw = (bytes([row, col]) for row in range(0xB0, 0xF8) for col in range(0xA1, 0xFF))
    return [b.decode("gb2312") for b in raw if _decodes(b)]


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("gb2312")
    except UnicodeDecodeError:
        return False
    return True


def test_table_rebuilds_byte_identically_from_pypinyin(tool) -> None:  # noqa: ANN001
    for name, text in tool.outputs(tool.build_table()).items():
        assert resource("pinyin", name).read_bytes() == text.encode("utf-8"), (
            f"resources/pinyin/{name} is stale: run `.venv/bin/python scripts/build_pinyin.py`")


def test_table_is_compact_and_names_its_source() -> None:
    path = resource("pinyin", "initials.txt")
    assert path.stat().st_size < 200_000
    assert path.read_text("utf-8").startswith("# pypinyin 0.55.0 (MIT)")
    assert (path.parent / "LICENSE-pypinyin.txt").read_text("utf-8").startswith("The MIT License")


def test_initials_of_common_names() -> None:
    assert initials("张伟") == ("zw",)
    assert initials("单") == ("c", "d", "s")  # dān, shàn, chán: every reading counts
    assert char_initials("单") == "cds" and char_initials("中") == "z" and char_initials("a") == ""
    assert matches("zw", "张伟") and matches("Z", "张伟") and matches("伟", "张伟") and not matches("zx", "张伟")
    assert matches("sf", "单飞") and matches("df", "单飞") and matches("cf", "单飞")


def test_characters_without_a_reading() -> None:
    # 兙 (U+5159) is a CJK ideograph pypinyin has no reading for: it stands for itself.
    assert char_initials("兙") == ""
    assert initials("王兙明") == ("w兙m", "y兙m")
    assert matches("w", "王兙明") and matches("w兙", "王兙明") and not matches("wm", "王兙明")
    assert initials("Tom张") == ("tz",)  # a run of other characters counts once, by its first
    assert initials("阿依古丽·买买提")[0] == "aygl·mmc"


def test_same_spellings_as_pypinyin_for_every_common_character() -> None:
    chars = common_hanzi()
    assert len(chars) == 6763
    differ = [c for c in chars if initials(c) != pypinyin_initials(c)]
    assert not differ, differ[:20]


@pytest.mark.parametrize("name", DEMO_ROLL + OTHER_NAMES)
def test_same_spellings_as_pypinyin_for_names(name: str) -> None:
    old, new = pypinyin_initials(name), initials(name)
    if reads_a_word(name):
        # pypinyin read a name holding a word (朱红 "vermilion", 许诺 "promise", 尉迟) with the word's one reading;
        # the table reads each character, so every old spelling still matches and the other readings do too.
        assert set(old) <= set(new), (old, new)
    else:
        assert new == old
