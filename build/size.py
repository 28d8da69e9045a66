"""The bundle's and the .deb's size, checked against build/bundle-size.json, whose line the README must quote."""
from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "build" / "bundle-size.json"
README = ROOT / "README.md"
GROWTH = 1.05  # more than 5 % over the record fails the build until the record (and the README) say why
MB = 1024 * 1024


def real_files(folder: Path) -> dict[str, Path]:
    """Regular files by bundle-relative path. PyInstaller puts symlinks to the Qt libraries at the top of
    _internal/; following them would count those libraries twice."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def disk_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in real_files(folder).values())


def load(path: Path = RECORD) -> dict:
    return json.loads(path.read_text("utf-8"))


def readme_line(record: dict) -> str:
    """The sentence README.md must contain word for word: sizes, date and why the size is what it is."""
    return (f"Bundle size: {record['bundle_bytes'] / MB:.1f} MB on disk, .deb {record['deb_bytes'] / MB:.1f} MB "
            f"(recorded {record['recorded']}): {record['why']}")


def check(kind: str, measured: int, record: dict) -> str | None:
    """None when ``measured`` (bytes of "bundle" or "deb") is within 5 % over the record, else why it fails."""
    recorded = record[f"{kind}_bytes"]
    if measured <= recorded * GROWTH:
        return None
    return (f"the {kind} is {measured / MB:.1f} MB, {100 * (measured / recorded - 1):.1f} % over the "
            f"{recorded / MB:.1f} MB recorded in build/bundle-size.json (at most 5 % allowed). If the growth is "
            f"intended, record it with the reason: `.venv/bin/python build/size.py --record \"WHY\"`, and put "
            f"the line it prints into README.md")


def enforce(kind: str, measured: int) -> int:
    """Print the comparison with the record; returns the exit status (1 when the size grew too much)."""
    record = load()
    problem = check(kind, measured, record)
    ratio = measured / record[f"{kind}_bytes"]
    print(f"{kind} size: {measured / MB:.1f} MB ({measured} bytes), {ratio:.3f} × the record")
    if problem:
        print(f"{kind} size check FAILED: {problem}", file=sys.stderr)
        return 1
    return 0


def record_sizes(why: str, bundle: Path, deb: Path, today: datetime.date | None = None) -> dict:
    """Measure the built bundle and package and write them to build/bundle-size.json."""
    record = {"bundle_bytes": disk_size(bundle), "deb_bytes": deb.stat().st_size,
              "recorded": (today or datetime.date.today()).isoformat(), "why": why.strip()}
    RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", metavar="WHY", help="record the sizes of dist/ with the reason for them")
    args = parser.parse_args()
    if args.record is None:
        print(readme_line(load()))
        return 0
    if not args.record.strip():
        parser.error("say why the bundle has this size")
    debs = sorted((ROOT / "dist").glob("votedesk_*.deb"))
    if len(debs) != 1:
        parser.error(f"expected one dist/votedesk_*.deb, found {len(debs)}: run build/build.py and build/deb.py")
    line = readme_line(record_sizes(args.record, ROOT / "dist" / "votedesk", debs[0]))
    print(f"Recorded. Put this line into README.md (tests/packaging/test_size.py checks it):\n{line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
