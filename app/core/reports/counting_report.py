"""计票结果报告单: one per round (R10.1, R10.3), signed by the scrutineers and tellers."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from app.core.reports.data import ElectionInfo, Officials, Organization, PersonRow, RoundReport
from app.core.rules.model import RoundKind
from app.core.reports.papercode import paper_block
from app.core.reports.parts import SignatureLines
from app.core.reports.styles import GRID, TABLE_W, build_pdf, cn_date, escape, grid_table, page_for, para, require_glyphs, styles

LIST_LIMIT = 10  # more names than this are listed in a table, not a sentence
_HEAD = ["序号", "姓名", "赞成", "不赞成", "弃权", "无效", "合计", "结果"]
_WIDTHS = [12 * mm, 28 * mm, 15 * mm, 15 * mm, 15 * mm, 15 * mm, 15 * mm, 41 * mm]  # TABLE_W


def post_title(org: Organization, rnd: RoundReport) -> str:
    return f"{rnd.committee or org.committee}{rnd.post}"


def _facts(org: Organization, election: ElectionInfo, rnd: RoundReport) -> Table:
    """The key figures as a ruled label/value grid."""
    cell = styles()["cell"]
    pairs = [
        ("选举名称", election.title), ("选举职务", post_title(org, rnd)),
        ("投票类别", f"{rnd.kind_label}（{rnd.electors}）"), ("应选名额", f"{rnd.seats} 名"),
        ("应到会有选举权人数", str(rnd.expected)), ("实到会有选举权人数", str(rnd.present)),
        ("发出选票", f"{rnd.issued} 张"), ("收回选票", f"{rnd.returned} 张"),
        ("有效票", f"{rnd.valid} 张"), ("无效票", f"{rnd.invalid} 张"),
    ]
    rows = [[Paragraph(escape(t), cell) for t in pairs[i] + pairs[i + 1]] for i in range(0, len(pairs), 2)]
    table = Table(rows, colWidths=[36 * mm, TABLE_W / 2 - 36 * mm] * 2)
    shade = [("BACKGROUND", (c, 0), (c, -1), colors.Color(0.93, 0.93, 0.93)) for c in (0, 2)]
    table.setStyle(TableStyle(GRID + shade))
    return table


def _person_row(i: int, p: PersonRow, rnd: RoundReport) -> list[str]:
    result = rnd.result_word(p)
    if p.write_in:
        return [str(i), f"{p.name}（另选）", str(p.yes), "—", "—", "—", str(p.yes), result]
    total = p.yes + p.no + p.abstain + p.void
    return [str(i), p.name, str(p.yes), str(p.no), str(p.abstain), str(p.void), str(total), result]


def _persons(rnd: RoundReport) -> Table:
    rows = [_person_row(i, p, rnd) for i, p in enumerate(rnd.persons, start=1)]
    return grid_table(_HEAD, rows, _WIDTHS)


def _validity(rnd: RoundReport) -> str:
    quorum = "超过" if rnd.quorum_met else "未超过"
    vote = "选举有效" if rnd.vote_valid else "选举无效，须重新进行选举"
    return (f"实到会有选举权人数{quorum}应到会人数的五分之四；收回选票 {rnd.returned} 张，"
            f"发出选票 {rnd.issued} 张，{vote}。")


def decision_lines(rnd: RoundReport) -> list[str]:
    """The threshold used and who is elected, tied or left for another round, as sentences."""
    lines = [f"当选票数：须超过{rnd.base_words}有选举权人数（{rnd.threshold_base} 人）的半数，即至少 {rnd.threshold_min_yes} 票。"]
    if rnd.vote_valid and rnd.kind == RoundKind.PRELIMINARY:  # nobody is elected: names advance (R13.1)
        advanced = "、".join(f"{n}（{rnd.votes(n)} 票）" for n in rnd.advancing) or "无"
        lines.append(f"进入正式选举的候选人（按得票多少为序）：{advanced}。")
    elif rnd.vote_valid and len(rnd.elected) > LIST_LIMIT:
        lines.append(f"当选 {len(rnd.elected)} 名，见上表“结果”栏。")  # a long run-on list would split names across lines
    elif rnd.vote_valid:
        elected = "、".join(f"{n}（{rnd.votes(n)} 票）" for n in rnd.elected) or "无"
        lines.append(f"当选（按得票多少为序）：{elected}。")
    if rnd.tie_among:
        votes = rnd.votes(rnd.tie_among[0])
        lines.append(f"得票相等：{'、'.join(rnd.tie_among)}各得 {votes} 票，就 {rnd.tie_seats} 个名额在上述人员中重新投票。")
    if rnd.vote_valid and rnd.kind == RoundKind.PRELIMINARY:
        return lines  # seats are not filled by a preliminary round
    if rnd.vote_valid and rnd.unfilled:
        lines.append(f"尚缺 {rnd.unfilled} 个名额未选足，须另行选举或经选举人过半数同意减少名额。")
    return lines


def signer_roles(officials: Officials) -> list[tuple[str, Sequence[str]]]:
    """The signature lines: the roles appointed, with their names; with no teller appointed (a small
    plenary) the scrutineers counted too, so they sign as both."""
    roles: list[tuple[str, Sequence[str]]] = [("总监票人", [officials.chief])] if officials.chief is not None else []
    tellers = [n for n in officials.tellers if n]
    scrutineers = [n for n in officials.scrutineers if n]
    if scrutineers and not tellers:
        return roles + [("监票人兼计票人", scrutineers)]
    return roles + [("监票人", officials.scrutineers), ("计票人", officials.tellers)]


def counting_story(org: Organization, election: ElectionInfo, rnd: RoundReport, officials: Officials) -> list:
    roles = signer_roles(officials)
    return [
        para("计票结果报告单", "title"),
        para(f"{post_title(org, rnd)}{rnd.vote_word} · {rnd.kind_label} · {cn_date(rnd.date)}", "subtitle"),
        _facts(org, election, rnd),
        Spacer(0, 3 * mm),
        para(_validity(rnd), "to"),
        Spacer(0, 2 * mm),
        _persons(rnd),
        Spacer(0, 2 * mm),
        *[para(line, "to") for line in decision_lines(rnd)],
        *paper_block(org.committee, f"{post_title(org, rnd)}{rnd.vote_word} {rnd.kind_label}", rnd),  # issue 12: the paper code
        Spacer(0, 2 * mm),
        SignatureLines(roles, rnd.date),
    ]


def counting_report_pdf(
    org: Organization, election: ElectionInfo, rounds: Sequence[RoundReport],
    officials: Officials | Sequence[Officials], created: date | None,
) -> bytes:
    """One counting report per round, each starting on a new page; ``officials`` per round or shared."""
    signers = [officials] * len(rounds) if isinstance(officials, Officials) else list(officials)
    if len(signers) != len(rounds):
        raise ValueError(f"{len(rounds)} rounds but {len(signers)} sets of officials")
    require_glyphs(org, election, tuple(rounds), tuple(signers))
    story: list = []
    for rnd, who in zip(rounds, signers):
        story += ([PageBreak()] if story else []) + counting_story(org, election, rnd, who)
    return build_pdf(story, page_for(org, election, "计票结果报告单", created))
