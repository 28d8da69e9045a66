"""The recount of a package's shuffled ballots agrees with the branch's count whatever order the box was in."""
from __future__ import annotations

import random

from app.core.countfmt import outcome_to_json, parse_count_input
from app.core.rules.election import count_round
from app.core.signing.package import RoundRecord, anonymize_round
from app.core.signing.verify import differences


def _input() -> dict:
    """Two write-ins with equal votes: their order in the results is where each first appears in the box."""
    ballots = [{"id": str(i), "marks": {"甲": "yes"}, "write_ins": []} for i in range(8)]
    ballots[1]["write_ins"] = ["丙"]
    ballots[5]["write_ins"] = ["丁"]
    ballots[6]["write_ins"] = ["丁", "丙"]
    return {"format": "votedesk-count/1", "body": "member_assembly", "office": "committee_member", "kind": "formal",
            "seats": 3, "candidates": ["甲", "乙", "戊", "己"], "expected": 10, "present": 9,
            "ballots_issued": 9, "ballots_returned": 8, "ballots": ballots}


def _recount(doc: dict) -> dict:
    return outcome_to_json(count_round(parse_count_input(doc)))


def test_shuffled_ballots_recount_to_the_claim() -> None:
    inp = _input()
    record = RoundRecord("1", "委员选举", inp, _recount(inp))
    orders = set()
    for seed in range(20):
        rnd = anonymize_round(record, random.Random(seed))
        recount = _recount(rnd["input"])
        orders.add(tuple(r["name"] for r in recount["results"]))
        assert differences(rnd["claimed"], recount) == []
    assert len(orders) > 1  # the shuffle did change the write-ins' order, so the comparison was put to the test


def test_a_changed_count_still_differs() -> None:
    inp = _input()
    claimed = _recount(inp)
    claimed["results"] = [{**r, "yes": r["yes"] + 1} if r["name"] == "丙" else r for r in claimed["results"]]
    assert any("丙 yes" in d for d in differences(claimed, _recount(inp)))
    claimed = {**_recount(inp), "elected": ["甲", "乙"]}
    assert differences(claimed, _recount(inp))
