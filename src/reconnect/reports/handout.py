"""A printable sheet of an exercise, for a therapist to hand to a couple (``reconnect handout``).

What the exercise is for, its steps in order with who does what and for how long, the sentence
starters, the homework, the credit and the safety paragraphs. It is made from the exercise file
alone: no answers, nothing from any session, no facilitator notes (those are for therapists).

Two forms: Markdown, and one self-contained HTML page that prints well on A4 and on Letter
(``@page`` rules, no external fonts, images or scripts). Everything taken from the file is
escaped for the form it goes into. Plain Python: no terminal code.
"""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass

from reconnect.format import conditions, flow, placeholders
from reconnect.format.model import (
    AnswerStep,
    BreakStep,
    ChoiceStep,
    EndStep,
    Exercise,
    HomeworkStep,
    RatingStep,
    RevealStep,
    SayStep,
    Step,
    SwapStep,
    TurnStep,
)
from reconnect.i18n import N_, _, current, ngettext
from reconnect.reports.vocabulary import role_words
from reconnect.safety import printed_safety

FORMATS = ("md", "html")
PARTNER_NAMES = (N_("Partner A"), N_("Partner B"))
"""How the handout names ``{first}`` and ``{second}``: the couple decides who starts."""


@dataclass(frozen=True)
class Item:
    """One step as the handout shows it."""

    number: int
    heading: str
    """Who does what, and for how long: "Speaker speaks, Listener listens (3 minutes)"."""
    lines: tuple[str, ...]
    """The step's own words (questions, guidance), in order."""
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    """Titled lists: sentence starters, options, suggestions, tasks."""
    after: tuple[str, ...]
    """Where it leads when something particular happens ("If ...: go to step 9")."""


@dataclass(frozen=True)
class Handout:
    """Everything printed, already in words; the renderers only lay it out and escape it."""

    title: str
    summary: str
    minutes: int
    roles: str
    steps: tuple[Item, ...]
    when_needed: tuple[Item, ...]
    homework: tuple[tuple[str, tuple[str, ...]], ...]
    source: str
    safety: tuple[str, ...]


def build(exercise: Exercise) -> Handout:
    """The handout of ``exercise``, in words."""
    main = _usual_steps(exercise)
    ordered = [step for step in exercise.steps if step.id in main]
    extra = [step for step in exercise.steps if step.id not in main]
    numbers = {step.id: number for number, step in enumerate(ordered + extra, start=1)}
    names = _names(exercise)
    items = [_item(exercise, step, numbers, names) for step in ordered + extra]
    homework = tuple((_fill(step.text, names), tuple(_fill(task, names) for task in step.tasks))
                     for step in exercise.steps if isinstance(step, HomeworkStep))
    role, other = (role_words(name) for name in exercise.roles)
    roles = _("One of you starts as the {role}, the other as the {other}. {Role} and {Other} "
              "below mean whoever holds that role at the moment; {a} is the partner who "
              "starts, {b} the other.").format(
                  role=role, other=other, Role=role.capitalize(), Other=other.capitalize(),
                  a=_(PARTNER_NAMES[0]), b=_(PARTNER_NAMES[1]))
    return Handout(exercise.title, exercise.summary, exercise.minutes, roles,
                   tuple(items[:len(ordered)]), tuple(items[len(ordered):]), homework,
                   exercise.source, printed_safety())


def _usual_steps(exercise: Exercise) -> set[str]:
    """Steps a couple meets without any branch being taken (choices and rounds included)."""
    steps = exercise.steps
    index = {step.id: number for number, step in enumerate(steps)}
    seen = {steps[0].id} if steps else set()
    queue = deque(seen)
    while queue:
        number = index[queue.popleft()]
        step = steps[number]
        targets = [flow.default_next(steps, number)]
        if isinstance(step, ChoiceStep):
            targets += [option.goto for option in step.options if option.goto]
        if isinstance(step, SwapStep) and step.repeat_from:
            targets.append(step.repeat_from)
        for target in targets:
            if target in index and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _names(exercise: Exercise) -> dict[str, str]:
    names = {role: role_words(role).capitalize() for role in exercise.roles}
    names.update({"first": _(PARTNER_NAMES[0]), "second": _(PARTNER_NAMES[1]),
                  # Translators: {you} in a question printed for each reader ("what do you...")
                  "you": _("you"), "partner": _("your partner")})
    return names


_VOCATIVE = re.compile(r"^\{\s*you\s*\},\s*|,\s*\{\s*you\s*\}(?=[?.!]?$)", re.MULTILINE)
"""``{you}`` used to address the partner answering ("{you}, what helps?", "... now, {you}?"):
on paper the question speaks to each reader, so the name is left out."""


