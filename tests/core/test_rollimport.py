"""Roster import: every encoding and format, broken files, row errors, all or nothing, speed."""
from __future__ import annotations

import csv
import time
import zipfile
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


def test_xlsx_number_1975_1_is_ambiguous(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "roll.xlsx", [["姓名", "出生年月", "状态"], ["甲", 1975.1, "正式"], ["乙", 1975.12, "正式"]])
    p = preview(path, today=TODAY)
    assert errors_of(p) == [(2, "birth_date", "roll_ambiguous_date")]
    assert "January or October" in p.errors[0].message


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
    assert [(m.name, m.status, m.birth_date, m.joined_date) for m in p.rows] == [
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
    assert len(members) == 11 and {m.status for m in members} == set(S)
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


def test_ten_thousand_rows_import_exactly_and_fast(tmp_path: Path) -> None:
    rows = [[str(i), f"党员{i:05d}", "男女"[i % 2], f"{1950 + i % 50}.{1 + i % 12:02d}", "汉族",
             f"{2000 + i % 20}-{1 + i % 12}-{1 + i % 28}", "本科", "", ["正式党员", "预备党员"][i % 7 == 0], ""]
            for i in range(10_000)]
    path = write_csv(tmp_path / "big.csv", [HEADER, *rows], "utf-8-sig")
    started = time.perf_counter()
    members = import_members(path, today=TODAY)
    elapsed = time.perf_counter() - started
    assert len(members) == 10_000
    assert members[0] == MemberRecord("党员00000", S.PROBATIONARY, "男", date(1950, 1, 1), "汉族", date(2000, 1, 1), "本科")
    assert members[-1] == MemberRecord("党员09999", S.FULL, "女", date(1999, 4, 1), "汉族", date(2019, 4, 4), "本科")
    assert elapsed < 2.0, f"10,000 rows took {elapsed:.2f} s"


def test_ten_thousand_rows_xlsx(tmp_path: Path) -> None:
    rows = [[f"党员{i:05d}", "女", date(1960 + i % 40, 1 + i % 12, 1), "正式党员"] for i in range(10_000)]
    path = write_xlsx(tmp_path / "big.xlsx", [["姓名", "性别", "出生日期", "党员类别"], *rows])
    started = time.perf_counter()
    assert len(import_members(path, today=TODAY)) == 10_000
    assert time.perf_counter() - started < 4.0  # loose: openpyxl parses XML; measured well under 2 s


def test_duplicate_names_in_file_and_on_the_roll(tmp_path: Path) -> None:
    rows = [["姓名", "状态"], ["张三", "正式"], ["李四", "正式"], ["张 三", "正式"], ["王五", "预备"], ["张三", "正式"]]
    path = write_csv(tmp_path / "dup.csv", rows)
    p = preview(path, existing_names=["王五"], today=TODAY)
    assert errors_of(p) == [(4, "name", "roll_duplicate_name"), (5, "name", "roll_name_exists"),
                            (6, "name", "roll_duplicate_name")]
    assert p.errors[0].message == 'Row 4: "张三" already appears in row 2'
    assert p.rows == () and not p.ok


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


def test_bad_and_impossible_dates(tmp_path: Path) -> None:
    rows = [["姓名", "出生日期", "入党时间", "党员类别"],
            ["甲", "1975-02-30", "1999.07", "正式"],    # row 2: no such day
            ["乙", "3/2/1975", "1999.07", "正式"],      # row 3: day-first forms are ambiguous
            ["丙", "1975", "1999.07", "正式"],          # row 4: year only
            ["丁", "1980.05", "1979.01", "正式"],       # row 5: joined before birth
            ["戊", "1980.05", "2027.01", "预备"],       # row 6: after today
            ["己", "1899-12-30", "1999.07", "正式"],    # row 7: Excel's zero day
            ["庚", "1980.05", "1980.05", "正式"]]       # row 8: same month: fine at month precision
    p = preview(write_csv(tmp_path / "d.csv", rows), today=TODAY)
    assert errors_of(p) == [
        (2, "birth_date", "roll_bad_date"), (3, "birth_date", "roll_bad_date"), (4, "birth_date", "roll_bad_date"),
        (5, "joined_date", "roll_joined_before_birth"), (6, "joined_date", "roll_future_date"),
        (7, "birth_date", "roll_implausible_date"),
    ]
    assert p.errors[0].message == 'Row 2: "1975-02-30" in column "出生日期" is not a date (write e.g. 1975-03-02 or 1975年3月)'
    assert p.errors[3].message == "Row 5: the date of joining the Party (1979-01-01) is before the birth date (1980-05-01)"
    assert p.row_count == 7


def test_unknown_status_sex_and_missing_values(tmp_path: Path) -> None:
    rows = [["姓名", "性别", "状态"],
            ["张三", "男", "党员"],      # row 2: "党员" alone does not say full or probationary
            ["李四", "未知", "正式"],    # row 3
            ["王五", "女", ""],          # row 4: empty status without a default
            ["", "男", "正式"]]          # row 5: data without a name
    p = preview(write_csv(tmp_path / "s.csv", rows))
    assert errors_of(p) == [(2, "status", "roll_unknown_status"), (3, "sex", "roll_unknown_sex"),
                            (4, "status", "roll_missing_status"), (5, "name", "roll_missing_name")]
    assert p.errors[0].message == 'Row 2: unknown status "党员"'
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
    assert guess_mapping(HEADER) == {f: i for i, f in enumerate(FIELDS, start=1)}
    assert guess_mapping(["*姓名", "出生年月（年.月）", "入党年月:", "文化程度", "工作单位及职务", "党籍状态"]) == {
        "name": 0, "birth_date": 1, "joined_date": 2, "education": 3, "post": 4, "status": 5}
    english = ["Name", "Sex", "Birth Date", "ethnicity", "joined_date", "Education", "Post", "Status", "Remarks"]
    assert guess_mapping(english) == {f: i for i, f in enumerate(FIELDS)}
    # the better synonym wins over a vaguer one, wherever it stands
    assert guess_mapping(["状态", "姓名", "党员类别"]) == {"status": 2, "name": 1}
    assert guess_mapping(["序号", "联系电话", None, ""]) == {}


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
])
def test_status_words(text: str, status: S) -> None:
    assert parse_status(text) is status


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
    else:
        assert p.rows == () and (p.errors or p.file_errors)
        assert {e.row_number for e in p.errors} <= {r.number for r in p.table.rows}
