"""Shared fixtures: a fake clock, a private data folder, the bundled library, and the app."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reconnect import i18n, locations
from reconnect.format.library import Library, load_library
from reconnect.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SPEAKER_LISTENER = (
    (DATA / "walkthrough.toml").read_text(encoding="utf-8")
    .replace('id = "walkthrough"', 'id = "speaker-listener"', 1)
    .replace('title = "Walkthrough"', 'title = "Speaker and Listener"', 1)
)
"""The small exercise the core tests are written against (the walkthrough under another id)."""


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv(locations.ENV_DATA_DIR, str(folder))
    return folder


@pytest.fixture(autouse=True)
def english_and_no_country(monkeypatch: pytest.MonkeyPatch):
    """Every test starts in English with the general safety notice, whatever the machine's
    locale says, and leaves it so (a test that changes the language changes it back)."""
    for name in (i18n.ENV_LANG, i18n.ENV_COUNTRY, *i18n.LOCALE_VARIABLES, "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    i18n.install(i18n.DEFAULT)
    i18n.install_country("")
    yield
    i18n.install(i18n.DEFAULT)
    i18n.install_country("")


@pytest.fixture(autouse=True)
def later_moments_made_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A session makes the widgets of its later moments in idle time after its first step
    (``SessionScreen.prepare``); in a test that time depends on how busy the machine is, so
    there it comes only when the test asks for it (the widgets are otherwise made when first
    needed, as before)."""
    monkeypatch.setattr("reconnect.tui.screens.session.PREPARE_AFTER_SECONDS", 3600.0)


@pytest.fixture
def store(private_data_dir: Path):
    opened = Store.open(private_data_dir)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def bundled() -> Library:
    return load_library([ROOT / "exercises"])


@pytest.fixture
def sample_library() -> Library:
    return load_library([DATA / "walkthrough.toml"])


@pytest.fixture
def rng() -> random.Random:
    return random.Random(7)


def _quicker_idle_checks() -> None:
    """Textual's test pilot waits after every key for the process to be idle, sampling in
    20 ms slices; 5 ms slices (each still needing the process idle for all of it) make a walk
    through an exercise several times quicker. Every assertion still waits for what it checks
    (``pilot.pause()`` also waits until every message queue is empty)."""
    from textual import _wait

    _wait.SLEEP_GRANULARITY = 1 / 200
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20


_quicker_idle_checks()
