"""Home: an unfinished session first, then the library by category, and any file with a problem."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from reconnect.library import Library
from reconnect.store import SessionRecord, StoreError

RESUME_PREFIX = "resume:"
EXERCISE_PREFIX = "exercise:"


def category_title(category: str) -> str:
    return category.replace("-", " ").capitalize()


def resume_label(record: SessionRecord) -> Text:
    return Text.assemble(
        ("Resume: ", "bold"),
        (record.exercise_title, "bold"),
        f"  step {record.step_number} of {record.step_total}",
        ("  ·  ", "dim"),
        (f"{record.partner_a} & {record.partner_b}", "dim"),
    )


def exercise_label(title: str, minutes: int, summary: str) -> Text:
    return Text.assemble((title, "bold"), (f"  {minutes} min", "dim"), "\n", (summary, "italic"))


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="home.quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="♥")
        with Vertical(id="home"):
            yield Static(Content("Choose an exercise, or pick up where you left off."),
                         id="home-intro")
            yield OptionList(id="library", markup=False)
            yield Static("", id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_library()

    def on_screen_resume(self) -> None:
        self.refresh_library()

    def refresh_library(self) -> None:
        library: Library = self.app.library  # type: ignore[attr-defined]
        options: list[Option] = []
        store = self.app.store  # type: ignore[attr-defined]
        if store is not None:
            try:
                unfinished = store.unfinished_sessions(limit=3)
            except StoreError:
                unfinished = []
            if unfinished:
                options.append(Option(Text("Unfinished", style="bold underline"), disabled=True))
                options.extend(Option(resume_label(record), id=f"{RESUME_PREFIX}{record.id}")
                               for record in unfinished)
        for category, exercises in library.by_category().items():
            options.append(Option(Text(category_title(category), style="bold underline"),
                                  disabled=True))
            options.extend(
                Option(exercise_label(e.title, e.minutes, e.summary), id=f"{EXERCISE_PREFIX}{e.id}")
                for e in exercises)
        option_list = self.query_one("#library", OptionList)
        highlighted = option_list.highlighted_option.id if option_list.highlighted_option else None
        option_list.clear_options()
        option_list.add_options(options)
        ids = [option.id for option in options]
        if highlighted is not None and highlighted in ids:
            target = ids.index(highlighted)
        else:
            target = next((n for n, option in enumerate(options) if not option.disabled), None)
        # the list settles its own highlight when it first lays out; set ours after that
        self.call_after_refresh(setattr, option_list, "highlighted", target)
        if not library.exercises:
            self.query_one("#home-intro", Static).update(
                Content("No exercises were found. Run `reconnect check` on your folders."))
        problems = self.query_one("#problems", Static)
        if library.problems:
            lines = [f"{len(library.problems)} exercise file(s) could not be loaded:"]
            lines += [f"  {problem.summary}" for problem in library.problems[:5]]
            problems.update(Content("\n".join(lines)))
            problems.display = True
        else:
            problems.display = False
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(RESUME_PREFIX):
            self.app.resume_session(int(option_id[len(RESUME_PREFIX):]))  # type: ignore[attr-defined]
        elif option_id.startswith(EXERCISE_PREFIX):
            exercise = self.app.library.get(option_id[len(EXERCISE_PREFIX):])  # type: ignore[attr-defined]
            if exercise is not None:
                self.app.choose(exercise)  # type: ignore[attr-defined]
