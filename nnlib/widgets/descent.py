"""The learning-rate playground of lesson 04.

Introduced in lesson 04 (learning from error).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.plotting.descent import plot_descent_1d
from nnlib.training import DivergenceError, gradient_descent

#: The playground's cost: a parabola with its lowest point at w = 3 (cost 0.5 there).
TARGET_W = 3.0


def bowl(w: np.ndarray) -> np.ndarray:
    """The 1-D cost of the playground: ``(w - 3) ** 2 + 0.5``."""
    return (np.asarray(w) - TARGET_W) ** 2 + 0.5


def bowl_slope(w: np.ndarray) -> np.ndarray:
    """The slope of :func:`bowl`: ``2 * (w - 3)``."""
    return 2.0 * (np.asarray(w) - TARGET_W)


#: The verdicts of :func:`descent_verdict`, from the gentlest to the wildest run.
VERDICTS = ("crawls", "converges", "converges while overshooting", "cycles", "diverges")


def descent_verdict(path: np.ndarray, target: float = TARGET_W) -> str:
    """Name what a run of gradient descent did, from the points it visited (not from the rate).

    Parameters
    ----------
    path : array_like, shape (n_points,)
        The weights visited, the start first.
    target : float
        Where the lowest point of the cost is.

    Returns
    -------
    str
        One of :data:`VERDICTS`: ``"diverges"`` (the distance to the bottom grows), ``"cycles"``
        (it stays the same, jumping from side to side), ``"converges while overshooting"`` (it
        shrinks while the steps jump past the bottom), ``"converges"`` (it shrinks from one side) or
        ``"crawls"`` (it shrinks from one side by less than 15 % a step).

    Examples
    --------
    >>> descent_verdict([0.0, 6.0, 0.0])
    'cycles'
    >>> descent_verdict([0.0, 3.6, 2.88, 3.024])
    'converges while overshooting'

    Introduced in lesson 04 (learning from error).
    """
    offsets = np.asarray(path, dtype=np.float64).ravel() - target
    first, last = abs(offsets[0]), abs(offsets[-1])
    if first == 0:
        return "converges"
    steps = len(offsets) - 1
    rate = (last / first) ** (1 / steps) if steps else 1.0  # how much one step scales the distance
    if rate > 1 + 1e-6:
        return "diverges"
    overshoots = bool(np.any(offsets[:-1] * offsets[1:] < 0))
    if rate >= 1 - 1e-6 and steps:
        return "cycles" if overshoots else "crawls"
    if overshoots:
        return "converges while overshooting"
    return "crawls" if rate > 0.85 else "converges"


def show_learning_rate(lr: float = 0.1, n_steps: int = 10, start: float = 0.0) -> str:
    """Run gradient descent on the bowl with ``lr`` and draw every step; return what the run did.

    Returns
    -------
    str
        The run's verdict (see :func:`descent_verdict`): ``"crawls"``, ``"converges"``,
        ``"converges while overshooting"``, ``"cycles"`` or ``"diverges"``.

    Examples
    --------
    >>> show_learning_rate(0.4, 10)  # doctest: +SKIP
    'converges'

    Introduced in lesson 04 (learning from error).
    """
    try:
        path = gradient_descent(bowl_slope, [start], lr=lr, n_steps=n_steps).ravel()
    except DivergenceError as error:
        print(f"diverged: {error}")
        return "diverges"
    verdict = descent_verdict(path)
    distance = abs(path[-1] - TARGET_W)
    first = abs(path[0] - TARGET_W)
    low, high = min(-1.0, path.min() - 0.5), max(7.0, path.max() + 0.5)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    plot_descent_1d(
        bowl,
        path,
        ax=ax,
        xlim=(max(low, -15), min(high, 21)),
        title=f"lr = {lr:g}: {verdict} (w = {path[-1]:.3f} after {n_steps} steps)",
    )
    plt.show()
    print(f"w after each step: {np.round(path[1:], 3).tolist()}")
    print(f"distance to the lowest point: {first:.3f} -> {distance:.3g}")
    return verdict


def learning_rate_playground() -> widgets.interactive:
    """A slider for the learning rate (log scale) and one for the number of steps.

    Examples
    --------
    >>> learning_rate_playground()  # doctest: +SKIP

    Introduced in lesson 04 (learning from error).
    """
    return widgets.interactive(
        show_learning_rate,
        lr=widgets.FloatLogSlider(
            value=0.1,
            base=10,
            min=-2.5,
            max=0.2,
            step=0.05,
            description="lr",
            continuous_update=False,
            readout_format=".3f",
        ),
        n_steps=widgets.IntSlider(value=10, min=1, max=40, description="steps", continuous_update=False),
        start=widgets.fixed(0.0),
    )
