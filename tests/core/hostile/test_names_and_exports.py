"""Formula names never become live formulas in exports; hidden-character names are refused where entered (issue 12)."""
from __future__ import annotations

import csv
import io
import random

import pytest
from openpyxl import load_workbook

from app.core.errors import UserFacingError
from app.core.higher.imports import import_package
from app.core.higher.overview import overview, to_csv, to_xlsx
from app.core.higher.workspace import Workspace
from app.core.signing import keys
from app.core.signing.package import build_package
from app.core.textcheck import check_name, name_problem
from tests.fixtures import signing_demo as demo

FORMULAS = ['=HYPERLINK("http://evil.example/x","点击查看")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def test_formula_names_in_the_overview_exports_are_text():
    root = keys.create_root(demo.ROOT_ORG)
    ws = Workspace.create(None, root.cert)
    org = FORMULAS[0]
    ws.register_branch(org)
    key = keys.new_key()
    ident = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, org)), keys.cert_pem(root.cert))
    rounds = demo.rounds()
    election = {**demo.summary(rounds), "organization": org, "title": FORMULAS[1]}
    import_package(ws, build_package(identity=ident, election=election, rounds=rounds, audit=demo.audit_entries(),
                                     pdfs=[("result-report.pdf", demo.report_pdf(rounds))], rng=random.Random(1)))
    rows = overview(ws)
    assert rows[0].organization == org and rows[0].title == FORMULAS[1]
    exported = list(csv.reader(io.StringIO(to_csv(rows).decode("utf-8-sig"))))
    cells = [c for line in exported for c in line]
    assert "'" + org in cells and "'" + FORMULAS[1] in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).active
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            assert cell.data_type != "f", (cell.coordinate, cell.value)  # text, never a formula
    assert sheet["A2"].value == org and sheet["A2"].data_type == "s"


def test_every_formula_start_is_quoted_in_csv():
    from app.core.higher.overview import as_text

    assert [as_text(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert as_text("王建国") == "王建国" and as_text(5) == 5


@pytest.mark.parametrize("name, problem", [
    ("李明\u202e", "bidi"), ("\u202e明李", "bidi"), ("王\u2066五\u2069", "bidi"), ("王\n五", "control"),
    ("王\x00五", "control"), ("\u200b", "invisible"), ("\u200b\u200c\u200d\ufeff", "invisible"), ("王五", None),
    ("Zhang Wei", None), ("阿依古丽·买买提", None),
])
def test_the_one_name_check(name, problem):
    assert name_problem(name) == problem


def test_write_ins_refuse_only_control_and_direction_characters():
    assert name_problem("\u200b", write_in=True) is None
    assert name_problem("李明\u202e", write_in=True) == "bidi"
    with pytest.raises(UserFacingError) as err:
        check_name("李明\u202e")
    assert err.value.code == "name_not_allowed" and "\\u202e" in err.value.params["name"]


def test_a_branch_with_a_hidden_character_name_is_refused():
    ws = Workspace.create(None, keys.create_root(demo.ROOT_ORG).cert)
    with pytest.raises(UserFacingError) as err:
        ws.register_branch("中共示范区机关第一支部委员会\u202e")
    assert err.value.code == "name_not_allowed"


def test_roll_import_refuses_hidden_character_and_formula_names(tmp_path):
    from app.core.rollimport import preview

    path = tmp_path / "名册.csv"
    rows = [["姓名", "党员类别"], ["王建国", "正式党员"], ["李明\u202e", "正式党员"], ["\u200b\u200b", "正式党员"],
            ["张\x07伟", "正式党员"], [FORMULAS[0], "正式党员"], ["+cmd|' /C calc'!A0", "正式党员"]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    p = preview(path)
    refused = {e.row_number: e.code for e in p.errors}
    assert refused == {3: "roll_hidden_characters", 4: "roll_hidden_characters", 5: "roll_hidden_characters",
                       6: "roll_bad_name", 7: "roll_bad_name"}, p.errors
    assert "\\u202e" in next(e.message for e in p.errors if e.row_number == 3)
