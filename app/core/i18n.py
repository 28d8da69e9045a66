"""One gettext catalogue for GUI, rule messages and PDFs, loaded from resources/translations/*.po."""
from __future__ import annotations

import locale
import os
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
    loc = (locale.getlocale()[0] or "") if hasattr(locale, "getlocale") else ""
    return "en" if loc.startswith("en") else "zh_CN"


def set_language(lang: str) -> None:
    """Switch the catalogue used by `_` (the GUI restarts to apply it everywhere)."""
    global _language
    _language = lang


def language() -> str:
    """The current language code ("zh_CN" or "en")."""
    return _language


@lru_cache(maxsize=4)
def _catalogue(lang: str) -> dict[str, str]:
    # The .po is parsed directly (Babel) so no compile step is needed in dev or in the bundle.
    path = resource("translations", f"{lang}.po")
    if lang == "en" or not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


def _(message: str) -> str:
    """Translate one message into the current language (English msgid if untranslated)."""
    return _catalogue(_language).get(message, message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message
