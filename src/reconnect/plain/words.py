"""A View said as whole sentences, in the order a screen reader should read them.

Pure functions: each takes what the engine decided (a :class:`View`, the session's facts) and
returns paragraphs of plain text. No symbols stand in for words (no arrows, bullets or box
lines), and exercise and partner text is passed through literally. Nothing here decides what
happens next; the View already says it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from reconnect.core.engine import TIMEOUT_STEP, State
from reconnect.core.facts import Fact
from reconnect.core.view import Action, Expect, View
from reconnect.reports.summary import checkin_changes, homework
from reconnect.safety import SAFETY_TEXT, SAFETY_TITLE


class Para(NamedTuple):
    """One paragraph to print: its words, and whether it is the moment's headline."""

    text: str
    strong: bool = False


DEFAULT_TEXT = {
    "swap": "Time to swap roles.",
    "reveal": "Here are both answers, one after the other.",
    "break": "Take a break. Do something calming on your own until the time is up.",
    "end": "You have reached the end of this exercise.",
}

TIMEOUT_TEXT = ("Step away from the conversation and do something soothing on your own. You "
                "will come back to exactly this point.")
TIMEOUT_IDEAS = ("While you are apart: breathe slowly, in for four and out for six. Walk, "
                 "stretch, or sit somewhere quiet. Let go of replaying the argument, and soothe "
                 "yourself instead. Come back at the agreed time, even if only to set a new one.")

NOT_HIDDEN = ("Input does not come from a terminal here, so what is typed cannot be hidden.")


# small words -------------------------------------------------------------------------------


def duration(seconds: float) -> str:
    """``90`` is "90 seconds", ``120`` is "2 minutes", ``150`` is "2 minutes and 30 seconds"."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    if whole < 120 and rest:
        return _count(whole, "second")
    if not rest:
        return _count(minutes, "minute")
    return f"{_count(minutes, 'minute')} and {_count(rest, 'second')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def clock_time(at: float) -> str:
    """A time of day as people say it on a 24-hour clock: "14:05"."""
    return f"{datetime.fromtimestamp(at):%H:%M}"


def due_words(due_at: float | None, now: float) -> str:
    if due_at is None:
        return ""
    days = round((due_at - now) / 86400)
    if days < 0:
        return "It was due " + ("yesterday." if days == -1 else f"{-days} days ago.")
    return {0: "It is due today.", 1: "It is due tomorrow."}.get(days,
                                                                f"It is due in {days} days.")


def sentence(text: str) -> str:
    """``text`` ending as a sentence (a full stop added only when it has no ending of its own)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?:;,…)\"'”’":
        return text
    return text + "."


# the moment --------------------------------------------------------------------------------


def headline(view: View) -> str:
    """Who, in one sentence: "Alex speaks, Sam listens." """
    names = view.names
    if view.expects == Expect.TIMEOUT:
        return "Time-out: a calm break for both of you."
    if view.expects == Expect.PAUSED:
        return "Paused. The clock has stopped."
    if view.speaker is not None and view.listener is not None:
        return f"{names[view.speaker]} speaks, {names[view.listener]} listens."
    if view.answerer is not None:
        who, other = names[view.answerer], names[1 - view.answerer]
        if view.expects == Expect.HANDOVER:
            return f"Pass the laptop to {who}. {other}, please look away."
        if view.private:
            return f"{who}'s turn, in private."
        return f"{who}'s turn."
    if view.kind == "break":
        return "A break for both of you."
    if view.audience_partner is not None:
        return f"For {names[view.audience_partner]}."
    if view.expects in (Expect.TEXT, Expect.CHOICE):
        return "Together."
    return "For both of you."


def progress(title: str, view: View) -> str:
    words = f"{title}, part {view.part} of {view.parts}"
    if view.rounds > 1:
        words += f", round {view.round} of {view.rounds}"
    return words + "."


def how_long(view: View) -> str:
    """For how long, when the step has a countdown: "90 seconds." or "45 seconds left." """
    if view.expects in (Expect.TIMEOUT, Expect.HANDOVER) or view.total_seconds is None \
            or view.remaining is None:
        return ""
    if view.time_up:
        return "The time is up."
    if view.total_seconds - view.remaining < 1:
        return sentence(duration(view.total_seconds).capitalize())
    return sentence(f"{duration(view.remaining).capitalize()} left")


def time_up(view: View) -> str:
    """The gentle cue at zero: nothing is cut off."""
    if view.kind == "break":
        return "The break is over. Press Enter when you are both ready to come back."
    return "The time is up. Finish your thought, then press Enter."


