"""签到表: voters expected at the meeting, then members without a vote, with a signature column."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from app.core.reports.data import Attendee, ElectionInfo, Organization
from app.core.reports.styles import build_pdf, cn_date, grid_table, page_for, para, require_glyphs, title_para

_HEAD = ["序号", "姓名", "所在党小组（单位）", "签名", "备注"]
_WIDTHS = [14 * mm, 30 * mm, 38 * mm, 42 * mm, 36 * mm]


def _section(people: Sequence[Attendee]) -> list:
    rows = [[str(i), a.name, a.unit, "", a.note] for i, a in enumerate(people, start=1)]
    # Tall rows leave room for a handwritten signature.
    return [grid_table(_HEAD, rows, _WIDTHS, left=(2,), pad=3 * mm)]


def signin_story(org: Organization, election: ElectionInfo, attendees: Sequence[Attendee]) -> list:
    voters = [a for a in attendees if a.voting]
    others = [a for a in attendees if not a.voting]
    v = election.voter
    story = [
        title_para(org.name, f"{election.meeting}签到表"),
        para(f"时间：{cn_date(election.date)}　　地点：{election.place}", "subtitle"),
        CondPageBreak(30 * mm),  # a section heading never ends a page without its first rows
        para(f"一、有选举权的{v}（应到会 {len(voters)} 名，实到会 ____ 名）", "heading"),
        Spacer(0, 2 * mm),
        *_section(voters),
    ]
    if others:
        story += [
            CondPageBreak(30 * mm),
            para(f"二、无选举权或经批准不计入应到会人数的{v}（{len(others)} 名，不发选票）", "heading"),
            Spacer(0, 2 * mm),
            *_section(others),
        ]
    return story


def signin_pdf(org: Organization, election: ElectionInfo, attendees: Sequence[Attendee], created: date | None) -> bytes:
    """The sign-in sheet: voters first (they form E and P, R3.2), then non-voting members."""
    require_glyphs(org, election, tuple(attendees))
    story = signin_story(org, election, attendees)
    return build_pdf(story, page_for(org, election, f"{election.meeting}签到表", created))
