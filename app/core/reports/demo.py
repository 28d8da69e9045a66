"""Demo documents: a 42-member community branch with a tie re-vote, counted by the rules engine."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import TypedDict

from app.core.reports.data import (
    Attendee, BallotSpec, CandidateRequestData, CandidateRow, DocumentSet, Elected, ElectionInfo,
    ElectionRequestData, Officials, Organization, PostPlan, ResultReportData, RoundReport, ballot_copies, round_report,
)
from app.core.rules.election import RoundOutcome, count_round
from app.core.rules.model import Body, Office, RoundInput, RoundKind, Tally
from app.core.rules.strokes import sort_names

ORG = Organization("中共和平街道幸福里社区支部", "中共和平街道幸福里社区支部委员会", "中共和平街道工作委员会")
DAY = date(2026, 3, 15)
PLENARY = "新一届支部委员会第一次全体会议"

CANDIDATES = (  # listed in stroke order by sort_names below, not here
    CandidateRow("覃海燕", "女", date(1983, 9, 2), "壮族", date(2008, 6, 30), "大学", "幸福里社区居委会副主任"),
    CandidateRow("王建华", "男", date(1972, 4, 18), "汉族", date(1995, 7, 1), "大学", "幸福里社区党支部书记、居委会主任"),
    CandidateRow("张立新", "男", date(1969, 11, 5), "汉族", date(1992, 12, 20), "大专", "幸福里社区退休党员"),
    CandidateRow("亓秀英", "女", date(1978, 1, 23), "汉族", date(2001, 5, 12), "研究生", "幸福里社区党支部副书记"),
    CandidateRow("李娜", "女", date(1990, 6, 14), "回族", date(2013, 10, 8), "大学", "幸福里社区网格员"),
    CandidateRow("刘志强", "男", date(1981, 2, 27), "汉族", date(2005, 4, 16), "大学", "和平街道物业公司项目经理"),
)
OTHER_FULL = (
    "丁玉兰 于洪涛 马晓东 王淑芬 王磊 方明远 尹春梅 石德胜 卢建国 田秀珍 冯志刚 吕桂香 朱永康 任丽华 孙海鹰 "
    "杨帆 吴振宇 何翠萍 宋金山 张玉梅 陈晓光 陈静 罗庆华 周犇 郑红霞 赵德明 胡丽娟 侯建军 郭燚 高秀兰 韩冬梅 靳国栋"
).split()
ABSENT = ("宋金山", "侯建军", "高秀兰")
EXCLUDED = ("欧阳明", "出国（自费）半年以上，经上级党组织同意、党员大会通过不列入应到会人数")
PROBATIONARY = ("林小雨", "曹宇航", "谢婷婷")


def fingerprint(*parts: object) -> str:
    """A stand-in for the stored election's definition hash."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def tally_outcome(candidates: tuple[str, ...], tallies: dict[str, tuple[int, int, int]], *, seats: int, expected: int,
           present: int, invalid: int, body: Body = Body.MEMBER_ASSEMBLY, office: Office = Office.COMMITTEE_MEMBER,
           kind: RoundKind = RoundKind.FORMAL, write_ins: dict[str, int] | None = None) -> RoundOutcome:
    """The engine's outcome for a round given as tally sheets (every ballot issued comes back)."""
    inp = RoundInput(
        seats=seats, candidates=candidates, ballots_issued=present, ballots_returned=present,
        expected=expected, present=present, body=body, office=office, kind=kind,
        competitive=office == Office.COMMITTEE_MEMBER and kind == RoundKind.FORMAL,
        tallies={n: Tally(*t) for n, t in tallies.items()}, write_in_tallies=write_ins or {}, invalid_ballots=invalid,
    )
    return count_round(inp)


class _PlenaryArgs(TypedDict):
    """The keyword arguments every plenary round of the demo shares."""

    body: Body
    expected: int
    present: int
    invalid: int
    seats: int


def _rounds(order: tuple[str, ...]) -> tuple[tuple[RoundReport, ...], tuple[RoundReport, ...]]:
    # 34 valid ballots in the first round: yes + no + abstain = 34 for every printed candidate.
    first = tally_outcome(order, {"王建华": (33, 0, 1), "亓秀英": (31, 1, 2), "李娜": (30, 2, 2), "覃海燕": (28, 3, 3),
                           "刘志强": (20, 9, 5), "张立新": (20, 10, 4)},
                   seats=5, expected=38, present=35, invalid=1, write_ins={"靳国栋": 2})
    if first.tie_revote is None:  # the demo's first round always ties; first.tie_revote.among would raise this
        raise AttributeError("'NoneType' object has no attribute 'among'")
    tied = first.tie_revote.among
    revote = tally_outcome(tied, {"刘志强": (21, 10, 3), "张立新": (12, 17, 5)}, seats=1, expected=38, present=35,
                    invalid=1, kind=RoundKind.TIE_REVOTE)
    plenary: _PlenaryArgs = {"body": Body.COMMITTEE_PLENARY, "expected": 5, "present": 5, "invalid": 0, "seats": 1}
    secretary = tally_outcome(("王建华",), {"王建华": (5, 0, 0)}, office=Office.SECRETARY, **plenary)
    deputy = tally_outcome(("亓秀英",), {"亓秀英": (4, 0, 1)}, office=Office.DEPUTY_SECRETARY, **plenary)
    assembly = (round_report(first, "委员", electors="党员大会", on=DAY),
                round_report(revote, "委员", electors="党员大会", on=DAY))
    officers = (round_report(secretary, "书记", electors=PLENARY, on=DAY),
                round_report(deputy, "副书记", electors=PLENARY, on=DAY))
    return assembly, officers


