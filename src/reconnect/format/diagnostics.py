"""Diagnostics: what the checker says about a file, with stable codes and plain-words explanations.

Codes are stable so that therapists can look them up (``reconnect explain R201``) and tools can
filter them. ``R1xx`` are about the file's structure, ``R2xx`` about references between its parts,
``R3xx`` about the flow a session would follow, ``R4xx`` about a translation and its original.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from reconnect.i18n import N_, _
from reconnect.text import clean, printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str
    explanation: str


@dataclass(frozen=True)
class Related:
    """A second place a diagnostic points at, with a label saying what is there, the way
    rustc and annotate-snippets show secondary spans ("the first step with this id")."""

    file: str
    line: int | None = None
    column: int | None = None
    length: int = 1
    label: str = ""
    source_line: str = ""

    def location(self) -> str:
        shown = printable(self.file)
        if self.line is None:
            return shown
        return f"{shown}:{self.line}:{self.column or 1}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file. ``line``/``column`` are 1-based; None when the file has no text.

    ``related`` are the other places the problem involves (each with its own file, line and
    label); ``notes`` are follow-on problems folded under this one ("so `end` can never be
    reached"), which go away when this one is fixed."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    length: int = 1
    hint: str = ""
    label: str = ""
    source_line: str = ""
    related: tuple[Related, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def shown_file(self) -> str:
        """The file name as it may be shown on a terminal (control characters written out)."""
        return printable(self.file)

    def location(self) -> str:
        if self.line is None:
            return self.shown_file
        return f"{self.shown_file}:{self.line}:{self.column or 1}"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The diagnostic ``dataclasses.asdict`` made (the library's index stores them so)."""
        fields = dict(data)
        fields["related"] = tuple(Related(**item) for item in fields.get("related") or ())
        fields["notes"] = tuple(fields.get("notes") or ())
        return cls(**fields)


@dataclass(frozen=True)
class Finding:
    """A diagnostic before it is placed in the file: a code, a message, and where it points,
    as a path through the file's tables in which a step may be named by its id
    (``("steps", "speak", "seconds")``). The loader places it like its own diagnostics.

    ``where`` says whether it points at the key or its value; ``offset`` and ``length`` mark a
    part of a text value (a placeholder in it)."""

    code: str
    message: str
    at: tuple[str | int, ...]
    hint: str = ""
    label: str = ""
    where: str = "value"
    offset: int | None = None
    length: int = 1


