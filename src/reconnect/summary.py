"""What a finished session amounts to, in words: check-in changes and homework. No terminal code."""

from __future__ import annotations

from collections.abc import Mapping

from reconnect import engine
from reconnect.format.model import Step
from reconnect.format.templates import render


def checkin_changes(state: engine.State) -> list[str]:
    """One line per partner and measure: ``Alex · calm: 4 → 7 (+3)``."""
    before: dict[tuple[str, int], int] = {}
    after: dict[tuple[str, int], int] = {}
    for step in state.exercise.steps:
        if step.kind != "rating" or step.checkin not in ("before", "after"):
            continue
        target = before if step.checkin == "before" else after
        for record in state.latest(step.id):
            if record.partner is not None and isinstance(record.value, int):
                target[(step.measure or step.id, record.partner)] = record.value
    lines = []
    for (measure, partner), first in sorted(before.items(), key=lambda item: item[0]):
        name = state.names[partner]
        if (measure, partner) in after:
            last = after[(measure, partner)]
            lines.append(f"{name} · {measure}: {first} → {last} ({last - first:+d})")
        else:
            lines.append(f"{name} · {measure}: {first} → (not asked again)")
    return lines


def homework_lines(state: engine.State) -> list[str]:
    """The homework of every homework step the couple passed through."""
    passed = {position.step for position in state.history} | {state.position.step}
    lines = []
    mapping = engine.names_for(state)
    for index, step in enumerate(state.exercise.steps):
        if step.kind != "homework" or index not in passed:
            continue
        text, tasks = homework_of(step, mapping)
        lines.append(text)
        lines.extend(f"  · {task}" for task in tasks)
    return lines


def homework_of(step: Step, mapping: Mapping[str, str]) -> tuple[str, list[str]]:
    """A homework step's text and tasks with the names filled in."""
    return render(step.text, mapping), [render(task, mapping) for task in step.tasks]
