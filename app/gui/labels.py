"""Display names of the core's stored values (statuses, kinds, roles …), as translatable msgids."""
from __future__ import annotations

from app.core.i18n import N_, _
from app.core.workflow.labels import EXCLUSION_REASONS, STATUSES  # noqa: F401 - the core's names, shown in the roll

ORG_KINDS = {"party_committee": N_("Party committee"), "general_branch": N_("General branch"),
             "branch": N_("Branch (with a committee)"), "branch_no_committee": N_("Branch without a committee")}
BODIES = {"member_assembly": N_("Member assembly"), "delegate_congress": N_("Delegate congress")}
OFFICES = {"committee_member": N_("Committee members"), "secretary": N_("Secretary"),
           "deputy_secretary": N_("Deputy secretary"), "standing_committee": N_("Standing committee"),
           "delegate": N_("Delegates"), "discipline_committee_member": N_("Discipline committee members")}
COMMITTEES = {"party": N_("Party committee"), "discipline": N_("Discipline inspection committee")}
# The committee a branch or general branch elects is named for it, not 党委 (only a Party committee is).
PARTY_COMMITTEE_BY_KIND = {"general_branch": N_("General branch committee"), "branch": N_("Branch committee"),
                           "branch_no_committee": N_("Branch committee")}


def committees(org_kind: str | None) -> dict[str, str]:
    """The committees an organization of ``org_kind`` elects, by their real names (a branch has no 纪委)."""
    if org_kind in PARTY_COMMITTEE_BY_KIND:
        return {"party": PARTY_COMMITTEE_BY_KIND[org_kind]}
    return COMMITTEES
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
