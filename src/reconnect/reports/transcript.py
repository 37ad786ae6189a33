"""A session as a Markdown transcript a couple can bring to their therapist. No terminal code.

The transcript follows the path the couple actually took (the engine's path, so steps they went
back from are not mixed in), with each prompt as they saw it, every answer attributed by name
and round, ratings with the words of their scale, how long each turn ran, the pauses and
time-outs they took, how the check-ins moved, and the homework. It is rendered from the session's
trail (the engine's states and facts); no rule of the engine is worked out again here.
Facilitator notes are for demonstrations and are left out.

Everything a partner wrote, and everything from an exercise file, is untrusted: it is escaped
so that it stays text. An answer that begins with ``#`` or contains ``<script>`` or ``| a |``
can never become a heading, HTML or a table, and it always sits inside a blockquote.

Private answers stay private until the exercise reveals them: a transcript exported before the
reveal (or from an exercise where the couple chose not to reveal) says that an answer was given
but not what it was, so exporting never shows one partner what the other kept private.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from reconnect import i18n
from reconnect.core import engine
from reconnect.core.events import Answer, Choose, Event, Rate, decode_all
from reconnect.core.facts import (
    PASSED,
    Fact,
    Paused,
    Recorded,
    Reopened,
    Resumed,
    StepLeft,
    TimeoutBegun,
    TimeoutChanged,
    TimeoutEnded,
    Visit,
)
from reconnect.core.trail import CannotResume, Trail
from reconnect.format.model import (
    AnswerStep,
    BreakStep,
    ChoiceStep,
    HomeworkStep,
    RatingStep,
    RevealStep,
    Step,
    SwapStep,
    TurnStep,
)
from reconnect.format.placeholders import render
from reconnect.i18n import N_, _, day_words, ngettext
from reconnect.reports.summary import checkin_changes, homework
from reconnect.reports.vocabulary import role_words
from reconnect.storage.journal import trail_of
from reconnect.storage.store import SessionRecord, Store
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
    return lines or ["> " + _("(empty)")]


# -- file names -------------------------------------------------------------------------------


def transcript_filename(title: str, when: float) -> str:
    """``reconnect-<title as a slug>-<YYYY-MM-DD>.md``: letters, digits and hyphens only."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-") or "session"
    day = datetime.fromtimestamp(when).date().isoformat()
    return f"reconnect-{slug}-{day}.md"


# -- the transcript --------------------------------------------------------------------------

KIND_TITLES = {
    "say": N_("Together"),
    "turn": N_("Speaking and listening"),
    "answer": N_("Written answers"),
    "rating": N_("Rating"),
    "choice": N_("A choice"),
    "reveal": N_("Side by side"),
    "break": N_("A break"),
    "swap": N_("Roles swap"),
    "homework": N_("Homework"),
    "end": N_("The end"),
}


def _kind_title(kind: str) -> str:
    known = KIND_TITLES.get(kind)
    return _(known) if known else kind.capitalize()


def _when(at: float, with_time: bool = True) -> str:
    moment = datetime.fromtimestamp(at)
    day = day_words(moment)
    return f"{day}, {moment:%H:%M}" if with_time else day


def _clock_time(at: float, start: float) -> str:
    """``19:42`` on the day the session began, the full date on any other day."""
    if datetime.fromtimestamp(at).date() == datetime.fromtimestamp(start).date():
        return f"{datetime.fromtimestamp(at):%H:%M}"
    return _when(at)


def _duration(seconds: float) -> str:
    """A pause or a time-out, to the minute."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return _("less than a minute")
    return _minutes(minutes)


def _minutes(count: int) -> str:
    return ngettext("{count} minute", "{count} minutes", count).format(count=count)


def _seconds(count: int) -> str:
    return ngettext("{count} second", "{count} seconds", count).format(count=count)


def length(seconds: float) -> str:
    """A turn's length as it ran, to the second: ``90 seconds``, ``2 minutes 5 seconds``."""
    total = max(0, round(seconds))
    minutes, rest = divmod(total, 60)
    if (minutes and total >= 120) or (minutes and not rest):
        parts = [_minutes(minutes)]
        if rest:
            parts.append(_seconds(rest))
        return " ".join(parts)
    return _seconds(total)


def _filled(text: str, mapping: dict[str, str]) -> str:
    """Placeholders filled; ``{you}, what ...`` reads ``Each of you, what ...`` at the start."""
    filled = render(text, mapping)
    if text.startswith("{") and filled[:1].islower():
        return filled[:1].upper() + filled[1:]
    return filled


def _who(visit: Visit, name: str) -> str:
    return _("Round {round} · {name}").format(round=visit.round, name=name) \
        if visit.rounds > 1 else name


