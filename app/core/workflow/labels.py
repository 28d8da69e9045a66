"""Display names of steps, posts, round kinds and statuses as msgids, so reasons never show a raw id."""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.i18n import N_, _

if TYPE_CHECKING:
    from typing import Any


class Label(str):
    """A msgid given as a reason parameter: translated when the message is shown (GateReason.message)."""

    __slots__ = ()


STEP_TITLES = {
    "setup": N_("Preparation"), "roll": N_("Member roll"), "nomination": N_("Nomination and vetting"),
    "candidates": N_("Candidate list"), "sign_in": N_("Sign-in and quorum"),
    "method": N_("Election method and scrutineers"), "ballots": N_("Ballots"), "counting": N_("Counting"),
    "results": N_("Results and further rounds"), "plenary": N_("First plenary"), "report": N_("Report and export"),
}
POST_TITLES = {
    ("party", "committee_member"): N_("Committee members"), ("party", "secretary"): N_("Secretary"),
    ("party", "deputy_secretary"): N_("Deputy secretary"), ("party", "standing_committee"): N_("Standing committee"),
    ("party", "delegate"): N_("Delegates"),
    ("discipline", "discipline_committee_member"): N_("Discipline committee members"),
    ("discipline", "secretary"): N_("Discipline committee secretary"),
    ("discipline", "deputy_secretary"): N_("Discipline committee deputy secretary"),
}
ROUND_KINDS = {"formal": N_("formal election"), "preliminary": N_("preliminary election"),
               "tie_revote": N_("re-vote among the tied"), "additional": N_("additional round")}
STATUSES = {"full": N_("Full member"), "probationary": N_("Probationary member"),
            "liudang_chakan": N_("On probation within the Party (留党察看)"), "suspended": N_("Rights suspended")}
EXCLUSION_REASONS = {
    "illness_cannot_express_will": N_("Ill and unable to express his or her will"),
    "abroad_self_funded_half_year": N_("Abroad at own expense for more than half a year"),
    "serving_sentence": N_("Serving a sentence"),
    "frail_bedridden": N_("Old, frail and bedridden"),
    "away_half_year_relationship_not_moved": N_("Away for more than half a year, relationship not moved"),
}


def step_label(step: str) -> Label:
    """A step's name, e.g. "Counting" (the id itself if unknown)."""
    return Label(STEP_TITLES.get(str(step), str(step)))


ORG_KINDS = {"party_committee": N_("Party committee"), "general_branch": N_("General branch"),
             "branch": N_("Branch (with a committee)"), "branch_no_committee": N_("Branch without a committee")}


def org_kind_label(kind: str | None) -> Label:
    """A kind of organization's name, e.g. "General branch"."""
    return Label(ORG_KINDS.get(kind or "", kind or ""))


def post_label(committee: str, office: str) -> Label:
    """A post's name, e.g. "Committee members"."""
    return Label(POST_TITLES.get((committee, office), office))


def round_kind_label(kind: str) -> Label:
    """A round kind's name, e.g. "re-vote among the tied"."""
    return Label(ROUND_KINDS.get(kind, kind))


def status_label(status: str) -> Label:
    """A member status's name, e.g. "Probationary member"."""
    return Label(STATUSES.get(status, status))


def shown(params: dict[str, Any]) -> dict[str, Any]:
    """Reason parameters ready for a sentence: Label values translated, the rest as they are."""
    return {k: _(v) if isinstance(v, Label) else v for k, v in params.items()}
