"""Issued papers: each official paper's number (发文字号), date (成文日期) and contact line, as the operator entered them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

KINDS = ("election_request", "candidate_request", "result_report", "officer_request")


@dataclass(frozen=True)
class PaperRecord:
    """One issued paper as stored."""

    kind: str
    doc_no: str
    dated: str  # ISO date
    contact: str = ""
    phone: str = ""


def set_paper(db: Database, rec: PaperRecord) -> None:
    """Store (or correct) the issue of one paper."""
    db.execute(
        "INSERT INTO papers (kind, doc_no, dated, contact, phone) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(kind) DO UPDATE SET doc_no=excluded.doc_no, dated=excluded.dated, "
        "contact=excluded.contact, phone=excluded.phone",
        [rec.kind, rec.doc_no, rec.dated, rec.contact or None, rec.phone or None],
    )


def papers(db: Database) -> dict[str, PaperRecord]:
    """Every issued paper by kind."""
    rows = db.execute("SELECT kind, doc_no, dated, contact, phone FROM papers ORDER BY id").fetchall()
    return {r[0]: PaperRecord(r[0], r[1], r[2], r[3] or "", r[4] or "") for r in rows}


def set_duties(db: Database, duties: list[tuple[int, str]]) -> None:
    """Replace the division of duties with (member id, duty) pairs."""
    db.execute("DELETE FROM duties")
    for member_id, duty in duties:
        db.execute("INSERT INTO duties (member_id, duty) VALUES (?, ?)", [member_id, duty])


def duties(db: Database) -> dict[int, str]:
    """Member id -> duty."""
    return {r[0]: r[1] for r in db.execute("SELECT member_id, duty FROM duties ORDER BY id").fetchall()}


def set_reply_title(db: Database, reply_id: int, title: str) -> None:
    """The title of a higher-level reply, as printed on it (papers cite 《title》（number））."""
    db.execute("UPDATE replies SET title = ? WHERE id = ?", [title or None, reply_id])