def _recorded(facts: Sequence[Fact], step_id: str,
              round_number: int) -> dict[int | None, list[Recorded]]:
    """Every answer to one step in one round, per partner (None: given together), oldest first."""
    found: dict[int | None, list[Recorded]] = {}
    for fact in facts:
        if isinstance(fact, Recorded) and fact.step_id == step_id and fact.round == round_number:
            found.setdefault(fact.partner, []).append(fact)
    return found


def _scale_words(step: RatingStep, mapping: dict[str, str]) -> str:
    scale = step.scale
    low, high = render(scale.low_label, mapping), render(scale.high_label, mapping)
    if low or high:
        return (f"({scale.low} = {inline(low) or scale.low}, "
                f"{scale.high} = {inline(high) or scale.high})")
    return _("(on a scale from {low} to {high})").format(low=scale.low, high=scale.high)


def _answer_lines(trail: Trail, visit: Visit, step: Step, last: bool) -> list[str]:
    state = trail.state
    names = state.names
    mapping = engine.names_at(state, visit)
    found = _recorded(trail.facts, step.id, visit.round)
    lines: list[str] = []
    order = sorted(found, key=lambda key: -1 if key is None else key)
    hidden = step.is_private and not state.is_revealed(step.id, visit.round)
    if hidden and any(key is not None for key in order):
        for key in order:
            who = _who(visit, inline(names[key]) if key is not None else _("You"))
            if state.finished:
                said = _("{who} answered privately; it was not revealed.")
            else:
                said = _("{who} answered privately; it stays hidden until the reveal.")
            lines.append("- " + said.format(who=who))
        return lines + [""]
    for key in order:
        records = found[key]
        final = records[-1]
        name = inline(names[key]) if key is not None else None
        passed = final.value is PASSED
        # a private answer may be changed before the reveal; that is the partner's own business
        changed = "" if step.is_private or passed or not any(
            r.value != final.value for r in records[:-1]) else " " + _("(changed)")
        if isinstance(step, RatingStep):
            who = _who(visit, name or _("Together"))
            if passed:
                lines.append("- " + _("{who} passed.").format(who=who))
            else:
                lines.append(f"- {who}: {final.value}{changed} {_scale_words(step, mapping)}")
        elif isinstance(step, ChoiceStep):
            # a choice met again (another exchange, another round of talk) is a new decision,
            # not a changed answer: every one is listed, in order
            label = _("Chosen:") + " " + (", " + _("then") + " ").join(
                inline(str(r.value)) for r in records)
            lines.append("- " + _who(visit, label))
        elif passed:
            lines.append("- " + _("{who} passed.").format(who=_who(visit, name or _("You"))))
        else:
            who = _who(visit, _("{name} wrote").format(name=name) if name is not None
                       else _("You wrote together"))
            lines += ["", f"{who}{changed}:", "", *quote(str(final.value)), ""]
    if not found:
        lines.append("_" + (_("No answer yet.") if last and not state.finished
                            else _("No answer was given here.")) + "_")
    return lines + [""]


def _ran(trail: Trail, visit: Visit) -> float | None:
    """How long the countdown of ``visit`` ran, if the couple went on from it."""
    ran = None
    for fact in trail.facts:
        if isinstance(fact, StepLeft) and fact.visit == visit:
            ran = fact.ran
    return ran


