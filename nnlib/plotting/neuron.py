"""The course's figures, drawn with matplotlib so every idea can be seen.

Each function draws on an ``ax`` you pass (or a new figure) and returns the axes, so lessons can
combine them into small multiples.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch

from nnlib._validation import as_finite_number, as_float_array
from nnlib.neuron import gate_sums, step, truth_table

FIRE = "#d95f02"  # orange: the neuron fires (1)
SILENT = "#1b6ca8"  # blue: the neuron stays silent (0)
WRONG = "#c0002b"  # red: a point the neuron gets wrong

#: The four parts of a neuron, each with the colour that links biology to arithmetic in the diagram.
PARTS = {
    "dendrites": ("inputs x", "#1b6ca8"),
    "synapses": ("weights w", "#7b3294"),
    "cell body (soma)": ("weighted sum z = x·w + b", "#1a9850"),
    "axon": ("activation: fire if z ≥ 0", "#d95f02"),
}


def draw_neuron_diagram() -> plt.Figure:
    """Draw a biological neuron above an artificial one, each part labelled in a matching colour.

    Examples
    --------
    >>> fig = draw_neuron_diagram()  # doctest: +SKIP

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    (dendrite_c, synapse_c, soma_c, axon_c) = (c for _, c in PARTS.values())
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7.2))
    for ax in (top, bottom):
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 4)
        ax.set_aspect("equal")
        ax.axis("off")

    # --- biological neuron -------------------------------------------------------------------
    top.set_title("A biological neuron", loc="left", fontsize=13, fontweight="bold")
    soma = (3.6, 2.0)
    for angle, length in zip(np.radians([140, 165, 195, 220]), [1.7, 1.9, 1.9, 1.7], strict=True):
        end = (soma[0] + length * np.cos(angle), soma[1] + length * np.sin(angle))
        top.plot([soma[0], end[0]], [soma[1], end[1]], color=dendrite_c, lw=3, solid_capstyle="round")
        for twig in (-0.45, 0.45):  # little branches at the end of each dendrite
            top.plot(
                [end[0], end[0] + 0.45 * np.cos(angle + twig)],
                [end[1], end[1] + 0.45 * np.sin(angle + twig)],
                color=dendrite_c,
                lw=2,
            )
        top.add_patch(
            Circle((end[0] + 0.1 * np.cos(angle), end[1] + 0.1 * np.sin(angle)), 0.13, color=synapse_c, zorder=3)
        )
    top.add_patch(Circle(soma, 0.75, color=soma_c, alpha=0.85, zorder=2))
    top.text(*soma, "Σ", ha="center", va="center", fontsize=18, color="white", zorder=3)
    top.plot([4.35, 8.4], [2.0, 2.0], color=axon_c, lw=5, solid_capstyle="round")
    for dy in (-0.5, 0.0, 0.5):  # axon terminals
        top.plot([8.4, 9.1], [2.0, 2.0 + dy], color=axon_c, lw=2.5)
    for x in (5.2, 6.2, 7.2):  # myelin sheath
        top.add_patch(plt.Rectangle((x, 1.83), 0.7, 0.34, color="#f4a582", zorder=3))
    top.annotate(
        "dendrites\ncollect signals",
        (2.9, 2.62),
        (0.2, 3.6),
        color=dendrite_c,
        fontsize=10,
        arrowprops={"arrowstyle": "->", "color": dendrite_c},
    )
    top.annotate(
        "synapses make each\nsignal stronger or weaker",
        (1.95, 1.35),
        (0.1, 0.1),
        color=synapse_c,
        fontsize=10,
        arrowprops={"arrowstyle": "->", "color": synapse_c},
    )
    top.annotate(
        "cell body adds\nthem up",
        (3.9, 2.7),
        (3.9, 3.5),
        color=soma_c,
        fontsize=10,
        arrowprops={"arrowstyle": "->", "color": soma_c},
    )
    top.annotate(
        "axon carries a spike\nwhen the total crosses\na threshold",
        (6.0, 2.2),
        (6.3, 2.9),
        color=axon_c,
        fontsize=10,
        arrowprops={"arrowstyle": "->", "color": axon_c},
    )

    # --- artificial neuron -------------------------------------------------------------------
    bottom.set_title(
        "The artificial neuron (after McCulloch and Pitts, 1943)", loc="left", fontsize=13, fontweight="bold"
    )
    node = (5.0, 2.0)
    for i, y in enumerate((3.3, 2.0, 0.7), start=1):
        bottom.text(
            0.9,
            y,
            f"$x_{i}$",
            ha="center",
            va="center",
            fontsize=15,
            color=dendrite_c,
            bbox={"boxstyle": "circle", "fc": "white", "ec": dendrite_c, "lw": 2},
        )
        bottom.add_patch(
            FancyArrowPatch(
                (1.3, y),
                (node[0] - 0.7, node[1] + (y - 2.0) * 0.25),
                arrowstyle="-|>",
                mutation_scale=14,
                color=synapse_c,
                lw=2,
            )
        )
        bottom.text(2.6, y + (2.0 - y) * 0.3 + 0.22, f"$w_{i}$", color=synapse_c, fontsize=14)
    bottom.text(node[0], 3.55, "$b$ (bias)", ha="center", color=soma_c, fontsize=12)
    bottom.add_patch(
        FancyArrowPatch((node[0], 3.35), (node[0], 2.7), arrowstyle="-|>", mutation_scale=12, color=soma_c)
    )
    bottom.add_patch(Circle(node, 0.65, fc=soma_c, alpha=0.85, zorder=2))
    bottom.text(*node, "Σ", ha="center", va="center", fontsize=20, color="white", zorder=3)
    bottom.add_patch(plt.Rectangle((6.3, 1.45), 1.3, 1.1, fc="white", ec=axon_c, lw=2))
    zs = np.linspace(-1, 1, 50)
    bottom.plot(6.45 + 1.0 * (zs + 1) / 2, 1.6 + 0.8 * (zs >= 0), color=axon_c, lw=2)
    bottom.add_patch(FancyArrowPatch((5.65, 2.0), (6.3, 2.0), arrowstyle="-|>", mutation_scale=14, color=soma_c, lw=2))
    bottom.add_patch(FancyArrowPatch((7.6, 2.0), (8.7, 2.0), arrowstyle="-|>", mutation_scale=14, color=axon_c, lw=2.5))
    bottom.text(9.2, 2.0, "0 or 1", ha="center", va="center", fontsize=12, color=axon_c)
    for (part, (meaning, colour)), y in zip(PARTS.items(), (0.45, 0.15, -0.15, -0.45), strict=True):
        bottom.text(5.6, y + 0.3, f"{part} → {meaning}", color=colour, fontsize=10.5, va="center")
    fig.tight_layout()
    return fig


