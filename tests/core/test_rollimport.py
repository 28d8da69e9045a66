"""Roster import: every encoding and format, broken files, row errors, all or nothing, speed."""
from __future__ import annotations

import csv
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import i18n, messages
from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.rollimport import (
    FIELDS, guess_mapping, import_members, parse_date, parse_sex, parse_status, preview, preview_table,
    read_table,
)
from app.core.rollimport.values import BadValue
from app.core.rules.model import MemberStatus as S

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 29)
HEADER = ["序号", "姓名", "性别", "出生年月", "民族", "入党时间", "学历", "职务", "党员类别", "备注"]
ROWS = [
    ["1", "王建国", "男", "1968.05", "汉族", "1990-07-01", "大专", "支部书记", "正式党员", ""],
    ["2", "李秀英", "女", "1972年11月", "汉族", "1996/6/30", "高中", "", "预备党员", "预备期内"],
    ["3", "刘䶮", "男", "19800101", "壮族", "2001年7月1日", "本科", "委员", "留党察看", ""],
]
EXPECTED = [
    MemberRecord("王建国", S.FULL, "男", date(1968, 5, 1), "汉族", date(1990, 7, 1), "大专", "支部书记", None),
    MemberRecord("李秀英", S.PROBATIONARY, "女", date(1972, 11, 1), "汉族", date(1996, 6, 30), "高中", None, "预备期内"),
    MemberRecord("刘䶮", S.LIUDANG_CHAKAN, "男", date(1980, 1, 1), "壮族", date(2001, 7, 1), "本科", "委员", None),
]


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, whatever translations exist later."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", sep: str = ",") -> Path:
    path.write_bytes("".join(sep.join(r) + "\r\n" for r in rows).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def errors_of(p) -> list[tuple[int, str | None, str]]:
    return [(e.row_number, e.column, e.code) for e in p.errors]


def failure(fn, *args, **kwargs) -> UserFacingError:
    with pytest.raises(UserFacingError) as info:
        fn(*args, **kwargs)
    return info.value


# --- formats and encodings -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_import_exactly(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "roll.csv", [HEADER, *ROWS], encoding)
    assert import_members(path, today=TODAY) == EXPECTED


def test_csv_gbk(tmp_path: Path) -> None:
    rows = [r for r in ROWS if "䶮" not in r[1]]  # 䶮 (CJK Ext. A) exists only in GB18030, not in GBK
    path = write_csv(tmp_path / "roll.csv", [HEADER, *rows], "gbk")
    assert import_members(path, today=TODAY) == EXPECTED[:2]


def test_excel_unicode_text_is_utf16_tab_separated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roll.txt", [HEADER, *ROWS], "utf-16", sep="\t")
    assert import_members(path, today=TODAY) == EXPECTED


def test_semicolon_separated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roll.csv", [HEADER, *ROWS], sep=";")
    assert import_members(path, today=TODAY) == EXPECTED


def test_xlsx_with_date_cells_and_title_row(tmp_path: Path) -> None:
    rows = [
        ["第一党支部党员花名册"], [],
        HEADER,
        [1, "王建国", "男", datetime(1968, 5, 1), "汉族", date(1990, 7, 1), "大专", "支部书记", "正式党员", None],
        [2, "李秀英", "女", 1972.11, "汉族", 19960630, "高中", None, "预备", "预备期内"],
        [3, "刘䶮", "男", "1980.1", "壮族", "2001年7月1日", "本科", "委员", "留党察看", None],
    ]
    path = write_xlsx(tmp_path / "roll.xlsx", rows)
    p = preview(path, today=TODAY)
    assert (p.table.format, p.table.header_row, [r.number for r in p.table.rows]) == ("xlsx", 3, [4, 5, 6])
    assert list(p.rows) == EXPECTED


def test_xlsx_first_non_empty_sheet_and_sheet_choice(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    second = book.create_sheet("名册")
    for row in [HEADER, *ROWS]:
        second.append(row)
    third = book.create_sheet("第二支部")
    third.append(["姓名", "状态"])
    third.append(["赵六", "正式"])
    book.save(tmp_path / "roll.xlsx")
    p = preview(tmp_path / "roll.xlsx", today=TODAY)
    assert (p.table.sheet, p.table.sheets, list(p.rows)) == ("名册", ("说明", "名册", "第二支部"), EXPECTED)
    assert import_members(tmp_path / "roll.xlsx", sheet="第二支部") == [MemberRecord("赵六")]
    assert failure(read_table, tmp_path / "roll.xlsx", sheet="无此表").code == "roll_no_sheet"


def test_xlsx_number_1975_1_is_ambiguous_a_warning_offering_both_months(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "roll.xlsx", [["姓名", "出生年月", "状态"], ["甲", 1975.1, "正式"], ["乙", 1975.12, "正式"]])
    p = preview(path, today=TODAY)
    assert p.ok and errors_of(p) == []
    assert [(w.row_number, w.column, w.code, w.name) for w in p.warnings] == [(2, "birth_date", "roll_ambiguous_date", "甲")]
    assert p.warnings[0].choices == (date(1975, 1, 1), date(1975, 10, 1))
    assert "may be 1975-01 or 1975-10" in p.warnings[0].message
    assert [(m.name, m.birth_date) for m in p.rows] == [("甲", None), ("乙", date(1975, 12, 1))]


def test_xlsx_read_by_calamine_when_openpyxl_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "roll.xlsx", [HEADER, *ROWS])

    def broken(*_args, **_kwargs):
        raise KeyError("There is no item named 'xl/sharedStrings.xml' in the archive")

    monkeypatch.setattr(openpyxl, "load_workbook", broken)
    p = preview(path, today=TODAY)
    assert (p.table.format, list(p.rows)) == ("xlsx", EXPECTED)


def test_xls_written_by_xlwt(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名册")
    as_date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [HEADER, [*ROWS[0][:3], date(1968, 5, 1), *ROWS[0][4:]], *ROWS[1:]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value, as_date if isinstance(value, date) else xlwt.Style.default_style)
    book.save(str(tmp_path / "roll.xls"))
    p = preview(tmp_path / "roll.xls", today=TODAY)
    assert (p.table.format, list(p.rows)) == ("xls", EXPECTED)


def test_committed_xls_fixture() -> None:
    p = preview(ROOT / "tests/fixtures/roll/roll-small.xls", today=TODAY)
    assert (p.table.format, p.table.sheet, p.table.header_row, p.ok) == ("xls", "党员名册", 2, True)
    assert [(m.name, m.standing, m.birth_date, m.joined_date) for m in p.rows] == [
        ("孙立平", S.FULL, date(1971, 4, 9), date(1995, 7, 1)),
        ("马玉兰", S.FULL, date(1983, 10, 21), date(2005, 7, 1)),
        ("朱小军", S.PROBATIONARY, date(1996, 1, 1), date(2025, 12, 1)),
    ]


def test_ods_read_by_calamine(tmp_path: Path) -> None:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

    def cell(value: str, kind: str = "string") -> str:
        date_value = f' office:date-value="{value}"' if kind == "date" else ""
        return f'<table:table-cell office:value-type="{kind}"{date_value}><text:p>{value}</text:p></table:table-cell>'

    rows = [cell("姓名") + cell("状态") + cell("出生日期"), cell("张三") + cell("正式党员") + cell("1975-03-02", "date")]
    body = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="名册">{body}'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(tmp_path / "roll.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                   'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"/></manifest:manifest>')
    p = preview(tmp_path / "roll.ods", today=TODAY)
    assert (p.table.format, list(p.rows)) == ("ods", [MemberRecord("张三", birth_date=date(1975, 3, 2))])


def test_password_protected_and_other_office_files(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "locked.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + bytes(64))
    assert failure(read_table, tmp_path / "locked.xlsx").code == "roll_password"
    (tmp_path / "letter.xls").write_bytes(ole + bytes(1024))  # an OLE file that is no workbook
    assert failure(read_table, tmp_path / "letter.xls").code == "roll_file_unreadable"


def test_format_comes_from_content_not_name(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "roll.csv", [HEADER, *ROWS])
    assert read_table(xlsx).format == "xlsx"
    text = write_csv(tmp_path / "exported.xls", [HEADER, *ROWS], sep="\t")
    assert import_members(text, today=TODAY) == EXPECTED


def test_html_disguised_as_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    error = failure(read_table, path)
    assert error.code == "roll_web_page" and "导出.xls" in str(error)


def test_unreadable_files(tmp_path: Path) -> None:
    assert failure(read_table, tmp_path / "missing.csv").code == "roll_file_unreadable"
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7")
    assert failure(read_table, tmp_path / "x.pdf").code == "roll_unsupported_format"
    (tmp_path / "empty.csv").write_bytes(b"\xef\xbb\xbf\r\n,,\r\n")
    assert failure(read_table, tmp_path / "empty.csv").code == "roll_empty_file"
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    assert failure(read_table, tmp_path / "bad.xlsx").code == "roll_file_unreadable"
    (tmp_path / "nul.csv").write_bytes(b"name,status\r\na\x00b,full\r\n")
    assert failure(read_table, tmp_path / "nul.csv").code == "roll_file_unreadable"


def test_sample_file_for_users() -> None:
    path = ROOT / "resources/samples/roll-sample.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    members = import_members(path)
    assert len(members) == 11 and {m.standing for m in members} == set(S)
    assert all(m.sex and m.birth_date and m.joined_date and m.ethnicity for m in members)


# --- broken encodings ----------------------------------------------------------------------


def test_utf8_file_with_one_gbk_line_names_that_line(tmp_path: Path) -> None:
    body = "".join(",".join(r) + "\r\n" for r in [HEADER, *ROWS]).encode("utf-8")
    gbk_line = "4,赵敏,女,1990.01,汉族,2015.01,本科,,正式党员,\r\n".encode("gbk")
    (tmp_path / "mixed.csv").write_bytes(body + gbk_line + "5,钱多,男,1991.01,汉族,2016.01,,,正式党员,\r\n".encode())
    error = failure(import_members, tmp_path / "mixed.csv")
    assert (error.code, error.params["line"]) == ("roll_encoding_mixed", 5)
    assert "Line 5" in str(error)


def test_gbk_file_with_one_utf8_line_names_that_line(tmp_path: Path) -> None:
    lines = [",".join(r).encode("gbk") for r in [HEADER[:3], ["1", "王五", "男"], ["2", "赵六", "男"]]]
    lines.insert(2, "9,钱七,女".encode("utf-8"))
    (tmp_path / "mixed.csv").write_bytes(b"\n".join(lines))
    error = failure(read_table, tmp_path / "mixed.csv")
    assert (error.code, error.params["line"]) == ("roll_encoding_mixed", 3)


def test_bytes_in_no_encoding_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_bytes(b"name,status\nA,full\nB\x80\xff,full\n")
    error = failure(read_table, tmp_path / "bad.csv")
    assert (error.code, error.params["line"]) == ("roll_encoding_unknown", 3)


# --- rows ---------------------------------------------------------------------------------


def test_ten_thousand_rows_import_exactly(tmp_path: Path) -> None:
    rows = [[str(i), f"党员{i:05d}", "男女"[i % 2], f"{1950 + i % 50}.{1 + i % 12:02d}", "汉族",
             f"{2000 + i % 20}-{1 + i % 12}-{1 + i % 28}", "本科", "", ["正式党员", "预备党员"][i % 7 == 0], ""]
            for i in range(10_000)]
    path = write_csv(tmp_path / "big.csv", [HEADER, *rows], "utf-8-sig")
    members = import_members(path, today=TODAY)  # speed: bench/bench_rollimport.py
    assert len(members) == 10_000
    assert members[0] == MemberRecord("党员00000", S.PROBATIONARY, "男", date(1950, 1, 1), "汉族", date(2000, 1, 1), "本科")
    assert members[-1] == MemberRecord("党员09999", S.FULL, "女", date(1999, 4, 1), "汉族", date(2019, 4, 4), "本科")


def test_ten_thousand_rows_xlsx(tmp_path: Path) -> None:
    rows = [[f"党员{i:05d}", "女", date(1960 + i % 40, 1 + i % 12, 1), "正式党员"] for i in range(10_000)]
    path = write_xlsx(tmp_path / "big.xlsx", [["姓名", "性别", "出生日期", "党员类别"], *rows])
    assert len(import_members(path, today=TODAY)) == 10_000  # speed: bench/bench_rollimport.py


def test_duplicate_names_in_file_and_on_the_roll(tmp_path: Path) -> None:
    rows = [["姓名", "状态"], ["张三", "正式"], ["李四", "正式"], ["张 三", "预备"], ["王五", "预备"], ["张三", "正式"],
            ["赵六", "正式"], ["赵六", "正式"]]
    path = write_csv(tmp_path / "dup.csv", rows)
    p = preview(path, existing_names=["王五"], today=TODAY)
    # the same name with other data: every row of it refused, each naming the others; on the roll: refused
    assert errors_of(p) == [(2, "name", "roll_duplicate_name"), (4, "name", "roll_duplicate_name"),
                            (5, "name", "roll_name_exists"), (6, "name", "roll_duplicate_name")]
    assert p.errors[0].message.startswith('Row 2: "张三" also appears in row 4、row 6 with other data')
    # an exact repeat is imported once, with a warning naming the first row
    assert [(w.row_number, w.code, w.message) for w in p.warnings] == [
        (8, "roll_repeated_row", "Row 8: repeats row 7 exactly: imported once")]
    assert [m.name for m in p.rows] == ["李四", "赵六"] and not p.ok and p.importable
    assert p.refused_rows == (2, 4, 5, 6)


def test_padded_chinese_names_are_joined_latin_names_keep_one_space(tmp_path: Path) -> None:
    rows = [["姓名", "状态"], ["王\u3000五", "正式"], [" Ahmet  Ali ", "正式"], ["阿不都·热合曼", "正式"]]
    assert [m.name for m in import_members(write_csv(tmp_path / "n.csv", rows))] == ["王五", "Ahmet Ali", "阿不都·热合曼"]


def test_missing_status_column_is_a_file_error_unless_default(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roll.csv", [["姓名", "性别"], ["张三", "男"], ["李四", "女"]])
    p = preview(path)
    assert [(e.code, e.column) for e in p.file_errors] == [("roll_missing_column", "status")]
    assert p.errors == () and p.rows == ()
    error = failure(import_members, path)
    assert error.code == "roll_import_failed" and '"membership status"' in str(error) and "党员类别" in str(error)
    members = import_members(path, default_status="full")
    assert [(m.name, m.status) for m in members] == [("张三", S.FULL), ("李四", S.FULL)]


def test_missing_name_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roll.csv", [["名称", "状态"], ["张三", "正式"]])
    assert [e.column for e in preview(path).file_errors] == ["name"]


def test_header_only_has_no_rows(tmp_path: Path) -> None:
    p = preview(write_csv(tmp_path / "roll.csv", [["姓名", "状态"], ["", ""]]))
    assert [e.code for e in p.file_errors] == ["roll_no_rows"]


def test_bad_and_impossible_dates_are_warnings_and_leave_the_field_empty(tmp_path: Path) -> None:
    rows = [["姓名", "出生日期", "入党时间", "党员类别"],
            ["甲", "1975-02-30", "1999.07", "正式"],    # row 2: no such day
            ["乙", "3/2/1975", "1999.07", "正式"],      # row 3: day-first forms are ambiguous
            ["丙", "1975", "1999.07", "正式"],          # row 4: year only
            ["丁", "1980.05", "1979.01", "正式"],       # row 5: joined before birth
            ["戊", "1980.05", "2027.01", "预备"],       # row 6: after today
            ["己", "1899-12-30", "1999.07", "正式"],    # row 7: Excel's zero day
            ["庚", "1980.05", "1998.05", "正式"],       # row 8: 18 in that month: fine at month precision
            ["辛", "1980.05", "1980.05", "正式"],       # row 9: same month as birth: not before it, but under 18
            ["壬", "1980.05", "1998.04", "正式"]]       # row 10: a month before the 18th birthday
    p = preview(write_csv(tmp_path / "d.csv", rows), today=TODAY)
    assert p.ok and errors_of(p) == []
    assert [(w.row_number, w.column, w.code) for w in p.warnings] == [
        (2, "birth_date", "roll_bad_date"), (3, "birth_date", "roll_bad_date"), (4, "birth_date", "roll_bad_date"),
        (5, "joined_date", "roll_joined_before_birth"), (6, "joined_date", "roll_future_date"),
        (7, "birth_date", "roll_implausible_date"), (9, "joined_date", "roll_joined_under_18"),
        (10, "joined_date", "roll_joined_under_18"),
    ]
    assert p.warnings[0].message == ('Row 2: "1975-02-30" in column "出生日期" is not a date: left empty '
                                     "(write e.g. 1975-03-02 or 1975年3月)")
    assert p.warnings[3].message == "Row 5: the date of joining the Party (1979-01-01) is before the birth date (1980-05-01)"
    assert p.warnings[-1].message == ("Row 10: the date of joining the Party (1998-04-01) is before the 18th birthday "
                                      "(born 1980-05-01)")
    assert p.row_count == 9
    by_name = {m.name: m for m in p.rows}
    assert (by_name["甲"].birth_date, by_name["甲"].joined_date) == (None, date(1999, 7, 1))  # unreadable: left empty
    assert (by_name["丁"].birth_date, by_name["丁"].joined_date) == (date(1980, 5, 1), date(1979, 1, 1))  # kept, to review
    assert by_name["戊"].joined_date is None and by_name["己"].birth_date is None


def test_unknown_status_sex_and_missing_values(tmp_path: Path) -> None:
    rows = [["姓名", "性别", "状态"],
            ["张三", "男", "党员"],      # row 2: "党员" alone does not say full or probationary
            ["李四", "未知", "正式"],    # row 3
            ["王五", "女", ""],          # row 4: empty status without a default
            ["", "男", "正式"]]          # row 5: data without a name
    p = preview(write_csv(tmp_path / "s.csv", rows))
    assert errors_of(p) == [(2, "status", "roll_unknown_status"), (4, "status", "roll_missing_status"),
                            (5, "name", "roll_missing_name")]
    assert p.errors[0].message == 'Row 2: unknown membership status "党员" (use 正式党员, 预备党员, 留党察看 or 停止党员权利)'
    assert [(w.row_number, w.column, w.code) for w in p.warnings] == [(3, "sex", "roll_unknown_sex")]
    assert [(m.name, m.sex) for m in p.rows] == [("李四", None)]  # the sex is a warning: imported, left empty
    defaulted = preview(write_csv(tmp_path / "s2.csv", rows[:1] + rows[3:4]), default_status="probationary")
    assert [m.status for m in defaulted.rows] == [S.PROBATIONARY]


def test_empty_rows_are_skipped_and_row_numbers_stay_true(tmp_path: Path) -> None:
    rows = [["序号", "姓名", "状态"], ["1", "张三", "正式"], ["", "", ""], ["", "", ""], ["2", "", ""],
            ["3", "李四", "错"], ["", "  ", ""], ["4", "王五", "预备"]]
    p = preview(write_csv(tmp_path / "e.csv", rows))
    assert errors_of(p) == [(6, "status", "roll_unknown_status")]  # the row with only 序号 (row 5) is empty
    assert p.row_count == 3


def test_quoted_cells_with_commas_and_newlines(tmp_path: Path) -> None:
    (tmp_path / "q.csv").write_text('姓名,职务,状态\r\n张三,"村支书,主任",正式\r\n李四,"第一行\n第二行",正式\r\n', "utf-8")
    assert [m.post for m in import_members(tmp_path / "q.csv")] == ["村支书,主任", "第一行\n第二行"]


def test_all_or_nothing_lists_count_and_first_twenty(tmp_path: Path) -> None:
    rows = [["姓名", "状态"]] + [[f"人{i}", "正式" if i % 2 else "未知"] for i in range(60)]
    error = failure(import_members, write_csv(tmp_path / "many.csv", rows))
    assert error.code == "roll_import_failed" and error.params["count"] == 30
    text = str(error)
    assert "30 problem(s)" in text and "Row 2:" in text and "Row 40:" in text and "Row 42:" not in text
    assert text.endswith("… and 10 more")
    assert messages.message(error.code, **error.params) == text


# --- mapping and values ---------------------------------------------------------------------


def test_guess_mapping_chinese_english_and_decorated_headers() -> None:
    assert guess_mapping(HEADER) == {f: (i + 1) % len(FIELDS) for i, f in enumerate(FIELDS)}  # 序号 first, last field
    assert guess_mapping(["*姓名", "出生年月（年.月）", "入党年月:", "文化程度", "工作单位及职务", "党籍状态"]) == {
        "name": 0, "birth_date": 1, "joined_date": 2, "education": 3, "post": 4, "status": 5}
    english = ["Name", "Sex", "Birth Date", "ethnicity", "joined_date", "Education", "Post", "Status", "Remarks", "No."]
    assert guess_mapping(english) == {f: i for i, f in enumerate(FIELDS)}
    # the better synonym wins over a vaguer one, wherever it stands
    assert guess_mapping(["状态", "姓名", "党员类别"]) == {"status": 2, "name": 1}
    assert guess_mapping(["序号", "联系电话", None, ""]) == {"serial": 0}


def test_mapping_given_by_the_gui(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["人", "类", "生"], ["张三", "正式", "1970.01"]])
    table = read_table(path)
    assert preview_table(table).file_errors
    p = preview_table(table, {"name": 0, "status": 1, "birth_date": 2}, today=TODAY)
    assert list(p.rows) == [MemberRecord("张三", S.FULL, birth_date=date(1970, 1, 1))]
    for bad in ({"nom": 0}, {"name": 5}, {"name": 0, "status": 0}):
        with pytest.raises(ValueError):
            preview_table(table, bad)


@pytest.mark.parametrize("text, status", [
    ("正式党员", S.FULL), ("正式", S.FULL), ("Full", S.FULL), ("预备党员", S.PROBATIONARY), ("预备", S.PROBATIONARY),
    ("probationary", S.PROBATIONARY), ("留党察看", S.LIUDANG_CHAKAN), ("留党察看一年", S.LIUDANG_CHAKAN),
    ("停止党籍", S.SUSPENDED), ("中止", S.SUSPENDED), ("暂停", S.SUSPENDED), ("留置", S.SUSPENDED),
    ("逮捕", S.SUSPENDED), ("suspended", S.SUSPENDED), (" 正式 党员 ", S.FULL), ("ＦＵＬＬ", S.FULL),
    ("正式党员（留党察看）", S.LIUDANG_CHAKAN), ("正式(留置)", S.SUSPENDED),
])
def test_status_words(text: str, status: S) -> None:
    assert parse_status(text) is status


@pytest.mark.parametrize("text", ["党员", "预备党员（已转正）", "正式党员（预备）", "正式党员（）", "正式党员留党察看", "群众"])
def test_unclear_statuses_are_refused(text: str) -> None:
    with pytest.raises(BadValue):
        parse_status(text)


def test_sex_words() -> None:
    assert [parse_sex(t) for t in ("男", "女", "M", "f", "男性", "Female")] == ["男", "女", "男", "女", "男", "女"]


@pytest.mark.parametrize("value, expected", [
    ("1975-03-02", date(1975, 3, 2)), ("1975/3/2", date(1975, 3, 2)), ("1975.03", date(1975, 3, 1)),
    ("1975年3月", date(1975, 3, 1)), ("1975年3月2日", date(1975, 3, 2)), ("19750302", date(1975, 3, 2)),
    ("1975.3", date(1975, 3, 1)), ("1975.3.2", date(1975, 3, 2)), ("197503", date(1975, 3, 1)),
    ("1975-03-02 00:00:00", date(1975, 3, 2)), ("１９７５年３月", date(1975, 3, 1)), (" 1975 年 3 月 ", date(1975, 3, 1)),
    (datetime(1975, 3, 2, 0, 0), date(1975, 3, 2)), (date(1975, 3, 2), date(1975, 3, 2)),
    (19750302, date(1975, 3, 2)), (19750302.0, date(1975, 3, 2)), (1975.03, date(1975, 3, 1)),
    (1975.3, date(1975, 3, 1)), (1975.12, date(1975, 12, 1)),
])
def test_date_forms(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True), st.integers(), st.dates(), st.booleans()))
def test_cell_values_never_crash(value: object) -> None:
    for parse in (parse_date, parse_status, parse_sex):
        try:
            parse(value if parse is parse_date else str(value))
        except BadValue:
            pass


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=8), max_size=4), max_size=6))
def test_any_csv_gives_a_preview_or_a_user_facing_error(tmp_path: Path, grid: list[list[str]]) -> None:
    path = tmp_path / "fuzz.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["姓名", "状态"], *grid])
    try:
        p = preview(path, today=TODAY)
    except UserFacingError:
        return
    if p.ok:
        assert len(p.rows) == p.row_count > 0
    elif p.file_errors:
        assert p.rows == ()  # the file itself is wrong: nothing imports
    else:  # refused rows are named and left out; the rest can import once the operator agrees
        refused = {e.row_number for e in p.errors}
        assert p.errors and refused <= {r.number for r in p.table.rows}
        assert len(p.rows) <= p.row_count - len(refused)
        assert p.importable == bool(p.rows)


