"""Rule checks on a round's claimed outcome against the facts in its count input (R3.1 … R9.5)."""
from __future__ import annotations

from typing import Any, Mapping

from app.core.rules.attendance import has_voting_rights
from app.core.rules.election import RoundOutcome, meets_threshold
from app.core.rules.model import RoundInput, RoundKind
from app.core.rules.validity import yes_over_seats
from app.core.signing.report import Check


def _names(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class Claim:
    """Defensive read access to a claimed votedesk-count-result/1 document (it may be malformed)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc if isinstance(doc, Mapping) else {}
        self.elected = _names(self.doc.get("elected"))
        self.advancing = _names(self.doc.get("advancing"))
        results = self.doc.get("results")
        rows = results if isinstance(results, list) else []
        self.rows = {r["name"]: r for r in rows if isinstance(r, Mapping) and isinstance(r.get("name"), str)}

    def number(self, section: str, key: str) -> int | None:
        value = self.doc.get(section, {}).get(key) if isinstance(self.doc.get(section), Mapping) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def yes(self, name: str) -> int | None:
        value = self.rows.get(name, {}).get("yes")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def chosen(self) -> list[str]:
        """Everyone the claim moves forward: the elected, or the advancing of a preliminary round."""
        return self.elected + self.advancing


def _check(rid: str, rule: str, problem: tuple[str, str] | None, ok_detail: str, **params: Any) -> Check:
    """One rule's verdict; ``params`` fill the translated sentence (texts.describe) of a failure."""
    name = f"rule:{rid}:{rule}"
    if problem is None:
        return Check(name, True, "ok", rule, ok_detail)
    return Check(name, False, problem[0], rule, problem[1], params)


def quorum(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R3.1: nobody is elected unless more than 4/5 of the expected voters are present."""
    q = out.quorum
    facts = f"{q.present} of {q.expected} present, at least {q.min_present} needed"
    problem = None
    if not q.met and claim.chosen:
        problem = ("quorum_not_met", f"{facts}, yet {', '.join(claim.chosen)} declared elected")
    elif claim.number("quorum", "present") not in (None, q.present) or claim.doc.get("quorum", {}).get("met") not in (None, q.met):
        problem = ("quorum_misreported", f"the claimed quorum differs from the count input ({facts})")
    return _check(rid, "R3.1", problem, facts, present=q.present, expected=q.expected, min_present=q.min_present,
                  names="、".join(claim.chosen))


def margin(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R5.1: a competitive election lists at least S + ceil(S/5) candidates."""
    m = out.margin
    facts = f"{m.candidates} candidates for {m.seats} seat(s)" + (f", at least {m.min_candidates} needed" if m.competitive else "")
    return _check(rid, "R5.1", None if m.met else ("margin_too_small", facts), facts, candidates=m.candidates,
                  seats=m.seats, min_candidates=m.min_candidates)


def vote(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R8.1: returned <= issued <= present; otherwise the round must be held again."""
    codes = [r.code for r in out.vote.reasons if r.code != "quorum_not_met"]
    inp = out.inp
    facts = f"issued {inp.ballots_issued}, returned {inp.ballots_returned}, present {out.quorum.present}"
    problem = (codes[0], f"{facts} ({', '.join(codes)}), yet {', '.join(claim.chosen)} declared elected") if codes and claim.chosen else None
    return _check(rid, "R8.1", problem, facts, issued=inp.ballots_issued, returned=inp.ballots_returned,
                  present=out.quorum.present, names="、".join(claim.chosen))


def ballots(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R7.2: the claimed valid/invalid ballots agree with the ballots, and no valid ballot exceeds the seats."""
    inp, c = out.inp, out.count
    valid, invalid = claim.number("ballots", "valid"), claim.number("ballots", "invalid")
    facts = f"{c.valid} valid, {c.invalid} invalid of {inp.ballots_returned} returned"
    numbers = {"valid": c.valid, "invalid": c.invalid, "claimed_valid": valid, "claimed_invalid": invalid}
    if (valid, invalid) != (c.valid, c.invalid):
        return _check(rid, "R7.2", ("ballot_validity_disagrees", f"claimed {valid} valid, {invalid} invalid; the ballots give {facts}"),
                      facts, **numbers)
    claimed_ids = claim.doc.get("ballots", {}).get("invalid_ids") if isinstance(claim.doc.get("ballots"), Mapping) else None
    if inp.ballots is not None and sorted(_names(claimed_ids)) != sorted(c.invalid_ids):
        return _check(rid, "R7.2", ("ballot_validity_disagrees", "the ballots claimed invalid are not the ones over the seat limit or spoiled"), facts,
                      **numbers)
    yes_total = sum(claim.yes(n) or 0 for n in claim.rows)
    limit = max(inp.seats, inp.advance or 0)  # a preliminary ballot may carry as many names as advance
    if yes_over_seats(yes_total, limit, c.valid):
        return _check(rid, "R7.2", ("ballot_over_seats", f"{yes_total} yes votes on {c.valid} valid ballots for {limit} seats"),
                      facts, yes=yes_total, valid=c.valid, seats=limit)
    return _check(rid, "R7.2", None, facts)


def threshold(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R9.1: everyone elected has yes votes above half of the voters present (exactly half fails)."""
    t = out.threshold
    s = out.inp.settings
    bar = out.inp.kind != RoundKind.PRELIMINARY or s.preliminary_needs_threshold
    checked = claim.chosen if bar else claim.elected
    if out.inp.kind == RoundKind.TIE_REVOTE and not s.revote_needs_threshold:
        checked = []  # R13.8: the method said the one with more votes in the re-vote is elected
    facts = f"more than half of {t.base}: at least {t.min_yes} yes"
    short, names = [], []
    for name in checked:
        tally = out.count.tallies.get(name)
        for label, yes in (("claimed", claim.yes(name)), ("counted", tally.yes if tally else 0)):
            if yes is not None and not meets_threshold(yes, t.base):
                short.append(f"{name} has {yes} yes ({label}) of {t.base} {t.kind.value}, needs {t.min_yes}")
                names.append(name)
                break
    problem = ("below_threshold", "; ".join(short)) if short else None
    return _check(rid, "R9.1", problem, facts, names="、".join(names), base=t.base, min_yes=t.min_yes)


def seats(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R9.2: no more elected than seats."""
    n, s = len(claim.elected), out.inp.seats
    return _check(rid, "R9.2", ("too_many_elected", f"{n} elected for {s} seat(s)") if n > s else None, f"{n} elected for {s} seat(s)",
                  elected=n, seats=s)


def _ineligible(inp: RoundInput) -> tuple[set[str], set[str] | None]:
    names = set(inp.ineligible)
    if inp.roster is None:
        return names, None
    names |= {m.name for m in inp.roster if not has_voting_rights(m.status)}
    return names, {m.name for m in inp.roster}


def eligibility(rid: str, out: RoundOutcome, claim: Claim) -> Check:
    """R9.5: nobody without the right to be elected (or, with a roster, nobody off the roll) is elected."""
    barred, roll = _ineligible(out.inp)
    bad = [n for n in claim.chosen if n in barred]
    off_roll = [n for n in claim.chosen if roll is not None and n not in roll and n not in out.inp.candidates]
    if bad:
        return _check(rid, "R9.5", ("not_eligible", f"{', '.join(bad)} may not be elected"), "", names="、".join(bad))
    if off_roll:
        return _check(rid, "R9.5", ("write_in_not_on_roll", f"{', '.join(off_roll)} written in but not on the member roll"), "",
                      names="、".join(off_roll))
    return _check(rid, "R9.5", None, "everyone elected may be elected")


RULES = (quorum, margin, vote, ballots, threshold, seats, eligibility)


def rule_checks(rid: str, out: RoundOutcome, claimed: Any) -> list[Check]:
    """Every rule check for one round: the claim judged against the facts of its own count input."""
    claim = Claim(claimed)
    return [rule(rid, out, claim) for rule in RULES]
