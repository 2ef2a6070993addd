"""Figures for lesson 08: a filter sliding along a signal, MNIST-1D's sequences, learned filters and
what each filter sees in a signal (its feature map).

Introduced in lesson 08 (convolution).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from nnlib._validation import as_float_array

__all__ = ["plot_feature_maps", "plot_filters", "plot_sequences", "plot_sliding_filter"]

#: The colours of the highlighted windows, in order (also used for their outputs).
WINDOW_COLOURS = ("#d95f02", "#1b9e77", "#7570b3", "#e7298a")


def plot_sliding_filter(
    signal: Sequence[float], kernel: Sequence[float], starts: Sequence[int], title: str | None = None
) -> plt.Figure:
    """A filter slid along a signal: the filter, the windows it reads at ``starts``, and the output.

    Left: the filter's weights. Right, top: the signal with each chosen window shaded; bottom: the
    whole output (one value per window, "valid"), with the chosen windows' outputs in the same
    colours and their sums written out.

    Parameters
    ----------
    signal : sequence of float, length n
    kernel : sequence of float, length k (at most n)
    starts : sequence of int
        Up to four window starts to highlight, each from 0 to n - k.

    Examples
    --------
    >>> fig = plot_sliding_filter([0, 0, 1, 2, 1, 0, 0], [1, 0, -1], starts=[1, 3])
    >>> len(fig.axes)
    3

    Introduced in lesson 08 (convolution).
    """
    signal = as_float_array(signal, func="plot_sliding_filter", name="signal", ndim=(1,))
    kernel = as_float_array(kernel, func="plot_sliding_filter", name="kernel", ndim=(1,))
    n, k = len(signal), len(kernel)
    if k > n:
        raise ValueError(f"plot_sliding_filter: the kernel ({k}) is longer than the signal ({n})")
    starts = [int(s) for s in starts]
    if not 0 < len(starts) <= len(WINDOW_COLOURS) or not all(0 <= s <= n - k for s in starts):
        raise ValueError(f"plot_sliding_filter: starts must be 1 to 4 window starts from 0 to {n - k}, got {starts}")
    output = np.array([signal[o : o + k] @ kernel for o in range(n - k + 1)])

    fig = plt.figure(figsize=(12, 5))
    grid = fig.add_gridspec(2, 2, width_ratios=(1, 5), hspace=0.45, wspace=0.18)
    filt = fig.add_subplot(grid[:, 0])
    top = fig.add_subplot(grid[0, 1])
    bottom = fig.add_subplot(grid[1, 1], sharex=top)

    filt.axhline(0, color="grey", lw=0.8)
    filt.bar(np.arange(k), kernel, color="0.35", width=0.6)
    for j, w in enumerate(kernel):
        filt.text(j, w, f"{w:g}", ha="center", va="bottom" if w >= 0 else "top", fontsize=9)
    filt.set_xticks(range(k))
    filt.set_xlabel("tap j")
    filt.set_title(f"the filter ({k} weights)")
    low, high = min(kernel.min(), 0), max(kernel.max(), 0)
    filt.set_ylim(low - 0.25 * (high - low + 1e-9), high + 0.25 * (high - low + 1e-9))

    positions = np.arange(n)
    top.plot(positions, signal, "-o", color="black", ms=3.5, lw=1.2, label="signal")
    for colour, s in zip(WINDOW_COLOURS, starts, strict=False):
        top.axvspan(s - 0.45, s + k - 0.55, color=colour, alpha=0.22, lw=0)
        top.text(
            s + (k - 1) / 2,
            1.02,
            f"window {s}",
            color=colour,
            ha="center",
            va="bottom",
            transform=top.get_xaxis_transform(),
            fontsize=9,
        )
    top.set_ylabel("value")
    top.set_title("the signal, with the windows the filter reads at a few positions", pad=16)
    top.grid(alpha=0.3)

    bottom.axhline(0, color="grey", lw=0.8)
    bottom.plot(np.arange(len(output)), output, "-", color="0.55", lw=1.2, label="output at every position")
    bottom.plot(np.arange(len(output)), output, "o", color="0.55", ms=3)
    for colour, s in zip(WINDOW_COLOURS, starts, strict=False):
        bottom.plot([s], [output[s]], "o", color=colour, ms=9, zorder=3)
        bottom.annotate(
            f"{output[s]:.2f}", (s, output[s]), textcoords="offset points", xytext=(8, 4), color=colour, fontsize=9
        )
    bottom.set_xlabel("position (an output sits at its window's first position)")
    bottom.set_ylabel("output")
    bottom.set_title("the output: window times filter, added up (large where the signal looks like the filter)")
    bottom.grid(alpha=0.3)
    bottom.legend(loc="lower right", fontsize=8)
    if title:
        fig.suptitle(title)
    return fig


def plot_sequences(X: np.ndarray, y: np.ndarray, n_columns: int = 5, titles: Sequence[str] | None = None) -> plt.Figure:
    """Small multiples of 1-D sequences (one panel each), titled with their class.

    Examples
    --------
    >>> fig = plot_sequences(np.zeros((3, 40)), np.array([0, 1, 2]))
    >>> [ax.get_title() for ax in fig.axes if ax.get_visible()]
    ['digit 0', 'digit 1', 'digit 2']

    Introduced in lesson 08 (convolution).
    """
    X = as_float_array(X, func="plot_sequences", name="X", ndim=(2,))
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"plot_sequences: X has {len(X)} sequences but y has {len(y)} labels")
    rows = -(-len(X) // n_columns)
    fig, axes = plt.subplots(rows, n_columns, figsize=(2.4 * n_columns, 1.7 * rows), squeeze=False, sharey=True)
    for i, ax in enumerate(axes.flat):
        if i >= len(X):
            ax.set_visible(False)
            continue
        ax.plot(X[i], color="black", lw=1.4)
        ax.set_title(titles[i] if titles is not None else f"digit {y[i]}", fontsize=9)
        ax.set_xticks([0, 20, 39])
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_filters(kernel: np.ndarray, n_columns: int = 8, title: str | None = None) -> plt.Figure:
    """Each filter of a one-channel ``Conv1D`` kernel ``(kernel_size, 1, filters)`` as a bar chart.

    Examples
    --------
    >>> fig = plot_filters(np.ones((5, 1, 3)))
    >>> len([ax for ax in fig.axes if ax.get_visible()])
    3

    Introduced in lesson 08 (convolution).
    """
    kernel = as_float_array(kernel, func="plot_filters", name="kernel", ndim=(3,))
    if kernel.shape[1] != 1:
        raise ValueError(
            f"plot_filters: draws filters that read one channel, shape (kernel_size, 1, filters); got {kernel.shape}"
        )
    size, _, filters = kernel.shape
    columns = min(n_columns, filters)
    rows = -(-filters // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.6 * columns, 1.4 * rows + 0.5), squeeze=False, sharey=True)
    limit = np.abs(kernel).max() * 1.1 or 1.0
    for f, ax in enumerate(axes.flat):
        if f >= filters:
            ax.set_visible(False)
            continue
        weights = kernel[:, 0, f]
        colours = np.where(weights >= 0, "#b2182b", "#2166ac")
        ax.axhline(0, color="grey", lw=0.6)
        ax.bar(np.arange(size), weights, color=colours, width=0.8)
        ax.set_ylim(-limit, limit)
        ax.set_xticks([])
        ax.tick_params(labelsize=7)
        ax.set_title(f"filter {f}", fontsize=8)
    fig.suptitle(title or "filters (red: positive weight, blue: negative; one bar per tap)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_feature_maps(
    signal: Sequence[float],
    maps: np.ndarray,
    kernel_size: int = 1,
    strides: int = 1,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A signal and what each filter found in it: one row per filter, brighter where it responds.

    Parameters
    ----------
    signal : sequence of float, length n
    maps : ndarray, shape (out_length, filters)
        A "valid" convolution's output for this signal. Output ``o`` is drawn ``strides`` positions
        wide, centred on the middle of its window (positions ``o * strides`` to
        ``o * strides + kernel_size - 1``). For a ``"same"`` convolution with stride 1 and an odd
        kernel, keep ``kernel_size=1``: output ``o`` belongs to the window centred on position ``o``.
    kernel_size, strides : int

    Examples
    --------
    >>> ax = plot_feature_maps(np.zeros(10), np.ones((4, 2)), kernel_size=3, strides=2)
    >>> ax.get_ylabel()
    'filter'

    Introduced in lesson 08 (convolution).
    """
    signal = as_float_array(signal, func="plot_feature_maps", name="signal", ndim=(1,))
    maps = as_float_array(maps, func="plot_feature_maps", name="maps", ndim=(2,))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    out_length, filters = maps.shape
    left = (kernel_size - 1) / 2 - strides / 2
    right = left + out_length * strides
    ax.imshow(maps.T, aspect="auto", cmap="magma", extent=(left, right, filters - 0.5, -0.5), interpolation="nearest")
    twin = ax.twinx()
    twin.plot(np.arange(len(signal)), signal, color="#1b9e77", lw=2, label="signal")
    twin.set_yticks([])
    twin.legend(loc="upper right", fontsize=8)
    ax.set_xlim(-0.5, len(signal) - 0.5)
    ax.set_xlabel("position in the signal")
    ax.set_ylabel("filter")
    ax.set_title(title or "feature maps (bright: the filter responds strongly there)")
    return ax