# --- a dirty office roll (tests/fixtures/rolls): refused vs warned vs proposed, rows named both ways -----------


@pytest.fixture(params=["gbk.csv", "xlsx", "xls"])
def dirty_roll(request, tmp_path: Path):  # noqa: ANN001, ANN201
    from tests.fixtures.rolls import dirty

    if request.param == "xls":
        pytest.importorskip("xlwt")
    write = {"gbk.csv": dirty.write_gbk_csv, "xlsx": dirty.write_xlsx, "xls": dirty.write_xls}[request.param]
    p = preview(write(tmp_path / f"名册.{request.param}"), today=dirty.TODAY)
    assert p.table.format == request.param.removeprefix("gbk.")
    return p


def test_dirty_roll_title_rows_empty_rows_and_total_row(dirty_roll) -> None:  # noqa: ANN001
    from tests.fixtures.rolls import dirty

    p = dirty_roll
    assert p.table.header_row == 3 and p.mapping["serial"] == 0
    assert (p.row_count, p.empty_rows, p.total_rows) == (15, 2, (21,))
    assert [m.name for m in p.rows] == dirty.IMPORTED and p.importable and not p.ok


def test_dirty_roll_refuses_only_name_and_category_rows_naming_row_and_serial(dirty_roll) -> None:  # noqa: ANN001
    p = dirty_roll
    assert [(e.row_number, e.serial, e.column, e.code) for e in p.errors] == [
        (13, "9", "status", "roll_unknown_status"),
        (15, "11", "name", "roll_duplicate_name"), (16, "12", "name", "roll_duplicate_name"),
    ]
    assert p.errors[0].message.startswith('Row 13 (No. 9): unknown membership status "党员"')
    assert p.errors[1].message.startswith('Row 15 (No. 11): "钱进" also appears in row 16 (No. 12)')
    assert p.errors[2].message.startswith('Row 16 (No. 12): "钱进" also appears in row 15 (No. 11)')
    assert p.refused_rows == (13, 15, 16)
    error = failure(p.members)  # headless import stays all or nothing
    assert error.code == "roll_import_failed" and error.params["count"] == 3