def moment(title: str, view: View, *, hidden_input: bool = True) -> list[Para]:
    """Everything said when a new moment begins, ending with what to do now."""
    paras = [Para(progress(title, view)), Para(headline(view), strong=True)]
    if view.expects == Expect.TIMEOUT:
        paras.append(Para(TIMEOUT_TEXT))
        if view.timeout_return_at is not None and view.timeout_minutes is not None:
            paras.append(Para(f"Agreed return at {clock_time(view.timeout_return_at)}, in "
                              f"{_count(view.timeout_minutes, 'minute')}."))
        paras.append(Para(TIMEOUT_IDEAS))
        paras.append(Para(instruction(view)))
        return paras
    if view.expects == Expect.PAUSED:
        paras.append(Para(instruction(view)))
        return paras
    if view.expects == Expect.HANDOVER:
        paras.append(Para(instruction(view)))
        return paras
    timing = how_long(view)
    if timing:
        paras.append(Para(timing))
    text = view.text or DEFAULT_TEXT.get(view.kind, "")
    if text:
        paras.append(Para(text))
    if view.listener_text:
        paras.append(Para(view.listener_text))
    if view.stems:
        paras.append(Para("Sentence starters you can use:\n" + _lines(view.stems)))
    if view.listener_stems:
        paras.append(Para("For listening:\n" + _lines(view.listener_stems)))
    paras.extend(Para(line) for line in recalled(view))
    paras.extend(Para(line) for line in revealed(view))
    if view.suggestions:
        paras.append(Para("Some ideas while you rest:\n" + _lines(view.suggestions)))
    if view.tasks:
        paras.append(Para("Tasks:\n" + _lines(view.tasks)))
    if view.facilitator:
        paras.append(Para(f"Facilitator note: {view.facilitator}"))
    paras.append(Para(instruction(view, hidden_input=hidden_input)))
    return paras


def recalled(view: View) -> list[str]:
    shown = view.recalled
    if shown is None or view.expects in (Expect.TIMEOUT, Expect.PAUSED):
        return []
    writer, other = view.names[shown.partner], view.names[1 - shown.partner]
    if shown.hidden:
        return [f"{writer}, type r to see what you wrote earlier. {other}, please look away "
                "for a moment first."]
    return [f"What {writer} wrote earlier, for {sentence(shown.question)}\n"
            f"{sentence(shown.text)}"]


def recalled_text(view: View) -> list[str]:
    """The hidden earlier answer, when its writer asks for it (``r``)."""
    shown = view.recalled
    if shown is None:
        return []
    return [sentence(f"What {view.names[shown.partner]} wrote: {shown.text}")]


def revealed(view: View) -> list[str]:
    """Both answers, one after the other, each labelled with its writer's name."""
    lines = []
    names = view.names
    for item in view.revealed:
        if view.kind == "reveal":
            lines.append(sentence(item.question))
        for partner in (0, 1):
            answer = item.answers[partner]
            if answer is None:
                lines.append(f"{names[partner]} has not answered.")
            elif view.kind == "rating":
                lines.append(sentence(f"{names[partner]}: {answer}"))
            else:
                lines.append(sentence(f"{names[partner]} wrote: {answer}"))
    return lines


def instruction(view: View, *, hidden_input: bool = True) -> str:
    """What to do now, as the last sentence of the moment."""
    names = view.names
    passing = " Type pass to pass on this question." if view.allows(Action.PASS) else ""
    match view.expects:
        case Expect.TIMEOUT:
            return (f"Press Enter when you are both ready to come back. Type longer for "
                    f"{TIMEOUT_STEP} more minutes, or shorter for {TIMEOUT_STEP} fewer.")
        case Expect.PAUSED:
            return "Press Enter, or type p, to carry on."
        case Expect.HANDOVER:
            who = names[view.answerer] if view.answerer is not None else "You"
            return f"{who}, press Enter when you are ready."
        case Expect.TEXT:
            words = "Type your answer on one line, then press Enter."
            if view.draft:
                words += (" Words typed earlier are kept; press Enter on an empty line to "
                          "send them as they are.")
                if not view.private:
                    words += f" They are: {view.draft}"
            return words + _hidden(view, hidden_input) + passing
        case Expect.RATING:
            return rating_instruction(view) + _hidden(view, hidden_input) + passing
        case Expect.CHOICE:
            options = "\n".join(numbered(view.options))
            return f"Choose together. Type the number of your choice, then press Enter.\n{options}"
        case Expect.REVEAL:
            return "Press Enter to continue."
    if view.kind == "turn":
        return "Press Enter when done."
    if view.kind == "break":
        return "Press Enter when you are both calm and ready to come back."
    return "Press Enter to finish." if view.finishes else "Press Enter to continue."


def _hidden(view: View, hidden_input: bool) -> str:
    if not view.private:
        return ""
    if hidden_input:
        return " What you type is not shown."
    return " " + NOT_HIDDEN


def rating_instruction(view: View) -> str:
    assert view.scale is not None
    low, high = view.scale
    words = f"Type a number from {low} to {high}, then press Enter."
    low_label, high_label = view.scale_labels
    if low_label and high_label:
        words += f" {low} means {sentence(low_label)} {high} means {sentence(high_label)}"
    return words


