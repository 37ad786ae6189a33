"""Saving a transcript where the couple chooses: a path, Save, and calm words when it cannot be.

Exports go only where the user asks (DESIGN section 3): the suggested place is the home folder,
never the data folder. Nothing is replaced without a second Save, and a problem (a folder that
does not exist, no permission, a full disk) is explained inside the dialog, never as a trace.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reconnect.files import os_cause, write_atomically
from reconnect.i18n import _
from reconnect.text import printable


def exists_words() -> str:
    return _("The file exists; press Save again to replace it.")


def default_path(filename: str) -> str:
    """What the field starts with: the home folder, written as ``~`` so it is short to read."""
    return f"~{os.sep}{filename}"


def target_path(typed: str) -> Path:
    """The path the user means: ``~`` expanded; a bare name or relative path in the home folder.

    The home folder (not wherever the app was started from) because that is where the
    suggestion points, and a couple should not have to know what a working directory is.
    """
    path = Path(typed.strip()).expanduser()
    return path if path.is_absolute() else Path.home() / path


class ExportDialog(ModalScreen[Path | None]):
    """Ask where to save ``text``; dismiss with the written path, or None when cancelled."""

    DEFAULT_CSS = """
    ExportDialog #export-path { margin-top: 1; }
    ExportDialog #export-message { color: $warning; height: auto; }
    ExportDialog #export-cancel { margin-left: 2; }
    """

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="export.cancel"),
    ]

    def __init__(self, text: str, filename: str, *, note: str = "") -> None:
        super().__init__()
        self.text = text
        self.filename = filename
        self.note = note
        self.confirming: Path | None = None
        """A path that exists and was shown once; a second Save for it replaces the file."""

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Static(Content(_("Export the transcript")), classes="dialog-title")
            yield Static(Content(_("A Markdown file you can read, print, or bring to your "
                                   "therapist. Choose where to save it.")))
            if self.note:
                yield Static(Content(self.note), classes="muted")
            yield Input(default_path(self.filename), id="export-path",
                        placeholder="~/transcript.md")
            yield Static("", id="export-message", markup=False)
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button(Content(_("Save")), variant="primary", id="export-save")
                yield Button(Content(_("Cancel")), id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def say(self, message: str) -> None:
        # the message names the path typed, which may hold control characters
        self.query_one("#export-message", Static).update(Content(printable(message)))

    def on_input_changed(self, _event: Input.Changed) -> None:
        # a different path asks again before replacing anything
        self.confirming = None
        self.say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-save":
            self.save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def save(self) -> None:
        typed = self.query_one("#export-path", Input).value
        if not typed.strip():
            self.say(_("Type where to save the transcript, for example {path}").format(
                path=default_path(self.filename)))
            return
        try:
            path = target_path(typed)
        except RuntimeError:  # "~someone" for a user that does not exist
            self.say(_("That home folder is not known here. Try a full path."))
            return
        try:
            if path.is_dir():
                self.say(_("{path} is a folder. Add a file name, such as {example}").format(
                    path=path, example=path / self.filename))
                return
            if not path.parent.is_dir():
                self.say(_("The folder {folder} does not exist. Choose a folder that exists.")
                         .format(folder=path.parent))
                return
            exists = path.exists()
        except OSError as error:  # a folder on the way that this user cannot enter
            self.say(_("Could not look in {folder}: {cause}. Choose another folder.").format(
                folder=path.parent, cause=os_cause(error)))
            return
        if exists and self.confirming != path:
            self.confirming = path
            self.say(exists_words())
            return
        try:
            write_atomically(path, self.text)
        except OSError as error:
            self.confirming = None
            self.say(_("Could not save to {path}: {cause}. Nothing was changed there.").format(
                path=path, cause=os_cause(error)))
            return
        self.dismiss(path)
