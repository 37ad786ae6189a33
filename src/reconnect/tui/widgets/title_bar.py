"""The line at the top of every screen: the app's name, and in a demonstration a marker saying
that nothing is saved. A plain line rather than Textual's ``Header``, which costs noticeably more
to build in the first frame (start-up has a budget)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        width: 1fr;
        height: 1;
        content-align: center middle;
        background: $panel;
        color: $foreground;
    }
    TitleBar.demo { background: $warning-muted; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.refresh_title()

    def refresh_title(self) -> None:
        screen, app = self.screen, self.app
        subtitle = screen.sub_title or app.sub_title
        words = f"♥ {app.title}" + (f"  ·  {subtitle}" if subtitle else "")
        self.update(Content(words))
        self.set_class(bool(getattr(app, "demo", False)), "demo")
