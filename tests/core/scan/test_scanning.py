"""Counting a round from scans (issue 17 items 3-4): certain pages saved through keying, every doubt decided by a
person, the drawn sample re-keyed and compared, pages of another round and sheets scanned twice refused."""
from __future__ import annotations

import json
import random
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from app.core.scan import batch
from app.core.storage import scans as ss
from tests.core.scan.corpus import corpus
from app.core.models import MemberRecord
from app.core.workflow import Election, Vetting

NAMES = ["丁一", "王二", "张三", "李四", "赵五", "钱六", "孙七", "周八", "吴九"]


def _ok(result):
    assert result.ok, result.reasons
    return result


@pytest.fixture
def election(tmp_path: Path):
    """Ten members present, nine of them candidates; eight ballots issued and returned."""
    e = Election.create(tmp_path / "e.votedesk")
    e.set_organization("中共测试支部委员会", "branch")
    e.set_election("member_assembly")
    e.record_reply("hold_election", "1号", "2024-01-01")
    post = e.add_post("committee_member", 7)
    *ids, teller = e.add_members([MemberRecord(n) for n in NAMES + ["郑监"]])
    vetting = Vetting(True, 1, 1, 1, 0, 0, "无", True, "pass", "组织科", "2024-01-01")
    for mid in ids:
        e.nominate(post, mid, "party_group")
        e.record_vetting(mid, vetting)
    e.set_candidates(post, ids)
    _ok(e.approve_candidates(post, "2号", "2024-01-02"))
    meeting = e.open_meeting()
    e.sign_in(meeting, ids + [teller])
    e.adopt_method(meeting, "办法", 10)
    e.appoint_scrutineers(meeting, [(teller, "scrutineer")])
    rid = _ok(e.open_round(post)).value
    _ok(e.issue_ballots(rid, 8))
    _ok(e.record_returned(rid, 8))
    yield e, rid, tmp_path
    e.close()


def _scans(e, rid: int, folder: Path, marks: list[list[str]], seed: int = 1) -> list[batch.ScannedPage]:
    """Draw ``marks`` on this round's own printed ballot, one page each, and read the folder."""
    m = corpus()
    lay = e.scan_layout(rid)
    base = m.cut_ballot(e.ballot_pdf(0), lay, 200)
    folder.mkdir(exist_ok=True)
    for i, boxes in enumerate(marks):
        img, _truth = m.make_page(m.Plan("9", 200, "clean", i % 2 == 1, False, 0), random.Random(seed + i), lay, base,
                                  boxes=boxes, odd_share=0.0)
        img.save(folder / f"scan-{i:03d}.png", dpi=(200, 200))
    return batch.read_folder(folder, lay)


def _printed(e, rid: int) -> list[str]:
    """The names in ballot order (surname strokes, R6.1), box by box."""
    return list(e.ctx.printed(rid))


CLEAN = ["yes", "yes", "no", "empty", "yes", "no", "yes", "yes", "empty"]


def test_certain_pages_are_saved_as_ballots_and_the_sample_waits_for_its_check(election):
    e, rid, tmp = election
    pages = _scans(e, rid, tmp / "a", [CLEAN] * 8)
    done = e.record_scans(rid, pages, Fraction(1, 4))
    assert done.ok, done.reasons
    s = done.value
    assert (s.saved, s.check, s.review, s.refused) == (6, 2, 0, ())
    count = e.round_count(rid)
    names = _printed(e, rid)
    assert count.valid == 6 and count.tallies[names[0]].yes == 6 and count.tallies[names[2]].no == 6
    assert not e.close_round(rid).ok  # two ballots not yet saved: the count must equal the returned ballots
    queue = e.scan_queue(rid)
    assert [p.state for p in queue] == ["check", "check"]
    names = _printed(e, rid)
    marks = dict(zip(names, ["yes", "yes", "no", "abstain", "yes", "no", "yes", "yes", "abstain"]))
    for p in queue:
        assert e.check_scan(rid, p.id, marks).value == "saved"
    assert e.scan_queue(rid) == []
    assert e.close_round(rid).ok
    assert e.verify_audit().ok


