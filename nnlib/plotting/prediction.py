"""Figures for lesson 03: vectors and angles, step versus sigmoid, activations, a probability map.

Introduced in lesson 03 (predicting with a sigmoid neuron).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Arc

from nnlib import activations as act
from nnlib._validation import as_finite_number, as_float_array
from nnlib.plotting.neuron import FIRE, SILENT, WRONG
from nnlib.prediction import angle_between, make_prediction

__all__ = ["plot_activations", "plot_probability_map", "plot_sigmoid_and_derivative", "plot_vectors"]

VECTOR_COLOURS = ("#1a9850", "#7b3294", "#d95f02", "#1b6ca8")


def plot_vectors(w: np.ndarray, xs: Sequence[np.ndarray], names: Sequence[str], ax: Axes | None = None) -> Axes:
    """Draw ``w`` and each input vector from the origin, with the angle to ``w`` and the dot product.

    Parameters
    ----------
    w : array_like, shape (2,)
        The weight vector (drawn in black).
    xs : sequence of array_like, shape (2,)
        The input vectors.
    names : sequence of str
        One label per input vector.

    Examples
    --------
    >>> ax = plot_vectors([1.45, -0.66], [[1.66, 1.56], [2.0, 1.5]], ["x1", "x2"])  # doctest: +SKIP

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    w = as_float_array(w, func="plot_vectors", name="w", ndim=(1,))
    vectors = [as_float_array(x, func="plot_vectors", name="xs", ndim=(1,)) for x in xs]
    if w.shape != (2,) or any(v.shape != (2,) for v in vectors) or len(vectors) != len(names):
        raise ValueError("plot_vectors: w and every x must hold 2 numbers, with one name per x")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5))
    arrow = {"width": 0.025, "length_includes_head": True, "head_width": 0.1}
    ax.arrow(0, 0, *w, color="black", **arrow)
    ax.annotate(f"w = {w.tolist()}", w, xytext=(6, -14), textcoords="offset points", fontsize=10)
    w_angle = np.degrees(np.arctan2(w[1], w[0]))
    for k, (x, name) in enumerate(zip(vectors, names, strict=True)):
        colour = VECTOR_COLOURS[k % len(VECTOR_COLOURS)]
        ax.arrow(0, 0, *x, color=colour, **arrow)
        angle = angle_between(x, w)
        x_angle = np.degrees(np.arctan2(x[1], x[0]))
        radius = 0.55 + 0.3 * k
        low, high = sorted((w_angle, x_angle))
        ax.add_patch(Arc((0, 0), 2 * radius, 2 * radius, theta1=low, theta2=high, color=colour, lw=1.5))
        offset = (-20, 14) if k % 2 == 0 else (12, -34)
        ax.annotate(
            f"{name} = {x.tolist()}\n{name} · w = {x @ w:.4f}, angle {angle:.0f}°",
            x,
            xytext=offset,
            textcoords="offset points",
            ha="right" if k % 2 == 0 else "left",
            color=colour,
            fontsize=10,
        )
    everything = np.vstack([w, *vectors, np.zeros(2)])
    low, high = everything.min(axis=0) - 0.4, everything.max(axis=0) + 0.6
    ax.set_xlim(low[0] - 0.5, high[0] + 1.6)
    ax.set_ylim(low[1], high[1] + 0.3)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_aspect("equal")
    ax.set_xlabel("first component")
    ax.set_ylabel("second component")
    return ax


def plot_sigmoid_and_derivative(z_range: float = 8.0) -> plt.Figure:
    """Two panels: the step and the sigmoid side by side, and the sigmoid with its slope.

    Examples
    --------
    >>> fig = plot_sigmoid_and_derivative()  # doctest: +SKIP

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    z_range = as_finite_number(z_range, func="plot_sigmoid_and_derivative", name="z_range")
    z = np.linspace(-z_range, z_range, 801)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
    left.plot(z, (z >= 0).astype(float), color="0.5", lw=2, ls="--", label="step(z): 0 or 1")
    left.plot(z, act.sigmoid(z), color=FIRE, lw=2.5, label="sigmoid(z): anything in between")
    left.axhline(0.5, color="0.7", lw=0.8)
    left.set_title("From a hard step to a smooth S")
    right.plot(z, act.sigmoid(z), color=FIRE, lw=2.5, label="sigmoid(z)")
    right.plot(z, act.sigmoid_derivative(z), color=SILENT, lw=2.5, label="slope: s(z)(1 - s(z))")
    right.annotate(
        "steepest at z = 0:\nslope 0.25",
        (0, 0.25),
        xytext=(2.0, 0.45),
        arrowprops={"arrowstyle": "->"},
        fontsize=10,
    )
    right.set_title("The sigmoid and its derivative")
    for ax in (left, right):
        ax.set_xlabel("weighted sum z")
        ax.set_ylim(-0.05, 1.05)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


def plot_activations(z_range: float = 4.0) -> plt.Figure:
    """Sigmoid, tanh and ReLU (top row) with their derivatives (bottom row), on the same z axis.

    Examples
    --------
    >>> fig = plot_activations()  # doctest: +SKIP

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    z_range = as_finite_number(z_range, func="plot_activations", name="z_range")
    z = np.linspace(-z_range, z_range, 801)
    pairs = [
        ("sigmoid", act.sigmoid, act.sigmoid_derivative, "(0, 1)"),
        ("tanh", act.tanh, act.tanh_derivative, "(-1, 1)"),
        ("ReLU", act.relu, act.relu_derivative, "[0, ∞)"),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(12, 5.6), sharex=True)
    for column, (name, f, df, output_range) in enumerate(pairs):
        top, bottom = axes[0, column], axes[1, column]
        top.plot(z, f(z), color=FIRE, lw=2.5)
        top.set_title(f"{name}: outputs in {output_range}")
        bottom.plot(z, df(z), color=SILENT, lw=2.5)
        bottom.set_title(f"slope of {name}")
        bottom.set_xlabel("z")
        for ax in (top, bottom):
            ax.axhline(0, color="0.7", lw=0.8)
            ax.axvline(0, color="0.7", lw=0.8)
            ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel("activation")
    axes[1, 0].set_ylabel("derivative")
    fig.tight_layout()
    return fig