def _step_lines(trail: Trail, visit: Visit, index: int, shown: set[tuple[str, int]]) -> list[str]:
    state = trail.state
    exercise = state.exercise
    step = exercise.steps[visit.index]
    names = state.names
    answerer = None
    if isinstance(step, AnswerStep) and step.who not in ("each", "together"):
        answerer = visit.holders[exercise.roles.index(step.who)]
    mapping = engine.names_at(state, visit, answerer)
    title = _kind_title(step.kind)
    if isinstance(step, RatingStep) and step.checkin == "before":
        title = _("Check-in before")
    elif isinstance(step, RatingStep) and step.checkin == "after":
        title = _("Check-in after")
    rounds = " · " + _("Round {round} of {rounds}").format(round=visit.round,
                                                          rounds=visit.rounds) \
        if visit.rounds > 1 else ""
    private = " " + _("(private)") if step.is_private else ""
    # numbered as the app counts the couple's way through ("part 3 of 9")
    heading = _("Part {part} · {title}").format(part=visit.part, title=title)
    lines = [f"### {heading}{rounds}{private}", ""]
    if visit.audience is not None:
        lines += [_("For {name}.").format(name=inline(names[visit.audience])), ""]
    if isinstance(step, TurnStep) and visit.speaker is not None and visit.listener is not None:
        roles = exercise.roles
        other = roles[1] if step.speaker == roles[0] else roles[0]
        ran = _ran(trail, visit)
        timing = ""
        if visit.seconds and ran is not None:
            timing = " · " + _("spoke for {ran} of {planned}").format(
                ran=length(ran), planned=length(visit.seconds))
        elif visit.seconds:
            timing = f" · {length(visit.seconds)}"
        speaker, listener = role_words(step.speaker), role_words(other)
        lines += [f"{inline(speaker.capitalize())}: {inline(names[visit.speaker])} · "
                  f"{inline(listener.capitalize())}: {inline(names[visit.listener])}{timing}",
                  ""]
    texts = [step.text] + ([step.listener_text] if isinstance(step, TurnStep) else [])
    for text in texts:
        if text.strip():
            lines += quote(_filled(text, mapping)) + [""]
    if isinstance(step, SwapStep):
        lines += [_("The roles swapped."), ""]
    elif isinstance(step, BreakStep):
        ran = _ran(trail, visit)
        planned = step.minutes or 20
        if ran is not None:
            said = ngettext("A break of {minutes} minute; it lasted {ran}.",
                            "A break of {minutes} minutes; it lasted {ran}.", planned).format(
                                minutes=planned, ran=_duration(ran))
        else:
            said = ngettext("A break of {minutes} minute.", "A break of {minutes} minutes.",
                            planned).format(minutes=planned)
        lines += [said, ""]
    elif isinstance(step, RevealStep):
        both = engine.to_both_partners(mapping)
        lines += [_("Both answers were shown side by side for:"), ""]
        for shown_id in step.show:
            if exercise.has_step(shown_id):
                question = _filled(exercise.step(shown_id).text, both)
                lines.append(f"- {inline(question) or inline(shown_id)}")
        lines.append("")
    elif isinstance(step, HomeworkStep) and step.tasks:
        lines += [_("The homework is listed at the end."), ""]
    if step.collects_answer:
        key = (step.id, visit.round)
        if key in shown:
            lines += ["_" + _("Visited again; the answers are shown at the first visit above.")
                      + "_", ""]
        else:
            shown.add(key)
            lines += _answer_lines(trail, visit, step,
                                   last=index == len(state.path) - 1)
    return lines


def _where(visit: Visit | None) -> str:
    if visit is None:
        return _("after the last step")
    title = _kind_title(visit.kind).lower()
    if visit.rounds > 1:
        title += ", " + _("round {round}").format(round=visit.round)
    return _("part {part} ({title})").format(part=visit.part, title=title)


def _breaks(trail: Trail, start: float) -> list[str]:
    """Pauses, time-outs and restarts, each with the step it happened on."""
    lines: list[str] = []
    pause: Paused | None = None
    timeout: TimeoutBegun | None = None
    agreed = 0
    for fact in trail.facts:
        match fact:
            case TimeoutBegun():
                timeout, agreed = fact, fact.minutes
            case TimeoutChanged():
                agreed = fact.minutes
            case TimeoutEnded():
                began = timeout.where if timeout is not None else fact.where
                lines.append("- " + ngettext(
                    "{time}, during {where}: a time-out of {minutes} minute; you came back "
                    "after {taken}.",
                    "{time}, during {where}: a time-out of {minutes} minutes; you came back "
                    "after {taken}.", fact.minutes).format(
                        time=_clock_time(fact.began, start), where=_where(began),
                        minutes=fact.minutes, taken=_duration(fact.at - fact.began)))
                timeout = None
            case Paused():
                pause = fact
            case Resumed() if pause is not None:
                lines.append("- " + _("{time}, during {where}: paused for {taken}.").format(
                    time=_clock_time(pause.at, start), where=_where(pause.where),
                    taken=_duration(fact.at - pause.at)))
                pause = None
            case Reopened():
                lines.append("- " + _("{time}: picked up again at {where}.").format(
                    time=_when(fact.at), where=_where(fact.where)))
    if timeout is not None:
        lines.append("- " + ngettext(
            "{time}, during {where}: a time-out of {minutes} minute, still running when the "
            "session stopped.",
            "{time}, during {where}: a time-out of {minutes} minutes, still running when the "
            "session stopped.", agreed).format(time=_clock_time(timeout.at, start),
                                               where=_where(timeout.where), minutes=agreed))
    if pause is not None:
        lines.append("- " + _("{time}, during {where}: paused, and the session stopped there.")
                     .format(time=_clock_time(pause.at, start), where=_where(pause.where)))
    return lines


