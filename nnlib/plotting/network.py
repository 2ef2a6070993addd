"""Figures for lesson 05: network diagrams, decision boundaries, cost curves and gradient sizes.

Markers mean what they mean in lessons 02–04: a filled orange dot is a sample whose target is 1, a
hollow blue dot one whose target is 0, and a red ring marks a sample the network gets wrong. The
background shows the network's probability of class 1 (orange above 0.5, blue below), and the black
curve is the decision boundary, where that probability is exactly 0.5.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D

from nnlib._validation import as_float_array
from nnlib.plotting.neuron import FIRE, SILENT, WRONG
from nnlib.plotting.perceptron import plot_data

__all__ = [
    "draw_matrix_product",
    "draw_network",
    "plot_cost_curves",
    "plot_decision_boundary",
    "plot_gradient_sizes",
    "plot_layer_histograms",
]

POSITIVE = "#b2182b"  # dark red: a positive weight
NEGATIVE = "#2166ac"  # dark blue: a negative weight
PROBABILITY = LinearSegmentedColormap.from_list("probability", ["#9ecae1", "#f7f7f7", "#fdae6b"])


def draw_network(
    sizes: Sequence[int],
    weights: Sequence[np.ndarray] | None = None,
    biases: Sequence[np.ndarray] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    unit_labels: Mapping[tuple[int, int], str] | None = None,
    show_values: bool | None = None,
) -> Axes:
    """Draw a layered network: circles for units, a line for every weight.

    A line's width grows with the weight's size and its colour gives the sign (dark red positive,
    dark blue negative); without ``weights`` all lines are thin and grey.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: ``[2, 2, 1]`` is two inputs, two hidden units, one output.
    weights : sequence of ndarray, optional
        One kernel per pair of layers, shaped ``(sizes[i], sizes[i + 1])`` (Keras's convention).
    biases : sequence of ndarray, optional
        One per non-input layer, written inside the units (``b=...``).
    unit_labels : mapping (layer, unit) -> str, optional
        Text written next to a unit, e.g. ``{(1, 0): "OR"}``.
    show_values : bool, optional
        Write each weight's value on its line; default: when there are at most 12 lines.

    Examples
    --------
    >>> ax = draw_network([2, 2, 1], weights=[np.ones((2, 2)), -np.ones((2, 1))])  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"draw_network: sizes needs at least two layers of at least one unit, got {sizes}")
    if weights is not None:
        if len(weights) != len(sizes) - 1:
            raise ValueError(f"draw_network: {len(sizes)} layers need {len(sizes) - 1} kernels, got {len(weights)}")
        weights = [as_float_array(w, func="draw_network", name="weights", ndim=(2,)) for w in weights]
        for i, w in enumerate(weights):
            if w.shape != (sizes[i], sizes[i + 1]):
                raise ValueError(
                    f"draw_network: kernel {i + 1} must have shape ({sizes[i]}, {sizes[i + 1]}) "
                    f"(inputs, outputs), got {w.shape}"
                )
    n_lines = sum(a * b for a, b in zip(sizes, sizes[1:], strict=False))
    show_values = (weights is not None and n_lines <= 12) if show_values is None else show_values
    if ax is None:
        _, ax = plt.subplots(figsize=(1.9 * len(sizes) + 1, 0.75 * max(sizes) + 1.6))
    top = max(sizes)

    def position(layer: int, unit: int) -> tuple[float, float]:
        return float(layer), (sizes[layer] - 1) / 2 - unit + 0 * top

    largest = max((np.abs(w).max() for w in weights), default=1.0) if weights is not None else 1.0
    for layer in range(len(sizes) - 1):
        for i in range(sizes[layer]):
            for j in range(sizes[layer + 1]):
                (x0, y0), (x1, y1) = position(layer, i), position(layer + 1, j)
                if weights is None:
                    ax.plot([x0, x1], [y0, y1], color="0.6", lw=1, zorder=1)
                    continue
                value = weights[layer][i, j]
                width = 0.5 + 5.0 * abs(value) / max(largest, 1e-12)
                ax.plot([x0, x1], [y0, y1], color=POSITIVE if value >= 0 else NEGATIVE, lw=width, zorder=1)
                if show_values:
                    # near the line's own start, before lines from different units cross, framed in its colour
                    t = 0.36
                    ax.text(
                        x0 + t * (x1 - x0),
                        y0 + t * (y1 - y0),
                        f"{value:g}",
                        fontsize=8.5,
                        ha="center",
                        va="center",
                        bbox={
                            "boxstyle": "round,pad=0.15",
                            "fc": "white",
                            "ec": POSITIVE if value >= 0 else NEGATIVE,
                            "lw": 0.8,
                        },
                        zorder=3,
                    )
    names = ["input", *(f"hidden {k}" for k in range(1, len(sizes) - 1)), "output"]
    for layer, size in enumerate(sizes):
        for unit in range(size):
            x, y = position(layer, unit)
            ax.scatter(x, y, s=900, color="white", edgecolors="black", lw=1.5, zorder=2)
            text = f"$x_{unit + 1}$" if layer == 0 else ""
            if biases is not None and layer > 0:
                text = f"b={np.asarray(biases[layer - 1]).reshape(-1)[unit]:g}"
            ax.text(x, y, text, ha="center", va="center", fontsize=8 if layer else 10, zorder=4)
            if unit_labels and (layer, unit) in unit_labels:
                ax.text(x, y + 0.3, unit_labels[(layer, unit)], ha="center", va="bottom", fontsize=9, weight="bold")
        ax.text(layer, -(top - 1) / 2 - 0.75, names[layer], ha="center", va="top", fontsize=9, color="0.3")
    if weights is not None:
        handles = [
            Line2D([], [], color=POSITIVE, lw=3, label="positive weight"),
            Line2D([], [], color=NEGATIVE, lw=3, label="negative weight"),
            Line2D([], [], color="0.5", lw=0.8, label="thicker = larger"),
        ]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=8, frameon=False)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-(top - 1) / 2 - 1.0, (top - 1) / 2 + 0.7)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
    resolution: int = 120,
    legend: bool = True,
) -> Axes:
    """Shade the plane by the predicted probability of class 1 and draw the 0.5 boundary and the data.

    Parameters
    ----------
    predict : callable
        Maps points ``(n, 2)`` to probabilities of class 1, shaped ``(n,)`` or ``(n, 1)``
        (a network's ``forward``).
    X : array_like, shape (n_samples, 2)
    y : array_like of 0/1, shape (n_samples,)
    limits : ((x_min, x_max), (y_min, y_max)), optional
        Default: the data's range plus a margin.
    resolution : int, default 120
        Grid points per axis.
    legend : bool, default True

    Examples
    --------
    >>> ax = plot_decision_boundary(lambda P: P[:, 0] > 0, [[0, 0], [1, 1]], [0, 1])  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    X = as_float_array(X, func="plot_decision_boundary", name="X", ndim=(2,))
    y = np.asarray(y)
    if X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary: X must have 2 features to be drawn, got shape {X.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4))
    if limits is None:
        low, high = X.min(axis=0) - 0.4, X.max(axis=0) + 0.4
        limits = ((low[0], high[0]), (low[1], high[1]))
    (x_low, x_high), (y_low, y_high) = limits
    g1, g2 = np.meshgrid(np.linspace(x_low, x_high, resolution), np.linspace(y_low, y_high, resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    p = np.asarray(predict(grid), dtype=np.float64).reshape(g1.shape)
    ax.contourf(g1, g2, p, levels=np.linspace(0, 1, 11), cmap=PROBABILITY, vmin=0, vmax=1)
    if p.min() < 0.5 < p.max():
        ax.contour(g1, g2, p, levels=[0.5], colors="black", linewidths=1.5)
    plot_data(X, y, ax=ax, title=title, limits=limits, legend=False)
    wrong = (np.asarray(predict(X), dtype=np.float64).reshape(-1) >= 0.5) != (y == 1)
    ax.scatter(X[wrong, 0], X[wrong, 1], s=110, facecolors="none", edgecolors=WRONG, lw=1.4, zorder=4)
    if legend:
        handles = [
            Line2D([], [], marker="o", ls="", color=FIRE, label="filled: target 1"),
            Line2D([], [], marker="o", ls="", mfc="white", mec=SILENT, mew=1.8, label="hollow: target 0"),
            Line2D([], [], marker="o", ls="", mfc="none", mec=WRONG, ms=10, label="red ring: wrong"),
            Line2D([], [], color="black", lw=1.5, label="boundary (p = 0.5)"),
        ]
        ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.85)
    return ax


def plot_cost_curves(
    loss: Sequence[float],
    val_loss: Sequence[float] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The training cost (and the validation cost) after each epoch.

    Examples
    --------
    >>> ax = plot_cost_curves([0.7, 0.5, 0.4], [0.7, 0.55, 0.6])  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    epochs = np.arange(1, len(loss) + 1)
    ax.plot(epochs, loss, color="black", lw=1.8, label="training cost")
    if val_loss is not None and len(val_loss):
        ax.plot(epochs, val_loss, color=FIRE, lw=1.8, ls="--", label="validation cost")
        best = int(np.argmin(val_loss))
        ax.scatter(
            epochs[best], val_loss[best], color=FIRE, zorder=3, s=30, label=f"lowest validation (epoch {best + 1})"
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost (cross-entropy)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


def plot_gradient_sizes(sizes: Mapping[str, Sequence[float]], ax: Axes | None = None, title: str | None = None) -> Axes:
    """Gradient size per layer (log scale), one line per activation: shows gradients vanishing.

    Parameters
    ----------
    sizes : mapping name -> sequence of float
        For each activation, the size of the gradient of each layer's weights, first layer first.

    Examples
    --------
    >>> ax = plot_gradient_sizes({"sigmoid": [1e-6, 1e-3, 1e-1]})  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    styles = {"sigmoid": ("o", "-"), "tanh": ("s", "--"), "relu": ("^", ":")}
    for name, values in sizes.items():
        marker, ls = styles.get(name, ("D", "-."))
        ax.plot(np.arange(1, len(values) + 1), values, marker=marker, ls=ls, lw=1.6, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel("size of the weights' gradient")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def draw_matrix_product(
    factors: Sequence[tuple[str, tuple[int, int]]],
    result: tuple[str, tuple[int, int]],
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a matrix product as rectangles sized by their shapes: ``A (r×k) @ B (k×c) = C (r×c)``.

    Each rectangle is as tall as its rows and as wide as its columns, labelled with its name and
    shape, so a learner sees which sizes must match (the inner ones) and which survive (the outer).

    Parameters
    ----------
    factors : sequence of (name, (rows, columns))
        The matrices multiplied, left to right.
    result : (name, (rows, columns))

    Examples
    --------
    >>> ax = draw_matrix_product([("$A^T$", (5, 7)), ("$D$", (7, 2))], ("$G$", (5, 2)))  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    for (_, (_, inner)), (name, (rows, _)) in zip(factors, factors[1:], strict=False):
        if inner != rows:
            raise ValueError(f"draw_matrix_product: {name} has {rows} rows, but the factor before it {inner} columns")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 2.6))
    unit, x, tallest = 0.28, 0.0, max(shape[0] for _, shape in [*factors, result])
    items = [*factors, result]
    for number, (name, (rows, columns)) in enumerate(items):
        width, height = columns * unit, rows * unit
        colour = "#fdd0a2" if number == len(items) - 1 else "#deebf7"
        ax.add_patch(plt.Rectangle((x, -height / 2), width, height, fc=colour, ec="black", lw=1.2))
        for r in range(1, rows):  # faint grid: one cell per entry
            ax.plot([x, x + width], [-height / 2 + r * unit] * 2, color="0.75", lw=0.5)
        for c in range(1, columns):
            ax.plot([x + c * unit] * 2, [-height / 2, height / 2], color="0.75", lw=0.5)
        ax.text(x + width / 2, tallest * unit / 2 + 0.15, name, ha="center", va="bottom", fontsize=12)
        ax.text(x + width / 2, -tallest * unit / 2 - 0.15, f"{rows} × {columns}", ha="center", va="top", fontsize=10)
        x += width
        if number < len(items) - 1:
            ax.text(x + 0.35, 0, "=" if number == len(items) - 2 else "@", ha="center", va="center", fontsize=16)
            x += 0.7
    ax.set_xlim(-0.2, x + 0.2)
    ax.set_ylim(-tallest * unit / 2 - 0.7, tallest * unit / 2 + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_layer_histograms(
    values: Sequence[np.ndarray],
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str = "value",
    limits: tuple[float, float] | None = None,
    bins: int = 60,
) -> Axes:
    """One histogram line per layer, to see how a quantity's spread changes from layer to layer.

    Each legend entry gives the layer and the standard deviation of its values.

    Parameters
    ----------
    values : sequence of ndarray
        One array per layer, first layer first (any shape: all entries are counted).
    limits : (low, high), optional
        The histogram's range; default: the range of all values.

    Examples
    --------
    >>> ax = plot_layer_histograms([np.zeros(10), np.ones(10)])  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.2))
    arrays = [np.asarray(v, dtype=np.float64).ravel() for v in values]
    if limits is None:
        limits = (min(a.min() for a in arrays), max(a.max() for a in arrays))
    edges = np.linspace(*limits, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    colours = plt.get_cmap("viridis")(np.linspace(0, 0.9, len(arrays)))
    for number, (a, colour) in enumerate(zip(arrays, colours, strict=True), start=1):
        counts, _ = np.histogram(np.clip(a, *limits), bins=edges)
        ax.plot(centres, counts / a.size, color=colour, lw=1.5, label=f"layer {number}: spread {a.std():.2g}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share of the values")
    ax.legend(fontsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