def test_dirty_roll_warnings_import_the_row(dirty_roll) -> None:  # noqa: ANN001
    p = dirty_roll
    assert [(w.row_number, w.serial, w.name, w.column, w.code) for w in p.warnings] == [
        (4, "1", "王建军", "birth_date", "roll_ambiguous_date"),
        (6, "3", "张卫东", "joined_date", "roll_joined_before_birth"),
        (7, "4", "赵丽", "joined_date", "roll_joined_under_18"),
        (11, "7", "孙海", "sex", "roll_unknown_sex"),
        (14, "10", "郑涛", "birth_date", "roll_bad_date"),
        (18, "13", "冯丽娟", None, "roll_repeated_row"),
    ]
    assert p.warnings[0].choices == (date(1963, 1, 1), date(1963, 10, 1))
    assert p.warnings[0].message.startswith('Row 4 (No. 1): 1963.1 in column "出生年月" may be 1963-01 or 1963-10')
    assert p.warnings[-1].message == "Row 18 (No. 13): repeats row 17 (No. 13) exactly: imported once"
    by_name = {m.name: m for m in p.rows}
    assert by_name["王建军"].birth_date is None and by_name["王建军"].joined_date == date(1985, 7, 1)
    assert (by_name["张卫东"].birth_date, by_name["张卫东"].joined_date) == (date(1975, 11, 1), date(1972, 5, 1))
    assert by_name["孙海"].sex is None and by_name["郑涛"].birth_date is None
    assert by_name["冯丽娟"].post == "支部书记" and by_name["何平"].ethnicity == "满族"


