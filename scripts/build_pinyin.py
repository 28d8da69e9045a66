"""Rebuild resources/pinyin/ (pinyin initials per character) from pypinyin's single-character dictionary."""
from __future__ import annotations

import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

PACKAGE = "pypinyin"
OUT_DIR = Path(__file__).resolve().parents[1] / "resources" / "pinyin"


def first_letter(reading: str) -> str:
    """The reading's initial as pypinyin's Style.FIRST_LETTER gives it, lowercased (zhāng → z, ǎi → a)."""
    from pypinyin import Style
    from pypinyin.style import convert

    return convert(reading, Style.FIRST_LETTER, strict=True, default=reading)[0].lower()


def build_table() -> dict[str, str]:
    """Character -> its initials, sorted, one letter each (单 → "cds"): every reading counts, heteronyms included."""
    from pypinyin.constants import RE_HANS
    from pypinyin.pinyin_dict import pinyin_dict

    table = {}
    for codepoint, readings in pinyin_dict.items():
        char = chr(codepoint)
        # pypinyin reads only what RE_HANS calls Han; anything else it passes through as text.
        if RE_HANS.match(char):
            table[char] = "".join(sorted({first_letter(r) for r in readings.split(",")}))
    return table


def render(table: dict[str, str], version: str) -> str:
    """The table file: a header line, then `initials<TAB>characters` per set of initials, all sorted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for char, letters in table.items():
        groups[letters].append(char)
    lines = [f"# {PACKAGE} {version} (MIT) pinyin_dict: initials<TAB>characters; see README.md"]
    lines += [f"{letters}\t{''.join(sorted(chars))}" for letters, chars in sorted(groups.items())]
    return "\n".join(lines) + "\n"


def licence() -> str:
    """pypinyin's licence text, from its installed metadata."""
    for file in metadata.distribution(PACKAGE).files or ():
        if file.name.upper().startswith("LICENSE"):
            return file.read_text("utf-8")
    sys.exit(f"no licence file in the installed {PACKAGE} metadata")


def outputs(table: dict[str, str]) -> dict[str, str]:
    """File name -> text of everything this script writes into resources/pinyin/."""
    return {"initials.txt": render(table, metadata.version(PACKAGE)), f"LICENSE-{PACKAGE}.txt": licence()}


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    table = build_table()
    for name, text in outputs(table).items():
        (OUT_DIR / name).write_bytes(text.encode("utf-8"))  # bytes: no newline translation on Windows
    print(f"{PACKAGE} {metadata.version(PACKAGE)}: {len(table)} characters, "
          f"{len(set(table.values()))} sets of initials written to {OUT_DIR / 'initials.txt'}")


if __name__ == "__main__":
    main()
