"""The scrutineers' papers: their list, the attendance count report, and per round the ballots issued and counted."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from app.core.reports.counting_report import post_title, signer_roles
from app.core.reports.data import ElectionInfo, Officials, Organization, RoundReport
from app.core.reports.parts import SignatureLines
from app.core.reports.styles import build_pdf, cn_date, grid_table, page_for, para, require_glyphs

_CHIEF = "总监票人"


def _meetings(rounds: Sequence[RoundReport], officials: Sequence[Officials]) -> list[tuple[RoundReport, Officials]]:
    """The first round of each meeting (electors and date) with its officials: one attendance count per meeting."""
    seen: dict[tuple[str, date | None], tuple[RoundReport, Officials]] = {}
    for rnd, who in zip(rounds, officials):
        seen.setdefault((rnd.electors, rnd.date), (rnd, who))
    return list(seen.values())


def _chief_line(who: Officials, on: date | None) -> SignatureLines:
    """The chief scrutineer signs; a meeting without one (a small plenary) has its scrutineers sign."""
    if who.chief is not None:
        return SignatureLines([(_CHIEF, [who.chief])], on)
    return SignatureLines([("监票人", [n for n in who.scrutineers if n] or [""])], on)


def scrutineer_list_story(org: Organization, rnd: RoundReport, who: Officials) -> list:
    rows = ([[_CHIEF, who.chief or ""]] if who.chief is not None else [])
    rows += [["监票人", n] for n in who.scrutineers if n] + [["计票人", n] for n in who.tellers if n]
    return [para("监票人、计票人名单", "title"), para(f"{org.committee} · {rnd.electors} · {cn_date(rnd.date)}", "subtitle"),
            grid_table(["职责", "姓名"], rows, [60 * mm, 96 * mm]), Spacer(0, 3 * mm),
            para(f"以上人员由{rnd.electors}表决通过；候选人不得担任监票人、计票人。", "to")]


def attendance_story(org: Organization, election: ElectionInfo, rnd: RoundReport, who: Officials) -> list:
    met = "超过" if rnd.quorum_met else "未超过"
    verdict = "会议有效，可以进行选举" if rnd.quorum_met else "会议无效，不能进行选举"
    return [para("清点到会人数报告单", "title"), para(f"{org.committee} · {rnd.electors} · {cn_date(rnd.date)}", "subtitle"),
            para(f"应到会有选举权的{'委员' if rnd.electors.endswith('全体会议') else election.voter}{rnd.expected}名，"
                 f"实到会{rnd.present}名，{met}应到会人数的五分之四，{verdict}。", "to"),
            Spacer(0, 6 * mm), _chief_line(who, rnd.date)]


def ballots_story(org: Organization, rnd: RoundReport, who: Officials) -> list:
    """分发选票情况报告单 and 清点选票报告单 of one round, on one page."""
    head = f"{post_title(org, rnd)}{rnd.vote_word} · {rnd.kind_label} · {cn_date(rnd.date)}"
    issued = "等于" if rnd.issued == rnd.present else ("少于" if rnd.issued < rnd.present else "多于")
    back = "等于" if rnd.returned == rnd.issued else ("少于" if rnd.returned < rnd.issued else "多于")
    valid = "选举有效" if rnd.returned <= rnd.issued else "选举无效，须重新选举"
    return [para("分发选票情况报告单", "title"), para(head, "subtitle"),
            para(f"实到会有选举权的人数{rnd.present}名，发出选票{rnd.issued}张，{issued}实到会有选举权的人数。", "to"),
            Spacer(0, 4 * mm), _chief_line(who, rnd.date), Spacer(0, 14 * mm),
            para("清点选票报告单", "title"), para(head, "subtitle"),
            para(f"发出选票{rnd.issued}张，收回选票{rnd.returned}张，收回数{back}发出数，{valid}。", "to"),
            Spacer(0, 4 * mm), *[SignatureLines(signer_roles(who), rnd.date)]]


def scrutiny_pdf(org: Organization, election: ElectionInfo, rounds: Sequence[RoundReport],
                 officials: Sequence[Officials], created: date | None) -> bytes:
    """Every meeting's scrutineer list and attendance count, then each round's ballot reports (R4.7, R3.1, R8.1)."""
    require_glyphs(org, election, tuple(rounds), tuple(officials))
    story: list = []
    for rnd, who in _meetings(rounds, officials):
        story += ([PageBreak()] if story else []) + scrutineer_list_story(org, rnd, who)
        story += [PageBreak()] + attendance_story(org, election, rnd, who)
    for rnd, who in zip(rounds, officials):
        story += [PageBreak()] + ballots_story(org, rnd, who)
    return build_pdf(story, page_for(org, election, "监票计票报告单", created))
