"""Demo elections of every path of issue 14 (seeded, complete): `votedesk demo --path`, the GUI demos and tests."""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from app.core.demo import CHIEF_PIN, FULL, PROBATIONARY, _ballots, _clock, _key, _ok, _roll, _vetting
from app.core.newfile import create_whole
from app.core.workflow import Election

PATHS = ("preliminary", "direct", "direct_approved", "by_election")
HIGHER = "中共青石街道工作委员会"
DAY = "2024-05-18"
PLACE = "青石社区党群服务中心二楼会议室"


def _base(e: Election, org: str, kind: str, by_election: bool = False, roll: int = 36) -> list[str]:
    """Organization, election and its approval, the roll (``roll`` full members and the probationary)."""
    e.set_organization(org, kind, "社区", HIGHER)
    if by_election:
        _ok(e.set_election_kind("by_election"))
    e.set_election("member_assembly", None if by_election else 5, DAY, PLACE)
    e.record_request("青石社支〔2024〕3号", "2024-03-20")
    e.record_reply("hold_election", "青石街工委〔2024〕11号", "2024-03-28")
    keep = set(FULL[:roll]) | set(PROBATIONARY)
    e.add_members([r for r in _roll() if r.name in keep])
    return list(FULL[:roll])


def _list(e: Election, post: int, names: list[str], doc: str = "青石街工委〔2024〕19号") -> None:
    for i, name in enumerate(names):
        e.nominate(post, e.member_id(name), "party_group", 4 - i % 3)
        e.record_vetting(e.member_id(name), _vetting(name))
    _ok(e.set_candidates(post, [e.member_id(n) for n in names]))
    _ok(e.approve_candidates(post, doc, "2024-05-06"))


def _assembly(e: Election, present: list[str], chief: str, teller: str) -> int:
    meeting = e.open_meeting("assembly", DAY, PLACE)
    e.sign_in(meeting, [e.member_id(n) for n in present])
    _ok(e.adopt_method(meeting, "选举办法", len(present)))
    _ok(e.appoint_scrutineers(meeting, [(e.member_id(chief), "chief_scrutineer"), (e.member_id(teller), "teller")]))
    _ok(e.set_chief_pin(CHIEF_PIN))  # the chief confirms the official results and signing with it, as in the demo
    return meeting


def _round(e: Election, post: int, kind: str, targets: dict[str, int], voters: int, rng: random.Random) -> dict:
    rid = _ok(e.open_round(post, kind)).value
    _ok(e.issue_ballots(rid, voters))
    _ok(e.record_returned(rid, voters))
    seats = next(r.seats for r in e.rounds() if r.id == rid)
    _key(e, rid, _ballots(targets, voters, seats, rng))
    return _ok(e.close_round(rid)).value


def _plenary(e: Election, secretary: int, committee: list[str]) -> None:
    meeting = e.open_meeting("plenary", DAY, "青石社区党群服务中心小会议室")
    e.sign_in(meeting, [e.member_id(n) for n in committee])
    _ok(e.adopt_method(meeting, "第一次全体会议选举办法（等额选举）", len(committee)))
    _ok(e.appoint_scrutineers(meeting, [(e.member_id(committee[-1]), "scrutineer")]))
    _ok(e.set_candidates(secretary, [e.member_id(committee[0])]))
    rid = _ok(e.open_round(secretary)).value
    n = len(committee)
    _ok(e.issue_ballots(rid, n))
    _ok(e.record_returned(rid, n))
    _key(e, rid, [{"marks": {committee[0]: "yes"}}] * n)
    _ok(e.close_round(rid))


