"""Audit events of the delegate congress and its counting stations (added to the audit catalogue)."""
from __future__ import annotations

from app.core.i18n import N_

EVENTS: dict[str, str] = {
    "boxes_set": N_("A round's returned ballots were split into named ballot boxes for counting stations (R13.9)."),
    "station_kit_issued": N_("A station kit was issued to a teller group: its boxes and the key its count must be signed with."),
    "station_partial_imported": N_("A station's signed partial count was verified and imported (R13.9)."),
    "stations_merged": N_("The round's ballots were taken from all stations' partial counts, with no station or order kept (R4.8)."),
    "station_kit_opened": N_("This counting station opened its kit: the round and its own ballot boxes only."),
    "station_partial_exported": N_("This counting station exported its signed partial count."),
    "units_set": N_("The electoral units and their delegate seats were set (R1.3)."),
    "unit_report_imported": N_("An electoral unit's signed package was verified and its delegates entered on the roll (R13.9)."),
    "qualification_reviewed": N_("The qualification review of delegates was recorded (R13.9)."),
    "preparatory_held": N_("The preparatory meeting adopted the agenda and elected the presidium and secretary-general (R13.9)."),
    "preparatory_corrected": N_("The record of the preparatory meeting was corrected before the congress voted (R13.9)."),
    "presidium_decided": N_("A decision of the presidium was recorded (R9.4)."),
}
STEP = {"counting": ("boxes_set", "station_kit_issued", "station_partial_imported", "stations_merged",
                     "station_kit_opened", "station_partial_exported"),
        "setup": ("units_set", "unit_report_imported", "qualification_reviewed", "preparatory_held",
                  "preparatory_corrected"),
        "results": ("presidium_decided",)}
