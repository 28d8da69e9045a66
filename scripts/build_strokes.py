"""Rebuild resources/strokes/ (per-character stroke-class sequences) from the npm package cnchar-order."""
from __future__ import annotations

import argparse
import bz2
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "cnchar-order"
DEFAULT_VERSION = "3.2.6"
OUT_DIR = Path(__file__).resolve().parents[1] / "resources" / "strokes"

# R6.2 / GF 3003-1999: five classes 横1 竖2 撇3 点4 折5. Straight strokes (cnchar's "平笔")
# are mapped by name; 提 counts as 横 and 捺 as 点. Among the bent strokes ("折笔") only
# 竖钩 counts as 竖; every other stroke with a turn or hook is 折.
STRAIGHT = {"横": "1", "提": "1", "竖": "2", "撇": "3", "点": "4", "点2": "4", "捺": "4"}
BENT_EXCEPTIONS = {"竖钩": "2"}

# Upstream errors found by checking every count against Unihan kTotalStrokes (char: (upstream, fixed)).
# 皙 = 析 + 白, but upstream drops the first stroke (撇) of 白; Unihan gives 13 strokes.
FIXES = {"皙": ("123433122511", "1234331232511")}


def fetch(version: str, workdir: Path, tarball: Path | None) -> Path:
    """Unpack the package (downloaded with `npm pack` unless a tarball is given); return its folder."""
    if tarball is None:
        out = subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
            cwd=workdir, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        tarball = workdir / out
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def read_data(pkg: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """The two JSON tables embedded in the minified bundle: char -> stroke letters, letter -> stroke info."""
    src = (pkg / json.loads((pkg / "package.json").read_text("utf-8"))["main"]).read_text("utf-8")
    literals = re.findall(r"JSON\.parse\('(.*?)'\)", src)
    if len(literals) != 2 or any("\\" in lit for lit in literals):
        sys.exit(f"unexpected bundle layout in {pkg}: found {len(literals)} JSON literals")
    tables = [json.loads(lit) for lit in literals]
    info = next(t for t in tables if all(isinstance(v, dict) for v in t.values()))
    orders = next(t for t in tables if t is not info)
    return orders, info


def letter_classes(info: dict[str, dict]) -> dict[str, str]:
    """Stroke letter -> class digit, by the stroke's name and type so a renamed letter cannot slip through."""
    classes = {}
    for letter, stroke in info.items():
        name, kind = stroke["name"], stroke["type"]
        if name in BENT_EXCEPTIONS:
            classes[letter] = BENT_EXCEPTIONS[name]
        elif kind == "折笔":
            classes[letter] = "5"
        elif kind == "平笔" and name in STRAIGHT:
            classes[letter] = STRAIGHT[name]
        else:
            sys.exit(f"unmapped stroke {letter!r}: {stroke}")
    return classes


def convert(orders: dict[str, str], classes: dict[str, str]) -> dict[str, str]:
    table = {}
    for char, letters in orders.items():
        if len(char) != 1 or not letters or any(ch not in classes for ch in letters):
            sys.exit(f"bad entry {char!r}: {letters!r}")
        table[char] = "".join(classes[ch] for ch in letters)
    for char, (upstream, fixed) in FIXES.items():
        # Only patch the exact known error, so an upstream change is noticed, not overwritten.
        if table.get(char) != upstream:
            sys.exit(f"upstream data for {char} changed to {table.get(char)!r}: review FIXES")
        table[char] = fixed
    return table


def gb2312_chars() -> list[str]:
    """The 6,763 GB 2312 hanzi (rows 0xB0-0xF7)."""
    chars = []
    for row in range(0xB0, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def unihan_check(table: dict[str, str], folder: Path) -> None:
    """Cross-check against Unihan (Debian package unicode-data): stroke counts and 通用规范汉字表 (kTGH) coverage."""
    totals, tgh = {}, set()
    for path in folder.glob("Unihan_*.txt.bz2"):
        for line in bz2.open(path, "rt", encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] in ("kTotalStrokes", "kTGH"):
                char = chr(int(parts[0][2:], 16))
                if parts[1] == "kTGH":
                    tgh.add(char)
                else:
                    totals[char] = {int(n) for n in parts[2].split()}
    if not tgh:
        print(f"no Unihan data in {folder}: cross-check skipped")
        return
    odd = {c: len(s) for c, s in table.items() if c in totals and len(s) not in totals[c]}
    print(f"通用规范汉字表 (Unihan kTGH): {len(tgh & table.keys())}/{len(tgh)} covered")
    print(f"stroke counts differing from Unihan kTotalStrokes: {odd or 'none'}")


def write(table: dict[str, str], pkg: Path, version: str) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    lines = [f"# {PACKAGE} {version} (MIT), classes 1=横 2=竖 3=撇 4=点 5=折; see README.md"]
    lines += [f"{char}\t{seq}" for char, seq in sorted(table.items(), key=lambda kv: ord(kv[0]))]
    (OUT_DIR / "strokes.txt").write_text("\n".join(lines) + "\n", "utf-8")
    (OUT_DIR / "LICENSE-cnchar-order.txt").write_text((pkg / "LICENSE").read_text("utf-8"), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", default=DEFAULT_VERSION, help="cnchar-order version to fetch")
    parser.add_argument("--tarball", type=Path, help="use this cnchar-order .tgz instead of npm pack")
    parser.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"),
                        help="folder with Unihan_*.txt.bz2 for the cross-check (apt-get install unicode-data)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnchar-order-") as tmp:
        pkg = fetch(args.version, Path(tmp), args.tarball and args.tarball.resolve())
        version = json.loads((pkg / "package.json").read_text("utf-8"))["version"]
        orders, info = read_data(pkg)
        table = convert(orders, letter_classes(info))
        write(table, pkg, version)
    gb = gb2312_chars()
    missing = [c for c in gb if c not in table]
    print(f"{PACKAGE} {version}: {len(table)} characters written to {OUT_DIR / 'strokes.txt'}")
    print(f"GB 2312: {len(gb) - len(missing)}/{len(gb)} covered; missing: {''.join(missing)}")
    unihan_check(table, args.unihan)


if __name__ == "__main__":
    main()
