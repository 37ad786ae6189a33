"""The shape of an exercise as a graph: where each step can lead, what is reachable, what is stuck.

Shared by the checker (unreachable steps, loops with no way out) and by ``reconnect walk``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from reconnect.format.model import ChoiceStep, EndStep, Step, SwapStep

END = "<end>"
"""The pseudo-step every finished session reaches."""


def default_next(steps: tuple[Step, ...], index: int) -> str:
    """Where a step leads when nothing special happens: its goto, else the next step, else END."""
    step = steps[index]
    if isinstance(step, EndStep):
        return END
    if step.goto:
        return step.goto
    return steps[index + 1].id if index + 1 < len(steps) else END


def successors(steps: tuple[Step, ...], index: int) -> list[str]:
    """Every step that may follow ``steps[index]`` (only ids that exist are meaningful)."""
    step = steps[index]
    if isinstance(step, EndStep):  # the engine still takes an end step's branches before finishing
        return _unique([branch.goto for branch in step.branches] + [END])
    targets: list[str] = []
    if isinstance(step, ChoiceStep):
        targets.extend(option.goto for option in step.options if option.goto)
        if step.options and all(option.goto for option in step.options):
            return _unique(targets)
    targets.extend(branch.goto for branch in step.branches)
    if isinstance(step, SwapStep) and step.repeat_from:
        targets.append(step.repeat_from)
    targets.append(default_next(steps, index))
    return _unique(targets)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def graph(steps: tuple[Step, ...]) -> dict[str, list[str]]:
    known = {step.id for step in steps} | {END}
    return {
        step.id: [target for target in successors(steps, index) if target in known]
        for index, step in enumerate(steps)
    }


def reachable(steps: tuple[Step, ...], edges: dict[str, list[str]] | None = None) -> set[str]:
    """Ids reachable from the first step (END included when a session can finish)."""
    if not steps:
        return set()
    edges = graph(steps) if edges is None else edges
    seen = {steps[0].id}
    queue = deque([steps[0].id])
    while queue:
        for target in edges.get(queue.popleft(), []):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def can_finish(steps: tuple[Step, ...], edges: dict[str, list[str]] | None = None) -> set[str]:
    """Ids from which some path reaches END."""
    edges = graph(steps) if edges is None else edges
    reverse: dict[str, list[str]] = {}
    for source, targets in edges.items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    seen = {END}
    queue = deque([END])
    while queue:
        for source in reverse.get(queue.popleft(), []):
            if source not in seen:
                seen.add(source)
                queue.append(source)
    return seen