def test_dirty_roll_remarks_propose_and_are_kept(dirty_roll) -> None:  # noqa: ANN001
    p = dirty_roll
    assert [(x.row_number, x.serial, x.name, x.status, x.reason) for x in p.proposals] == [
        (5, "2", "李秀兰", None, "frail_bedridden"),
        (9, "5", "刘强", S.LIUDANG_CHAKAN, None),
        (10, "6", "陈明", None, "abroad_self_funded_half_year"),
        (11, "7", "孙海", None, "away_half_year_relationship_not_moved"),
        (20, "14", "何平", S.SUSPENDED, None),
    ]
    assert p.proposals[1].message == ('Row 9 (No. 5): the remark "留党察看一年（2026年3月起）" suggests the status '
                                      '"On probation within the Party (留党察看)": confirm it on the roll page')
    # nothing applied: statuses as the file gives them, remarks kept word for word
    by_name = {m.name: m for m in p.rows}
    assert by_name["刘强"].standing == S.FULL and by_name["何平"].standing == S.FULL
    assert by_name["李秀兰"].remarks == "长期卧床" and by_name["陈明"].remarks == "2024年起自费出国"


def test_dirty_roll_messages_in_chinese(tmp_path: Path) -> None:
    from tests.fixtures.rolls import dirty

    i18n.set_language("zh_CN")
    p = preview(dirty.write_gbk_csv(tmp_path / "zh.csv"), today=dirty.TODAY)
    assert p.errors[0].message == "第 13 行（序号 9）：无法识别的党员类别“党员”（请填正式党员、预备党员、留党察看或停止党员权利）"
    assert p.warnings[0].message.startswith("第 4 行（序号 1）：")
    assert "1963-01" in p.warnings[0].message and "1963-10" in p.warnings[0].message
    assert p.proposals[0].message.startswith("第 5 行（序号 2）：备注“长期卧床”")


