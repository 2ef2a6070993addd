"""The lesson 03 playground: move the weights and bias, watch the probability map and the classic points.

``show_probability_map`` draws and prints; tests call it directly. ``probability_playground`` wraps
it in sliders.

Introduced in lesson 03 (predicting with a sigmoid neuron).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.plotting.prediction import plot_probability_map
from nnlib.prediction import CLASSIC_B, CLASSIC_W, CLASSIC_X, CLASSIC_Y, make_prediction
from nnlib.widgets import weight_slider

__all__ = ["probability_playground", "show_probability_map"]


def show_probability_map(w1: float, w2: float, b: float) -> int:
    """Colour the plane by the predicted probability for ``(w1, w2, b)``; report the classic points.

    Returns
    -------
    int
        How many of the two classic points are classified right (0, 1 or 2).

    Examples
    --------
    >>> show_probability_map(1.45, -0.66, 0.0)  # doctest: +SKIP

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    w = np.array([w1, w2], dtype=float)
    fig, ax = plt.subplots(figsize=(5.6, 4.4))
    plot_probability_map(w, b, CLASSIC_X, CLASSIC_Y, ax=ax, title=f"w = [{w1:.2f}, {w2:.2f}], b = {b:.2f}")
    plt.show()
    right = 0
    for x, target, p in zip(CLASSIC_X, CLASSIC_Y, make_prediction(CLASSIC_X, w, b), strict=True):
        label = int(p >= 0.5)
        right += int(label == target)
        verdict = "right" if label == target else "wrong"
        print(f"x = {x.tolist()}: p = {p:.8f} -> class {label}, target {target}: {verdict}")
    print(f"{right}/2 right")
    return right


def probability_playground() -> widgets.interactive:
    """Sliders for ``w1``, ``w2`` and ``b``, starting at the classic example's values.

    Examples
    --------
    >>> probability_playground()  # doctest: +SKIP

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """

    def slider(description: str, value: float) -> widgets.FloatSlider:
        return weight_slider(description, value, limit=3.0, step=0.01)

    return widgets.interactive(
        show_probability_map,
        w1=slider("w1", float(CLASSIC_W[0])),
        w2=slider("w2", float(CLASSIC_W[1])),
        b=slider("b", CLASSIC_B),
    )
