"""The library's shelves, in the order the home screen shows them.

A module of its own so the library can sort by it at start-up without loading the model.
"""

KNOWN_CATEGORIES: tuple[str, ...] = (
    "active-listening",
    "gratitude",
    "conflict-de-escalation",
    "connection",
)

CATEGORY_TITLES: dict[str, str] = {
    "active-listening": "Active listening",
    "gratitude": "Gratitude",
    "conflict-de-escalation": "Conflict de-escalation",
    "connection": "Connection",
}


def category_title(category: str) -> str:
    """A shelf's name as a heading ("conflict-de-escalation" is "Conflict de-escalation")."""
    return CATEGORY_TITLES.get(category) or category.replace("-", " ").capitalize()
