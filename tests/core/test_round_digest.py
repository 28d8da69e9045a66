"""The digest in a closed round's audit entry binds the round to its ballots, whatever their ids and order."""
from __future__ import annotations

import random

from app.core import audit
from app.core.demo import create_demo
from app.core.rounddigest import round_digest
from app.core.workflow import Election, counting


def _closed(e: Election) -> dict[int, str]:
    return {x.params["round"]: x.params["ballots_digest"] for x in audit.entries(e.db) if x.event == "round_closed"}


def test_each_closed_round_records_the_digest_of_its_ballots(tmp_path):
    path = tmp_path / "demo.votedesk"
    create_demo(path)
    e = Election.open(path)
    recorded = _closed(e)
    assert recorded and set(recorded) == {r.id for r in e.rounds() if r.closed}
    for rid, digest in recorded.items():
        assert round_digest(counting.count_input(e.db, rid)) == digest


def test_ids_and_order_do_not_change_the_digest_but_one_mark_does(tmp_path):
    path = tmp_path / "demo.votedesk"
    create_demo(path)
    e = Election.open(path)
    rid = next(r.id for r in e.rounds() if r.mode == "ballots" and r.closed)
    doc = counting.count_input(e.db, rid)
    shuffled = dict(doc, ballots=[dict(b, id=f"{i:016x}") for i, b in enumerate(random.Random(1).sample(doc["ballots"], len(doc["ballots"])))])
    assert round_digest(shuffled) == round_digest(doc)
    first = doc["ballots"][0]
    name = doc["candidates"][0]
    flipped = dict(first, marks={**first["marks"], name: "no" if first["marks"].get(name) == "yes" else "yes"})
    assert round_digest(dict(doc, ballots=[flipped, *doc["ballots"][1:]])) != round_digest(doc)
    assert round_digest(dict(doc, ballots_issued=doc["ballots_issued"] + 1)) != round_digest(doc)