@pytest.mark.parametrize("remark, status, expected", [
    ("留党察看", S.FULL, [(S.LIUDANG_CHAKAN, None)]),
    ("留党察看二年", S.LIUDANG_CHAKAN, []),  # the status already says it
    ("已解除留党察看", S.FULL, []),  # ended
    ("停止党籍", S.FULL, [(S.SUSPENDED, None)]), ("停止党员权利", S.FULL, [(S.SUSPENDED, None)]),
    ("长期卧床", S.FULL, [(None, "frail_bedridden")]), ("年老体弱，卧床不起", S.FULL, [(None, "frail_bedridden")]),
    ("出国", S.FULL, [(None, "abroad_self_funded_half_year")]), ("已回国", S.FULL, []),
    ("外出半年以上", S.FULL, [(None, "away_half_year_relationship_not_moved")]),
    ("外出务工", S.FULL, [(None, "away_half_year_relationship_not_moved")]),
    ("出国", S.PROBATIONARY, []),  # not in the expected count anyway: nothing to leave out
    ("外出三天", S.FULL, []), ("预备期内", S.PROBATIONARY, []), ("", S.FULL, []), (None, S.FULL, []),
])
def test_remark_suggestions(remark: str | None, status: S, expected: list) -> None:
    from app.core.rollimport.remarks import suggestions

    assert [(s.status, s.reason) for s in suggestions(remark, status)] == expected