def preliminary(e: Election, rng: random.Random) -> None:
    """R13.1: 8 names, 6 advance (a tie at the cut voted again), then the formal election of 5 (等额 allowed)."""
    full = _base(e, "中共青石社区支部委员会", "branch")
    members, secretary = e.add_post("committee_member", 5), e.add_post("secretary", 1)
    names = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "黄丽", "周强"]
    _list(e, members, names)
    _ok(e.set_preliminary(members, 6))
    _ok(e.set_method_settings("threshold", "present"))
    _assembly(e, full, "吴敏", "徐军")
    voters = len(full)
    _round(e, members, "preliminary", {"王建国": 33, "李秀英": 32, "张伟": 31, "刘洋": 30, "陈静": 29, "杨帆": 24,
                                        "黄丽": 24, "周强": 10}, voters, rng)
    _round(e, members, "preliminary", {"杨帆": 22, "黄丽": 13}, voters, rng)  # the tie at the sixth place (R9.3)
    formal = _round(e, members, "formal", {"王建国": 34, "李秀英": 33, "张伟": 31, "刘洋": 30, "陈静": 27, "杨帆": 12},
                    voters, rng)
    _plenary(e, secretary, sorted(formal["elected"], key=lambda n: names.index(n)))


def direct(e: Election, rng: random.Random) -> None:
    """R13.2: a branch of 5 full members without a committee elects its secretary at the assembly."""
    full = _base(e, "中共青石社区第一党支部", "branch_no_committee", roll=5)
    secretary = e.add_post("secretary", 1, competitive=False)
    _list(e, secretary, [full[0]])
    _assembly(e, full, full[1], full[2])
    _round(e, secretary, "formal", {full[0]: 5}, len(full), rng)


def direct_approved(e: Election, rng: random.Random) -> None:
    """R13.2: a branch with a committee; the higher level approved the assembly electing the secretary directly."""
    full = _base(e, "中共青石社区支部委员会", "branch")
    members, secretary = e.add_post("committee_member", 5), e.add_post("secretary", 1)
    _ok(e.set_direct_secretary("青石街工委〔2024〕12号"))
    names = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆"]
    _list(e, members, names)
    _list(e, secretary, ["王建国"], "青石街工委〔2024〕20号")
    _assembly(e, full, "吴敏", "徐军")
    _round(e, members, "formal", {"王建国": 34, "李秀英": 33, "张伟": 31, "刘洋": 30, "陈静": 28, "杨帆": 14},
           len(full), rng)
    _round(e, secretary, "formal", {"王建国": 33}, len(full), rng)


def by_election(e: Election, rng: random.Random) -> None:
    """R13.4: one vacant seat of a sitting committee of four, two candidates."""
    full = _base(e, "中共青石社区支部委员会", "branch", by_election=True)
    sitting = [("王建国", "secretary"), ("李秀英", "deputy_secretary"), ("张伟", "committee_member"),
               ("刘洋", "committee_member")]
    _ok(e.set_sitting_committee([(e.member_id(n), office) for n, office in sitting]))
    members = e.add_post("committee_member", 1)
    _list(e, members, ["陈静", "杨帆"])
    _assembly(e, full, "吴敏", "徐军")
    _round(e, members, "formal", {"陈静": 25, "杨帆": 10}, len(full), rng)


BUILDERS = {"preliminary": preliminary, "direct": direct, "direct_approved": direct_approved, "by_election": by_election}


def build_path(e: Election, path: str, seed: int = 2024, official: bool = True) -> None:
    """Run one path's whole election on ``e``; ``official`` marks the results official at the end."""
    BUILDERS[path](e, random.Random(seed))
    if official:
        e.record_reply("secretary" if path != "by_election" else "results", "青石街工委〔2024〕23号", "2024-05-24")
        _ok(e.mark_official(e.chief_scrutineer() or "", CHIEF_PIN))


def create_path_demo(path: str | Path, which: str, seed: int = 2024, official: bool = True) -> Path:
    """Write one path's demo election to a new file and return its path."""
    def build(temp: Path) -> None:
        e = Election.create(temp, clock=_clock(datetime(2024, 3, 20, 9, 0)))
        try:
            build_path(e, which, seed, official)
        finally:
            e.close()
    return create_whole(path, build)
