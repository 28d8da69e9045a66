"""Reason code -> translatable sentence citing its regulation; shared by the GUI, CLI and PDFs."""
from __future__ import annotations

from typing import Any

from app.core.citations import cite
from app.core.i18n import N_, _
from app.core.rules import reasons

# English msgids; the Chinese lives in resources/translations/zh_CN.po. {fields} come from params.
MESSAGES: dict[str, str] = {
    "exclusion_reason_not_accepted": N_("{name}: the reason given is not one of the accepted grounds for exclusion"),
    "exclusion_not_approved": N_("{name}: an exclusion needs both the higher level's consent and the assembly's approval"),
    "quorum_not_met": N_("More than 4/5 of the expected attendees must be present: {present} of {expected}, need {min_present}"),
    "margin_too_small": N_("Candidates must exceed seats by at least 20%: {candidates} for {seats} seats, need {min_candidates}"),
    "ballot_spoiled": N_("Spoiled ballot: the whole ballot is invalid"),
    "ballot_over_seats": N_("Invalid ballot: {selections} people selected for {seats} seats"),
    "mark_unreadable": N_("An unreadable mark is void; the rest of the ballot counts"),
    "write_in_unmarked": N_("A written-in name without the yes mark is not counted"),
    "write_in_of_printed_name": N_("A write-in of a printed candidate's name is void"),
    "returned_exceeds_issued": N_("More ballots returned ({returned}) than issued ({issued}): the vote is invalid and must be held again"),
    "returned_exceeds_present": N_("More ballots returned ({returned}) than voters present ({present}): the vote is invalid"),
    "issued_exceeds_present": N_("More ballots issued ({issued}) than voters present ({present})"),
    "below_threshold": N_("Not elected: yes votes must be more than half of the {base} voters present (at least {min_yes})"),
    "ranked_out": N_("Not elected: others with more votes filled the seats"),
    "tie_at_last_seat": N_("Tied for the last seat: a re-vote among the tied names only"),
    "seats_unfilled": N_("{unfilled} seat(s) not filled: hold another round, or reduce seats with the consent of more than half of the electors"),
    "not_eligible": N_("Has no right to be elected: votes are recorded but give no seat"),
    "preliminary_round": N_("Preliminary round: nobody is elected, names advance to the formal election"),
    "unknown_stroke_character": N_('No stroke data for "{char}" in "{name}": place this name by hand'),
    "tally_sum_mismatch": N_("Tally of {name}: yes, no, abstain and void add up to {total}, "
                             "but there are {valid} valid ballots"),
    "write_in_tally_over_valid": N_("{name} (written in): {yes} yes votes, more than the {valid} valid ballots"),
}


def message(code: str, **params: Any) -> str:
    """The sentence for a reason code in the current language, citing its regulation.

    E.g. "…，至少需要 34 人（《条例》第四章“选举实施”）" or "… (Election Work Regulations, Art. 5)"; the rule
    id itself (R3.1) stays available through ``rule_of`` for the audit log and tooltips.
    """
    if code not in MESSAGES:
        return code  # unregistered: callers fall back to the exception's own text (never "code (citation)")
    template = _(MESSAGES[code])
    try:
        text = template.format(**params)
    except (KeyError, IndexError, ValueError):
        text = template  # never crash on a message; show the unformatted sentence
    return text if code in UNCITED else cite(text, rule_of(code, **params))


# Sentences that state the order of the app's own steps, not a rule: no regulation is cited for them.
UNCITED: frozenset[str] = frozenset({"step_not_done"})


def rule_of(code: str, **params: Any) -> str | None:
    """The rule id behind a reason code (the engine's, else a ``rule`` parameter), e.g. "R3.1"; None if none."""
    rule = reasons.ALL[code].rule if code in reasons.ALL else params.get("rule")
    return str(rule) if rule else None


def rule_of_error(exc: BaseException) -> str | None:
    """The rule id of a UserFacingError (its code's or its ``rule`` parameter), None for anything else."""
    code, params = getattr(exc, "code", None), getattr(exc, "params", None)
    return rule_of(code, **params) if isinstance(code, str) and isinstance(params, dict) else None


def register(extra: dict[str, str]) -> None:
    """Add messages of another area (e.g. workflow gates); codes must not clash."""
    clash = set(extra) & set(MESSAGES)
    if clash:
        raise ValueError(f"message codes defined twice: {sorted(clash)}")
    MESSAGES.update(extra)
