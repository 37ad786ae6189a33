"""History, transcripts and export, driven through the real app with a Pilot."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from reconnect.core import events as ev
from reconnect.format import load_text
from reconnect.reports.progress import bars
from reconnect.storage import journal
from reconnect.storage.store import Store
from reconnect.tui.app import make_app
from reconnect.tui.dialogs.export import ExportDialog, exists_words
from reconnect.tui.screens.history import HistoryScreen, TranscriptScreen
from reconnect.tui.screens.home import HomeScreen
from reconnect.tui.screens.summary import SummaryScreen
from reconnect.tui.widgets.checkin_plot import CheckinPlot

from pilot_helpers import enter_names, open_exercise, settle, walk_session

DAY = 86400
CHECKIN = """
format = 1
id = "evening"
title = "Evening check-in"
category = "connection"
summary = "How close do you feel, and one thing you appreciated."
minutes = 5
source = "A test exercise"

[[steps]]
id = "close-before"
kind = "rating"
text = "How close do you feel right now, {you}?"
labels = ["Far apart", "Very close"]
measure = "closeness"
checkin = "before"

[[steps]]
id = "thanks"
kind = "answer"
text = "{you}, what did you appreciate today?"

[[steps]]
id = "close-after"
kind = "rating"
text = "And now, {you}?"
labels = ["Far apart", "Very close"]
measure = "closeness"
checkin = "after"

