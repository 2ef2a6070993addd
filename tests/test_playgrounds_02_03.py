"""Lesson 02-03 playground callbacks and figures, called directly (widget callbacks swallow errors)."""

import ipywidgets
import numpy as np
import pytest

from nnlib.datasets import logic_gate, make_separable
from nnlib.perceptron import Perceptron
from nnlib.plotting.perceptron import (
    plot_data,
    plot_decision_line,
    plot_line_per_epoch,
    plot_mistakes,
    plot_update,
)
from nnlib.plotting.prediction import (
    plot_activations,
    plot_probability_map,
    plot_sigmoid_and_derivative,
    plot_vectors,
)
from nnlib.prediction import CLASSIC_B, CLASSIC_W, CLASSIC_X, CLASSIC_Y
from nnlib.widgets.perceptron import STEPPER_DATASETS, perceptron_stepper, show_perceptron_step, stepper_trace
from nnlib.widgets.prediction import probability_playground, show_probability_map


@pytest.mark.parametrize("dataset", list(STEPPER_DATASETS))
def test_stepper_callback_runs_from_start_to_past_the_end(dataset, capsys):
    total = len(stepper_trace(dataset))
    for step in (0, 1, total // 2, total, total + 5):
        wrong = show_perceptron_step(step, dataset)
        assert 0 <= wrong <= len(STEPPER_DATASETS[dataset][1])
    out = capsys.readouterr().out
    assert "Before training" in out and "points wrong now" in out


def test_stepper_reaches_zero_wrong_on_separable_data_but_not_on_xor(capsys):
    for dataset in ("AND", "OR", "NAND", "12 points"):
        assert show_perceptron_step(len(stepper_trace(dataset)), dataset) == 0
    assert show_perceptron_step(len(stepper_trace("XOR")), "XOR") > 0
    assert "not converged" in capsys.readouterr().out.splitlines()[-1]


def test_stepper_counts_epochs_and_examples_from_1(capsys):
    show_perceptron_step(1, "AND")
    show_perceptron_step(4, "AND")
    out = capsys.readouterr().out
    assert "Epoch 1, example 1 of 4:" in out and "Epoch 1, example 4 of 4:" in out and "example 0" not in out


def test_stepper_explains_a_mistake(capsys):
    show_perceptron_step(1, "AND")  # w = 0, b = 0 fires on [0, 0], whose label is 0
    out = capsys.readouterr().out
    assert "y_hat = 1" in out and "subtract x from w and 1 from b" in out


def test_stepper_widget_has_play_slider_and_menu_and_follows_the_menu():
    box = perceptron_stepper("AND")
    play = box.children[0].children[0]
    ui = box.children[1]
    assert isinstance(play, ipywidgets.Play) and isinstance(ui, ipywidgets.interactive)
    slider, menu = ui.children[0], ui.children[1]
    assert isinstance(slider, ipywidgets.IntSlider) and isinstance(menu, ipywidgets.Dropdown)
    assert slider.max == len(stepper_trace("AND"))
    menu.value = "XOR"
    assert slider.max == play.max == len(stepper_trace("XOR")) and slider.value == 0
    with pytest.raises(ValueError, match="stepper_trace: unknown data set 'nope'"):
        show_perceptron_step(0, "nope")


@pytest.mark.parametrize(
    ("w1", "w2", "b"),
    [(1.45, -0.66, 0.0), (0.0, 0.0, 0.0), (-3.0, 3.0, -3.0), (3.0, 3.0, 3.0), (-1.0, 2.0, 0.5)],
)
def test_probability_callback_runs_for_slider_corners(w1, w2, b, capsys):
    right = show_probability_map(w1, w2, b)
    assert 0 <= right <= 2
    assert f"{right}/2 right" in capsys.readouterr().out


def test_probability_callback_reports_the_classic_numbers(capsys):
    assert show_probability_map(1.45, -0.66, 0.0) == 1
    out = capsys.readouterr().out
    assert "p = 0.79857310 -> class 1, target 1: right" in out
    assert "p = 0.87101915 -> class 1, target 0: wrong" in out
    assert show_probability_map(-2.0, 2.5, -0.5) == 2  # one setting that gets both right


def test_probability_playground_has_three_sliders_at_the_classic_values():
    ui = probability_playground()
    sliders = [child for child in ui.children if isinstance(child, ipywidgets.FloatSlider)]
    assert [s.value for s in sliders] == [1.45, -0.66, 0.0]


def test_lesson_02_figures_draw():
    X, y = make_separable(20, rng=1)
    model = Perceptron().fit(X, y)
    fig = plot_line_per_epoch(X, y, model.history_, model.mistakes_, ncols=3)
    assert len([ax for ax in fig.axes if ax.axison]) == len(model.history_)
    assert plot_mistakes(model.mistakes_).get_xlabel() == "epoch"
    plot_decision_line(X, y, np.zeros(2), 0.0)  # no line yet: must not fail
    plot_decision_line(X, y, [1.0, 0.0], 0.5, previous=([0.0, 1.0], 0.0))
    plot_update([1.0, 2.0], 1, [2.0, -1.0], -0.5)
    plot_data(*logic_gate("XOR"))
    with pytest.raises(ValueError, match="plot_line_per_epoch: history needs one entry more"):
        plot_line_per_epoch(X, y, model.history_, model.mistakes_ + [0])
    with pytest.raises(ValueError, match="plot_decision_line: w must hold 2 weights"):
        plot_decision_line(X, y, [1.0, 1.0, 1.0], 0.0)


def test_lesson_03_figures_draw():
    assert len(plot_activations().axes) == 6
    assert len(plot_sigmoid_and_derivative().axes) == 2
    plot_vectors(CLASSIC_W, CLASSIC_X, ["x1", "x2"])
    ax = plot_probability_map(CLASSIC_W, CLASSIC_B, CLASSIC_X, CLASSIC_Y, title="classic")
    assert ax.get_title() == "classic"
    plot_probability_map([0.0, 0.0], 5.0, CLASSIC_X, CLASSIC_Y)  # no 0.5 line anywhere: must not fail
    with pytest.raises(ValueError, match="plot_probability_map: expected w of shape"):
        plot_probability_map([1.0], 0.0, CLASSIC_X, CLASSIC_Y)