def test_csv_text_1963_1_is_ambiguous_but_xlsx_text_is_january(tmp_path: Path) -> None:
    rows = [["姓名", "出生年月", "党员类别"], ["甲", "1963.1", "正式"], ["乙", "1963.10", "正式"]]
    csv_p = preview(write_csv(tmp_path / "a.csv", rows), today=TODAY)
    assert [(w.row_number, w.code) for w in csv_p.warnings] == [(2, "roll_ambiguous_date")]
    assert [m.birth_date for m in csv_p.rows] == [None, date(1963, 10, 1)]
    xlsx_p = preview(write_xlsx(tmp_path / "a.xlsx", rows), today=TODAY)  # a text cell is what was typed
    assert xlsx_p.warnings == () and [m.birth_date for m in xlsx_p.rows] == [date(1963, 1, 1), date(1963, 10, 1)]


def test_names_that_are_no_names_are_refused(tmp_path: Path) -> None:
    rows = [["姓名", "党员类别"], ["???", "正式"], ["12", "正式"], ["王?", "正式"], ["张三", "正式"], ["李四2", "正式"]]
    p = preview(write_csv(tmp_path / "n.csv", rows), today=TODAY)
    assert [(e.row_number, e.code) for e in p.errors] == [(2, "roll_bad_name"), (3, "roll_bad_name"), (4, "roll_bad_name")]
    assert [m.name for m in p.rows] == ["张三", "李四2"]


