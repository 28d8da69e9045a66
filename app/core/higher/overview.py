"""The overview of every subordinate organization, and its CSV and XLSX exports."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import astuple, dataclass, fields

from app.core.higher.workspace import Workspace
from app.core.i18n import N_, _

HEADERS = {
    "organization": N_("Organization"), "certificate": N_("Certificate"), "status": N_("Election status"),
    "date": N_("Date"), "title": N_("Election"), "expected": N_("Expected"), "present": N_("Present"),
    "elected": N_("Elected"), "verdict": N_("Verification"), "flags": N_("Flags"), "received": N_("Received"),
    "versions": N_("Packages on file"),
}


@dataclass(frozen=True)
class OverviewRow:
    """One subordinate organization as the higher level sees it (the package on record)."""

    organization: str
    certificate: str  # "issued", "requested" or "none"
    status: str  # the election status claimed in the package, or "no package"
    date: str
    title: str
    expected: int | None
    present: int | None
    elected: str  # from the recount, joined with "、"
    verdict: str  # "accepted", "rejected", "returned" (accepted, then sent back with a 退回) or ""
    flags: str  # failing reason codes, rule ids and import flags, joined with "; "
    received: str
    versions: int


_RECORD = ("SELECT p.id, p.ok, p.reasons, p.rules, p.flags, p.summary, p.elected, p.received, p.signer "
           "FROM packages p WHERE p.superseded_by IS NULL AND p.branch_id {} ORDER BY p.id")


@dataclass(frozen=True)
class Version:
    """One package imported for a branch, with its verdict, the reply written to it, and whether it stands."""

    package_id: int
    signed_at: str
    received: str
    verdict: str  # "accepted" or "rejected" (by verification)
    reply: str  # "approved", "returned" or "" (no reply written)
    reply_number: str
    standing: bool  # the package on record: the newest verified one (a rejected package never stands)
    reasons: tuple[str, ...]  # failing reason codes of the verification


def reply_of(ws: Workspace, package_id: int) -> tuple[str, str]:
    """(verdict, number) of the latest reply written to a package: ("approved"|"returned", 文号), or ("", "")."""
    from app.core.higher.reply import reply_info

    row = ws.db.execute("SELECT number, pdf FROM replies WHERE package_id = ? ORDER BY id DESC LIMIT 1",
                        [package_id]).fetchone()
    info = reply_info(bytes(row[1])) if row else None
    return (info.verdict, str(row[0])) if info and row else ("", "")


def package_on_record(ws: Workspace, organization: str) -> tuple[int, str] | None:
    """(id, received) of the package on record (not superseded) for a registered organization, or None."""
    row = ws.db.execute("SELECT p.id, p.received FROM packages p JOIN branches b ON b.id = p.branch_id "
                        "WHERE b.name = ? AND p.superseded_by IS NULL", [organization]).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def versions(ws: Workspace, organization: str) -> list[Version]:
    """Every package imported for a registered branch, in the order received (UserFacingError for an unknown branch).

    Received, not signed: a rejected package's signing time is not trusted.
    """
    branch = ws.branch_named(organization)
    rows = ws.db.execute("SELECT id, signed_at, received, ok, superseded_by, reasons FROM packages WHERE branch_id = ? "
                         "ORDER BY id", [branch.id]).fetchall()
    return [Version(r[0], r[1], r[2], "accepted" if r[3] else "rejected", *reply_of(ws, r[0]), bool(r[3]) and r[4] is None,
                    tuple(json.loads(r[5]))) for r in rows]


def _row(name: str, cert: str, rec: tuple | None, versions: int, extra_flags: list[str], returned: bool = False) -> OverviewRow:
    if rec is None:
        return OverviewRow(name, cert, "no package", "", "", None, None, "", "", "", "", 0)
    _id, ok, reasons, rules, flags, summary, elected, received, _signer = rec
    s = json.loads(summary)
    marks = list(dict.fromkeys(json.loads(rules) + json.loads(reasons) + json.loads(flags) + extra_flags))
    as_int = lambda v: v if isinstance(v, int) and not isinstance(v, bool) else None  # noqa: E731
    return OverviewRow(name, cert, str(s.get("status", "")), str(s.get("date", "")), str(s.get("title", "")),
                       as_int(s.get("expected")), as_int(s.get("present")), "、".join(json.loads(elected)),
                       "returned" if returned else "accepted" if ok else "rejected", "; ".join(marks), received, versions)


def overview(ws: Workspace) -> list[OverviewRow]:
    """Every registered branch (with or without a package), then packages from unregistered senders."""
    rows = []
    for b in ws.branches():
        rec = ws.db.execute(_RECORD.format("= ?"), [b.id]).fetchone()
        versions = ws.db.execute("SELECT count(*) FROM packages WHERE branch_id = ?", [b.id]).fetchone()[0]
        # Received after the verified package that stands (a rejected package's signing time proves nothing).
        newer_rejected = ws.db.execute(
            "SELECT count(*) FROM packages p WHERE p.branch_id = ? AND p.ok = 0 AND p.id > (SELECT q.id FROM packages q "
            "WHERE q.branch_id = p.branch_id AND q.ok = 1 AND q.superseded_by IS NULL)", [b.id]).fetchone()[0]
        cert = "issued" if b.cert_pem else "none"
        returned = rec is not None and reply_of(ws, rec[0])[0] == "returned"
        rows.append(_row(b.name, cert, rec, versions, ["newer_package_rejected"] if newer_rejected else [], returned))
    for rec in ws.db.execute(_RECORD.format("IS NULL")).fetchall():
        rows.append(_row(rec[8] or "?", "none", rec, 1, []))
    return rows


def _header() -> list[str]:
    return [_(HEADERS[f.name]) for f in fields(OverviewRow)]


def _cells(row: OverviewRow) -> list:
    return ["" if v is None else v for v in astuple(row)]


# A cell starting with one of these is a formula to Excel and WPS ("=HYPERLINK(…)", "+cmd|' /C calc'!A0").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: object) -> object:
    """A CSV cell that a spreadsheet shows as the text it is: a leading apostrophe before a formula start."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def to_csv(rows: list[OverviewRow]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel and WPS open the Chinese text correctly; no cell is a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([as_text(h) for h in _header()])
    writer.writerows([as_text(c) for c in _cells(r)] for r in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: list[OverviewRow]) -> bytes:
    """An XLSX workbook with one sheet: bold header, frozen first row, sensible column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "overview"
    ws.append(_header())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(_cells(r))
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl stores "=…" as a live formula otherwise: every string stays text
    ws.freeze_panes = "A2"
    for col in ws.columns:
        width = max(len(str(c.value or "")) for c in col)
        ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width * 2))  # CJK is double width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
