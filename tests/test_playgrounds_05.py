"""Lesson 05's playground, called directly with slider values (errors inside widgets are swallowed)."""

import math

import ipywidgets
import pytest

from nnlib.widgets.network import DATASETS, build_network, network_playground, show_training


def test_default_settings_learn_the_moons(capsys):
    accuracy = show_training()
    assert accuracy >= 0.9
    out = capsys.readouterr().out
    assert "33 parameters" in out and "held-out points" in out


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_every_data_set_trains_and_reports(dataset, capsys):
    accuracy = show_training(8, 1, "relu", 0.3, 40, dataset)
    assert 0.0 <= accuracy <= 1.0
    assert "Accuracy" in capsys.readouterr().out


def test_a_reckless_learning_rate_is_reported_not_raised(capsys):
    accuracy = show_training(32, 4, "relu", 10.0, 200, "moons")
    out = capsys.readouterr().out
    assert math.isnan(accuracy) and "diverged" in out or accuracy <= 0.75


def test_layers_and_units_build_the_right_network():
    net = build_network(4, 3, "tanh")
    assert [layer.units for layer in net.layers] == [4, 4, 4, 1]
    assert net.count_params() == (2 * 4 + 4) + 2 * (4 * 4 + 4) + (4 + 1)


def test_unknown_dataset_is_named():
    with pytest.raises(ValueError, match="unknown dataset 'circles'"):
        show_training(dataset="circles")


def test_the_playground_starts_with_a_slider():
    playground = network_playground()
    kinds = [type(child).__name__ for child in playground.children]
    assert kinds[:2] == ["IntSlider", "IntSlider"]  # the browser test moves the first slider
    assert "Dropdown" in kinds and "FloatLogSlider" in kinds
    assert isinstance(playground.children[-1], ipywidgets.Output)