def plot_gate(
    w: np.ndarray,
    b: float,
    targets: np.ndarray | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Show what a two-input neuron does on the four 0/1 inputs, and its decision line.

    The line ``w1*x1 + w2*x2 + b = 0`` splits the plane: on the shaded side the neuron fires.
    Points are filled where the neuron fires and hollow where it stays silent; with ``targets``,
    a point the neuron gets wrong is circled in red. The legend under the axes says so, because in
    the later lessons' figures filled and hollow mean the *target* class instead.

    Parameters
    ----------
    w : array_like, shape (2,)
    b : float
    targets : array_like of 0/1, shape (4,), optional
        The wanted outputs for inputs (0,0), (0,1), (1,0), (1,1).
    ax : matplotlib Axes, optional
    title : str, optional
    legend : bool, default True
        Explain the markers under the axes.

    Examples
    --------
    >>> ax = plot_gate([1.0, 1.0], -1.5, targets=[0, 0, 0, 1], title="AND")  # doctest: +SKIP

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    w = as_float_array(w, func="plot_gate", name="w", ndim=(1,))
    b = as_finite_number(b, func="plot_gate", name="b")
    if w.shape != (2,):
        raise ValueError(f"plot_gate: w must hold 2 weights, got shape {w.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    grid = np.linspace(-0.5, 1.5, 201)
    g1, g2 = np.meshgrid(grid, grid)
    fires = step(np.round(g1 * w[0] + g2 * w[1] + b, 9))
    ax.contourf(g1, g2, fires, levels=[-0.5, 0.5, 1.5], colors=["#dbe9f6", "#fde0c5"])
    if w[1] != 0:
        ax.plot(grid, -(w[0] * grid + b) / w[1], color="black", lw=1.5)
    elif w[0] != 0:
        ax.axvline(-b / w[0], color="black", lw=1.5)
    X = truth_table(2)
    outputs = step(gate_sums(X, w, b))
    for (x1, x2), out in zip(X, outputs, strict=True):
        ax.scatter(
            x1,
            x2,
            s=160,
            zorder=3,
            linewidths=2.5,
            edgecolors=FIRE if out else SILENT,
            facecolors=FIRE if out else "white",
        )
        ax.annotate(str(out), (x1, x2), xytext=(9, 7), textcoords="offset points", fontsize=11)
    if targets is not None:
        targets = as_float_array(targets, func="plot_gate", name="targets", ndim=(1,))
        for (x1, x2), out, want in zip(X, outputs, targets, strict=True):
            if out != want:
                ax.scatter(x1, x2, s=520, facecolors="none", edgecolors=WRONG, linewidths=2, zorder=4)
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_aspect("equal")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend:
        marker = {"marker": "o", "ls": "none", "ms": 8, "mew": 2}
        handles = [
            Line2D([], [], mfc=FIRE, mec=FIRE, label="filled: the neuron fires (1)", **marker),
            Line2D([], [], mfc="white", mec=SILENT, label="hollow: it stays silent (0)", **marker),
        ]
        if targets is not None:
            ring = {**marker, "ms": 13, "mfc": "none", "mec": WRONG}
            handles.append(Line2D([], [], label="red ring: not the target", **ring))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return ax