CODES: dict[str, Code] = {
    code.code: code
    for code in (
        Code("R100", "error", N_("the file cannot be read"),
             N_("reconnect could not read the file, or it is not UTF-8 text. Save it as UTF-8 from "
             "your editor (most editors offer this in 'Save as').")),
        Code("R101", "error", N_("the file is too large"),
             N_("Exercise files are limited to 1 MiB so that a damaged or hostile file cannot "
                "stall "
             "the app. A real exercise is a few kilobytes; split very long material into "
             "several exercises.")),
        Code("R102", "error", N_("the file is nested too deeply"),
             N_("The file nests tables or lists far deeper than any exercise needs. It was refused "
             "before it could slow reconnect down. Exercises use at most three levels: the file, "
             "its steps, and a step's options or branches.")),
        Code("R103", "error", N_("the file is not valid TOML"),
             N_("The file breaks a TOML rule, so nothing after the mistake can be read. Common "
             "causes: a missing closing quote, a missing `=`, or text that is not in quotes. "
             "The caret shows where reading stopped; the mistake is there or just before it.")),
        Code("R104", "error", N_("unsupported format version"),
             N_("`format` says which version of the exercise format the file is written in. This "
             "reconnect understands version 1. A newer number means the file was written for a "
             "newer reconnect: upgrade reconnect to use it.")),
        Code("R110", "error", N_("a required key is missing"),
             N_("Every exercise needs format, id, title, category, summary, minutes, source and at "
             "least one step; every step needs an id and a kind, and each kind has a few keys of "
             "its own (see docs/FORMAT.md). Add the missing key.")),
        Code("R111", "error", N_("a value has the wrong type"),
             N_("The key expects a different kind of value, for example a number where text was "
             "given (`minutes = \"20\"` instead of `minutes = 20`). Text goes in quotes, numbers "
             "do not, lists go in square brackets.")),
        Code("R112", "error", N_("unknown key"),
             N_("reconnect does not know this key here, so it would be silently ignored. It is "
             "usually a typo (the help line suggests the nearest known key) or a key that "
             "belongs to another step kind.")),
        Code("R113", "error", N_("a value is not allowed here"),
             N_("The value is of the right type but not one of the allowed values or outside the "
             "allowed range, for example a rating scale whose low end is above its high end.")),
        Code("R114", "error", N_("an id is not well formed"),
             N_("Ids are lowercase letters, digits and hyphens, starting with a letter or digit, "
             "like `speaker-listener` or `check-in-1`. They are used in jumps and conditions, so "
             "they must be easy to type and compare.")),
        Code("R115", "error", N_("two steps share an id"),
             N_("Each step needs its own id so that `goto`, `show` and conditions name exactly one "
             "step. Rename one of them.")),
        Code("R116", "error", N_("unknown step kind"),
             N_("`kind` says what a step does: say, turn, answer, rating, choice, reveal, break, "
             "swap, homework or end. The help line suggests the nearest one.")),
        Code("R117", "warning", N_("control characters removed"),
             N_("The text contains invisible control characters (such as ESC) that could change "
             "the terminal. They were removed when loading; delete them from the file.")),
        Code("R118", "warning", N_("unfamiliar category"),
             N_("The category is not one reconnect's library groups by (active-listening, "
             "gratitude, conflict-de-escalation, connection). The exercise still works and will "
             "be listed under its own category; check the spelling.")),
        Code("R119", "error", N_("a language tag is not well formed"),
             N_("`language` says which language the file is written in, as a language tag (BCP "
             "47): two or three letters for the language, then, if needed, a region or a "
             "script after a hyphen, like `en`, `es`, `es-MX`, `pt-BR` or `zh-Hant`. A name "
             "such as `Spanish`, or an underscore as in `es_MX`, is not a tag.")),
        Code("R120", "error", N_("two exercises share an id"),
             N_("Exercise ids must be unique in the library so that saved sessions and homework "
             "point at one exercise. Rename one of the files' `id`. The one exception is a "
             "translation: a file with `translation_of` has the id of its original and is "
             "the same exercise in another language. Two files with one id still clash when "
             "they are in the same language, or when neither is a translation.")),
        Code("R201", "error", N_("a jump points at a step that does not exist"),
             N_("`goto`, `repeat_from` and branch targets must name the id of a step in the same "
             "file. The help line suggests the nearest existing id.")),
        Code("R202", "error", N_("unknown placeholder"),
             N_("Text may name the partners with placeholders: the exercise's roles (such as "
             "{speaker} and {listener}), {first} and {second}, and in steps each partner answers "
             "in turn, {you} and {partner}. Anything else in braces is a mistake; write {{ and }} "
             "for literal braces.")),
        Code("R203", "error", N_("a condition does not parse"),
             N_("Conditions use a small language: compare an answer with a value, like "
             "`either(calm) <= 3`, `both(close) >= 7` or `topic == \"money\"`, joined with and, "
             "or, not and parentheses. The caret shows where reading stopped.")),
        Code("R204", "error", N_("a condition uses an answer it cannot use"),
             N_("A condition may only name rating, answer and choice steps. Steps that each "
                "partner "
             "answers must be wrapped in either(), both(), min() or max(); a rating compares "
             "with numbers, a choice with one of its options in quotes.")),
        Code("R205", "error", N_("unknown role or partner"),
             N_("Roles are declared in `roles` (speaker and listener unless the file says "
             "otherwise). `speaker`, `to` and `who` must name one of them, or `first`, "
             "`second`, `both` (and for answers, `each` or `together`).")),
        Code("R206", "error", N_("a reveal shows a step with nothing to reveal"),
             N_("`show` lists steps whose answers are revealed side by side: answer steps asked of "
             "each partner, and ratings.")),
        Code("R207", "error", N_("a swap repeats from a step that is not before it"),
             N_("A swap step starts the next round by going back to `repeat_from`, which must be "
                "an "
             "earlier step in the file.")),
        Code("R208", "error", N_("a step recalls something that is not a written answer"),
             N_("`recall` shows a partner what they wrote earlier, so it must name an `answer` "
                "step "
             "that comes before it, answered by each partner or by one role. The partner who "
             "sees it is the speaker of a turn, or the partner a say step is addressed to with "
             "`to`; a say step to both has no one partner to show it to.")),
        Code("R209", "warning", N_("a question in a disclosure exercise cannot be passed"),
             N_("The exercise says `disclosure = true`: it asks partners to share something "
             "personal, and nobody should have to. Every written answer asked of each partner "
             "should have `can_pass = true`, so either partner can pass without giving a "
             "reason. (Answers written together are joint decisions, not disclosures.)")),
        Code("R210", "error", N_("a comparison can never hold"),
             N_("A rating is a whole number on its scale (0 to 10 unless `scale` says otherwise). "
             "A comparison that no rating on the scale can satisfy, such as "
             "`either(calm) >= 30` or `either(calm) == 2.5`, is never true, so its branch is "
             "never taken. Compare with a number inside the scale.")),
        Code("R211", "warning", N_("a comparison always holds"),
             N_("Every rating on the scale satisfies this comparison, such as "
             "`either(calm-before) <= 30` on a scale from 0 to 10, so its branch is taken "
             "every time (unless both partners pass). It is usually a typo in the number. "
             "Compare with a number that some ratings fit and others do not, or use `goto` for "
             "a jump that should always be taken.")),
        Code("R212", "error", N_("a condition names an answer not given yet"),
             N_("Branches are looked at when the couple leaves their step. A condition that names "
             "a step which comes later on every path through the exercise has no answer to look "
             "at then, so it can never hold. Put the branch on a step after the one it names, "
             "or name an answer given earlier.")),
        Code("R301", "warning", N_("a step can never be reached"),
             N_("No path through the exercise leads to this step, so no couple will ever see it. "
             "Add a `goto` or branch that leads here, or remove the step.")),
        Code("R302", "error", N_("a step has no way out"),
             N_("From this step every path loops back without reaching the end, so a couple would "
             "be stuck. Give the loop an exit: a branch, a choice option, or a swap with a "
             "number of rounds.")),
        Code("R303", "warning", N_("unequal speaking time"),
             N_("Along the usual path through the exercise (no branch taken, every round played, "
                "at "
             "each choice the first option that does not go back), one partner gets more timed "
             "speaking than the other: the difference is more than a tenth of the longer share "
             "and more than 30 seconds. A turn between a swap step's `repeat_from` and the swap "
             "is shared fairly when the number of rounds is even; a turn outside such a loop, or "
             "in a loop with an odd number of rounds, always goes to the same role (the partner "
             "who starts holds the first role). Couples notice who got more time. Put the turn "
             "in a loop with an even number of rounds, or give the other role a turn of the same "
             "length.")),
        Code("R304", "warning", N_("a check-in has no path for a hard moment"),
             N_("A check-in before the exercise asks how calm (or how stressed, tense, upset...) "
             "each partner feels, but nothing happens when someone answers that they are in a "
             "hard moment. This applies to `before` check-ins whose `measure` is about calm or "
             "stress (calm, safe, relaxed, stress, tension, anger, anxiety, upset, overwhelmed, "
             "flooding...), or, without a measure, whose question or labels use those words; "
             "check-ins about closeness or other things are not asked to branch. Add a branch on "
             "the check-in, or on a later step, whose condition names it, such as "
             "`either(calm-before) <= 3` (or `>= 7` for stress), leading to a break step. Either "
             "partner can always call a time-out, but a couple in a hard moment should not have "
             "to.")),
        Code("R305", "warning", N_("the time is far from `minutes`"),
             N_("reconnect estimates how long the usual path takes (no branch taken, every round "
             "played, at each choice the first option that does not go back) and compares it "
             "with `minutes`, which the library shows couples. It counts each timed turn's "
             "seconds, each break's minutes, about 20 seconds per partner for a rating, 30 "
             "seconds to read a say step, a choice or homework, 2 minutes for a say step that "
             "asks one partner to speak (one with `to` or with sentence starters), 3 minutes per "
             "partner who writes an answer and 1 minute for a reveal; steps inside rounds count "
             "once per round. A break reached only through a branch is not counted. It warns "
             "when the estimate is less than half or more than double `minutes` and the two are "
             "more than 5 minutes apart. A turn without `seconds` counts as a minute but may "
             "take much longer, so an exercise with one is never told that `minutes` is too "
             "many. Correct `minutes`, or the lengths of the turns and breaks.")),
        Code("R306", "warning", N_("text too long for an 80-column screen"),
             N_("reconnect is made to fit an 80x24 terminal. There the prompt area is 74 columns "
             "wide, and after the header, the banner naming who speaks, the progress line, the "
             "sentence starters, the countdown and the footer, 8 lines are left for the text of "
             "a step. A text that wraps to more lines pushes the countdown or the answer box "
             "below the edge of the screen, where the couple has to scroll to find it. In a "
             "turn, the speaker's `text` and the `listener_text` are shown together and share "
             "the 8 lines. Other limits: a sentence starter 90 characters, an option 60 (one "
             "line of the list), a title 40 (the progress line shows it with the step and the "
             "round on one line), a summary 160 (two lines of the library). Shorten the text, or "
             "split it over two steps.")),
        Code("R401", "error", N_("`translation_of` is not a version"),
             N_("A translation names the version of its original that it was made from: "
             "`sha256:` and the first 12 hex digits (0-9, a-f) of the SHA-256 of the original "
             "file's text. `reconnect new FILE --from ID --lang LANG` writes it for you; "
             "`sha256sum original.toml` shows the digits.")),
        Code("R402", "warning", N_("the original of a translation cannot be found"),
             N_("A translation is checked against its original, the exercise with the same `id` "
             "and no `translation_of`, among the files checked together or in the library "
             "(bundled, your exercises folder, folders named with --exercises). None was "
             "found, or it has errors of its own, so nothing could be compared. Check the "
             "translation together with its original, or fix the original first.")),
        Code("R403", "warning", N_("the original has changed since the translation was made"),
             N_("`translation_of` names the version of the original the translation was made "
             "from, and the original is no longer that version: its words or its steps may "
             "have changed. Compare the two, bring the translation up to date, then set "
             "`translation_of` to the original's version now, which the help line gives.")),
        Code("R404", "error", N_("the steps are not the original's"),
             N_("A translation has the same steps as its original, with the same ids, in the "
             "same order: only the words change. A step is missing, added, or in another "
             "place. Sessions and check-ins in both languages then follow the same path.")),
        Code("R405", "error", N_("a step's kind is not the original's"),
             N_("Each step of a translation does what the same step of the original does: the "
             "same `kind`. Translate its words and keep its kind.")),
        Code("R406", "error", N_("a jump or reference is not the original's"),
             N_("A translation goes where its original goes: the same `goto` on each step, the "
             "same `goto` on each option and branch, the same `repeat_from`, `show` and "
             "`recall`. Only the words change.")),
        Code("R407", "error", N_("a condition is not the original's"),
             N_("A translation's branches have the same conditions as the original's, in the "
             "same order: the same answers, comparisons and numbers. A condition that names a "
             "choice's option names the translated option in the same place of the list.")),
        Code("R408", "error", N_("the placeholders are not the original's"),
             N_("Each text of a translation names the partners and roles the original's text "
             "names, with the same placeholders in braces ({speaker}, {listener}, {you}...), "
             "which are never translated: reconnect puts the names in. Word order may change; "
             "the placeholders stay as they are.")),
        Code("R409", "error", N_("a text of the original is missing"),
             N_("The original has words here (a step's text, a listener's text, a sentence "
             "starter, an option, a facilitator note...) and the translation has none. Every "
             "text of the original needs its translation, or couples in this language miss "
             "it.")),
        Code("R410", "error", N_("a text the original does not have"),
             N_("The translation has words where the original has none: an added sentence "
             "starter, suggestion, task, option or note. A translation says what the "
             "original says; to change the exercise, change the original (or make your own "
             "with `reconnect new FILE --from ID`).")),
        Code("R411", "error", N_("a setting is not the original's"),
             N_("Everything in a translation that is not words is the original's: the category, "
             "minutes, roles, time-out, and each step's timing, rounds, scale, measure, "
             "check-in, who answers, privacy and passing. Then a session runs the same way in "
             "every language, and check-ins compare over time.")),
        Code("R412", "warning", N_("a text is still to translate"),
             N_("`reconnect new FILE --from ID --lang LANG` marks every text of a new "
             "translation with \"[to translate]\" before the original's words. This text "
             "still has the mark: write it in the file's language and delete the mark. The "
             "warning for each one left shows how much of the translation is still to do.")),
    )
}


