"""Read-only views for the pages, from the core's readers (storage, state, counting); nothing is decided here."""
from __future__ import annotations

from typing import Any

from app.core.i18n import _
from app.core.rules.counting import Count
from app.core.rules.model import Settings
from app.core.storage import ballots as sb
from app.core.storage import meeting as smt
from app.core.storage import setup as ss
from app.core.workflow import counting, state
from app.gui.session import ROUND_KINDS, RoundView, post_title


def round_views(election: Any, plenary: bool | None = None) -> list[RoundView]:
    """Every round in the order opened (only assembly or only plenary rounds when asked)."""
    db = election.db
    views = [round_view(election, r.id) for r in sb.rounds(db)]
    return [v for v in views if plenary is None or v.plenary == plenary]


def round_view(election: Any, round_id: int) -> RoundView:
    """One round as the counting page shows it."""
    db = election.db
    r = sb.get_round(db, round_id)
    post = ss.post(db, r.post_id)
    meeting = smt.meeting(db, r.meeting_id)
    title = _("Round {n}: {post}, {kind}").format(n=r.id, post=post_title(post.committee, post.office),
                                                    kind=_(ROUND_KINDS.get(r.kind, r.kind)))
    settings = Settings(write_in_needs_mark=bool(meeting.write_in_needs_mark))
    return RoundView(r.id, r.post_id, title, r.kind, r.seats, tuple(n for _, n in sb.printed(db, r.id)),
                     r.expected, r.present, r.issued, r.returned, sb.ballot_count(db, r.id), r.closed, r.mode,
                     settings, state.is_plenary_post(db, post))


def running_count(election: Any, view: RoundView) -> Count:
    """The count of the ballots keyed so far, by the core's counting (same result as the engine)."""
    return counting.fast_count(sb.ballot_rows(election.db, view.id), view.candidates, view.seats, view.settings)


def outcome_document(election: Any, round_id: int) -> dict[str, Any] | None:
    """A closed round's stored result document (votedesk-count-result/1)."""
    return state.outcome(sb.get_round(election.db, round_id))


# ---- other readers the pages need (the Election service does not expose these yet) ------------------
def organization(election: Any) -> dict[str, Any] | None:
    from app.core.storage import setup as ss

    return ss.organization(election.db)


def election_info(election: Any) -> dict[str, Any] | None:
    from app.core.storage import setup as ss

    return ss.election(election.db)


def replies(election: Any) -> list[dict[str, Any]]:
    from app.core.storage import setup as ss

    return ss.replies(election.db)


def nominations(election: Any, post_id: int) -> list[dict[str, Any]]:
    from app.core.storage import candidates as sc

    return sc.nominations(election.db, post_id)


def vetting(election: Any, member_id: int) -> Any:
    from app.core.storage import candidates as sc

    return sc.latest_vetting(election.db, member_id)


def candidates(election: Any, post_id: int) -> list[tuple[int, str]]:
    from app.core.storage import candidates as sc

    return sc.candidates(election.db, post_id)


def approval(election: Any, post_id: int) -> dict[str, Any] | None:
    from app.core.storage import candidates as sc

    return sc.approval(election.db, post_id)


def meeting(election: Any, kind: str = "assembly", committee: str = "party") -> Any:
    """The latest assembly, or the first plenary of ``committee``."""
    if kind == "assembly":
        return state.assembly_meeting(election.db)
    return state.plenary_meeting(election.db, committee)


def present_ids(election: Any, meeting_id: int) -> set[int]:
    return smt.present_ids(election.db, meeting_id)


def scrutineers(election: Any, meeting_id: int) -> list[tuple[int, str, bool]]:
    return smt.scrutineers(election.db, meeting_id)


def exclusions(election: Any) -> list[Any]:
    from app.core.storage import members as sm

    return sm.exclusions(election.db)


def incidents(election: Any) -> list[dict[str, Any]]:
    from app.core.storage import records as sr

    return sr.incidents(election.db)


def audit_entries(election: Any) -> list[Any]:
    from app.core import audit

    return audit.entries(election.db)


def assembly_posts(election: Any) -> list[Any]:
    return state.assembly_posts(election.db)


def plenary_posts(election: Any) -> list[Any]:
    return state.plenary_posts(election.db)


def committee_member_ids(election: Any, committee: str = "party") -> list[int]:
    return state.committee_member_ids(election.db, committee)
