"""The congress's own papers: 代表资格审查报告, 主席团和秘书长名单, 大会议程 (official layout, R13.9)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm

from app.core.reports.data import ElectionInfo, Organization
from app.core.reports.styles import (
    build_pdf, cn_date, cn_number, grid_table, opara, page_for, require_glyphs, title_para,
)


@dataclass(frozen=True)
class DelegateRow:
    """One delegate as the review found them."""

    unit: str
    name: str
    votes: int
    qualified: bool
    note: str


@dataclass(frozen=True)
class CongressPapersData:
    """What the congress's papers say: the roll and its review, the preparatory meeting, the presidium."""

    org: Organization
    election: ElectionInfo
    units: tuple[tuple[str, int], ...]  # (unit, seats)
    delegates: tuple[DelegateRow, ...]
    reviewed_on: date | None
    prep_on: date | None
    agenda: tuple[str, ...]
    presidium: tuple[str, ...]
    secretary_general: str
    decisions: tuple[tuple[date, str, int, int], ...] = ()  # (decided on, what, votes for, members)


def _congress(d: CongressPapersData) -> str:
    return f"{d.org.name}党员代表大会"


def review_report_pdf(d: CongressPapersData) -> bytes:
    """代表资格审查报告: how many were elected by how many units, how they were reviewed, who is confirmed."""
    require_glyphs(d)
    ok = [r for r in d.delegates if r.qualified]
    failed = [r for r in d.delegates if not r.qualified]
    seats = sum(s for _, s in d.units)
    text = (f"本次大会应选代表{seats}名，由{len(d.units)}个选举单位按照差额选举办法选举产生，实际选出代表"
            f"{len(d.delegates)}名。代表资格审查委员会依据选举单位报送并经核验的选举结果，对代表的产生程序和代表资格"
            f"逐一进行了审查。经审查，{len(ok)}名代表资格有效")
    text += f"；{len(failed)}名代表资格终止，不再列入代表名册。" if failed else "。"
    story = [title_para(f"{_congress(d)}", "代表资格审查报告", official=True),
             opara(f"（{cn_date(d.reviewed_on)}）", "o_number"), opara(text)]
    for r in failed:
        story.append(opara(f"{r.name}（{r.unit}）：{r.note or '资格终止'}。", "o_item"))
    rows = [[str(i), r.unit, r.name, str(r.votes), "有效" if r.qualified else "终止"] for i, r in enumerate(d.delegates, 1)]
    story += [opara("附：代表名册", "o_heading"),
              grid_table(["序号", "选举单位", "姓名", "得票", "资格"], rows, [14 * mm, 52 * mm, 46 * mm, 20 * mm, 24 * mm])]
    return build_pdf(story, page_for(d.org, d.election, "代表资格审查报告", d.reviewed_on, official=True))


def presidium_pdf(d: CongressPapersData) -> bytes:
    """主席团和秘书长名单, as the preparatory meeting elected them (names in the order adopted)."""
    require_glyphs(d)
    story = [title_para(_congress(d), "主席团成员和秘书长名单", official=True),
             opara(f"（{cn_date(d.prep_on)}大会预备会议通过）", "o_number"),
             opara(f"主席团成员（{len(d.presidium)}名）：", "o_heading"), opara("　".join(d.presidium)),
             opara("秘书长：", "o_heading"), opara(d.secretary_general)]
    for on, what, votes, members in d.decisions:
        story.append(opara(f"{cn_date(on)}，主席团{members}名成员中{votes}名同意，决定：{what}。", "o_body"))
    return build_pdf(story, page_for(d.org, d.election, "主席团名单", d.prep_on, official=True))


def congress_agenda_pdf(d: CongressPapersData) -> bytes:
    """大会议程 as the preparatory meeting adopted it."""
    require_glyphs(d)
    story = [title_para(f"{_congress(d)}议程", official=True),
             opara(f"（{cn_date(d.prep_on)}大会预备会议通过）", "o_number"),
             *[opara(f"{cn_number(i)}、{item}") for i, item in enumerate(d.agenda, 1)]]
    return build_pdf(story, page_for(d.org, d.election, "大会议程", d.prep_on, official=True))
