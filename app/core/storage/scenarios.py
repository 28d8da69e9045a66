"""What kind of election and how it is held (issue 14): the scenario row, per-post method, sitting committee."""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

DEFAULTS: dict[str, Any] = {
    "election_kind": "general", "direct_secretary": 0, "direct_secretary_doc": None, "term_shift_doc": None,
    "term_shift_date": None, "revote_rule": "threshold", "preliminary_base": "present", "single_candidate_doc": None,
}


def scenario(db: Database) -> dict[str, Any]:
    """The scenario row, or its defaults (a general election, the plenary elects the secretary, R13.8 first rule)."""
    cur = db.execute("SELECT * FROM scenario WHERE id = 1")
    row = cur.fetchone()
    if row is None:
        return dict(DEFAULTS)
    return {k: v for k, v in zip([d[0] for d in cur.description], row) if k != "id"}


def set_scenario(db: Database, fields: dict[str, Any]) -> None:
    """Create or update the scenario row with ``fields`` (column -> value)."""
    db.execute("INSERT INTO scenario (id) VALUES (1) ON CONFLICT(id) DO NOTHING")
    if fields:
        sets = ", ".join(f"{k} = ?" for k in fields)
        db.execute(f"UPDATE scenario SET {sets} WHERE id = 1", list(fields.values()))


def post_method(db: Database, post_id: int) -> dict[str, Any]:
    """A post's preliminary advance (None: no preliminary) and the approval of its printed order (None: none)."""
    row = db.execute("SELECT advance, order_doc FROM post_methods WHERE id = ?", [post_id]).fetchone()
    return {"advance": row[0], "order_doc": row[1]} if row else {"advance": None, "order_doc": None}


def set_post_method(db: Database, post_id: int, fields: dict[str, Any]) -> None:
    """Create or update a post's method row."""
    db.execute("INSERT INTO post_methods (id) VALUES (?) ON CONFLICT(id) DO NOTHING", [post_id])
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.execute(f"UPDATE post_methods SET {sets} WHERE id = ?", [*fields.values(), post_id])


def delete_post_method(db: Database, post_id: int) -> None:
    """Remove a post's method row (the post is being deleted)."""
    db.execute("DELETE FROM post_methods WHERE id = ?", [post_id])


def sitting(db: Database) -> list[tuple[int, str]]:
    """The sitting committee on record: (member id, office), in roll order."""
    return [tuple(r) for r in db.execute("SELECT member_id, office FROM sitting_committee ORDER BY member_id")]


def set_sitting(db: Database, rows: list[tuple[int, str]]) -> None:
    """Replace the sitting committee on record."""
    db.execute("DELETE FROM sitting_committee")
    for member_id, office in rows:
        db.execute("INSERT INTO sitting_committee (member_id, office) VALUES (?, ?)", [member_id, office])
