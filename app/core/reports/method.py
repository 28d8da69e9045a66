"""选举办法（草案）: the election method put to the assembly and to the new committee's first plenary (R4.7)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.reports.data import ElectionInfo, Organization, PostPlan
from app.core.reports.styles import build_pdf, cn_date, cn_number, opara, page_for, require_glyphs, title_para


@dataclass(frozen=True)
class MethodData:
    """What the draft method states: the meeting, the posts it fills, the counting settings recorded (R4.7, R13.8)."""

    org: Organization
    election: ElectionInfo
    meeting: str  # 党员大会 / 党员代表大会 / 新一届委员会第一次全体会议
    posts: tuple[PostPlan, ...]
    plenary: bool
    on: date | None
    write_in_needs_mark: bool = True


def method_title(d: MethodData) -> tuple[str, str]:
    head = f"{d.election.term}{d.org.committee}" if d.plenary else d.org.name
    return head, f"{d.election.plenary_name if d.plenary else d.meeting}选举办法（草案）"


def _clauses(d: MethodData) -> list[str]:
    voter = "委员" if d.plenary else d.election.voter
    posts = "、".join(f"{p.post}{p.seats}名" for p in d.posts)
    lists = "；".join(
        f"{p.post}候选人{p.candidates}名，" + (f"差额{p.candidates - p.seats}名" if p.candidates > p.seats else "实行等额选举")
        for p in d.posts)
    write_in = "新一届委员会委员" if d.plenary else "有被选举权的正式党员"
    mark = "并在其姓名下方的空格内画〇；只写姓名不画〇的，不计票" if d.write_in_needs_mark else "写上姓名即视为赞成"
    e = d.election
    ordered = [p.post for p in d.posts if p.post in ("书记", "副书记", "常务委员会委员")]
    order = "候选人名单按姓氏笔画为序排列" + (f"；{'、'.join(ordered)}候选人按上级党组织批准的顺序排列" if ordered else "")
    # R13.8: the re-vote rule as recorded; R13.1: the preliminary election and its bar as recorded.
    revote = ("得票多的当选" if e.revote_more_votes else "仍须获得赞成票超过实到会有选举权人数的半数，得票多的当选")
    base = "应到会" if e.preliminary_on_expected else "实到会"
    pre = [f"{post}先进行预选。预选按得票多少确定正式候选人{n}名，被选举人获得的赞成票须超过{base}有选举权的{voter}的半数；"
           f"第{n}名得票相等的，就得票相等的人重新投票确定。正式选举按预选产生的候选人进行。"
           for post, n in e.preliminary] if not d.plenary else []
    return [
        "根据《中国共产党章程》和《中国共产党基层组织选举工作条例》，制定本办法。",
        f"本次{d.meeting}{'补选' if e.kind_word == '补选' else '选举产生' + d.election.term}{d.org.committee}{posts}。",
        f"选举采用无记名投票的方式。{lists}。{order}。",
        *pre,
        f"有选举权的{voter}到会人数超过应到会人数的五分之四，方可进行选举。",
        f"选举设监票人、计票人，由{d.meeting}表决通过；候选人不得担任监票人、计票人。监票人负责检查票箱，"
        "监督发票、投票、计票；计票人在监票人的监督下进行计票。",
        "对候选人表示赞成的，在其姓名下方的空格内画〇，不赞成的画×，弃权的不画任何符号。不赞成某候选人而另选他人的，"
        f"在“另选他人”栏内写上另选人的姓名，{mark}；另选他人须为{write_in}。",
        "每张选票所选人数等于或少于应选人数的为有效票，多于应选人数的为无效票。收回的选票等于或少于发出的选票，"
        "选举有效；多于发出的选票，选举无效，应重新选举。",
        f"被选举人获得的赞成票超过实到会有选举权的{voter}的半数，始得当选。当选人多于应选名额时，以得票多少为序，"
        f"至取足应选名额为止；如遇票数相等不能确定当选人时，应就票数相等的被选举人重新投票，{revote}。",
        "当选人少于应选名额时，对不足的名额另行选举；如果接近应选名额且符合规定的差额比例，"
        f"也可以经{d.meeting}半数以上同意减少名额，不再进行选举。",
        "计票结果由总监票人向大会报告，由会议主持人宣布当选人名单。" if not d.plenary else
        "计票结果由监票人向会议报告，由会议主持人宣布当选人名单。选举结果报上级党组织批准。",
        f"本办法经{d.meeting}表决通过后生效。",
    ]


def method_story(d: MethodData) -> list:
    clauses = [opara(f"{cn_number(i)}、{text}") for i, text in enumerate(_clauses(d), start=1)]
    return [title_para(*method_title(d), official=True), opara(f"（{cn_date(d.on)}）", "o_number"), *clauses]


def method_pdf(d: MethodData) -> bytes:
    """The draft method, in the official layout; its date is the meeting's."""
    require_glyphs(d)
    return build_pdf(method_story(d), page_for(d.org, d.election, "".join(method_title(d)), d.on, official=True))