def _fill(text: str, names: dict[str, str]) -> str:
    filled = placeholders.render(_VOCATIVE.sub("", text), names)
    if filled[:1].islower() and not text.startswith(filled[:1]):
        filled = filled[0].upper() + filled[1:]  # the sentence now opens with a placeholder
    return filled


def _who(to: str, names: dict[str, str]) -> str:
    return _("Both of you") if to == "both" else names.get(to, to.capitalize())


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    in_seconds = ngettext("{count} second", "{count} seconds", rest).format(count=rest)
    if not minutes:
        return in_seconds
    words = ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
    return words + (f" {in_seconds}" if rest else "")


def _item(exercise: Exercise, step: Step, numbers: dict[str, int],
          names: dict[str, str]) -> Item:
    lines = [_fill(step.text, names)] if step.text else []
    lists: list[tuple[str, tuple[str, ...]]] = []

    def starters(title: str, stems: tuple[str, ...]) -> None:
        if stems:
            lists.append((title, tuple(_fill(stem, names) for stem in stems)))

    if isinstance(step, SayStep):
        heading = _("{who}: read together").format(who=_who(step.to, names)) \
            if step.to == "both" else _("For {name}").format(name=_who(step.to, names))
        starters(_("Sentence starters"), step.stems)
    elif isinstance(step, TurnStep):
        speaker = names.get(step.speaker, step.speaker)
        listener = names[exercise.roles[1] if step.speaker == exercise.roles[0]
                         else exercise.roles[0]]
        timing = f" ({_duration(step.seconds)})" if step.seconds \
            else " " + _("(no time limit)")
        heading = _("{speaker} speaks, {listener} listens").format(
            speaker=speaker, listener=listener).rstrip(".") + timing
        if step.listener_text:
            words = _fill(step.listener_text, names)
            # "{listener}, listen..." already says who it is for
            lines.append(words if step.listener_text.startswith("{") else f"{listener}: {words}")
        starters(_("Sentence starters for the {role}").format(role=speaker.lower()),
                 step.stems)
        starters(_("Sentence starters for the {role}").format(role=listener.lower()),
                 step.listener_stems)
    elif isinstance(step, AnswerStep):
        if step.who == "each" and step.private:
            heading = _("Each of you writes an answer on your own (shown to the other only "
                        "when both have written)")
        elif step.who == "each":
            heading = _("Each of you writes an answer")
        elif step.who == "together":
            heading = _("Write one answer together")
        else:
            heading = _("{who} writes an answer").format(who=names.get(step.who, step.who))
        if step.can_pass:
            lines.append(_("You may pass on this question, without giving a reason."))
        starters(_("Sentence starters"), step.stems)
    elif isinstance(step, RatingStep):
        scale = step.scale
        heading = _("Each of you rates on your own, from {low} ({low_label}) to {high} "
                    "({high_label})").format(low=scale.low, low_label=scale.low_label,
                                             high=scale.high, high_label=scale.high_label)
        if step.checkin == "before":
            lines.append(_("A check-in before the exercise: comparing the two shows what "
                           "changed."))
        elif step.checkin:
            lines.append(_("A check-in after the exercise: comparing the two shows what "
                           "changed."))
        if step.can_pass:
            lines.append(_("You may pass on this question, without giving a reason."))
    elif isinstance(step, ChoiceStep):
        heading = _("Choose together")
        lists.append((_("Options"), tuple(
            _fill(option.label, names) + (" " + _("(go to step {number})").format(
                number=numbers[option.goto]) if option.goto in numbers else "")
            for option in step.options)))
    elif isinstance(step, RevealStep):
        shown = [str(numbers[shown]) for shown in step.show if shown in numbers]
        which = shown[0] if len(shown) == 1 else _("{some} and {last}").format(
            some=", ".join(shown[:-1]), last=shown[-1])
        heading = ngettext("Both answers side by side (step {steps})",
                           "Both answers side by side (steps {steps})", len(shown)).format(
                               steps=which)
    elif isinstance(step, BreakStep):
        heading = _("A break apart from each other ({time})").format(
            time=_duration(step.minutes * 60))
        starters(_("Ideas for the break"), step.suggestions)
    elif isinstance(step, SwapStep):
        back = numbers.get(step.repeat_from)
        heading = _("Swap roles and go back to step {number}").format(number=back) if back \
            else _("Swap roles")
        lines.append(ngettext("{rounds} round in all, so that each of you holds each role.",
                              "{rounds} rounds in all, so that each of you holds each role.",
                              step.rounds).format(rounds=step.rounds))
    elif isinstance(step, HomeworkStep):
        heading = ngettext("Homework (in the next {days} day)",
                           "Homework (in the next {days} days)", step.due_days).format(
                               days=step.due_days)
        starters(_("Tasks"), step.tasks)
    else:
        assert isinstance(step, EndStep)
        heading = _("The end")
    after = [_("If {condition}: go to step {number}").format(
        condition=_condition_words(branch.when, exercise, numbers), number=numbers[branch.goto])
        for branch in step.branches if branch.goto in numbers]
    if step.goto in numbers and not isinstance(step, EndStep):
        after.append(_("Then go to step {number}").format(number=numbers[step.goto or ""]))
    return Item(numbers[step.id], heading, tuple(lines), tuple(lists), tuple(after))