def test_total_signature_note_and_repeated_header_rows_are_skipped(tmp_path: Path) -> None:
    rows = [["序号", "姓名", "党员类别"], ["1", "张三", "正式"], ["序号", "姓名", "党员类别"], ["2", "李四", "预备"],
            ["合 计", "2人", ""], ["", "", ""], ["制表人：王五", "", "审核人：赵六"], ["注：留党察看人员另行说明", "", ""]]
    p = preview(write_csv(tmp_path / "t.csv", rows), today=TODAY)
    assert p.ok and (p.row_count, p.total_rows, p.empty_rows) == (2, (3, 5, 7, 8), 1)
    assert [m.name for m in p.rows] == ["张三", "李四"] and p.proposals == ()


def test_review_items_settle_when_the_member_says_so(dirty_roll) -> None:  # noqa: ANN001
    from app.core.rollimport import is_resolved

    p = dirty_roll
    members = {m.name: m for m in p.rows}
    warnings = {w.name: w for w in p.warnings}
    proposals = {x.name: x for x in p.proposals if x.name != "孙海"}
    assert not any(is_resolved(w, members[w.name], False) for w in p.warnings)  # as imported: all open
    assert not any(is_resolved(x, members[x.name], False) for x in p.proposals)
    wang = members["王建军"]
    assert is_resolved(warnings["王建军"], replace(wang, birth_date=date(1963, 10, 1)), False)
    zhang = members["张卫东"]
    assert not is_resolved(warnings["张卫东"], replace(zhang, joined_date=date(1990, 1, 1)), False)  # now under 18
    assert is_resolved(warnings["张卫东"], replace(zhang, joined_date=date(1996, 7, 1)), False)
    assert is_resolved(warnings["孙海"], replace(members["孙海"], sex="男"), False)
    assert not is_resolved(warnings["冯丽娟"], members["冯丽娟"], True)  # a repeat: only marked as reviewed
    liu = members["刘强"]
    assert is_resolved(proposals["刘强"], replace(liu, status=S.LIUDANG_CHAKAN), False)
    assert is_resolved(proposals["李秀兰"], members["李秀兰"], True)
    assert is_resolved(proposals["李秀兰"], None, False)  # no such member any more


