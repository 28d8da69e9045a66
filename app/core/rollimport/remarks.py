"""What a roll's 备注 suggests: a restriction (R2.1) or an exclusion request (R2.3), never applied unconfirmed."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.core.rules.model import ExclusionReason, MemberStatus

@dataclass(frozen=True)
class Suggestion:
    """A status or an exclusion reason code that a remark suggests; exactly one of the two is set."""

    status: MemberStatus | None = None
    reason: ExclusionReason | None = None


# (pattern, suggestion), first match wins per kind. Offices write these words in many ways.
_STATUS_WORDS: tuple[tuple[re.Pattern[str], MemberStatus], ...] = (
    (re.compile(r"留党察看"), MemberStatus.LIUDANG_CHAKAN),
    (re.compile(r"停止党籍|停止党员权利|中止党员权利|暂停党员权利|被?留置|被?逮捕"), MemberStatus.SUSPENDED),
)
_EXCLUSION_WORDS: tuple[tuple[re.Pattern[str], ExclusionReason], ...] = (
    (re.compile(r"长期卧床|卧床不起|常年卧床|瘫痪在床|生活不能自理"), ExclusionReason.FRAIL),
    (re.compile(r"出国|出境|国外|境外"), ExclusionReason.ABROAD),
    (re.compile(r"外出.{0,8}(半年|[六七八九十]个月|一年|1年|两年|2年|多年|以上)|长期外出|外出务工|外出经商|外出打工"),
     ExclusionReason.AWAY),
)
# A remark that says the condition has ended suggests nothing: "已解除留党察看", "恢复党员权利", "已回国".
_ENDED = re.compile(r"解除|恢复|期满|已满|撤销|回国|返回|已回|取消")


def suggestions(remark: str | None, status: MemberStatus) -> tuple[Suggestion, ...]:
    """What ``remark`` suggests for a member of ``status``: a restriction the status lacks, an exclusion reason."""
    if not remark:
        return ()
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", remark))
    if _ENDED.search(text):
        return ()
    found: list[Suggestion] = []
    restriction = next((s for pattern, s in _STATUS_WORDS if pattern.search(text)), None)
    if restriction is not None and restriction != status:
        found.append(Suggestion(status=restriction))
    if status == MemberStatus.FULL and restriction is None:  # others are not in the expected count anyway
        reason = next((r for pattern, r in _EXCLUSION_WORDS if pattern.search(text)), None)
        if reason is not None:
            found.append(Suggestion(reason=reason))
    return tuple(found)
