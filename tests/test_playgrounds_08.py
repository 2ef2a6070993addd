"""Lesson 08's playground and figures, called directly with slider values (errors inside widgets are swallowed)."""

import math

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.plotting.convolution import plot_feature_maps, plot_filters, plot_sequences, plot_sliding_filter
from nnlib.widgets.convolution import build_conv_model, conv_playground, show_conv_layer


def test_default_settings_learn_something_and_report(capsys):
    accuracy = show_conv_layer()
    assert 0.4 <= accuracy <= 1.0  # 3 epochs of one convolution: far above chance (10 %), far from done
    out = capsys.readouterr().out
    assert "Conv1D(8, 5, strides=1): output length 36, 48 weights in the filters, 1498 in the model" in out


@pytest.mark.parametrize(
    ("kernel_size", "filters", "strides", "length"), [(1, 1, 1, 40), (21, 32, 5, 4), (9, 3, 2, 16)]
)
def test_every_corner_of_the_sliders_trains_and_reports(kernel_size, filters, strides, length, capsys):
    accuracy = show_conv_layer(kernel_size, filters, strides)
    assert 0.0 <= accuracy <= 1.0
    assert f"output length {length}," in capsys.readouterr().out


def test_a_setting_with_nothing_to_pool_is_reported_not_raised(capsys):
    assert math.isnan(show_conv_layer(39, 2, 5))
    assert "nothing to pool" in capsys.readouterr().out


def test_the_model_follows_the_sliders():
    model = build_conv_model(7, 4, 3)
    conv = model.layers[1]
    assert (conv.filters, conv.kernel_size, conv.strides) == (4, 7, 3)
    assert conv.output_shape == ((40 - 7) // 3 + 1, 4)
    assert model.count_params() == 7 * 4 + 4 + (conv.output_shape[0] // 2) * 4 * 10 + 10


def test_the_playground_starts_with_a_slider():
    playground = conv_playground()
    kinds = [type(child).__name__ for child in playground.children]
    assert kinds[:3] == ["IntSlider", "IntSlider", "IntSlider"]  # the browser test moves the first slider
    assert [child.description for child in playground.children[:3]] == ["width", "filters", "stride"]
    assert isinstance(playground.children[-1], ipywidgets.Output)


def test_the_sliding_filter_figure_shows_the_sums_it_draws():
    signal = np.array([0.0, 0.0, 1.0, 2.0, 1.0, 0.0, 0.0])
    fig = plot_sliding_filter(signal, [-1.0, 0.0, 1.0], starts=[1, 3])
    _, _, bottom = fig.axes
    labels = [text.get_text() for text in bottom.texts]
    assert labels == ["2.00", "-2.00"]  # window 1: 2 - 0; window 3: 0 - 2
    plt.close(fig)
    with pytest.raises(ValueError, match=r"plot_sliding_filter: starts must be 1 to 4 window starts from 0 to 4"):
        plot_sliding_filter(signal, [1.0, 1.0, 1.0], starts=[5])
    with pytest.raises(ValueError, match=r"plot_sliding_filter: the kernel \(8\) is longer than the signal \(7\)"):
        plot_sliding_filter(signal, np.ones(8), starts=[0])


def test_the_other_figures_name_bad_input():
    with pytest.raises(ValueError, match="plot_filters: draws filters that read one channel"):
        plot_filters(np.ones((5, 2, 3)))
    with pytest.raises(ValueError, match="plot_sequences: X has 2 sequences but y has 3 labels"):
        plot_sequences(np.zeros((2, 40)), np.arange(3))
    ax = plot_feature_maps(np.zeros(10), np.ones((3, 2)), kernel_size=4, strides=3)
    assert ax.images[0].get_extent() == [1.5 - 1.5, 1.5 - 1.5 + 9, 1.5, -0.5]
