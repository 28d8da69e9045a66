"""Election service actions of counting from scans (issue 17): record the pages read, a person decides every doubt,
a drawn sample is keyed by hand and must agree; ballots are saved through the keying path (R7.2, R10.1)."""
from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping, Sequence

from app.core.i18n import N_
from app.core.messages import register
from app.core.rules.counting import diff_entries
from app.core.rules.model import Ballot, Mark, WriteIn
from app.core.scan.batch import ScannedPage
from app.core.scan.classify import DOUBT, EMPTY, NO, YES
from app.core.storage import ballots as sb
from app.core.storage import scans as ss
from app.core.storage.scans import ScanPage
from app.core.workflow.base import ActionContext, Service
from app.core.workflow.keying import KeyingActions, not_ready
from app.core.workflow.types import GATE_RULES, ActionResult, reason, refused

DEFAULT_SHARE = Fraction(1, 10)  # of the pages read, re-keyed by hand as a check entry
READ_MARK = {YES: "yes", NO: "no", EMPTY: "abstain"}
DECISIONS = ("yes", "no", "abstain", "unreadable")
# A mark's shape (centre, size, ink; tenths of a mm) that moves less than this between two scans is the same pen stroke.
_SAME_SHAPE = (4, 4, 5, 5, 12)

GATE_RULES.update({"scan_layout_missing": "R4.8", "scan_undecided": "R7.3", "scan_page_unknown": "R10.1",
                   "scan_not_in_state": "R10.1", "scan_check_differs": "R10.1", "scan_round_open": "R4.8"})
register({
    "scan_layout_missing": N_("This round's ballot is printed over several sheets: key its ballots by hand"),
    "scan_undecided": N_("Decide every doubtful box and written-in name of {page} first ({left} left)"),
    "scan_page_unknown": N_("No scanned page {page} in this round"),
    "scan_not_in_state": N_("{page} is not waiting for this step"),
    "scan_check_differs": N_("The hand-keyed check of {page} differs from the reading at: {names}. "
                             "Look at the paper ballot and decide those boxes again"),
    "scan_round_open": N_("The scanned images can be deleted only once the round is closed"),
})

# Why a page was not read: what the operator is told with the page's name.
REFUSALS = {
    "no_ballot": N_("no ballot of this round found (blank page, another paper, or the marks in the corners cut off)"),
    "uncut_sheet": N_("a whole sheet of ballots: cut it into single ballots and scan them again"),
    "other_round": N_("a ballot of another round or post"),
    "code_unreadable": N_("the round's code along the top edge cannot be read: scan it again"),
    "unreadable_file": N_("the file cannot be opened as an image"),
    "same_sheet": N_("the same scan as {other}"),
    "set_aside": N_("set aside by {by}"),
}


@dataclass(frozen=True)
class ScanSummary:
    """What an import did: pages saved as ballots, sent to review, drawn for the hand-keyed check, refused."""

    saved: int
    review: int
    check: int
    refused: tuple[tuple[str, str, dict[str, Any]], ...]  # (page name, reason code, its parameters)


@dataclass(frozen=True)
class ScanStatus:
    """A round's scanning so far."""

    pages: int
    saved: int
    review: int
    check: int
    refused: tuple[ScanPage, ...]


def _similar(a: list[list[int]], b: list[list[int]]) -> bool:
    """Two pages whose every inked box holds the same stroke: the same sheet scanned twice."""
    inked = [(x, y) for x, y in zip(a, b) if x or y]
    if len(inked) < 2:
        return False  # a blank ballot looks like every other blank ballot
    return all(x and y and all(abs(p - q) <= t for p, q, t in zip(x, y, _SAME_SHAPE)) for x, y in inked)


