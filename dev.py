#!/usr/bin/env python3
"""Set-up in one step: ``python3 dev.py run`` opens reconnect, ``python3 dev.py test`` tests it.

Both create a private virtual environment in ``.venv`` on first use (and refresh it when
``pyproject.toml`` or ``constraints.txt`` changes), install reconnect into it with its test
tools and the browser mode's extra (``reconnect[web]``), then run. Needs only Python 3.11 or
newer and access to the Python package index.

``python3 dev.py test`` runs ruff, mypy --strict and the whole test suite on every core.
``python3 dev.py test PYTEST-OPTIONS`` runs only pytest with those options (one file, say).
``python3 dev.py messages`` gathers the interface's words for translators with Babel: it writes
``src/reconnect/locale/reconnect.pot``, brings every language's ``.po`` up to date with it
(new words empty, words gone removed) and compiles each to the ``.mo`` reconnect reads. The
``.po`` and ``.mo`` files are committed; ``tests/test_catalogues.py`` fails when they drift.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("RECONNECT_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".reconnect-installed"
LOCALE = ROOT / "src" / "reconnect" / "locale"
TEMPLATE = LOCALE / "reconnect.pot"
EXTRACT = ["extract", "--no-wrap", "--add-location=file", "-c", "Translators:",
           "--project=reconnect", "--msgid-bugs-address=", "--copyright-holder=",
           "--ignore-dirs=generate", "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
           "-k", "pgettext:1c,2", "-k", "NP_:1c,2"]
"""Babel's extraction, as the catalogue test repeats it: file names without line numbers, so
that moving code does not change the template."""


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under any python3
        sys.exit(f"reconnect needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()
                            + (ROOT / "constraints.txt").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing reconnect and its test tools ...", flush=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "-c",
                    str(ROOT / "constraints.txt"), "-e", f"{ROOT}[test,web]"], check=True)
    STAMP.write_text(wanted)


def messages() -> int:
    """Extract, update and compile the translation catalogues."""
    pybabel = str(BIN / "pybabel")
    steps = [
        [pybabel, *EXTRACT, "-o", str(TEMPLATE), "src/reconnect"],
        [pybabel, "update", "--no-wrap", "--no-fuzzy-matching", "--ignore-obsolete",
         "-D", "reconnect", "-i", str(TEMPLATE), "-d", str(LOCALE)],
        [pybabel, "compile", "--statistics", "-D", "reconnect", "-d", str(LOCALE)],
    ]
    for program in steps:
        code = subprocess.call(program)
        if code:
            return code
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command not in ("run", "test", "messages"):
        print(__doc__)
        print("usage: python3 dev.py run [reconnect options]\n"
              "       python3 dev.py test [pytest options]\n"
              "       python3 dev.py messages")
        return 2
    ensure_environment()
    os.chdir(ROOT)
    if command == "messages":
        return messages()
    if command == "run":
        return subprocess.call([str(BIN / "reconnect"), *rest])
    if rest:
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest])
    print("== ruff", flush=True)
    code = subprocess.call([str(BIN / "ruff"), "check", "src", "tests", "benchmarks", "dev.py"])
    if code:
        print(f"== ruff failed (exit {code})", flush=True)
        return code
    # mypy runs beside pytest, whose workers leave a core idle part of the time (waiting on a
    # terminal, a browser, a child process); its report follows pytest's
    mypy = subprocess.Popen([str(BIN / "mypy")], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    print("== pytest (mypy runs alongside)", flush=True)
    code = subprocess.call([str(BIN / "python"), "-m", "pytest", "-n", str(test_workers()),
                            "--dist", "loadgroup"])
    report, _ = mypy.communicate()
    print("== mypy", flush=True)
    print(report, end="", flush=True)
    if mypy.returncode:
        print(f"== mypy failed (exit {mypy.returncode})", flush=True)
    if code:
        print(f"== pytest failed (exit {code})", flush=True)
    return code or mypy.returncode


def test_workers() -> int:
    """Two pytest workers per core, up to eight: many tests spend their time waiting on a
    real terminal, a browser or a child process, and a second worker uses the core meanwhile
    (on two cores the suite takes 3 to 3.5 minutes with four workers, 3.5 to 4 with two)."""
    return min(8, 2 * (os.cpu_count() or 1))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
