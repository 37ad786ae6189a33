"""The printable handout: what is on it, what never is, escaping, and how it prints (A4 and
Letter, through headless Chromium and pdftotext)."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reconnect.format import load_file, load_text
from reconnect.format.model import Exercise
from reconnect.reports import handout
from reconnect.safety import HELPLINES

from conftest import DATA, ROOT

TIME_OUT = ROOT / "exercises" / "time-out.toml"


def exercise(path: Path = TIME_OUT) -> Exercise:
    loaded = load_file(path).exercise
    assert loaded is not None
    return loaded


def test_the_handout_is_made_from_the_exercise_alone() -> None:
    # no store, no session, no answers: the only input is the exercise
    for function in (handout.markdown, handout.page, handout.build):
        assert list(inspect.signature(function).parameters) == ["exercise"]


def test_markdown_has_purpose_steps_stems_homework_credit_and_safety() -> None:
    walkthrough = exercise(DATA / "walkthrough.toml")
    text = handout.markdown(walkthrough)
    assert text.startswith(f"# {walkthrough.title}\n\n**What it is for:** ")
    assert f"about {walkthrough.minutes} minutes" in text
    # every step, in order, with who does what and for how long
    headings = re.findall(r"^### (\d+)\. (.*)$", text, re.MULTILINE)
    assert [int(number) for number, _ in headings] == list(range(1, len(walkthrough.steps) + 1))
    assert "### 3. Speaker speaks, Listener listens (2 minutes)" in text
    assert "Sentence starters for the listener:\n\n- What I hear you saying is\\.\\.\\." in text \
        or "Sentence starters for the listener:\n\n- What I hear you saying is..." in text
    assert "## Only when needed" in text  # the break after the end step
    assert "*If either of you answered at most 2 at step 1: go to step 8.*" in text
    assert "## Credit\n\nAdapted from the Speaker\\-Listener Technique (Markman, Stanley \\& " \
        "Blumberg, Fighting for Your Marriage, 1994)" in text or \
        "## Credit\n\nAdapted from the Speaker-Listener Technique (Markman, Stanley \\& " \
        "Blumberg, Fighting for Your Marriage, 1994)" in text
    for number in HELPLINES:
        assert number in text
    assert "{" not in text.replace("\\{", "")  # every placeholder filled in
    for step in walkthrough.steps:
        assert not step.facilitator or step.facilitator not in text


def test_a_spanish_handout_names_the_roles_in_spanish() -> None:
    from reconnect import i18n

    with i18n.speaking("es"):
        text = handout.markdown(exercise(DATA / "walkthrough.toml"))
    assert "con el papel de hablante y el otro con el de oyente" in text
    assert "### 3. Hablante habla, Oyente escucha (2 minutos)" in text


def test_homework_and_tasks_are_listed() -> None:
    text = handout.markdown(exercise())
    homework = text[text.index("## Homework"):text.index("## Credit")]
    assert "Use your time-out plan this week" in homework
    assert "- Use the signal early, before things get really heated." in homework


HOSTILE = (DATA / "walkthrough.toml").read_text().replace(
    'title = "Walkthrough"', 'title = "<script>alert(1)</script> & *bold* [x](http://e.vil)"')


def test_everything_from_the_file_is_escaped() -> None:
    hostile = load_text(HOSTILE).exercise
    assert hostile is not None
    page = handout.page(hostile)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    markdown = handout.markdown(hostile)
    assert markdown.startswith("# \\<script\\>alert(1)\\</script\\> \\& \\*bold\\* "
                               "\\[x\\](http://e.vil)\n")


def test_the_html_page_is_self_contained() -> None:
    page = handout.page(exercise())
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    for outside in ("http://", "https://", "src=", "<link", "@import", "url(", "<script"):
        assert outside not in page, outside
    assert "@page" in page and "break-inside: avoid" in page


# printing ----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


def _print(html: Path, pdf: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                   capture_output=True, timeout=120, check=True)


def _pages(pdf: Path) -> list[str]:
    assert PDFTOTEXT is not None and PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found is not None, info.stdout
    count = int(found.group(1))
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run([PDFTOTEXT, "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        pages.append(" ".join(text.split()))
    return pages


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(CHROMIUM is None or PDFTOTEXT is None or PDFINFO is None,
                    reason="printing needs Debian's chromium and poppler-utils "
                           "(apt-get install chromium poppler-utils); .ci/run installs them")
@pytest.mark.parametrize(("paper", "size"), [("A4", "pts (A4)"), ("Letter", "pts (letter)")])
def test_the_html_handout_prints_on_a4_and_letter(tmp_path: Path, paper: str, size: str) -> None:
    time_out = exercise()
    sheet = handout.build(time_out)
    page = handout.page(time_out).replace("</style>", f"@page {{ size: {paper}; }}\n</style>")
    html = tmp_path / "sheet.html"
    html.write_text(page, encoding="utf-8")
    pdf = tmp_path / "sheet.pdf"
    _print(html, pdf, tmp_path / "profile")
    info = subprocess.run([PDFINFO or "pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert size in info, info
    pages = _pages(pdf)
    assert len(pages) >= 2
    assert pages[0].startswith(f"{time_out.title} What it is for: ")
    whole = " ".join(pages)
    # every step, once, and each step on one page: its heading and its words together
    for item in sheet.steps + sheet.when_needed:
        heading = _flat(f"{item.number}. {item.heading}")
        holding = [number for number, text in enumerate(pages) if f" {heading}" in f" {text}"]
        assert len(holding) == 1, (heading, holding)
        for line in item.lines:
            assert _flat(line)[:60] in pages[holding[0]], (heading, line)
    assert whole.index("1. Each of you rates") < whole.index("2. Both of you") < \
        whole.index("Homework") < whole.index("Credit") < whole.index("Safety")
    # the safety paragraphs are whole, on one page, with every helpline
    safety = next(text for text in pages if "Safety" in text and "999" in text)
    for number in HELPLINES:
        assert number in safety, number
    assert "facilitator" not in whole.lower()