class ScanningActions(Service):
    """Ballots read from scans: certain pages are saved, every doubt waits for a person (R7.3), a sample is re-keyed."""

    def __init__(self, ctx: ActionContext, keying: KeyingActions) -> None:
        super().__init__(ctx)
        self._keying = keying

    # ---- the layout ------------------------------------------------------------------------
    def scan_layout(self, round_id: int) -> dict[str, Any] | None:
        """The round's ballot layout: as recorded, else as this file prints it (None: too long to scan)."""
        stored = ss.layout(self.db, round_id)
        if stored is not None:
            return stored
        from app.core.documents import ballot_plan, election_info, organization
        from app.core.reports.ballot import ballot_layout

        ids = [r.id for r in sb.rounds(self.db)]
        if round_id not in ids:
            return None
        spec = ballot_plan(self.db)[ids.index(round_id)][0]
        return ballot_layout(organization(self.db), election_info(self.db), spec)

    # ---- importing ---------------------------------------------------------------------------
    def record_scans(self, round_id: int, pages: Sequence[ScannedPage], share: Fraction = DEFAULT_SHARE) -> ActionResult:
        """Record the pages of one import; value: ScanSummary. Pages read with certainty and not drawn for the
        check are saved as ballots at once; the rest wait in the review queue."""
        r = sb.get_round(self.db, round_id)
        if (why := not_ready(r, round_id)) is not None:
            return why
        layout = self.scan_layout(round_id)
        if layout is None:
            return refused(reason("scan_layout_missing"))
        read = [p for p in pages if not p.refused]
        drawn = set(secrets.SystemRandom().sample(range(len(read)), min(len(read), math.ceil(share * len(read)))))
        sampled = {id(p) for i, p in enumerate(read) if i in drawn}
        counts = {"saved": 0, "review": 0, "check": 0}
        refusals: list[tuple[str, str, dict[str, Any]]] = []
        with self.ctx.action("scans_imported", {"round": round_id, "pages": len(pages)}):
            if ss.layout(self.db, round_id) is None:
                ss.put_layout(self.db, round_id, layout)
            # Shapes of the pages counted so far, read once: each page is compared with all (same sheet twice).
            seen = [(q.name, q.read.get("sigs", [])) for q in ss.pages(self.db, round_id) if q.state != "refused"]
            for n, p in enumerate(pages, start=1):  # its place in the pile lets a person find the paper
                state, code, params = self._place(round_id, p, id(p) in sampled, seen, {"order": n, "of": len(pages)})
                if state == "refused":
                    refusals.append((p.name, str(code), params))
                else:
                    counts[state] += 1
        return ActionResult(True, ScanSummary(counts["saved"], counts["review"], counts["check"], tuple(refusals)))

    def _place(self, round_id: int, p: ScannedPage, sampled: bool, seen: list[tuple[str, list[list[int]]]],
               place: dict[str, int]) -> tuple[str, str | None, dict[str, Any]]:
        """Store one page (with its ``place`` in the import) and save it as a ballot when nothing is in doubt."""
        data = dict(p.read, **place)
        if p.refused:
            ss.add_page(self.db, round_id, p.name, p.sha256, "refused", p.refused, data, p.path)
            return "refused", p.refused, {}
        if (twin := ss.by_hash(self.db, round_id, p.sha256)) is not None:
            ss.add_page(self.db, round_id, p.name, p.sha256, "refused", "same_sheet", dict(data, other=twin.name), p.path)
            return "refused", "same_sheet", {"other": twin.name}
        like = next((name for name, sigs in seen if _similar(p.read["sigs"], sigs)), None)
        seen.append((p.name, p.read["sigs"]))
        read = dict(data, like=like) if like else data
        pid = ss.add_page(self.db, round_id, p.name, p.sha256, "review", None, read, p.path, sampled)
        if p.doubts or like:
            return "review", None, {}
        if sampled:
            ss.update_page(self.db, pid, state="check")
            return "check", None, {}
        return self._save(round_id, pid, self._read_marks(round_id, read), [], False)

    def _read_marks(self, round_id: int, read: dict[str, Any]) -> dict[str, str]:
        names = self.ctx.printed(round_id)
        return {n: READ_MARK[s] for n, s in zip(names, read["boxes"]) if s != DOUBT}

    def _save(self, round_id: int, page_id: int, marks: Mapping[str, str], write_ins: Sequence[tuple[str, bool]],
              spoiled: bool) -> tuple[str, str | None, dict[str, Any]]:
        """Save through the keying path (validity R7.2, the returned count, double entry apply as to keyed ballots)."""
        result = self._keying.record_ballot(round_id, dict(marks), list(write_ins), spoiled)
        if not result.ok:
            code = result.reasons[0].code if result.reasons else "refused"
            ss.update_page(self.db, page_id, state="review", reason=code)
            return "review", code, {}
        ss.update_page(self.db, page_id, state="saved", reason=None, ballot_id=result.value)
        return "saved", None, {}

    # ---- the review queue ----------------------------------------------------------------------
    def scan_queue(self, round_id: int) -> list[ScanPage]:
        """Pages waiting for a person: doubts to decide (review), then the hand-keyed check (check)."""
        return [p for p in ss.pages(self.db, round_id) if p.state in ("review", "check")]

    def scan_status(self, round_id: int) -> ScanStatus:
        """How many pages of the round are saved, waiting or refused."""
        pages = ss.pages(self.db, round_id)
        n = {s: sum(p.state == s for p in pages) for s in ("saved", "review", "check")}
        return ScanStatus(len(pages), n["saved"], n["review"], n["check"], tuple(p for p in pages if p.state == "refused"))

    def _waiting(self, round_id: int, page_id: int, state: str) -> tuple[ss.ScanPage | None, ActionResult | None]:
        r = sb.get_round(self.db, round_id)
        if (why := not_ready(r, round_id)) is not None:
            return None, why
        page = ss.page(self.db, page_id)
        if page is None or page.round_id != round_id:
            return None, refused(reason("scan_page_unknown", page=page_id))
        if page.state != state:
            return None, refused(reason("scan_not_in_state", page=page.name))
        return page, None

    def decide_scan(self, round_id: int, page_id: int, boxes: Mapping[int, str], write_ins: Sequence[tuple[str, str]],
                    by: str, spoiled: bool = False) -> ActionResult:
        """A person's decision on a page in review; value: the page's new state (saved, or check when drawn).

        :param boxes: printed-name index -> yes/no/abstain/unreadable, for every doubtful box (others may be corrected too)
        :param write_ins: per write-in row, (name as read by the person, "" if none; its mark)
        :param by: who decided (recorded in the audit log; nothing about the voter is)
        :param spoiled: the ballot carries identifying marks or is illegible as a whole (R7.3)
        """
        page, why = self._waiting(round_id, page_id, "review")
        if page is None:
            return why or refused(reason("scan_page_unknown", page=page_id))
        names, read = self.ctx.printed(round_id), page.read
        marks = {n: READ_MARK.get(s, "") for n, s in zip(names, read["boxes"])}
        for i, choice in boxes.items():
            if 0 <= int(i) < len(names) and choice in DECISIONS:
                marks[names[int(i)]] = choice
        rows = list(write_ins) + [("", "abstain")] * (len(read["write_ins"]) - len(write_ins))
        left = sum(1 for v in marks.values() if not v)
        left += sum(1 for (written, state), (_n, m) in zip(read["write_ins"], rows)
                    if (written or state != EMPTY) and m not in DECISIONS)
        if left and not spoiled:
            return refused(reason("scan_undecided", page=page.name, left=left))
        chosen = [(n.strip(), m == "yes") for n, m in rows if n.strip()]
        decided = {"by": by, "marks": marks, "write_ins": [list(w) for w in chosen], "spoiled": spoiled}
        changed = {n: m for n, m in marks.items() if READ_MARK.get(dict(zip(names, read["boxes"]))[n]) != m}
        with self.ctx.action("scan_decided", {"round": round_id, "page": page.id, "by": by, "boxes": changed,
                                              "write_ins": len(chosen), "spoiled": spoiled}):
            ss.update_page(self.db, page.id, decided=decided)
            if page.sampled:
                ss.update_page(self.db, page.id, state="check", reason=None)
                return ActionResult(True, "check")
            state, _why, _p = self._save(round_id, page.id, {n: m for n, m in marks.items() if m}, chosen, spoiled)
        return ActionResult(True, state)

    def check_scan(self, round_id: int, page_id: int, marks: Mapping[str, Mark | str],
                   write_ins: Sequence[tuple[str, bool]] = (), spoiled: bool = False) -> ActionResult:
        """The hand-keyed check of a page drawn for the sample (a second entry, R10.1); value: "saved", or refused
        naming the boxes that differ (the page goes back to review for a person to look at the paper)."""
        page, why = self._waiting(round_id, page_id, "check")
        if page is None:
            return why or refused(reason("scan_page_unknown", page=page_id))
        names = self.ctx.printed(round_id)
        reading = page.decided.get("marks") or self._read_marks(round_id, page.read)
        read_ins = [tuple(w) for w in page.decided.get("write_ins", [])]
        a = Ballot("read", {n: Mark(m) for n, m in reading.items() if m}, tuple(WriteIn(n, k) for n, k in read_ins),
                   bool(page.decided.get("spoiled")))
        b = Ballot("keyed", {n: Mark(str(m)) for n, m in marks.items()}, tuple(WriteIn(n, k) for n, k in write_ins),
                   spoiled)
        only_read, _only_keyed = diff_entries([a], [b])
        if only_read:
            differ = [n for n in names if a.marks.get(n, Mark.ABSTAIN) != b.marks.get(n, Mark.ABSTAIN)]
            with self.ctx.action("scan_checked", {"round": round_id, "page": page.id, "agreed": False,
                                                  "differ": len(differ) or 1}):
                boxes = [DOUBT if n in differ else s for n, s in zip(names, page.read["boxes"])]
                ss.update_page(self.db, page.id, state="review", reason="check_differs", decided={},
                               read=dict(page.read, boxes=boxes, sampled_again=True))
            return refused(reason("scan_check_differs", page=page.name, names="、".join(differ) or "另选他人"))
        with self.ctx.action("scan_checked", {"round": round_id, "page": page.id, "agreed": True, "differ": 0}):
            state, _w, _p = self._save(round_id, page.id, {n: m for n, m in reading.items() if m}, read_ins, a.spoiled)
        return ActionResult(True, state)

    def set_scan_aside(self, round_id: int, page_id: int, by: str) -> ActionResult:
        """Set a page in review aside (the reviewer found it is the same sheet as another, or no ballot)."""
        page, why = self._waiting(round_id, page_id, "review")
        if page is None:
            return why or refused(reason("scan_page_unknown", page=page_id))
        with self.ctx.action("scan_page_discarded", {"round": round_id, "page": page.id, "by": by}):
            ss.update_page(self.db, page.id, state="refused", reason="set_aside", read=dict(page.read, by=by))
        return ActionResult(True, page.name)

    def delete_scan_images(self, round_id: int) -> ActionResult:
        """Delete a closed round's scanned image files (handwriting identifies a voter, R4.8); value: files
        deleted. Their hashes and readings stay in the file for the audit."""
        r = sb.get_round(self.db, round_id)
        if r is None or not r.closed:
            return refused(reason("scan_round_open"))
        pages = [p for p in ss.pages(self.db, round_id) if p.path]
        files = {p.path for p in pages if p.path}
        with self.ctx.action("scan_images_deleted", {"round": round_id, "files": len(files)}):
            for p in pages:
                ss.update_page(self.db, p.id, path=None)
        for f in files:
            Path(f).unlink(missing_ok=True)
        return ActionResult(True, len(files))


def page_refusal(page: ss.ScanPage) -> tuple[str, dict[str, Any]]:
    """(reason code, parameters) of a refused page, for the message REFUSALS gives."""
    return page.reason or "no_ballot", {"other": page.read.get("other", ""), "by": page.read.get("by", "")}


def page_place(page: ss.ScanPage) -> tuple[int, int] | None:
    """(n, of): the page's place in the import it came with (the scanner's order of the pile); None if not recorded."""
    n, of = page.read.get("order"), page.read.get("of")
    return (int(n), int(of)) if n and of else None


__all__ = ["DEFAULT_SHARE", "REFUSALS", "ScanStatus", "ScanSummary", "ScanningActions", "page_place", "page_refusal"]
