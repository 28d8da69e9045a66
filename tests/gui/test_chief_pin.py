"""The chief scrutineer's PIN in the GUI: set on the method page, asked to mark the results official and to sign."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.core import i18n
from app.core.demo import CHIEF, CHIEF_PIN, create_demo
from app.core.signing import keys
from app.core.signing.verify import verify_package
from app.core.workflow import base
from app.core.workflow.confirm import FREE_ATTEMPTS, ChiefActions, wait_after
from app.core.workflow.results import ResultActions
from app.core.workflow.types import ActionResult
from app.gui.dialogs.signing_dialogs import ChiefConfirmation, ChiefDialog, ChiefPinDialog, ChiefRequest
from app.gui.main_window import MainWindow
from app.core.citations import citation
from tests.gui.helpers import Canned, answer_yes, demo_window
from tests.gui.test_documents_pages import PASSPHRASE, branch_key_file, settle

NEW_PIN = "135790"


class Clock:
    """The clock every file opened in these tests reads: the PIN waits run on it, never on the machine's load."""

    def __init__(self) -> None:
        self.now = dt.datetime(2024, 5, 20, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:  # noqa: ANN001
    fixed = Clock()
    monkeypatch.setattr(base, "wall_clock", fixed)
    return fixed


@pytest.fixture(scope="module")
def root() -> keys.Identity:
    return keys.create_root("中共测试街道工作委员会")


def _no_question_box(monkeypatch) -> None:  # noqa: ANN001
    """With a PIN the chief's dialog is the only question: a message box would be a bug (and block the test)."""
    def fail(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a message box was shown")
    monkeypatch.setattr(QMessageBox, "question", fail)


def complete_window(qtbot, tmp_path: Path, monkeypatch, *, pin: bool = True) -> MainWindow:  # noqa: ANN001
    """The demo election counted to the end but not yet official; ``pin=False``: the chief set no PIN."""
    path = tmp_path / "complete.votedesk"
    with monkeypatch.context() as m:
        m.setattr(ResultActions, "mark_official", lambda self, by, pin=None: ActionResult(True))
        if not pin:
            m.setattr(ChiefActions, "set_chief_pin", lambda self, pin, current=None: ActionResult(True))
        create_demo(path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(path))
    return window


def _report(window: MainWindow, prompts: Canned):  # noqa: ANN202
    window.go_to("report")
    page = window.stack.currentWidget()
    page.prompts = page.documents.actions.prompts = prompts
    return page


# ---- method page ---------------------------------------------------------------------------------
def test_the_chief_sets_a_new_pin_on_the_method_page_and_only_its_hash_is_recorded(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    window.go_to("method")
    page = window.stack.currentWidget()
    page.prompts = prompts = Canned(new_pin=[None, "12", NEW_PIN])
    e = page.session.election
    assert page.pin_button.isEnabled() and "A PIN is set" in page.pin_status.text()
    entries = len(e.audit_entries())
    page.pin_button.click()  # cancelled: nothing happens
    assert len(e.audit_entries()) == entries and prompts.pin_requests == [(CHIEF, True)]
    i18n.set_language("zh_CN")
    page.pin_button.click()  # the dialog would not accept it; the core refuses it anyway, in Chinese with the rule
    assert "PIN 码须为 4 至 12 位数字（选举工作通行做法）" in page.banner.label.text() and len(e.audit_entries()) == entries
    i18n.set_language("en")
    page.pin_button.click()
    entry = e.audit_entries()[-1]
    assert entry.event == "chief_pin_set" and entry.params["name"] == CHIEF
    assert NEW_PIN not in map(str, entry.params.values()) and set(entry.params) == {"name", "iterations"}
    assert e.check_chief(CHIEF, NEW_PIN).ok and not e.check_chief(CHIEF, CHIEF_PIN).ok
    assert "refused" not in page.banner.label.text() and e.verify_audit().ok


def test_pin_dialog_takes_digits_only_twice_the_same(qtbot) -> None:  # noqa: ANN001
    dialog = ChiefPinDialog(CHIEF)
    qtbot.addWidget(dialog)
    assert CHIEF in dialog.findChildren(type(dialog.hint))[0].text()
    assert dialog.first.echoMode() == dialog.second.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.first, "12ab34")
    assert dialog.first.text() == "1234" and dialog.value() is None and "twice" in dialog.hint.text()
    qtbot.keyClicks(dialog.second, "1235")
    assert dialog.value() is None
    dialog.second.setText("1234")
    assert dialog.value() == "1234" and not dialog.hint.text()
    dialog.first.clear()
    qtbot.keyClicks(dialog.first, "1234567890123")
    assert dialog.first.text() == "123456789012"  # at most 12 digits
    dialog.first.setText("123")
    assert dialog.value() is None and "4 to 12" in dialog.hint.text()


def test_chief_dialog_without_a_pin_asks_only_the_name(qtbot) -> None:  # noqa: ANN001
    dialog = ChiefDialog(ChiefRequest("sign", "org", "AB CD", official=False, name="赵敏", pin=False))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.pin.isVisible()
    assert dialog.value() == ChiefConfirmation("赵敏", "", True)


# ---- marking official ----------------------------------------------------------------------------
def test_with_a_pin_only_the_chief_with_the_pin_marks_the_results_official(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    _no_question_box(monkeypatch)
    window = complete_window(qtbot, tmp_path, monkeypatch)
    prompts = Canned(chief=[ChiefConfirmation(CHIEF, "0000"), None, ChiefConfirmation(CHIEF, CHIEF_PIN)])
    page = _report(window, prompts)
    e = page.session.election
    assert not page.official_form.isRowVisible(page.official_by)  # the chief's dialog asks the name
    page.official_button.click()
    request = prompts.chief_requests[0]
    assert request.name == CHIEF and request.pin and request.official and not request.fingerprint
    assert f"The PIN is wrong ({citation('R4.7')})" in page.banner.label.text() and not e.election_info()["official"]
    page.official_button.click()  # cancelled
    assert not e.election_info()["official"]
    page.official_button.click()
    assert e.election_info()["official"] and e.election_info()["official_by"] == CHIEF
    official = [x for x in e.audit_entries() if x.event == "results_official"]
    assert [x.params for x in official] == [{"by": CHIEF, "chief_confirmed": True}]
    assert CHIEF in page.official_label.text()


def test_without_a_pin_the_typed_name_marks_the_results_official(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    answer_yes(monkeypatch)
    window = complete_window(qtbot, tmp_path, monkeypatch, pin=False)
    page = _report(window, Canned())  # no chief answers: the chief's dialog must not be asked
    e = page.session.election
    assert not e.chief_pin_is_set() and page.official_form.isRowVisible(page.official_by)
    page.official_by.setText("王建国（新一届支部书记）")
    page.official_button.click()
    assert e.election_info()["official_by"] == "王建国（新一届支部书记）"
    assert [x.params for x in e.audit_entries() if x.event == "results_official"][-1]["chief_confirmed"] is False


def test_signing_also_marks_official_with_the_pin(qtbot, tmp_path, monkeypatch, root) -> None:  # noqa: ANN001
    window = complete_window(qtbot, tmp_path, monkeypatch)
    key = branch_key_file(tmp_path / "keys", root)
    target = tmp_path / "result.vdpkg"
    prompts = Canned(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation(CHIEF, CHIEF_PIN, True)],
                     save=[str(target)])
    page = _report(window, prompts)
    page.package_button.click()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors and not prompts.chief_requests[0].official
    e = page.session.election
    assert e.election_info()["official_by"] == CHIEF
    events = [x.event for x in e.audit_entries()]
    assert events[-2:] == ["results_official", "chief_confirmed"]  # official first, then the signing confirmed
    assert verify_package(target.read_bytes(), keys.cert_pem(root.cert)).ok


def test_without_a_pin_signing_first_asks_the_chief_to_choose_one(
        qtbot, tmp_path, monkeypatch, root) -> None:  # noqa: ANN001
    """The core signs only after the chief's confirmation (issue 12): with no PIN set, the chief chooses one first."""
    window = complete_window(qtbot, tmp_path, monkeypatch, pin=False)
    key = branch_key_file(tmp_path / "keys", root)
    target = tmp_path / "result.vdpkg"
    prompts = Canned(open=[str(key)], passphrase=[PASSPHRASE], new_pin=[NEW_PIN],
                     chief=[ChiefConfirmation(CHIEF, NEW_PIN, True)], save=[str(target)])
    page = _report(window, prompts)
    page.package_button.click()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors and prompts.chief_requests[0].pin and prompts.pin_requests == [(CHIEF, False)]
    e = page.session.election
    assert e.election_info()["official_by"] == CHIEF
    assert [x.event for x in e.audit_entries()][-1] == "chief_confirmed"
    assert verify_package(target.read_bytes(), keys.cert_pem(root.cert)).ok

def test_after_three_wrong_pins_the_page_says_to_wait_and_the_right_pin_works_once_it_has_passed(
        qtbot, tmp_path, monkeypatch, clock) -> None:  # noqa: ANN001
    """The wait runs on the files' clock: stepped here, so the test never depends on how fast the machine is."""
    _no_question_box(monkeypatch)
    window = complete_window(qtbot, tmp_path, monkeypatch)
    wrong = [ChiefConfirmation(CHIEF, "0000")] * FREE_ATTEMPTS
    prompts = Canned(chief=[*wrong, ChiefConfirmation(CHIEF, CHIEF_PIN), ChiefConfirmation(CHIEF, CHIEF_PIN)])
    page = _report(window, prompts)
    e = page.session.election
    for _ in range(FREE_ATTEMPTS):
        page.official_button.click()
        assert "The PIN is wrong" in page.banner.label.text()
    clock.now += dt.timedelta(seconds=wait_after(FREE_ATTEMPTS) - 1)
    page.official_button.click()  # the right PIN, a second too early
    assert "wait 1 seconds before trying again" in page.banner.label.text()
    assert e.pin_wait() == 1 and not e.election_info()["official"]
    assert [r.code for r in e.check_chief(CHIEF, CHIEF_PIN).reasons] == ["chief_pin_wait"]
    clock.now += dt.timedelta(seconds=1)
    page.official_button.click()
    assert e.election_info()["official"] and e.pin_wait() == 0
    refused = [x.params["failures"] for x in e.audit_entries() if x.event == "chief_pin_refused"]
    assert refused == [1, 2, 3] and e.verify_audit().ok
