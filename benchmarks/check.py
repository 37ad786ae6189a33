#!/usr/bin/env python3
"""Checker budget: ``reconnect check`` on 1,000 exercise files against ``tomllib`` alone.

Generates 1,000 exercise files (the bundled exercises, copied under new ids; one in twenty with
a typical mistake so the error path is measured too), then times, side by side and taking turns:

* baseline: a fresh Python that reads every file and parses it with ``tomllib``;
* reconnect: ``python -m reconnect check FOLDER --format concise``.

Both are whole processes, as a therapist would run them. Budget (DESIGN.md section 7): the
median time ratio <= 1.5x. This is a report: it always exits 0.

    python benchmarks/check.py [--files 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.5
BASELINE = (
    "import sys, tomllib\n"
    "from pathlib import Path\n"
    "for path in sorted(Path(sys.argv[1]).rglob('*.toml')):\n"
    "    tomllib.loads(path.read_bytes().decode('utf-8'))\n"
)


def generate(folder: Path, count: int) -> int:
    sources = sorted((ROOT / "exercises").glob("*.toml"))
    broken = 0
    for number in range(count):
        text = sources[number % len(sources)].read_text(encoding="utf-8")
        text = re.sub(r'^id = "[^"]+"', f'id = "bench-{number:04d}"', text, count=1,
                      flags=re.MULTILINE)
        if number % 20 == 7:  # a misspelt jump target: the checker must find and place it
            text = text.replace('kind = "end"', 'kind = "end"\ngoto = "nowhere"', 1)
            broken += 1
        (folder / f"bench-{number:04d}.toml").write_text(text, encoding="utf-8")
    return broken


def timed(command: list[str]) -> float:
    # without PYTHONDONTWRITEBYTECODE, so reconnect runs from bytecode as it does once installed
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    began = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - began
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[2:4]} failed:\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reconnect-check-") as temp:
        folder = Path(temp)
        broken = generate(folder, options.files)
        baseline = [sys.executable, "-c", BASELINE, str(folder)]
        ours = [sys.executable, "-m", "reconnect", "check", "--format", "concise", str(folder)]
        timed(baseline), timed(ours)  # warm the file cache and the bytecode
        base_times, our_times = [], []
        for _ in range(options.runs):
            base_times.append(timed(baseline))
            our_times.append(timed(ours))
    base, mine = statistics.median(base_times), statistics.median(our_times)
    ratio = mine / base
    print(f"{options.files} files ({broken} with a mistake), {options.runs} runs each")
    print(f"tomllib alone:    median {base * 1000:7.1f} ms")
    print(f"reconnect check:  median {mine * 1000:7.1f} ms")
    verdict = "PASS" if ratio <= BUDGET else "OVER"
    print(f"time ratio {ratio:.2f}x (budget {BUDGET:.2f}x) {verdict}")


if __name__ == "__main__":
    main()
