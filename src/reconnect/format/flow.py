"""The shape of an exercise as a graph: where each step can lead, what is reachable, what is stuck.

Shared by the checker (unreachable steps, loops with no way out) and by ``reconnect walk``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

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


def reachable_from(start: str, edges: dict[str, list[str]]) -> set[str]:
    """Ids reachable from ``start`` by one jump or more (``start`` itself only on a loop)."""
    seen: set[str] = set()
    queue = deque(edges.get(start, []))
    while queue:
        step_id = queue.popleft()
        if step_id not in seen:
            seen.add(step_id)
            queue.extend(edges.get(step_id, []))
    return seen


def loops_without_exit(steps: tuple[Step, ...], edges: dict[str, list[str]],
                       stuck: set[str]) -> list[list[str]]:
    """The loops a session could never leave, each as its step ids in file order.

    ``stuck`` are the steps from which no path reaches the end. Among them, a loop is a group
    of steps that all lead to each other (a strongly connected component) and lead nowhere
    else; the steps that only lead into such a loop are not part of it."""
    order = {step.id: number for number, step in enumerate(steps)}
    groups = _components([step.id for step in steps if step.id in stuck],
                         {step_id: [t for t in edges.get(step_id, []) if t in stuck]
                          for step_id in stuck})
    loops = []
    for group in groups:
        members = set(group)
        leaves = any(target not in members for step_id in group
                     for target in edges.get(step_id, []))
        looping = len(group) > 1 or group[0] in edges.get(group[0], [])
        if not leaves and looping:
            loops.append(sorted(group, key=order.__getitem__))
    return sorted(loops, key=lambda loop: order[loop[0]])


def _components(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                found.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


@dataclass(frozen=True)
class Jump:
    """One explicit jump: from step ``source``, at ``place`` inside it (``("goto",)``,
    ``("branches", 0, "goto")``, ``("options", 1, "goto")`` or ``("repeat_from",)``)."""

    source: str
    place: tuple[str | int, ...]
    target: str


def jumps(step: Step) -> list[Jump]:
    """Every explicit jump a step makes (its next step in the file is not one)."""
    found = [Jump(step.id, ("branches", number, "goto"), branch.goto)
             for number, branch in enumerate(step.branches)]
    if isinstance(step, ChoiceStep):
        found += [Jump(step.id, ("options", number, "goto"), option.goto)
                  for number, option in enumerate(step.options) if option.goto]
    if step.goto:
        found.append(Jump(step.id, ("goto",), step.goto))
    if isinstance(step, SwapStep) and step.repeat_from:
        found.append(Jump(step.id, ("repeat_from",), step.repeat_from))
    return found


def closing_jump(steps: tuple[Step, ...], loop: list[str]) -> Jump:
    """The jump that closes ``loop``: the one that goes back to an earlier step of the loop
    (going on to the next step in the file only ever goes forward, so there is one). A `goto`
    is preferred over a branch or an option, and the last such jump in the file wins."""
    order = {step.id: number for number, step in enumerate(steps)}
    members = set(loop)
    back = [jump for step_id in loop for jump in jumps(steps[order[step_id]])
            if jump.target in members and order[jump.target] <= order[jump.source]]
    if not back:  # cannot happen for a real loop; point at its first step's own goto
        return Jump(loop[0], ("goto",), loop[0])
    return max(back, key=lambda jump: (jump.place[0] != "repeat_from", jump.place[0] == "goto",
                                       order[jump.source]))


def without(steps: tuple[Step, ...], jump: Jump) -> tuple[Step, ...]:
    """``steps`` as they would be if ``jump`` were not there (a goto removed, a branch
    dropped, an option that no longer jumps): what a fixed jump would let a session reach."""
    changed: list[Step] = []
    for step in steps:
        if step.id != jump.source:
            changed.append(step)
            continue
        place = jump.place
        if place[0] == "goto":
            step = replace(step, goto=None)
        elif place[0] == "branches":
            step = replace(step, branches=tuple(branch for number, branch
                                                in enumerate(step.branches)
                                                if number != place[1]))
        elif place[0] == "options" and isinstance(step, ChoiceStep):
            step = replace(step, options=tuple(
                replace(option, goto=None) if number == place[1] else option
                for number, option in enumerate(step.options)))
        changed.append(step)
    return tuple(changed)
