"""The election service's shape (issue 13): services over one context behind a façade, one source per rule, no imitation errors."""
from __future__ import annotations

import inspect
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.countfmt import parse_count_input
from app.core.errors import InternalError, MissingRecord, missing
from app.core.reports.counting_report import decision_lines
from app.core.reports.data import round_report
from app.core.reports.result_report import round_sentence
from app.core.rules.election import count_round, meets_threshold, threshold_base
from app.core.rules.model import RoundKind, Settings, ThresholdBase
from app.core.rules.validity import over_seats, yes_over_seats
from app.core.storage import ballots as sb
from app.core.workflow import state
from app.core.workflow.base import Service
from app.core.workflow.election import Election

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app"
PRELIMINARY = REPO / "tests" / "fixtures" / "examples" / "09-preliminary.json"


def _services() -> list[type]:
    e = Election.in_memory()
    found = [type(v) for v in vars(e).values() if isinstance(v, Service)]
    e.close()
    return found


def test_election_is_a_facade_over_services_none_inheriting_another() -> None:
    assert Election.__mro__ == (Election, object)
    services = _services()
    assert len(services) >= 9
    for cls in services:
        assert cls.__bases__ == (Service,), cls


def test_the_facade_offers_every_public_service_method_with_its_signature() -> None:
    for cls in _services():
        for name, fn in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_"):
                continue
            assert hasattr(Election, name), f"{cls.__name__}.{name} is not on the façade"
            assert inspect.signature(getattr(Election, name)) == inspect.signature(fn), name


def test_a_service_calls_only_what_it_or_its_context_defines() -> None:
    # The old chain let voting.py call next_rounds, which only a subclass defined.
    for cls in _services():
        source = inspect.getsource(inspect.getmodule(cls))  # type: ignore[arg-type]
        own = {n for n, _ in inspect.getmembers(cls)}
        for called in set(re.findall(r"self\.(\w+)\(", inspect.getsource(cls))):
            assert called in own, f"{cls.__name__} calls self.{called}() it does not define"
        assert "ElectionBase" not in source


def test_missing_is_a_named_internal_error() -> None:
    with pytest.raises(MissingRecord, match="no post of round 7") as caught:
        missing("post of round", 7)
    assert isinstance(caught.value, InternalError)


def test_no_hand_written_copies_of_pythons_messages() -> None:
    imitation = re.compile(r"raise (AttributeError|TypeError)\(\"'")
    hits = [f"{p.relative_to(REPO)}" for p in APP.rglob("*.py") if imitation.search(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_full_membership_is_asked_of_the_rights_rule_not_a_literal() -> None:
    literal = re.compile(r"""[!=]= ?["']full["']""")
    hits = [f"{p.relative_to(REPO)}" for p in APP.rglob("*.py") if literal.search(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_rule_predicates() -> None:
    assert over_seats(3, 2) and not over_seats(2, 2)
    assert yes_over_seats(11, 5, 2) and not yes_over_seats(10, 5, 2)
    assert meets_threshold(6, 10) and not meets_threshold(5, 10)  # exactly half fails (R9.1)
    expected_base = Settings(preliminary_base=ThresholdBase.EXPECTED)
    assert threshold_base(RoundKind.PRELIMINARY, expected_base, 30, 27) == (30, ThresholdBase.EXPECTED)
    assert threshold_base(RoundKind.FORMAL, expected_base, 30, 27) == (27, ThresholdBase.PRESENT)
    assert threshold_base(RoundKind.PRELIMINARY, Settings(), 30, 27) == (27, ThresholdBase.PRESENT)


def _preliminary(base: str) -> str:
    doc = json.loads(PRELIMINARY.read_text(encoding="utf-8"))
    doc["preliminary_base"] = base
    out = count_round(parse_count_input(doc))
    rnd = round_report(out, "委员", electors="党员大会", on=None)
    return round_sentence(rnd) + "".join(decision_lines(rnd))


def test_the_threshold_text_names_the_base_it_used() -> None:
    on_e = _preliminary("expected")
    assert "超过应到会人数的半数" in on_e and "应到会有选举权人数（30 人）" in on_e and "实到会人数的半数" not in on_e
    on_p = _preliminary("present")
    assert "超过实到会人数的半数" in on_p and "实到会有选举权人数（27 人）" in on_p


def test_round_facts_are_the_numbers_saved_when_ballots_were_issued(tmp_path: Path) -> None:
    from app.core.demo import create_demo

    e = Election.open(create_demo(tmp_path / "demo.votedesk"))
    rounds = sb.rounds(e.db)
    assert rounds
    for r in rounds:
        facts = state.round_facts(r)
        assert facts is not None
        assert (facts.expected, facts.present, facts.issued, facts.returned) == (r.expected, r.present, r.issued, r.returned)
        assert (facts.base, facts.base_kind) == (r.present, ThresholdBase.PRESENT)
        assert state.voters(e.db, r) == r.present
        assert e.count_input(r.id)["present"] == facts.present
    assert state.round_facts(replace(rounds[0], issued=None, expected=None, present=None)) is None
    plan = e.ballot_plan()
    assert [v for _, v, _ in plan] == [r.present for r in rounds]
    e.close()


def test_no_gui_code_touches_the_database() -> None:
    # Pages and workers call the Election façade (or a workspace's own methods); SQL stays in app/core.
    raw = re.compile(r"\.db\b|\.execute\(|\.conn\b")
    hits = [f"{p.relative_to(REPO)}:{n}" for p in (APP / "gui").rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert hits == []
