"""A round from storage: its `votedesk-count/1` document, and a fast count equal to the engine's."""
from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.countfmt import FORMAT_IN, outcome_to_json, parse_count_input
from app.core.errors import missing
from app.core.rules.counting import Count, add_ballot, diff_entries
from app.core.rules.election import RoundOutcome, count_round
from app.core.rules.attendance import has_voting_rights
from app.core.rules.model import Ballot, Mark, MemberStatus, RoundInput, Settings, Tally, WriteIn
from app.core.rules.validity import judge_ballot, over_seats
from app.core.storage import ballots as sb
from app.core.storage import members as sm
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss
from app.core.workflow import state


def _write_ins(raw: str) -> list[Any]:
    """Stored write-ins ([name, marked] pairs) in the count format (string, or object when unmarked)."""
    return [name if marked else {"name": name, "marked": False} for name, marked in json.loads(raw)]


def _ballot_doc(bid: str, marks: str, write_ins: str, spoiled: int, names: list[str]) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": bid, "marks": {n: sb.LETTER_MARK[c] for n, c in zip(names, marks) if c != "a"}}
    if write_ins != "[]":
        doc["write_ins"] = _write_ins(write_ins)
    if spoiled:
        doc["spoiled"] = True
    return doc


def _head(db: Database, r: sb.Round, names: list[str]) -> dict[str, Any]:
    post, meeting = state.post_of(db, r), state.meeting_of(db, r)
    if meeting.kind == "plenary":
        body = "committee_plenary"
    else:
        election = ss.election(db) or missing("election", "row")  # set up before any round
        body = election["body"]
    # A re-vote among the tied, a preliminary round (its list is checked against what advances) and the formal round
    # after it (may be 等额, R5.3) are not held to the 20% margin.
    competitive = post.competitive and r.kind not in ("tie_revote", "preliminary") and not state.after_preliminary(db, r)
    # E, P and the ballots issued as saved with the issue (R3.2), carried into the count, the package and the verifier.
    facts = state.round_facts(r)
    expected, present, issued = (facts.expected, facts.present, facts.issued) if facts else (0, 0, 0)
    doc = {
        "format": FORMAT_IN, "body": body, "office": post.office, "kind": r.kind, "competitive": competitive,
        "seats": r.seats, "candidates": names, "expected": expected, "present": present,
        "ballots_issued": issued, "write_in_needs_mark": meeting.write_in_needs_mark,
    }
    # The method's recorded settings (R13.1, R13.8), carried into the count so the verifier applies the same.
    method = ssc.scenario(db)
    if r.kind == "preliminary":
        doc["advance"] = r.seats  # a preliminary round's seats are the names it advances (a ballot selects that many)
        doc["preliminary_base"] = method["preliminary_base"]
    if method["revote_rule"] != "threshold":
        doc["revote_needs_threshold"] = False
    return doc


def _ineligible(db: Database, written: Iterable[str]) -> list[str]:
    # R9.5: a written-in name that is not a full member of the roll can receive votes but no seat.
    full = {n for n, s in sm.statuses(db).items() if has_voting_rights(MemberStatus(s))}
    return sorted({n.strip() for n in written if n.strip() and n.strip() not in full})


def _written_in(db: Database, round_id: int) -> list[str]:
    rows = db.execute("SELECT write_ins FROM ballots WHERE round_id = ? AND write_ins != '[]'", [round_id])
    return [name for (raw,) in rows for name, _ in json.loads(raw)]


def count_input(db: Database, round_id: int) -> dict[str, Any]:
    """The round as a `votedesk-count/1` document: ballots in random-id order, no voter, no time.

    :param round_id: the stored round
    """
    r = sb.get_round(db, round_id)
    if r is None:
        raise KeyError(round_id)
    names = [n for _, n in sb.printed(db, round_id)]
    doc = _head(db, r, names)
    if r.mode == "tallies":
        rows = sb.tallies(db, round_id)
        doc["tallies"] = {n: {"yes": y, "no": no, "abstain": a, "void": v} for n, w, y, no, a, v in rows if not w}
        doc["write_in_tallies"] = {n: y for n, w, y, *_ in rows if w}
        doc["invalid_ballots"] = r.invalid_tallied or 0
        doc["ballots_returned"] = r.returned or 0
        written = list(doc["write_in_tallies"])
    else:
        ballots = [_ballot_doc(*row, names) for row in sb.ballot_rows(db, round_id)]
        doc["ballots"], doc["ballots_returned"] = ballots, len(ballots)
        written = [w if isinstance(w, str) else w["name"] for b in ballots for w in b.get("write_ins", [])]
    doc["ineligible"] = _ineligible(db, written)
    return doc


def _plain_tallies(plain: list[str], n: int) -> list[Tally]:
    # Column-wise: one C-level str.count per candidate and mark instead of a Python loop per mark.
    if not plain:
        return [Tally() for _ in range(n)]
    cols = ["".join(col) for col in zip(*plain)]
    return [Tally(c.count("y"), c.count("n"), c.count("a"), c.count("u")) for c in cols]


