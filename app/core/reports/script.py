"""主持词: what the chair reads at the assembly and at the first plenary, item by item of the agenda (R4.7)."""
from __future__ import annotations

from reportlab.platypus import PageBreak

from app.core.reports.agenda import closing_speaker
from app.core.reports.method import MethodData
from app.core.reports.styles import build_pdf, cn_date, cn_number, opara, page_for, require_glyphs, title_para

# The live figures are the chair's to read from the sign-in at the meeting: blanks to fill in, never invented.
BLANK = "____"


def _lists(d: MethodData) -> str:
    return "；".join(f"{p.post}候选人{p.candidates}名，应选{p.seats}名" + (
        f"，差额{p.candidates - p.seats}名" if p.candidates > p.seats else "，实行等额选举") for p in d.posts)


def _opening(d: MethodData) -> str:
    meeting = d.meeting
    if d.election.kind_word == "补选":  # R13.4: the committee sits on, its vacant seats are filled
        return f"同志们：{d.org.committee}委员出缺，经上级党组织批准，今天召开{meeting}，补选委员。"
    return f"同志们：{d.org.committee}任期已满，经上级党组织批准，今天召开{meeting}，进行换届选举。"


def _preliminary(d: MethodData) -> list[str]:
    """The preliminary vote of each post that holds one, before the formal vote (R13.1, R9.3)."""
    base = "应到会" if d.election.preliminary_on_expected else "实到会"
    out: list[str] = []
    for post, n in d.election.preliminary:
        out += [f"首先进行{post}预选，按得票多少确定正式候选人{n}名。请监票人检查票箱。现在开始投票。",
                "投票结束。请监票人、计票人清点选票并计票。",
                f"请总监票人报告预选结果。根据选举办法，得赞成票超过{base}有选举权人数半数的，按得票多少确定正式候选人；"
                f"第{n}名得票相等的，就得票相等的人重新投票确定。",
                f"正式候选人名单按姓氏笔画为序宣布。下面进行正式选举，请监票人分发{post}正式选举选票。"]
    return out


def _assembly(d: MethodData) -> list[str]:
    voter, meeting, by_election = d.election.voter, d.meeting, d.election.kind_word == "补选"
    items = ([] if by_election else ["听取和审查上届委员会的工作报告。"]) + [
        "通过选举办法。《选举办法（草案）》已发给大家，请审议。同意的请举手；不同意的请举手；弃权的请举手。通过。",
        "通过监票人、计票人名单。监票人、计票人均不是候选人。同意的请举手；不同意的请举手；弃权的请举手。通过。",
        f"介绍候选人。经上级党组织批复同意，{_lists(d)}；名单按姓氏笔画为序。",
        "请监票人清点到会人数，分发选票。请大家按选举办法填写：同意的在姓名下方空格内画〇，不同意的画×，"
        "弃权的不画任何符号；另选他人的，在空白格内写上其姓名"
        + ("，并在姓名下方画〇。" if d.write_in_needs_mark else "，写上姓名即视为赞成。"),  # as the method adopted
    ]
    speaker = closing_speaker(d)
    elected = "当选委员名单" if by_election else ("当选人名单" if d.election.direct_secretary else "新一届委员会委员名单")
    return [
        _opening(d),
        f"本次{meeting}应到会有选举权的正式{voter}{BLANK}名，实到会{BLANK}名，超过应到会人数的五分之四，"
        f"符合规定，可以进行选举。现在我宣布：大会开始。",
        *[f"大会进行第{cn_number(i)}项：{text}" for i, text in enumerate(items, start=2)],
        *_preliminary(d),
        "请监票人检查票箱。现在开始投票。",
        "投票结束。请监票人、计票人清点选票并计票。",
        "请总监票人报告计票结果。根据选举办法，得赞成票超过实到会有选举权人数半数的，方可当选。",
        f"{elected}按姓氏笔画为序宣布。" + (f"请{speaker.removesuffix('讲话')}讲话。" if speaker else ""),
        "大会的各项议程已经完成。现在我宣布：大会结束。",
    ]


def _plenary(d: MethodData) -> list[str]:
    votes = [f"会议进行第{cn_number(i)}项：选举{p.post}。{p.post}候选人{p.candidates}名，应选{p.seats}名。"
             f"请监票人分发选票、检查票箱，现在开始投票；请监票人报告计票结果。" for i, p in enumerate(d.posts, start=4)]
    last = len(d.posts) + 4
    return [
        f"同志们：现在召开{d.election.term}{d.org.committee}{d.election.plenary_name}。应到会委员{BLANK}名，实到会{BLANK}名，"
        f"超过应到会人数的五分之四，可以进行选举。现在我宣布：会议开始。",
        f"会议进行第{cn_number(2)}项：通过选举办法。同意的请举手；不同意的请举手；弃权的请举手。通过。",
        f"会议进行第{cn_number(3)}项：通过监票人。同意的请举手；不同意的请举手；弃权的请举手。通过。",
        *votes,
        f"会议进行第{cn_number(last)}项：研究确定委员分工。",
        "选举结果报上级党组织审批。会议的各项议程已经完成。现在我宣布：会议结束。",
    ]


def script_story(d: MethodData) -> list:
    head = ((f"{d.election.term}{d.org.committee}", f"{d.election.plenary_name}主持词") if d.plenary
            else (d.org.name, f"{d.meeting}主持词"))
    lines = _plenary(d) if d.plenary else _assembly(d)
    return [title_para(*head, official=True), opara(f"（{cn_date(d.on)}）", "o_number"), *[opara(t) for t in lines]]


def script_pdf(methods: tuple[MethodData, ...]) -> bytes:
    """The assembly's script, then the first plenary's, each from its own page."""
    require_glyphs(*methods)
    story: list = []
    for d in methods:
        story += ([PageBreak()] if story else []) + script_story(d)
    first = methods[0]
    return build_pdf(story, page_for(first.org, first.election, "主持词", first.on, official=True))
