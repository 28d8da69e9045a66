"""Bad input to `votedesk count`: exit 2, one line naming the key, nothing on stdout; and a fuzz test."""
import copy
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.countfmt import parse_count_input
from app.core.errors import InputError
from app.core.rules.election import count_round
from tests.tiers import examples

GOOD = {
    "format": "votedesk-count/1", "seats": 2, "candidates": ["丁一", "于二", "万三"], "expected": 6, "present": 6,
    "ballots_issued": 6, "ballots_returned": 2,
    "ballots": [{"id": "1", "marks": {"丁一": "yes"}}, {"id": "2", "marks": {"于二": "no"}, "write_ins": ["石四"]}],
}
TALLIES = {"format": "votedesk-count/1", "seats": 1, "candidates": ["甲", "乙"], "expected": 5, "present": 5,
           "ballots_issued": 5, "ballots_returned": 5, "tallies": {"甲": {"yes": 3, "no": 2}, "乙": {"yes": 2}}}


def _with(base, **changes):
    doc = copy.deepcopy(base)
    for k, v in changes.items():
        if v is ...:
            doc.pop(k, None)
        else:
            doc[k] = v
    return doc


CASES = [
    ("malformed", "{not json", "document"),
    ("not an object", "[1, 2]", "document"),
    ("unknown format", json.dumps(_with(GOOD, format="votedesk-count/9")), "format"),
    ("missing format", json.dumps(_with(GOOD, format=...)), "format"),
    ("negative count", json.dumps(_with(GOOD, present=-1)), "present"),
    ("float count", json.dumps(_with(GOOD, seats=1.5)), "seats"),
    ("zero seats", json.dumps(_with(GOOD, seats=0)), "seats"),
    ("duplicate candidate", json.dumps(_with(GOOD, candidates=["丁一", "丁一"])), "candidates[1]"),
    ("unknown candidate", json.dumps(_with(GOOD, ballots=[{"id": "1", "marks": {"王五": "yes"}}], ballots_returned=1)),
     "ballots[0].marks"),
    ("bad mark", json.dumps(_with(GOOD, ballots=[{"id": "1", "marks": {"丁一": "maybe"}}], ballots_returned=1)),
     "ballots[0].marks.丁一"),
    ("both", json.dumps(_with(GOOD, tallies={})), "ballots"),
    ("neither", json.dumps(_with(GOOD, ballots=...)), "ballots"),
    ("negative tally", json.dumps(_with(TALLIES, tallies={"甲": {"yes": -1}, "乙": {"yes": 2}})), "tallies.甲.yes"),
    ("unknown tally name", json.dumps(_with(TALLIES, tallies={"甲": {"yes": 1}, "乙": {}, "丙": {}})), "tallies"),
    ("returned mismatch", json.dumps(_with(GOOD, ballots_returned=5)), "ballots"),
    ("unknown key", json.dumps(_with(GOOD, seat=3)), "seat"),
    ("unknown body", json.dumps(_with(GOOD, body="parliament")), "body"),
    ("advance outside preliminary", json.dumps(_with(GOOD, advance=2)), "advance"),
    ("bad roster status", json.dumps(_with(GOOD, expected=..., present=..., roster=[{"name": "a", "status": "vip", "present": True}])),
     "roster[0].status"),
]


@pytest.mark.parametrize("label,text,key", CASES, ids=[c[0] for c in CASES])
def test_bad_input_exits_2_naming_the_key(label, text, key):
    proc = subprocess.run([sys.executable, "-m", "app", "count", "-"], input=text, capture_output=True, text=True,
                          encoding="utf-8")
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{key}:" in lines[0], lines


def test_good_documents_parse():
    for doc in (GOOD, TALLIES):
        assert count_round(parse_count_input(copy.deepcopy(doc))).vote.valid


def test_missing_file_exits_2():
    proc = subprocess.run([sys.executable, "-m", "app", "count", "/nonexistent.json"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == "" and "cannot read" in proc.stderr


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 50) | st.floats(allow_nan=True) | st.text(max_size=4)
    | st.sampled_from(["丁一", "于二", "yes", "no", "unreadable", "votedesk-count/1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6) | st.sampled_from(sorted(GOOD)), inner, max_size=5),
    max_leaves=12,
)


def _mutations(base: dict):
    keys = st.sampled_from(sorted(set(base) | {"tallies", "roster", "kind", "advance", "ineligible"}))
    return st.lists(st.tuples(keys, JSON), min_size=1, max_size=3).map(lambda ch: _apply(base, ch))


def _apply(base: dict, changes) -> dict:
    doc = copy.deepcopy(base)
    for k, v in changes:
        doc[k] = v
    return doc


def _only_result_or_input_error(doc) -> None:
    try:
        inp = parse_count_input(doc)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    count_round(inp)


# Fuzz: a few hundred examples in the default run, 3,500 each in the slow tier (CI).
FUZZ = settings(max_examples=examples(200, 3500), deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(JSON)
def test_fuzz_random_json(doc):
    _only_result_or_input_error(doc)


@FUZZ
@given(_mutations(GOOD))
def test_fuzz_mutated_ballots(doc):
    _only_result_or_input_error(doc)


@FUZZ
@given(_mutations(TALLIES))
def test_fuzz_mutated_tallies(doc):
    _only_result_or_input_error(doc)


@pytest.mark.parametrize(("name", "shown"), [("\n", "\\n"), ("甲\r\n乙", "甲\\r\\n乙"), ("\t", "\\t"),
                                             ("\x00", "\\x00")])
def test_a_name_with_control_characters_gives_one_escaped_line(name, shown):
    doc = _with(TALLIES, tallies={"甲": {"yes": 3}, "乙": {"yes": 2}, name: {"yes": 1}})
    with pytest.raises(InputError) as caught:
        parse_count_input(doc)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message and message.isprintable()
    assert f'unknown candidate "{shown}"' in message
