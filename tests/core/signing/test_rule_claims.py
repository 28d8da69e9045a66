"""Claims that break a rule are reported with the rule id even when every signature is valid."""
from __future__ import annotations

import copy

from app.core.countfmt import outcome_to_json, parse_count_input
from app.core.rules.election import count_round
from app.core.signing.package import RoundRecord
from app.core.signing.verify import verify_package

from .test_verify import seal_ok

NAMES = ["王建国", "李明", "张伟", "刘芳", "陈静"]


def tallies_round(yes: list[int], *, seats: int = 3, present: int = 46, expected: int = 50, issued: int | None = None,
                  returned: int | None = None, candidates: list[str] | None = None, **extra) -> dict:
    candidates = candidates or NAMES[:len(yes)]
    issued = present if issued is None else issued
    returned = issued if returned is None else returned
    return {"format": "votedesk-count/1", "seats": seats, "candidates": candidates, "expected": expected,
            "present": present, "ballots_issued": issued, "ballots_returned": returned,
            "tallies": {n: {"yes": y, "no": returned - y} for n, y in zip(candidates, yes)}, **extra}


def honest(doc: dict) -> dict:
    return outcome_to_json(count_round(parse_count_input(doc)))


def claim_elected(doc: dict, names: list[str]) -> dict:
    """The engine's outcome, forged so that ``names`` are elected."""
    claimed = copy.deepcopy(honest(doc))
    claimed["elected"], claimed["tie_revote"], claimed["unfilled_seats"] = names, None, max(0, doc["seats"] - len(names))
    for row in claimed["results"]:
        row["status"] = "elected" if row["name"] in names else ("ineligible" if not row["eligible"] else "not_elected")
    return claimed


def verify_round(make_package, trust, doc: dict, claimed: dict):
    report = verify_package(make_package(rounds=[RoundRecord("r1", "委员选举", doc, claimed)]), trust)
    assert seal_ok(report), report.failures  # every signature and hash holds
    return report


def failing(report, rule: str):
    return [c for c in report.failures if c.rule == rule]


def test_winner_at_exactly_half_is_reported_as_R9_1(make_package, trust):
    doc = tallies_round([40, 38, 23, 20, 10])  # 23 of 46 present is exactly half
    report = verify_round(make_package, trust, doc, claim_elected(doc, ["王建国", "李明", "张伟"]))
    assert not report.ok and "R9.1" in report.rules_broken
    (check,) = failing(report, "R9.1")
    assert check.reason == "below_threshold" and "张伟 has 23 yes" in check.detail and "needs 24" in check.detail


def test_one_more_vote_passes_the_threshold(make_package, trust):
    doc = tallies_round([40, 38, 24, 20, 10])
    assert verify_round(make_package, trust, doc, honest(doc)).ok


def test_elected_without_quorum_is_R3_1(make_package, trust):
    doc = tallies_round([36, 35, 30, 10], present=40, expected=50)  # exactly 4/5 fails
    report = verify_round(make_package, trust, doc, claim_elected(doc, ["王建国", "李明", "张伟"]))
    assert "R3.1" in report.rules_broken and failing(report, "R3.1")[0].reason == "quorum_not_met"


def test_quorum_failure_honestly_reported_is_accepted(make_package, trust):
    doc = tallies_round([36, 35, 30, 10], present=40, expected=50)
    report = verify_round(make_package, trust, doc, honest(doc))
    assert report.ok, report.failures


def test_too_few_candidates_is_R5_1_even_when_the_recount_agrees(make_package, trust):
    doc = tallies_round([40, 38, 30])  # 3 candidates for 3 seats in a competitive election
    report = verify_round(make_package, trust, doc, honest(doc))
    assert [c.rule for c in report.failures] == ["R5.1"]
    assert report.failures[0].reason == "margin_too_small"


def test_invalid_vote_is_R8_1(make_package, trust):
    doc = tallies_round([40, 38, 30, 10], issued=45, returned=46)
    report = verify_round(make_package, trust, doc, claim_elected(doc, ["王建国", "李明", "张伟"]))
    assert "R8.1" in report.rules_broken and failing(report, "R8.1")[0].reason == "returned_exceeds_issued"


def test_overvoted_ballot_counted_as_valid_is_R7_2(make_package, trust, records):
    doc = records[0].count_input  # the demo round with one ballot marking 4 names for 3 seats
    claimed = copy.deepcopy(honest(doc))
    claimed["ballots"].update(valid=46, invalid=0, invalid_ids=[])
    report = verify_round(make_package, trust, doc, claimed)
    assert "R7.2" in report.rules_broken and failing(report, "R7.2")[0].reason == "ballot_validity_disagrees"


def test_ineligible_write_in_elected_is_R9_5(make_package, trust):
    doc = tallies_round([40, 38, 10, 9], write_in_tallies={"赵预备": 30}, ineligible=["赵预备"])
    report = verify_round(make_package, trust, doc, claim_elected(doc, ["王建国", "李明", "赵预备"]))
    assert "R9.5" in report.rules_broken and failing(report, "R9.5")[0].reason == "not_eligible"


def test_probationary_member_on_the_roll_is_R9_5(make_package, trust):
    roster = [{"name": f"党员{i}", "status": "full", "present": True} for i in range(9)]
    roster.append({"name": "钱预备", "status": "probationary", "present": True})
    doc = {"format": "votedesk-count/1", "seats": 1, "office": "secretary", "body": "committee_plenary",
           "candidates": ["党员1"], "roster": roster, "ballots_issued": 9, "ballots_returned": 9,
           "tallies": {"党员1": {"yes": 3, "no": 6}}, "write_in_tallies": {"钱预备": 6}}
    report = verify_round(make_package, trust, doc, claim_elected(doc, ["钱预备"]))
    assert "R9.5" in report.rules_broken


def test_more_elected_than_seats_is_R9_2(make_package, trust):
    doc = tallies_round([40, 38, 30, 28, 5])
    report = verify_round(make_package, trust, doc, claim_elected(doc, ["王建国", "李明", "张伟", "刘芳"]))
    assert "R9.2" in report.rules_broken
