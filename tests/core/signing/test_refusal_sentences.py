"""Every verifier refusal reads as one translated sentence with the round's numbers and the step where it is corrected."""
from __future__ import annotations

import re
import string

import pytest

from app.core import i18n
from app.core.signing import texts
from app.core.signing.report import Check
from app.core.workflow.labels import STEP_TITLES

ROUND = "书记选举（正式选举，第3轮）"
RULES = {"quorum_not_met": "R3.1", "quorum_misreported": "R3.1", "margin_too_small": "R5.1", "below_threshold": "R9.1",
         "too_many_elected": "R9.2", "not_eligible": "R9.5", "write_in_not_on_roll": "R9.5", "ballot_over_seats": "R7.2",
         "ballot_validity_disagrees": "R7.2", "returned_exceeds_issued": "R8.1", "returned_exceeds_present": "R8.1",
         "issued_exceeds_present": "R8.1"}


def _params(code: str) -> dict:
    """Sample values for every {field} of a check sentence (names in Chinese, numbers as numbers)."""
    fields = {f for _t, f, _s, _c in string.Formatter().parse(texts.CHECK_SENTENCES[code]) if f}
    names = {"round": ROUND, "names": "王建国、李明", "signer": "中共甲支部委员会", "organization": "中共乙支部委员会"}
    return {f: names.get(f, 3) for f in fields}


def _checks() -> list[Check]:
    reasons = set(texts.MESSAGES) | set(texts._CLAIMS) | {c.removeprefix("check_") for c in texts.CHECK_SENTENCES}
    reasons -= {"package_refused"}  # the error that carries these sentences, not a check
    out = []
    for reason in sorted(reasons):
        code = f"check_{reason}"
        out.append(Check("x", False, reason, RULES.get(reason, ""), "English detail", _params(code) if code in
                         texts.CHECK_SENTENCES else {}))
    return out


@pytest.fixture
def lang():
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


@pytest.mark.parametrize("check", _checks(), ids=lambda c: c.reason)
def test_every_refusal_is_chinese_under_zh_cn_and_names_a_step(check, lang) -> None:
    lang("zh_CN")
    text = texts.describe(check)
    # no English word, no rule id, no English detail (the names PDF, PIN and U 盘 are how users call them)
    assert not re.search(r"[A-Za-z]", re.sub(r"PDF|PIN|U 盘", "", text)), text
    if texts.FIXES.get(check.reason, ("report",))[0]:  # corrected at a step of the branch's wizard
        assert "更正步骤" in text and any(f"“{i18n._(t)}”" in text for t in STEP_TITLES.values()), text
    else:  # corrected by the higher level's staff: no branch page named
        assert "上级党组织处理办法" in text and not any(f"“{i18n._(t)}”" in text for t in STEP_TITLES.values()), text
    for value in check.params.values():  # the round, its numbers and the names are in the sentence
        assert str(value) in text, (value, text)
    lang("en")
    english = texts.describe(check)
    assert english != text and "To correct" in english and "English detail" not in english


def test_the_dead_end_scenario_reads_as_the_issue_asks(lang) -> None:
    lang("zh_CN")
    check = Check("rule:3:R5.1", False, "margin_too_small", "R5.1", "1 candidates for 1 seat(s), at least 2 needed",
                  {"round": ROUND, "candidates": 1, "seats": 1, "min_candidates": 2})
    text = texts.describe(check)
    assert text.startswith(f"{ROUND}：差额选举应选1名，候选人只有1名，至少需要2名")
    assert "“筹备”" in text and "候选人名单" in text and "candidates" not in text


def test_each_reason_maps_to_where_it_is_corrected() -> None:
    assert texts.FIXES["margin_too_small"][0] == "setup"
    assert texts.FIXES["quorum_not_met"][0] == "sign_in"
    assert texts.FIXES["below_threshold"][0] == texts.FIXES["recount_disagrees"][0] == "counting"
    assert texts.FIXES["not_eligible"][0] == "roll"
    assert {step for step, _a in texts.FIXES.values()} <= {*STEP_TITLES, ""}  # "": the higher level corrects it
    assert texts.FIXES["paper_code_mismatch"][0] == ""  # a mistyped code is the higher level's, not a branch page
