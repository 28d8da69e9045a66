"""One verdict: every election the branch can make official is a package the higher level's verifier accepts."""
from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.resultpkg import election_package
from app.core.rules.margin import min_candidates
from app.core.rules.model import MemberStatus
from app.core.signing import keys
from tests.fixtures.signing_demo import branch_of, make_identities
from app.core.signing.verify import verify_package
from app.core.workflow import Election, Vetting

# CI runs 100 whole elections (seeds 0-99) to stay within its 20 minutes since the paths of issue 14 made each run
# longer; VOTEDESK_VERDICT_RUNS=300 (the soak run before a release) or more for a longer local soak.
RUNS = int(os.environ.get("VOTEDESK_VERDICT_RUNS", "100"))
PER_TEST = 25
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅海波宁辉鹏飞亮"
CHIEF_PIN = "2468"
VETTED = Vetting(True, 3, 30, 28, 2, 0, "无违纪违法问题", True, "pass", "组织科", "2024-04-12")
# Packages are signed now (the PDF signatures take the real clock), so the identities are valid now.
BRANCHES: dict[str, keys.Identity] = {}  # one key per organization: a package is signed by its own
WHEN = dt.datetime.now(dt.UTC).replace(microsecond=0)


def codes(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> list[str]:
    """The reason codes of a refusal (an ActionResult not ok, or a UserFacingError); [] when accepted."""
    try:
        result = fn(*args, **kwargs)
    except UserFacingError as exc:
        return [exc.code]
    ok = getattr(result, "ok", True)
    return [] if ok else [r.code for r in result.reasons]


@dataclass
class Run:
    """What one random election did: refusals met at entry, and whether it reached official results."""

    seed: int
    refusals: dict[str, list[str]] = field(default_factory=dict)
    official: bool = False
    elected: list[str] = field(default_factory=list)
    note: str = ""

    def refused(self, step: str, found: list[str]) -> None:
        assert found, f"seed {self.seed}: {step} was accepted but breaks a rule the verifier checks"
        self.refusals[step] = found


def _names(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in out:
            out.append(name)
    return out


def _roll(rng: random.Random, full: int) -> tuple[list[MemberRecord], dict[str, MemberStatus]]:
    extra = {MemberStatus.PROBATIONARY: rng.randrange(3), MemberStatus.LIUDANG_CHAKAN: rng.randrange(2),
             MemberStatus.SUSPENDED: rng.randrange(2)}
    names = _names(rng, full + sum(extra.values()))
    statuses = [MemberStatus.FULL] * full + [s for s, n in extra.items() for _ in range(n)]
    records = [MemberRecord(n, s, birth_date=dt.date(1960 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                            joined_date=dt.date(2000 + rng.randrange(20), 7, 1)) for n, s in zip(names, statuses)]
    return records, dict(zip(names, statuses))


class Driver:
    """Drives one random but legal election through the core, trying one illegal entry at each step now and then."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.run = Run(seed)
        self.e = Election.in_memory(clock=self._clock())
        self.illegal = self.rng.random() < 0.5  # half the elections also try refusals at entry

    @staticmethod
    def _clock() -> Callable[[], dt.datetime]:
        t = {"now": dt.datetime(2024, 3, 1, 8, 0)}

        def now() -> dt.datetime:
            t["now"] += dt.timedelta(seconds=30)
            return t["now"]

        return now

    def attempt(self) -> bool:
        return self.illegal and self.rng.random() < 0.5

    # ---- the steps -----------------------------------------------------------------------
    def setup(self) -> None:
        rng, e = self.rng, self.e
        kind = rng.choice(("branch", "general_branch", "party_committee"))
        seats = {"branch": rng.choice((3, 5)), "general_branch": rng.choice((5, 7)), "party_committee": rng.choice((5, 7, 9))}[kind]
        full = rng.randrange(max(12, 2 * min_candidates(seats, True) + 4), 70)
        e.set_organization("中共测试" + ("支部委员会" if kind == "branch" else "委员会"), kind, "社区", "中共测试街道工作委员会")
        e.set_election("member_assembly", 5, "2024-05-18", "党群服务中心")  # a community organization: 5 years (R1.5)
        e.record_request("测〔2024〕1号", "2024-03-20")
        if self.attempt():
            self.run.refused("reply_before_request", codes(e.record_reply, "hold_election", "测复〔2024〕0号", "2024-03-10"))
        e.record_reply("hold_election", "测复〔2024〕1号", "2024-03-28")
        if self.attempt():
            self.run.refused("secretary_competitive", codes(e.add_post, "secretary", 1, True))
        if self.attempt():
            self.run.refused("members_single_candidate", codes(e.add_post, "committee_member", seats, False))
        self.posts = {"members": e.add_post("committee_member", seats), "secretary": e.add_post("secretary", 1)}
        if seats >= 5 and rng.random() < 0.5:
            self.posts["deputy"] = e.add_post("deputy_secretary", 1)
        records, self.status = _roll(rng, full)
        e.add_members(records)
        self.ids = {n: e.member_id(n) for n in self.status}
        self.full = [n for n, s in self.status.items() if s == MemberStatus.FULL]

    def exclusions(self) -> None:
        e = self.e
        self.excluded: set[str] = set()
        for name in self.rng.sample(self.full[-10:], self.rng.randrange(3)):
            ex = e.add_exclusion(self.ids[name], "abroad_self_funded_half_year", "自费出国半年以上")
            if self.attempt():
                self.run.refused("exclusion_without_dates", codes(e.approve_exclusion, ex, "测复〔2024〕2号", "", None))
            e.approve_exclusion(ex, "测复〔2024〕2号", "2024-04-20", "2024-05-18")
            self.excluded.add(name)

    def candidates(self) -> None:
        rng, e = self.rng, self.e
        post = self.posts["members"]
        seats = e._post(post).seats
        eligible = [n for n in self.full if n not in self.excluded]
        self.cands = rng.sample(eligible, min_candidates(seats, True) + rng.randrange(3))
        if self.attempt():
            barred = [n for n, s in self.status.items() if s != MemberStatus.FULL]
            if barred:
                self.run.refused("nominate_without_rights", codes(e.nominate, post, self.ids[barred[0]], "party_group"))
        for n in self.cands:
            e.nominate(post, self.ids[n], "party_group", rng.randrange(1, len(self.full) // 2))
            e.record_vetting(self.ids[n], VETTED)
        if self.attempt():
            short = self.cands[: min_candidates(seats, True) - 1]
            found = codes(e.set_candidates, post, [self.ids[n] for n in short])
            if not found:  # the list may be entered as it grows; the higher level's approval of it is refused
                found = codes(e.approve_candidates, post, "测复〔2024〕3号", "2024-05-06")
            self.run.refused("margin_too_small", found)
        assert e.set_candidates(post, [self.ids[n] for n in self.cands]).ok
        if self.attempt():
            self.run.refused("approval_after_meeting", codes(e.approve_candidates, post, "测复〔2024〕3号", "2024-05-20"))
        result = e.approve_candidates(post, "测复〔2024〕3号", "2024-05-06")
        assert result.ok, result.reasons

    def meeting(self) -> None:
        rng, e = self.rng, self.e
        self.meeting_id = e.open_meeting("assembly", "2024-05-18", "党群服务中心")
        voters = [n for n in self.full if n not in self.excluded]
        expected = len(voters)
        least = expected * 4 // 5 + 1  # 5P > 4E (R3.1)
        if self.attempt():
            e.sign_in(self.meeting_id, [self.ids[n] for n in voters[: least - 1]])
            rid = e.open_round(self.posts["members"])
            found = [r.code for r in rid.reasons] if not rid.ok else codes(e.issue_ballots, rid.value, least - 1)
            self.run.refused("quorum_not_met", found)
        self.present = voters[: rng.randrange(least, expected + 1)]
        e.sign_in(self.meeting_id, [self.ids[n] for n in self.present])
        probationary = [self.ids[n] for n, s in self.status.items() if s == MemberStatus.PROBATIONARY]
        e.sign_in(self.meeting_id, probationary)  # they attend without a vote (R2.1)
        p = len(self.present)
        if self.attempt():
            self.run.refused("method_votes_over_present", codes(e.adopt_method, self.meeting_id, "选举办法", p + 1))
        assert e.adopt_method(self.meeting_id, "选举办法", p // 2 + 1 + rng.randrange(p - p // 2)).ok
        others = [n for n in self.present if n not in self.cands]
        people = [(self.ids[others[0]], "chief_scrutineer"), (self.ids[others[1]], "scrutineer"), (self.ids[others[2]], "teller")]
        self.chief = others[0]
        assert e.appoint_scrutineers(self.meeting_id, people).ok
        assert e.set_chief_pin(CHIEF_PIN).ok

    def _ballots(self, printed: list[str], seats: int, voters: int) -> list[dict[str, Any]]:
        """Random ballots; now and then a tie at the last seat (R9.3) or a written-in name with a majority (R9.5)."""
        mode = self.rng.random()
        if seats < len(printed) and mode < 0.15 and voters >= 6:
            return self._scripted(printed, seats, voters, write_in=None)
        writable = [n for n in self.full if n not in printed and n not in self.excluded]
        if mode < 0.2 and writable and voters >= 6:
            return self._scripted(printed, seats, voters, write_in=self.rng.choice(writable))
        return [self._random_ballot(printed, seats, {n: self.rng.random() ** 2 for n in printed}) for _ in range(voters)]

    def _random_ballot(self, printed: list[str], seats: int, weights: dict[str, float]) -> dict[str, Any]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return {"marks": {}, "spoiled": True}
        k = seats + 1 if roll < 0.06 else seats if roll < 0.7 else rng.randrange(0, seats + 1)  # a few over (R7.2)
        chosen = sorted(printed, key=lambda n: rng.random() * weights[n], reverse=True)[:k]
        marks: dict[str, str] = {n: "yes" if n in chosen else rng.choice(("no", "abstain")) for n in printed}
        if rng.random() < 0.03:
            marks[rng.choice(printed)] = "unreadable"
        write_ins: list[Any] = []
        if rng.random() < 0.05 and len(chosen) < seats:
            write_ins.append(rng.choice(list(self.status)))  # anyone: a probationary member gets no seat (R9.5)
        return {"marks": marks, "write_ins": write_ins}

    def _scripted(self, printed: list[str], seats: int, voters: int, write_in: str | None) -> list[dict[str, Any]]:
        """Ballots reaching target yes counts, each within the seats: the last seat tied, or a write-in elected."""
        rng = self.rng
        names = rng.sample(printed, len(printed))
        high = voters // 2 + 1 + rng.randrange(max(1, voters // 6))
        targets = {n: max(0, high - i) for i, n in enumerate(names[:seats])}
        if write_in is None:
            targets[names[seats]] = targets[names[seats - 1]]  # tied with the last seat
        else:
            targets[names[seats - 1]] = 0
            targets[write_in] = high
        sets: list[set[str]] = [set() for _ in range(voters)]
        for name, yes in sorted(targets.items(), key=lambda t: -t[1]):
            for i in sorted(range(voters), key=lambda i: (len(sets[i]), rng.random()))[:yes]:
                if len(sets[i]) < seats:
                    sets[i].add(name)
        return [{"marks": {n: "yes" if n in chosen else "no" for n in printed},
                 "write_ins": [write_in] if write_in in chosen else []} for chosen in sets]

    def vote(self, post: int, kind: str = "formal", **kwargs: Any) -> dict[str, Any] | None:
        rng, e = self.rng, self.e
        opened = e.open_round(post, kind, **kwargs)
        if not opened.ok:
            self.run.note = f"{kind} refused: {[r.code for r in opened.reasons]}"
            return None
        rid = opened.value
        info = e.round_info(rid)
        printed, seats = list(e.printed_names(rid)), info.seats
        meeting = e.meeting("plenary") if post in self.plenary_posts() else e.meeting()
        present = len(e.present_ids(meeting.id)) if meeting else 0
        p = e.attendance(meeting.id).present if meeting else present
        if self.attempt():
            self.run.refused("issued_over_present", codes(e.issue_ballots, rid, p + 1))
        issued = p - (1 if rng.random() < 0.2 and p > 1 else 0)
        assert e.issue_ballots(rid, issued).ok
        returned = issued - (1 if rng.random() < 0.2 and issued > 1 else 0)
        if rng.random() < 0.04:
            returned = issued + 1  # a ballot too many in the box: the vote is void and held again (R8.1)
        assert e.record_returned(rid, returned).ok
        for b in self._ballots(printed, seats, returned):
            assert e.record_ballot(rid, b["marks"], b.get("write_ins", ()), b.get("spoiled", False)).ok
        closed = e.hold_again(rid) if returned > issued else e.close_round(rid)
        assert closed.ok, closed.reasons
        return dict(closed.value)

    def method(self, post: int) -> str:
        """Issue 14: the method's recorded settings (re-vote rule, preliminary bar) and, sometimes, a preliminary
        election first (R13.1, R13.8); returns the kind of the post's first round."""
        rng, e = self.rng, self.e
        if rng.random() < 0.5:
            assert e.set_method_settings(rng.choice(("threshold", "more_votes")), "present").ok
        seats = e._post(post).seats
        if rng.random() >= 0.3 or len(self.cands) <= seats:
            return "formal"
        if self.attempt():
            self.run.refused("advance_below_seats", codes(e.set_preliminary, post, seats - 1))
        assert e.set_preliminary(post, rng.randrange(seats, len(self.cands))).ok
        return "preliminary"

    def plenary_posts(self) -> set[int]:
        return {self.posts[k] for k in ("secretary", "deputy") if k in self.posts}

    def settle(self, post: int) -> bool:
        """Further rounds until the post is filled (or the meeting reduces its seats); False if stuck."""
        e = self.e
        for _ in range(8):
            nxt = e.next_rounds(post)
            if not nxt:
                return True
            kinds = {n.kind: n for n in nxt}
            close = "reduce_seats" in kinds and e.progress(post).remaining <= 1  # "close to the seats" (R9.4)
            if close and self.rng.random() < 0.5:
                last = e.rounds(post)[-1]
                electors = last.present or 0
                if not e.reduce_seats(post, kinds["reduce_seats"].seats, electors // 2 + 1, "2024-05-18").ok:
                    self.run.note = "reduction refused"
                else:
                    continue
            kind = "additional" if "additional" in kinds else next(iter(kinds))
            ids = None
            if kind == "additional":
                names = self._additional(post, list(kinds[kind].candidates), kinds[kind].seats)
                ids = [self.ids[n] for n in names]
            if self.vote(post, kind, candidates=ids) is None:
                return False
        self.run.note = "no end of rounds"
        return False

    def _additional(self, post: int, names: list[str], seats: int) -> list[str]:
        """The best placed, and new nominees when too few remain (R5.3): nominated and vetted as any candidate."""
        e, elected = self.e, set(self.e.elected(post))
        fresh = [n for n in self.full if n not in self.excluded and n not in elected and n not in names]
        names += fresh[: max(0, min_candidates(seats, True) - len(names))]
        for n in names:
            if n not in self.cands:
                e.nominate(post, self.ids[n], "party_group")
                e.record_vetting(self.ids[n], VETTED)
                self.cands.append(n)
        return names

    def plenary(self) -> bool:
        e = self.e
        committee = e.elected(self.posts["members"])
        try:
            meeting = e.open_meeting("plenary", "2024-05-18", "党群服务中心小会议室")
        except UserFacingError as exc:
            self.run.note = f"plenary refused: {exc.code}"
            return False
        e.sign_in(meeting, [self.ids[n] for n in committee])
        assert e.adopt_method(meeting, "第一次全体会议选举办法", len(committee)).ok
        order = list(committee)
        self.rng.shuffle(order)
        assert e.appoint_scrutineers(meeting, [(self.ids[order[0]], "scrutineer")]).ok  # never a candidate below
        for key in ("secretary", "deputy"):
            if key not in self.posts or len(order) < 2:
                continue
            name = order.pop()
            assert e.set_candidates(self.posts[key], [self.ids[name]]).ok
            opened = e.open_round(self.posts[key])
            if not opened.ok:
                self.run.note = f"{key} refused: {[r.code for r in opened.reasons]}"
                return False
            rid = opened.value
            n = len(committee)
            assert e.issue_ballots(rid, n).ok and e.record_returned(rid, n).ok
            yes = n // 2 + 1 + self.rng.randrange(n - n // 2)
            for i in range(n):
                assert e.record_ballot(rid, {name: "yes" if i < yes else "no"}).ok
            assert e.close_round(rid).ok
        return True

    def finish(self) -> Run:
        e = self.e
        self.setup()
        self.exclusions()
        self.candidates()
        post = self.posts["members"]
        first = self.method(post)  # the settings before the meeting adopts the method (R4.7)
        self.meeting()
        if self.vote(post, first) is None or not self.settle(post) or not self.plenary():
            return self.run
        e.record_reply("secretary", "测复〔2024〕9号", "2024-05-24")
        result = e.mark_official(self.chief, CHIEF_PIN)
        self.run.official = result.ok
        if not result.ok:
            self.run.note = f"official refused: {[r.code for r in result.reasons]}"
        self.run.elected = sorted(n for p in self.posts.values() for n in e.elected(p))
        return self.run


@pytest.fixture(scope="module")
def branch_identity() -> tuple[keys.Identity, keys.Identity]:
    """The higher level's root and a branch identity it issued."""
    return make_identities(WHEN - dt.timedelta(days=1))


def _package_verdict(e: Election, identities: tuple[keys.Identity, keys.Identity]) -> Any:
    root, _demo = identities
    org = (e.organization() or {})["name"]
    branch = BRANCHES.get(org) or BRANCHES.setdefault(org, branch_of(root, org, WHEN - dt.timedelta(days=1)))
    data = election_package(e.db, branch, WHEN.date(), when=WHEN)
    return verify_package(data, keys.cert_pem(root.cert), at=WHEN)


@pytest.mark.slow
@pytest.mark.parametrize("batch", range((RUNS + PER_TEST - 1) // PER_TEST))
def test_every_official_election_is_accepted(batch: int, branch_identity: tuple[keys.Identity, keys.Identity]) -> None:
    """Random legal elections: each one made official verifies; each illegal entry was refused where it was entered."""
    official = 0
    for seed in range(batch * PER_TEST, min(RUNS, (batch + 1) * PER_TEST)):
        d = Driver(seed)
        run = d.finish()
        if not run.official:
            continue
        official += 1
        report = _package_verdict(d.e, branch_identity)
        failed = [(c.name, c.reason, c.detail) for c in report.failures]
        assert report.ok, f"seed {seed}: the branch made official what the verifier rejects: {failed}"
        assert set(report.elected) == set(run.elected), f"seed {seed}: the recount elects others than the branch"
    assert official >= PER_TEST // 3, f"only {official} of {PER_TEST} elections reached official results"


@pytest.mark.slow
def test_driver_meets_every_refusal_class() -> None:
    """Across the seeds, every illegal entry the driver tries is tried at least once (so none goes untested)."""
    seen: set[str] = set()
    for seed in range(60):
        d = Driver(seed)
        d.finish()
        seen |= set(d.run.refusals)
    expected = {"reply_before_request", "secretary_competitive", "members_single_candidate", "exclusion_without_dates",
                "nominate_without_rights", "margin_too_small", "approval_after_meeting", "quorum_not_met",
                "method_votes_over_present", "issued_over_present"}
    assert expected <= seen, f"never tried: {sorted(expected - seen)}"
