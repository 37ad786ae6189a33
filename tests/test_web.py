"""``reconnect serve`` in a real browser: Debian's chromium and chromedriver, driven by Selenium.

The page draws the terminal on a canvas, so the test reads the screen from xterm's own buffer:
the server here serves a copy of textual-serve's assets whose textual.js also hands the xterm
object to the page (``#terminal.__xterm``). Everything else is what ``reconnect serve`` runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
EVERY_KIND = DATA / "front_ends" / "every-kind.toml"
HOOK = "this.terminal.open(e),"


def _missing() -> str | None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return ("Debian's chromium and chromedriver are not installed "
                "(apt-get install chromium chromium-driver)")
    try:
        import selenium  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed (pip install -e '.[test,web]')"
    return None


SKIP = _missing()
if SKIP:  # said once, plainly, in the test run's summary
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=SKIP)]

READ_SCREEN = """
const terminal = document.querySelector('#terminal').__xterm;
if (!terminal) return null;
const buffer = terminal.buffer.active, lines = [];
for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
return lines.join('\\n');
"""

SERVE = """
import sys
from pathlib import Path
from reconnect.web.serve import serve
sys.exit(serve(host="127.0.0.1", port=0, allow_remote=False, open_browser=False, demo=False,
               data_dir=Path(sys.argv[1]), extra=[Path(sys.argv[2])],
               statics_path=Path(sys.argv[3])))
"""


def patched_statics(folder: Path) -> Path:
    """textual-serve's assets, with textual.js handing its xterm to the page for the test."""
    from reconnect.web.server import STATIC

    target = folder / "static"
    shutil.copytree(STATIC, target)
    script = target / "js" / "textual.js"
    source = script.read_text(encoding="utf-8")
    assert source.count(HOOK) == 1, "textual.js changed: update the test's hook"
    script.write_text(source.replace(HOOK, HOOK + "e.__xterm=this.terminal,"), encoding="utf-8")
    return target


