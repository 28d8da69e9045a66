"""Whether an import warning or remark proposal still needs the operator: read from the member as stored now."""
from __future__ import annotations

from app.core.models import MemberRecord
from app.core.rollimport.check import Proposal, RowError
from app.core.rollimport.values import order_problem

# A warning about a field that the import left empty is settled once the field has a value.
_EMPTIED = {"roll_ambiguous_date", "roll_bad_date", "roll_implausible_date", "roll_future_date", "roll_unknown_sex"}
_ORDER = {"roll_joined_before_birth", "roll_joined_under_18"}


def is_resolved(item: RowError | Proposal, member: MemberRecord | None, exclusion_requested: bool) -> bool:
    """True once the roll says what ``item`` asked for: the field filled, the dates in order, the status set, the
    exclusion requested. A repeated row is settled only by the operator marking it as reviewed."""
    if member is None:
        return True  # the member is no longer on the roll under that name
    if isinstance(item, Proposal):
        return member.standing == item.status if item.status is not None else exclusion_requested
    if item.code in _EMPTIED and item.column:
        return getattr(member, item.column) is not None
    if item.code in _ORDER:
        return order_problem(member.birth_date, member.joined_date) is None
    return False
