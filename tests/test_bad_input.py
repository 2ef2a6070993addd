"""Bad input to lessons 02-04's functions fails at once, naming the function, what it expected and what came in."""

import re

import numpy as np
import pytest

from nnlib.datasets import logic_gate, make_separable
from nnlib.perceptron import Perceptron, trace_updates, train_perceptron, update
from nnlib.training import DivergenceError, gradient_descent, train_neuron

X8 = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
Y8 = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)


@pytest.mark.parametrize(
    ("gradient", "error", "message"),
    [
        (
            lambda w: "steep",
            TypeError,
            r"gradient_descent: gradient\(\[0\]\) returned str 'steep'; it must return numbers",
        ),
        (lambda w: None, TypeError, r"gradient_descent: gradient\(\[0\]\) returned None.*is there a `return`"),
        (lambda w: np.ones(3), ValueError, r"returned shape \(3,\); it must return one slope per coordinate.*\(1,\)"),
        ("2 * (w - 3)", TypeError, "gradient_descent: gradient must be a function of the point"),
    ],
)
def test_gradient_descent_explains_a_bad_gradient(gradient, error, message):
    with pytest.raises(error, match=message):
        gradient_descent(gradient, [0.0], lr=0.1, n_steps=3)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_separable(20, margin="0.1"), TypeError, "make_separable: margin must be a number, got str '0.1'"),
        (
            lambda: update([1.0, 2.0], 1, [0.0, 0.0], 0.0, lr=-1),
            ValueError,
            "update: the learning rate lr must be positive, got -1",
        ),
        (
            lambda: trace_updates(*logic_gate("AND"), n_epochs=2.7),
            TypeError,
            "trace_updates: n_epochs must be a whole number, got float 2.7",
        ),
        (
            lambda: trace_updates(*logic_gate("AND"), n_epochs=-1),
            ValueError,
            "trace_updates: n_epochs must be at least 1, got -1",
        ),
        (
            lambda: trace_updates(*logic_gate("AND"), n_epochs="3"),
            TypeError,
            "trace_updates: n_epochs must be a whole number, got str '3'",
        ),
        (
            lambda: trace_updates(*logic_gate("AND"), lr=0),
            ValueError,
            "trace_updates: the learning rate lr must be positive, got 0",
        ),
        (
            lambda: train_perceptron(*logic_gate("AND"), n_epochs=0),
            ValueError,
            "train_perceptron: n_epochs must be at least 1",
        ),
        (
            lambda: train_perceptron([[0.0, 1.0]], [3]),
            ValueError,
            "train_perceptron: y must hold only the labels 0 and 1",
        ),
        (
            lambda: train_perceptron(*logic_gate("AND"), lr=-0.5),
            ValueError,
            "train_perceptron: the learning rate lr must be positive",
        ),
        (
            lambda: Perceptron().fit(*logic_gate("AND"), epochs=2.5),
            TypeError,
            "Perceptron.fit: epochs must be a whole number",
        ),
    ],
)
def test_bad_input_names_the_function_what_it_expected_and_what_came_in(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_train_perceptron_reports_under_its_own_name():
    with pytest.raises(ValueError) as caught:
        train_perceptron([[0.0, 1.0], [1.0, 0.0]], [0, 1, 1])
    assert str(caught.value).startswith("train_perceptron:") and "Perceptron.fit" not in str(caught.value)


@pytest.mark.parametrize("lr", [10.0, 1e6])
def test_train_neuron_reports_an_absurd_learning_rate(lr):
    with pytest.raises(
        DivergenceError, match=re.escape(f"train_neuron: with learning rate lr = {lr:g} the steps overshot")
    ):
        train_neuron(X8, Y8, np.zeros(2), lr=lr, n_iterations=1000)


def test_train_neuron_still_trains_with_large_but_working_rates():
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
    _, _, history = train_neuron(X, np.array([0, 1, 1, 0.0]), np.zeros(3), lr=10.0, n_iterations=1000)
    assert history.losses[-1] < 0.01
    train_neuron(X8, Y8, np.zeros(2), lr=1.0, n_iterations=1000)  # a bumpy run, but not a saturated one


def test_train_neuron_takes_an_integer_seed_like_perceptron_fit():
    by_seed = train_neuron(X8, Y8, np.zeros(2), lr=0.1, n_iterations=50, stochastic=True, rng=3)
    by_generator = train_neuron(
        X8, Y8, np.zeros(2), lr=0.1, n_iterations=50, stochastic=True, rng=np.random.default_rng(3)
    )
    np.testing.assert_array_equal(by_seed[0], by_generator[0])
    with pytest.raises(TypeError, match="train_neuron: rng must be a numpy.random.Generator or an integer seed"):
        train_neuron(X8, Y8, np.zeros(2), stochastic=True, rng="3")
