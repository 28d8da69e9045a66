"""Facts derived from stored data: which posts a meeting elects, electors, who is elected, what remains."""
from __future__ import annotations

import json
from datetime import date
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.core.errors import missing
from app.core.rules.attendance import RosterSummary, has_voting_rights, summarize_roster
from app.core.rules.election import threshold_base
from app.core.rules.model import Exclusion, MemberStatus, RosterMember, RoundKind, Settings, ThresholdBase
from app.core.storage import ballots as sb
from app.core.storage import members as sm
from app.core.storage import meeting as smt
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss

PLENARY_OFFICES = frozenset({"secretary", "deputy_secretary", "standing_committee"})


def org_kind(db: Database) -> str | None:
    """The organization's type, or None before setup."""
    org = ss.organization(db)
    return org["kind"] if org else None


def direct_secretary(db: Database) -> bool:
    """The assembly elects the secretary and deputy: a branch without a committee, or with the approval recorded (R13.2)."""
    if org_kind(db) == "branch_no_committee":
        return True
    method = ssc.scenario(db)
    return bool(method["direct_secretary"]) and org_kind(db) == "branch"


def is_by_election(db: Database) -> bool:
    """A by-election (补选) of vacant seats during a term (R13.4)."""
    return ssc.scenario(db)["election_kind"] == "by_election"


def is_plenary_post(db: Database, post: ss.Post) -> bool:
    """Secretary/deputy are elected by the new committee's plenary; by the assembly when it elects them directly (R4.10,
    R13.2); a standing committee always by the plenary."""
    if post.office not in PLENARY_OFFICES:
        return False
    return not (post.committee == "party" and post.office != "standing_committee" and direct_secretary(db))


def assembly_day(db: Database) -> date | None:
    """The day of the assembly as set up, on which a restriction in force takes the rights away (R13.7)."""
    held = (ss.election(db) or {}).get("meeting_date")
    return date.fromisoformat(held) if held else None


def assembly_posts(db: Database) -> list[ss.Post]:
    """Posts elected by the member assembly or delegate congress."""
    return [p for p in ss.posts(db) if not is_plenary_post(db, p)]


def plenary_posts(db: Database) -> list[ss.Post]:
    """Posts elected by a committee's first plenary."""
    return [p for p in ss.posts(db) if is_plenary_post(db, p)]


def assembly_meeting(db: Database) -> smt.Meeting | None:
    """The (latest) member assembly or delegate congress."""
    found = [m for m in smt.meetings(db) if m.kind == "assembly"]
    return found[-1] if found else None


def plenary_meeting(db: Database, committee: str) -> smt.Meeting | None:
    """The (latest) first plenary of a committee."""
    found = [m for m in smt.meetings(db) if m.kind == "plenary" and m.committee == committee]
    return found[-1] if found else None


def post_of(db: Database, r: sb.Round) -> ss.Post:
    """The post a round elects (a round belongs to a post: foreign key)."""
    return ss.post(db, r.post_id) or missing("post of round", r.id)


def meeting_of(db: Database, r: sb.Round) -> smt.Meeting:
    """The meeting a round is held at (a round belongs to a meeting: foreign key)."""
    return smt.meeting(db, r.meeting_id) or missing("meeting of round", r.id)


def outcome(r: sb.Round) -> dict[str, Any] | None:
    """A closed round's stored result document."""
    return json.loads(r.outcome) if r.outcome else None


def elected_names(db: Database, post_id: int) -> list[str]:
    """Everyone elected to a post over its closed rounds, in the order elected."""
    names: list[str] = []
    for r in sb.rounds(db, post_id):
        doc = outcome(r)
        if doc:
            names += [n for n in doc["elected"] if n not in names]
    return names


def effective_seats(db: Database, post: ss.Post) -> int:
    """A post's seats after any reduction with the electors' consent (R9.4)."""
    from app.core.storage import records

    cuts = records.seat_reductions(db, post.id)
    return cuts[-1]["seats_after"] if cuts else post.seats


def committee_member_ids(db: Database, committee: str) -> list[int]:
    """Member ids of the new committee: those elected as its members (R4.10)."""
    office = "discipline_committee_member" if committee == "discipline" else "committee_member"
    ids = {n: i for i, n in sm.names(db).items()}
    post = next((p for p in ss.posts(db) if p.committee == committee and p.office == office), None)
    elected = [ids[n] for n in elected_names(db, post.id) if n in ids] if post else []
    # A by-election completes the sitting committee: its plenary is the sitting members and those elected (R13.4).
    sitting = [m for m, _ in ssc.sitting(db)] if committee == "party" and is_by_election(db) else []
    return sitting + [m for m in elected if m not in sitting]


