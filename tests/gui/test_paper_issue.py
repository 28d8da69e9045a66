"""The issue step on the report page: an official paper's number and date are proposed, confirmed and printed."""
from __future__ import annotations

from tests.gui.helpers import Canned
from tests.gui.test_documents_pages import report_page, settle
from tests.core.reports.helpers import in_order, text


class Issuing(Canned):
    """Answers the issue dialog: records what it proposed, changes the date, adds a contact on requests."""

    def __init__(self, dated: str) -> None:
        super().__init__()
        self.dated = dated
        self.proposed: list[tuple[str, str]] = []

    def dialog(self, dialog):  # noqa: ANN001, ANN201
        self.proposed.append((dialog.number.text(), dialog.dated.text()))
        dialog.dated.setText(self.dated)
        dialog.contact.setText("刘芳")
        return dialog.value()


def test_issue_step_stores_the_confirmed_number_and_date_and_the_paper_prints_them(qtbot, tmp_path) -> None:  # noqa: ANN001
    prompts = Issuing("2024-05-20")
    page = report_page(qtbot, tmp_path, prompts)
    page.documents.select("04-signin.pdf")
    assert not page.paper_issue.button.isEnabled()  # a working paper has no number
    page.documents.select("07-result-report.pdf")
    assert page.paper_issue.button.isEnabled()
    before = {r.file_name: r.data for r in page.documents.rows}["07-result-report.pdf"]
    assert "年月日" in text(before).split("特此报告。")[1][:60]  # blank until issued
    page.paper_issue.button.click()
    assert prompts.proposed == [("青石社支〔2024〕4号", "2024-05-18")] and not prompts.errors
    settle(qtbot, lambda: page.documents.rows)
    after = {r.file_name: r.data for r in page.documents.rows}["07-result-report.pdf"]
    in_order(text(after), ["青石社支〔2024〕4号", "特此报告。", "2024年5月20日"])


def test_an_impossible_date_is_refused_and_nothing_is_stored(qtbot, tmp_path) -> None:  # noqa: ANN001
    prompts = Issuing("2024-05-01")  # before the meeting: a report cannot be written then (R4.12)
    page = report_page(qtbot, tmp_path, prompts)
    page.documents.select("07-result-report.pdf")
    page.paper_issue.button.click()
    assert [e.code for e in prompts.errors] == ["paper_before_meeting"]
    assert page.session.election.db.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


def test_setup_asks_for_the_outgoing_committees_election_date(qtbot, tmp_path) -> None:  # noqa: ANN001
    from tests.gui.helpers import demo_window

    window = demo_window(qtbot, tmp_path, stop_at="counting")
    window.go_to("setup")
    page = window.stack.currentWidget()
    assert page.term_started.text() == ""  # nothing entered: nothing derived
    page.term_started.setText("2019-05-16")
    page.save_election()
    assert page.session.election.election_info()["term_started"] == "2019-05-16"
    page.term_started.setText("2024-06-01")  # after this election's meeting: refused under the banner
    page.save_election()
    assert page.session.election.election_info()["term_started"] == "2019-05-16"


class Duties(Canned):
    """Answers the duties dialog: shows who is offered, fills two duties and the work report."""

    def __init__(self) -> None:
        super().__init__()
        self.offered: list[str] = []

    def dialog(self, dialog):  # noqa: ANN001, ANN201
        self.offered = list(dialog.fields)
        dialog.fields["刘洋"].setText("组织委员")
        dialog.fields["张伟"].setText("宣传委员")
        dialog.report.setText("中共青石社区支部委员会工作报告")
        return dialog.value()


def test_duties_and_work_report_are_entered_and_reported(qtbot, tmp_path) -> None:  # noqa: ANN001
    prompts = Duties()
    page = report_page(qtbot, tmp_path, prompts)
    page.duties.button.click()
    assert sorted(prompts.offered) == sorted(["王建国", "刘洋", "李秀英", "杨帆", "张伟"]) and not prompts.errors
    settle(qtbot, lambda: page.documents.rows)
    report = {r.file_name: r.data for r in page.documents.rows}["07-result-report.pdf"]
    in_order(text(report), ["工作报告《中共青石社区支部委员会工作报告》", "委员分工：刘洋，组织委员；张伟，宣传委员。"])
