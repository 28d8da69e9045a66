"""Documents built from an election file: every name and number comes from the stored data, same bytes twice."""
from datetime import date

import pytest
from pypdf import PdfReader
import io

from app.core.demo import create_demo
from app.core.documents import build_documents, document_set, fingerprint
from app.core.rules.strokes import sort_names
from app.core.workflow import Election

TODAY = date(2024, 5, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    e = Election.open(create_demo(tmp_path_factory.mktemp("d") / "demo.votedesk"))
    yield e
    e.close()


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")


def test_result_report_names_the_elected_in_stroke_order_with_recounted_votes(demo):
    docs = document_set(demo.db, TODAY)
    members = [m.name for m in docs.result.members]
    assert members == sort_names(members) and len(members) == 5
    text = _text(build_documents(demo.db, TODAY)["07-result-report.pdf"])
    stored = {r["name"]: r for rid in [r.id for r in demo.rounds()] for r in (demo.round_result(rid) or {}).get("results", [])}
    for m in docs.result.members:
        assert f"{m.name}（{m.votes}票）" in text
    assert docs.result.rounds[0].tie_among and docs.result.plenary
    assert set(stored) >= set(members)


def test_counting_reports_match_the_engine_outcome(demo):
    docs = document_set(demo.db, TODAY)
    text = _text(build_documents(demo.db, TODAY)["06-counting-reports.pdf"])
    for rid, report in zip([r.id for r in demo.rounds() if r.closed], docs.result.rounds + docs.result.plenary):
        stored = demo.round_result(rid)
        assert report.valid == stored["ballots"]["valid"] and report.invalid == stored["ballots"]["invalid"]
        assert list(report.elected) == stored["elected"]
    assert docs.officials[0].chief and docs.officials[0].chief in text


def test_ballots_follow_the_rounds_and_sign_in_sheet_lists_every_member(demo):
    docs = document_set(demo.db, TODAY)
    assert len(docs.ballots) == len(demo.rounds())
    assert len(docs.attendees) == len(demo.members())
    assert sum(a.voting for a in docs.attendees) == 39  # 40 full members, one approved exclusion


def test_same_file_gives_identical_bytes_and_a_stable_fingerprint(demo):
    assert build_documents(demo.db, TODAY) == build_documents(demo.db, TODAY)
    assert fingerprint(demo.db) == fingerprint(demo.db) and len(fingerprint(demo.db)) == 64


def test_papers_before_counting_are_built_without_the_reports(tmp_path):
    e = Election.open(create_demo(tmp_path / "c.votedesk", stop_at="counting"))
    names = sorted(build_documents(e.db, TODAY))
    e.close()
    assert names[0] == "01-election-request.pdf" and "05-ballot-1.pdf" in names
    assert "06-counting-reports.pdf" not in names and "07-result-report.pdf" not in names


def test_concurrent_builds_give_the_same_bytes(demo, tmp_path):
    import threading

    from tests.fixtures.report_demo import demo_report_data
    from app.core.reports.result_report import result_report_pdf

    data = demo_report_data().result
    want = result_report_pdf(data)
    got: list[bytes] = []
    threads = [threading.Thread(target=lambda: got.append(result_report_pdf(data))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want] * 4
