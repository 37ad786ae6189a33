"""A session as a Markdown transcript a couple can bring to their therapist. No terminal code.

The transcript follows the path the couple actually took (the engine's history, so steps they
went back from are not mixed in), with each prompt as they saw it, every answer attributed by
name and round, ratings with the words of their scale, the pauses and time-outs they took, how
the check-ins moved, and the homework. Facilitator notes are for demonstrations and are left out.

Everything a partner wrote, and everything from an exercise file, is untrusted: it is escaped
so that it stays text. An answer that begins with ``#`` or contains ``<script>`` or ``| a |``
can never become a heading, HTML or a table, and it always sits inside a blockquote.

Private answers stay private until the exercise reveals them: a transcript exported from an
unfinished session, before the reveal, says that an answer was given but not what it was, so
exporting early never shows one partner what the other wrote.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from reconnect import engine
from reconnect.format.model import Step
from reconnect.format.templates import render
from reconnect.summary import checkin_changes, homework_lines
from reconnect.text import clean

# -- escaping --------------------------------------------------------------------------------

# Characters that mean something anywhere in a line of Markdown (CommonMark plus the GitHub
# extensions: tables and strikethrough). A backslash makes each one literal.
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# ``&name;`` and ``&#123;`` would be read as character references; a lone ``&`` is just text.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Ordered-list markers ("1." / "1)") start a list only at the beginning of a line.
_ORDERED = re.compile(r"^(\d+)([.)])")
# Characters that start a block (heading, quote, list, setext underline) at the beginning.
_BLOCK_STARTERS = "#>+-="


def escape_line(text: str) -> str:
    """One line of untrusted text, made inert for Markdown (and for HTML inside Markdown)."""
    # Leading spaces would make an indented code block (four or more) or a lazy continuation.
    line = text.replace("\t", " ").lstrip(" ")
    line = _ENTITY.sub("&amp;", line)
    line = line.replace("<", "&lt;")
    line = _INLINE.sub(r"\\\1", line)
    ordered = _ORDERED.match(line)
    if ordered:
        line = f"{ordered.group(1)}\\{line[ordered.end(1):]}"
    elif line[:1] and line[0] in _BLOCK_STARTERS:
        line = "\\" + line
    return line


def inline(text: str) -> str:
    """Untrusted text for use inside a line (a name, a label): one line, escaped."""
    return escape_line(" ".join(text.split()))


def quote(text: str) -> list[str]:
    """Untrusted text as a blockquote: its line breaks kept, blank lines as paragraph breaks."""
    lines: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        rows = [escape_line(row) for row in block.split("\n") if row.strip()]
        if not rows:
            continue
        if lines:
            lines.append(">")
        # a trailing backslash is CommonMark's explicit hard line break; it survives editors
        # that strip trailing spaces, which the two-space form would not
        lines.extend(f"> {row}\\" for row in rows[:-1])
        lines.append(f"> {rows[-1]}")
    return lines or ["> (empty)"]


# -- file names and writing ------------------------------------------------------------------


def transcript_filename(title: str, when: float) -> str:
    """``reconnect-<title as a slug>-<YYYY-MM-DD>.md``: letters, digits and hyphens only."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-") or "session"
    day = datetime.fromtimestamp(when).date().isoformat()
    return f"reconnect-{slug}-{day}.md"


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` readable by the user alone (0600), all or nothing.

    The text goes to a temporary file in the same folder, is flushed to disk, and then renamed
    over ``path``, so a crash or a full disk never leaves half a transcript (or a damaged older
    one). Errors are raised as ``OSError`` for the caller to explain.
    """
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=path.parent)
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    os.chmod(path, 0o600)  # mkstemp already made it 0600; this is for umask-proof certainty


# -- the transcript --------------------------------------------------------------------------

KIND_TITLES = {
    "say": "Together",
    "turn": "Speaking and listening",
    "answer": "Written answers",
    "rating": "Rating",
    "choice": "A choice",
    "reveal": "Side by side",
    "break": "A break",
    "swap": "Roles swap",
    "homework": "Homework",
    "end": "The end",
}


@dataclass(frozen=True)
class _Visit:
    """One step on the couple's path, with the state as it was there (roles, round)."""

    position: engine.Position
    step: Step
    at_state: engine.State
    round: int
    rounds: int


def _when(at: float, with_time: bool = True) -> str:
    moment = datetime.fromtimestamp(at)
    day = f"{moment:%A} {moment.day} {moment:%B %Y}"
    return f"{day}, {moment:%H:%M}" if with_time else day


def _clock_time(at: float, start: float) -> str:
    """``19:42`` on the day the session began, the full date on any other day."""
    if datetime.fromtimestamp(at).date() == datetime.fromtimestamp(start).date():
        return f"{datetime.fromtimestamp(at):%H:%M}"
    return _when(at)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than a minute"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _filled(text: str, mapping: dict[str, str]) -> str:
    """Placeholders filled; ``{you}, what ...`` reads ``Each of you, what ...`` at the start."""
    filled = render(text, mapping)
    if text.startswith("{") and filled[:1].islower():
        return filled[:1].upper() + filled[1:]
    return filled


def _path(state: engine.State) -> list[_Visit]:
    """The steps the couple went through, in order (steps gone back from are not on it)."""
    positions = list(state.history)
    if not state.finished:
        positions.append(state.position)
    visits = []
    for position in positions:
        there = replace(state, position=position, finished=False)
        round_number, rounds = there.current_round()
        visits.append(_Visit(position, state.exercise.steps[position.step], there,
                             round_number, rounds))
    return visits


def _who(visit: _Visit, name: str) -> str:
    return f"Round {visit.round} · {name}" if visit.rounds > 1 else name


def _records(state: engine.State, step_id: str, round_number: int) -> dict[int | None,
                                                                          list[engine.Record]]:
    """Every record of one step in one round, per partner (None: given together), oldest first."""
    found: dict[int | None, list[engine.Record]] = {}
    for record in state.records:
        if record.step == step_id and record.round == round_number:
            found.setdefault(record.partner, []).append(record)
    return found


def _changed(records: list[engine.Record]) -> bool:
    """True when an earlier answer differed from the final one (saying the same again is not)."""
    return any(record.value != records[-1].value for record in records[:-1])


def _scale_words(step: Step, mapping: dict[str, str]) -> str:
    assert step.scale is not None
    scale = step.scale
    low, high = render(scale.low_label, mapping), render(scale.high_label, mapping)
    if low or high:
        return (f"({scale.low} = {inline(low) or scale.low}, "
                f"{scale.high} = {inline(high) or scale.high})")
    return f"(on a scale from {scale.low} to {scale.high})"


def _revealed(visits: list[_Visit], index: int, state: engine.State) -> bool:
    """Whether the private answers at ``visits[index]`` have been shown to both partners."""
    visit = visits[index]
    if state.finished:
        return True
    if visit.step.kind == "rating":
        # ratings reveal themselves as soon as both partners have rated
        return len([p for p in _records(state, visit.step.id, visit.round) if p is not None]) >= 2
    return any(later.step.kind == "reveal" and visit.step.id in later.step.show
               for later in visits[index + 1:])


def _answer_lines(visit: _Visit, state: engine.State, revealed: bool, last: bool) -> list[str]:
    step = visit.step
    names = state.names
    mapping = engine.names_for(visit.at_state)
    found = _records(state, step.id, visit.round)
    lines: list[str] = []
    order = sorted(found, key=lambda key: -1 if key is None else key)
    if step.is_private and not revealed and any(key is not None for key in order):
        for key in order:
            who = _who(visit, inline(names[key]) if key is not None else "You")
            lines.append(f"- {who} answered privately; it stays hidden until the reveal.")
        return lines
    for key in order:
        records = found[key]
        final = records[-1]
        changed = " (changed)" if _changed(records) else ""
        name = inline(names[key]) if key is not None else None
        if step.kind == "rating":
            who = _who(visit, name or "Together")
            lines.append(f"- {who}: {final.value}{changed} {_scale_words(step, mapping)}")
        elif step.kind == "choice":
            # a choice met again (another exchange, another round of talk) is a new decision,
            # not a changed answer: every one is listed, in order
            label = "Chosen: " + ", then ".join(inline(str(r.value)) for r in records)
            lines.append(f"- Round {visit.round} · {label}" if visit.rounds > 1 else f"- {label}")
        else:
            who = _who(visit, f"{name} wrote" if name is not None else "You wrote together")
            lines += ["", f"{who}{changed}:", "", *quote(str(final.value)), ""]
    if not found:
        lines.append("_No answer yet._" if last and not state.finished
                     else "_No answer was given here._")
    return lines + [""]


def _step_lines(visit: _Visit, visits: list[_Visit], index: int, state: engine.State,
                shown: set[tuple[str, int]]) -> list[str]:
    step = visit.step
    there = visit.at_state
    answerer = None
    if step.kind == "answer" and step.who not in ("each", "together"):
        answerer = there.holder(step.who)
    mapping = engine.names_for(there, answerer)
    title = KIND_TITLES.get(step.kind, step.kind.capitalize())
    if step.kind == "rating" and step.checkin in ("before", "after"):
        title = f"Check-in {step.checkin}"
    rounds = f" · Round {visit.round} of {visit.rounds}" if visit.rounds > 1 else ""
    private = " (private)" if step.is_private else ""
    # numbered as the app numbers steps ("step 3 of 8"), so a therapist can match them up
    lines = [f"### Step {visit.position.step + 1} · {title}{rounds}{private}", ""]
    names = state.names
    audience = {"both": "", "first": names[state.first],
                "second": names[1 - state.first]}.get(step.to)
    if audience is None:
        audience = names[there.holder(step.to)]
    if audience:
        lines += [f"For {inline(audience)}.", ""]
    if step.kind == "turn" and step.speaker:
        roles = state.exercise.roles
        other = roles[1] if step.speaker == roles[0] else roles[0]
        speaker, listener = names[there.holder(step.speaker)], names[there.holder(other)]
        minutes = f" · {_duration(step.seconds)}" if step.seconds else ""
        lines += [f"{inline(step.speaker.capitalize())}: {inline(speaker)} · "
                  f"{inline(other.capitalize())}: {inline(listener)}{minutes}", ""]
    for text in (step.text, step.listener_text):
        if text.strip():
            lines += quote(_filled(text, mapping)) + [""]
    if step.kind == "swap":
        lines += ["The roles swapped.", ""]
    elif step.kind == "break":
        lines += [f"A break of {step.minutes or 20} minutes.", ""]
    elif step.kind == "reveal":
        both = engine.to_both_partners(mapping)
        lines += ["Both answers were shown side by side for:", ""]
        for shown_id in step.show:
            if state.exercise.has_step(shown_id):
                question = _filled(state.exercise.step(shown_id).text, both)
                lines.append(f"- {inline(question) or inline(shown_id)}")
        lines.append("")
    elif step.kind == "homework" and step.tasks:
        lines += ["The homework is listed at the end.", ""]
    if step.collects_answer:
        key = (step.id, visit.round)
        if key in shown:
            lines += ["_Visited again; the answers are shown at the first visit above._", ""]
        else:
            shown.add(key)
            lines += _answer_lines(visit, state, _revealed(visits, index, state),
                                   last=index == len(visits) - 1)
    return lines


def _breaks(state: engine.State, events: Sequence[engine.Event], start: float) -> list[str]:
    """Pauses, time-outs and restarts, each with the step it happened on."""
    lines: list[str] = []
    current = engine.new_state(state.exercise)
    open_pause: tuple[float, str] | None = None
    open_timeout: tuple[float, int, str] | None = None

    def where(at_state: engine.State) -> str:
        if at_state.finished or not at_state.started:
            return "after the last step"
        step = at_state.exercise.steps[at_state.position.step]
        title = KIND_TITLES.get(step.kind, step.kind).lower()
        round_number, rounds = at_state.current_round()
        in_round = f", round {round_number}" if rounds > 1 else ""
        return f"step {at_state.position.step + 1} ({title}{in_round})"

    for event in events:
        try:
            after = engine.apply(current, event)
        except engine.EventRejected:
            continue  # the engine skipped it on replay too
        if isinstance(event, engine.TakeTimeout) and after.timeout is not None:
            open_timeout = (event.at, after.timeout.minutes, where(current))
        elif isinstance(event, engine.SetTimeout) and open_timeout is not None:
            # the agreed length changed while apart: the record keeps the final agreement
            open_timeout = (open_timeout[0], event.minutes, open_timeout[2])
        elif isinstance(event, engine.EndTimeout) and open_timeout is not None:
            began, minutes, place = open_timeout
            lines.append(f"- {_clock_time(began, start)}, during {place}: a time-out of "
                         f"{minutes} minutes; you came back after {_duration(event.at - began)}.")
            open_timeout = None
        elif isinstance(event, engine.Pause):
            open_pause = (event.at, where(current))
        elif isinstance(event, engine.Resume) and open_pause is not None:
            began, place = open_pause
            lines.append(f"- {_clock_time(began, start)}, during {place}: paused for "
                         f"{_duration(event.at - began)}.")
            open_pause = None
        elif isinstance(event, engine.Reopen):
            lines.append(f"- {_when(event.at)}: picked up again at {where(current)}.")
        current = after
    if open_timeout is not None:
        began, minutes, place = open_timeout
        lines.append(f"- {_clock_time(began, start)}, during {place}: a time-out of {minutes} "
                     "minutes, still running when the session stopped.")
    if open_pause is not None:
        began, place = open_pause
        lines.append(f"- {_clock_time(began, start)}, during {place}: paused, and the session "
                     "stopped there.")
    return lines


def _first_moment(state: engine.State, events: Sequence[engine.Event]) -> float:
    if events:
        return events[0].at
    if state.records:
        return min(record.at for record in state.records)
    return state.last_at


def transcript_markdown(state: engine.State, *, started_at: float | None = None,
                        finished: bool | None = None,
                        events: Sequence[engine.Event] = ()) -> str:
    """The whole session as Markdown. ``events`` (optional) adds pauses and time-outs."""
    exercise = state.exercise
    start = started_at if started_at is not None else _first_moment(state, events)
    done = state.finished if finished is None else finished
    names = state.names
    total = len(exercise.steps)
    if done:
        status = "Finished"
    else:
        status = f"Not finished (stopped at step {state.position.step + 1} of {total})"
    lines = [
        f"# {inline(exercise.title) or 'An exercise'}",
        "",
        f"- Date: {_when(start)}",
        f"- Partners: {inline(names[0])} and {inline(names[1])} "
        f"({inline(names[state.first])} started)",
        f"- Status: {status}",
    ]
    if exercise.source.strip():
        lines.append(f"- Source: {inline(exercise.source)}")
    lines += ["", "## The steps you went through", ""]
    visits = _path(state)
    shown: set[tuple[str, int]] = set()
    for index, visit in enumerate(visits):
        lines += _step_lines(visit, visits, index, state, shown)

    # Going back never deletes what was written, so a step left by going back is still shown
    # (a private one only once the session is over, as with every private answer).
    elsewhere = [record for record in state.records if (record.step, record.round) not in shown
                 and (state.finished or not exercise.step(record.step).is_private)]
    if elsewhere:
        lines += ["## Also written, on steps you went back from", ""]
        for record in elsewhere:
            who = inline(names[record.partner]) if record.partner is not None else "Together"
            lines += [f"{who}, at step {exercise.index(record.step) + 1}:", ""]
            lines += quote(str(record.value)) + [""]

    pauses = _breaks(state, events, start)
    if pauses:
        lines += ["## Pauses and time-outs", ""] + pauses + [""]
    changes = checkin_changes(state)
    if changes:
        lines += ["## Check-ins, before and after", ""]
        lines += [f"- {inline(change)}" for change in changes] + [""]
    homework = homework_lines(state)
    if homework:
        lines += ["## Homework", ""]
        for line in homework:
            if line.startswith("  · "):
                lines.append(f"- {inline(line[4:])}")
            else:
                lines += ["", *quote(line), ""]
        lines.append("")
    lines += ["---", "", "Made with reconnect."]
    return _finish(lines)


def fallback_markdown(title: str, names: tuple[str, str], started_at: float,
                      events: Sequence[engine.Event]) -> str:
    """What was written, in order, when the exercise text itself can no longer be read.

    Without the exercise the prompts and who wrote what are unknown, but the words are still
    the couple's, so they can still take them to their therapist.
    """
    lines = [
        f"# {inline(title) or 'An exercise'}",
        "",
        f"- Date: {_when(started_at)}",
        f"- Partners: {inline(names[0])} and {inline(names[1])}",
        "",
        "This version of reconnect cannot read the exercise this session used, so the prompts "
        "and who gave each answer are missing. Everything written is below, in order. It may "
        "include answers that were meant to stay private until a reveal.",
        "",
    ]
    for event in events:
        moment = _clock_time(event.at, started_at)
        if isinstance(event, engine.Answer):
            # stored events keep the text as typed; the engine cleans it when it applies it
            lines += [f"{moment}, written:", "", *quote(clean(str(event.text))), ""]
        elif isinstance(event, engine.Rate):
            lines += [f"- {moment}, a rating: {event.value}", ""]
        elif isinstance(event, engine.Choose):
            lines += [f"- {moment}, chosen: {inline(clean(str(event.option)))}", ""]
    lines += ["---", "", "Made with reconnect."]
    return _finish(lines)


def _finish(lines: list[str]) -> str:
    # Everything shown was cleaned on the way in; cleaning the whole again is cheap insurance,
    # because the History screen puts this text on the terminal.
    return clean("\n".join(_squeeze(lines)) + "\n")


def _squeeze(lines: list[str]) -> list[str]:
    """No runs of blank lines (they are harmless but make the file look careless)."""
    kept: list[str] = []
    for line in lines:
        if line == "" and (not kept or kept[-1] == ""):
            continue
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return kept
