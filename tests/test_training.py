"""nnlib.training: the classic numbers exactly, gradients checked numerically, clear errors (lesson 04)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib.activations import sigmoid
from nnlib.training import (
    DivergenceError,
    gradient_descent,
    gradient_step,
    neuron_gradient,
    train_error_weighted,
    train_neuron,
)

X_RULE = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_RULE = np.array([0, 1, 1, 0], dtype=float)
X8 = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
Y8 = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)


def test_legacy_seed_reproduces_the_classic_article_exactly():
    w0 = 2 * np.random.RandomState(1).random_sample(3) - 1
    np.testing.assert_array_equal(np.round(w0, 8), [-0.16595599, 0.44064899, -0.99977125])
    w = train_error_weighted(X_RULE, Y_RULE, w0, n_iterations=10_000)
    assert round(float(sigmoid(np.array([1.0, 0.0, 0.0]) @ w)), 8) == 0.99993704


def test_course_default_learns_that_the_first_input_decides():
    w0 = np.random.default_rng(0).uniform(-1, 1, size=3)
    w = train_error_weighted(X_RULE, Y_RULE, w0, n_iterations=15_000)
    assert w[0] > 9 and abs(w[1]) < 0.5 and w[2] < -4
    assert sigmoid(np.array([1.0, 0.0, 0.0]) @ w) > 0.9999
    np.testing.assert_array_equal(np.round(sigmoid(X_RULE @ w)), Y_RULE)


def test_error_weighted_update_is_gradient_descent_on_half_the_squared_error():
    # one classic update equals one gradient-descent step on the sum of squared errors with lr = 0.5
    w0 = np.array([0.3, -0.2, 0.1])
    classic = train_error_weighted(X_RULE, Y_RULE, w0, n_iterations=1)
    general, _, _ = train_neuron(X_RULE, Y_RULE, w0, 0.0, lr=0.5, n_iterations=1)
    np.testing.assert_allclose(general, classic, rtol=1e-12)


def test_single_step_continuing_lesson_03():
    x, w = np.array([2.0, 1.5]), np.array([1.45, -0.66])
    p = sigmoid(x @ w)
    assert round(p, 8) == 0.87101915
    w_new = w - 2 * (p - 0.0)
    np.testing.assert_allclose(w_new, [-0.2920383, -2.4020383], atol=1e-7)
    assert round(float(sigmoid(x @ w_new)), 8) == 0.01496248
    assert sigmoid(x @ w_new) ** 2 < p**2


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.float64, (5, 3), elements=st.floats(-2, 2)),
    arrays(np.float64, 5, elements=st.floats(0, 1)),
    arrays(np.float64, 3, elements=st.floats(-2, 2)),
    st.floats(-2, 2),
)
def test_neuron_gradient_matches_central_differences(X, y, w, b):
    def cost(w, b):
        return np.sum((sigmoid(X @ w + b) - y) ** 2)

    dw, db = neuron_gradient(X, y, w, b)
    h = 1e-6
    numeric_w = [(cost(w + h * e, b) - cost(w - h * e, b)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(dw, numeric_w, atol=1e-6)
    assert db == pytest.approx((cost(w, b + h) - cost(w, b - h)) / (2 * h), abs=1e-6)


def test_batch_training_lowers_the_cost_and_records_it():
    w, b, history = train_neuron(X_RULE[:, :2], Y_RULE, np.zeros(2), lr=0.5, n_iterations=200, record_every=50)
    assert history.iterations == [0, 50, 100, 150, 200]
    assert all(a > c for a, c in zip(history.losses, history.losses[1:], strict=False))


def test_stochastic_training_plateaus_on_the_eight_points():
    rng = np.random.default_rng(1)
    w, b, history = train_neuron(
        X8,
        Y8,
        rng.standard_normal(2),
        rng.standard_normal(),
        lr=0.1,
        n_iterations=10_000,
        stochastic=True,
        rng=rng,
        record_every=100,
    )
    assert len(history.losses) == 101
    assert history.losses[0] > 3 and 1.7 < np.mean(history.losses[-20:]) < 2.3
    # the numbers the lesson describes: it settles between 1.88 and 2.52 after iteration 1,000
    late = np.array(history.losses[10:])
    assert round(late.min(), 2) == 1.88 and round(late.max(), 2) == 2.52
    assert int(np.sum((sigmoid(X8 @ w + b) >= 0.5) == Y8)) == 5
    again = train_neuron(X8, Y8, w, b, lr=0.1, n_iterations=10, stochastic=True, rng=np.random.default_rng(5))
    same = train_neuron(X8, Y8, w, b, lr=0.1, n_iterations=10, stochastic=True, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(again[0], same[0])  # seeded: deterministic


def test_gradient_descent_path_and_divergence():
    path = gradient_descent(lambda w: 2 * (w - 3.0), [0.0], lr=0.5, n_steps=2)
    np.testing.assert_allclose(path.ravel(), [0.0, 3.0, 3.0])
    growing = gradient_descent(lambda w: 2 * (w - 3.0), [0.0], lr=1.05, n_steps=20).ravel()
    assert abs(growing[-1] - 3) > abs(growing[0] - 3)
    with pytest.raises(DivergenceError, match=r"gradient_descent: .* learning rate lr = 5"):
        gradient_descent(lambda w: 2 * (w - 3.0) * np.exp(np.abs(w)), [0.0], lr=5, n_steps=200)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, "train_neuron: the learning rate lr must be positive, got 0"),
        ({"lr": float("nan")}, ValueError, "train_neuron: lr must be a finite number"),
        ({"n_iterations": 0}, ValueError, "train_neuron: n_iterations must be at least 1, got 0"),
        ({"n_iterations": 2.5}, TypeError, "train_neuron: n_iterations must be a whole number"),
        ({"stochastic": True}, TypeError, "train_neuron: stochastic training needs rng="),
    ],
)
def test_bad_settings_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace("[", r"\[")):
        train_neuron(X8, Y8, np.zeros(2), **kwargs)


def test_bad_data_is_refused():
    with pytest.raises(ValueError, match=r"train_neuron: targets must lie in \[0, 1\].*from 0 to 2"):
        train_neuron(X8, Y8 * 2, np.zeros(2))
    with pytest.raises(ValueError, match="train_neuron: X has 8 rows but y has 7 targets"):
        train_neuron(X8, Y8[:7], np.zeros(2))
    with pytest.raises(ValueError, match=r"neuron_gradient: X has 2 features \(shape \(8, 2\)\) but w has 3"):
        neuron_gradient(X8, Y8, np.zeros(3), 0.0)
    with pytest.raises(ValueError, match="train_error_weighted: X contains NaN"):
        train_error_weighted([[np.nan, 1.0]], [1.0], [0.0, 0.0], 10)


def test_divergence_of_the_neuron_is_reported_with_the_learning_rate():
    with pytest.raises(DivergenceError, match=r"train_neuron: .*lr = 1e\+308"):
        train_neuron(X8 * 1e3, Y8, np.zeros(2), lr=1e308, n_iterations=5)


def test_no_single_neuron_does_better_than_the_batch_optimum_on_the_eight_points():
    _, _, history = train_neuron(X8, Y8, np.zeros(2), 0.0, lr=0.1, n_iterations=2_000, record_every=2_000)
    assert round(history.losses[-1], 4) == 1.8838
    # many random starts, all descended at once: none ends below the lesson's "lowest cost"
    rng = np.random.default_rng(0)
    W, B = rng.uniform(-6, 6, (500, 2)), rng.uniform(-15, 15, 500)
    for _ in range(3_000):
        p = sigmoid(W @ X8.T + B[:, None])
        delta = 2 * (p - Y8) * p * (1 - p)
        W, B = W - 0.05 * delta @ X8, B - 0.05 * delta.sum(axis=1)
    costs = np.sum((sigmoid(W @ X8.T + B[:, None]) - Y8) ** 2, axis=1)
    assert costs.min() > 1.8838 - 1e-4


def test_gradient_step_moves_against_the_slope_and_refuses_bad_input():
    w = np.array([1.0, -2.0])
    new_w, new_b = gradient_step(w, 0.5, np.array([2.0, -4.0]), 1.0, lr=0.5)
    np.testing.assert_array_equal(new_w, [0.0, 0.0])
    assert new_b == 0.0 and w[0] == 1.0  # the input is not modified
    with pytest.raises(
        ValueError, match=r"gradient_step: dw must have one slope per weight, got w \(2,\) and dw \(3,\)"
    ):
        gradient_step(w, 0.0, np.zeros(3), 0.0, lr=0.1)
    with pytest.raises(ValueError, match="gradient_step: the learning rate lr must be positive, got -0.1"):
        gradient_step(w, 0.0, np.zeros(2), 0.0, lr=-0.1)