[[steps]]
id = "done"
kind = "end"
text = "Good night."
"""


def rate_both(running, clock, first: int, second: int) -> None:
    for value in (first, second):
        running.send(ev.Advance(clock()))  # the hand-over
        clock.advance(5)
        running.send(ev.Rate(clock(), value))
        clock.advance(5)
    running.send(ev.Advance(clock()))  # past the reveal


def seed(store: Store, clock) -> list[int]:
    """Three finished sessions on three days in a row, the last one today."""
    result = load_text(CHECKIN, "evening.toml")
    assert result.exercise is not None, result.errors
    exercise = result.exercise
    today = clock.now
    ids = []
    for days_ago, before, after in ((2, (3, 4), (6, 7)), (1, (5, 5), (7, 8)), (0, (6, 7), (8, 9))):
        clock.now = today - days_ago * DAY
        running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
        rate_both(running, clock, *before)
        running.send(ev.Answer(clock(), f"Alex's thanks, day -{days_ago}"))
        running.send(ev.Answer(clock(), f"Sam's thanks, day -{days_ago}"))
        rate_both(running, clock, *after)
        running.send(ev.Advance(clock()))
        assert running.state.finished
        ids.append(running.journal.session_id)
    clock.now = today + 60
    return ids


def text_of(widget) -> str:
    return str(widget.render())


async def open_history(pilot, app) -> HistoryScreen:
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("h")
    await settle(pilot)
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def export_to(pilot, app, path: Path | str) -> None:
    assert isinstance(app.screen, ExportDialog)
    field = app.screen.query_one("#export-path", Input)
    field.value = str(path)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def dialog_message(app) -> str:
    return text_of(app.screen.query_one("#export-message", Static))


async def test_history_lists_sessions_streak_plot_and_exports_a_transcript(
        sample_library, store, clock, tmp_path):
    seed(store, clock)
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        screen = await open_history(pilot, app)
        assert "3 days" in text_of(screen.query_one("#streak", Static))
        plot = text_of(screen.query_one(CheckinPlot))
        assert plot.startswith("Closeness")
        assert f"before {bars([3.5, 5.0, 6.5])} 6.5" in plot
        assert f"after  {bars([6.5, 7.5, 8.5])} 8.5" in plot
        options = screen.query_one("#sessions", OptionList).options
        prompts = [str(option.prompt) for option in options]
        assert len(prompts) == 3
        assert all("Evening check-in" in p and "Alex & Sam" in p and "finished" in p
                   for p in prompts)

        await pilot.press("enter")  # the newest session is highlighted first
        await settle(pilot)
        assert isinstance(app.screen, TranscriptScreen)
        shown = text_of(app.screen.query_one("#transcript-text", Static))
        assert "Alex's thanks, day -0" in shown
        assert "- Alex: 6 (0 = Far apart, 10 = Very close)" in shown

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        default = app.screen.query_one("#export-path", Input).value
        assert default.startswith("~") and default.endswith(".md")
        assert "reconnect-evening-check-in-" in default

        await export_to(pilot, app, tmp_path / "missing-folder" / "t.md")
        assert isinstance(app.screen, ExportDialog)
        assert "does not exist" in dialog_message(app)

        await export_to(pilot, app, tmp_path)
        assert isinstance(app.screen, ExportDialog)
        assert "is a folder" in dialog_message(app)

        target = tmp_path / "transcript.md"
        await export_to(pilot, app, target)
        assert isinstance(app.screen, TranscriptScreen)
        written = target.read_text(encoding="utf-8")
        assert "Alex's thanks, day -0" in written and "Sam's thanks, day -0" in written
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert any(str(target) in n.message for n in app._notifications)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_export_asks_before_replacing_a_file(sample_library, store, clock, tmp_path):
    seed(store, clock)
    store.set_setting("safety_notice_seen", "yes")
    target = tmp_path / "old.md"
    target.write_text("an older transcript")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_history(pilot, app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await export_to(pilot, app, target)
        assert isinstance(app.screen, ExportDialog)
        assert exists_words() in dialog_message(app)
        assert target.read_text() == "an older transcript"
        await pilot.press("enter")  # Save again: now it is replaced
        await settle(pilot)
        assert isinstance(app.screen, TranscriptScreen)
        assert "Evening check-in" in target.read_text()


async def test_export_cancel_writes_nothing(sample_library, store, clock, tmp_path):
    seed(store, clock)
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_history(pilot, app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "never.md")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TranscriptScreen)
    assert not (tmp_path / "never.md").exists()


async def test_history_of_an_unfinished_session_hides_private_answers_and_writes_nothing(
        sample_library, store, clock):
    store.set_setting("safety_notice_seen", "yes")
    exercise = sample_library.get("walkthrough")
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    for event in (ev.Advance(clock()), ev.Rate(clock(), 5), ev.Advance(clock()),
                  ev.Rate(clock(), 6), ev.Advance(clock()),
                  ev.Choose(clock(), "Money"), ev.Advance(clock()),
                  ev.Advance(clock()), ev.Answer(clock(), "a private wish")):
        running.send(event)
    count = len(store.events(running.journal.session_id))
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_history(pilot, app)
        prompt = str(screen.query_one("#sessions", OptionList).options[0].prompt)
        assert "part 4 of 10" in prompt
        assert "No streak yet" in text_of(screen.query_one("#streak", Static))
        await pilot.press("enter")
        await settle(pilot)
        shown = text_of(app.screen.query_one("#transcript-text", Static))
        assert "a private wish" not in shown and "answered privately" in shown
    assert len(store.events(running.journal.session_id)) == count  # looking back changed nothing
    assert store.session(running.journal.session_id).status == "active"


async def test_history_shows_words_even_when_the_exercise_no_longer_loads(
        sample_library, store, clock):
    store.set_setting("safety_notice_seen", "yes")
    exercise = sample_library.get("walkthrough")
    running = journal.begin(store, exercise, ("Alex", "Sam"), 0, clock=clock)
    running.send(ev.JumpTo(clock(), "wish"))
    running.send(ev.Advance(clock()))
    running.send(ev.Answer(clock(), "still mine"))
    store._connection().execute(
        "UPDATE exercise_texts SET source = ? WHERE key ="
        " (SELECT text_key FROM sessions WHERE id = ?)",
        (exercise.source_text.replace("format = 1", "format = 9"), running.journal.session_id))
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_history(pilot, app)
        await pilot.press("enter")
        await settle(pilot)
        shown = text_of(app.screen.query_one("#transcript-text", Static))
        assert "> still mine" in shown and "cannot read the exercise" in shown


async def test_empty_history_has_calm_placeholders(sample_library, store, clock):
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test() as pilot:
        screen = await open_history(pilot, app)
        assert "No check-ins yet" in text_of(screen.query_one(CheckinPlot))
        assert "No sessions yet" in text_of(screen.query_one("#no-sessions", Static))


async def test_history_in_demo_mode_says_nothing_is_saved(sample_library, private_data_dir,
                                                          clock):
    app = make_app(library=sample_library, store=None, demo=True, clock=clock)
    async with app.run_test() as pilot:
        screen = await open_history(pilot, app)
        assert "nothing is saved" in text_of(screen.query_one("#history-demo", Static))
    assert not private_data_dir.exists()


async def test_history_is_in_the_command_palette(sample_library, store, clock):
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "History" in titles


async def test_summary_screen_exports_the_finished_session(sample_library, store, clock,
                                                           tmp_path):
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await enter_names(pilot)
        await walk_session(pilot, app, rating="7", answer="Walks")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        target = tmp_path / "summary.md"
        await export_to(pilot, app, target)
        assert isinstance(app.screen, SummaryScreen)
        assert any(str(target) in n.message for n in app._notifications)
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Walkthrough")
    assert "- Status: Finished" in written
    assert "Round 2 · Sam wrote:\n\n> Walks" in written
    assert "- Alex: 7 (0 = Not calm at all, 10 = Completely calm)" in written


async def test_summary_export_in_demo_mode_says_nothing_was_saved(sample_library,
                                                                  private_data_dir, clock,
                                                                  tmp_path):
    app = make_app(library=sample_library, store=None, demo=True, clock=clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        await open_exercise(pilot, app, "walkthrough")
        await pilot.click("#begin")
        await settle(pilot)
        await walk_session(pilot, app, answer="demo")
        await pilot.press("e")
        await settle(pilot)
        assert "nothing was saved" in " ".join(
            text_of(s) for s in app.screen.query(Static)).lower()
        target = tmp_path / "demo.md"
        await export_to(pilot, app, target)
        assert isinstance(app.screen, SummaryScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(target) in m and "Nothing was saved" in m for m in messages)
    assert "\n> demo\n" in target.read_text(encoding="utf-8")
    assert not private_data_dir.exists()


def test_typed_paths_expand_home_and_stay_out_of_the_working_folder(monkeypatch, tmp_path):
    from reconnect.tui.dialogs.export import default_path, target_path

    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path("t.md") == "~/t.md"
    assert target_path("~/t.md") == tmp_path / "t.md"
    assert target_path("  notes.md ") == tmp_path / "notes.md"  # a bare name goes home too
    assert target_path("/srv/x.md") == Path("/srv/x.md")


async def test_exporting_into_a_folder_that_cannot_be_entered_says_so(sample_library, store,
                                                                      clock, tmp_path,
                                                                      monkeypatch):
    """The report: a PermissionError from Path.is_dir() crashed the app."""
    from pathlib import Path

    locked = tmp_path / "locked"
    real_is_dir = Path.is_dir

    def guarded(path: Path) -> bool:
        if locked in (path, *path.parents):
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_dir(path)

    monkeypatch.setattr(Path, "is_dir", guarded)
    store.set_setting("safety_notice_seen", "yes")
    app = make_app(library=sample_library, store=store, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ExportDialog("# text\n", "reconnect-x.md"))
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(locked / "inside" / "t.md")
        await pilot.click("#export-save")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)  # still open, nothing crashed
        message = str(app.screen.query_one("#export-message", Static).render())
        assert "Could not look in" in message and "permission was denied" in message
