"""The Markdown transcript: complete, attributed, escaped, private until revealed; safe writes."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from reconnect.core import engine
from reconnect.core import events as ev
from reconnect.core.trail import Trail, replay
from reconnect.core.view import view
from reconnect.files import write_atomically as write_text_atomically
from reconnect.format import load_file
from reconnect.reports.transcript import (
    escape_line,
    fallback_markdown,
    length,
    quote,
    transcript_filename,
    transcript_markdown,
)

from conftest import DATA

T0 = 1_800_000_000.0
HOSTILE = "# heading\n<script>alert(1)</script>\n| table | x |\n\x1b[2Jclear\n> quoted\n- item"


def walkthrough():
    result = load_file(DATA / "walkthrough.toml")
    assert result.exercise is not None
    return result.exercise


class Script:
    """Events with times one second apart, applied as they are added."""

    def __init__(self, first: int = 0, exercise=None) -> None:
        self.at = T0
        self.exercise = exercise or walkthrough()
        self.events: list[ev.Event] = [ev.Start(self.at, ("Alex", "Sam"), first)]
        self.state = engine.apply(engine.new_state(self.exercise), self.events[0]).state

    def __call__(self, cls, *args: object, gap: float = 1) -> Script:
        self.at += gap
        event = cls(self.at, *args)
        self.state = engine.apply(self.state, event).state
        self.events.append(event)
        return self

    @property
    def trail(self) -> Trail:
        trail = replay(self.exercise, self.events)
        assert trail.state == self.state and not trail.rejected
        return trail

    def ratings(self, first: int, second: int) -> Script:
        return self(ev.Advance)(ev.Rate, first)(ev.Advance)(ev.Rate, second)(ev.Advance)

    def wishes(self, first: str, second: str) -> Script:
        return self(ev.Advance)(ev.Answer, first)(ev.Advance)(ev.Answer, second)


def full_session(first_wish: str = "More walks together", second_wish: str = "Quiet evenings"):
    script = Script()
    script.ratings(3, 8)
    script(ev.Choose, "Money")
    script(ev.Advance)  # past the first turn
    script.wishes(first_wish, second_wish)
    script(ev.Advance)  # swap: round 2
    script(ev.Advance)  # Sam's turn to speak
    script.wishes("Round two from Sam", "Round two from Alex")
    script(ev.Advance)  # swap, rounds over
    script(ev.Advance)  # past the reveal
    script(ev.Advance)  # past the end
    assert script.state.finished
    return script


def test_header_names_status_source_and_date():
    script = full_session()
    text = transcript_markdown(script.trail)
    assert text.startswith("# Walkthrough\n")
    assert "- Partners: Alex and Sam (Alex started)" in text
    assert "- Status: Finished" in text
    assert "Markman, Stanley \\& Blumberg" not in text  # & is only escaped before an entity
    assert "Markman, Stanley & Blumberg" in text
    from datetime import datetime

    moment = datetime.fromtimestamp(T0)
    assert f"{moment.day} {moment:%B %Y}, {moment:%H:%M}" in text


def test_every_step_in_order_with_prompts_names_rounds_and_both_private_answers():
    text = transcript_markdown(full_session().trail)
    headings = re.findall(r"^### (.*)$", text, flags=re.MULTILINE)
    assert headings == [
        "Part 1 · Check-in before (private)",
        "Part 2 · A choice",
        "Part 3 · Speaking and listening · Round 1 of 2",
        "Part 4 · Written answers · Round 1 of 2 (private)",
        "Part 5 · Roles swap · Round 1 of 2",
        "Part 6 · Speaking and listening · Round 2 of 2",
        "Part 7 · Written answers · Round 2 of 2 (private)",
        "Part 8 · Roles swap · Round 2 of 2",
        "Part 9 · Side by side",
        "Part 10 · The end",
    ]
    assert "> Alex, you hold the floor." in text  # prompts with the names filled in
    assert "> Sam, you hold the floor." in text  # roles swapped in round 2
    assert "Speaker: Alex · Listener: Sam · spoke for 1 second of 2 minutes" in text
    assert "Round 1 · Alex wrote:\n\n> More walks together" in text
    assert "Round 1 · Sam wrote:\n\n> Quiet evenings" in text
    assert "Round 2 · Sam wrote:\n\n> Round two from Sam" in text  # Sam speaks first now
    assert "Round 2 · Alex wrote:\n\n> Round two from Alex" in text
    assert "- Chosen: Money" in text
    assert "(changed)" not in text


def test_ratings_carry_their_scale_labels_and_checkin_changes_are_listed():
    text = transcript_markdown(full_session().trail)
    assert "- Alex: 3 (0 = Not calm at all, 10 = Completely calm)" in text
    assert "- Sam: 8 (0 = Not calm at all, 10 = Completely calm)" in text
    assert "## Check-ins, before and after" in text
    assert "- Alex · calm: 3 → (not asked again)" in text


def test_a_private_answer_given_again_after_back_shows_the_final_one_only():
    script = Script()
    script.ratings(5, 6)
    script(ev.Choose, "Money")(ev.Advance)
    script(ev.Advance)(ev.Answer, "First thought")  # Alex's private wish
    script(ev.Back)  # restarts the private step
    script(ev.Advance)(ev.Answer, "Second thought")
    script(ev.Advance)(ev.Answer, "Sam's wish")
    script(ev.Advance)(ev.Advance)  # swap, then Sam speaks
    script.wishes("Two", "Two too")
    text = transcript_markdown(script.trail)
    assert "Second thought" not in text  # the reveal has not been reached yet
    script(ev.Advance)  # swap, rounds over: the reveal shows both answers
    state = script.state
    assert [r.value for r in state.records if r.step == "wish"][:3] == [
        "First thought", "Second thought", "Sam's wish"]
    text = transcript_markdown(script.trail)
    # a private answer is the partner's own until the reveal: no "(changed)" in the export
    assert "Round 1 · Alex wrote:\n\n> Second thought" in text
    assert "First thought" not in text
    assert "Round 1 · Sam wrote:\n\n> Sam's wish" in text


def test_saying_the_same_again_is_not_a_change():
    script = Script()
    script.ratings(5, 6)
    script(ev.Back)  # back to the rating step (it restarts)
    script.ratings(5, 6)
    text = transcript_markdown(script.trail)
    assert "- Alex: 5 (0" in text and "(changed)" not in text


def test_private_answers_stay_hidden_until_the_reveal_in_an_unfinished_session():
    script = Script()
    script.ratings(5, 6)
    script(ev.Choose, "Money")(ev.Advance)
    script.wishes("My secret wish", "Sam's secret")
    text = transcript_markdown(script.trail)
    assert "My secret wish" not in text and "Sam's secret" not in text
    assert "Alex answered privately; it stays hidden until the reveal." in text
    assert "Not finished (stopped at part 5 of 10)" in text
    # both partners' ratings are in, so those have been revealed already
    assert "- Sam: 6 (0" in text
    # the closing check-in is still ahead: not "not asked again"
    assert "- Alex · calm: 5 → (not asked yet)" in text


def test_a_spanish_transcript_names_the_roles_and_measures_in_spanish():
    from reconnect import i18n

    with i18n.speaking("es"):
        text = transcript_markdown(full_session().trail)
    assert "Hablante: Alex · Oyente: Sam · " in text
    assert "- Alex · calma: 3 → (no se volvió a preguntar)" in text
    assert "Speaker:" not in text and "Listener:" not in text


def test_a_single_private_rating_is_not_shown_before_the_other_partner_rates():
    script = Script()
    script(ev.Advance)(ev.Rate, 2)
    text = transcript_markdown(script.trail)
    assert "Alex answered privately" in text
    assert "- Alex: 2" not in text


def test_hostile_answers_are_escaped_and_cannot_change_the_structure():
    script = full_session(first_wish=HOSTILE)
    text = transcript_markdown(script.trail)
    assert "\x1b" not in text
    assert "<script>" not in text and "&lt;script>" in text
    assert "| table |" not in text and "\\| table \\| x \\|" in text
    for line in text.splitlines():
        if "heading" in line or "table" in line or "item" in line or "quoted" in line:
            assert line.startswith("> "), line  # always inside the blockquote
    assert "> \\# heading\\" in text  # a hard line break, never a heading
    assert "> \\> quoted\\" in text
    assert "> \\- item" in text
    headings = re.findall(r"^#+ .*$", text, flags=re.MULTILINE)
    assert not any("heading" in heading for heading in headings)


def test_hostile_names_are_escaped_too():
    exercise = walkthrough()
    text = transcript_markdown(replay(exercise, [ev.Start(T0, ("*Al* <b>", "|Sam|"), 0)]))
    assert "- Partners: \\*Al\\* &lt;b> and \\|Sam\\|" in text


@pytest.mark.parametrize(("line", "expected"), [
    ("# title", "\\# title"),
    ("## two", "\\## two"),
    ("> quote", "\\> quote"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("* item", "\\* item"),
    ("1. first", "1\\. first"),
    ("2) second", "2\\) second"),
    ("===", "\\==="),
    ("```python", "\\`\\`\\`python"),
    ("    indented code", "indented code"),
    ("a | b", "a \\| b"),
    ("<img src=x>", "&lt;img src=x>"),
    ("&amp; &#60;", "&amp;amp; &amp;#60;"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("[link](javascript:x)", "\\[link\\](javascript:x)"),
    ("back\\slash", "back\\\\slash"),
    ("~~gone~~", "\\~\\~gone\\~\\~"),
    ("plain words", "plain words"),
])
def test_escape_line(line, expected):
    assert escape_line(line) == expected


def test_quote_keeps_line_breaks_and_paragraphs():
    assert quote("one\ntwo\n\nthree") == ["> one\\", "> two", ">", "> three"]
    assert quote("ends with a backslash\\\nnext") == ["> ends with a backslash\\\\\\", "> next"]
    assert quote("") == ["> (empty)"]


def test_pauses_and_time_outs_come_from_the_events():
    script = Script()
    script.ratings(5, 6)
    script(ev.Choose, "Money")
    script(ev.Pause)(ev.Resume, gap=180)
    script(ev.TakeTimeout, gap=60)(ev.EndTimeout, gap=25 * 60)
    text = transcript_markdown(script.trail)
    assert "## Pauses and time-outs" in text
    assert "during part 3 (speaking and listening, round 1): paused for 3 minutes." in text
    assert "a time-out of 20 minutes; you came back after 25 minutes." in text


def test_facilitator_notes_are_not_included():
    source = (DATA / "walkthrough.toml").read_text().replace(
        'text = "Pick a topic."', 'text = "Pick a topic."\nfacilitator = "SECRET NOTE"')
    from reconnect.format import load_text

    exercise = load_text(source).exercise
    assert exercise is not None and exercise.step("topic").facilitator == "SECRET NOTE"
    text = transcript_markdown(replay(exercise, full_session().events))
    assert "Pick a topic." in text and "SECRET NOTE" not in text


def test_fallback_lists_every_answer_when_the_exercise_cannot_be_read():
    events = full_session(first_wish="Kept \x1b[2J safe").events
    text = fallback_markdown("Walkthrough", ("Alex", "Sam"), T0, events)
    assert "> Kept \\[2J safe" in text
    assert "a rating: 8" in text and "chosen: Money" in text


def test_filename_is_safe_for_slashes_unicode_and_odd_titles():
    assert transcript_filename("Speaker and Listener", T0).startswith(
        "reconnect-speaker-and-listener-")
    for title in ("../../etc/passwd", "Zärtlichkeit / Nähe", "日本語", "  ", "a\\b:c*?<>|\x00"):
        name = transcript_filename(title, T0)
        assert re.fullmatch(r"reconnect-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.md", name), name
        assert "/" not in name and ".." not in name
    assert transcript_filename("Zärtlichkeit / Nähe", T0).startswith("reconnect-zartlichkeit-nahe-")
    assert transcript_filename("日本語", T0).startswith("reconnect-session-")


def test_atomic_write_is_private_and_leaves_no_temporary_files(tmp_path: Path):
    target = tmp_path / "transcript.md"
    write_text_atomically(target, "first\n")
    target.chmod(0o644)
    write_text_atomically(target, "second · ünïcode\n")
    assert target.read_text(encoding="utf-8") == "second · ünïcode\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["transcript.md"]


def test_atomic_write_failures_raise_and_clean_up(tmp_path: Path):
    with pytest.raises(OSError):
        write_text_atomically(tmp_path / "missing" / "t.md", "x")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(OSError):
        write_text_atomically(folder, "x")
    assert os.listdir(folder) == []
    assert sorted(os.listdir(tmp_path)) == ["a-folder"]


def test_a_markdown_parser_sees_hostile_answers_as_plain_quoted_text():
    from markdown_it import MarkdownIt  # comes with rich; the parser Textual itself uses

    text = transcript_markdown(full_session(first_wish=HOSTILE + "\n1. one\n```\ncode").trail)
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(text)
    kinds = {token.type for token in tokens}
    assert not kinds & {"html_block", "table_open", "fence", "code_block", "ordered_list_open"}
    headings = [tokens[n + 1].content for n, token in enumerate(tokens)
                if token.type == "heading_open"]
    assert not any("heading" in heading for heading in headings)
    children = [child for token in tokens for child in token.children or []]
    assert not [child for child in children if child.type in ("html_inline", "s_open", "link_open")]
    # every text run on its own line: hard breaks and block boundaries both separate lines
    shown = "\n".join(child.content for child in children if child.type == "text")
    for line in ("# heading", "<script>alert(1)</script>", "| table | x |", "> quoted",
                 "- item", "1. one", "```", "code"):
        assert line in shown.splitlines(), line


def _drive(exercise, rng) -> Trail:
    """A finished session with random fitting events, back-steps and time-outs included."""
    state = engine.apply(engine.new_state(exercise), ev.Start(T0, ("Alex", "Sam"), 0)).state
    events: list[ev.Event] = [ev.Start(T0, ("Alex", "Sam"), 0)]
    now = T0
    for _ in range(3000):
        now += 7
        moment = view(state, now)
        if moment.expects == "finished":
            return replay(exercise, events)
        roll = rng.random()
        event: ev.Event
        if moment.expects == "timeout":
            event = ev.EndTimeout(now)
        elif roll < 0.03:
            event = ev.Back(now)
        elif roll < 0.05:
            event = ev.TakeTimeout(now)
        elif moment.expects == "text":
            event = ev.Answer(now, f"words {rng.randint(0, 10**6)}\n# and more")
        elif moment.expects == "rating":
            assert moment.scale is not None
            event = ev.Rate(now, rng.randint(*moment.scale))
        elif moment.expects == "choice":
            event = ev.Choose(now, rng.choice(moment.options))
        else:
            event = ev.Advance(now)
        try:
            state = engine.apply(state, event).state
            events.append(event)
        except engine.EventRejected:
            continue
    raise AssertionError("the session did not finish")


def _bundled():
    from conftest import ROOT

    return sorted((ROOT / "exercises").glob("*.toml"))


@pytest.mark.parametrize("path", _bundled(), ids=lambda path: path.stem)
def test_every_bundled_exercise_gives_a_complete_transcript(path):
    import random

    from reconnect.reports.summary import homework_lines

    exercise = load_file(path).exercise
    assert exercise is not None
    for seed in range(3):
        trail = _drive(exercise, random.Random(seed))
        state = trail.state
        text = transcript_markdown(trail)
        assert "- Status: Finished" in text
        finals = {(r.step, r.round, r.partner): r for r in state.records}
        for record in finals.values():
            step = exercise.step(record.step)
            shown = not step.is_private or state.is_revealed(record.step, record.round)
            if isinstance(record.value, str) and record.value.startswith("words") and shown:
                assert "\n".join(quote(record.value)) in text  # every final answer, escaped
        if homework_lines(trail.facts):
            assert "## Homework" in text
        assert not re.search(r"^#+ .*and more", text, flags=re.MULTILINE)


def test_a_time_out_whose_length_was_changed_is_recorded_with_the_final_length():
    exercise = load_file(DATA / "walkthrough.toml").exercise
    events = [ev.Start(1000.0, ("Alex", "Sam"), 0), ev.TakeTimeout(1010.0),
              ev.SetTimeout(1011.0, 25), ev.SetTimeout(1012.0, 5), ev.EndTimeout(1400.0)]
    text = transcript_markdown(replay(exercise, events))
    assert "a time-out of 5 minutes" in text
    assert "20 minutes" not in text


def test_a_choice_met_twice_lists_both_decisions_in_order():
    from reconnect.format import load_text

    text = """
