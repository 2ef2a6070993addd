"""Figures for lesson 02: data with a decision line, the line epoch by epoch, mistakes per epoch.

Each function draws on an ``ax`` you pass (or a new figure) and returns it. A point's *target* class
decides its marker: filled orange for class 1, hollow blue for class 0 (in lesson 01, filled and
hollow meant what the neuron did; every legend says which). A point the current line gets wrong is
circled in red.

Introduced in lesson 02 (the perceptron learns).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from nnlib._validation import as_finite_number, as_float_array
from nnlib.plotting.neuron import FIRE, SILENT, WRONG

__all__ = ["plot_data", "plot_decision_line", "plot_line_per_epoch", "plot_mistakes", "plot_update"]

SHADE = {0: "#dbe9f6", 1: "#fde0c5"}  # light blue / light orange: where the neuron says 0 / 1


def _limits(X: np.ndarray, pad: float = 0.5) -> tuple[tuple[float, float], tuple[float, float]]:
    low, high = X.min(axis=0) - pad, X.max(axis=0) + pad
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def plot_data(
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    limits: tuple | None = None,
    legend: bool = True,
) -> Axes:
    """Scatter 2-D points: target class 1 as filled orange dots, target class 0 as hollow blue dots.

    Parameters
    ----------
    X : array_like, shape (n_samples, 2)
    y : array_like of 0/1, shape (n_samples,)
    ax : matplotlib Axes, optional
    title : str, optional
    limits : ((x_min, x_max), (y_min, y_max)), optional
        Default: the data's range plus a margin.
    legend : bool, default True
        Say what the markers mean (the target class, not what the neuron does).

    Examples
    --------
    >>> ax = plot_data([[0, 0], [1, 1]], [0, 1])  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    X = as_float_array(X, func="plot_data", name="X", ndim=(2,))
    y = as_float_array(y, func="plot_data", name="y", ndim=(1,))
    if X.shape[1] != 2 or X.shape[0] != y.shape[0]:
        raise ValueError(
            f"plot_data: expected X of shape (n_samples, 2) and y of shape (n_samples,), got {X.shape} and {y.shape}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    ones, zeros = y == 1, y != 1
    ax.scatter(
        X[zeros, 0],
        X[zeros, 1],
        s=40,
        facecolors="white",
        edgecolors=SILENT,
        lw=1.8,
        zorder=3,
        label="hollow: target 0",
    )
    ax.scatter(X[ones, 0], X[ones, 1], s=40, color=FIRE, edgecolors=FIRE, lw=1.8, zorder=3, label="filled: target 1")
    (x_low, x_high), (y_low, y_high) = limits if limits is not None else _limits(X)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend:
        _legend(ax)
    if title:
        ax.set_title(title)
    return ax


def _legend(ax: Axes) -> None:
    """The markers' meaning, in a small legend (it names the red ring too when one is drawn)."""
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="best", fontsize=7, framealpha=0.85, handletextpad=0.2, borderpad=0.3)


