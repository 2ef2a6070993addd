"""Playground callbacks are called directly: an error inside a widget callback is otherwise swallowed."""

import ipywidgets
import numpy as np
import pytest

from nnlib.plotting.neuron import draw_neuron_diagram, plot_gate
from nnlib.widgets.neuron import PLAYGROUND_GATES, gate_playground, show_gate


@pytest.mark.parametrize(("w1", "w2", "b"), [(1.0, 1.0, -1.5), (0.0, 0.0, 0.0), (0.0, 2.0, -1.0), (-2.0, 1.3, 2.0)])
@pytest.mark.parametrize("gate", list(PLAYGROUND_GATES))
def test_gate_callback_runs_for_every_gate_and_slider_corner(w1, w2, b, gate, capsys):
    correct = show_gate(w1, w2, b, gate)
    out = capsys.readouterr().out
    assert 0 <= correct <= 4
    assert f"{correct}/4 right" in out


def test_gate_callback_counts_right_answers():
    assert show_gate(1.0, 1.0, -1.5, "AND") == 4
    assert show_gate(1.0, 1.0, -0.5, "AND") == 2
    assert max(show_gate(w1, w2, b, "XOR") for w1 in (-1, 1) for w2 in (-1, 1) for b in (-1.5, -0.5, 0.5)) == 3


def test_gate_playground_has_three_sliders_and_a_menu():
    playground = gate_playground("NAND")
    kinds = [type(child).__name__ for child in playground.children]
    assert kinds[:4] == ["FloatSlider", "FloatSlider", "FloatSlider", "Dropdown"]
    assert isinstance(playground.children[-1], ipywidgets.Output)
    with pytest.raises(ValueError, match="show_gate: unknown gate 'XAND'"):
        show_gate(1, 1, 0, "XAND")


def test_figures_draw():
    assert len(draw_neuron_diagram().axes) == 2
    ax = plot_gate(np.array([1.0, 0.0]), -0.5, targets=[0, 0, 1, 1])
    assert ax.get_title() == ""
    with pytest.raises(ValueError, match="plot_gate: w must hold 2 weights"):
        plot_gate([1.0, 1.0, 1.0], 0.0)
