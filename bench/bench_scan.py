"""Scan reading bench (issue 17): the generated corpus (scripts/make_scan_corpus.py) read back against its truth.

Prints, by resolution and by distortion: boxes read wrongly with certainty (target 0), the share of clean ○/× sent
to review (target ≤ 2 %), the share of non-standard marks sent to review (target 100 %), write-in rows found, pages
refused; and the speed at 200 dpi: ballots a minute on one core (decode + read), as a ratio to decoding the same
images alone in the same run.

Usage: python bench/bench_scan.py [--ballots 2000] [--dir DIR] (DIR is reused if it already holds a corpus)
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import make_scan_corpus as corpus  # noqa: E402
from PIL import Image  # noqa: E402

from app.core.scan import reader  # noqa: E402
from app.core.scan.classify import DOUBT  # noqa: E402

STANDARD = {"yes", "no", "empty"}


def _decode(path: Path) -> tuple[Image.Image, float]:
    with Image.open(path) as img:
        dpi = float(img.info.get("dpi", (200, 200))[0])
        return img.convert("L"), dpi


def _tally(stats: Counter, truth: dict[str, Any], r: reader.PageRead) -> None:
    if r.refused:
        stats["pages refused"] += 1
        return
    for want, got in zip(truth["boxes"], r.boxes):
        if want in STANDARD:
            stats["standard"] += 1
            stats["clean marks"] += want != "empty"
            if got.state == DOUBT:
                stats["clean to review" if want != "empty" else "empty to review"] += 1
            elif got.state != want:
                stats["wrong with certainty"] += 1
        else:
            stats["non-standard"] += 1
            stats["non-standard to review"] += got.state == DOUBT
            if got.state != DOUBT:
                stats[f"non-standard read as certain: {want}"] += 1
    for (written, _kind), got in zip(truth["write_ins"], r.write_ins):
        stats["write-ins written"] += written
        stats["write-ins found"] += written and got.written
        stats["write-in false alarms"] += (not written) and got.written


def _line(name: str, s: Counter) -> str:
    clean = s["clean to review"] / max(1, s["clean marks"])
    odd = s["non-standard to review"] / max(1, s["non-standard"])
    found = f"{s['write-ins found']}/{s['write-ins written']}"
    return (f"| {name} | {s['pages']} | {s['wrong with certainty']} | {clean:.2%} | {odd:.2%} | "
            f"{s['empty to review']} | {found} | {s['pages refused']} |")


def run(folder: Path, count: int) -> None:
    if not (folder / "truth.json").exists():
        t0 = time.perf_counter()
        corpus.generate(folder, count)
        print(f"corpus: {count} pages generated in {time.perf_counter() - t0:.0f} s into {folder}")
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    layouts = {k: corpus.layout(k) for k in corpus.SPECS}
    groups: dict[str, Counter] = defaultdict(Counter)
    timing: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for t in truth:
        path = folder / t["file"]
        t0 = time.process_time()
        img, dpi = _decode(path)
        t1 = time.process_time()
        r = reader.read_page(img, dpi, layouts[t["key"]])
        t2 = time.process_time()
        timing[t["dpi"]][0] += t1 - t0
        timing[t["dpi"]][1] += t2 - t0
        timing[t["dpi"]][2] += 1
        for key in ("all", f"{t['dpi']} dpi", t["level"], f"{t['key']} names", "upside down" if t["flip"] else "upright",
                    f"JPEG {t['quality']}" if t["quality"] else "PNG"):
            groups[key]["pages"] += 1
            _tally(groups[key], t, r)
    print("\n| corpus slice | pages | wrong with certainty | clean ○/× to review | non-standard to review "
          "| empty boxes to review | write-ins found | pages refused |")
    print("|---|---|---|---|---|---|---|---|")
    order = ["all", "150 dpi", "200 dpi", "300 dpi", "clean", "scanner", "camera", "9 names", "40 names", "upright",
             "upside down", "PNG", "JPEG 90", "JPEG 75", "JPEG 60"]
    for key in order:
        if key in groups:
            print(_line(key, groups[key]))
    odd = Counter({k: v for k, v in groups["all"].items() if k.startswith("non-standard read as certain")})
    print("\nnon-standard marks read as certain:", dict(odd) or "none")
    print("\n| resolution | pages | decode ms/page | decode+read ms/page | ballots/min/core | ratio to decode |")
    print("|---|---|---|---|---|---|")
    for dpi in sorted(timing):
        dec, full, n = timing[dpi]
        print(f"| {dpi} dpi | {n} | {1000 * dec / n:.0f} | {1000 * full / n:.0f} | {60 * n / full:.0f} | "
              f"{full / dec:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ballots", type=int, default=2000)
    ap.add_argument("--dir", type=Path)
    args = ap.parse_args()
    if args.dir:
        run(args.dir, args.ballots)
        return
    with tempfile.TemporaryDirectory(prefix="scan-corpus-") as tmp:
        run(Path(tmp), args.ballots)


if __name__ == "__main__":
    main()