def fast_count(rows: Iterable[tuple[str, str, str, int]], candidates: tuple[str, ...], seats: int,
               settings: Settings) -> Count:
    """The engine's Count of stored ballot rows (id order), without building a Ballot per plain ballot.

    Ballots without write-ins are judged by their yes letters (R7.2) and tallied column-wise;
    ballots with write-ins go through the engine's own judge_ballot/add_ballot.
    """
    plain: list[str] = []
    special: list[tuple[Ballot, Any]] = []
    invalid_ids: list[str] = []
    for bid, marks, write_ins, spoiled in rows:
        if spoiled:
            invalid_ids.append(bid)
        elif write_ins == "[]":
            (invalid_ids.append(bid) if over_seats(marks.count("y"), seats) else plain.append(marks))
        else:
            b = _to_ballot(bid, marks, write_ins, candidates)
            verdict = judge_ballot(b, candidates, seats, settings)
            (special.append((b, verdict)) if verdict.valid else invalid_ids.append(bid))
    tallies = dict(zip(candidates, _plain_tallies(plain, len(candidates))))
    count = Count(tallies, (), len(plain), len(invalid_ids), tuple(invalid_ids))
    for b, verdict in special:
        count = add_ballot(count, b, verdict, candidates)
    return count


def _to_ballot(bid: str, marks: str, write_ins: str, candidates: tuple[str, ...], spoiled: bool = False) -> Ballot:
    m = {c: Mark(sb.LETTER_MARK[x]) for c, x in zip(candidates, marks) if x != "a"}
    return Ballot(bid, m, tuple(WriteIn(n, bool(k)) for n, k in json.loads(write_ins)), spoiled)


def sheet_count(db: Database, r: sb.Round) -> Count:
    """The count a round's tally sheets give: printed names in ballot order, then write-ins (R10.1).

    As the engine reads them (``count_from_tallies``): valid ballots are the returned less the invalid,
    and a write-in of a printed name adds nothing.
    """
    rows = sb.tallies(db, r.id)
    sheet = {n: Tally(y, no, a, v) for n, w, y, no, a, v in rows if not w}
    tallies = {n: sheet.get(n, Tally()) for _, n in sb.printed(db, r.id)}
    written = {n: y for n, w, y, *_ in rows if w and n not in tallies}
    tallies.update({n: Tally(yes=y) for n, y in written.items()})
    invalid = r.invalid_tallied or 0
    # The returned count may be corrected below the sheets' invalid ballots; closing then refuses (R10.1).
    return Count(tallies, tuple(written), max(0, (r.returned or 0) - invalid), invalid, ())


def entry_ballots(db: Database, round_id: int, pass_no: int = 1) -> list[Ballot]:
    """A round's keyed ballots as the engine's Ballots: the record (pass 1) or the check entry (pass 2)."""
    names = tuple(n for _, n in sb.printed(db, round_id))
    return [_to_ballot(bid, marks, w, names, bool(s)) for bid, marks, w, s in sb.ballot_rows(db, round_id, pass_no)]


def entry_differences(db: Database, round_id: int) -> tuple[tuple[Ballot, ...], tuple[Ballot, ...]]:
    """Ballots only in the record, and only in the second teller's check entry (R10.1)."""
    return diff_entries(entry_ballots(db, round_id, 1), entry_ballots(db, round_id, 2))


def decide(db: Database, round_id: int) -> RoundOutcome:
    """Count a stored round through the engine (fast tally for keyed ballots; same result)."""
    r = sb.get_round(db, round_id)
    if r is None:
        raise KeyError(round_id)
    if r.mode == "tallies":
        return engine_outcome(db, round_id)
    names = [n for _, n in sb.printed(db, round_id)]
    shell = dict(_head(db, r, names), ballots=[], ineligible=_ineligible(db, _written_in(db, round_id)))
    inp = parse_count_input(shell)
    count = fast_count(sb.ballot_rows(db, round_id), inp.candidates, inp.seats, inp.settings)
    as_tallies = replace(
        inp, ballots=None, tallies=count.tallies, ballots_returned=count.valid + count.invalid,
        invalid_ballots=count.invalid, write_in_tallies={n: count.tallies[n].yes for n in count.write_ins},
    )
    out = count_round(as_tallies)
    # The decision depends only on the tallies; keep the ballot-level count (invalid ids) and input.
    return replace(out, count=count, inp=replace(inp, ballots_returned=count.valid + count.invalid))


def decide_json(db: Database, round_id: int) -> dict[str, Any]:
    """The `votedesk-count-result/1` document of a stored round."""
    return outcome_to_json(decide(db, round_id))


def engine_outcome(db: Database, round_id: int) -> RoundOutcome:
    """The engine's own count of the round's count-input document (the reference for ``decide``)."""
    return count_round(parse_count_input(count_input(db, round_id)))


__all__ = ["RoundInput", "count_input", "decide", "decide_json", "engine_outcome", "entry_ballots", "entry_differences",
           "fast_count", "sheet_count"]
