"""The terminal interface: screens and widgets that render engine state and send events."""
