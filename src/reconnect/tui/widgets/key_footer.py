"""The footer of keys, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

KeysShown = tuple[tuple[str, str, str, bool, str], ...]

FIRST_KEYS = ("ctrl+t", "f1")
"""The time-out and the safety notice come first, so that no language's longer words and no
narrow window can push them off the end of the footer."""


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

    def compose(self) -> ComposeResult:
        # Textual's own footer, with the keys that matter most in a hard moment put first
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown: dict[str, tuple[str, str, str, bool, str]] = {}
        for (_node, binding, enabled, tooltip) in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, self.app.get_key_display(binding),
                                         binding.description, enabled, tooltip)
        keys = sorted(shown.items(), key=lambda item: (
            FIRST_KEYS.index(item[1][0]) if item[1][0] in FIRST_KEYS else len(FIRST_KEYS)))
        self.styles.grid_size_columns = len(keys)
        for action, (key, display, description, enabled, tooltip) in keys:
            yield FooterKey(key, display, description, action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette \
                and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = keys_shown(screen)
            if shown == self.keys_drawn:
                return
            self.keys_drawn = shown
        super().bindings_changed(screen)