format = 1
id = "again"
title = "Again"
category = "active-listening"
summary = "s"
minutes = 5
source = "Adapted from a test"

[[steps]]
id = "more"
kind = "choice"
text = "One more exchange?"
options = [{ label = "Yes, one more", goto = "talk" }, "No, we are done"]

[[steps]]
id = "done"
kind = "end"

[[steps]]
id = "talk"
kind = "say"
text = "Talk a little more."
goto = "more"
"""
    exercise = load_text(text).exercise
    assert exercise is not None
    events = [ev.Start(1.0, ("Alex", "Sam"), 0), ev.Choose(2.0, "Yes, one more"),
              ev.Advance(3.0), ev.Choose(4.0, "No, we are done"), ev.Advance(5.0)]
    trail = replay(exercise, events)
    assert trail.state.finished
    markdown = transcript_markdown(trail)
    assert "Chosen: Yes, one more, then No, we are done" in markdown
    assert "(changed)" not in markdown


def test_a_turn_says_how_long_it_really_ran():
    """A 90-second turn ended after 85 seconds reads "85 seconds", never "2 minutes"."""
    from reconnect.format import load_text

    exercise = load_text((DATA / "walkthrough.toml").read_text().replace(
        "seconds = 120", "seconds = 90")).exercise
    script = Script(exercise=exercise)
    script.ratings(5, 6)
    script(ev.Choose, "Money")
    script(ev.Advance, gap=85)
    text = transcript_markdown(script.trail)
    assert "Speaker: Alex · Listener: Sam · spoke for 85 seconds of 90 seconds" in text
    assert "2 minutes" not in text


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "0 seconds"), (1, "1 second"), (59.6, "1 minute"), (60, "1 minute"),
    (90, "90 seconds"), (119, "119 seconds"), (120, "2 minutes"), (125, "2 minutes 5 seconds"),
    (61 * 60 + 1, "61 minutes 1 second"),
])
def test_lengths_are_exact(seconds, words):
    assert length(seconds) == words


def test_a_private_answer_never_revealed_stays_out_of_the_export_after_the_end():
    """An exercise may let the couple decide not to reveal (an intimacy conversation)."""
    from reconnect.format import load_text

    exercise = load_text("""
format = 1
id = "kept"
title = "Kept"
category = "connection"
summary = "s"
minutes = 5
source = "Adapted from a test"

[[steps]]
id = "wish"
kind = "answer"
private = true
text = "{you}, a wish?"

[[steps]]
id = "show-now"
kind = "choice"
text = "Show both now?"
options = ["Not today", { label = "Show both", goto = "both" }]

[[steps]]
id = "done"
kind = "end"

[[steps]]
id = "both"
kind = "reveal"
show = ["wish"]
""").exercise
    assert exercise is not None
    events = [ev.Start(1.0, ("Alex", "Sam"), 0), ev.Advance(2.0), ev.Answer(3.0, "SECRET ONE"),
              ev.Advance(4.0), ev.Answer(5.0, "SECRET TWO"), ev.Choose(6.0, "Not today"),
              ev.Advance(7.0)]
    trail = replay(exercise, events)
    assert trail.state.finished
    text = transcript_markdown(trail)
    assert "SECRET" not in text
    assert "Alex answered privately; it was not revealed." in text
