"""Thin pass-through to the Election service's readers, plus round titles; the GUI never reads storage."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from app.core.i18n import _
from app.core.workflow.labels import round_kind_label
from app.core.workflow.read import RoundInfo
from app.gui.session import post_title

if TYPE_CHECKING:
    from app.core.storage.meeting import Meeting
    from app.core.storage.setup import Post
    from app.core.workflow import Election


@dataclass(frozen=True)
class RoundView(RoundInfo):
    """A round as the counting page shows it: the core's RoundInfo plus its translated title."""

    title: str = ""


def round_view(election: Election, round_id: int) -> RoundView:
    """One round as the counting page shows it, with its translated title."""
    i = election.round_info(round_id)
    title = _("Round {n}: {post}, {kind}").format(n=i.id, post=post_title(i.committee, i.office),
                                                    kind=_(round_kind_label(i.kind)))
    return RoundView(**{f.name: getattr(i, f.name) for f in fields(i)}, title=title)


def round_views(election: Election, plenary: bool | None = None) -> list[RoundView]:
    """Every round in the order opened (only assembly or only plenary rounds when asked)."""
    return [round_view(election, i.id) for i in election.round_infos(plenary)]


def assembly_posts(election: Election) -> list[Post]:
    """Posts elected by the assembly."""
    return election.assembly_posts()


def meeting(election: Election, kind: str = "assembly", committee: str = "party") -> Meeting | None:
    """The latest assembly, or the first plenary of ``committee``."""
    return election.meeting(kind, committee)


def election_info(election: Election) -> dict[str, Any] | None:
    """The election row, or None."""
    return election.election_info()
