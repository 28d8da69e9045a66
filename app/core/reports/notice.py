"""候选人公示: the approved candidate list posted for the members, with the notice period recorded (R4.5)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import KeepTogether, Spacer

from app.core.reports.candidates import candidate_table
from app.core.reports.data import CandidateRow, ElectionInfo, Organization
from app.core.reports.parts import IssuerBlock
from app.core.reports.styles import BODY_LEADING, build_pdf, cn_date, opara, page_for, require_glyphs, title_para


@dataclass(frozen=True)
class NoticeData:
    """The candidate list of a post as approved, and the notice period recorded with the approval."""

    org: Organization
    election: ElectionInfo
    post: str
    seats: int
    candidates: tuple[CandidateRow, ...]  # in stroke order
    approval_ref: str  # citation of the approval: 批复（number）
    notice_from: date
    notice_to: date


def notice_title(d: NoticeData) -> tuple[str, str]:
    return d.org.committee, f"关于{d.election.term}委员会{d.post}候选人的公示"


def notice_story(d: NoticeData) -> list:
    return [
        title_para(*notice_title(d), official=True),
        opara(f"经上级党组织{d.approval_ref}同意，{d.election.term}{d.org.committee}{d.post}候选人{len(d.candidates)}名"
              f"（应选{d.seats}名），按姓氏笔画为序，现予公示：", "o_body"),
        Spacer(0, BODY_LEADING * 0.3), candidate_table(d.candidates), Spacer(0, BODY_LEADING * 0.3),
        opara(f"公示时间：{cn_date(d.notice_from)}至{cn_date(d.notice_to)}。"),
        opara(f"公示期间，党员和群众可以来信、来电、来访等方式向{d.org.committee}反映情况。反映问题应实事求是，"
              "以个人名义反映的提倡署真实姓名。"),
        KeepTogether([Spacer(0, BODY_LEADING), IssuerBlock(d.org.committee, d.notice_from)]),
    ]


def notice_pdf(d: NoticeData) -> bytes:
    """The candidate notice, dated the first day of the notice period."""
    require_glyphs(d)
    return build_pdf(notice_story(d), page_for(d.org, d.election, "".join(notice_title(d)), d.notice_from, official=True))