def test_a_check_entry_that_differs_sends_the_page_back_to_a_person(election):
    e, rid, tmp = election
    pages = _scans(e, rid, tmp / "a", [CLEAN])
    assert e.record_scans(rid, pages, Fraction(1)).value.check == 1
    (page,) = e.scan_queue(rid)
    names = _printed(e, rid)
    typed = dict(zip(names, ["yes", "no", "no", "abstain", "yes", "no", "yes", "yes", "abstain"]))
    refused = e.check_scan(rid, page.id, typed)
    assert not refused.ok and refused.reasons[0].code == "scan_check_differs"
    assert refused.reasons[0].params["names"] == names[1]
    (again,) = e.scan_queue(rid)
    assert again.state == "review" and again.read["boxes"][1] == "doubt"
    assert e.decide_scan(rid, again.id, {1: "no"}, [], "监票人甲").value == "check"  # still drawn: keyed again
    assert e.check_scan(rid, again.id, typed).value == "saved"
    assert e.round_count(rid).tallies[names[1]].no == 1


def test_doubtful_boxes_wait_for_a_decision_recorded_with_who_decided(election):
    e, rid, tmp = election
    odd = ["tick", "yes", "half", "empty", "no", "yes", "empty", "empty", "dot"]
    pages = _scans(e, rid, tmp / "a", [odd])
    s = e.record_scans(rid, pages, Fraction(0)).value
    assert (s.saved, s.review) == (0, 1)
    (page,) = e.scan_queue(rid)
    assert [i for i, b in enumerate(page.read["boxes"]) if b == "doubt"] == [0, 2, 8]
    short = e.decide_scan(rid, page.id, {0: "yes"}, [], "监票人甲")
    assert not short.ok and short.reasons[0].code == "scan_undecided" and short.reasons[0].params["left"] == 2
    assert e.decide_scan(rid, page.id, {0: "yes", 2: "unreadable", 8: "abstain"}, [], "监票人甲").value == "saved"
    t, names = e.round_count(rid).tallies, _printed(e, rid)
    assert (t[names[0]].yes, t[names[2]].void, t[names[8]].abstain, t[names[1]].yes) == (1, 1, 1, 1)
    entry = [x for x in e.audit_entries() if x.event == "scan_decided"][-1]
    params = json.loads(entry.params) if isinstance(entry.params, str) else entry.params
    assert params["by"] == "监票人甲"
    assert params["boxes"] == {names[0]: "yes", names[2]: "unreadable", names[8]: "abstain"}


def test_same_sheet_twice_and_a_page_of_another_round_are_refused_by_name(election):
    e, rid, tmp = election
    pages = _scans(e, rid, tmp / "a", [CLEAN, ["no"] * 9])
    shutil.copy(tmp / "a" / "scan-000.png", tmp / "a" / "scan-000-copy.png")
    lay = e.scan_layout(rid)
    again = batch.read_folder(tmp / "a", lay)
    assert len(again) == 3
    other = [p for p in batch.read_folder(tmp / "a", dict(lay, code=lay["code"] ^ 1)) if p.name == "scan-001.png"]
    s = e.record_scans(rid, pages, Fraction(0)).value
    assert s.saved + s.review == 2 and s.refused == ()  # a box in doubt waits for a person; none refused
    s2 = e.record_scans(rid, [p for p in again if p.name == "scan-000-copy.png"] + other, Fraction(0)).value
    assert s2.saved == 0
    assert sorted((name, why) for name, why, _p in s2.refused) == [("scan-000-copy.png", "same_sheet"),
                                                                  ("scan-001.png", "other_round")]
    assert dict((n, p) for n, _w, p in s2.refused)["scan-000-copy.png"] == {"other": "scan-000.png"}
    assert e.round_count(rid).valid == s.saved


