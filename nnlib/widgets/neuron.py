"""The course's playgrounds: sliders that redraw a figure, always after the static version of it.

Each playground is a thin ``ipywidgets.interactive`` around a plain function (``show_*``) that draws
and prints; tests call those functions directly.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.datasets import GATE_TARGETS
from nnlib.neuron import gate_sums, step, truth_table
from nnlib.plotting.neuron import plot_gate
from nnlib.widgets import weight_slider

#: Targets the gate playground can aim at; XOR is there to show that no slider setting works.
PLAYGROUND_GATES = dict(GATE_TARGETS)  # AND, OR, NAND, NOR and XOR, which no single neuron can do


def show_gate(w1: float, w2: float, b: float, gate: str = "OR") -> int:
    """Draw the decision line for ``(w1, w2, b)`` and print the truth table against ``gate``.

    Returns
    -------
    int
        How many of the four inputs the neuron gets right.

    Examples
    --------
    >>> show_gate(1.0, 1.0, -0.5, "OR")  # doctest: +SKIP

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """
    if gate not in PLAYGROUND_GATES:
        raise ValueError(f"show_gate: unknown gate {gate!r}; choose one of {', '.join(PLAYGROUND_GATES)}")
    targets = np.array(PLAYGROUND_GATES[gate])
    w = np.array([w1, w2], dtype=float)
    X = truth_table(2)
    sums = gate_sums(X, w, b)
    outputs = step(sums)
    fig, ax = plt.subplots(figsize=(4.2, 4.2))
    correct = int(np.sum(outputs == targets))
    plot_gate(w, b, targets=targets, ax=ax, title=f"{gate}: {correct}/4 right")
    plt.show()
    print(" x1  x2 |   z    | out | want")
    for (x1, x2), z, out, want in zip(X, sums, outputs, targets, strict=True):
        print(f"  {x1}   {x2} | {z:+5.2f} |  {out}  |  {want}  {'ok' if out == want else '<- wrong'}")
    print(f"{correct}/4 right" + (f": this neuron computes {gate}!" if correct == 4 else ""))
    return correct


def gate_playground(gate: str = "OR") -> widgets.interactive:
    """Sliders for ``w1``, ``w2`` and ``b`` and a menu of target gates; the figure and table follow live.

    Examples
    --------
    >>> gate_playground("NAND")  # doctest: +SKIP

    Introduced in lesson 01 (from the biological neuron to an artificial one).
    """

    def slider(description: str, value: float) -> widgets.FloatSlider:
        return weight_slider(description, value, limit=2.0, step=0.1)

    return widgets.interactive(
        show_gate,
        w1=slider("w1", 1.0),
        w2=slider("w2", 1.0),
        b=slider("b", -1.5),
        gate=widgets.Dropdown(options=list(PLAYGROUND_GATES), value=gate, description="target"),
    )
