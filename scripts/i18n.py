"""Keep resources/translations/zh_CN.po in step with the code: extract, update, check, merge translations."""
from __future__ import annotations

import argparse
import json
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
PO = REPO / "resources" / "translations" / "zh_CN.po"
KEYWORDS = {"_": None, "N_": None}
METHODS = [("**.py", "python")]


def extract() -> Catalog:
    """Every msgid in app/ marked with _() or N_(), with its source locations."""
    template = Catalog(project="votedesk", charset="utf-8")
    app_dir = REPO / "app"
    for filename, lineno, msg, comments, context in extract_from_dir(
        str(app_dir), METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        template.add(msg, None, [(f"app/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def load() -> Catalog:
    """The current zh_CN catalogue (an empty one if there is none yet)."""
    if not PO.exists():
        return Catalog(locale="zh_CN", project="votedesk", charset="utf-8")
    with PO.open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def save(catalog: Catalog) -> None:
    PO.parent.mkdir(parents=True, exist_ok=True)
    catalog.project, catalog.version = "votedesk", ""
    catalog.msgid_bugs_address = catalog.last_translator = ""
    catalog.language_team = "zh_CN"
    catalog.fuzzy = False
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=0, sort_output=False, omit_header=False, ignore_obsolete=True)


def update() -> Catalog:
    """Merge the extracted msgids into zh_CN.po, keeping every existing translation."""
    catalog = load()
    catalog.update(extract(), no_fuzzy_matching=True, update_header_comment=False)
    save(catalog)
    return catalog


def fields(text: str) -> set[str]:
    """The {fields} of a format string."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<malformed>"}


def problems(catalog: Catalog, msgids: set[str]) -> list[str]:
    """Untranslated msgids and translations whose {fields} differ from the msgid's."""
    found = []
    translated = {m.id: m.string for m in catalog if m.id and not m.fuzzy}
    for msgid in sorted(msgids):
        text = translated.get(msgid)
        if not text:
            found.append(f"untranslated: {msgid!r}")
        elif fields(text) != fields(msgid):
            found.append(f"fields differ: {msgid!r} -> {text!r}")
    return found


def merge(path: Path) -> int:
    """Set translations from a JSON object {msgid: translation}; returns how many were set."""
    catalog = load()
    done = 0
    for msgid, text in json.loads(path.read_text(encoding="utf-8")).items():
        if msgid in catalog and text:
            catalog[msgid].string = text
            catalog[msgid].flags.discard("fuzzy")
            done += 1
    save(catalog)
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report untranslated or mismatched messages")
    parser.add_argument("--untranslated", type=Path, help="write the untranslated msgids to this JSON file")
    parser.add_argument("--merge", type=Path, help="JSON {msgid: translation} to merge in")
    args = parser.parse_args()
    if args.merge:
        print(f"merged {merge(args.merge)} translations")
    catalog = load() if args.check else update()
    msgids = {m.id for m in extract() if m.id}
    found = problems(catalog, msgids)
    if args.untranslated:
        todo = {m.split(": ", 1)[1]: "" for m in found}
        args.untranslated.write_text(json.dumps(sorted(todo), ensure_ascii=False, indent=1), encoding="utf-8")
    print("\n".join(found) or f"all {len(msgids)} messages translated")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
