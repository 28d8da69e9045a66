"""Surname stroke order (R6.1/R6.2): stroke table, Party-list name key, loud failure on gaps."""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import UnknownCharacterError
from app.core.paths import resource
from app.core.rules.strokes import (
    _table,
    missing_characters,
    name_key,
    sort_names,
    stroke_sequence,
)

# cnchar-order has no entry for these bare components/radicals of GB 2312; none is a name character.
# Listed explicitly so that any further gap in a rebuilt table fails this test.
GB2312_ALLOWED_MISSING = set("丨丿丶匚刂亠冫冖讠卩阝廴艹扌彳彡犭夂饣忄丬氵宀辶彐屮纟灬礻疒衤")


def gb2312_hanzi() -> list[str]:
    chars = []
    for row in range(0xB0, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def shuffled(names: list[str], seed: int = 7) -> list[str]:
    copy = list(names)
    random.Random(seed).shuffle(copy)
    return copy


# --- the table -----------------------------------------------------------------------------------

def test_table_is_compact_and_well_formed():
    path = resource("strokes", "strokes.txt")
    assert path.stat().st_size < 300_000
    assert (path.parent / "LICENSE-cnchar-order.txt").read_text("utf-8").startswith("The MIT License")
    for char, sequence in _table().items():
        assert len(char) == 1 and re.fullmatch(r"[1-5]+", sequence), (char, sequence)


def test_gb2312_coverage():
    chars = gb2312_hanzi()
    assert len(chars) == 6763
    missing = {c for c in chars if c not in _table()}
    assert missing == GB2312_ALLOWED_MISSING
    assert len(missing) <= 31


@pytest.mark.parametrize("char", list("燚犇靳亓覃"))
def test_rare_surnames_have_data(char):
    assert stroke_sequence(char)


@pytest.mark.parametrize(
    ("char", "sequence"),
    [
        ("丁", "12"),  # 竖钩 -> 竖
        ("于", "112"),
        ("万", "153"),  # 横折钩 -> 折
        ("人", "34"),  # 捺 -> 点
        ("打", "12112"),  # 提 -> 横
        ("王", "1121"),
        ("李", "1234521"),
        ("张", "5153154"),
        ("心", "4544"),  # 卧钩 -> 折
        ("女", "531"),  # 撇点 -> 折
        ("皙", "1234331232511"),  # upstream error fixed by scripts/build_strokes.py (13 strokes)
    ],
)
def test_stroke_classes(char, sequence):
    assert stroke_sequence(char) == sequence


def test_stroke_sequence_takes_one_character():
    with pytest.raises(ValueError):
        stroke_sequence("王毅")


# --- unknown characters fail loudly --------------------------------------------------------------

@pytest.mark.parametrize("char", ["\U00020000", "\ue000", "\u3007", "\u2ff0"])
def test_unknown_character_raises_naming_it(char):
    name = f"王{char}明"
    with pytest.raises(UnknownCharacterError) as info:
        name_key(name)
    assert info.value.char == char
    assert info.value.name == name
    assert char in str(info.value)
    with pytest.raises(UnknownCharacterError):
        sort_names(["李强", name])
    with pytest.raises(UnknownCharacterError) as info:
        stroke_sequence(char)
    assert info.value.char == char


def test_missing_characters_lists_all_once_in_order():
    names = ["王\U00020000", "李强", "\ue000\U00020000", "代表1", "\ue000"]
    assert missing_characters(names) == ["\U00020000", "\ue000"]
    assert missing_characters(["李强", "成员1", "阿依古丽·买买提"]) == []


# --- order ---------------------------------------------------------------------------------------

def test_known_surname_order():
    # Mainland order, not ICU/Qt stroke collation (丁万于马王刘张李陈): 于 112 < 万 153, 李 1… < 张 5….
    expected = list("丁于万马王刘李张陈")
    assert sort_names(shuffled(expected)) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("王毅", "王沪宁"),  # 毅 has 15 strokes, 沪 7: the empty slot still wins
        ("李强", "李干杰"),
        ("李希", "李强"),  # both one-character given names: 希 7 < 强 12
        ("李干杰", "李书磊"),  # 干 3 < 书 4
        ("王", "王毅"),
        ("王岐山", "王沪宁"),  # both 7 strokes: 岐 starts 竖, 沪 starts 点
    ],
)
def test_pairs(first, second):
    assert name_key(first) < name_key(second)
    assert sort_names([second, first]) == [first, second]