_IS = {"==": N_("is"), "!=": N_("is not"), "<": N_("is below"), "<=": N_("is at most"),
       ">": N_("is above"), ">=": N_("is at least")}
_ANSWERED = {"==": N_("answered {value}"), "!=": N_("answered other than {value}"),
             "<": N_("answered below {value}"), "<=": N_("answered at most {value}"),
             ">": N_("answered above {value}"), ">=": N_("answered at least {value}")}
_WHOSE = {"either": N_("either of you"), "both": N_("both of you"),
          "min": N_("the lower of your two answers"), "max": N_("the higher of your two answers")}
_JOINED = {"and": N_("and"), "or": N_("or")}


def _condition_words(condition: conditions.Condition, exercise: Exercise,
                     numbers: dict[str, int]) -> str:
    """A condition in plain words: "either of you answered at most 3 at step 1"."""
    if isinstance(condition, conditions.BoolOp):
        joined = _JOINED.get(condition.op)
        word = _(joined) if joined else condition.op
        return f" {word} ".join(
            _condition_words(part, exercise, numbers) for part in condition.operands)
    if isinstance(condition, conditions.Not):
        return _("not ({condition})").format(
            condition=_condition_words(condition.operand, exercise, numbers))
    left, op, right = condition.left, condition.op, condition.right
    if isinstance(left, conditions.Literal):
        left, right, op = right, left, conditions.FLIPPED[op]
    if not isinstance(right, conditions.Literal):
        return _("the two answers compare as the exercise says")
    value = right.value
    shown = f"“{value}”" if isinstance(value, str) else f"{value:g}"
    if isinstance(left, conditions.Call):
        at = numbers.get(left.ref.step, "?")
        if left.func in conditions.QUANTIFIERS:
            # Translators: "either of you answered at most 3 at step 1"
            return _("{whose} {answered} at step {step}").format(
                whose=_(_WHOSE[left.func]), answered=_(_ANSWERED[op]).format(value=shown),
                step=at)
        return _("{whose} at step {step} {is_} {value}").format(
            whose=_(_WHOSE[left.func]), step=at, is_=_(_IS[op]), value=shown)
    if isinstance(left, conditions.Ref):
        return _("the answer at step {step} {is_} {value}").format(
            step=numbers.get(left.step, "?"), is_=_(_IS[op]), value=shown)
    return _("the condition holds")


# Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def _md(text: str) -> str:
    """Text from the file, shown literally in Markdown (no emphasis, links or HTML)."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_lines(text: str) -> str:
    """A paragraph whose line breaks are kept (two spaces end a Markdown line)."""
    return "  \n".join(_md(line) for line in text.split("\n"))


def _words() -> dict[str, str]:
    """The sheet's headings and labels, in the language spoken."""
    return {"for": _("What it is for:"), "time": _("Time:"), "steps": _("The steps"),
            "needed": _("Only when needed"), "homework": _("Homework"), "credit": _("Credit"),
            "safety": _("Safety"),
            "only": _("These steps come only when an earlier step leads to them.")}


