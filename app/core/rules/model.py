"""Frozen inputs of one round of voting: enums, roster, ballots, tallies and the rule settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Mapping


class Body(StrEnum):
    """Who votes."""

    MEMBER_ASSEMBLY = "member_assembly"
    DELEGATE_CONGRESS = "delegate_congress"
    COMMITTEE_PLENARY = "committee_plenary"


class Office(StrEnum):
    """What is elected."""

    COMMITTEE_MEMBER = "committee_member"
    DELEGATE = "delegate"
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    STANDING_COMMITTEE = "standing_committee"
    DISCIPLINE_COMMITTEE_MEMBER = "discipline_committee_member"


# R5.1: the 20 % margin is firm for these offices; R5.2: single candidate allowed for the others.
COMPETITIVE_BY_DEFAULT = frozenset(
    {Office.COMMITTEE_MEMBER, Office.DELEGATE, Office.DISCIPLINE_COMMITTEE_MEMBER}
)


class RoundKind(StrEnum):
    """The kind of a round of voting."""

    FORMAL = "formal"
    PRELIMINARY = "preliminary"
    TIE_REVOTE = "tie_revote"
    ADDITIONAL = "additional"


class Mark(StrEnum):
    """One voter's mark beside one printed name (R7.1, R7.3)."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    UNREADABLE = "unreadable"


class MemberStatus(StrEnum):
    """Membership status on the roll (R2.1)."""

    FULL = "full"
    PROBATIONARY = "probationary"
    LIUDANG_CHAKAN = "liudang_chakan"
    SUSPENDED = "suspended"


class ExclusionReason(StrEnum):
    """The five accepted grounds for leaving a member out of the expected count (R2.3)."""

    ILLNESS = "illness_cannot_express_will"
    ABROAD = "abroad_self_funded_half_year"
    SENTENCE = "serving_sentence"
    FRAIL = "frail_bedridden"
    AWAY = "away_half_year_relationship_not_moved"


class ThresholdBase(StrEnum):
    """Denominator of the election threshold (R9.1 present; R4.6 preliminary: practice varies)."""

    PRESENT = "present"
    EXPECTED = "expected"


@dataclass(frozen=True)
class Settings:
    """Rules that rules.md marks "practice, varies", with their stated defaults."""

    write_in_needs_mark: bool = True  # R7.3: an unmarked write-in is not counted
    printed_name_write_in_counts: bool = False  # R7.3: writing a printed name voids that write-in
    preliminary_base: ThresholdBase = ThresholdBase.PRESENT  # R4.6
    preliminary_needs_threshold: bool = True  # R4.6: the bar applies to advancing names
    revote_needs_threshold: bool = True  # R13.8: the re-vote winner needs 2Y > P again (else: more votes wins)


@dataclass(frozen=True)
class Exclusion:
    """A request to leave a member out of the expected count, with both approvals (R2.3)."""

    reason: str
    higher_level_consent: bool
    assembly_approved: bool


@dataclass(frozen=True)
class RosterMember:
    """One member on the roll as it stands at the meeting."""

    name: str
    status: MemberStatus
    present: bool
    exclusion: Exclusion | None = None


@dataclass(frozen=True)
class WriteIn:
    """A name written in the blank row; ``marked`` is whether it carries the yes mark."""

    name: str
    marked: bool = True


@dataclass(frozen=True)
class Ballot:
    """One returned ballot. A printed candidate missing from ``marks`` is an abstention."""

    id: str
    marks: Mapping[str, Mark] = field(default_factory=dict)
    write_ins: tuple[WriteIn, ...] = ()
    spoiled: bool = False


@dataclass(frozen=True)
class Tally:
    """Per-person counts over the valid ballots."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    void: int = 0


@dataclass(frozen=True)
class RoundInput:
    """Everything needed to count one round for one post."""

    seats: int
    candidates: tuple[str, ...]
    ballots_issued: int
    ballots_returned: int
    expected: int = 0
    present: int = 0
    roster: tuple[RosterMember, ...] | None = None
    body: Body = Body.MEMBER_ASSEMBLY
    office: Office = Office.COMMITTEE_MEMBER
    kind: RoundKind = RoundKind.FORMAL
    competitive: bool | None = None
    advance: int | None = None
    ballots: tuple[Ballot, ...] | None = None
    tallies: Mapping[str, Tally] | None = None
    write_in_tallies: Mapping[str, int] = field(default_factory=dict)
    invalid_ballots: int = 0
    ineligible: frozenset[str] = frozenset()
    settings: Settings = Settings()

    @property
    def is_competitive(self) -> bool:
        """Whether the 20 % margin applies (R5)."""
        if self.competitive is not None:
            return self.competitive
        return self.office in COMPETITIVE_BY_DEFAULT
