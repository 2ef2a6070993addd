"""Draw the graph an autograd expression recorded, in the same style as lessons 04 and 05.

:func:`graph_of` turns the nodes of a :class:`~nnlib.autograd.Value` or :class:`~nnlib.autograd.Tensor`
expression into :class:`~nnlib.plotting.graph.GraphNode` boxes and arrows; :func:`draw_autograd_graph`
draws them with :func:`~nnlib.plotting.graph.draw_graph`. For numbers, a box shows the value (blue) and,
after ``backward()``, the gradient (red), and each arrow its local slope (orange). For arrays, a box
shows the operation and the shape.

Introduced in lesson 07 (computational graphs and automatic differentiation).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from nnlib.autograd import Tensor, Value, topological_order
from nnlib.plotting.graph import GraphNode, draw_graph, layered_positions

__all__ = ["draw_autograd_graph", "graph_of"]

#: How operations are written in the boxes.
OP_NAMES = {"*": "×", "-": "−", "/": "÷", "neg": "−x", "@": "@ (matmul)"}


def _op_text(op: str) -> str:
    return OP_NAMES.get(op, op)


def graph_of(
    root: Value | Tensor, params: Sequence[Value | Tensor] = ()
) -> tuple[list[GraphNode], list[tuple[str, str, str | None]]]:
    """The boxes and arrows of the expression that computed ``root``, inputs first.

    Parameters
    ----------
    root : Value or Tensor
        The result; usually the cost, after ``backward()`` so the gradients are filled.
    params : sequence of Value or Tensor
        Inputs to colour as learned parameters; other inputs are drawn as data (or constants).

    Returns
    -------
    nodes : list of GraphNode
    edges : list of (source key, target key, slope label)
        For numbers the label is the local slope; for arrays it is ``None``.

    Examples
    --------
    >>> w = Value(3.0, label="w")
    >>> loss = w * w
    >>> loss.backward()
    >>> nodes, edges = graph_of(loss, params=[w])
    >>> [(n.label, n.value, n.grad, n.kind) for n in nodes]
    [('w', 3.0, 6.0, 'param'), ('×', 9.0, 1.0, 'cost')]
    >>> edges  # w is used twice by the same ×: one arrow, both local slopes
    [('n0', 'n1', '3 + 3')]

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    order = topological_order(root)
    keys = {id(node): f"n{i}" for i, node in enumerate(order)}
    learned = {id(p) for p in params}
    after_backward = isinstance(root, Value) and root.grad != 0
    nodes, slopes_of = [], {}
    for node in order:
        if node is root:
            kind = "cost"
        elif node.inputs:
            kind = "op"
        else:
            kind = "param" if id(node) in learned else "input"
        if node.inputs:
            text = f"{node.label} ({_op_text(node.op)})" if node.label else _op_text(node.op)
        elif node.label:
            text = node.label
        elif isinstance(node, Value):
            text = f"{node.data:g}"  # a constant typed into the expression
        else:
            text = "constant"
        if isinstance(node, Value):
            nodes.append(GraphNode(keys[id(node)], text, node.data, node.grad if after_backward else None, kind))
            slopes = [f"{slope:.3g}" for slope in node.local_slopes]
        else:
            shape = "one number" if node.shape == () else f"shape {node.shape}"
            nodes.append(GraphNode(keys[id(node)], f"{text}\n{shape}", kind=kind))
            slopes = [None] * len(node.inputs)
        for parent, slope in zip(node.inputs, slopes, strict=True):  # an input used twice: one arrow, "s + s"
            edge = (keys[id(parent)], keys[id(node)])
            slopes_of[edge] = slope if edge not in slopes_of or slope is None else f"{slopes_of[edge]} + {slope}"
    return nodes, [(src, dst, slope) for (src, dst), slope in slopes_of.items()]


def draw_autograd_graph(
    root: Value | Tensor,
    params: Sequence[Value | Tensor] = (),
    ax: Axes | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Draw the graph that computed ``root``: values, local slopes and (after ``backward()``) gradients.

    Examples
    --------
    >>> x, w = Value(2.0, label="x"), Value(-1.0, label="w")
    >>> ax = draw_autograd_graph((w * x).sigmoid(), params=[w])  # doctest: +SKIP

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    if not isinstance(root, (Value, Tensor)):
        raise TypeError(f"draw_autograd_graph: expected a Value or Tensor, got {type(root).__name__}")
    nodes, edges = graph_of(root, params)
    return draw_graph(nodes, edges, _leaves_near_their_use(nodes, edges), ax=ax, title=title, legend=legend)


def _leaves_near_their_use(
    nodes: Sequence[GraphNode], edges: Sequence[tuple[str, str, str | None]]
) -> dict[str, tuple[float, float]]:
    """Layered positions, with each input moved to the column just left of its first use (shorter arrows)."""
    keys = [node.key for node in nodes]
    column = {key: x for key, (x, _) in layered_positions(keys, edges).items()}
    has_inputs = {dst for _, dst, _ in edges}
    for key in keys:
        uses = [column[dst] for src, dst, _ in edges if src == key]
        if key not in has_inputs and uses:
            column[key] = min(uses) - 1
    positions = {}
    for c in sorted(set(column.values())):
        members = [key for key in keys if column[key] == c]
        for i, key in enumerate(members):
            positions[key] = (c, (len(members) - 1) / 2 - i)
    return positions