def transcript_markdown(trail: Trail, *, finished: bool | None = None,
                        language: str | None = None) -> str:
    """The whole session as Markdown. ``finished`` overrides whether it counts as finished (a
    session the couple left early and marked as done). With ``language`` (the language the
    session was run in), the transcript's own words are in that language, whatever the
    interface speaks now; the exercise's words are the ones the session ran."""
    if language is not None:
        with i18n.speaking(language):
            return transcript_markdown(trail, finished=finished)
    state = trail.state
    exercise = state.exercise
    start = trail.started_at if trail.started_at is not None else state.last_at
    done = state.finished if finished is None else finished
    names = state.names
    if done:
        status = _("Finished")
    else:
        visit = state.visit
        where = _("part {part} of {parts}").format(part=visit.part,
                                                   parts=visit.part + state.ahead) \
            if visit else _("the start")
        status = _("Not finished (stopped at {where})").format(where=where)
    lines = [
        "# " + (inline(exercise.title) or _("An exercise")),
        "",
        "- " + _("Date: {date}").format(date=_when(start)),
        "- " + _("Partners: {first} and {second} ({starter} started)").format(
            first=inline(names[0]), second=inline(names[1]),
            starter=inline(names[state.first])),
        "- " + _("Status: {status}").format(status=status),
    ]
    if exercise.source.strip():
        lines.append("- " + _("Source: {source}").format(source=inline(exercise.source)))
    lines += ["", "## " + _("The steps you went through"), ""]
    shown: set[tuple[str, int]] = set()
    for index, visit in enumerate(state.visits):
        lines += _step_lines(trail, visit, index, shown)

    # Going back never deletes what was written, so an answer on a step left by going back is
    # still shown (a private one only once it was revealed, as with every private answer).
    elsewhere = [record for record in state.records
                 if (record.step, record.round) not in shown and record.value is not PASSED
                 and (not exercise.step(record.step).is_private
                      or state.is_revealed(record.step, record.round))]
    if elsewhere:
        lines += ["## " + _("Also written, on steps you went back from"), ""]
        for record in elsewhere:
            who = inline(names[record.partner]) if record.partner is not None \
                else _("Together")
            lines += [_("{who}, at step {step}:").format(
                who=who, step=exercise.index(record.step) + 1), ""]
            lines += quote(str(record.value)) + [""]

    pauses = _breaks(trail, start)
    if pauses:
        lines += ["## " + _("Pauses and time-outs"), ""] + pauses + [""]
    changes = checkin_changes(state)
    if changes:
        lines += ["## " + _("Check-ins, before and after"), ""]
        lines += [f"- {inline(str(change))}" for change in changes] + [""]
    assigned = homework(trail.facts)
    if assigned:
        lines += ["## " + _("Homework"), ""]
        for item in assigned:
            lines += ["", *quote(item.text), ""]
            lines += [f"- {inline(task)}" for task in item.tasks]
        lines.append("")
    lines += ["---", "", _("Made with reconnect.")]
    return _finish(lines)


def stored_transcript(store: Store, record: SessionRecord) -> str:
    """The Markdown transcript of a saved session, read-only, in the language the session was
    run in, with the exercise text the session stored.

    When the exercise text it was saved with can no longer be read, the words are still
    shown (without prompts), because they belong to the couple whatever the file says.
    Raises StoreError when the progress file cannot be read.
    """
    with i18n.speaking(record.language):
        try:
            trail = trail_of(store, record)
        except CannotResume:
            return fallback_markdown(record.exercise_title,
                                     (record.partner_a, record.partner_b),
                                     record.started_at, decode_all(store.events(record.id)))
        return transcript_markdown(trail, finished=record.status == "finished")


def fallback_markdown(title: str, names: tuple[str, str], started_at: float,
                      events: Sequence[Event]) -> str:
    """What was written, in order, when the exercise text itself can no longer be read.

    Without the exercise the prompts and who wrote what are unknown, but the words are still
    the couple's, so they can still take them to their therapist.
    """
    lines = [
        "# " + (inline(title) or _("An exercise")),
        "",
        "- " + _("Date: {date}").format(date=_when(started_at)),
        "- " + _("Partners: {first} and {second}").format(first=inline(names[0]),
                                                         second=inline(names[1])),
        "",
        _("This version of reconnect cannot read the exercise this session used, so the "
          "prompts and who gave each answer are missing. Everything written is below, in "
          "order. It may include answers that were meant to stay private until a reveal."),
        "",
    ]
    for event in events:
        moment = _clock_time(event.at, started_at)
        if isinstance(event, Answer):
            # stored events keep the text as typed; the engine cleans it when it applies it
            lines += [_("{time}, written:").format(time=moment), "",
                      *quote(clean(str(event.text))), ""]
        elif isinstance(event, Rate):
            lines += ["- " + _("{time}, a rating: {value}").format(time=moment,
                                                                  value=event.value), ""]
        elif isinstance(event, Choose):
            lines += ["- " + _("{time}, chosen: {option}").format(
                time=moment, option=inline(clean(str(event.option)))), ""]
    lines += ["---", "", _("Made with reconnect.")]
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
