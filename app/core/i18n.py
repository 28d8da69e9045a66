"""One gettext catalogue for GUI, rule messages and PDFs, loaded from resources/translations/*.po."""
from __future__ import annotations

import marshal
import os
import zlib
from functools import lru_cache

from app.core.paths import resource

_language = "zh_CN"


def default_language() -> str:
    """The system's language if we have a catalogue for it, else Chinese."""
    for var in ("VOTEDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value.startswith("en"):
            return "en"
        if value.startswith("zh"):
            return "zh_CN"
    import locale  # only when no environment variable decides

    loc = (locale.getlocale()[0] or "") if hasattr(locale, "getlocale") else ""
    return "en" if loc.startswith("en") else "zh_CN"


def set_language(lang: str) -> None:
    """Switch the catalogue used by `_` (the GUI restarts to apply it everywhere)."""
    global _language
    _language = lang


def language() -> str:
    """The current language code ("zh_CN" or "en")."""
    return _language


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    """The text of one quoted .po string line, C escapes resolved."""
    body = line.strip()[1:-1]
    if "\\" not in body:
        return body
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of every translated, non-fuzzy entry of a .po file (no plurals or contexts used).

    A small reader instead of Babel's: Babel's parser costs ~50 ms at every start-up, and
    Babel stays the tool for extracting and updating the catalogue (scripts/i18n.py).
    """
    found: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    current: list[str] | None = None
    fuzzy = False
    for line in text.splitlines() + [""]:
        if line.startswith('"') and current is not None:
            current.append(_unquote(line))
        elif line.startswith("msgid "):
            msgid, msgstr, current = [_unquote(line[6:])], [], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            current = msgstr
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif not line.strip():
            key, value = "".join(msgid), "".join(msgstr)
            if key and value and not fuzzy:
                found[key] = value
            msgid, msgstr, current, fuzzy = [], [], None, False
        else:
            current = None  # comments, msgctxt and plural forms are not used by votedesk
    return found


def _compiled(raw: bytes, name: str) -> dict[str, str]:
    """The parsed catalogue, kept compiled (marshal) in the user data folder under its content's CRC.

    Loading the compiled dict takes a tenth of parsing the .po; a changed .po gets a new key.
    """
    from app.core.paths import user_data_dir

    try:
        cache = user_data_dir() / "cache" / f"{name}-{zlib.crc32(raw):08x}-{len(raw)}.marshal"
    except OSError:
        return parse_po(raw.decode("utf-8"))  # no user data folder: parse every time
    try:
        found = marshal.loads(cache.read_bytes())
        if isinstance(found, dict):
            return found
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no cache yet, or unreadable: parse and try to write it
    found = parse_po(raw.decode("utf-8"))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(found))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only profile only costs the parse
    return found


@lru_cache(maxsize=4)
def _catalogue(lang: str) -> dict[str, str]:
    # Read on first use, so a headless command that prints nothing translated never parses it.
    path = resource("translations", f"{lang}.po")
    if lang == "en" or not path.exists():
        return {}
    return _compiled(path.read_bytes(), lang)


def _(message: str) -> str:
    """Translate one message into the current language (English msgid if untranslated)."""
    return _catalogue(_language).get(message, message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message
