"""Header synonyms (Chinese and English) and the guess of which column holds which field."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from app.core.i18n import N_

# Field -> accepted headers, best first: the first synonym found wins when several columns match.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "党员姓名", "name", "full name"),
    "sex": ("性别", "sex", "gender"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "birth_date", "date of birth", "birthday"),
    "ethnicity": ("民族", "ethnicity", "ethnic group"),
    "joined_date": ("入党时间", "入党日期", "入党年月", "joined_date", "date joined", "joined"),
    "education": ("学历", "文化程度", "education"),
    "post": ("职务", "现任职务", "工作单位及职务", "post", "position"),
    "status": ("党员类别", "党籍状态", "党员状态", "人员类别", "状态", "status", "member status"),
    "remarks": ("备注", "remarks", "notes", "note"),
    "serial": ("序号", "编号", "顺序号", "no.", "no", "number"),  # the roll's own row number, to name rows by it
}
FIELDS: tuple[str, ...] = tuple(SYNONYMS)
# English msgids for messages and for the GUI's column pickers; translate with app.core.i18n._
FIELD_LABELS: dict[str, str] = {
    "name": N_("name"), "sex": N_("sex"), "birth_date": N_("birth date"), "ethnicity": N_("ethnicity"),
    "joined_date": N_("date of joining the Party"), "education": N_("education"), "post": N_("post"),
    "status": N_("membership status"), "remarks": N_("remarks"), "serial": N_("serial number"),
}

# Templates decorate headers: "*姓名", "出生年月（年.月）", "备注：" all still mean the plain word.
_DECORATION = re.compile(r"[(（][^)）]*[)）]|[*＊:：\s_\-]")


def normalize_header(text: object) -> str:
    """The comparable form of a header: width-folded, lower case, without notes, marks or spaces."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return _DECORATION.sub("", folded)


_LOOKUP = {field: [normalize_header(s) for s in synonyms] for field, synonyms in SYNONYMS.items()}


def guess_mapping(headers: Sequence[object]) -> dict[str, int]:
    """Field -> column index for every field whose header is recognised; each column used once."""
    keys = [normalize_header(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field, synonyms in _LOOKUP.items():
        for synonym in synonyms:
            index = next((i for i, k in enumerate(keys) if k == synonym and i not in used), None)
            if index is not None:
                mapping[field] = index
                used.add(index)
                break
    return mapping


def check_mapping(mapping: dict[str, int], width: int) -> dict[str, int]:
    """Validate a mapping given by the caller (the GUI): known fields, columns in range, no column twice."""
    unknown = set(mapping) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields in mapping: {sorted(unknown)}")
    for field, index in mapping.items():
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < width:
            raise ValueError(f"column {index!r} for {field} is outside the table (0..{width - 1})")
    if len(set(mapping.values())) != len(mapping):
        raise ValueError("a column is mapped to two fields")
    return {field: mapping[field] for field in FIELDS if field in mapping}
