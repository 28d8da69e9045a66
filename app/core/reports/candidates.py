"""候选人名单: each candidate's basic data (R4.5), for the request to the higher level and the meeting."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Table

from app.core.reports.data import CandidateRow, ElectionInfo, Organization
from app.core.reports.styles import build_pdf, grid_table, page_for, para, require_glyphs, title_para, ym

_HEAD = ["序号", "姓名", "性别", "出生年月", "民族", "入党时间", "学历", "现任职务"]
_WIDTHS = [12 * mm, 22 * mm, 12 * mm, 19 * mm, 14 * mm, 19 * mm, 16 * mm, 42 * mm]  # TABLE_W: fits both type areas


def candidate_table(candidates: Sequence[CandidateRow]) -> Table:
    """The data sheet table, one row per candidate in the order given."""
    rows = [
        [str(i), c.name, c.sex, ym(c.birth), c.ethnicity, ym(c.joined), c.education, c.post]
        for i, c in enumerate(candidates, start=1)
    ]
    return grid_table(_HEAD, rows, _WIDTHS, left=(7,))


def list_title(org: Organization, post: str, preliminary: bool) -> tuple[str, str]:
    return org.committee, f"{post}候选人{'预备人选' if preliminary else ''}名单"


def candidates_story(org: Organization, post: str, seats: int, candidates: Sequence[CandidateRow], preliminary: bool) -> list:
    return [
        title_para(*list_title(org, post, preliminary)),
        para(f"（应选 {seats} 名，候选人 {len(candidates)} 名，按姓氏笔画为序）", "subtitle"),
        candidate_table(candidates),
    ]


def candidates_pdf(
    org: Organization, election: ElectionInfo, post: str, seats: int, candidates: Sequence[CandidateRow],
    created: date | None, preliminary: bool = False,
) -> bytes:
    """The candidate list; ``preliminary`` titles it 候选人预备人选 (before the higher level's reply)."""
    require_glyphs(org, election, post, tuple(candidates))
    story = candidates_story(org, post, seats, candidates, preliminary)
    return build_pdf(story, page_for(org, election, "".join(list_title(org, post, preliminary)), created))
