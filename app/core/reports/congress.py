"""A generated delegate congress (default 300 delegates, 40 candidates) to test pagination and speed."""
from __future__ import annotations

from datetime import date

from app.core.reports.data import (
    Attendee, BallotSpec, CandidateRequestData, CandidateRow, DocumentSet, ElectionInfo, ElectionRequestData,
    Officials, Organization, PostPlan, ResultReportData, ballot_copies, round_report,
)
from app.core.reports.demo import tally_outcome, elected_members, fingerprint
from app.core.rules.model import Body, Office
from app.core.rules.strokes import sort_names

# Rare surname and name characters (燚 犇 靳 亓 覃) and a transliterated name are mixed in on purpose.
SURNAMES = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
            "彭 曾 萧 田 董 潘 袁 蔡 蒋 余 于 杜 叶 程 魏 苏 吕 丁 任 卢 姚 沈 钟 姜 崔 谭 陆 范 汪 廖 "
            "靳 亓 覃 犇 燚 欧阳 司马 诸葛").split()
GIVEN = ("建国 秀英 志强 丽华 海燕 立新 卫东 红梅 文博 晓明 春花 国庆 玉兰 德胜 子涵 一鸣 雪 鑫 "
         "浩然 思远 燚 犇 明 静 宏伟 桂芳 永刚 淑珍 振华 亚楠").split()
ORG = Organization("中共示范机械集团有限公司", "中共示范机械集团有限公司委员会", "中共示范市国资委委员会")
DAY = date(2026, 6, 18)


def delegate_names(n: int) -> list[str]:
    """``n`` distinct deterministic names; the first is a transliterated Uyghur name."""
    names = ["阿依古丽·买买提"]
    i = 0
    while len(names) < n:
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7 + i // len(SURNAMES)) % len(GIVEN)]
        if name not in names:
            names.append(name)
        i += 1
    return names


def _tallies(names: tuple[str, ...], valid: int) -> dict[str, tuple[int, int, int]]:
    """Yes votes falling from near-unanimous, distinct so there is no tie; no/abstain share the rest."""
    out = {}
    for rank, name in enumerate(sorted(names, key=lambda s: fingerprint(s))):
        yes = valid - 3 - rank * 4
        out[name] = (yes, (valid - yes) * 2 // 3, valid - yes - (valid - yes) * 2 // 3)
    return out


def _officers(secretary: str, deputy: str, seats: int) -> tuple:
    """The new committee's first plenary: one single-candidate round each for secretary and deputy."""
    rounds = []
    for k, (post, office, name) in enumerate((("书记", Office.SECRETARY, secretary),
                                              ("副书记", Office.DEPUTY_SECRETARY, deputy))):
        outcome = tally_outcome((name,), {name: (seats - k, 0, k)}, seats=1, expected=seats, present=seats,
                                invalid=0, body=Body.COMMITTEE_PLENARY, office=office)
        rounds.append(round_report(outcome, post, electors="第一次全体会议", on=DAY))
    return tuple(rounds)


def congress_report_data(delegates: int = 300, candidates: int = 40, seats: int = 33) -> DocumentSet:
    """A delegate congress with ``delegates`` voters, 5 non-voting attendees and one competitive round."""
    names = delegate_names(delegates + 5)
    cands = tuple(sort_names(names[:: max(1, delegates // candidates)][:candidates]))
    present, invalid = delegates - 9, 3
    election = ElectionInfo(f"{ORG.committee}换届选举", Body.DELEGATE_CONGRESS, DAY, "集团公司职工活动中心大礼堂",
                            "第八届", False, fingerprint(ORG, cands, DAY))
    outcome = tally_outcome(cands, _tallies(cands, present - invalid), seats=seats, expected=delegates, present=present,
                     invalid=invalid, body=Body.DELEGATE_CONGRESS)
    main = round_report(outcome, "委员", electors="党员代表大会", on=DAY)
    members = elected_members((main,))
    plenary = _officers(members[0].name, members[1].name, seats)
    rows = tuple(CandidateRow(n, "男" if i % 3 else "女", date(1965 + i % 25, 1 + i % 12, 1), "汉族",
                              date(1990 + i % 25, 1 + (i * 5) % 12, 1), "大学", f"集团第{i % 12 + 1}分公司负责人")
                 for i, n in enumerate(cands))
    units = [f"第{i % 15 + 1}代表团" for i in range(delegates)]
    attendees = tuple(Attendee(n, True, u) for n, u in zip(names, units))
    attendees += tuple(Attendee(n, False, "列席", "列席人员") for n in names[delegates:])
    result = ResultReportData(ORG, election, (main,), members, DAY, plenary, DAY, rows,
                              approval_ref="示国资党委〔2026〕21号")
    plan = (PostPlan("委员", seats, candidates, "党员代表大会"), PostPlan("书记", 1, 1, "第一次全体会议"),
            PostPlan("副书记", 1, 1, "第一次全体会议"))
    request = ElectionRequestData(ORG, election, date(2021, 6, 20), 5, 4200, 4100, 100, plan, date(2026, 4, 1))
    cand_request = CandidateRequestData(ORG, election, "委员", seats, rows, date(2026, 5, 10))
    ballots = ((BallotSpec("委员", seats, cands), ballot_copies(present, 10)),)
    officials = Officials("任卫东", ("丁海燕", "于建国", "马文博", "王晓明"), ("田红梅", "冯雪"))
    return DocumentSet(request, cand_request, attendees, ballots, (officials, Officials(None), Officials(None)),
                       result, DAY)
