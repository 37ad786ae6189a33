"""The footer of keys, changed in place when the keys it shows change."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reconnect.tui.widgets.one_layout import OneLayout

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

KeysShown = tuple[tuple[str, str, str, bool, str], ...]

FIRST_KEYS = ("ctrl+t", "f1")
"""The time-out and the safety notice come first, so that no language's longer words and no
narrow window can push them off the end of the footer."""


KEPT_KEYS = (*FIRST_KEYS, "ctrl+q")
"""Keys a footer too narrow for all of its keys never leaves out: a calm-down break, the
safety notice and the way out. The others go from the end of the row (Library before Pause
before Back); they still work, and every screen says how to go on in its own words."""


def keys_shown(screen: Screen[object]) -> KeysShown:
    """What the footer would show for ``screen``: each key, its words, and whether it works."""
    return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                 for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
                 if binding.show)


class KeyWords(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


def key_width(words: KeyWords, *, compact: bool = False) -> int:
    """The columns a key takes in the footer: a space each side of the key, a space after its
    words (Textual's footer key; compact, one space less)."""
    return cell_len(words.display) + cell_len(words.description) + (2 if compact else 3)


def fitted(keys: list[KeyWords], room: int, *, compact: bool = False) -> list[KeyWords]:
    """``keys`` less the ones that do not fit in ``room`` columns, dropped from the end of
    the row, never one of :data:`KEPT_KEYS`."""
    kept = list(keys)
    while sum(key_width(words, compact=compact) for words in kept) > room:
        droppable = [words for words in kept if words.key not in KEPT_KEYS]
        if not droppable:
            break
        kept.remove(droppable[-1])
    return kept


def show(key: Key, shown: bool) -> None:
    """Show or hide ``key``: only a change. The first time a widget's display is set, even to
    what its style sheet already gives it, Textual draws the widget again and lays the screen
    out (the setting becomes the widget's own style)."""
    if key.display != shown:
        key.display = shown


NO_KEY = KeyWords("", "", "", "", True, "")
"""What a spare key, kept hidden for later, says: nothing."""


class Key(FooterKey, OneLayout):
    """A key in the footer whose words can change in place."""

    def __init__(self, words: KeyWords, *, classes: str = "") -> None:
        super().__init__(words.key, words.display, words.description, words.action,
                         disabled=not words.enabled, tooltip=words.tooltip, classes=classes)

    @property
    def words(self) -> KeyWords:
        return KeyWords(self.key, self.key_display, self.description, self.action,
                        not self._disabled, str(self.tooltip or ""))

    def say(self, words: KeyWords) -> None:
        """Show ``words`` instead: one repaint, and a layout only when the width can change."""
        if words == self.words:
            return
        resized = (words.display, words.description) != (self.key_display, self.description)
        self.key, self.key_display = words.key, words.display
        self.description, self.action = words.description, words.action
        if self._disabled == words.enabled:
            # Textual's footer key keeps this to refuse a click, and dims itself by a class
            self._disabled = not words.enabled
            self.set_class(not words.enabled, "-disabled")
        self.tooltip = words.tooltip or None
        self.refresh(layout=resized)


class KeyFooter(Footer, OneLayout):
    """Textual's footer, changed in place, and only when the keys it shows change.

    Textual rebuilds every key of a footer whenever the bindings might have changed (a focus
    move, a screen shown, a refresh asked for), a frame after the change: every key is removed,
    made again and styled, and the screen laid out once more. On a session's step the keys
    change with the way of answering; here the keys already shown take the new words, in the
    same frame as the step (a spare key is hidden, kept for when more keys are needed), and
    only the first set of keys is composed."""

    DEFAULT_CSS = """
    KeyFooter { overflow-x: hidden; }
    """

    def __init__(self, *, spare: int = 0, show_command_palette: bool = True,
                 id: str | None = None) -> None:
        """``spare``: hidden keys composed with the first ones, for keys that come later (a
        key mounted then costs a second layout and frame on that key press)."""
        super().__init__(show_command_palette=show_command_palette, id=id)
        self.spare = spare
        self.keys_drawn: KeysShown | None = None

    @property
    def allow_horizontal_scroll(self) -> bool:
        # Keys that do not all fit scroll under a mouse wheel, as in Textual's footer, which
        # allows it while its scroll bar (never drawn: no width) is shown. That scroll bar is
        # not kept here: it came and went as a step's keys came to fit or not, and each time
        # the screen was laid out once more.
        return self.virtual_size.width > self.container_size.width

    def wanted(self) -> tuple[list[KeyWords], KeyWords | None]:
        """The keys to show, in order, and the command palette's key (None: not shown)."""
        active = self.screen.active_bindings
        shown: dict[str, KeyWords] = {}
        for (_node, binding, enabled, tooltip) in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = KeyWords(binding.key, self.app.get_key_display(binding),
                                                 binding.description, binding.action, enabled,
                                                 tooltip)
        # the keys that matter most in a hard moment first
        keys = sorted(shown.values(), key=lambda words: (
            FIRST_KEYS.index(words.key) if words.key in FIRST_KEYS else len(FIRST_KEYS)))
        room = self.size.width or self.app.size.width
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is None or not self.show_command_palette \
                or not self.app.ENABLE_COMMAND_PALETTE:
            return fitted(keys, room, compact=self.compact), None
        _node, binding, enabled, tooltip = palette
        palette_key = KeyWords(binding.key, self.app.get_key_display(binding),
                               binding.description, binding.action, enabled,
                               binding.tooltip or binding.description)
        room -= key_width(palette_key, compact=self.compact) + 1  # and its border
        return fitted(keys, room, compact=self.compact), palette_key

    def on_resize(self) -> None:
        # the keys that fit change with the width
        if self.query_children(Key):
            self.say_keys()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self.wanted()
        for words in keys:
            yield Key(words).data_bind(compact=Footer.compact)
        for _ in range(self.spare):
            key = Key(NO_KEY).data_bind(compact=Footer.compact)
            key.display = False
            yield key
        if palette is not None:
            # not bound to the footer's style: compact, as in Textual's own footer
            yield Key(palette, classes="-command-palette")

    def show_keys(self) -> None:
        """Show the keys of the screen now, in the frame being drawn (Textual tells a footer of
        new keys through its message queue, so it shows them a frame later). The first keys
        are composed the usual way."""
        if self.query_children(Key):
            self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = keys_shown(screen)
            if shown == self.keys_drawn:
                return
            self.keys_drawn = shown
            if self.say_keys():
                return
        super().bindings_changed(screen)

    def say_keys(self) -> bool:
        """Put the keys wanted now into the keys shown; False (nothing changed) when no keys
        have been composed yet, or the command palette's key comes or goes."""
        if not self._bindings_ready:
            return False
        shown = [key for key in self.query_children(Key)
                 if not key.has_class("-command-palette")]
        palettes = list(self.query_children(Key).filter(".-command-palette"))
        keys, palette = self.wanted()
        if not shown or (palette is None) != (not palettes):
            return False
        if len(keys) <= len(shown):
            self.place(keys, shown)
        else:
            # more keys than were ever made: the keys take the words in order, and the ones
            # missing are made (a footer made with spare keys for its screen never gets here)
            for widget, words in zip(shown, keys, strict=False):
                widget.say(words)
                show(widget, True)
            added = [Key(words) for words in keys[len(shown):]]
            for key in added:
                # as data_bind(compact=Footer.compact) in compose: this footer's is fixed
                key.set_reactive(FooterKey.compact, self.compact)
            self.mount_all(added)
        if palette is not None:
            palettes[0].say(palette)
        # (Textual's footer also sets grid_size_columns, which its horizontal layout does not
        # use; set here, it restyled every key on each change in their number)
        return True

    def place(self, keys: list[KeyWords], widgets: list[Key]) -> None:
        """Show ``keys``, in order, in ``widgets`` (as many or more): a key shown already stays
        in its widget, a key that comes back takes the hidden widget that showed it last, and
        a new key takes a hidden one; the widgets left over are hidden.

        A key shown in another widget than before is drawn anew: a key coming in the middle
        of the row (Back, Pause) would otherwise hand its words on to every key after it."""
        actions = {words.action for words in keys}
        kept = {widget.action: widget for widget in widgets
                if widget.display and widget.action in actions}
        free = [widget for widget in widgets if widget not in kept.values()]
        placed: list[Key] = []
        for words in keys:
            widget = kept.get(words.action)
            if widget is None:
                widget = next((spare for spare in free if spare.action == words.action),
                              free[0])
                free.remove(widget)
            widget.say(words)
            show(widget, True)
            placed.append(widget)
        for widget in free:
            show(widget, False)  # its words are kept for when its key comes back
        if [widget for widget in widgets if widget in placed] == placed:
            return
        # the row shows the keys in the order of the widgets: a key that took a hidden widget
        # is moved beside the key before it (the kept keys are in their order already)
        for index, widget in enumerate(placed):
            if widget in kept.values():
                continue
            if index:
                self.move_child(widget, after=placed[index - 1])
            elif len(placed) > 1:
                self.move_child(widget, before=placed[1])
        if [widget for widget in self.children if widget in placed] != placed:
            for before, widget in pairwise(placed):  # never expected: order them all
                self.move_child(widget, after=before)
