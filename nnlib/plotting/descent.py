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