def entry_prompt(view: View) -> str:
    """The words before the typing, for moments that wait for typed input ("" otherwise)."""
    match view.expects:
        case Expect.TEXT:
            return "Your answer: "
        case Expect.RATING:
            return "Your rating: "
        case Expect.CHOICE:
            return "Your choice: "
    return ""


# commands -----------------------------------------------------------------------------------


def commands(view: View | None) -> list[str]:
    """The commands that work at this moment, one sentence each (``?``)."""
    lines = ["Here is what you can type now. Each one ends with Enter."]
    if view is not None:
        allows = view.allows
        if allows(Action.RESUME):
            lines.append("Enter alone, or p, carries on after the pause.")
        elif allows(Action.END_TIMEOUT):
            lines.append("Enter alone comes back from the time-out.")
        elif allows(Action.CONTINUE):
            lines.append("Enter alone goes on.")
        if allows(Action.ANSWER):
            lines.append("Your answer, on one line, saves it.")
        if allows(Action.RATE):
            lines.append("A number saves your rating.")
        if allows(Action.CHOOSE):
            lines.append("The number of an option chooses it.")
        if allows(Action.PASS):
            lines.append("pass: pass on this question, without giving a reason.")
        if allows(Action.PAUSE):
            lines.append("p, or pause: stop the clock until you carry on.")
        if allows(Action.TIMEOUT):
            lines.append("t, or time-out: a calm-down break for both of you, at any moment.")
        if allows(Action.LONGER):
            lines.append(f"longer: {TIMEOUT_STEP} more minutes of time-out.")
        if allows(Action.SHORTER):
            lines.append(f"shorter: {TIMEOUT_STEP} fewer minutes of time-out.")
        if allows(Action.BACK):
            lines.append("b, or back: go back one step.")
        if view.recalled is not None and view.recalled.hidden:
            lines.append("r: show the earlier answer to the partner who wrote it.")
        if allows(Action.JUMP):
            lines.append("j, or jump: go to any step (demonstration only).")
        lines.append("home: back to the library. The session stays saved, to carry on later.")
    lines.append("safety: the safety notice and where to find help.")
    lines.append("q, or quit: leave reconnect. Everything is saved, the words you were typing "
                 "too.")
    lines.append("help, or a question mark: this list.")
    return lines


# the safety notice -----------------------------------------------------------------------------


def safety_notice() -> list[Para]:
    """The whole notice, with its list marks taken off (a screen reader would say them) and
    every line ending as a sentence or a clause (or it would be run into the next)."""
    lines = []
    for line in SAFETY_TEXT.splitlines():
        stripped = line.strip()
        if stripped.startswith("· "):
            line = stripped[2:]
        elif line.startswith("    "):
            line = "  " + stripped  # the rest of the item above
        lines.append(sentence(line) if stripped else "")
    text = "\n".join(lines).replace("(F1)", "(type safety at any prompt)")
    paragraphs = [Para(SAFETY_TITLE + ".", strong=True)]
    paragraphs.extend(Para(chunk) for chunk in text.split("\n\n"))
    return paragraphs


# after the exercise ------------------------------------------------------------------------------


def summary(state: State, facts: Iterable[Fact], *, saved: bool) -> list[Para]:
    names = state.names
    paras = [Para(f"Well done: {sentence(state.exercise.title)}", strong=True),
             Para(f"{names[0]} and {names[1]}, thank you for taking this time together.")]
    changes = checkin_changes(state)
    if changes:
        lines = ["Check-ins, before and after:"]
        for change in changes:
            if change.after is None:
                lines.append(f"{change.name}, {change.measure}: {change.before} before, not "
                             "asked again after.")
                continue
            difference = change.after - change.before
            moved = ("the same" if difference == 0 else
                     f"up {difference}" if difference > 0 else f"down {-difference}")
            lines.append(f"{change.name}, {change.measure}: {change.before} before, "
                         f"{change.after} after, {moved}.")
        paras.append(Para("\n".join(lines)))
    for item in homework(facts):
        paras.append(Para(sentence(f"Homework until next time: {item.text}")
                          + ("\nTasks:\n" + _lines(item.tasks) if item.tasks else "")))
    paras.append(Para("Everything is saved on this computer." if saved
                      else "Demonstration: nothing was saved."))
    paras.append(Para("Press Enter to go back to the library."))
    return paras


def numbered(items: Sequence[str], start: int = 1) -> list[str]:
    """Items as a numbered list, each ending as a sentence (a screen reader pauses there)."""
    return [sentence(f"{number}. {item}") for number, item in enumerate(items, start=start)]


def _lines(items: Iterable[str]) -> str:
    """Items one to a line, each ending as a sentence: without the full stop a screen reader
    runs one line into the next."""
    return "\n".join(sentence(item) for item in items)