def _roster_members(db: Database, meeting: smt.Meeting) -> list[tuple[int, sm.MemberRecord]]:
    roll = sm.members(db)
    if meeting.kind == "plenary":
        committee = set(committee_member_ids(db, meeting.committee))
        roll = [(i, r) for i, r in roll if i in committee]
    return roll


def roster(db: Database, meeting: smt.Meeting) -> tuple[RosterMember, ...]:
    """The electors of a meeting as the engine sees them: status, presence, exclusion (R2.3, R3.2)."""
    present = smt.present_ids(db, meeting.id)
    excl = {e.member_id: e for e in sm.exclusions(db)} if meeting.kind == "assembly" else {}
    out = []
    day = date.fromisoformat(meeting.held_on) if meeting.held_on else None
    for mid, rec in _roster_members(db, meeting):
        e = excl.get(mid)
        ex = Exclusion(e.reason, bool(e.consent_doc and e.consent_date), bool(e.assembly_date)) if e else None
        out.append(RosterMember(rec.name, rec.standing_on(day), mid in present, ex))
    return tuple(out)


def attendance(db: Database, meeting: smt.Meeting) -> RosterSummary:
    """E and P of a meeting right now (R2.3, R3.2)."""
    return summarize_roster(roster(db, meeting))


def meeting_for_post(db: Database, post: ss.Post) -> smt.Meeting | None:
    """The meeting that elects a post."""
    return plenary_meeting(db, post.committee) if is_plenary_post(db, post) else assembly_meeting(db)


@dataclass(frozen=True)
class PostProgress:
    """How far a post's election has gone."""

    post: ss.Post
    seats: int
    elected: tuple[str, ...]
    last_round: sb.Round | None

    @property
    def remaining(self) -> int:
        """Seats still to fill."""
        return max(0, self.seats - len(self.elected))


def progress(db: Database, post: ss.Post) -> PostProgress:
    """A post's seats, elected names and latest round."""
    rounds = sb.rounds(db, post.id)
    return PostProgress(post, effective_seats(db, post), tuple(elected_names(db, post.id)), rounds[-1] if rounds else None)


def is_full_member(db: Database, name: str) -> bool:
    """Whether a name is a full member of the roll (R2.1, R9.5)."""
    status = sm.statuses(db).get(name)
    return status is not None and has_voting_rights(MemberStatus(status))


@dataclass(frozen=True)
class RoundFacts:
    """A round's numbers fixed when its ballots were issued, read from its row by the count, papers and package.

    E and P are saved with the issue (R3.2: P is re-read from the sign-in then); the threshold's base follows
    from them and its kind (R9.1 P; a preliminary round may take E, R4.6); issued and returned as recorded.
    """

    expected: int
    present: int
    base: int
    base_kind: ThresholdBase
    issued: int
    returned: int | None


def method_settings(db: Database) -> Settings:
    """The recorded method settings the count applies (R13.1 the preliminary bar's base, R13.8 the re-vote rule)."""
    method = ssc.scenario(db)
    return Settings(preliminary_base=ThresholdBase(method["preliminary_base"]),
                    revote_needs_threshold=method["revote_rule"] == "threshold")


def preliminaries(db: Database, post_id: int) -> list[sb.Round]:
    """A post's preliminary rounds (the first and any re-vote among those tied at its cut), in order."""
    return [r for r in sb.rounds(db, post_id) if r.kind == "preliminary"]


def after_preliminary(db: Database, r: sb.Round) -> bool:
    """Whether a formal round follows a preliminary election of its post (its list may then be 等额, R5.3)."""
    return r.kind == "formal" and any(p.id < r.id for p in preliminaries(db, r.post_id))


def advanced(db: Database, post_id: int) -> list[str]:
    """Everyone the post's closed preliminary rounds advanced to the formal list, in the order advanced (R13.1)."""
    names: list[str] = []
    for r in preliminaries(db, post_id):
        doc = outcome(r)
        if doc and doc["vote"]["valid"]:
            names += [n for n in doc.get("advancing") or [] if n not in names]
    return names


def round_facts(r: sb.Round, settings: Settings | None = None) -> RoundFacts | None:
    """The facts of a round whose ballots are issued, or None before the issue."""
    if r.issued is None or r.expected is None or r.present is None:
        return None
    base, kind = threshold_base(RoundKind(r.kind), settings or Settings(), r.expected, r.present)
    return RoundFacts(r.expected, r.present, base, kind, r.issued, r.returned)


def voters(db: Database, r: sb.Round) -> int:
    """P of a round: as saved with its ballots (``RoundFacts.present``), or before the issue the sign-in now (R3.2)."""
    return r.present if r.present is not None else attendance(db, meeting_of(db, r)).present
