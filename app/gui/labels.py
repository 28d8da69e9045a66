"""Display names of the core's stored values (statuses, kinds, roles …), as translatable msgids."""
from __future__ import annotations

from app.core.i18n import N_, _

ORG_KINDS = {"party_committee": N_("Party committee"), "general_branch": N_("General branch"),
             "branch": N_("Branch (with a committee)"), "branch_no_committee": N_("Branch without a committee")}
BODIES = {"member_assembly": N_("Member assembly"), "delegate_congress": N_("Delegate congress")}
OFFICES = {"committee_member": N_("Committee members"), "secretary": N_("Secretary"),
           "deputy_secretary": N_("Deputy secretary"), "standing_committee": N_("Standing committee"),
           "delegate": N_("Delegates"), "discipline_committee_member": N_("Discipline committee members")}
COMMITTEES = {"party": N_("Party committee"), "discipline": N_("Discipline inspection committee")}
STATUSES = {"full": N_("Full member"), "probationary": N_("Probationary member"),
            "liudang_chakan": N_("On probation within the Party (留党察看)"), "suspended": N_("Rights suspended")}
EXCLUSION_REASONS = {
    "illness_cannot_express_will": N_("Ill and unable to express his or her will"),
    "abroad_self_funded_half_year": N_("Abroad at own expense for more than half a year"),
    "serving_sentence": N_("Serving a sentence"),
    "frail_bedridden": N_("Old, frail and bedridden"),
    "away_half_year_relationship_not_moved": N_("Away for more than half a year, relationship not moved"),
}
ROLES = {"chief_scrutineer": N_("Chief scrutineer"), "scrutineer": N_("Scrutineer"), "teller": N_("Teller")}
SOURCES = {"party_group": N_("Party groups"), "members_jointly": N_("Members jointly"),
           "outgoing_committee": N_("Outgoing committee"), "masses": N_("Residents / villagers")}
INCIDENT_KINDS = {"canvassing": N_("Canvassing"), "bribery": N_("Bribery"), "clan_interference": N_("Clan interference"),
                  "threat": N_("Threats"), "ballot_fraud": N_("Ballot fraud"), "disruption": N_("Disrupting the meeting"),
                  "false_accusation": N_("False accusation"), "retaliation": N_("Retaliation against informants"),
                  "irregular_transfer": N_("Irregular transfer of membership"), "other": N_("Other")}
RESULT_STATUSES = {"elected": N_("Elected"), "tie_revote": N_("Tied: re-vote"), "not_elected": N_("Not elected"),
                   "ineligible": N_("Not eligible")}
REPLY_SUBJECTS = {"hold_election": N_("Holding the election"), "exclusions": N_("Exclusions"),
                  "candidates": N_("Candidate list"), "secretary": N_("Secretary and deputy"),
                  "results": N_("Results"), "other": N_("Other")}


def label(table: dict[str, str], key: str | None) -> str:
    """The translated display name of ``key`` (the key itself if unknown)."""
    return _(table[key]) if key in table else (key or "")


def items(table: dict[str, str]) -> list[tuple[str, str]]:
    """(translated label, key) pairs for a combo box."""
    return [(_(text), key) for key, text in table.items()]

# Audit events: a short display name and the step each belongs to (for the audit log filter).
EVENTS = {
    "file_created": (N_("Election file created"), "setup"), "schema_migrated": (N_("File migrated to a newer schema"), "setup"),
    "organization_set": (N_("Organization entered"), "setup"), "election_set": (N_("Election entered"), "setup"),
    "request_recorded": (N_("Request to hold the election recorded"), "setup"),
    "reply_recorded": (N_("Higher-level reply recorded"), "setup"), "post_added": (N_("Post added"), "setup"),
    "post_changed": (N_("Post changed"), "setup"), "members_added": (N_("Members added to the roll"), "roll"),
    "member_updated": (N_("Member record changed"), "roll"), "exclusion_requested": (N_("Exclusion requested"), "roll"),
    "exclusion_approved": (N_("Exclusion approved"), "roll"), "exclusion_withdrawn": (N_("Exclusion withdrawn"), "roll"),
    "nomination_recorded": (N_("Nomination recorded"), "nomination"), "vetting_recorded": (N_("Vetting recorded"), "nomination"),
    "candidates_set": (N_("Candidate list set"), "candidates"), "candidates_approved": (N_("Candidate list approved"), "candidates"),
    "meeting_opened": (N_("Meeting opened"), "sign_in"), "signed_in": (N_("Members signed in"), "sign_in"),
    "signed_out": (N_("Members marked as left"), "sign_in"), "method_adopted": (N_("Election method adopted"), "method"),
    "scrutineers_appointed": (N_("Scrutineers and tellers appointed"), "method"), "round_opened": (N_("Round opened"), "ballots"),
    "ballots_issued": (N_("Ballots issued"), "ballots"), "ballot_recorded": (N_("Ballot keyed in"), "counting"),
    "ballot_deleted": (N_("Keyed ballot taken back"), "counting"), "returned_recorded": (N_("Ballots returned recorded"), "counting"),
    "tallies_entered": (N_("Tally sheets entered"), "counting"), "round_closed": (N_("Round counted and closed"), "counting"),
    "seats_reduced": (N_("Seats reduced with the electors' consent"), "results"),
    "results_official": (N_("Results marked official"), "report"), "amendment_recorded": (N_("Amendment recorded"), "results"),
    "incident_recorded": (N_("Incident reported"), "supervision"), "incident_updated": (N_("Incident followed up"), "supervision"),
}


def event_title(event: str) -> str:
    """The translated display name of an audit event."""
    return _(EVENTS[event][0]) if event in EVENTS else event


def event_step(event: str) -> str:
    """The step an audit event belongs to ("supervision" for the incident register)."""
    return EVENTS[event][1] if event in EVENTS else "other"
