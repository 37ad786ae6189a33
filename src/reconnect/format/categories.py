"""The library's shelves, in the order the home screen shows them.

A module of its own so the library can sort by it at start-up without loading the model.
"""

from reconnect.i18n import N_, _

KNOWN_CATEGORIES: tuple[str, ...] = (
    "active-listening",
    "gratitude",
    "conflict-de-escalation",
    "connection",
)

CATEGORY_TITLES: dict[str, str] = {
    "active-listening": N_("Active listening"),
    "gratitude": N_("Gratitude"),
    "conflict-de-escalation": N_("Conflict de-escalation"),
    "connection": N_("Connection"),
}


def category_title(category: str) -> str:
    """A shelf's name as a heading ("conflict-de-escalation" is "Conflict de-escalation"), in
    the language spoken; a category of the file's own is shown as the file spells it."""
    known = CATEGORY_TITLES.get(category)
    return _(known) if known else category.replace("-", " ").capitalize()
