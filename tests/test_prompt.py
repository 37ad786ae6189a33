"""The prompt: a step's words and its sentence starters, laid out again only when their
height changes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from reconnect.tui.widgets.prompt import Prompt

from pilot_helpers import counting_layouts, screen_text


class PromptApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Prompt(id="prompt")
        yield Static("Press Enter to continue.", id="below")


async def said_then_counted(pilot: Pilot[None], words: str,
                            starters: str = "") -> tuple[Prompt, list[int]]:
    """The prompt, saying ``words`` already, and the layouts of the screen from now on."""
    prompt = pilot.app.query_one(Prompt)
    prompt.say(words, starters)
    await pilot.pause()
    return prompt, counting_layouts(pilot.app.screen)


async def test_words_of_the_same_height_are_drawn_without_laying_the_screen_out():
    app = PromptApp()
    async with app.run_test(size=(60, 12)) as pilot:
        prompt, layouts = await said_then_counted(pilot, "Step 1: read this together.")
        prompt.say("Step 2: and now this, together.")
        await pilot.pause()
        rows = screen_text(app)
        assert rows[0].startswith("Step 2: and now this, together.")
        assert rows[1].startswith("Press Enter to continue.")
        assert layouts == []


async def test_longer_words_and_starters_move_what_is_under_them_down():
    app = PromptApp()
    async with app.run_test(size=(60, 12)) as pilot:
        prompt, layouts = await said_then_counted(pilot, "Step 1: read this together.")
        prompt.say("Alex, say one sentence.\n\nSam, listen.", "Sentence starters:  “I feel ...”")
        await pilot.pause()
        below = app.query_one("#below")
        assert screen_text(app)[:4] == ["Alex, say one sentence.", "Sam, listen.",
                                        "Sentence starters:  “I feel ...”",
                                        "Press Enter to continue."]
        assert below.region.y == 5  # under the five lines of words, blank ones included
        assert layouts == [1]
        prompt.say("Step 3.")  # shorter again: what was under it comes back up
        await pilot.pause()
        assert screen_text(app)[:2] == ["Step 3.", "Press Enter to continue."]
        assert below.region.y == 1
        assert layouts == [1, 1]


async def test_the_same_words_again_ask_for_nothing():
    app = PromptApp()
    async with app.run_test(size=(60, 12)) as pilot:
        starters = "Sentence starters:  “I feel ...”"
        prompt, layouts = await said_then_counted(pilot, "Step 1.", starters)
        prompt.say("Step 1.", starters)
        await pilot.pause()
        assert layouts == []
