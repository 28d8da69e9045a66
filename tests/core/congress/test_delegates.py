"""Delegates elected by electoral units (issue 16 items 1, 2): packages verified into the roll, review, preparatory meeting."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.core.signing import keys
from app.core.workflow import Election

UNITS = ("第一党总支", "第二党总支", "第三党总支")


@pytest.fixture()
def root(small_units):  # noqa: ANN001, ANN201
    return small_units[0]


@pytest.fixture()
def packages(small_units) -> dict[str, bytes]:  # noqa: ANN001
    return small_units[1]  # each unit: 5 seats, 6 candidates (R5.1: at least 20% more), 14 voters


def _codes(result) -> list[str]:
    assert not result.ok, result
    return [r.code for r in result.reasons]


def test_units_report_their_delegates_into_the_roll(root, packages, tmp_path: Path) -> None:
    e = Election.create(tmp_path / "congress.votedesk")
    e.set_election("delegate_congress")
    trust = keys.cert_pem(root.cert)
    assert _codes(e.set_units([("甲", 200), ("乙", 101)])) == ["delegates_over_300"]
    assert _codes(e.set_units([("甲", 5), (" 甲", 5)])) == ["unit_twice"]
    assert e.set_units([(u, 5) for u in UNITS]).ok
    assert e.import_unit_report(packages[UNITS[0]], trust).ok
    assert e.import_unit_report(packages[UNITS[1]], trust).value == UNITS[1]
    assert e.units_not_reported() == [UNITS[2]]
    assert _codes(e.import_unit_report(packages[UNITS[0]], trust)) == ["unit_reported", *["delegate_twice"] * 5]
    flipped = bytearray(packages[UNITS[2]])
    flipped[len(flipped) // 3] ^= 0x01
    refused = e.import_unit_report(bytes(flipped), trust)
    assert _codes(refused) == ["unit_package_refused"]
    other_root = keys.create_root("中共别的委员会")
    assert _codes(e.import_unit_report(packages[UNITS[2]], keys.cert_pem(other_root.cert))) == ["unit_package_refused"]
    assert e.import_unit_report(packages[UNITS[2]], trust).ok
    assert e.units_not_reported() == []
    roll = e.congress_delegates()
    assert len(roll) == 15 and {d.unit for d in roll} == set(UNITS)
    assert sorted(n for _, m in e.members() for n in [m.name]) == sorted(d.name for d in roll)  # no retyping
    assert all(2 * d.votes > 14 for d in roll)  # elected: more than half of the unit's 14 voters

    assert _codes(e.hold_preparatory("2026-06-17", 14, ["选举"], 14, [roll[0].name], 14, roll[1].name, 14)) == \
        ["review_incomplete", "not_a_delegate", "not_a_delegate"]  # not yet reviewed: not yet qualified
    for d in roll[1:]:
        assert e.review_delegate(d.name, True, None, "2026-06-10").ok
    assert e.review_delegate(roll[0].name, False, "受到留党察看处分，资格终止", "2026-06-10").ok
    assert roll[0].name not in {m.name for _, m in e.members()}
    agenda = ["听取和审查党委工作报告", "选举新一届党委委员", "选举新一届纪委委员"]
    presidium = [d.name for d in roll[1:8]]
    assert _codes(e.hold_preparatory("2026-06-17", 14, agenda, 7, presidium, 14, roll[8].name, 14)) == \
        ["not_a_majority"]
    assert _codes(e.hold_preparatory("2026-06-17", 14, agenda, 14, [roll[0].name], 14, roll[8].name, 14)) == \
        ["not_a_delegate"]
    assert e.hold_preparatory("2026-06-17", 14, agenda, 14, presidium, 13, roll[8].name, 14).ok
    prep = e.congress_preparatory()
    assert prep["agenda"] == agenda and prep["presidium"] == presidium and prep["secretary_general"] == roll[8].name
    assert e.hold_preparatory("2026-06-18", 14, agenda[:2], 14, presidium[:5], 13, roll[9].name, 14).ok  # corrected
    prep = e.congress_preparatory()
    assert (prep["held_on"], prep["agenda"], prep["presidium"], prep["secretary_general"]) == \
        ("2026-06-18", agenda[:2], presidium[:5], roll[9].name)
    assert [x.event for x in e.audit_entries()][-2:] == ["preparatory_held", "preparatory_corrected"]
    assert e.verify_audit().ok