# Party lists published "按姓氏笔画为序". The 20th follows R6.2 point 3 (one-character given
# names first: 李希 李强 before 李干杰); the 19th and 18th are independent checks.
POLITBURO_20 = (
    "丁薛祥 习近平 马兴瑞 王毅 王沪宁 尹力 石泰峰 刘国中 李希 李强 李干杰 李书磊 李鸿忠 "
    "何卫东 何立峰 张又侠 张国清 陈文清 陈吉宁 陈敏尔 赵乐际 袁家军 黄坤明 蔡奇"
).split()
POLITBURO_19 = (
    "丁薛祥 习近平 王晨 王沪宁 刘鹤 许其亮 孙春兰 李希 李强 李克强 李鸿忠 杨洁篪 杨晓渡 汪洋 "
    "张又侠 陈希 陈全国 陈敏尔 赵乐际 胡春华 栗战书 郭声琨 黄坤明 韩正 蔡奇"
).split()
POLITBURO_18 = (
    "习近平 马凯 王岐山 王沪宁 刘云山 刘延东 刘奇葆 许其亮 孙春兰 孙政才 李克强 李建国 李源潮 "
    "汪洋 张春贤 张高丽 张德江 范长龙 孟建柱 赵乐际 胡春华 俞正声 栗战书 郭金龙 韩正"
).split()


@pytest.mark.parametrize("names", [POLITBURO_20, POLITBURO_19, POLITBURO_18], ids=["20th", "19th", "18th"])
def test_published_party_lists(names):
    for seed in range(5):
        assert sort_names(shuffled(names, seed)) == names


def test_non_han_names_do_not_crash():
    assert sort_names(["代表10", "代表2", "代表1", "代表"]) == ["代表", "代表1", "代表2", "代表10"]
    assert sort_names(["成员b", "成员A", "成员1", "成员"]) == ["成员", "成员1", "成员A", "成员b"]
    # Full-width digits compare by value like ASCII ones.
    assert sort_names(["代表１０", "代表9"]) == ["代表9", "代表１０"]
    # Han before non-Han at the same position.
    assert sort_names(["张A", "张三"]) == ["张三", "张A"]
    assert sort_names(["Smith", "李强"]) == ["李强", "Smith"]


def test_middle_dot_and_padding_spaces_are_ignored():
    assert name_key("阿依古丽·买买提")[0] == name_key("阿依古丽买买提")[0]
    assert name_key("王　毅")[0] == name_key("王毅")[0]  # aligned with an ideographic space
    assert sort_names(["王沪宁", "王　毅"]) == ["王　毅", "王沪宁"]
    # …but the order stays total: the name itself breaks the tie.
    assert sort_names(["阿依古丽买买提", "阿依古丽·买买提"]) == sorted(["阿依古丽买买提", "阿依古丽·买买提"])


# --- determinism ---------------------------------------------------------------------------------

_SAMPLE = "丁于万马王刘李张陈毅沪宁强干杰希书磊鸿忠国中军明华平红伟芳娜敏静丽"
name_chars = st.sampled_from(_SAMPLE + "ab1209·　")
names_strategy = st.lists(st.text(name_chars, min_size=0, max_size=5), max_size=12)


@settings(max_examples=200, deadline=None)
@given(names=names_strategy, data=st.data())
def test_sort_is_deterministic_and_total(names, data):
    order = sort_names(names)
    assert sort_names(data.draw(st.permutations(names))) == order
    assert sort_names(order) == order
    keys = [name_key(n) for n in order]
    assert all(a <= b for a, b in zip(keys, keys[1:]))
    # Total: different names never compare equal.
    assert len({name_key(n) for n in names}) == len(set(names))


@settings(max_examples=200, deadline=None)
@given(
    surname=st.sampled_from(_SAMPLE),
    given1=st.sampled_from(_SAMPLE),
    given2=st.text(st.sampled_from(_SAMPLE), min_size=2, max_size=2),
)
def test_one_character_given_name_always_first(surname, given1, given2):
    assert name_key(surname + given1) < name_key(surname + given2)
