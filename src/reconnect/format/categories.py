"""The library's shelves, in the order the home screen shows them.

A module of its own so the library can sort by it at start-up without loading the model.
"""

KNOWN_CATEGORIES: tuple[str, ...] = (
    "active-listening",
    "gratitude",
    "conflict-de-escalation",
    "connection",
)
