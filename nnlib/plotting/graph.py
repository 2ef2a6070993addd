"""Computational graphs: boxes for quantities, arrows for "is computed from", local slopes on the arrows.

The same picture serves three lessons: lesson 04's chain w → z → ŷ → C, lesson 05's two-layer
network, and lesson 07's graphs built from expressions. Every figure uses one legend:

- a box is a quantity; its **value** (forward pass) is printed in blue under its name;
- an arrow points from an input of an operation to its result (the forward direction);
- the orange label on an arrow is the **local slope**, ∂(result)/∂(input), of that one operation;
- the red number in a box is the **gradient** ∂C/∂(quantity) found by the backward pass, which is
  the product of the local slopes along the path from the box to the cost (summed over paths);
- a box's colour says what it is: data (grey), a learned parameter (orange), a computed
  intermediate result (blue), the cost (red).

The legend lists only what a figure shows.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

__all__ = ["GraphNode", "draw_chain", "draw_graph", "layered_positions"]

VALUE = "#1b6ca8"  # blue: forward values
SLOPE = "#d95f02"  # orange: local slopes on the arrows
GRAD = "#c0392b"  # red: gradients of the cost
KIND_FILL = {"input": "#f2f2f2", "param": "#fde0c5", "op": "#dbe9f6", "cost": "#f6d5d5"}


@dataclass(frozen=True)
class GraphNode:
    """One box of a computational graph.

    Parameters
    ----------
    key : str
        Identifier used by the edges.
    label : str
        Text in the box (mathtext allowed, e.g. ``"$z = wx + b$"``).
    value : float, optional
        The forward value, printed under the label when given.
    grad : float or str, optional
        The cost's gradient: a number, or a formula such as ``"$\\delta_2 = (P - Y)/n$"``.
    kind : {"input", "param", "op", "cost"}
        Sets the box colour: data, a learned parameter, an intermediate result, the cost.
    """

    key: str
    label: str
    value: float | None = None
    grad: float | str | None = None
    kind: str = "op"


def layered_positions(
    keys: Sequence[str], edges: Sequence[tuple[str, str, str | None]]
) -> dict[str, tuple[float, float]]:
    """Place the nodes of a directed acyclic graph in columns: each node one column right of its inputs.

    Columns come from the longest path from any input; nodes in a column are spread vertically in the
    order given. Useful for graphs built from an expression.

    Examples
    --------
    >>> layered_positions(["x", "w", "z"], [("x", "z", None), ("w", "z", None)])
    {'x': (0.0, 0.5), 'w': (0.0, -0.5), 'z': (1.0, 0.0)}

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    inputs: dict[str, list[str]] = {k: [] for k in keys}
    for src, dst, _ in edges:
        if src not in inputs or dst not in inputs:
            raise ValueError(f"layered_positions: edge ({src!r} -> {dst!r}) names a node that is not in keys")
        inputs[dst].append(src)
    column: dict[str, int] = {}
    for key in keys:  # iterative longest-path layering (no recursion: graphs may be deep)
        stack = [key]
        while stack:
            node = stack[-1]
            pending = [s for s in inputs[node] if s not in column]
            if pending:
                if len(stack) > len(keys):
                    raise ValueError("layered_positions: the graph has a cycle")
                stack.extend(pending)
                continue
            column[node] = 1 + max((column[s] for s in inputs[node]), default=-1)
            stack.pop()
    positions: dict[str, tuple[float, float]] = {}
    for c in sorted(set(column.values())):
        members = [k for k in keys if column[k] == c]
        for i, key in enumerate(members):
            positions[key] = (float(c), (len(members) - 1) / 2 - i)
    return positions


def _plain(label: str) -> str:
    """The label roughly as printed: mathtext commands and markup stripped, for sizing."""
    return re.sub(r"\\[a-zA-Z]+|[${}^_]", "", label)


