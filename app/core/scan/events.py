"""Audit events of reading ballots from scans (added to the audit catalogue)."""
from __future__ import annotations

from app.core.i18n import N_

EVENTS: dict[str, str] = {
    "scan_layout_recorded": N_("The layout of a round's printed ballot was recorded for reading scans."),
    "scans_imported": N_("A folder of scanned ballots was read: pages read, refused and sent to review."),
    "scan_decided": N_("A person decided the doubtful boxes or write-ins of a scanned ballot (who and what, never the voter)."),
    "scan_checked": N_("A scanned ballot drawn for the sample check was keyed by hand and compared with the reading."),
    "scan_page_discarded": N_("A scanned page was set aside (not a ballot of this round, or the same sheet twice)."),
    "scan_images_deleted": N_("The scanned images of a closed round were deleted; their hashes and readings are kept."),
}
STEP = {"counting": tuple(EVENTS)}
