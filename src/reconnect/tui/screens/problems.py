"""Preview of a file that has problems: the checker's report instead of a crash.

Shown by ``reconnect preview`` when the file does not load; the app keeps watching the file and
opens the exercise as soon as a saved version checks cleanly.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reconnect.format.diagnostics import Diagnostic
from reconnect.i18n import _, ngettext
from reconnect.text import printable
from reconnect.tui.screens.styled_once import StyledOnceScreen
from reconnect.tui.widgets.key_footer import KeyFooter
from reconnect.tui.widgets.title_bar import TitleBar


class ProblemsScreen(StyledOnceScreen[None]):
    def __init__(self, path: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__()
        self.path = path
        self.diagnostics = diagnostics

    def compose(self) -> ComposeResult:
        from reconnect.format.report import render

        errors = sum(d.is_error for d in self.diagnostics)
        yield TitleBar()
        with VerticalScroll(id="problems-screen"):
            yield Static(Content(ngettext(
                "{file} has {count} problem to fix before it can run.",
                "{file} has {count} problems to fix before it can run.", errors).format(
                    file=printable(self.path), count=errors)), classes="screen-title")
            yield Static(Content(render(self.diagnostics)), id="diagnostics")
            yield Static(Content(_("Fix the file and save it: this preview reloads by itself. "
                                   "Ctrl+Q leaves.")), classes="hint")
        yield KeyFooter()