def draw_graph(
    nodes: Sequence[GraphNode],
    edges: Sequence[tuple[str, str, str | None]],
    positions: Mapping[str, tuple[float, float]] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Draw a computational graph: boxes, forward arrows, local slopes, values and gradients.

    Parameters
    ----------
    nodes : sequence of GraphNode
    edges : sequence of (source key, target key, slope label or None)
        An arrow from an input of an operation to its result, labelled with the local slope.
    positions : mapping key -> (x, y), optional
        Default: :func:`layered_positions`.
    ax : matplotlib Axes, optional
    title : str, optional
    legend : bool, default True

    Examples
    --------
    >>> nodes = [GraphNode("w", "$w$", 2.0, kind="param"), GraphNode("C", "$C = w^2$", 4.0, 1.0, "cost")]
    >>> ax = draw_graph(nodes, [("w", "C", "$2w$")])  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    by_key = {node.key: node for node in nodes}
    if len(by_key) != len(nodes):
        raise ValueError("draw_graph: two nodes share a key")
    for src, dst, _ in edges:
        if src not in by_key or dst not in by_key:
            raise ValueError(f"draw_graph: edge ({src!r} -> {dst!r}) names a node that is not in nodes")
    positions = dict(positions) if positions is not None else layered_positions([n.key for n in nodes], edges)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    if ax is None:
        longest = max(len(_plain(node.label)) for node in nodes)
        column = max(1.7, 0.075 * longest + 1.0)  # inches per column, so labels and arrows both fit
        width = column * (max(xs) - min(xs) + 1)
        height = 1.25 * (max(ys) - min(ys) + 1) + (0.9 if legend else 0.2)
        _, ax = plt.subplots(figsize=(max(4.0, width), max(2.0, height)))
    boxes = {}
    for node in nodes:
        x, y = positions[node.key]
        boxes[node.key] = ax.text(
            x,
            y,
            node.label,
            ha="center",
            va="center",
            fontsize=10,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.35", "fc": KIND_FILL.get(node.kind, KIND_FILL["op"]), "ec": "#333333"},
        )
        notes = []
        if node.value is not None:
            notes.append((f"= {node.value:.4g}", VALUE))
        if isinstance(node.grad, str):
            notes.append((node.grad, GRAD))
        elif node.grad is not None:
            notes.append((f"grad {node.grad:.4g}", GRAD))
        for i, (text, colour) in enumerate(notes):
            ax.text(x, y - 0.3 - 0.17 * i, text, ha="center", va="top", fontsize=8.5, color=colour, zorder=3)
    for src, dst, slope in edges:
        ax.annotate(
            "",
            xy=positions[dst],
            xytext=positions[src],
            zorder=4,
            arrowprops={
                "arrowstyle": "-|>",
                "mutation_scale": 14,
                "color": "#555555",
                "lw": 1.4,
                "shrinkA": 3,
                "shrinkB": 3,
                "patchA": boxes[src].get_bbox_patch(),
                "patchB": boxes[dst].get_bbox_patch(),
            },
        )
        if slope:  # above a level arrow; on a sloped one (covering it), where "above" could mean a neighbour
            (x0, y0), (x1, y1) = positions[src], positions[dst]
            level = y0 == y1
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2 + (0.17 if level else 0.0),
                slope,
                ha="center",
                va="bottom" if level else "center",
                fontsize=9,
                color=SLOPE,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": SLOPE, "lw": 0.8},
                zorder=5,
            )
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    handles = _legend_handles(nodes, edges) if legend else []
    rows = -(-len(handles) // 4)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.45 + 0.3 * rows)
    ax.axis("off")
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(
            handles=handles,
            loc="upper center",
            ncol=4,
            fontsize=8,
            frameon=False,
            bbox_to_anchor=(0.5, 1.0),
        )
    return ax


KIND_NAMES = {"input": "data", "param": "learned parameter", "op": "computed", "cost": "cost"}


def _legend_handles(nodes: Sequence[GraphNode], edges: Sequence[tuple[str, str, str | None]]) -> list:
    """Legend entries for what the figure shows: box kinds, arrows, slopes, values, gradients."""
    handles = [
        Patch(fc=KIND_FILL[kind], ec="#333333", label=KIND_NAMES[kind])
        for kind in KIND_FILL
        if any(node.kind == kind for node in nodes)
    ]
    handles.append(Line2D([], [], color="#555555", marker=">", lw=1.4, label="computed from (forward)"))
    if any(slope for _, _, slope in edges):
        handles.append(Patch(fc="white", ec=SLOPE, label="local slope of one step"))
    if any(node.value is not None for node in nodes):
        handles.append(Line2D([], [], color=VALUE, lw=0, marker="$=$", label="value (forward pass)"))
    if any(node.grad is not None for node in nodes):
        handles.append(Line2D([], [], color=GRAD, lw=0, marker="$g$", label="gradient of the cost (backward)"))
    return handles


def draw_chain(
    labels: Sequence[str],
    slopes: Sequence[str],
    values: Sequence[float] | None = None,
    grads: Sequence[float] | None = None,
    kinds: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a chain of computations left to right, e.g. lesson 04's w → z → ŷ → C.

    Parameters
    ----------
    labels : sequence of str
        One per box, left to right.
    slopes : sequence of str
        One per arrow (``len(labels) - 1``): the local slope of each link.
    values, grads : sequence of float, optional
    kinds : sequence of str, optional
        Default: the first box a parameter, the last the cost, the rest intermediate results.

    Examples
    --------
    >>> ax = draw_chain(["$w$", "$z$", "$C$"], ["$x$", "$2(z-y)$"])  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    n = len(labels)
    if len(slopes) != n - 1:
        raise ValueError(f"draw_chain: {n} boxes need {n - 1} slopes (one per arrow), got {len(slopes)}")
    for name, seq in (("values", values), ("grads", grads), ("kinds", kinds)):
        if seq is not None and len(seq) != n:
            raise ValueError(f"draw_chain: {name} needs one entry per box ({n}), got {len(seq)}")
    kinds = kinds or ["param", *["op"] * (n - 2), "cost"]
    nodes = [
        GraphNode(
            str(i),
            label,
            None if values is None else values[i],
            None if grads is None else grads[i],
            kinds[i],
        )
        for i, label in enumerate(labels)
    ]
    edges = [(str(i), str(i + 1), slopes[i]) for i in range(n - 1)]
    positions = {str(i): (float(i), 0.0) for i in range(n)}
    return draw_graph(nodes, edges, positions, ax=ax, title=title)