def test_a_write_in_is_read_by_a_person_and_counts_through_validity(election):
    e, rid, tmp = election
    m = corpus()
    lay = e.scan_layout(rid)
    base = m.cut_ballot(e.ballot_pdf(0), lay, 200)
    from PIL import ImageDraw

    d = ImageDraw.Draw(base)
    px = 200 / 25.4
    m.write_name(d, random.Random(2), lay["write_ins"][0]["name"], m.Pen(0.5, 30), px)
    m.draw_mark(d, random.Random(3), "yes", lay["write_ins"][0]["box"], m.Pen(0.5, 30), px)
    for rect in lay["boxes"]:
        m.draw_mark(d, random.Random(4), "yes", rect, m.Pen(0.5, 30), px)  # 9 yes + a write-in > 7 seats
    (tmp / "w").mkdir()
    base.save(tmp / "w" / "w.png", dpi=(200, 200))
    pages = batch.read_folder(tmp / "w", lay)
    assert pages[0].doubts == 1
    e.record_scans(rid, pages, Fraction(0))
    (page,) = e.scan_queue(rid)
    assert e.decide_scan(rid, page.id, {}, [("郑十", "yes")], "监票人乙").value == "saved"
    count = e.round_count(rid)
    assert count.invalid == 1 and count.valid == 0  # over the seats: the whole ballot is invalid (R7.2)


def test_images_are_deleted_once_the_round_is_closed_and_their_hashes_kept(election):
    e, rid, tmp = election
    pages = _scans(e, rid, tmp / "a", [CLEAN] * 8)
    e.record_scans(rid, pages, Fraction(0))
    assert not e.delete_scan_images(rid).ok  # not before the round is counted
    assert e.close_round(rid).ok
    assert e.delete_scan_images(rid).value == 8
    assert list((tmp / "a").iterdir()) == []
    stored = ss.pages(e.ctx.db, rid)
    assert len(stored) == 8 and all(p.path is None and len(p.sha256) == 64 for p in stored)
    assert e.verify_audit().ok


def test_the_same_sheet_scanned_again_is_shown_to_a_person_not_counted_twice(election):
    from PIL import Image, ImageChops

    e, rid, tmp = election
    pages = _scans(e, rid, tmp / "a", [CLEAN, CLEAN])
    assert e.record_scans(rid, pages, Fraction(0)).value.saved == 2  # two voters marking alike: two ballots
    again = Image.open(tmp / "a" / "scan-000.png")
    noise = Image.effect_noise(again.size, 6)
    rescanned = ImageChops.add(again.convert("L"), noise, 1.0, -128).rotate(0.4, fillcolor=250)
    (tmp / "b").mkdir()
    rescanned.save(tmp / "b" / "rescan.png", dpi=(200, 200))
    (page,) = batch.read_folder(tmp / "b", e.scan_layout(rid))
    s = e.record_scans(rid, [page], Fraction(0)).value
    assert (s.saved, s.review) == (0, 1)
    (queued,) = e.scan_queue(rid)
    assert queued.read["like"] == "scan-000.png"
    assert e.set_scan_aside(rid, queued.id, "监票人甲").ok
    assert e.scan_queue(rid) == [] and e.round_count(rid).valid == 2


def test_each_page_keeps_its_place_in_the_pile_to_find_the_paper(election):
    from app.core.workflow.scanning import page_place

    e, rid, tmp = election
    pages = _scans(e, rid, tmp / "a", [CLEAN] * 3)
    (tmp / "a" / "zz-blank.png").write_bytes((tmp / "a" / "scan-000.png").read_bytes()[:40])  # cannot be opened
    pages = batch.read_folder(tmp / "a", e.scan_layout(rid))
    e.record_scans(rid, pages, Fraction(1))
    places = {p.name: page_place(p) for p in ss.pages(e.ctx.db, rid)}
    assert places == {"scan-000.png": (1, 4), "scan-001.png": (2, 4), "scan-002.png": (3, 4), "zz-blank.png": (4, 4)}
