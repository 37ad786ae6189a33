"""A session keeps the language it was run in: saved with it, carried on in it, and its
transcript written in it (the interface's words in that language, the exercise's words as the
session ran them), whatever the interface speaks later."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconnect import i18n
from reconnect.core import events as ev
from reconnect.core.session import begin as begin_demo
from reconnect.format import Exercise, load_file
from reconnect.reports import transcript
from reconnect.storage import journal
from reconnect.storage.store import Store

from conftest import ROOT, FakeClock

SPANISH = ROOT / "exercises" / "es" / "time-out.toml"


def spanish() -> Exercise:
    result = load_file(SPANISH)
    assert result.exercise is not None, result.diagnostics
    return result.exercise


@pytest.fixture
def spoken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The language spoken each time the transcript writes a date (once per transcript)."""
    heard: list[str] = []
    real = transcript._when

    def when(at: float, with_time: bool = True) -> str:
        heard.append(i18n.current())
        return real(at, with_time)

    monkeypatch.setattr(transcript, "_when", when)
    return heard


def test_a_session_is_saved_with_the_language_it_was_begun_in(store: Store,
                                                              clock: FakeClock) -> None:
    with i18n.speaking("es"):
        session = journal.begin(store, spanish(), ("Ana", "Luis"), 0, clock=clock)
    assert session.language == "es"
    [record] = store.recent_sessions()
    assert record.language == "es"
    english = journal.begin(store, spanish(), ("Ana", "Luis"), 0, clock=clock)
    assert english.language == "en"
    assert store.session(english.journal.session_id).language == "en"  # type: ignore[union-attr]


def test_a_resumed_session_keeps_its_language(store: Store, clock: FakeClock) -> None:
    with i18n.speaking("es"):
        session = journal.begin(store, spanish(), ("Ana", "Luis"), 0, clock=clock)
    session.send(ev.Advance(clock()))
    session_id = session.journal.session_id  # type: ignore[union-attr]
    assert i18n.current() == "en"
    assert journal.resume(store, session_id, clock).language == "es"


def test_the_transcript_speaks_the_sessions_language_with_the_words_it_ran(
        store: Store, clock: FakeClock, spoken: list[str], tmp_path: Path) -> None:
    exercise = spanish()
    with i18n.speaking("es"):
        session = journal.begin(store, exercise, ("Ana", "Luis"), 0, clock=clock)
    session.send(ev.Advance(clock()))
    [record] = store.recent_sessions()
    text = transcript.stored_transcript(store, record)
    assert spoken == ["es"] and i18n.current() == "en"
    assert exercise.title in text and exercise.steps[0].text.split(",")[0] in text
    # the session's words are the ones it stored, even once the file is another
    assert store.exercise_text(record.id) == exercise.source_text


def test_an_exported_transcript_speaks_the_sessions_language(clock: FakeClock,
                                                             spoken: list[str]) -> None:
    with i18n.speaking("es"):
        session = begin_demo(spanish(), ("Ana", "Luis"), 0, clock=clock, demo=True)
    assert session.language == "es"
    transcript.transcript_markdown(session.trail(), finished=True, language=session.language)
    transcript.transcript_markdown(session.trail(), finished=True)
    assert spoken == ["es", "en"]


def test_the_fallback_transcript_speaks_the_sessions_language_too(
        store: Store, clock: FakeClock, spoken: list[str]) -> None:
    with i18n.speaking("es"):
        journal.begin(store, spanish(), ("Ana", "Luis"), 0, clock=clock)
    [record] = store.recent_sessions()
    store._connection().execute("UPDATE exercise_texts SET source = 'not an exercise'")
    text = transcript.stored_transcript(store, record)
    assert "no puede leer el ejercicio" in text  # the fallback's own words, in Spanish
    assert spoken == ["es"]
