"""Marking results official asks the higher level's verifier first: what it would refuse is never locked."""
from __future__ import annotations

import random

from app.core import demo
from app.core.workflow import Election


def _ready() -> Election:
    """The demo election with everything done but the official mark."""
    e = Election.in_memory()
    rng = random.Random(2024)
    posts = demo._setup(e)
    demo._roll_and_exclusion(e)
    demo._candidates(e, posts)
    demo._meeting(e)
    demo._formal_round(e, posts, rng, False)
    demo._tie_revote(e, posts, rng)
    demo._plenary(e, posts)
    e.record_reply("secretary", "青石街工委〔2024〕23号", "2024-05-24")
    return e


def test_a_count_edited_behind_the_app_is_refused_with_the_verifiers_sentence() -> None:
    e = _ready()
    first = e.rounds()[0].id
    e.db.execute("UPDATE ballots SET marks = replace(marks, 'y', 'n') WHERE round_id = ?", [first])
    result = e.mark_official(demo.CHIEF, demo.CHIEF_PIN)
    assert not result.ok and [r.code for r in result.reasons] == ["verifier_refuses"]
    assert "recount_disagrees" not in result.reasons[0].params["reasons"]  # a sentence, not the code
    assert not e.election_info()["official"]


def test_results_the_verifier_accepts_are_made_official() -> None:
    e = _ready()
    assert e.mark_official(demo.CHIEF, demo.CHIEF_PIN).ok
    assert e.election_info()["official"]
