"""The chief scrutineer's PIN: set at the meeting, required to mark results official and recorded when confirming."""
import pytest

from app.core.demo import CHIEF, CHIEF_PIN, create_demo
from app.core.workflow import Election


@pytest.fixture
def counting(tmp_path):
    e = Election.open(create_demo(tmp_path / "d.votedesk", stop_at="counting"))
    yield e
    e.close()


def test_pin_is_stored_only_as_a_salted_hash(counting):
    entry = [x for x in counting.audit_entries() if x.event == "chief_pin_set"][-1]
    assert entry.params["name"] == CHIEF and CHIEF_PIN not in str(entry.params)
    assert set(entry.params) == {"name", "iterations"}  # the verifier sits in its own table (schema v6)


@pytest.mark.parametrize("name,pin,code", [(CHIEF, "0000", "chief_pin_wrong"), ("吴敏", CHIEF_PIN, "chief_name_mismatch")])
def test_wrong_name_or_pin_is_refused_with_rule(counting, name, pin, code):
    result = counting.confirm_chief(name, pin, "sign_package")
    assert not result.ok and result.reasons[0].code == code and result.reasons[0].rule == "R4.7"
    assert not any(x.event == "chief_confirmed" for x in counting.audit_entries())


def test_confirmation_is_recorded_with_its_purpose(counting):
    assert counting.confirm_chief(CHIEF, CHIEF_PIN, "sign_package", package_sha256="ab" * 32).ok
    entry = counting.audit_entries()[-1]
    assert entry.event == "chief_confirmed" and entry.params["purpose"] == "sign_package"
    assert counting.verify_audit().ok


@pytest.mark.parametrize("pin", ["12", "abcd", "1234567890123"])
def test_pin_must_be_4_to_12_digits(counting, pin):
    assert counting.set_chief_pin(pin).reasons[0].code == "pin_too_short"


def test_official_results_need_the_chief_and_pin_once_a_pin_is_set(tmp_path):
    e = Election.open(create_demo(tmp_path / "full.votedesk"))
    official = [x for x in e.audit_entries() if x.event == "results_official"][-1]
    assert official.params == {"by": CHIEF, "chief_confirmed": True}
    e.close()


def test_without_a_chief_scrutineer_no_pin_can_be_set():
    e = Election.in_memory()
    assert e.set_chief_pin("1234").reasons[0].code == "no_chief_scrutineer"
    assert not e.chief_pin_is_set()


def test_marking_official_with_a_wrong_pin_is_refused(monkeypatch):
    from app.core.demo import build_demo
    from app.core.workflow.results import ResultActions
    from app.core.workflow.types import ActionResult

    real = ResultActions.mark_official
    monkeypatch.setattr(ResultActions, "mark_official", lambda self, by, pin=None: ActionResult(True))
    e = Election.in_memory()
    build_demo(e)
    monkeypatch.setattr(ResultActions, "mark_official", real)
    assert e.mark_official(CHIEF, "9999").reasons[0].code == "chief_pin_wrong"
    assert e.mark_official("王建国").reasons[0].code == "chief_name_mismatch"
    assert e.mark_official(CHIEF, CHIEF_PIN).ok


def test_no_new_pin_once_the_results_are_official(tmp_path):
    e = Election.open(create_demo(tmp_path / "full.votedesk"))
    assert e.set_chief_pin("5678").reasons[0].code == "election_locked"
    assert e.check_chief(CHIEF, CHIEF_PIN).ok
    e.close()
