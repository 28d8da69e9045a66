"""The ballot-keying path of the audit log: self-reported digests, the remembered tail, one encoding."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import audit
from tests.fixtures.elections import keying_election
from app.core.errors import UserFacingError
from app.core.hashchain import canonical, entry_bytes
from app.core.storage import audit_log
from app.core.storage import ballots as sb
from app.core.workflow import Election

CANDS = ["甲", "乙", "丙", "丁", "戊", "己"]
json_scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=12)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


@given(st.integers(1, 10**9), st.text(min_size=1, max_size=20), st.none() | st.text(max_size=20),
       st.dictionaries(st.text(max_size=8), json_values, max_size=4),
       st.dictionaries(st.text(max_size=30), st.none() | st.text(max_size=32), max_size=4))
def test_entry_bytes_equal_the_canonical_encoding(seq, event, at, params, rows):
    entry = {"seq": seq, "event": event, "at": at, "params": params, "rows": rows}
    assert entry_bytes(seq, event, at, canonical(params).decode(), canonical(rows).decode()) == canonical(entry)


def _keying(tmp_path, name="e.votedesk") -> tuple[Election, int]:
    return keying_election(tmp_path / name, 40, CANDS, 5)


def test_a_reported_ballot_digest_equals_the_stored_row(tmp_path):
    e, rid = _keying(tmp_path)
    ids = [e.record_ballot(rid, {"甲": "yes", "乙": "no"}).value,
           e.record_ballot(rid, {"丙": "unreadable"}, write_ins=["欧阳靖", ("丁\"引号", False)]).value,
           e.record_ballot(rid, {}, spoiled=True).value]
    stored = dict(audit_log.all_digests(e.db, "ballots"))
    logged = {k: v for entry in audit.entries(e.db)[-3:] for k, v in entry.rows.items()}
    assert logged == {f"ballots/{i}": stored[f"ballots/{i}"] for i in ids}
    assert e.verify_audit().ok


def test_a_deleted_ballot_is_logged_as_gone(tmp_path):
    e, rid = _keying(tmp_path)
    bid = e.record_ballot(rid, {"甲": "yes"}).value
    assert e.undo_last_ballot(rid).value == bid
    assert audit.entries(e.db)[-1].rows == {f"ballots/{bid}": None}
    assert e.verify_audit().ok


def test_a_refused_action_between_ballots_keeps_the_chain(tmp_path):
    e, rid = _keying(tmp_path)
    assert e.record_ballot(rid, {"甲": "yes"}).ok
    assert not e.record_ballot(rid, {"外人": "yes"}).ok  # refused before any write
    with pytest.raises(UserFacingError):  # a CHECK refusal rolls the whole action back
        with e._action("ballot_recorded", {"round": rid}, timed=False):
            e.db.execute("INSERT INTO ballots (id, round_id, marks) VALUES ('short', ?, 'y')", [rid])
    for _ in range(3):
        assert e.record_ballot(rid, {"乙": "yes"}).ok
    assert e.verify_audit().ok
    seqs = [x.seq for x in audit.entries(e.db)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_second_writer_between_ballots_keeps_one_chain(tmp_path):
    e, rid = _keying(tmp_path)
    assert e.record_ballot(rid, {"甲": "yes"}).ok
    other = Election.open(tmp_path / "e.votedesk")
    assert other.record_ballot(rid, {"乙": "yes"}).ok
    other.close()
    assert e.record_ballot(rid, {"丙": "yes"}).ok  # continues after the other connection's entry
    assert e.verify_audit().ok
    assert e.round_info(rid).keyed == 3


@given(st.text("0123456789abcdef", min_size=16, max_size=16), st.integers(1, 10**6), st.text("ynau", max_size=40),
       st.lists(st.tuples(st.text(max_size=8), st.booleans()), max_size=3).map(
           lambda pairs: json.dumps([list(p) for p in pairs], ensure_ascii=False, separators=(",", ":"))),
       st.sampled_from([0, 1]))
def test_the_formatted_ballot_digest_equals_the_generic_one(bid, rid, marks, write_ins, spoiled):
    values = (bid, rid, marks, write_ins, spoiled)
    assert sb.ballot_digest(*values) == audit_log.digest_values(sb.BALLOT_COLUMNS, values)


def test_ballot_columns_are_the_declared_ones(tmp_path):
    e, _ = _keying(tmp_path)
    for table in sb.BALLOT_TABLES.values():
        assert tuple(r[1] for r in e.db.execute(f"PRAGMA table_info({table})")) == sb.BALLOT_COLUMNS
