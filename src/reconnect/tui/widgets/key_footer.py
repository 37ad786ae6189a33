"""The footer of keys, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

KeysShown = tuple[tuple[str, str, str, bool, str], ...]


def keys_shown(screen: Screen[object]) -> KeysShown:
    """What the footer would show for ``screen``: each key, its words, and whether it works."""
    return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                 for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
                 if binding.show)


class KeyFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Textual rebuilds every key of a footer whenever the bindings might have changed: a focus
    move, a screen shown, a refresh asked for. Each rebuild restyles every key, which costs
    about a frame; on a session's step the keys rarely change, and the step should get the
    frame."""

    def __init__(self) -> None:
        super().__init__()
        self.keys_drawn: KeysShown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = keys_shown(screen)
            if shown == self.keys_drawn:
                return
            self.keys_drawn = shown
        super().bindings_changed(screen)
