"""The lesson 02 playground: step through perceptron training one example at a time.

``show_perceptron_step`` draws one moment of training and prints the arithmetic of that update;
tests call it directly. ``perceptron_stepper`` wraps it in a slider (with a play button).

Introduced in lesson 02 (the perceptron learns).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.datasets import logic_gate, make_separable
from nnlib.perceptron import Update, trace_updates
from nnlib.plotting.perceptron import plot_decision_line

__all__ = ["STEPPER_DATASETS", "perceptron_stepper", "show_perceptron_step", "stepper_trace"]

#: The data sets the stepper offers, each as ``(X, y)``.
STEPPER_DATASETS: dict[str, tuple[np.ndarray, np.ndarray]] = {
    "AND": logic_gate("AND"),
    "OR": logic_gate("OR"),
    "NAND": logic_gate("NAND"),
    "12 points": make_separable(12, margin=0.1, rng=11),
    "XOR": logic_gate("XOR"),
}
MAX_EPOCHS = 8


def stepper_trace(dataset: str) -> list[Update]:
    """Every update of training on one of ``STEPPER_DATASETS`` (lr = 1, at most 8 epochs).

    Introduced in lesson 02 (the perceptron learns).
    """
    if dataset not in STEPPER_DATASETS:
        raise ValueError(f"stepper_trace: unknown data set {dataset!r}; choose one of {', '.join(STEPPER_DATASETS)}")
    X, y = STEPPER_DATASETS[dataset]
    return trace_updates(X, y, lr=1.0, n_epochs=MAX_EPOCHS)


def _vector(v: np.ndarray) -> str:
    return "[" + ", ".join(f"{value:.3g}" for value in v) + "]"


def _plus(value: float) -> str:
    return f"- {-value:.3g}" if value < 0 else f"+ {value:.3g}"


def show_perceptron_step(step: int, dataset: str = "AND") -> int:
    """Draw the decision line after ``step`` single-example updates and explain the last one.

    Parameters
    ----------
    step : int
        How many examples have been looked at (0: before training). Clipped to the trace's length.
    dataset : str
        A key of ``STEPPER_DATASETS``.

    Returns
    -------
    int
        How many points the current line gets wrong.

    Examples
    --------
    >>> show_perceptron_step(3, "AND")  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    trace = stepper_trace(dataset)
    X, y = STEPPER_DATASETS[dataset]
    step = int(np.clip(step, 0, len(trace)))
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    if step == 0:
        w, b = np.zeros(X.shape[1]), 0.0
        plot_decision_line(X, y, w, b, ax=ax, title=f"{dataset}: before training")
        print("Before training: w = [0, 0], b = 0. Every sum is 0, so the neuron fires (1) everywhere.")
    else:
        now = trace[step - 1]
        w, b = now.w_after, now.b_after
        title = f"{dataset}: step {step} of {len(trace)}\n(epoch {now.epoch}, example {now.index + 1} of {len(y)})"
        plot_decision_line(X, y, w, b, ax=ax, title=title, previous=(now.w_before, now.b_before))
        ax.scatter(*now.x, s=480, facecolors="none", edgecolors="black", lw=2.5, zorder=5)
        print(f"Epoch {now.epoch}, example {now.index + 1} of {len(y)}: x = {_vector(now.x)}, target y = {now.y}")
        print(
            f"  sum = x @ w + b = {_vector(now.x)} @ {_vector(now.w_before)} {_plus(now.b_before)} "
            f"= {now.x @ now.w_before + now.b_before:.3g}  ->  y_hat = {now.y_hat}"
        )
        if now.mistake:
            error = now.y - now.y_hat
            change = "add x to w and 1 to b" if error > 0 else "subtract x from w and 1 from b"
            print(f"  mistake: y - y_hat = {error:+d}, so (with lr = 1) {change}")
            print(f"  new w = {_vector(now.w_after)}, new b = {now.b_after:.3g}")
        else:
            print("  right: nothing changes")
    wrong = int(np.sum((X @ w + b >= 0).astype(int) != y))
    plt.show()
    last = trace[-1].epoch
    status = "converged" if not any(s.mistake for s in trace if s.epoch == last) else "not converged"
    print(f"{wrong} of {len(y)} points wrong now. Whole run: {len(trace)} steps, {last} epochs, {status}.")
    return wrong


def perceptron_stepper(dataset: str = "AND") -> widgets.VBox:
    """A slider (and play button) through every update of training on ``dataset``.

    Examples
    --------
    >>> perceptron_stepper("OR")  # doctest: +SKIP

    Introduced in lesson 02 (the perceptron learns).
    """
    steps = len(stepper_trace(dataset))
    slider = widgets.IntSlider(value=0, min=0, max=steps, step=1, description="step", continuous_update=False)
    menu = widgets.Dropdown(options=list(STEPPER_DATASETS), value=dataset, description="data")
    play = widgets.Play(value=0, min=0, max=steps, step=1, interval=900, description="play")
    widgets.jslink((play, "value"), (slider, "value"))

    def new_dataset(change: dict) -> None:
        total = len(stepper_trace(change["new"]))
        slider.value = play.value = 0
        slider.max = play.max = total

    menu.observe(new_dataset, names="value")
    ui = widgets.interactive(show_perceptron_step, step=slider, dataset=menu)
    return widgets.VBox([widgets.HBox([play, widgets.Label("press play, or drag the slider")]), ui])
