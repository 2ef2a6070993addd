"""Lessons 01-04's figures say what their markers mean, and lesson 04's chain figure shows the chain rule."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.datasets import logic_gate, make_separable
from nnlib.perceptron import Perceptron
from nnlib.plotting.descent import plot_chain
from nnlib.plotting.neuron import plot_gate
from nnlib.plotting.perceptron import plot_data, plot_decision_line, plot_line_per_epoch
from nnlib.plotting.prediction import plot_probability_map
from nnlib.prediction import CLASSIC_B, CLASSIC_W, CLASSIC_X, CLASSIC_Y


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_lesson_01_dots_mean_what_the_neuron_does():
    texts = legend_texts(plot_gate([1.0, 1.0], -1.5, targets=[0, 0, 0, 1]))
    assert texts == ["filled: the neuron fires (1)", "hollow: it stays silent (0)", "red ring: not the target"]


def test_lessons_02_and_03_dots_mean_the_target_class():
    X, y = logic_gate("AND")
    assert legend_texts(plot_data(X, y)) == ["hollow: target 0", "filled: target 1"]
    assert "red ring: wrong side" in legend_texts(plot_decision_line(X, y, np.zeros(2), 0.0))
    texts = legend_texts(plot_probability_map(CLASSIC_W, CLASSIC_B, CLASSIC_X, CLASSIC_Y))
    assert texts[:2] == ["filled: target 1", "hollow: target 0"]
    X_pts, y_pts = make_separable(20, rng=1)
    model = Perceptron().fit(X_pts, y_pts)
    figure = plot_line_per_epoch(X_pts, y_pts, model.history_, model.mistakes_)
    assert [t.get_text() for t in figure.legends[0].get_texts()][:2] == ["filled: target 1", "hollow: target 0"]


def test_the_chain_figure_multiplies_the_three_local_slopes():
    ax = plot_chain([2.0, 1.5], 0.0, [1.45, -0.66], 0.0, j=0)
    texts = " ".join(text.get_text() for text in ax.texts)
    y_hat = 1 / (1 + np.exp(-1.91))
    product = 2.0 * y_hat * (1 - y_hat) * 2 * y_hat
    assert "= 1.91" in texts and f"= {product:.4f}" in texts and "= 0.3914" in texts
    plt.close("all")
    with pytest.raises(ValueError, match=r"plot_chain: j must be the index of a weight, 0 to 1, got 2"):
        plot_chain([2.0, 1.5], 0.0, [1.45, -0.66], j=2)
    with pytest.raises(ValueError, match="plot_chain: x has 3 features but w has 2 weights"):
        plot_chain([2.0, 1.5, 1.0], 0.0, [1.45, -0.66])