EXAMPLES: dict[str, tuple[str, str]] = {
    # code: (a short file that is wrong, and the same put right)
    "R100": (N_("(the file saved as Latin-1 or UTF-16)"), N_("(the same file saved as UTF-8)")),
    "R101": (N_("(one file of several megabytes)"),
             N_("(one exercise per file, a few kilobytes)")),
    "R102": ("tags = [[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]", 'tags = ["deep"]'),
    "R103": ('title = "Speaker and Listener', 'title = "Speaker and Listener"'),
    "R104": ("format = 2", "format = 1"),
    "R110": ('[[steps]]\nid = "welcome"\nkind = "say"',
             '[[steps]]\nid = "welcome"\nkind = "say"\ntext = "Welcome, both of you."'),
    "R111": ('minutes = "20"', "minutes = 20"),
    "R112": ('titel = "Speaker and Listener"', 'title = "Speaker and Listener"'),
    "R113": ("minutes = 0", "minutes = 20"),
    "R114": ('id = "Speaker Listener"', 'id = "speaker-listener"'),
    "R115": ('[[steps]]\nid = "talk"\n...\n[[steps]]\nid = "talk"',
             '[[steps]]\nid = "talk"\n...\n[[steps]]\nid = "talk-again"'),
    "R116": ('kind = "ansewr"', 'kind = "answer"'),
    "R117": ('title = "Calm\\u001b[2J"', 'title = "Calm"'),
    "R118": ('category = "gratitdue"', 'category = "gratitude"'),
    "R119": ('language = "Spanish"', 'language = "es"'),
    "R120": ('# my-time-out.toml, copied from time-out.toml\nid = "time-out"',
             '# my-time-out.toml, copied from time-out.toml\nid = "my-time-out"'),
    "R201": ('goto = "take_brake"', 'goto = "take-break"'),
    "R202": ('text = "{speakr}, tell {listener}}"', 'text = "{speaker}, tell {listener}"'),
    "R203": ("when = \"either(calm) = 3\"", "when = \"either(calm) <= 3\""),
    "R204": ('when = "calm <= 3"', 'when = "either(calm) <= 3"'),
    "R205": ('to = "everyone"', 'to = "both"'),
    "R206": ('show = ["welcome"]', 'show = ["wish"]'),
    "R207": ('# in step 3\nrepeat_from = "closing"', '# in step 3\nrepeat_from = "speak"'),
    "R208": ('recall = "calm-before"', 'recall = "wish"'),
    "R209": ('disclosure = true\n...\nkind = "answer"\ntext = "{you}, what hurt?"',
             'disclosure = true\n...\nkind = "answer"\ntext = "{you}, what hurt?"\n'
             "can_pass = true"),
    "R210": ('when = "either(calm) >= 30"', 'when = "either(calm) >= 8"'),
    "R211": ('when = "either(calm) <= 30"', 'when = "either(calm) <= 3"'),
    "R212": ('# on the first step\nwhen = "either(calm-after) <= 3"',
             '# on the first step\nwhen = "either(calm-before) <= 3"'),
    "R301": ('# the step before `extra`\ngoto = "end"', "# the step before `extra`\n"
             "# (no goto: it goes on to `extra`)"),
    "R302": ('# the last step\ngoto = "welcome"', "# the last step\n"
             'branches = [{ when = "either(calm) <= 3", goto = "welcome" }]'),
    "R303": ("# a turn outside any round\nseconds = 300",
             '# the same turn inside a round\nseconds = 300\n...\nkind = "swap"\n'
             "rounds = 2"),
    "R304": ('checkin = "before"\nmeasure = "calm"',
             'checkin = "before"\nmeasure = "calm"\n'
             'branches = [{ when = "either(calm-before) <= 3", goto = "cool-down" }]'),
    "R305": ("minutes = 90", "minutes = 20"),
    "R306": ('title = "A long conversation about the week that has just gone by"',
             'title = "Our week"'),
    "R401": ('translation_of = "time-out.toml"', 'translation_of = "sha256:56e0c9a1f3b2"'),
    "R402": ('# es/my-exercise.toml, checked on its own\nid = "my-exercise"\n'
             'translation_of = "sha256:56e0c9a1f3b2"',
             '# reconnect check my-exercise.toml es/my-exercise.toml\nid = "my-exercise"\n'
             'translation_of = "sha256:56e0c9a1f3b2"'),
    "R403": ('# the original has changed since\ntranslation_of = "sha256:56e0c9a1f3b2"',
             '# the translation brought up to date\ntranslation_of = "sha256:0b7d41e9c2aa"'),
    "R404": ('# the original: welcome, speak, swap, end\n# the translation: welcome, speak, end',
             '# the original: welcome, speak, swap, end\n'
             '# the translation: welcome, speak, swap, end'),
    "R405": ('# the original\nid = "wish"\nkind = "answer"\n# the translation\nid = "wish"\n'
             'kind = "say"',
             '# the original\nid = "wish"\nkind = "answer"\n# the translation\nid = "wish"\n'
             'kind = "answer"'),
    "R406": ('# the original\ngoto = "cool-down"\n# the translation\ngoto = "pausa"',
             '# the original\ngoto = "cool-down"\n# the translation\ngoto = "cool-down"'),
    "R407": ('# the original\nwhen = "either(calm) <= 3"\n# the translation\n'
             'when = "either(calm) <= 4"',
             '# the original\nwhen = "either(calm) <= 3"\n# the translation\n'
             'when = "either(calm) <= 3"'),
    "R408": ('# the original\ntext = "{speaker}, tell {listener}."\n# the translation\n'
             'text = "{hablante}, cuéntale a {oyente}."',
             '# the original\ntext = "{speaker}, tell {listener}."\n# the translation\n'
             'text = "{speaker}, cuéntale a {listener}."'),
    "R409": ('# the original\nlistener_text = "{listener}, just listen."\n'
             '# the translation: no listener_text',
             '# the original\nlistener_text = "{listener}, just listen."\n'
             '# the translation\nlistener_text = "{listener}, solo escucha."'),
    "R410": ('# the original: stems = ["I feel..."]\nstems = ["Siento...", "Me gustaría..."]',
             '# the original: stems = ["I feel..."]\nstems = ["Siento..."]'),
    "R411": ('# the original: seconds = 120\nseconds = 90', '# the original: seconds = 120\n'
             'seconds = 120'),
    "R412": ('text = "[to translate] Welcome, both of you."',
             'text = "Les damos la bienvenida a los dos."'),
}
"""A short example of every code, wrong and then put right (``reconnect explain``)."""


