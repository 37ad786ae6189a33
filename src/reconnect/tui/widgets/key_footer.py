"""The footer of keys: one widget that draws its screen's keys on one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen

FIRST_KEYS = ("ctrl+t", "f1")
"""The time-out and the safety notice come first, so that no language's longer words and no
narrow window can push them off the end of the footer."""


KEPT_KEYS = (*FIRST_KEYS, "ctrl+q")
"""Keys a footer too narrow for all of its keys never leaves out: a calm-down break, the
safety notice and the way out. The others go from the end of the row (Library before Pause
before Back); they still work, and every screen says how to go on in its own words."""


class KeyWords(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


def key_width(words: KeyWords) -> int:
    """The columns a key takes in the footer: a space each side of the key, a space after its
    words (as in Textual's footer)."""
    return cell_len(words.display) + cell_len(words.description) + 3


def palette_width(words: KeyWords) -> int:
    """The columns the command palette's key takes, not counting the line before it and the
    space after it: its key, a space and its words (compact, as Textual draws it)."""
    return cell_len(words.display) + 1 + cell_len(words.description)


def fitted(keys: list[KeyWords], room: int) -> list[KeyWords]:
    """``keys`` less the ones that do not fit in ``room`` columns, dropped from the end of
    the row, never one of :data:`KEPT_KEYS`."""
    kept = list(keys)
    while sum(key_width(words) for words in kept) > room:
        droppable = [words for words in kept if words.key not in KEPT_KEYS]
        if not droppable:
            break
        kept.remove(droppable[-1])
    return kept


class Drawn(NamedTuple):
    """A key where the footer drew it, for a click or a pointer over it."""

    start: int
    end: int
    words: KeyWords


class KeyFooter(Widget, can_focus=False):
    """The keys of the screen, drawn as one line by one widget, in Textual's footer style.

    Textual's footer is a row of widgets, one per key, rebuilt a frame after every change of
    the bindings (a focus move, a screen shown). A session's step changes the keys with the
    way of answering: with one widget per key, the keys were seven of the seventeen widgets
    each step laid out, and a key whose words grew asked for a second layout a frame later.
    Here a change of keys repaints one line and never needs a layout (the footer is one row,
    as wide as the screen). A key still runs when clicked, shows its tooltip under the
    pointer, lights up under it, and is dimmed while it does nothing.

    A screen with a ``footer_words(binding)`` method gives a key other words for the moment
    it shows, or leaves the key out of the footer (None) while it still works."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {
        "key-footer--item", "key-footer--hover", "key-footer--key",
        "key-footer--description", "key-footer--border",
    }

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--item { background: $footer-item-background; }
        & > .key-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--border { color: $foreground 20%; }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        self.keys: tuple[KeyWords, ...] = ()
        """The keys drawn, in order (the command palette's key is :attr:`palette`)."""
        self.palette: KeyWords | None = None
        self.hovered: str | None = None
        """The action of the key under the pointer."""
        self._drawn: tuple[tuple[object, ...], Strip, list[Drawn]] | None = None
        self._styled: dict[tuple[str, ...], Style] = {}
        """The style of each combination of parts, made once per theme (see :meth:`styled`)."""
        self._base: tuple[Style, Color, Color] | None = None
        self._room = -1
        """The columns the keys were last fitted into."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.show_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # as Textual's footer: the keys of an app without the terminal's focus are not shown
        # changing (they come back when it returns)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.show_keys()

    def on_resize(self) -> None:
        if self.size.width != self._room:
            self.show_keys()  # the keys that fit change with the width

    def show_keys(self) -> None:
        """Show the keys of the screen now, in the frame being drawn (Textual tells a footer of
        new keys through its message queue, so it would show them a frame later)."""
        keys, palette = self.wanted()
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    @property
    def shown(self) -> list[str]:
        """The words of the keys drawn, in order."""
        return [words.description for words in self.keys]

    def wanted(self) -> tuple[tuple[KeyWords, ...], KeyWords | None]:
        """The keys to show, in order, and the command palette's key (None: not shown)."""
        active = self.screen.active_bindings
        words_for = getattr(self.screen, "footer_words", None)
        shown: dict[str, KeyWords] = {}
        for (_node, binding, enabled, tooltip) in active.values():
            if binding.show and binding.action not in shown:
                # a screen may give a key other words for the moment, or leave it out
                description = binding.description if words_for is None else words_for(binding)
                if description is not None:
                    shown[binding.action] = KeyWords(
                        binding.key, self.app.get_key_display(binding), description,
                        binding.action, enabled, tooltip)
        # the keys that matter most in a hard moment first
        keys = sorted(shown.values(), key=lambda words: (
            FIRST_KEYS.index(words.key) if words.key in FIRST_KEYS else len(FIRST_KEYS)))
        room = self._room = self.size.width or self.app.size.width
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is None or not self.show_command_palette \
                or not self.app.ENABLE_COMMAND_PALETTE:
            return tuple(fitted(keys, room)), None
        _node, binding, enabled, _tooltip = palette
        palette_key = KeyWords(binding.key, self.app.get_key_display(binding),
                               binding.description, binding.action, enabled,
                               binding.tooltip or binding.description)
        room -= palette_width(palette_key) + 2  # its border on the left, a space on the right
        return tuple(fitted(keys, room)), palette_key

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None  # a new theme: other colours
        self._styled.clear()
        self._base = None

    def render_line(self, y: int) -> Strip:
        if y:
            return Strip.blank(self.size.width, self.rich_style)
        return self.drawn()[0]

    def drawn(self) -> tuple[Strip, list[Drawn]]:
        """The line of keys at the footer's width, and where each key is on it."""
        width = self.size.width
        wanted = (width, self.keys, self.palette, self.hovered, self.visual_style)
        if self._drawn is None or self._drawn[0] != wanted:
            segments: list[Segment] = []
            places: list[Drawn] = []
            column = 0
            for words in self.keys:
                segments += self.key_segments(words)
                places.append(Drawn(column, column + key_width(words), words))
                column += key_width(words)
            if self.palette is not None:
                # at the right edge, past a thin line, in the compact style of Textual's own
                # palette key: no space around the key, one before its words
                end = width - 1
                start = end - palette_width(self.palette)
                segments.append(Segment(" " * max(0, start - 1 - column), self.rich_style))
                item = self.item_of(self.palette)
                segments.append(Segment("▏", self.styled(item, "key-footer--border")))
                segments += self.key_segments(self.palette, compact=True)
                segments.append(Segment(" ", self.styled(item)))
                places.append(Drawn(start - 1, width, self.palette))
            line = Strip(segments).adjust_cell_length(width, self.rich_style)
            self._drawn = (wanted, line, places)
        return self._drawn[1], self._drawn[2]

    def key_segments(self, words: KeyWords, *, compact: bool = False) -> list[Segment]:
        """A key and its words, lit up under the pointer, dimmed while the key does nothing;
        compact: no space around the key, one before its words (the palette's key)."""
        item = self.item_of(words)
        dim = Style() if words.enabled else Style(dim=True)
        key, description = ((words.display, f" {words.description}") if compact
                            else (f" {words.display} ", f"{words.description} "))
        return [Segment(key, self.styled(item, "key-footer--key") + dim),
                Segment(description, self.styled(item, "key-footer--description") + dim)]

    def item_of(self, words: KeyWords) -> str:
        """The part that gives a key its background: lit up while the pointer is over it."""
        return "key-footer--hover" if words.action == self.hovered else "key-footer--item"

    def styled(self, *parts: str) -> Style:
        """The style of ``parts`` laid over the footer, each over the one before, as Textual
        styles a widget inside another: a part's background is blended over the background
        under it, and its colour and text style replace or add to those before. Made once per
        theme: working it out walks the footer's ancestors, and a line of keys asks for it
        about a dozen times."""
        style = self._styled.get(parts)
        if style is None:
            style = self._styled[parts] = self.style_of(parts)
        return style

    def style_of(self, parts: tuple[str, ...]) -> Style:
        if self._base is None:  # the footer's own style, the start of every part's
            self._base = (self.rich_style.without_color, self.background_colors[1],
                          self.styles.color)
        style, background, color = self._base
        for part in parts:
            styles = self.get_component_styles(part)
            if styles.has_rule("background"):
                background += styles.background
            if styles.has_rule("color"):
                color = styles.color
            style += styles.text_style
        return style + Style.from_color(
            (background + color).rich_color if background.a or color.a else None,
            background.rich_color if background.a else None)

    def key_at(self, x: int) -> KeyWords | None:
        return next((place.words for place in self.drawn()[1] if place.start <= x < place.end),
                    None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        words = self.key_at(event.x)
        if words is None:
            return
        if words.enabled:
            self.app.simulate_key(words.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.point_at(self.key_at(event.x))

    def on_leave(self) -> None:
        self.point_at(None)

    def point_at(self, words: KeyWords | None) -> None:
        """Light up the key under the pointer, and give the footer its tooltip."""
        action = None if words is None else words.action
        if action != self.hovered:
            self.hovered = action
            self.tooltip = (words.tooltip or None) if words is not None else None
            self.refresh()