def test_edited_record_parses_like_the_import_and_refuses_bad_values() -> None:
    from app.core.rollimport import edited_record, record_warnings

    old = MemberRecord("王建军", S.FULL, "男", None, "汉族", date(1985, 7, 1))
    new = edited_record(old, {"birth_date": "1963.10", "sex": "女", "post": " 组织委员 ", "ethnicity": ""}, TODAY)
    assert new == MemberRecord("王建军", S.FULL, "女", date(1963, 10, 1), None, date(1985, 7, 1), post="组织委员")
    assert edited_record(old, {"birth_date": "1963.1"}, TODAY).birth_date == date(1963, 1, 1)  # typed text: January
    for texts, code in (({"birth_date": "1963-02-30"}, "roll_edit_bad_date"), ({"joined_date": "2030.01"}, "roll_edit_date_range"),
                        ({"sex": "x"}, "roll_edit_bad_sex"), ({"name": "???"}, "roll_edit_bad_name")):
        assert failure(edited_record, old, texts, TODAY).code == code
    assert record_warnings(replace(old, birth_date=date(1970, 1, 1))) == [
        "the date of joining the Party (1985-07-01) is before the 18th birthday (born 1970-01-01)"]
    assert record_warnings(replace(old, birth_date=date(1963, 10, 1))) == []


def test_roll_summary_counts_by_the_rules() -> None:
    from app.core.workflow import Election

    e = Election.in_memory()
    try:
        e.add_members([MemberRecord("甲"), MemberRecord("乙"), MemberRecord("丙"), MemberRecord("丁", S.PROBATIONARY),
                       MemberRecord("戊", S.LIUDANG_CHAKAN), MemberRecord("己", S.SUSPENDED)])
        s = e.roll_summary()
        # 正式 counts the restricted full members too; only the unrestricted vote (R2.1) and are expected (R2.3)
        assert (s.full, s.probationary, s.voting, s.expected) == (5, 1, 3, 3)
        e.add_exclusion(e.member_id("甲"), "frail_bedridden", "长期卧床")  # a request without approvals: E unchanged
        assert e.roll_summary().expected == 3
    finally:
        e.close()
