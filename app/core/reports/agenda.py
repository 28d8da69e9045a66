"""大会议程: the order of business of the assembly and of the first plenary, from the election method's steps (R4.7)."""
from __future__ import annotations

from reportlab.platypus import PageBreak

from app.core.reports.method import MethodData
from app.core.reports.styles import build_pdf, cn_date, cn_number, opara, page_for, require_glyphs, title_para


def _votes(d: MethodData) -> list[str]:
    """The votes in order: a post with a preliminary election votes on it first, then formally on those advanced
    (R13.1)."""
    advance = dict(d.election.preliminary) if not d.plenary else {}
    verb = "补选" if d.election.kind_word == "补选" else "选举"  # R13.4
    out: list[str] = []
    for p in d.posts:
        if n := advance.get(p.post):
            out += [f"预选{p.post}候选人，按得票多少确定正式候选人{n}名", "总监票人报告预选结果，宣布正式候选人名单",
                    f"分发正式选举选票，投票{verb}{p.post}"]
        else:
            out.append(f"投票{verb}{p.post}")
    return out


def closing_speaker(d: MethodData) -> str:
    """Who speaks before the assembly closes: none after a by-election (the committee sits on, R13.4)."""
    if d.election.kind_word == "补选":
        return ""
    return "新当选的书记讲话" if d.election.direct_secretary else "新一届委员会书记（或代表）讲话"


def agenda_items(d: MethodData) -> list[str]:
    """The items in the order the meeting takes them; the votes follow the posts it fills."""
    votes = _votes(d)
    if d.plenary:
        return ["报告到会委员人数，宣布会议开始", "通过选举办法", "通过监票人", "介绍候选人", *votes,
                "监票人报告计票结果，宣布当选人名单", "研究确定委员分工", "会议结束"]
    report = [] if d.election.kind_word == "补选" else ["听取和审查上届委员会的工作报告"]
    speaker = [x for x in (closing_speaker(d),) if x]
    return ["报告到会人数，宣布大会开始", *report, "通过选举办法", "通过监票人、计票人名单",
            "介绍候选人情况", "清点到会人数，分发选票", *votes, "总监票人报告计票结果，宣布当选人名单",
            *speaker, "大会结束"]


def agenda_story(d: MethodData) -> list:
    # Issuer, then subject, on their own lines: one long line broke inside a word (第一次全体会/议议程).
    head = ((f"{d.election.term}{d.org.committee}", f"{d.election.plenary_name}议程") if d.plenary
            else (d.org.name, f"{d.meeting}议程"))
    return [title_para(*head, official=True), opara(f"（{cn_date(d.on)}）", "o_number"),
            *[opara(f"{cn_number(i)}、{item}") for i, item in enumerate(agenda_items(d), start=1)]]


def agenda_pdf(methods: tuple[MethodData, ...]) -> bytes:
    """The assembly's agenda, then the first plenary's, each on its own page."""
    require_glyphs(*methods)
    story: list = []
    for d in methods:
        story += ([PageBreak()] if story else []) + agenda_story(d)
    first = methods[0]
    return build_pdf(story, page_for(first.org, first.election, "议程", first.on, official=True))
