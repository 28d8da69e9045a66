"""大会议程: the order of business of the assembly and of the first plenary, from the election method's steps (R4.7)."""
from __future__ import annotations

from reportlab.platypus import PageBreak

from app.core.reports.method import MethodData
from app.core.reports.styles import build_pdf, cn_date, cn_number, opara, page_for, require_glyphs, title_para


def agenda_items(d: MethodData) -> list[str]:
    """The items in the order the meeting takes them; the votes follow the posts it fills."""
    votes = [f"投票选举{p.post}" for p in d.posts]
    if d.plenary:
        return ["报告到会委员人数，宣布会议开始", "通过选举办法", "通过监票人", "介绍候选人", *votes,
                "监票人报告计票结果，宣布当选人名单", "研究确定委员分工", "会议结束"]
    return ["报告到会人数，宣布大会开始", "听取和审查上届委员会的工作报告", "通过选举办法", "通过监票人、计票人名单",
            "介绍候选人情况", "清点到会人数，分发选票", *votes, "总监票人报告计票结果，宣布当选人名单",
            "新一届委员会书记（或代表）讲话", "大会结束"]


def agenda_story(d: MethodData) -> list:
    head = f"{d.election.term}{d.org.committee}第一次全体会议议程" if d.plenary else f"{d.org.name}{d.meeting}议程"
    return [title_para(head, official=True), opara(f"（{cn_date(d.on)}）", "o_number"),
            *[opara(f"{cn_number(i)}、{item}") for i, item in enumerate(agenda_items(d), start=1)]]


def agenda_pdf(methods: tuple[MethodData, ...]) -> bytes:
    """The assembly's agenda, then the first plenary's, each on its own page."""
    require_glyphs(*methods)
    story: list = []
    for d in methods:
        story += ([PageBreak()] if story else []) + agenda_story(d)
    first = methods[0]
    return build_pdf(story, page_for(first.org, first.election, "议程", first.on, official=True))
