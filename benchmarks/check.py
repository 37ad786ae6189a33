#!/usr/bin/env python3
"""The commands an author runs, each as a whole process against a plain Python baseline.

Generates 1,000 exercise files (the bundled exercises, copied under new ids; one in twenty with
a typical mistake so the error path is measured too), then times, side by side and taking turns:

* ``reconnect check FOLDER --format concise`` on all of them, against a fresh Python that reads
  every file and parses it with ``tomllib``: wall time and CPU time (user + system, of the
  process and its workers) each <= 1.5x, so using both cores does not hide the work;
* ``reconnect check FILE``, one file (what an editor's on-save hook runs), against ``tomllib``
  parsing that file in a fresh Python: <= 3x;
* ``reconnect list``, against ``python -c "import tomllib"``: <= 3x.

This is a report: it always exits 0.

    python benchmarks/check.py [--files 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.5
SINGLE_BUDGET = 3.0
LIST_BUDGET = 3.0
BASELINE = (
    "import sys, tomllib\n"
    "from pathlib import Path\n"
    "for path in sorted(Path(sys.argv[1]).rglob('*.toml')):\n"
    "    tomllib.loads(path.read_bytes().decode('utf-8'))\n"
)
SINGLE_BASELINE = "import sys, tomllib\ntomllib.loads(open(sys.argv[1], 'rb').read().decode())\n"


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


class Run(NamedTuple):
    wall: float
    cpu: float


def timed(command: list[str], data_dir: Path) -> Run:
    """Wall time and CPU time (the process and every process it waited for) of one run."""
    # without PYTHONDONTWRITEBYTECODE, so reconnect runs from bytecode as it does once installed
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    env["RECONNECT_DATA_DIR"] = str(data_dir)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[2:4]} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(elapsed, cpu)


def side_by_side(baseline: list[str], ours: list[str], runs: int,
                 data_dir: Path) -> tuple[list[Run], list[Run]]:
    timed(baseline, data_dir), timed(ours, data_dir)  # warm the file cache and the bytecode
    base_runs, our_runs = [], []
    for _ in range(runs):  # taking turns, so both see the same machine
        base_runs.append(timed(baseline, data_dir))
        our_runs.append(timed(ours, data_dir))
    return base_runs, our_runs


def report(name: str, base_name: str, base_runs: list[Run], our_runs: list[Run],
           budget: float, *, cpu: bool = False) -> None:
    measures = [("time", lambda run: run.wall)] + ([("CPU", lambda run: run.cpu)] if cpu else [])
    print(f"{name}")
    for label, pick in measures:
        base = statistics.median(pick(run) for run in base_runs)
        mine = statistics.median(pick(run) for run in our_runs)
        ratio = mine / base
        verdict = "PASS" if ratio <= budget else "OVER"
        print(f"  {label:4s} {base_name} {base * 1000:7.1f} ms, reconnect {mine * 1000:7.1f} ms:"
              f" {ratio:.2f}x (budget {budget:.1f}x) {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reconnect-check-") as temp:
        folder = Path(temp) / "exercises"
        folder.mkdir()
        data_dir = Path(temp) / "data"  # an empty data folder: nothing of the user's is read
        broken = generate(folder, options.files)
        python = sys.executable
        print(f"{options.files} files ({broken} with a mistake), {options.runs} runs each, "
              "medians")
        many = side_by_side([python, "-c", BASELINE, str(folder)],
                            [python, "-m", "reconnect", "check", "--format", "concise",
                             str(folder)], options.runs, data_dir)
        report(f"check on {options.files} files", "tomllib", *many, BUDGET, cpu=True)
        one = str(folder / "bench-0003.toml")
        single = side_by_side([python, "-c", SINGLE_BASELINE, one],
                              [python, "-m", "reconnect", "check", one], options.runs * 3,
                              data_dir)
        report("check on one file", "tomllib", *single, SINGLE_BUDGET)
        listed = side_by_side([python, "-c", "import tomllib"],
                              [python, "-m", "reconnect", "list"], options.runs * 3, data_dir)
        report("list", "import tomllib", *listed, LIST_BUDGET)


if __name__ == "__main__":
    main()