def plot_decision_line(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    ax: Axes | None = None,
    title: str | None = None,
    previous: tuple[np.ndarray, float] | None = None,
    limits: tuple | None = None,
    show_wrong: bool = True,
    legend: bool = True,
) -> Axes:
    """Draw the data, the half-plane where ``x @ w + b >= 0`` (shaded orange) and the line between.

    Parameters
    ----------
    X : array_like, shape (n_samples, 2)
    y : array_like of 0/1, shape (n_samples,)
    w : array_like, shape (2,)
    b : float
    ax : matplotlib Axes, optional
    title : str, optional
    previous : (w, b), optional
        An earlier line, drawn dashed grey, to show how the line moved.
    limits : ((x_min, x_max), (y_min, y_max)), optional
    show_wrong : bool, default True
        Circle in red the points that ``(w, b)`` labels wrongly.
    legend : bool, default True
        Say what the markers mean (filled/hollow: the target class; red ring: labelled wrongly).

    Examples
    --------
    >>> ax = plot_decision_line([[0, 0], [1, 1]], [0, 1], [1.0, 1.0], -1.0)  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    X = as_float_array(X, func="plot_decision_line", name="X", ndim=(2,))
    w = as_float_array(w, func="plot_decision_line", name="w", ndim=(1,))
    b = as_finite_number(b, func="plot_decision_line", name="b")
    if w.shape != (2,):
        raise ValueError(f"plot_decision_line: w must hold 2 weights, got shape {w.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    (x_low, x_high), (y_low, y_high) = limits if limits is not None else _limits(X)
    g1, g2 = np.meshgrid(np.linspace(x_low, x_high, 200), np.linspace(y_low, y_high, 200))
    fires = (g1 * w[0] + g2 * w[1] + b >= 0).astype(float)
    ax.contourf(g1, g2, fires, levels=[-0.5, 0.5, 1.5], colors=[SHADE[0], SHADE[1]])
    if previous is not None:
        _line(ax, *previous, (x_low, x_high), color="0.45", ls="--", lw=1.3)
    _line(ax, w, b, (x_low, x_high), color="black", lw=1.8)
    plot_data(X, y, ax=ax, title=title, limits=((x_low, x_high), (y_low, y_high)), legend=False)
    if show_wrong:
        y_hat = (X @ w + b >= 0).astype(int)
        wrong = y_hat != np.asarray(y)
        ax.scatter(
            X[wrong, 0],
            X[wrong, 1],
            s=170,
            facecolors="none",
            edgecolors=WRONG,
            lw=1.6,
            zorder=4,
            label="red ring: wrong side" if np.any(wrong) else None,
        )
    if legend:
        _legend(ax)
    return ax


def _line(ax: Axes, w: np.ndarray, b: float, x_range: tuple[float, float], **style: object) -> None:
    """The line w1*x1 + w2*x2 + b = 0 across ``x_range`` (nothing if w is zero: no line yet)."""
    w = np.asarray(w, dtype=float)
    if abs(w[1]) > 1e-12:
        xs = np.array(x_range)
        ax.plot(xs, -(w[0] * xs + b) / w[1], **style)
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], **style)


def plot_line_per_epoch(
    X: np.ndarray,
    y: np.ndarray,
    history: Sequence[tuple[np.ndarray, float]],
    mistakes: Sequence[int],
    ncols: int = 4,
    panel_size: float = 3.0,
) -> plt.Figure:
    """Small multiples: the decision line before training and after every epoch.

    Parameters
    ----------
    X, y : the training data (2 features)
    history : list of (w, b)
        ``Perceptron.history_``: the start, then the weights after each epoch.
    mistakes : list of int
        ``Perceptron.mistakes_``: the mistakes made during each epoch.
    ncols : int, default 4

    Examples
    --------
    >>> fig = plot_line_per_epoch(X, y, model.history_, model.mistakes_)  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    X = as_float_array(X, func="plot_line_per_epoch", name="X", ndim=(2,))
    if len(history) != len(mistakes) + 1:
        raise ValueError(
            f"plot_line_per_epoch: history needs one entry more than mistakes (the start), got "
            f"{len(history)} and {len(mistakes)}"
        )
    n = len(history)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size * ncols, (panel_size + 0.6) * nrows))
    axes = np.atleast_1d(axes).ravel()
    limits = _limits(X)
    for k, ax in enumerate(axes):
        if k >= n:
            ax.axis("off")
            continue
        w, b = history[k]
        wrong = int(np.sum((X @ w + b >= 0).astype(int) != np.asarray(y)))
        if k == 0:
            title = f"start: w = 0, b = 0\n{wrong} wrong"
        else:
            title = f"after epoch {k}\n{mistakes[k - 1]} updates, {wrong} wrong now"
        previous = history[k - 1] if k > 0 else None
        plot_decision_line(X, y, w, b, ax=ax, title=title, limits=limits, previous=previous, legend=False)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_aspect("equal")
    dot = {"marker": "o", "ls": "none", "ms": 7, "mew": 1.8}
    handles = [
        Line2D([], [], mfc=FIRE, mec=FIRE, label="filled: target 1", **dot),
        Line2D([], [], mfc="white", mec=SILENT, label="hollow: target 0", **dot),
        Line2D([], [], mfc="none", mec=WRONG, label="red ring: on the wrong side now", **{**dot, "ms": 12}),
        Line2D([], [], color="black", lw=1.8, label="the line now"),
        Line2D([], [], color="0.45", ls="--", lw=1.3, label="one epoch earlier"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.06 / nrows, 1, 1))
    return fig


def plot_mistakes(
    mistakes: Sequence[int],
    ax: Axes | None = None,
    label: str | None = None,
    title: str | None = None,
    **style,
) -> Axes:
    """Mistakes (updates) per epoch as a line with dots; reaching 0 means the data is separated.

    Examples
    --------
    >>> ax = plot_mistakes([3, 2, 0])  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    mistakes = as_float_array(mistakes, func="plot_mistakes", name="mistakes", ndim=(1,))
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3))
    epochs = np.arange(1, len(mistakes) + 1)
    ax.plot(epochs, mistakes, marker="o", ms=4, label=label, **style)
    ax.set_xlabel("epoch")
    ax.set_ylabel("mistakes in the epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return ax


def plot_update(x: np.ndarray, y: int, w: np.ndarray, b: float, lr: float = 1.0, ax: Axes | None = None) -> Axes:
    """One update seen as geometry: the weight vector ``w`` (drawn from the origin) is turned by ``x``.

    ``w`` is always at right angles to the decision line and points into the half-plane where the
    neuron fires. A mistake on a point of class 1 adds ``lr * x`` to ``w`` (turning it towards x);
    a mistake on class 0 subtracts it. The old line is dashed, the new one solid.

    Examples
    --------
    >>> ax = plot_update([1.0, 2.0], 1, [2.0, -1.0], -0.5)  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    x = as_float_array(x, func="plot_update", name="x", ndim=(1,))
    w = as_float_array(w, func="plot_update", name="w", ndim=(1,))
    if x.shape != (2,) or w.shape != (2,):
        raise ValueError(f"plot_update: x and w must hold 2 numbers each, got shapes {x.shape} and {w.shape}")
    y_hat = int(x @ w + b >= 0)
    error = int(y) - y_hat
    w_new, b_new = w + lr * error * x, b + lr * error
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    limits = ((-3.0, 3.0), (-3.0, 3.0))
    plot_decision_line(x[None, :], np.array([y]), w_new, b_new, ax=ax, previous=(w, b), limits=limits, show_wrong=False)
    arrow = {"width": 0.04, "length_includes_head": True, "head_width": 0.16, "zorder": 5}
    ax.arrow(0, 0, *w, color="0.45", **arrow)
    ax.arrow(0, 0, *w_new, color="black", **arrow)
    if error:
        ax.arrow(*w, *(w_new - w), color=FIRE if error > 0 else SILENT, ls="--", **arrow)
    ax.annotate("old w", w, xytext=(6, -12), textcoords="offset points", color="0.35")
    ax.annotate("new w", w_new, xytext=(6, 4), textcoords="offset points")
    ax.annotate(f"x (class {int(y)})", x, xytext=(8, 6), textcoords="offset points", color=FIRE if y else SILENT)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_aspect("equal")
    return ax
