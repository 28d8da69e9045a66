"""A whole delegate congress headless (issue 16): units elect delegates → roll → review → preparatory meeting →
committee and discipline commission counted by stations (with the refusals) → presidium → first plenaries → package up."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.congress.station import Station
from app.core.signing import keys
from app.core.signing.verify import verify_package
from app.core.workflow import Election, Vetting
from tests.fixtures.congress import ORG, delegate_names, key_station, split, target_papers, unit_package
from tests.fixtures.signing_demo import ROOT_ORG, branch_of

UNITS = ("第一党总支", "第二党总支", "第三党总支")
DAY, PLACE = "2026-06-18", "集团公司职工活动中心大礼堂"


@dataclass(frozen=True)
class Size:
    per_unit: int  # delegates each unit elects
    committee: tuple[int, int]  # candidates, seats
    discipline: tuple[int, int]  # candidates, seats (one seat short: the presidium reduces it, R9.4)
    stations: int


def _ok(result):
    assert result.ok, [r.message() for r in result.reasons]
    return result


def _codes(result) -> list[str]:
    assert not result.ok
    return [r.code for r in result.reasons]


def _units(tmp: Path, root, per_unit: int) -> dict[str, bytes]:
    cands = per_unit + (per_unit + 4) // 5  # R5.1: at least 20% more candidates than seats
    names = delegate_names(len(UNITS) * (cands + 1))
    return {u: unit_package(tmp / f"unit{i}.votedesk", root, u, names[i * (cands + 1): i * (cands + 1) + cands],
                            per_unit, voters=cands + 8) for i, u in enumerate(UNITS)}


def _roll(e: Election, root, packages: dict[str, bytes], per_unit: int) -> list[str]:
    e.set_organization(ORG.committee, "party_committee", higher_org=ORG.higher_level)
    e.set_election("delegate_congress", 5, DAY, PLACE)
    e.record_request("示机党〔2026〕3号", "2026-04-01")
    e.record_reply("hold_election", "示国资党委〔2026〕21号", "2026-04-20")
    _ok(e.set_units([(u, per_unit) for u in UNITS]))
    trust = keys.cert_pem(root.cert)
    for u in UNITS[:2]:
        _ok(e.import_unit_report(packages[u], trust))
    assert e.units_not_reported() == [UNITS[2]]
    _ok(e.import_unit_report(packages[UNITS[2]], trust))
    roll = e.congress_delegates()
    for d in roll[:-1]:
        _ok(e.review_delegate(d.name, True, None, "2026-06-10"))
    _ok(e.review_delegate(roll[-1].name, False, "已调离本单位，代表资格终止", "2026-06-10"))
    return [d.name for d in roll[:-1]]


def _posts(e: Election, delegates: list[str], size: Size) -> dict[str, int]:
    posts = {"committee": e.add_post("committee_member", size.committee[1]),
             "discipline": e.add_post("discipline_committee_member", size.discipline[1], committee="discipline"),
             "secretary": e.add_post("secretary", 1), "deputy": e.add_post("deputy_secretary", 1),
             "d_secretary": e.add_post("secretary", 1, committee="discipline")}
    vetting = Vetting(True, 1, 1, 1, 0, 0, "无", True, "pass", "集团党委组织部", "2026-05-25")
    lists = {"committee": delegates[2:2 + size.committee[0]],
             "discipline": delegates[-size.discipline[0]:]}
    for key, names in lists.items():
        ids = [e.member_id(n) for n in names]
        for mid in ids:
            e.nominate(posts[key], mid, "party_group")
            e.record_vetting(mid, vetting)
        _ok(e.set_candidates(posts[key], ids))
        _ok(e.approve_candidates(posts[key], "示国资党委〔2026〕30号", "2026-06-05"))
    return posts


def _round(e: Election, post: int, present: int, seats: int, passing: int | None = None):
    rid = _ok(e.open_round(post)).value
    _ok(e.issue_ballots(rid, present))
    _ok(e.record_returned(rid, present))
    _ok(e.set_double_entry(rid, True))
    return rid, target_papers(list(e.printed_names(rid)), seats, present, passing)


def _by_stations(e: Election, tmp: Path, rid: int, ballots, n: int) -> None:
    by_box = split(ballots, n)
    boxes = list(by_box)
    _ok(e.set_boxes(rid, [(b, len(p)) for b, p in by_box.items()]))
    kits = [_ok(e.issue_kit(rid, f"第{i + 1}计票组", [b])).value for i, b in enumerate(boxes)]
    spare = _ok(e.issue_kit(rid, "备用计票组", [boxes[-1]])).value  # the last box given again: one box, two stations
    parts = [key_station(Station.open_kit(k, tmp / f"r{rid}s{i}.vdstation"), by_box) for i, k in enumerate(kits)]
    spare_part = key_station(Station.open_kit(spare, tmp / f"r{rid}spare.vdstation"), by_box)
    flipped = bytearray(parts[0])
    flipped[len(flipped) // 2] ^= 0x04
    assert _codes(e.import_partial(rid, bytes(flipped))) in (["partial_signature_bad"], ["partial_damaged"])
    for p in parts:
        _ok(e.import_partial(rid, p))
    assert _codes(e.import_partial(rid, parts[0])) == ["partial_already_imported"]
    assert _codes(e.import_partial(rid, spare_part)) == ["partial_box_counted"]
    assert [p.imported for p in e.station_progress(rid)] == [True] * n + [False]
    _ok(e.count_from_stations(rid))


def _plenary(e: Election, posts: dict[str, int], committee: str, members: list[str], offices: list[str]) -> None:
    meeting = e.open_meeting("plenary", DAY, "集团公司第一会议室", committee=committee)
    e.sign_in(meeting, [e.member_id(n) for n in members])
    _ok(e.adopt_method(meeting, "第一次全体会议选举办法（等额选举）", len(members)))
    _ok(e.appoint_scrutineers(meeting, [(e.member_id(members[-1]), "scrutineer")]))
    for office, name in zip(offices, members):
        _ok(e.set_candidates(posts[office], [e.member_id(name)]))
        rid = _ok(e.open_round(posts[office])).value
        _ok(e.issue_ballots(rid, len(members)))
        _ok(e.record_returned(rid, len(members)))
        for _ in members:
            _ok(e.record_ballot(rid, {name: "yes"}))
        assert _ok(e.close_round(rid)).value["elected"] == [name]


def whole_congress(tmp: Path, size: Size, units: tuple | None = None) -> None:
    root, packages = units or (lambda r: (r, _units(tmp, r, size.per_unit)))(keys.create_root(ROOT_ORG))
    e = Election.create(tmp / "congress.votedesk")
    delegates = _roll(e, root, packages, size.per_unit)
    assert sorted(m.name for _, m in e.members()) == sorted(delegates)  # the roll is the packages' delegates
    agenda = ["听取和审查党委工作报告", "听取和审查纪委工作报告", "选举新一届党委委员", "选举新一届纪委委员"]
    present = len(delegates)
    _ok(e.hold_preparatory("2026-06-17", present, agenda, present, delegates[:7], present - 1, delegates[8], present))
    _ok(e.hold_preparatory("2026-06-17", present, agenda, present, delegates[:7], present - 1, delegates[7], present))
    assert e.congress_preparatory()["secretary_general"] == delegates[7]  # corrected before the congress votes
    posts = _posts(e, delegates, size)
    meeting = e.open_meeting()
    e.sign_in(meeting, [e.member_id(n) for n in delegates])
    _ok(e.adopt_method(meeting, "党员代表大会选举办法", present))
    _ok(e.appoint_scrutineers(meeting, [(e.member_id(delegates[0]), "chief_scrutineer"),
                                        (e.member_id(delegates[1]), "scrutineer")]))

    c_cands, c_seats = size.committee
    rid, ballots = _round(e, posts["committee"], present, c_seats)
    assert _codes(e.hold_preparatory("2026-06-17", present, agenda, present, delegates[:7], present - 1,
                                     delegates[8], present)) == ["preparatory_held"]  # voting began: no correction
    _by_stations(e, tmp, rid, ballots, size.stations)
    result = _ok(e.close_round(rid)).value
    printed = list(e.printed_names(rid))
    assert {p["name"]: p["yes"] for p in result["results"]} == \
        {n: sum(m[n] == "yes" for m, _, _ in ballots) for n in printed}  # the union counted every ballot once
    assert set(result["elected"]) == set(printed[:c_seats])

    d_cands, d_seats = size.discipline
    rid, ballots = _round(e, posts["discipline"], present, d_seats, passing=d_seats - 1)
    _by_stations(e, tmp, rid, ballots, 2)
    assert _ok(e.close_round(rid)).value["unfilled_seats"] == 1
    assert _codes(e.presidium_reduce_seats(posts["discipline"], d_seats - 1, 3, DAY)) == ["presidium_not_majority"]
    _ok(e.presidium_reduce_seats(posts["discipline"], d_seats - 1, 6, DAY))
    assert e.presidium_decisions()[0]["kind"] == "seat_reduction"
    from app.core.congress.papers import congress_papers

    assert set(congress_papers(e.db)) == {"congress-review.pdf", "congress-presidium.pdf", "congress-agenda.pdf"}

    _plenary(e, posts, "party", e.elected(posts["committee"]), ["secretary", "deputy"])
    _plenary(e, posts, "discipline", e.elected(posts["discipline"]), ["d_secretary"])
    e.record_reply("secretary", "示国资党委〔2026〕35号", "2026-06-25")
    _ok(e.mark_official(delegates[0]))
    committee_key = branch_of(root, ORG.committee)
    data = e.result_package(committee_key, dt.date(2026, 6, 26))
    report = verify_package(data, keys.cert_pem(root.cert))
    assert report.ok, [c for c in report.checks if not c.ok]
    assert report.summary["body"] == "delegate_congress" and e.verify_audit().ok


def test_a_small_congress_end_to_end(tmp_path: Path, small_units) -> None:  # noqa: ANN001
    whole_congress(tmp_path, Size(per_unit=5, committee=(7, 5), discipline=(4, 3), stations=2), small_units)


@pytest.mark.slow
def test_a_congress_of_300_delegates_counted_by_4_stations(tmp_path: Path) -> None:
    whole_congress(tmp_path, Size(per_unit=100, committee=(40, 9), discipline=(6, 5), stations=4))