def elected_members(rounds: tuple[RoundReport, ...], post: str = "委员") -> tuple[Elected, ...]:
    """Everyone elected over the rounds, in surname-stroke order, with the votes that elected them."""
    votes = {n: r.votes(n) for r in rounds for n in r.elected}
    return tuple(Elected(n, votes[n], post) for n in sort_names(votes))


def _attendees() -> tuple[Attendee, ...]:
    full = sort_names([c.name for c in CANDIDATES] + OTHER_FULL)
    groups = ("第一党小组", "第二党小组", "第三党小组")
    voters = tuple(Attendee(n, True, groups[i % 3], "请假" if n in ABSENT else "") for i, n in enumerate(full))
    others: tuple[Attendee, ...] = (Attendee(EXCLUDED[0], False, "第二党小组", "不列入应到会人数"),)
    others += tuple(Attendee(n, False, groups[i], "预备党员") for i, n in enumerate(sort_names(PROBATIONARY)))
    return voters + others


def _result(election: ElectionInfo, candidates: tuple[CandidateRow, ...]) -> ResultReportData:
    assembly, officers = _rounds(tuple(c.name for c in candidates))
    return ResultReportData(
        org=ORG, election=election, rounds=assembly, members=elected_members(assembly), issued=date(2026, 3, 16),
        plenary=officers, plenary_date=DAY, candidates=candidates,
        duties=(("王建华", "书记"), ("亓秀英", "副书记"), ("李娜", "组织委员"), ("覃海燕", "宣传委员"), ("刘志强", "纪检委员")),
        incidents=("第一轮投票收回的选票中有1张所选人数多于应选人数，经监票人共同确认为无效票。",
                   "第一轮投票刘志强、张立新得票相等（各20票），经大会同意就最后1个名额在两人中重新投票。",
                   f"党员{EXCLUDED[0]}{EXCLUDED[1]}。"),
        approval_ref="和街党工委〔2026〕8号",
    )


def _requests(election: ElectionInfo, candidates: tuple[CandidateRow, ...]) -> tuple[ElectionRequestData, CandidateRequestData]:
    plan = (PostPlan("委员", 5, 6, "党员大会"), PostPlan("书记", 1, 1, PLENARY), PostPlan("副书记", 1, 1, PLENARY))
    members = len(CANDIDATES) + len(OTHER_FULL) + 1 + len(PROBATIONARY)
    req = ElectionRequestData(ORG, election, date(2021, 3, 20), 5, members, members - len(PROBATIONARY),
                              len(PROBATIONARY), plan, date(2026, 1, 20))
    cands = CandidateRequestData(ORG, election, "委员", 5, candidates, date(2026, 2, 20),
                                 (("书记", "王建华"), ("副书记", "亓秀英")), "和街党工委〔2026〕8号")
    return req, cands


def demo_report_data(rehearsal: bool = False) -> DocumentSet:
    """The demo election's papers: 42 members, 5 seats, 6 candidates, a tie re-vote, secretary and deputy."""
    by_name = {c.name: c for c in CANDIDATES}
    candidates = tuple(by_name[n] for n in sort_names(by_name))
    election = ElectionInfo("中共和平街道幸福里社区支部委员会换届选举", Body.MEMBER_ASSEMBLY, DAY,
                            "幸福里社区党群服务中心三楼会议室", "第五届", rehearsal,
                            fingerprint(ORG, [c.name for c in candidates], DAY, rehearsal))
    result = _result(election, candidates)
    names = tuple(c.name for c in candidates)
    spare = 5
    ballots = ((BallotSpec("委员", 5, names), ballot_copies(35, spare)),
               (BallotSpec("委员", 1, result.rounds[0].tie_among, RoundKind.TIE_REVOTE), ballot_copies(35, spare)),
               (BallotSpec("书记", 1, ("王建华",)), ballot_copies(5, 2)),
               (BallotSpec("副书记", 1, ("亓秀英",)), ballot_copies(5, 2)))
    assembly = Officials("卢建国", ("田秀珍", "冯志刚"), ("吕桂香", "朱永康"))
    plenary = Officials(None, ("覃海燕",), ("刘志强",))
    request, cand_request = _requests(election, candidates)
    return DocumentSet(request, cand_request, _attendees(), ballots, (assembly, assembly, plenary, plenary),
                       result, DAY)
