"""Figures for lesson 06: a model's layer stack, learning curves, optimizer paths, digits and their mistakes.

``plot_model(model)`` plays the part of Keras's ``keras.utils.plot_model`` without needing graphviz:
one box per layer with its output shape and parameter count.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from nnlib.models import History, Sequential

__all__ = [
    "plot_confusion_matrix",
    "plot_digits",
    "plot_history",
    "plot_model",
    "plot_optimizer_paths",
]

_COLOURS = {"Dense": "#dbe9f6", "Flatten": "#fde6c8", "Activation": "#e3f1dc"}


def plot_model(model: Sequential, show_shapes: bool = True) -> plt.Figure:
    """Draw the model's layers from input to output, one box each, as Keras's ``plot_model`` does.

    Parameters
    ----------
    model : Sequential
        A built model (its first layer declares ``input_shape``, or it has been built or fitted).
    show_shapes : bool, default True
        Write each layer's output shape (``None`` stands for the batch size) in its box.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from nnlib.layers import Dense
    >>> fig = plot_model(Sequential([Dense(4, activation="relu", input_shape=(3,)), Dense(2)]))
    >>> len(fig.axes[0].patches)  # the input and two layers
    3

    Introduced in lesson 06 (build your own Keras).
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"plot_model: expected a Sequential model, got {type(model).__name__}")
    model._require_built("plot_model")
    rows = [("input", "InputLayer", str((None, *model.input_shape)), "")]
    for layer in model.layers:
        kind = type(layer).__name__
        extra = f", {layer.activation}" if kind == "Dense" and layer.activation != "linear" else ""
        params = f"{layer.count_params():,} parameters" if layer.params else "no parameters"
        rows.append((f"{layer.name}{extra}", kind, str((None, *layer.output_shape)), params))
    step = 1.3
    height = step * len(rows)
    fig, ax = plt.subplots(figsize=(4.2, 0.3 + 0.8 * len(rows)))
    for i, (name, kind, shape, params) in enumerate(rows):
        y = height - step * (i + 1)
        colour = _COLOURS.get(kind, "#eeeeee")
        box = FancyBboxPatch((0, y), 10, 1.0, boxstyle="round,pad=0.02,rounding_size=0.15", fc=colour, ec="0.3")
        ax.add_patch(box)
        ax.text(5, y + 0.68, f"{name} ({kind})", va="center", ha="center", fontsize=9.5, fontweight="bold")
        detail = "  ·  ".join(part for part in (shape if show_shapes else "", params) if part)
        ax.text(5, y + 0.3, detail, va="center", ha="center", fontsize=8.5, family="monospace")
        if i:
            ax.annotate("", (5, y + 1.0), (5, y + step), arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.set_xlim(-0.1, 10.1)
    ax.set_ylim(-0.1, height)
    ax.axis("off")
    ax.set_title(f'Model "{model.name}": {model.count_params():,} parameters', fontsize=10)
    fig.tight_layout()
    return fig


def plot_history(
    histories: History | Mapping[str, History],
    metric: str = "loss",
    ax: Axes | None = None,
    title: str | None = None,
    validation: bool = True,
) -> Axes:
    """Learning curves: ``metric`` per epoch for one run (training and validation) or several runs.

    Parameters
    ----------
    histories : History or dict of label to History
        What ``fit`` returned; a dict draws one curve per run (for comparing optimizers, say).
    metric : str, default "loss"
        ``"loss"`` or ``"accuracy"``.
    validation : bool, default True
        Also draw ``val_<metric>`` (dashed) when it was recorded.

    Examples
    --------
    >>> h = History()
    >>> h.history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}
    >>> len(plot_history(h).lines)
    2

    Introduced in lesson 06 (build your own Keras).
    """
    runs = {"": histories} if isinstance(histories, History) else dict(histories)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 3.6))
    for number, (label, history) in enumerate(runs.items()):
        if metric not in history.history:
            raise ValueError(f"plot_history: no {metric!r} in the history; it has {', '.join(history.history)}")
        values = history.history[metric]
        epochs = np.arange(1, len(values) + 1)
        colour = f"C{number}"
        ax.plot(epochs, values, color=colour, lw=2, label=f"{label} training".strip() if validation else label)
        if validation and f"val_{metric}" in history.history:
            ax.plot(
                epochs, history.history[f"val_{metric}"], "--", color=colour, lw=2, label=f"{label} validation".strip()
            )
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_optimizer_paths(
    cost: Callable[[np.ndarray, np.ndarray], np.ndarray],
    paths: Mapping[str, np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The contours of a cost of two weights and the path each optimizer took across them.

    Parameters
    ----------
    cost : callable
        ``cost(w1, w2)``, vectorised over grids.
    paths : dict of label to array of shape (n_steps, 2)

    Examples
    --------
    >>> ax = plot_optimizer_paths(lambda a, b: a**2 + b**2, {"sgd": np.array([[1, 1], [0.5, 0.5]])}, (-2, 2), (-2, 2))
    >>> len(ax.lines)  # the path and the star at the minimum
    2

    Introduced in lesson 06 (build your own Keras).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    w1, w2 = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    ax.contour(w1, w2, cost(w1, w2), levels=np.geomspace(0.05, 60, 14), colors="0.75", linewidths=0.8)
    for number, (label, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        ax.plot(path[:, 0], path[:, 1], "-o", color=f"C{number}", ms=2.5, lw=1.3, label=label)
    ax.plot(0, 0, "k*", ms=12)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8.5)
    return ax


def plot_digits(
    images: np.ndarray,
    titles: Sequence[str] | None = None,
    n_columns: int = 10,
    title_colours: Sequence[str] | None = None,
    suptitle: str | None = None,
) -> plt.Figure:
    """A gallery of small grey images, each with an optional title (its label or prediction).

    Examples
    --------
    >>> fig = plot_digits(np.zeros((3, 8, 8)), ["0", "1", "2"])
    >>> len(fig.axes)
    3

    Introduced in lesson 06 (build your own Keras).
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"plot_digits: expected images of shape (n, height, width), got {images.shape}")
    n = images.shape[0]
    columns = min(n_columns, n)
    rows = -(-n // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.05 * columns, 1.25 * rows), squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            ax.remove()
            continue
        ax.imshow(images[i], cmap="gray_r", interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            colour = title_colours[i] if title_colours is not None else "black"
            ax.set_title(titles[i], fontsize=8.5, color=colour)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Rows: the true class; columns: the predicted class; each cell counts the test images.

    The diagonal holds the right answers; every number off it is a kind of mistake.

    Examples
    --------
    >>> ax = plot_confusion_matrix(np.array([0, 1, 1]), np.array([0, 1, 0]))
    >>> ax.images[0].get_array().tolist()
    [[1, 0], [1, 1]]

    Introduced in lesson 06 (build your own Keras).
    """
    y_true, y_pred = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"plot_confusion_matrix: y_true {y_true.shape} and y_pred {y_pred.shape} must be equal 1-D")
    k = int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.4))
    off_diagonal = counts * (1 - np.eye(k, dtype=int))
    ax.imshow(counts, cmap="Blues", vmax=max(1, counts.max()))
    for i in range(k):
        for j in range(k):
            if counts[i, j]:
                colour = "white" if counts[i, j] > counts.max() / 2 else ("#b2182b" if off_diagonal[i, j] else "black")
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=8.5, color=colour)
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    if title:
        ax.set_title(title)
    return ax
