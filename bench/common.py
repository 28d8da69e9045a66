"""Shared helpers for bench scripts: medians and one table format that bench/run_all collects."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(fn, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_to_paint(cmd: list[str], env: dict, repeat: int = 5) -> float:
    """Median seconds from spawning ``cmd`` to its 'first_paint <epoch>' line."""
    samples = []
    for _ in range(repeat):
        t0 = time.time()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120).stdout
        line = next((ln for ln in out.splitlines() if ln.startswith("first_paint ")), None)
        if line is None:
            raise RuntimeError(f"{cmd[0]} never reported a paint: {out[-500:]}")
        samples.append(float(line.split()[1]) - t0)
    return statistics.median(samples)


def row(figure: str, value: float, baseline: float, unit: str = "s", target: str = "") -> None:
    """Print one result row: figure | value | baseline | ratio | target (bench/run_all collects these)."""
    ratio = value / baseline if baseline else float("nan")
    print(f"| {figure} | {value:.4g} {unit} | {baseline:.4g} {unit} | {ratio:.2f} | {target} |", flush=True)


def header() -> None:
    """The table header (printed once by run_all, or by a bench run alone)."""
    print("| figure | value | baseline | ratio | target |\n| --- | --- | --- | --- | --- |", flush=True)


if __name__ == "__main__":
    sys.exit("import this module from a bench script")
