"""Election shapes the entry checks shape (standing committee by choice, a branch without a committee, tally sheets,
further rounds): whatever the branch can make official, the higher level's verifier accepts."""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from app.core.models import MemberRecord
from app.core.resultpkg import election_package
from app.core.rules.margin import min_candidates
from app.core.signing import keys
from tests.fixtures.signing_demo import make_identities
from app.core.signing.verify import verify_package
from app.core.workflow import Election, Vetting

VETTED = Vetting(True, 3, 30, 28, 2, 0, "无违纪违法问题", True, "pass", "组织科", "2024-04-12")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅海波宁辉鹏飞亮"
PIN = "2468"


def _clock() -> Any:
    """A clock in the days of the election (the package is signed, and its certificate valid, then)."""
    t = [dt.datetime(2024, 3, 1, 8, 0)]

    def now() -> dt.datetime:
        t[0] += dt.timedelta(seconds=30)
        return t[0]
    return now


class Shape:
    """One random election of a shape the entry checks decide; ``official`` when it got there."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.e = Election.in_memory(clock=_clock())
        self.official = False

    def names(self, n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            out.append(name) if name not in out else None
        return out

    def setup(self) -> None:
        rng, e = self.rng, self.e
        self.kind = rng.choice(("branch_no_committee", "party_committee", "branch"))
        e.set_organization("中共测试委员会", self.kind, "社区", "中共测试街道工委")
        e.set_election("member_assembly", 5, "2024-05-18", "礼堂")
        e.record_request("测〔2024〕1号", "2024-03-20")
        e.record_reply("hold_election", "测复〔2024〕1号", "2024-03-28")
        self.roll = self.names(rng.randrange(3, 7) if self.kind == "branch_no_committee" else rng.randrange(14, 40))
        self.ids = dict(zip(self.roll, e.add_members([MemberRecord(n) for n in self.roll])))
        self.posts: dict[str, int] = {}
        if self.kind == "branch_no_committee":  # the assembly elects the secretary: a recorded choice (R13.2)
            self.posts["sec"] = e.add_post("secretary", 1, rng.random() < 0.5)
            self.assembly = [self.posts["sec"]]
            return
        self.posts["m"] = e.add_post("committee_member", rng.choice((3, 5)) if self.kind == "branch" else rng.choice((5, 7)))
        self.posts["sec"] = e.add_post("secretary", 1)
        if self.kind == "party_committee" and rng.random() < 0.7:
            self.posts["sc"] = e.add_post("standing_committee", rng.choice((1, 2, 3)), rng.random() < 0.5)
        self.assembly = [self.posts["m"]]

    def lists(self) -> bool:
        e, rng = self.e, self.rng
        self.standing: set[str] = set()
        for p in self.assembly:
            post = e._post(p)
            need = min_candidates(post.seats, post.competitive)
            if need > len(self.roll) - 1:
                return False
            names = rng.sample(self.roll, need + (rng.randrange(2) if post.competitive else 0))
            for n in names:
                e.nominate(p, self.ids[n], "party_group", 2)
                e.record_vetting(self.ids[n], VETTED)
            assert e.set_candidates(p, [self.ids[n] for n in names]).ok
            assert e.approve_candidates(p, "测复〔2024〕3号", "2024-05-06").ok
            self.standing |= set(names)
        return True

    def meeting(self) -> bool:
        e = self.e
        m = e.open_meeting("assembly")
        e.sign_in(m, list(self.ids.values()))
        assert e.adopt_method(m, "选举办法", len(self.roll)).ok
        self.others = [n for n in self.roll if n not in self.standing]
        if not self.others:
            return False
        assert e.appoint_scrutineers(m, [(self.ids[self.others[0]], "chief_scrutineer")]).ok
        return e.set_chief_pin(PIN).ok

    def vote(self, post: int, kind: str = "formal") -> bool:
        e, rng = self.e, self.rng
        opened = e.open_round(post, kind)
        if not opened.ok:
            return False
        info = e.round_info(opened.value)
        meeting = e.meeting("plenary") if info.plenary else e.meeting()
        present = e.attendance(meeting.id).present
        assert e.issue_ballots(info.id, present).ok and e.record_returned(info.id, present).ok
        printed = list(info.candidates)
        picks = [rng.sample(printed, rng.randrange(min(info.seats, len(printed)) + 1)) for _ in range(present)]
        if not info.plenary and rng.random() < 0.3:  # tally sheets instead of keyed ballots
            yes = {n: sum(n in b for b in picks) for n in printed}
            assert e.enter_tallies(info.id, {n: (y, present - y, 0, 0) for n, y in yes.items()}).ok
        else:
            for chosen in picks:
                assert e.record_ballot(info.id, {n: "yes" if n in chosen else "no" for n in printed}).ok
        assert e.close_round(info.id).ok
        return True

    def settle(self, post: int) -> bool:
        e = self.e
        for _ in range(8):
            due = {n.kind: n for n in e.next_rounds(post)}
            if not due:
                return True
            if "reduce_seats" in due and self.rng.random() < 0.5:
                electors = e.rounds(post)[-1].present or 0
                if e.reduce_seats(post, due["reduce_seats"].seats, electors // 2 + 1, "2024-05-18").ok:
                    continue
            kind = "additional" if "additional" in due else next(iter(due))
            for n in due[kind].candidates if kind == "additional" and not e.round_info(e.rounds(post)[-1].id).plenary else ():
                if all(x["member_id"] != self.ids[n] for x in e.nominations(post)):
                    e.nominate(post, self.ids[n], "party_group")  # nominations reopen for another round (R9.4)
                    e.record_vetting(self.ids[n], VETTED)
            if not self.vote(post, kind):
                return False
        return False

    def plenary(self) -> bool:
        e = self.e
        committee = e.elected(self.posts["m"])
        m = e.open_meeting("plenary", "2024-05-18", "小会议室")
        e.sign_in(m, [self.ids[n] for n in committee])
        assert e.adopt_method(m, "第一次全体会议选举办法", len(committee)).ok
        order = list(committee)
        self.rng.shuffle(order)
        assert e.appoint_scrutineers(m, [(self.ids[order.pop()], "scrutineer")]).ok
        for key in ("sec", "sc"):
            if key in self.posts:
                post = e._post(self.posts[key])
                n = min_candidates(post.seats, post.competitive) if key == "sc" else 1
                if n > len(order):
                    return False
                assert e.set_candidates(post.id, [self.ids[x] for x in order[:n]]).ok
                if not (self.vote(post.id) and self.settle(post.id)):
                    return False
        return True

    def run(self) -> "Shape":
        self.setup()
        if not (self.lists() and self.meeting()):
            return self
        if not all(self.vote(p) and self.settle(p) for p in self.assembly):
            return self
        if self.kind != "branch_no_committee" and not self.plenary():
            return self
        self.e.record_reply("secretary", "测复〔2024〕9号", "2024-05-24")
        self.official = self.e.mark_official(self.others[0], PIN).ok
        return self


@pytest.fixture(scope="module")
def identities() -> tuple[keys.Identity, keys.Identity]:
    return make_identities(org="中共测试委员会")  # valid now: the branch checks its package with its own chain


def _verdict(e: Election, identities: tuple[keys.Identity, keys.Identity]) -> Any:
    root, branch = identities
    return verify_package(election_package(e.db, branch, dt.date.today()), keys.cert_pem(root.cert))


@pytest.mark.slow
def test_every_shape_made_official_is_accepted(identities) -> None:  # noqa: ANN001
    official = 0
    for seed in range(40):
        shape = Shape(seed).run()
        if shape.official:
            official += 1
            report = _verdict(shape.e, identities)
            assert report.ok, (seed, [(c.name, c.reason, c.detail) for c in report.failures])
    assert official >= 10, official
