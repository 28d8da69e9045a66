"""Roll import of 10,000 rows (CSV and .xlsx) as a ratio to reading the same file bare (csv / openpyxl)."""
from __future__ import annotations

import csv
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import openpyxl  # noqa: E402
from bench.common import header, median_seconds, row  # noqa: E402

from app.core.rollimport import import_members  # noqa: E402

TODAY = date(2026, 11, 29)
HEADER = ["序号", "姓名", "性别", "出生年月", "民族", "入党时间", "学历", "职务", "党员类别", "备注"]


def rows(n: int) -> list[list[str]]:
    """The same 10,000 rows tests/core/test_rollimport.py imports (there without a clock)."""
    return [[str(i), f"党员{i:05d}", "男女"[i % 2], f"{1950 + i % 50}.{1 + i % 12:02d}", "汉族",
             f"{2000 + i % 20}-{1 + i % 12}-{1 + i % 28}", "本科", "", ["正式党员", "预备党员"][i % 7 == 0], ""]
            for i in range(n)]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data = [HEADER, *rows(10_000)]
        path = Path(tmp) / "big.csv"
        path.write_bytes("".join(",".join(r) + "\r\n" for r in data).encode("utf-8-sig"))
        base = median_seconds(lambda: list(csv.reader(path.open(encoding="utf-8-sig"))), 5)
        row("roll import, 10,000 CSV rows vs csv.reader", median_seconds(lambda: import_members(path, today=TODAY), 5),
            base, target="≤ 2 s")
        book = openpyxl.Workbook()
        for r in data:
            book.active.append(r)
        xlsx = Path(tmp) / "big.xlsx"
        book.save(xlsx)
        bare = median_seconds(lambda: list(openpyxl.load_workbook(xlsx, read_only=True).active.values), 3)
        row("roll import, 10,000 .xlsx rows vs openpyxl read-only", median_seconds(
            lambda: import_members(xlsx, today=TODAY), 3), bare, target="≤ 4 s")
    return 0


if __name__ == "__main__":
    header()
    sys.exit(main())