def explain(code: str, width: int = 80) -> str | None:
    """The long explanation of ``code`` wrapped to ``width``: error or warning, why it
    matters, and a short example wrong and put right. None for an unknown code."""
    import textwrap

    entry = CODES.get(code.strip().upper())
    if entry is None:
        return None
    if entry.severity == "error":
        kind = _("This is an error: the exercise cannot be used until it is fixed.")
    else:
        kind = _("This is a warning: the exercise works, but a couple may have a worse time.")
    lines = [f"{entry.code} ({severity_word(entry.severity)}): {_(entry.title)}", "",
             textwrap.fill(kind, width), "",
             textwrap.fill(_(entry.explanation), width)]
    example = EXAMPLES.get(entry.code)
    if example is not None:
        # the examples are file text, except the two written in words (in parentheses)
        wrong, fixed = (_(text) if text.startswith("(") else text for text in example)
        lines += ["", _("Wrong:"), ""] + [f"    {line}" for line in wrong.split("\n")]
        lines += ["", _("Fixed:"), ""] + [f"    {line}" for line in fixed.split("\n")]
    return "\n".join(lines) + "\n"


def severity_word(severity: Severity) -> str:
    """"error" or "warning" in the language spoken, for people (tools read the codes)."""
    return _("error") if severity == "error" else _("warning")


def make(
    code: str,
    message: str,
    file: str,
    *,
    hint: str = "",
    label: str = "",
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic with no position yet (the loader places it once the file is indexed).

    Messages quote the file (key names, ids, values), so they are cleaned like any text from
    outside: a hostile file must not reach the terminal through ``reconnect check``.
    """
    return Diagnostic(
        code=code,
        severity=severity or CODES[code].severity,
        message=clean(message),
        file=file,
        hint=clean(hint),
        label=clean(label),
    )


def closest(word: str, choices: Iterable[object]) -> str | None:
    """The choice ``word`` is most likely a typo of, if any is close enough."""
    import difflib

    options = [str(choice) for choice in choices]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[object]) -> str:
    """``did you mean `x`?`` for the closest choice, or an empty string."""
    name = closest(word, choices)
    return _("did you mean `{name}`?").format(name=name) if name is not None else ""