def plot_probability_map(
    w: np.ndarray,
    b: float,
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    limits: tuple[tuple[float, float], tuple[float, float]] = ((-0.5, 3.0), (-0.5, 3.0)),
    title: str | None = None,
) -> Axes:
    """Colour the plane by ``make_prediction(x, w, b)`` and mark the points ``X`` with their targets.

    The 0.5 contour (where ``x @ w + b = 0``) is the decision line; a point is circled in red when
    thresholding its probability at 0.5 gives the wrong class.

    Parameters
    ----------
    w : array_like, shape (2,)
    b : float
    X : array_like, shape (n_samples, 2)
    y : array_like of 0/1, shape (n_samples,)
        The targets, written next to each point.

    Examples
    --------
    >>> ax = plot_probability_map([1.45, -0.66], 0.0, [[1.66, 1.56]], [1])  # doctest: +SKIP

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    w = as_float_array(w, func="plot_probability_map", name="w", ndim=(1,))
    b = as_finite_number(b, func="plot_probability_map", name="b")
    X = as_float_array(X, func="plot_probability_map", name="X", ndim=(2,))
    y = as_float_array(y, func="plot_probability_map", name="y", ndim=(1,))
    if w.shape != (2,) or X.shape[1] != 2 or X.shape[0] != y.shape[0]:
        raise ValueError(
            f"plot_probability_map: expected w of shape (2,), X of shape (n, 2) and y of shape (n,), "
            f"got {w.shape}, {X.shape} and {y.shape}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(5.4, 4.4))
    (x_low, x_high), (y_low, y_high) = limits
    g1, g2 = np.meshgrid(np.linspace(x_low, x_high, 200), np.linspace(y_low, y_high, 200))
    p = make_prediction(np.column_stack([g1.ravel(), g2.ravel()]), w, b).reshape(g1.shape)
    image = ax.contourf(g1, g2, p, levels=np.linspace(0, 1, 11), cmap="coolwarm", vmin=0, vmax=1, alpha=0.9)
    if p.min() < 0.5 < p.max():
        ax.contour(g1, g2, p, levels=[0.5], colors="black", linewidths=1.8)
    ax.figure.colorbar(image, ax=ax, label="predicted probability of class 1", ticks=np.linspace(0, 1, 6))
    probabilities = np.atleast_1d(make_prediction(X, w, b))
    for k, ((x1, x2), target, prob) in enumerate(zip(X, y, probabilities, strict=True)):
        colour = FIRE if target == 1 else "white"
        ax.scatter(x1, x2, s=90, color=colour, edgecolors="black", lw=1.5, zorder=3)
        if (prob >= 0.5) != (target == 1):
            ax.scatter(x1, x2, s=330, facecolors="none", edgecolors=WRONG, lw=2, zorder=4)
        ax.annotate(
            f"target {int(target)}\np = {prob:.3f}",
            (x1, x2),
            xytext=(-12, 10) if k % 2 == 0 else (12, -30),
            textcoords="offset points",
            ha="right" if k % 2 == 0 else "left",
            fontsize=9,
            bbox={"boxstyle": "round", "fc": "white", "alpha": 0.85, "lw": 0},
        )
    marker = {"marker": "o", "ls": "none", "ms": 8, "mew": 1.5, "mec": "black"}
    ring = {**marker, "mfc": "none", "mec": WRONG, "ms": 14, "mew": 2}
    handles = [
        Line2D([], [], mfc=FIRE, label="filled: target 1", **marker),
        Line2D([], [], mfc="white", label="hollow: target 0", **marker),
        Line2D([], [], label="red ring: wrong at 0.5", **ring),
        Line2D([], [], color="black", lw=1.8, label="p = 0.5: decision line"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax
