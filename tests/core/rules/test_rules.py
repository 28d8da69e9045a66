"""One test per rule of rules.md with its boundary values."""
import pytest

from app.core.rules import reasons
from app.core.rules.attendance import check_quorum, min_present, summarize_roster
from app.core.rules.election import Status, count_round, threshold_for
from app.core.rules.margin import check_margin, min_candidates
from app.core.rules.model import (
    Exclusion, MemberStatus, Office, RosterMember, RoundInput, RoundKind, Settings, WriteIn,
)
from app.core.rules.validity import check_vote, judge_ballot
from tests.core.rules.helpers import ballot, tally_round

CANDS = ("甲", "乙", "丙")


# R2.1 / R2.3 ------------------------------------------------------------------------------------
def test_only_full_members_count_and_non_voting_present_is_reported():
    roster = [RosterMember("a", MemberStatus.FULL, True), RosterMember("b", MemberStatus.PROBATIONARY, True),
              RosterMember("c", MemberStatus.LIUDANG_CHAKAN, True), RosterMember("d", MemberStatus.SUSPENDED, False)]
    s = summarize_roster(roster)
    assert (s.expected, s.present, s.non_voting_present) == (1, 1, 2)


@pytest.mark.parametrize("reason,consent,approved,excluded", [
    ("serving_sentence", True, True, True),
    ("serving_sentence", True, False, False),
    ("serving_sentence", False, True, False),
    ("on_holiday", True, True, False),
])
def test_exclusion_needs_accepted_reason_and_both_approvals(reason, consent, approved, excluded):
    m = RosterMember("x", MemberStatus.FULL, False, Exclusion(reason, consent, approved))
    s = summarize_roster([m, RosterMember("y", MemberStatus.FULL, True)])
    assert s.expected == (1 if excluded else 2)
    assert (s.excluded == ("x",)) is excluded
    if not excluded:
        code = "exclusion_reason_not_accepted" if reason == "on_holiday" else "exclusion_not_approved"
        assert [r.reason.code for r in s.exclusions_rejected] == [code]
        assert s.exclusions_rejected[0].reason.rule == "R2.3"


def test_excluded_member_who_attends_counts_in_both():
    m = RosterMember("x", MemberStatus.FULL, True, Exclusion("frail_bedridden", True, True))
    s = summarize_roster([m])
    assert (s.expected, s.present, s.excluded) == (1, 1, ())


# R3.1 ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("expected,present,met", [(40, 32, False), (40, 33, True), (5, 4, False), (5, 5, True),
                                                  (3, 2, False), (3, 3, True), (7, 6, True), (7, 5, False),
                                                  (125, 100, False), (125, 101, True), (0, 0, False)])
def test_quorum_is_more_than_four_fifths(expected, present, met):
    q = check_quorum(expected, present)
    assert q.met is met
    assert (q.reason is None) is met
    if not met:
        assert q.reason.rule == "R3.1"


@pytest.mark.parametrize("expected", range(0, 400))
def test_min_present_is_the_smallest_count_meeting_quorum(expected):
    m = min_present(expected)
    assert check_quorum(expected, m).met and not check_quorum(expected, m - 1).met


# R5 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seats,need", [(1, 2), (3, 4), (4, 5), (5, 6), (6, 8), (7, 9), (8, 10), (9, 11),
                                       (10, 12), (11, 14), (15, 18), (23, 28), (25, 30)])
def test_margin_rounds_up(seats, need):
    assert min_candidates(seats, True) == need
    assert check_margin(seats, need, True).met
    fail = check_margin(seats, need - 1, True)
    assert not fail.met and fail.reason.rule == "R5.1"


def test_single_candidate_allowed_for_secretary():
    inp = tally_round({"李": 4}, seats=1, present=5, office=Office.SECRETARY)
    out = count_round(inp)
    assert out.margin.met and not out.margin.competitive and out.elected == ("李",)


def test_competitive_flag_overrides_office_default():
    inp = tally_round({"李": 4, "王": 1}, seats=1, present=5, office=Office.SECRETARY, competitive=True)
    assert count_round(inp).margin.min_candidates == 2


# R7 --------------------------------------------------------------------------------------------------
def test_write_in_pushes_full_ballot_over_seats():
    full = ballot(1, yes=("甲", "乙"))
    assert judge_ballot(full, CANDS, 2, Settings()).valid
    over = ballot(2, yes=("甲", "乙"), write_ins=("丁",))
    v = judge_ballot(over, CANDS, 2, Settings())
    assert not v.valid and v.reason == reasons.BALLOT_OVER_SEATS and v.selections == 3


def test_unreadable_mark_voids_only_that_mark():
    inp = RoundInput(seats=2, candidates=CANDS, expected=1, present=1, ballots_issued=1, ballots_returned=1,
                     ballots=(ballot(1, yes=("甲",), unreadable=("乙",)),))
    out = count_round(inp)
    t = out.count.tallies
    assert (t["甲"].yes, t["乙"].void, t["丙"].abstain, out.count.valid) == (1, 1, 1, 1)


@pytest.mark.parametrize("needs_mark,counted", [(True, False), (False, True)])
def test_unmarked_write_in_setting(needs_mark, counted):
    b = ballot(1, write_ins=(WriteIn("丁", marked=False),))
    v = judge_ballot(b, CANDS, 1, Settings(write_in_needs_mark=needs_mark))
    assert v.valid and (v.counted_write_ins == ("丁",)) is counted


def test_blank_and_all_no_ballots_are_valid_and_spoiled_is_not():
    assert judge_ballot(ballot(1), CANDS, 1, Settings()).valid
    assert judge_ballot(ballot(2, no=CANDS), CANDS, 1, Settings()).valid
    assert not judge_ballot(ballot(3, yes=("甲",), spoiled=True), CANDS, 1, Settings()).valid


def test_write_in_of_printed_name_is_void_by_default():
    v = judge_ballot(ballot(1, write_ins=("甲",)), CANDS, 1, Settings())
    assert v.valid and v.counted_write_ins == () and reasons.WRITE_IN_OF_PRINTED_NAME in v.notes


# R8.1 ------------------------------------------------------------------------------------------------
def test_returned_one_more_than_issued_invalidates_the_vote():
    out = count_round(tally_round({"甲": 20, "乙": 15, "丙": 3}, seats=2, present=30, expected=30, issued=29, returned=30))
    assert not out.vote.valid and [r.code for r in out.vote.reasons] == ["returned_exceeds_issued"]
    assert out.elected == () and out.unfilled_seats == 2
    assert all(p.status == Status.NOT_ELECTED for p in out.results)


def test_returned_equal_issued_is_valid_and_fewer_is_not_a_defect():
    assert check_vote(True, 30, 30, 30).valid
    assert check_vote(True, 30, 30, 25).valid


def test_issued_above_present_is_reported():
    v = check_vote(True, 30, 31, 30)
    assert [r.code for r in v.reasons] == ["issued_exceeds_present"]


# R9.1 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("present,yes,elected", [(34, 17, False), (34, 18, True), (33, 16, False), (33, 17, True)])
def test_exactly_half_fails(present, yes, elected):
    out = count_round(tally_round({"甲": yes, "乙": 0}, seats=1, present=present, expected=present))
    assert (out.elected == ("甲",)) is elected
    assert threshold_for(present).min_yes == present // 2 + 1


def test_threshold_counts_present_not_returned():
    # 20 present, 12 returned: 10 yes is 10/12 of the returned ballots but only half of those present.
    out = count_round(tally_round({"甲": 10, "乙": 2}, seats=1, present=20, expected=20, returned=12))
    assert out.elected == () and out.results[0].reason.rule == "R9.1"


# R9.3 ------------------------------------------------------------------------------------------------
def test_tie_for_last_seat_among_three_for_two_seats():
    out = count_round(tally_round({"甲": 30, "乙": 25, "丙": 25, "丁": 25, "戊": 5}, seats=3, present=40))
    assert out.elected == ("甲",)
    assert out.tie_revote.among == ("乙", "丙", "丁") and out.tie_revote.seats == 2
    assert out.unfilled_seats == 0
    assert {p.name for p in out.results if p.status == Status.TIE_REVOTE} == {"乙", "丙", "丁"}


def test_tie_inside_the_seats_needs_nothing():
    out = count_round(tally_round({"甲": 30, "乙": 30, "丙": 10}, seats=2, present=40))
    assert out.elected == ("甲", "乙") and out.tie_revote is None


def test_tie_below_threshold_is_no_tie():
    out = count_round(tally_round({"甲": 30, "乙": 10, "丙": 10}, seats=2, present=40))
    assert out.elected == ("甲",) and out.tie_revote is None and out.unfilled_seats == 1


# R9.4 ------------------------------------------------------------------------------------------------
def test_seats_never_filled_below_threshold():
    out = count_round(tally_round({"甲": 30, "乙": 19, "丙": 18}, seats=2, present=40))
    assert out.elected == ("甲",) and out.unfilled_seats == 1


# R9.5 ------------------------------------------------------------------------------------------------
def test_ineligible_write_in_with_enough_votes_gets_no_seat():
    ballots = tuple(ballot(i, yes=("甲",), write_ins=("丁",)) for i in range(8)) + (ballot(9, yes=("乙",)),)
    inp = RoundInput(seats=2, candidates=CANDS, expected=9, present=9, ballots_issued=9, ballots_returned=9,
                     ballots=ballots, ineligible=frozenset({"丁"}))
    out = count_round(inp)
    ding = next(p for p in out.results if p.name == "丁")
    assert ding.write_in and not ding.eligible and ding.status == Status.INELIGIBLE and ding.tally.yes == 8
    assert ding.reason.rule == "R9.5"
    assert out.elected == ("甲",) and out.unfilled_seats == 1


# R4.6 ------------------------------------------------------------------------------------------------
def test_preliminary_advances_and_elects_nobody():
    out = count_round(tally_round({"甲": 30, "乙": 28, "丙": 25, "丁": 3}, seats=1, present=40,
                                  kind=RoundKind.PRELIMINARY, advance=2))
    assert out.advancing == ("甲", "乙") and out.elected == () and out.unfilled_seats == 0
    assert out.margin.candidates == 2