def markdown(exercise: Exercise) -> str:
    sheet = build(exercise)
    words = _words()
    out = [f"# {_md(sheet.title)}", "",
           f"**{_md(words['for'])}** {_md(sheet.summary)}", "",
           f"**{_md(words['time'])}** {_md(_about_minutes(sheet.minutes))} {_md(sheet.roles)}",
           "", f"## {_md(words['steps'])}", ""]
    for item in sheet.steps:
        out += _md_item(item)
    if sheet.when_needed:
        out += [f"## {_md(words['needed'])}", "",
                _md(words["only"]), ""]
        for item in sheet.when_needed:
            out += _md_item(item)
    if sheet.homework:
        out += [f"## {_md(words['homework'])}", ""]
        for text, tasks in sheet.homework:
            out += [_md_lines(text), ""] + [f"- {_md(task)}" for task in tasks]
            out += [""] if tasks else []
    out += [f"## {_md(words['credit'])}", "", _md_lines(sheet.source), "",
            f"## {_md(words['safety'])}", ""]
    for paragraph in sheet.safety:
        out += [_md_lines(paragraph), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _about_minutes(minutes: int) -> str:
    return ngettext("about {minutes} minute.", "about {minutes} minutes.", minutes).format(
        minutes=minutes)


def _md_item(item: Item) -> list[str]:
    out = [f"### {item.number}. {_md(item.heading)}", ""]
    for line in item.lines:
        out += [_md_lines(line), ""]
    for title, entries in item.lists:
        out += [f"{_md(title)}:", ""] + [f"- {_md(entry)}" for entry in entries] + [""]
    for line in item.after:
        out += [f"*{_md(line)}.*", ""]
    return out


# HTML ---------------------------------------------------------------------------------------

STYLE = """\
@page { margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; font-size: 11pt;
       line-height: 1.45; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 44em; padding: 0 1em; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 0.4em; }
h2 { font-size: 13.5pt; margin: 1.4em 0 0.5em; border-bottom: 1px solid #999;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 0 0 0.3em; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 0.45em; white-space: pre-line; }
ul { margin: 0.1em 0 0.5em 1.3em; padding: 0; }
.step { border-left: 3px solid #777; padding: 0.35em 0 0.35em 0.8em; margin: 0 0 0.9em;
        break-inside: avoid; page-break-inside: avoid; }
.then { font-style: italic; }
.list-title { margin-bottom: 0.1em; }
.safety { border: 1.5px solid #333; padding: 0.6em 0.9em; margin-top: 1.2em;
          break-inside: avoid; page-break-inside: avoid; }
.safety p { white-space: pre-line; }
.meta { color: #333; }
@media screen { body { padding: 2em 1em; } }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def page(exercise: Exercise) -> str:
    """The handout as one self-contained HTML page, ready to print."""
    sheet = build(exercise)
    words = _words()
    out = ["<!DOCTYPE html>", f'<html lang="{_h(current())}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_h(sheet.title)}</title>", f"<style>\n{STYLE}</style>", "</head>",
           "<body>", f"<h1>{_h(sheet.title)}</h1>",
           f"<p><strong>{_h(words['for'])}</strong> {_h(sheet.summary)}</p>",
           f'<p class="meta"><strong>{_h(words["time"])}</strong> '
           f"{_h(_about_minutes(sheet.minutes))} {_h(sheet.roles)}</p>",
           f"<h2>{_h(words['steps'])}</h2>"]
    out += [line for item in sheet.steps for line in _html_item(item)]
    if sheet.when_needed:
        out += [f"<h2>{_h(words['needed'])}</h2>",
                f"<p>{_h(words['only'])}</p>"]
        out += [line for item in sheet.when_needed for line in _html_item(item)]
    if sheet.homework:
        out.append(f"<h2>{_h(words['homework'])}</h2>")
        for text, tasks in sheet.homework:
            out.append(f"<p>{_h(text)}</p>")
            if tasks:
                out += ["<ul>"] + [f"<li>{_h(task)}</li>" for task in tasks] + ["</ul>"]
    out += [f"<h2>{_h(words['credit'])}</h2>", f"<p>{_h(sheet.source)}</p>",
            '<section class="safety">', f"<h2>{_h(words['safety'])}</h2>"]
    out += [f"<p>{_h(paragraph)}</p>" for paragraph in sheet.safety]
    out += ["</section>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_item(item: Item) -> list[str]:
    out = ['<section class="step">', f"<h3>{item.number}. {_h(item.heading)}</h3>"]
    out += [f"<p>{_h(line)}</p>" for line in item.lines]
    for title, entries in item.lists:
        out += [f'<p class="list-title">{_h(title)}:</p>', "<ul>"]
        out += [f"<li>{_h(entry)}</li>" for entry in entries] + ["</ul>"]
    out += [f'<p class="then">{_h(line)}.</p>' for line in item.after]
    out.append("</section>")
    return out


def render(exercise: Exercise, style: str = "md") -> str:
    """The handout in ``style`` (``md`` or ``html``)."""
    if style == "html":
        return page(exercise)
    if style == "md":
        return markdown(exercise)
    raise ValueError(f"unknown handout format {style!r}; use md or html")
