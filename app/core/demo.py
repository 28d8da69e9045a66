"""The one demo election builder (seeded): `votedesk demo`, `--demo`, `--selftest`, `demo-package`, tests and bench."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

from app.core.models import MemberRecord
from app.core.newfile import create_whole
from app.core.rules.model import MemberStatus
from app.core.workflow import ActionResult, Election, Vetting

# 44 members: 40 full (one excluded with both approvals), 2 probationary, 1 under 留党察看, 1 suspended.
FULL = (
    "王建国 李秀英 张伟 刘洋 陈静 杨帆 赵磊 黄丽 周强 吴敏 徐军 孙芳 胡斌 朱红 高峰 林娜 何勇 郭霞 马超 罗琳 "
    "梁涛 宋佳 郑刚 谢婷 韩冰 唐亮 冯雪 于洪 董梅 萧毅 程明 曹阳 袁慧 邓华 许诺 傅勤 沈清 曾辉 彭程 吕宁"
).split()
PROBATIONARY = ("蒋欣", "蔡文")
LIUDANG = "贾平"
SUSPENDED = "丁力"
EXCLUDED = "吕宁"  # abroad at own expense for more than half a year (R2.3 reason 2)
NOMINEES = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊")
FAILED_VETTING = "赵磊"
# Target yes votes in the formal round: 杨帆 and 陈静 tie for the fifth seat (R9.3).
TARGETS = {"王建国": 33, "李秀英": 31, "张伟": 30, "刘洋": 28, "陈静": 24, "杨帆": 24}
STEP = timedelta(minutes=7)
# Join dates before the assembly (2024-05-18): full members after their year of probation, the probationary
# within the year before it (R2.1); they join on 1 July, as the demo's other members do.
LAST_FULL_JOIN_YEAR, PROBATIONARY_JOINED = 2022, date(2023, 7, 1)
CHIEF, CHIEF_PIN = "周强", "2024"  # the demo's chief scrutineer and the PIN shown in the README


def _clock(start: datetime) -> Callable[[], datetime]:
    state = {"t": start}

    def now() -> datetime:
        state["t"] += STEP
        return state["t"]

    return now


def _roll() -> list[MemberRecord]:
    rng = random.Random(7)
    out = []
    for i, name in enumerate(FULL + list(PROBATIONARY) + [LIUDANG, SUSPENDED]):
        status = (MemberStatus.PROBATIONARY if name in PROBATIONARY else MemberStatus.LIUDANG_CHAKAN if name == LIUDANG
                  else MemberStatus.SUSPENDED if name == SUSPENDED else MemberStatus.FULL)
        born = date(1955 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28))
        joined = date(min(born.year + 22 + rng.randrange(8), LAST_FULL_JOIN_YEAR), 7, 1)  # the draw is kept: same roll
        if name in PROBATIONARY:
            joined = PROBATIONARY_JOINED
        out.append(MemberRecord(
            name=name, status=status, sex="女" if i % 3 == 1 else "男", birth_date=born, ethnicity="汉族" if i % 9 else "回族",
            joined_date=joined, education=rng.choice(["大学", "大专", "高中", "研究生"]),
            post=rng.choice(["社区工作者", "退休职工", "教师", "个体经营者", "物业管理员"]),
            remarks=f"预备期至{joined.year + 1}年6月" if name in PROBATIONARY else None,
        ))
    return out


ORGANIZATION = "中共青石社区支部委员会"


def _setup(e: Election, org: str = ORGANIZATION) -> dict[str, int]:
    e.set_organization(org, "branch", "社区", "中共青石街道工作委员会")
    e.set_election("member_assembly", 5, "2024-05-18", "青石社区党群服务中心二楼会议室")
    e.record_request("青石社支〔2024〕3号", "2024-03-20")
    e.record_reply("hold_election", "青石街工委〔2024〕11号", "2024-03-28")
    return {
        "members": e.add_post("committee_member", 5),
        "secretary": e.add_post("secretary", 1),
        "deputy": e.add_post("deputy_secretary", 1),
    }


def _roll_and_exclusion(e: Election) -> None:
    e.add_members(_roll())
    ex = e.add_exclusion(e.member_id(EXCLUDED), "abroad_self_funded_half_year", "2023年9月起自费出国探亲")
    e.approve_exclusion(ex, "青石街工委〔2024〕15号", "2024-04-20", "2024-05-18")


def _vetting(name: str) -> Vetting:
    failed = name == FAILED_VETTING
    return Vetting(True, 9, 38, 22 if failed else 35, 10 if failed else 3, 6 if failed else 0,
                   "有信访举报正在核查" if failed else "无违纪违法问题", not failed, "fail" if failed else "pass",
                   "青石街道党工委组织科", "2024-04-12")


def _candidates(e: Election, posts: dict[str, int]) -> None:
    for i, name in enumerate(NOMINEES):
        mid = e.member_id(name)
        e.nominate(posts["members"], mid, "party_group", 12 - i)
        e.record_vetting(mid, _vetting(name))
    ids = [e.member_id(n) for n in NOMINEES if n != FAILED_VETTING]
    _ok(e.set_candidates(posts["members"], ids))
    _ok(e.approve_candidates(posts["members"], "青石街工委〔2024〕19号", "2024-05-06", "2024-05-07", "2024-05-13"))
    e.record_reply("candidates", "青石街工委〔2024〕19号", "2024-05-06")
    e.record_incident("canvassing", "匿名群众来信", "2024-05-10", "反映有人电话拉票", "街道纪工委约谈核实", "查无实据，已提醒谈话")


def _meeting(e: Election) -> int:
    meeting = e.open_meeting("assembly", "2024-05-18", "青石社区党群服务中心二楼会议室")
    full = [e.member_id(n) for n in FULL if n != EXCLUDED]
    e.sign_in(meeting, full[:30])  # 30 of 39: not more than 4/5, the chair waits (R3.1)
    e.sign_in(meeting, full[30:36] + [e.member_id(n) for n in PROBATIONARY])
    _ok(e.adopt_method(meeting, "《青石社区支部委员会换届选举办法》（差额选举，另选他人须划○）", 35))
    people = [(e.member_id("周强"), "chief_scrutineer"), (e.member_id("吴敏"), "scrutineer"), (e.member_id("徐军"), "teller")]
    _ok(e.appoint_scrutineers(meeting, people))
    _ok(e.set_chief_pin(CHIEF_PIN))  # the chief scrutineer confirms signing and official results with it
    return meeting


def _ok(result: ActionResult) -> ActionResult:
    """A demo step that the workflow refused is a bug in the demo: raise (asserts vanish under python -O)."""
    if not result.ok:
        raise RuntimeError(f"demo step refused: {result.reasons}")
    return result


def _ballots(targets: dict[str, int], voters: int, seats: int, rng: random.Random) -> list[dict]:
    """Ballots reaching exactly the target yes counts, at most ``seats`` yes each (valid, R7.2)."""
    sets: list[set[str]] = [set() for _ in range(voters)]
    for name, yes in sorted(targets.items(), key=lambda t: -t[1]):
        order = sorted(range(voters), key=lambda i: (len(sets[i]), rng.random()))
        for i in order[:yes]:
            sets[i].add(name)
    if any(len(s) > seats for s in sets):
        raise RuntimeError("demo targets need more yes marks than a valid ballot holds")
    ballots = []
    for chosen in sets:
        marks = {n: ("yes" if n in chosen else rng.choice(["no", "abstain"])) for n in targets}
        ballots.append({"marks": marks})
    return ballots


def _key(e: Election, round_id: int, ballots: list[dict]) -> None:
    for b in ballots:
        _ok(e.record_ballot(round_id, b["marks"], b.get("write_ins", ()), b.get("spoiled", False)))


def _formal_round(e: Election, posts: dict[str, int], rng: random.Random, stop: bool) -> int | None:
    rid = e.open_round(posts["members"]).value
    _ok(e.issue_ballots(rid, 36))
    _ok(e.record_returned(rid, 36))
    if stop:
        return None
    ballots = _ballots(TARGETS, 35, 5, rng)
    ballots[0]["marks"] = {n: m for n, m in ballots[0]["marks"].items() if m != "yes" or n != "王建国"}
    ballots[0]["write_ins"] = ["蒋欣"]  # a probationary member written in: counted, no seat (R9.5)
    ballots.append({"marks": {}, "spoiled": True})  # identifying marks: the whole ballot is invalid (R7.3)
    rng.shuffle(ballots)
    _key(e, rid, ballots)
    out = _ok(e.close_round(rid))
    if not out.value["tie_revote"]:
        raise RuntimeError(f"the demo's formal round must end in a tie for the last seat: {out.value}")
    return rid


def _tie_revote(e: Election, posts: dict[str, int], rng: random.Random) -> None:
    nxt = e.next_rounds(posts["members"])[0]
    rid = e.open_round(posts["members"], "tie_revote").value
    _ok(e.issue_ballots(rid, 36))
    _ok(e.record_returned(rid, 36))
    a, b = sorted(nxt.candidates)
    ballots = [{"marks": {a: "yes"}}] * 21 + [{"marks": {b: "yes"}}] * 14 + [{"marks": {}}]
    rng.shuffle(ballots)
    _key(e, rid, ballots)
    _ok(e.close_round(rid))


def _plenary(e: Election, posts: dict[str, int]) -> None:
    committee = e.elected(posts["members"])
    meeting = e.open_meeting("plenary", "2024-05-18", "青石社区党群服务中心小会议室")
    e.sign_in(meeting, [e.member_id(n) for n in committee])
    _ok(e.adopt_method(meeting, "支部委员会第一次全体会议选举办法（等额选举）", 5))
    _ok(e.appoint_scrutineers(meeting, [(e.member_id(committee[2]), "scrutineer")]))
    for post, name, yes in (("secretary", committee[0], 5), ("deputy", committee[1], 4)):
        _ok(e.set_candidates(posts[post], [e.member_id(name)]))
        rid = e.open_round(posts[post]).value
        _ok(e.issue_ballots(rid, 5))
        _ok(e.record_returned(rid, 5))
        _key(e, rid, [{"marks": {name: "yes"}}] * yes + [{"marks": {name: "no"}}] * (5 - yes))
        if _ok(e.close_round(rid)).value["elected"] != [name]:
            raise RuntimeError(f"the demo's plenary must elect {name}")


def build_demo(e: Election, stop_at: str | None = None, seed: int = 2024, org: str = ORGANIZATION) -> None:
    """Run the whole demo election on ``e``; ``stop_at="counting"`` stops with the formal round's ballots to key.

    :param org: the organization's name (a demo package signed with a branch's own key carries its name)
    """
    rng = random.Random(seed)
    posts = _setup(e, org)
    _roll_and_exclusion(e)
    _candidates(e, posts)
    _meeting(e)
    if _formal_round(e, posts, rng, stop_at == "counting") is None:
        return
    _tie_revote(e, posts, rng)
    _plenary(e, posts)
    e.record_reply("secretary", "青石街工委〔2024〕23号", "2024-05-24")
    _ok(e.mark_official(CHIEF, CHIEF_PIN))


def create_demo(path: str | Path, stop_at: str | None = None, seed: int = 2024, org: str = ORGANIZATION) -> Path:
    """Write the demo election to a new file and return its path.

    :param stop_at: None for the complete election, "counting" for a copy waiting at the counting step
    """
    def build(temp: Path) -> None:
        e = Election.create(temp, clock=_clock(datetime(2024, 3, 20, 9, 0)))
        try:
            build_demo(e, stop_at, seed, org)
        finally:
            e.close()
    return create_whole(path, build)  # written under a temporary name, then renamed: a kill leaves nothing