def test_preliminary_threshold_base_setting():
    inp = tally_round({"甲": 30, "乙": 22, "丙": 1}, seats=1, present=45, expected=50, kind=RoundKind.PRELIMINARY,
                      advance=2, settings=Settings(preliminary_base="expected"))
    out = count_round(inp)
    assert out.threshold.base == 50 and out.advancing == ("甲",)


# Round kinds ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", [RoundKind.TIE_REVOTE, RoundKind.ADDITIONAL])
def test_other_round_kinds_use_the_same_quorum_and_threshold(kind):
    out = count_round(tally_round({"乙": 21, "丙": 19}, seats=1, present=40, kind=kind))
    assert out.elected == ("乙",) and out.threshold.min_yes == 21


def test_every_reason_has_a_rule_id():
    assert reasons.ALL and all(r.rule.startswith("R") for r in reasons.ALL.values())


def test_probationary_roster_member_written_in_is_ineligible():
    from app.core.rules.model import MemberStatus as S
    roster = tuple(RosterMember(f"m{i}", S.FULL, True) for i in range(5)) + (RosterMember("蒋欣", S.PROBATIONARY, True),)
    ballots = tuple(ballot(i, write_ins=("蒋欣",)) for i in range(5))
    inp = RoundInput(seats=1, candidates=("m0", "m1"), ballots_issued=5, ballots_returned=5, ballots=ballots, roster=roster)
    out = count_round(inp)
    jiang = next(p for p in out.results if p.name == "蒋欣")
    assert jiang.status == Status.INELIGIBLE and jiang.tally.yes == 5 and out.elected == ()


# R10.1: the counting result report -------------------------------------------------------------
def test_double_entry_compares_ballot_contents_as_multisets():
    from app.core.rules.counting import diff_entries
    from app.core.rules.model import Ballot, Mark

    a = [Ballot("a1", {"甲": Mark.YES}), Ballot("a2", {"甲": Mark.YES}), Ballot("a3", {"乙": Mark.ABSTAIN}),
         Ballot("a4", {"甲": Mark.NO}, spoiled=True), Ballot("a5", write_ins=(WriteIn(" 丁 "), WriteIn("戊", False)))]
    b = [Ballot("b5", write_ins=(WriteIn("戊", False), WriteIn("丁"))), Ballot("b4", spoiled=True), Ballot("b3"),
         Ballot("b2", {"甲": Mark.YES}), Ballot("b1", {"甲": Mark.YES, "乙": Mark.ABSTAIN})]
    assert diff_entries(a, b) == ((), ())  # order, ids, left-out abstentions, spoiled marks and write-in order ignored
    only_a, only_b = diff_entries(a + [Ballot("a6", {"甲": Mark.YES})], b + [Ballot("b6", {"甲": Mark.UNREADABLE})])
    assert [x.id for x in only_a] == ["a6"] and [x.id for x in only_b] == ["b6"]


def test_tally_sheet_lines_must_add_up_to_the_valid_ballots():
    from app.core.rules.model import Tally
    from app.core.rules.validity import TALLY_SUM_MISMATCH, WRITE_IN_TALLY_OVER_VALID, check_tally_sheet

    sheet = {"甲": Tally(30, 6, 3, 1), "乙": Tally(20, 10, 10, 0), "丙": Tally(41, -1, 0, 0)}
    assert check_tally_sheet(sheet, 40, {"丁": 40, "戊": 41}) == [
        ("丙", TALLY_SUM_MISMATCH), ("戊", WRITE_IN_TALLY_OVER_VALID)]
    assert check_tally_sheet({"甲": Tally(30, 6, 3, 0)}, 40) == [("甲", TALLY_SUM_MISMATCH)]
    assert TALLY_SUM_MISMATCH.rule == WRITE_IN_TALLY_OVER_VALID.rule == "R10.1"


# R9.4 seat reduction ---------------------------------------------------------------------------------
@pytest.mark.parametrize("yes,electors,ok", [(18, 36, False), (19, 36, True), (3, 5, True), (2, 5, False)])
def test_seat_reduction_needs_more_than_half_of_the_electors(yes, electors, ok):
    from app.core.rules.reduction import consent_is_majority
    assert consent_is_majority(yes, electors) is ok


@pytest.mark.parametrize("before,after,elected,minimum,ok", [(5, 4, 4, 3, True), (5, 3, 4, 3, False), (5, 5, 4, 3, False),
                                                             (3, 2, 2, 3, False), (7, 6, 5, 1, True)])
def test_seat_reduction_keeps_the_elected_and_the_minimum_size(before, after, elected, minimum, ok):
    from app.core.rules.reduction import reduction_allowed
    assert reduction_allowed(before, after, elected, minimum) is ok


@pytest.mark.parametrize("full,has", [(6, False), (7, True)])
def test_branch_elects_a_committee_from_seven_full_members(full, has):
    from app.core.rules.bodies import branch_has_committee
    assert branch_has_committee(full) is has
