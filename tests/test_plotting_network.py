"""Lesson 05's figures: a matrix product's shapes, each layer's spread, weights labelled near their start."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.plotting.network import POSITIVE, draw_matrix_product, draw_network, plot_layer_histograms


def test_a_matrix_product_is_drawn_with_each_shape_and_refuses_sizes_that_do_not_meet():
    ax = draw_matrix_product([("$A^T$", (5, 7)), ("$D$", (7, 2))], ("$G$", (5, 2)))
    texts = [t.get_text() for t in ax.texts]
    assert {"5 × 7", "7 × 2", "5 × 2", "@", "="} <= set(texts)
    plt.close("all")
    with pytest.raises(ValueError, match="has 5 rows, but the factor before it 7 columns"):
        draw_matrix_product([("$A$", (5, 7)), ("$D$", (5, 2))], ("$G$", (5, 2)))


def test_layer_histograms_have_one_line_per_layer_and_give_each_spread():
    rng = np.random.default_rng(0)
    values = [rng.normal(size=1000), 0.1 * rng.normal(size=1000)]
    ax = plot_layer_histograms(values, limits=(-3, 3))
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == [f"layer {k}: spread {v.std():.2g}" for k, v in enumerate(values, start=1)]
    assert labels[1].endswith("spread 0.1")
    plt.close("all")


def test_each_weight_label_sits_on_its_own_line_near_the_unit_it_leaves_framed_in_its_colour():
    weights = [np.array([[6.8, 6.6], [-6.9, -6.4]]), np.array([[11.6], [-11.1]])]
    ax = draw_network([2, 2, 1], weights=weights, biases=[np.array([-3.6, 3.2]), np.array([5.2])])
    labels = {t.get_text(): t for t in ax.texts}
    crossing = [labels["6.6"].get_position(), labels["-6.9"].get_position()]  # the two lines that cross
    assert all(x < 0.5 for x, _ in crossing)  # before the crossing, in the middle
    assert abs(crossing[0][1] - crossing[1][1]) > 0.2  # far enough apart to read as two
    assert labels["6.6"].get_bbox_patch().get_edgecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(POSITIVE))
    assert "b=-3.6" in labels and "b=5.2" in labels
    plt.close("all")
