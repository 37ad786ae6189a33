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
from reconnect.i18n import N_, _, ngettext
from reconnect.reports.summary import checkin_changes, homework
from reconnect.reports.vocabulary import measure_words
from reconnect.safety import safety_text, safety_title


class Para(NamedTuple):
    """One paragraph to print: its words, and whether it is the moment's headline."""

    text: str
    strong: bool = False


DEFAULT_TEXT = {
    "swap": N_("Time to swap roles."),
    "reveal": N_("Here are both answers, one after the other."),
    "break": N_("Take a break. Do something calming on your own until the time is up."),
    "end": N_("You have reached the end of this exercise."),
}

TIMEOUT_TEXT = N_("Step away from the conversation and do something soothing on your own. You "
                  "will come back to exactly this point.")
TIMEOUT_IDEAS = N_("While you are apart: breathe slowly, in for four and out for six. Walk, "
                   "stretch, or sit somewhere quiet. Let go of replaying the argument, and "
                   "soothe yourself instead. Come back at the agreed time, even if only to set a "
                   "new one.")

NOT_HIDDEN = N_("Input does not come from a terminal here, so what is typed cannot be hidden.")


# small words -------------------------------------------------------------------------------


def duration(seconds: float) -> str:
    """``90`` is "90 seconds", ``120`` is "2 minutes", ``150`` is "2 minutes and 30 seconds"."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    if whole < 120 and rest:
        return _seconds(whole)
    if not rest:
        return _minutes(minutes)
    # Translators: "2 minutes and 30 seconds"
    return _("{minutes} and {seconds}").format(minutes=_minutes(minutes), seconds=_seconds(rest))


def _minutes(number: int) -> str:
    return ngettext("{count} minute", "{count} minutes", number).format(count=number)


def _seconds(number: int) -> str:
    return ngettext("{count} second", "{count} seconds", number).format(count=number)


def clock_time(at: float) -> str:
    """A time of day as people say it on a 24-hour clock: "14:05"."""
    return f"{datetime.fromtimestamp(at):%H:%M}"


def due_words(due_at: float | None, now: float) -> str:
    if due_at is None:
        return ""
    days = round((due_at - now) / 86400)
    if days == -1:
        return _("It was due yesterday.")
    if days < 0:
        return ngettext("It was due {days} day ago.", "It was due {days} days ago.",
                        -days).format(days=-days)
    if days == 0:
        return _("It is due today.")
    if days == 1:
        return _("It is due tomorrow.")
    return ngettext("It is due in {days} day.", "It is due in {days} days.", days).format(
        days=days)


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
        return _("Time-out: a calm break for both of you.")
    if view.expects == Expect.PAUSED:
        return _("Paused. The clock has stopped.")
    if view.speaker is not None and view.listener is not None:
        return _("{speaker} speaks, {listener} listens.").format(
            speaker=names[view.speaker], listener=names[view.listener])
    if view.answerer is not None:
        who, other = names[view.answerer], names[1 - view.answerer]
        if view.expects == Expect.HANDOVER:
            return _("Pass the laptop to {name}.").format(name=who) + " " + _(
                "{name}, please look away.").format(name=other)
        if view.private:
            return _("{name}'s turn, in private.").format(name=who)
        return _("{name}'s turn.").format(name=who)
    if view.kind == "break":
        return _("A break for both of you.")
    if view.audience_partner is not None:
        return _("For {name}.").format(name=names[view.audience_partner])
    if view.expects in (Expect.TEXT, Expect.CHOICE):
        return _("Together.")
    return _("For both of you.")


def progress(title: str, view: View) -> str:
    # Translators: the line mode's progress ("Gratitude, part 3 of 9, round 1 of 2.")
    words = _("{title}, part {part} of {parts}").format(title=title, part=view.part,
                                                          parts=view.parts)
    if view.rounds > 1:
        words += ", " + _("round {round} of {rounds}").format(round=view.round,
                                                              rounds=view.rounds)
    return words + "."


def how_long(view: View) -> str:
    """For how long, when the step has a countdown: "90 seconds." or "45 seconds left." """
    if view.expects in (Expect.TIMEOUT, Expect.HANDOVER) or view.total_seconds is None \
            or view.remaining is None:
        return ""
    if view.time_up:
        return _("The time is up.")
    if view.total_seconds - view.remaining < 1:
        return sentence(capitalized(duration(view.total_seconds)))
    return sentence(capitalized(_("{time} left").format(time=duration(view.remaining))))


def capitalized(text: str) -> str:
    """``text`` with its first letter a capital."""
    return text[:1].upper() + text[1:]


def time_up(view: View) -> str:
    """The gentle cue at zero: nothing is cut off."""
    if view.kind == "break":
        return _("The break is over. Press Enter when you are both ready to come back.")
    return _("The time is up. Finish your thought, then press Enter.")


def moment(title: str, view: View, *, hidden_input: bool = True) -> list[Para]:
    """Everything said when a new moment begins, ending with what to do now."""
    paras = [Para(progress(title, view)), Para(headline(view), strong=True)]
    if view.expects == Expect.TIMEOUT:
        paras.append(Para(_(TIMEOUT_TEXT)))
        if view.timeout_return_at is not None and view.timeout_minutes is not None:
            paras.append(Para(agreed_return(view.timeout_return_at, view.timeout_minutes)))
        paras.append(Para(_(TIMEOUT_IDEAS)))
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
    default = DEFAULT_TEXT.get(view.kind)
    text = view.text or (_(default) if default else "")
    if text:
        paras.append(Para(text))
    if view.listener_text:
        paras.append(Para(view.listener_text))
    if view.stems:
        paras.append(Para(_("Sentence starters you can use:") + "\n" + _lines(view.stems)))
    if view.listener_stems:
        paras.append(Para(_("For listening:") + "\n" + _lines(view.listener_stems)))
    paras.extend(Para(line) for line in recalled(view))
    paras.extend(Para(line) for line in revealed(view))
    if view.suggestions:
        paras.append(Para(_("Some ideas while you rest:") + "\n" + _lines(view.suggestions)))
    if view.tasks:
        paras.append(Para(_("Tasks:") + "\n" + _lines(view.tasks)))
    if view.facilitator:
        paras.append(Para(_("Facilitator note:") + f" {view.facilitator}"))
    paras.append(Para(instruction(view, hidden_input=hidden_input)))
    return paras


def agreed_return(at: float, minutes: int) -> str:
    """When the couple agreed to come back from a time-out, and in how long."""
    return ngettext("Agreed return at {time}, in {minutes} minute.",
                    "Agreed return at {time}, in {minutes} minutes.", minutes).format(
                        time=clock_time(at), minutes=minutes)


def recalled(view: View) -> list[str]:
    shown = view.recalled
    if shown is None or view.expects in (Expect.TIMEOUT, Expect.PAUSED):
        return []
    writer, other = view.names[shown.partner], view.names[1 - shown.partner]
    if shown.hidden:
        return [_("{writer}, type r to see what you wrote earlier. {other}, please look away "
                  "for a moment first.").format(writer=writer, other=other)]
    return [_("What {writer} wrote earlier, when asked: {question}").format(
        writer=writer, question=sentence(shown.question)) + f"\n{sentence(shown.text)}"]


def recalled_text(view: View) -> list[str]:
    """The hidden earlier answer, when its writer asks for it (``r``)."""
    shown = view.recalled
    if shown is None:
        return []
    return [sentence(_("What {writer} wrote:").format(writer=view.names[shown.partner])
                     + f" {shown.text}")]


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
                lines.append(_("{name} has not answered.").format(name=names[partner]))
            elif view.kind == "rating":
                lines.append(sentence(f"{names[partner]}: {answer}"))
            else:
                lines.append(sentence(_("{name} wrote:").format(name=names[partner])
                                      + f" {answer}"))
    return lines


def instruction(view: View, *, hidden_input: bool = True) -> str:
    """What to do now, as the last sentence of the moment."""
    names = view.names
    passing = " " + _("Type pass to pass on this question.") if view.allows(Action.PASS) \
        else ""
    match view.expects:
        case Expect.TIMEOUT:
            return _("Press Enter when you are both ready to come back. Type longer for "
                     "{minutes} more minutes, or shorter for {minutes} fewer.").format(
                         minutes=TIMEOUT_STEP)
        case Expect.PAUSED:
            return _("Press Enter, or type p, to carry on.")
        case Expect.HANDOVER:
            if view.answerer is None:
                return _("Press Enter when you are ready.")
            return _("{name}, press Enter when you are ready.").format(
                name=names[view.answerer])
        case Expect.TEXT:
            words = _("Type your answer on one line, then press Enter.")
            if view.draft:
                words += " " + _("Words typed earlier are kept; press Enter on an empty line "
                                 "to send them as they are.")
                if not view.private:
                    words += " " + _("They are:") + f" {view.draft}"
            return words + _hidden(view, hidden_input) + passing
        case Expect.RATING:
            return rating_instruction(view) + _hidden(view, hidden_input) + passing
        case Expect.CHOICE:
            options = "\n".join(numbered(view.options))
            return _("Choose together. Type the number of your choice, then press Enter.") \
                + f"\n{options}"
        case Expect.REVEAL:
            return _("Press Enter to continue.")
    if view.kind == "turn":
        return _("Press Enter when done.")
    if view.kind == "break":
        return _("Press Enter when you are both calm and ready to come back.")
    return _("Press Enter to finish.") if view.finishes else _("Press Enter to continue.")


def _hidden(view: View, hidden_input: bool) -> str:
    if not view.private:
        return ""
    if hidden_input:
        return " " + _("What you type is not shown.")
    return " " + _(NOT_HIDDEN)


def rating_instruction(view: View) -> str:
    assert view.scale is not None
    low, high = view.scale
    words = _("Type a number from {low} to {high}, then press Enter.").format(low=low,
                                                                              high=high)
    low_label, high_label = view.scale_labels
    if low_label and high_label:
        # Translators: what the two ends of a rating scale mean ("0 means Very tense.")
        words += " " + _("{low} means {low_label} {high} means {high_label}").format(
            low=low, low_label=sentence(low_label), high=high, high_label=sentence(high_label))
    return words


def number_between(low: int, high: int) -> str:
    """What to type when a number was asked for and something else came."""
    return _("Please type a number from {low} to {high}.").format(low=low, high=high)


def entry_prompt(view: View) -> str:
    """The words before the typing, for moments that wait for typed input ("" otherwise)."""
    match view.expects:
        case Expect.TEXT:
            return _("Your answer:") + " "
        case Expect.RATING:
            return _("Your rating:") + " "
        case Expect.CHOICE:
            return _("Your choice:") + " "
    return ""


# commands -----------------------------------------------------------------------------------


def commands(view: View | None, *, saved: bool = True) -> list[str]:
    """The commands that work at this moment, one sentence each (``?``); ``saved`` is False in
    a demonstration, where nothing is."""
    # Translators: name each command (pause, time-out, longer, home, safety, quit, help...) by
    # the word given for it in the "typed command" context; the one-letter ones (p, t, b, q, r,
    # j) stay as they are
    lines = [_("Here is what you can type now. Each one ends with Enter.")]
    if view is not None:
        allows = view.allows
        if allows(Action.RESUME):
            lines.append(_("Enter alone, or p, carries on after the pause."))
        elif allows(Action.END_TIMEOUT):
            lines.append(_("Enter alone comes back from the time-out."))
        elif allows(Action.CONTINUE):
            lines.append(_("Enter alone goes on."))
        if allows(Action.ANSWER):
            lines.append(_("Your answer, on one line, saves it."))
        if allows(Action.RATE):
            lines.append(_("A number saves your rating."))
        if allows(Action.CHOOSE):
            lines.append(_("The number of an option chooses it."))
        if allows(Action.PASS):
            lines.append(_("pass: pass on this question, without giving a reason."))
        if allows(Action.PAUSE):
            lines.append(_("p, or pause: stop the clock until you carry on."))
        if allows(Action.TIMEOUT):
            lines.append(_("t, or time-out: a calm-down break for both of you, at any "
                           "moment."))
        if allows(Action.LONGER):
            lines.append(_("longer: {minutes} more minutes of time-out.").format(
                minutes=TIMEOUT_STEP))
        if allows(Action.SHORTER):
            lines.append(_("shorter: {minutes} fewer minutes of time-out.").format(
                minutes=TIMEOUT_STEP))
        if allows(Action.BACK):
            lines.append(_("b, or back: go back one step."))
        if view.recalled is not None and view.recalled.hidden:
            lines.append(_("r: show the earlier answer to the partner who wrote it."))
        if allows(Action.JUMP):
            lines.append(_("j, or jump: go to any step (demonstration only)."))
        lines.append(_("home: back to the library. The session stays saved, to carry on "
                       "later.") if saved else _("home: back to the library."))
    lines.append(_("safety: the safety notice and where to find help."))
    lines.append(_("q, or quit: leave reconnect. Everything is saved, the words you were "
                   "typing too.") if saved else
                 _("q, or quit: leave reconnect. This is a demonstration: nothing is saved."))
    lines.append(_("help, or a question mark: this list."))
    return lines


# the safety notice -----------------------------------------------------------------------------


def safety_notice() -> list[Para]:
    """The whole notice, with its list marks taken off (a screen reader would say them) and
    every line ending as a sentence or a clause (or it would be run into the next)."""
    items: list[str] = []
    for line in safety_text().splitlines():
        stripped = line.strip()
        if line.startswith("    ") and items and items[-1]:
            items[-1] += " " + stripped  # the rest of the item above: one sentence with it
            continue
        items.append(stripped[2:] if stripped.startswith("· ") else stripped)
    text = "\n".join(sentence(item) if item else "" for item in items)
    text = text.replace("(F1)", _("(type safety at any prompt)"))
    paragraphs = [Para(safety_title() + ".", strong=True)]
    paragraphs.extend(Para(chunk) for chunk in text.split("\n\n"))
    return paragraphs


# after the exercise ------------------------------------------------------------------------------


def summary(state: State, facts: Iterable[Fact], *, saved: bool) -> list[Para]:
    names = state.names
    paras = [Para(_("Well done: {title}").format(title=sentence(state.exercise.title)),
                  strong=True),
             Para(_("{first} and {second}, thank you for taking this time together.").format(
                 first=names[0], second=names[1]))]
    changes = checkin_changes(state)
    if changes:
        lines = [_("Check-ins, before and after:")]
        for change in changes:
            if change.after is None:
                lines.append(_("{name}, {measure}: {before} before, not asked again after.")
                             .format(name=change.name, measure=measure_words(change.measure),
                                     before=change.before))
                continue
            difference = change.after - change.before
            moved = (_("the same") if difference == 0 else
                     _("up {difference}").format(difference=difference) if difference > 0
                     else _("down {difference}").format(difference=-difference))
            lines.append(_("{name}, {measure}: {before} before, {after} after, {moved}.")
                         .format(name=change.name, measure=measure_words(change.measure),
                                 before=change.before, after=change.after, moved=moved))
        paras.append(Para("\n".join(lines)))
    for item in homework(facts):
        paras.append(Para(sentence(_("Homework until next time:") + f" {item.text}")
                          + ("\n" + _("Tasks:") + "\n" + _lines(item.tasks) if item.tasks
                             else "")))
    paras.append(Para(_("Everything is saved on this computer.") if saved
                      else _("Demonstration: nothing was saved.")))
    paras.append(Para(_("Press Enter to go back to the library.")))
    return paras


def numbered(items: Sequence[str], start: int = 1) -> list[str]:
    """Items as a numbered list, each ending as a sentence (a screen reader pauses there)."""
    return [sentence(f"{number}. {item}") for number, item in enumerate(items, start=start)]


def _lines(items: Iterable[str]) -> str:
    """Items one to a line, each ending as a sentence: without the full stop a screen reader
    runs one line into the next."""
    return "\n".join(sentence(item) for item in items)
