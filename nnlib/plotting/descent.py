"""Figures for lesson 04: a cost curve with its tangent and the steps of gradient descent, an error
surface with the descent path, and loss curves.

Introduced in lesson 04 (learning from error).
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from nnlib._validation import as_float_array
from nnlib.plotting.graph import draw_chain


def plot_descent_1d(
    cost: Callable[[np.ndarray], np.ndarray],
    path: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    tangent: bool = True,
    xlim: tuple[float, float] = (-1.0, 7.0),
) -> Axes:
    """Draw ``cost(w)``, the tangent at the first point of ``path``, and every step of the path.

    Parameters
    ----------
    cost : callable
        Vectorised cost of one parameter.
    path : array_like, shape (n_points,) or (n_points, 1)
        The points gradient descent visited, in order.

    Examples
    --------
    >>> ax = plot_descent_1d(lambda w: (w - 3) ** 2, [0.0, 1.5, 2.25])  # doctest: +SKIP

    Introduced in lesson 04 (learning from error).
    """
    path = as_float_array(path, func="plot_descent_1d", name="path").reshape(-1)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    grid = np.linspace(*xlim, 400)
    ax.plot(grid, cost(grid), color="black", lw=1.5, label="cost")
    heights = cost(path)
    ax.plot(path, heights, "-o", color="#d95f02", ms=5, lw=1, label="steps", zorder=3)
    ax.plot(path[0], heights[0], "o", color="#1b6ca8", ms=9, zorder=4, label="start")
    if tangent:
        h = 1e-5
        slope = (cost(np.array(path[0] + h)) - cost(np.array(path[0] - h))) / (2 * h)
        span = np.array([path[0] - 1.5, path[0] + 1.5])
        ax.plot(
            span,
            heights[0] + slope * (span - path[0]),
            "--",
            color="#1b6ca8",
            lw=1.2,
            label=f"tangent, slope {float(slope):+.2f}",
        )
    top = float(np.max(cost(grid)))
    ax.set_xlim(*xlim)
    ax.set_ylim(-0.05 * top, 1.05 * top)
    ax.set_xlabel("weight w")
    ax.set_ylabel("cost")
    ax.legend(loc="upper center", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_error_surface(
    cost: Callable[[np.ndarray, np.ndarray], np.ndarray],
    path: np.ndarray,
    w1_range: tuple[float, float],
    w2_range: tuple[float, float],
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Contour plot of a cost over two weights with a descent path drawn on it.

    Parameters
    ----------
    cost : callable
        ``cost(W1, W2)`` evaluated on a grid of the two weights.
    path : array_like, shape (n_points, 2)
        The weights visited by gradient descent.

    Examples
    --------
    >>> ax = plot_error_surface(lambda a, b: a**2 + b**2, [[1, 1], [0, 0]], (-2, 2), (-2, 2))  # doctest: +SKIP

    Introduced in lesson 04 (learning from error).
    """
    path = as_float_array(path, func="plot_error_surface", name="path", ndim=(2,))
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5))
    w1, w2 = np.meshgrid(np.linspace(*w1_range, 200), np.linspace(*w2_range, 200))
    filled = ax.contourf(w1, w2, cost(w1, w2), levels=20, cmap="viridis")
    plt.colorbar(filled, ax=ax, label="cost")
    ax.plot(path[:, 0], path[:, 1], "-", color="white", lw=1.5)
    ax.plot(path[:: max(1, len(path) // 15), 0], path[:: max(1, len(path) // 15), 1], "o", color="white", ms=3)
    ax.plot(*path[0], "o", color="#d95f02", ms=9, label="start")
    ax.plot(*path[-1], "*", color="#fdb863", ms=14, label="end")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.legend(loc="upper right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_loss_curve(
    iterations: np.ndarray,
    losses: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    label: str | None = None,
    logx: bool = False,
) -> Axes:
    """The cost against the iteration at which it was recorded.

    Examples
    --------
    >>> ax = plot_loss_curve([0, 100, 200], [3.0, 2.1, 2.0])  # doctest: +SKIP

    Introduced in lesson 04 (learning from error).
    """
    iterations = as_float_array(iterations, func="plot_loss_curve", name="iterations", ndim=(1,))
    losses = as_float_array(losses, func="plot_loss_curve", name="losses", ndim=(1,))
    if iterations.shape != losses.shape:
        raise ValueError(f"plot_loss_curve: iterations {iterations.shape} and losses {losses.shape} differ in length")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot(iterations, losses, lw=1.5, label=label)
    if logx:
        ax.set_xscale("symlog", linthresh=1)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost (sum of squared errors)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    if label:
        ax.legend()
    return ax


def plot_chain(
    x: np.ndarray,
    y: float,
    w: np.ndarray,
    b: float = 0.0,
    j: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The chain w_j -> z -> y_hat -> C for one sample, with each link's local slope and its value.

    Drawn with :func:`nnlib.plotting.graph.draw_chain`, so it looks like every computational graph of
    the course: each box shows a quantity, its value (blue) and the cost's gradient with respect to it
    (red); the arrow from one box to the next carries the slope of the second with respect to the
    first. Below, the chain rule multiplies the three slopes into dC/dw_j.

    Parameters
    ----------
    x : array_like, shape (n_features,)
        One sample.
    y : float
        Its target, in [0, 1].
    w : array_like, shape (n_features,)
    b : float
    j : int
        Which weight the chain starts from.

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_chain([2.0, 1.5], 0.0, [1.45, -0.66])  # doctest: +SKIP

    Introduced in lesson 04 (learning from error).
    """
    x = as_float_array(x, func="plot_chain", name="x", ndim=(1,))
    w = as_float_array(w, func="plot_chain", name="w", ndim=(1,))
    y = float(as_float_array(y, func="plot_chain", name="y").reshape(-1)[0])
    b = float(as_float_array(b, func="plot_chain", name="b").reshape(-1)[0])
    if x.shape != w.shape:
        raise ValueError(f"plot_chain: x has {x.shape[0]} features but w has {w.shape[0]} weights")
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 0 <= j < w.shape[0]:
        raise ValueError(f"plot_chain: j must be the index of a weight, 0 to {w.shape[0] - 1}, got {j!r}")
    z = float(x @ w + b)
    y_hat = 1.0 / (1.0 + np.exp(-z))
    cost = (y_hat - y) ** 2
    slopes = [float(x[j]), y_hat * (1 - y_hat), 2 * (y_hat - y)]
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 3.6))
    sub = f"_{j + 1}"
    grads = [slopes[0] * slopes[1] * slopes[2], slopes[1] * slopes[2], slopes[2], 1.0]
    draw_chain(
        [f"$w{sub}$", "$z = \\mathbf{x}\\cdot\\mathbf{w} + b$", "$\\hat y = \\sigma(z)$", f"$C = (\\hat y - {y:g})^2$"],
        [
            f"$\\partial z / \\partial w{sub} = x{sub}$ = {slopes[0]:.4g}",
            f"$\\partial \\hat y / \\partial z = \\hat y(1 - \\hat y)$ = {slopes[1]:.4f}",
            f"$\\partial C / \\partial \\hat y = 2(\\hat y - y)$ = {slopes[2]:.4f}",
        ],
        values=[float(w[j]), z, y_hat, cost],
        grads=grads,
        ax=ax,
        title=title,
    )
    ax.text(
        1.5,
        -0.95,
        f"chain rule: $\\partial C / \\partial w{sub}$ = {slopes[0]:.4g} × {slopes[1]:.4f} × {slopes[2]:.4f}"
        f" = {grads[0]:.4f}  (the product of the slopes along the chain)",
        ha="center",
        va="center",
        fontsize=10.5,
        bbox={"boxstyle": "round,pad=0.4", "fc": "#fff2e6", "ec": "#d95f02"},
    )
    ax.set_ylim(-1.25, ax.get_ylim()[1])
    return ax