class Served:
    """``reconnect serve`` (as its command runs it) in its own process group."""

    def __init__(self, tmp: Path) -> None:
        self.data_dir = tmp / "data"
        exercises = tmp / "exercises"
        exercises.mkdir()
        # on a shelf of its own, the last in the library: End on the home screen reaches it
        (exercises / "every-kind.toml").write_text(
            EVERY_KIND.read_text(encoding="utf-8").replace('category = "connection"',
                                                           'category = "zz-tests"'),
            encoding="utf-8")
        self.errors = tmp / "serve-errors.txt"
        with open(self.errors, "w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVE, str(self.data_dir), str(exercises),
                 str(patched_statics(tmp))],
                stdout=subprocess.PIPE, stderr=errors, text=True, start_new_session=True,
                env={key: value for key, value in os.environ.items()
                     if key != "RECONNECT_PLAIN"})
        assert self.process.stdout is not None
        self.printed = ""
        while "token=" not in self.printed:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError("serve stopped: " + self.errors.read_text())
            self.printed += line
        self.url = next(word for word in self.printed.split() if "token=" in word)
        self.base = self.url.split("/?")[0]

    def stop(self) -> int:
        """Ctrl+C, as in the terminal (to the server's process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(15)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)

    def apps(self) -> list[int]:
        """The ``reconnect`` processes the server runs now, one per open tab."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[1] == str(self.process.pid) and fields[0] != "Z":
                found.append(int(stat.parent.name))
        return found

    def answers(self) -> list[str]:
        with sqlite3.connect(f"file:{self.data_dir / 'reconnect.db'}?mode=ro", uri=True) as db:
            return [row[0] for row in db.execute(
                "SELECT payload FROM events WHERE type = 'answer' ORDER BY session_id, seq")]

    def drafts(self) -> list[str]:
        with sqlite3.connect(f"file:{self.data_dir / 'reconnect.db'}?mode=ro", uri=True) as db:
            return [row[0] for row in db.execute("SELECT text FROM drafts")]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-default-apps",
                     "--disable-extensions", "--window-size=900,640",
                     f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(argument)
    # a Service with a path: Selenium Manager never tries to download a driver
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """One tab showing reconnect: read its screen, press keys."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def screen(self) -> str:
        return self.driver.execute_script(READ_SCREEN) or ""

    def wait_for(self, *texts: str, timeout: float = 10.0) -> str:
        end = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < end:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} not on the screen:\n{shown}")

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.by import By

        box = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        for key in keys:
            box.send_keys(key)

    def wait_for_any(self, *texts: str, timeout: float = 10.0) -> str:
        end = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < end:
            shown = self.screen()
            if any(text in shown for text in texts):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"none of {texts!r} on the screen:\n{shown}")

    def step(self, keys: str, then: str) -> str:
        """Press ``keys`` (one burst) and wait for ``then`` on the screen."""
        self.keys(keys)
        return self.wait_for(then)


def wait_until(check: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_browser_walks_a_whole_exercise_and_saves_it(served, browser):
    from selenium.webdriver.common.keys import Keys

    enter = Keys.ENTER
    browser.get(served.url)
    page = Page(browser)
    page.wait_for("Before you begin: safety")                 # first run: the safety notice
    page.step(enter, "Choose an exercise")                     # the home screen
    page.step(Keys.END, "Every Kind")
    page.step(enter, "First partner")                          # set-up
    page.step("Alex" + enter, "Type the second name")
    page.step("Sam" + enter, "Who starts?")
    page.step(enter, "Press Enter to begin.")
    page.step(enter, "Pass the laptop to ALEX")                # the first step
    page.step(enter, "How calm do you feel right now, Alex?")  # rating, private
    page.step("7" + enter, "Pass the laptop to SAM")
    page.step(enter, "How calm do you feel right now, Sam?")
    page.step("6" + enter, "each of you")                      # both ratings, side by side
    page.step(enter, "Welcome, Alex and Sam.")                 # say
    page.step(enter, "Would you like a short break")           # choice
    page.step(enter, "Rest for a moment")                      # break
    page.step(enter, "Are you both calm enough")               # ...ended early, both agreeing
    page.step(enter, "ALEX speaks")                            # turn
    page.step(enter, "Time to swap roles.")                    # swap
    page.step(enter, "SAM speaks")
    page.step(enter, "Time to swap roles.")
    page.step(enter, "Pass the laptop to ALEX")                # private answers
    page.step(enter, "write one small wish")
    page.step("a quiet dinner" + enter, "Pass the laptop to SAM")
    page.step(enter, "write one small wish")
    page.step("a long walk" + enter, "Here are your wishes.")  # reveal
    page.wait_for("a quiet dinner", "a long walk")
    page.step(enter, "Write down one thing you will do together.")  # a shared answer
    assert served.answers() == ['{"text": "a quiet dinner"}', '{"text": "a long walk"}']

    # nothing came from anywhere but this server
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)")
    assert loaded and all(name.startswith(served.base + "/") for name in loaded), loaded

    # the tab closes while words are being typed: they are kept, and offered back
    page.keys("cook together")
    page.wait_for("cook together")
    browser.get("about:blank")
    wait_until(lambda: served.drafts() == ["cook together"], "the unsent words to be kept")
    wait_until(lambda: not served.apps(), "the closed tab's reconnect to exit")
    browser.get(served.url)
    page.wait_for("Resume: Every Kind")
    page.step(enter, "Write down one thing you will do together.")
    page.wait_for("cook together")
    page.step(Keys.CONTROL + "s", "Practise until next time.")  # homework
    page.step(enter, "This exercise is over.")                 # end
    page.step(enter, "Well done: Every Kind")                  # the summary
    assert served.answers()[-1] == '{"text": "cook together"}'

    assert served.stop() == 0                                  # Ctrl+C stops the server
    assert "Stopped. Everything is saved." in served.process.stdout.read()


def test_a_second_tab_is_a_second_reconnect(served, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get(served.url)
    first = Page(browser)
    first.wait_for("Before you begin: safety")
    first.step(Keys.ENTER, "Choose an exercise")
    assert len(served.apps()) == 1
    browser.switch_to.new_window("tab")
    browser.get(served.url)
    second = Page(browser)
    second.wait_for("reconnect is already open")              # the one-writer lock
    assert len(served.apps()) == 2                             # two tabs, two processes


def test_the_page_needs_the_token_and_a_loopback_host(served):
    def status(url: str, **headers: str) -> int:
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    assert status(served.url) == 200
    assert status(served.base + "/") == 403
    assert status(served.base + "/?token=guess") == 403
    assert status(served.url, Host="reconnect.example") == 403
    assert status(served.base + "/static/js/textual.js") == 200


def test_an_address_others_can_reach_is_refused_without_allow_remote(tmp_path):
    result = subprocess.run([sys.executable, "-m", "reconnect", "--data-dir", str(tmp_path),
                             "serve", "--host", "0.0.0.0"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "0.0.0.0 is not one" in result.stderr and "--allow-remote" in result.stderr
    assert not (tmp_path / "reconnect.db").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_once(monkeypatch, **options) -> tuple[int, str, list[str]]:
    """``serve`` with ``options``, its server stopping as soon as it is ready; the exit code,
    what it printed and the links it opened in a browser."""
    import io
    import webbrowser

    from reconnect.web import serve as web_serve

    async def run_until_ready(self, ready) -> None:
        ready()

    opened: list[str] = []
    monkeypatch.setattr(web_serve.ReconnectServer, "run", run_until_ready)
    monkeypatch.setattr(webbrowser, "open", opened.append)
    out = io.StringIO()
    code = web_serve.serve(out=out, **{"host": "127.0.0.1", "port": 0, "allow_remote": False,
                                       "open_browser": False, "demo": True, "extra": [],
                                       **options})
    return code, out.getvalue(), opened


def test_allow_remote_warns_port_is_used_and_open_opens_the_link(monkeypatch, tmp_path):
    port = free_port()
    code, said, opened = served_once(monkeypatch, host="0.0.0.0", port=port, allow_remote=True,
                                     open_browser=True, data_dir=tmp_path)
    assert code == 0
    assert "Warning: reconnect is listening on 0.0.0.0." in " ".join(said.split())
    assert f"http://127.0.0.1:{port}/?token=" in said and f"http://ADDRESS:{port}/" in said
    assert len(opened) == 1 and opened[0].startswith(f"http://127.0.0.1:{port}/?token=")
    assert opened[0] in said
    quiet, said_locally, none_opened = served_once(monkeypatch, data_dir=tmp_path)
    assert quiet == 0 and none_opened == []
    assert "Warning" not in said_locally and "Only this computer can reach it" in said_locally
    link = said_locally.split("\n\n  ")[1].split()[0]
    assert link.startswith("http://127.0.0.1:") and not link.startswith("http://127.0.0.1:0/")
