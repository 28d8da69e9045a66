"""The `votedesk-count/1` JSON contract: strict parsing into RoundInput and the result document."""
from __future__ import annotations

from typing import Any, Callable

from app.core.errors import InputError
from app.core.rules.election import RoundOutcome
from app.core.rules.model import (
    Ballot, Body, Exclusion, Mark, MemberStatus, Office, RosterMember, RoundInput, RoundKind,
    Settings, Tally, ThresholdBase, WriteIn,
)

FORMAT_IN = "votedesk-count/1"
FORMAT_OUT = "votedesk-count-result/1"
KEYS = {
    "format", "body", "office", "kind", "advance", "competitive", "seats", "candidates", "expected",
    "present", "roster", "ballots_issued", "ballots_returned", "ballots", "tallies", "write_in_tallies",
    "invalid_ballots", "ineligible", "write_in_needs_mark",
    # extensions (settings that rules.md marks "practice, varies")
    "printed_name_write_in_counts", "preliminary_base", "revote_needs_threshold",
}


def _int(doc: dict, key: str, path: str, *, minimum: int = 0, default: int | None = None) -> int:
    value = doc.get(key, default)
    where = f"{path}{key}"
    if value is None:
        raise InputError(where, "missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(where, f"must be an integer, not {value!r}")
    if value < minimum:
        raise InputError(where, f"must be at least {minimum}, not {value}")
    return value


def _bool(doc: dict, key: str, default: bool | None, path: str = "") -> bool | None:
    value = doc.get(key, default)
    if value is not None and not isinstance(value, bool):
        raise InputError(f"{path}{key}", f"must be true or false, not {value!r}")
    return value


def _enum(doc: dict, key: str, enum: Callable[[str], Any], default: Any, path: str = "") -> Any:
    value = doc.get(key, default)
    try:
        return enum(value)
    except ValueError:
        raise InputError(f"{path}{key}", f"unknown value {value!r}") from None


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(where, f"must be a non-empty name, not {value!r}")
    return value.strip()


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(where, f"must be an object, not {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise InputError(where, f"must be a list, not {type(value).__name__}")
    return value


def _names(doc: dict, key: str, *, required: bool) -> tuple[str, ...]:
    if key not in doc and not required:
        return ()
    raw = _list(doc.get(key), key)
    names: list[str] = []
    for i, item in enumerate(raw):
        name = _name(item, f"{key}[{i}]")
        if name in names:
            raise InputError(f"{key}[{i}]", f'duplicate name "{name}"')
        names.append(name)
    return tuple(names)


def _write_in(item: Any, where: str) -> WriteIn:
    if isinstance(item, str):
        return WriteIn(_name(item, where))
    obj = _object(item, where)
    _no_extra(obj, {"name", "marked"}, where + ".")
    return WriteIn(_name(obj.get("name"), where + ".name"), bool(_bool(obj, "marked", True, where + ".")))


def _no_extra(obj: dict, allowed: set[str], path: str) -> None:
    for key in obj:
        if key not in allowed:
            raise InputError(f"{path}{key}", "unknown key")


def _ballot(item: Any, i: int, candidates: tuple[str, ...]) -> Ballot:
    where = f"ballots[{i}]"
    obj = _object(item, where)
    _no_extra(obj, {"id", "marks", "write_ins", "spoiled"}, where + ".")
    bid = obj.get("id", str(i + 1))
    if isinstance(bid, bool) or not isinstance(bid, (str, int)):
        raise InputError(where + ".id", f"must be a string, not {bid!r}")
    marks = {}
    for name, mark in _object(obj.get("marks", {}), where + ".marks").items():
        if name not in candidates:
            raise InputError(where + ".marks", f'unknown candidate "{name}"')
        try:
            marks[name] = Mark(mark)
        except ValueError:
            raise InputError(f"{where}.marks.{name}", f"unknown mark {mark!r} (yes, no, abstain, unreadable)") from None
    write_ins = tuple(_write_in(w, f"{where}.write_ins[{j}]") for j, w in enumerate(_list(obj.get("write_ins", []), where + ".write_ins")))
    spoiled = bool(_bool(obj, "spoiled", False, where + "."))
    return Ballot(str(bid), marks, write_ins, spoiled)


def _ballots(doc: dict, candidates: tuple[str, ...]) -> tuple[Ballot, ...]:
    ballots = tuple(_ballot(b, i, candidates) for i, b in enumerate(_list(doc["ballots"], "ballots")))
    seen: set[str] = set()
    for i, b in enumerate(ballots):
        if b.id in seen:
            raise InputError(f"ballots[{i}].id", f'duplicate ballot id "{b.id}"')
        seen.add(b.id)
    return ballots


def _tally(obj: Any, where: str) -> Tally:
    obj = _object(obj, where)
    _no_extra(obj, {"yes", "no", "abstain", "void"}, where + ".")
    p = where + "."
    return Tally(*(_int(obj, k, p, default=0) for k in ("yes", "no", "abstain", "void")))


def _tallies(doc: dict, candidates: tuple[str, ...]) -> dict[str, Tally]:
    raw = _object(doc["tallies"], "tallies")
    for name in raw:
        if name not in candidates:
            raise InputError("tallies", f'unknown candidate "{name}"')
    for name in candidates:
        if name not in raw:
            raise InputError("tallies", f'no tally for candidate "{name}"')
    return {name: _tally(raw[name], f"tallies.{name}") for name in candidates}


def _write_in_tallies(doc: dict, candidates: tuple[str, ...]) -> dict[str, int]:
    raw = _object(doc.get("write_in_tallies", {}), "write_in_tallies")
    out = {}
    for name, value in raw.items():
        if name in candidates:
            raise InputError("write_in_tallies", f'"{name}" is a printed candidate, not a write-in')
        out[_name(name, "write_in_tallies")] = _int(raw, name, "write_in_tallies.")
    return out


def _roster(doc: dict) -> tuple[RosterMember, ...]:
    members, seen = [], set()
    for i, item in enumerate(_list(doc["roster"], "roster")):
        where = f"roster[{i}]"
        obj = _object(item, where)
        _no_extra(obj, {"name", "status", "present", "exclusion"}, where + ".")
        name = _name(obj.get("name"), where + ".name")
        if name in seen:
            raise InputError(where + ".name", f'duplicate name "{name}"')
        seen.add(name)
        status = _enum(obj, "status", MemberStatus, None, where + ".")
        present = _bool(obj, "present", None, where + ".")
        if present is None:
            raise InputError(where + ".present", "missing")
        members.append(RosterMember(name, status, present, _exclusion(obj.get("exclusion"), where + ".exclusion")))
    return tuple(members)


def _exclusion(raw: Any, where: str) -> Exclusion | None:
    if raw is None:
        return None
    obj = _object(raw, where)
    _no_extra(obj, {"reason", "higher_level_consent", "assembly_approved"}, where + ".")
    if not isinstance(obj.get("reason"), str):
        raise InputError(where + ".reason", "must be a string")
    consent = bool(_bool(obj, "higher_level_consent", False, where + "."))
    return Exclusion(obj["reason"], consent, bool(_bool(obj, "assembly_approved", False, where + ".")))


def _voters(doc: dict) -> dict[str, Any]:
    if "roster" in doc:
        for key in ("expected", "present"):
            if key in doc:
                raise InputError(key, "give either roster or expected/present, not both")
        return {"roster": _roster(doc)}
    return {"expected": _int(doc, "expected", ""), "present": _int(doc, "present", "")}


def _round_kind(doc: dict) -> tuple[RoundKind, int | None]:
    kind = _enum(doc, "kind", RoundKind, RoundKind.FORMAL)
    if kind == RoundKind.PRELIMINARY:
        return kind, _int(doc, "advance", "", minimum=1)
    if "advance" in doc:
        raise InputError("advance", "only for a preliminary round")
    return kind, None


def _settings(doc: dict) -> Settings:
    return Settings(
        write_in_needs_mark=bool(_bool(doc, "write_in_needs_mark", True)),
        printed_name_write_in_counts=bool(_bool(doc, "printed_name_write_in_counts", False)),
        preliminary_base=_enum(doc, "preliminary_base", ThresholdBase, ThresholdBase.PRESENT),
        revote_needs_threshold=bool(_bool(doc, "revote_needs_threshold", True)),
    )


def _votes(doc: dict, candidates: tuple[str, ...]) -> dict[str, Any]:
    if ("ballots" in doc) == ("tallies" in doc):
        raise InputError("ballots", "give exactly one of ballots and tallies")
    if "ballots" in doc:
        for key in ("invalid_ballots", "write_in_tallies"):
            if key in doc:
                raise InputError(key, "only with tallies, not with ballots")
        ballots = _ballots(doc, candidates)
        returned = _int(doc, "ballots_returned", "", default=len(ballots))
        if returned != len(ballots):
            raise InputError("ballots", f"{len(ballots)} ballots given but ballots_returned is {returned}")
        return {"ballots": ballots, "ballots_returned": returned}
    return {
        "tallies": _tallies(doc, candidates),
        "write_in_tallies": _write_in_tallies(doc, candidates),
        "invalid_ballots": _int(doc, "invalid_ballots", "", default=0),
        "ballots_returned": _int(doc, "ballots_returned", ""),
    }


def _check_tally_sums(inp: RoundInput) -> None:
    valid = inp.ballots_returned - inp.invalid_ballots
    if valid < 0:
        raise InputError("invalid_ballots", f"{inp.invalid_ballots} is more than the {inp.ballots_returned} ballots returned")
    for name, t in (inp.tallies or {}).items():
        if t.yes + t.no + t.abstain + t.void > valid:
            raise InputError(f"tallies.{name}", f"counts add up to more than the {valid} valid ballots")
    for name, yes in inp.write_in_tallies.items():
        if yes > valid:
            raise InputError(f"write_in_tallies.{name}", f"more than the {valid} valid ballots")


def parse_count_input(doc: Any) -> RoundInput:
    """Validate a decoded `votedesk-count/1` document; raises InputError naming the key."""
    doc = _object(doc, "document")
    if "format" not in doc:
        raise InputError("format", "missing")
    if doc["format"] != FORMAT_IN:
        raise InputError("format", f'unknown format {doc["format"]!r} (expected "{FORMAT_IN}")')
    _no_extra(doc, KEYS, "")
    candidates = _names(doc, "candidates", required=True)
    kind, advance = _round_kind(doc)
    inp = RoundInput(
        seats=_int(doc, "seats", "", minimum=1),
        candidates=candidates,
        ballots_issued=_int(doc, "ballots_issued", ""),
        body=_enum(doc, "body", Body, Body.MEMBER_ASSEMBLY),
        office=_enum(doc, "office", Office, Office.COMMITTEE_MEMBER),
        kind=kind,
        advance=advance,
        competitive=_bool(doc, "competitive", None),
        ineligible=frozenset(_names(doc, "ineligible", required=False)),
        settings=_settings(doc),
        **_voters(doc),
        **_votes(doc, candidates),
    )
    _check_tally_sums(inp)
    return inp


def _person(p: Any) -> dict[str, Any]:
    t = p.tally
    return {
        "name": p.name, "write_in": p.write_in, "eligible": p.eligible, "yes": t.yes, "no": t.no,
        "abstain": t.abstain, "void": t.void, "qualified": p.qualified, "status": p.status.value,
    }


def outcome_to_json(out: RoundOutcome) -> dict[str, Any]:
    """The `votedesk-count-result/1` document for an outcome."""
    q, m, c = out.quorum, out.margin, out.count
    doc: dict[str, Any] = {"format": FORMAT_OUT}
    if out.roster is not None:
        r = out.roster
        doc["roster"] = {
            "expected": r.expected, "present": r.present, "excluded": list(r.excluded),
            "exclusions_rejected": [x.name for x in r.exclusions_rejected], "non_voting_present": r.non_voting_present,
        }
    doc["quorum"] = {"expected": q.expected, "present": q.present, "min_present": q.min_present, "met": q.met}
    doc["margin"] = {"competitive": m.competitive, "seats": m.seats, "candidates": m.candidates,
                     "min_candidates": m.min_candidates, "met": m.met}
    doc["vote"] = {"valid": out.vote.valid, "reasons": [r.code for r in out.vote.reasons]}
    doc["ballots"] = {"issued": out.inp.ballots_issued, "returned": out.inp.ballots_returned,
                      "valid": c.valid, "invalid": c.invalid, "invalid_ids": list(c.invalid_ids)}
    doc["threshold"] = {"base": out.threshold.base, "min_yes": out.threshold.min_yes}
    doc["results"] = [_person(p) for p in out.results]
    doc["elected"] = list(out.elected)
    tie = out.tie_revote
    doc["tie_revote"] = {"among": list(tie.among), "seats": tie.seats} if tie else None
    doc["unfilled_seats"] = out.unfilled_seats
    doc["advancing"] = list(out.advancing) if out.advancing is not None else None
    return doc
