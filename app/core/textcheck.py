"""The one check for names typed or imported: no control characters, no direction overrides, not only invisible."""
from __future__ import annotations

import unicodedata
from typing import Iterable

from app.core import messages
from app.core.errors import UserFacingError
from app.core.i18n import N_, _

# U+202A-U+202E (embeddings, overrides) and U+2066-U+2069 (isolates) reorder what is shown: "李明\u202e" can
# display as another name in the tally, on the ballot and in the package.
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
PROBLEMS = {
    "control": N_("a control character (line break, tab or similar)"),
    "bidi": N_("a character that reverses the direction of the text"),
    "invisible": N_("only invisible characters"),
}
messages.register({"name_not_allowed": N_('The name "{name}" cannot be used: it contains {what}. Type it again.')})


def name_problem(text: str, *, write_in: bool = False) -> str | None:
    """"control", "bidi" or "invisible" (a key of PROBLEMS), or None for an acceptable name.

    A write-in is what a voter wrote: only control and direction characters are refused there.
    """
    if any(unicodedata.category(c) == "Cc" for c in text):
        return "control"
    if any(c in _BIDI for c in text):
        return "bidi"
    visible = [c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn", "Me", "Zs")]
    if text and not visible and not write_in:
        return "invisible"  # zero-width spaces and joiners only: a name nobody can see or read out
    return None


def shown(text: str) -> str:
    """The name with its invisible characters spelled out (\\u202e), so the message shows what was refused."""
    return "".join(c if c.isprintable() and c not in _BIDI else f"\\u{ord(c):04x}" for c in text)


def check_name(text: str, *, write_in: bool = False) -> str:
    """``text`` if acceptable as a name; else UserFacingError("name_not_allowed") saying what is wrong."""
    problem = name_problem(text, write_in=write_in)
    if problem is not None:
        raise UserFacingError("name_not_allowed", f"name {shown(text)!r} contains {PROBLEMS[problem]}",
                              name=shown(text), what=_(PROBLEMS[problem]))
    return text


def check_names(texts: Iterable[str]) -> None:
    """check_name for each of ``texts`` (e.g. every member added at once)."""
    for text in texts:
        check_name(text)
