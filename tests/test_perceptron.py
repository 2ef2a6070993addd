"""Unit and property tests of nnlib.perceptron (lesson 02)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.datasets import logic_gate, make_separable
from nnlib.perceptron import Perceptron, predict, trace_updates, train_perceptron, update


def test_predict_fires_at_zero_and_takes_one_row_or_a_batch():
    assert predict([1.0, -1.0], [1.0, 1.0], 0.0) == 1
    np.testing.assert_array_equal(predict([[0, 0], [1, 1]], [1.0, 1.0], -1.5), [0, 1])


def test_update_follows_rosenblatts_rule_and_does_not_modify_its_inputs():
    w, b = np.array([0.0, 0.0]), -1.0
    w_new, b_new = update([1.0, 2.0], 1, w, b, lr=0.5)  # silent on a 1: add half of x
    np.testing.assert_allclose(w_new, [0.5, 1.0])
    assert b_new == -0.5
    assert np.array_equal(w, [0.0, 0.0]) and b == -1.0
    w_new, b_new = update([1.0, 2.0], 0, w_new, b_new)  # fires (sum 2) on a 0: subtract x
    np.testing.assert_allclose(w_new, [-0.5, -1.0])
    assert b_new == -1.5
    right = update([1.0, 2.0], 0, w_new, b_new)  # now right: nothing changes
    np.testing.assert_allclose(right[0], w_new)
    assert right[1] == b_new


@pytest.mark.parametrize(("gate", "epochs"), [("AND", 6), ("OR", 4), ("NAND", 6), ("NOR", 4)])
def test_every_separable_gate_is_learned(gate, epochs):
    X, y = logic_gate(gate)
    model = Perceptron().fit(X, y)
    assert model.converged_ and model.mistakes_[-1] == 0
    assert len(model.mistakes_) == epochs
    np.testing.assert_array_equal(model.predict(X), y)
    assert model.score(X, y) == 1.0


def test_and_gate_weights_are_exact():
    w, b, mistakes = train_perceptron(*logic_gate("AND"))
    np.testing.assert_array_equal(w, [2.0, 1.0])
    assert b == -3.0 and mistakes == [2, 3, 3, 2, 1, 0]


def test_xor_never_converges_and_cycles():
    model = Perceptron().fit(*logic_gate("XOR"), epochs=30)
    assert not model.converged_
    assert len(model.mistakes_) == 30 and min(model.mistakes_) > 0
    ends = {(tuple(w), b) for w, b in model.history_[2:]}
    assert ends == {((-1.0, 0.0), 0.0)}  # the same weights after every epoch from the second on


def test_lesson_numbers():
    X, y = make_separable(50, margin=0.1, rng=3)
    model = Perceptron().fit(X, y)
    assert model.mistakes_ == [5, 2, 3, 2, 2, 0]
    assert len(model.history_) == len(model.mistakes_) + 1
    shifted = [len(Perceptron().fit(X + s, y, epochs=5000).mistakes_) for s in (0, 2, 5, 10)]
    assert shifted == [6, 9, 121, 672]


@pytest.mark.parametrize("lr", [0.01, 0.1, 10.0])
def test_learning_rate_only_rescales_weights_from_a_zero_start(lr):
    X, y = make_separable(30, rng=5)
    one = Perceptron(lr=1.0).fit(X, y)
    other = Perceptron(lr=lr).fit(X, y)
    assert one.mistakes_ == other.mistakes_
    np.testing.assert_allclose(other.weights_, lr * one.weights_)
    assert other.bias_ == pytest.approx(lr * one.bias_)


def test_random_order_and_start_are_reproducible_with_the_same_seed():
    X, y = make_separable(40, rng=2)
    a = Perceptron(init="random").fit(X, y, rng=7)
    b = Perceptron(init="random").fit(X, y, rng=np.random.default_rng(7))
    assert a.mistakes_ == b.mistakes_
    np.testing.assert_array_equal(a.weights_, b.weights_)
    assert a.converged_


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(5, 40), st.floats(0.05, 0.5))
def test_converges_and_separates_any_separable_data(seed, n, margin):
    X, y = make_separable(n, margin=margin, rng=seed)
    model = Perceptron().fit(X, y, epochs=1000)
    assert model.converged_
    np.testing.assert_array_equal(model.predict(X), y)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_class_and_function_and_trace_agree(seed):
    X, y = make_separable(12, margin=0.1, rng=seed)
    w, b, mistakes = train_perceptron(X, y, lr=0.5)
    model = Perceptron(lr=0.5).fit(X, y)
    np.testing.assert_allclose(w, model.weights_)
    assert b == model.bias_ and mistakes == model.mistakes_
    steps = trace_updates(X, y, lr=0.5, n_epochs=100)
    assert sum(s.mistake for s in steps) == sum(mistakes)
    np.testing.assert_allclose(steps[-1].w_after, w)


def test_bad_input_is_refused_with_clear_messages():
    X, y = logic_gate("AND")
    with pytest.raises(ValueError, match=r"Perceptron.fit: y must hold only the labels 0 and 1, found -1, 1"):
        Perceptron().fit(X, [-1, -1, -1, 1])
    with pytest.raises(ValueError, match=r"found 0, 1, 2"):
        train_perceptron(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match=r"X has 4 samples \(shape \(4, 2\)\) but y has 3 labels \(shape \(3,\)\)"):
        Perceptron().fit(X, [0, 0, 1])
    with pytest.raises(ValueError, match="Perceptron.fit: X contains NaN"):
        Perceptron().fit([[np.nan, 0.0]], [1])
    with pytest.raises(ValueError, match=r"update: x has 2 features but w has 3 weights \(shape \(3,\)\)"):
        update([1.0, 2.0], 1, [0.0, 0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="update: y must be the label 0 or 1, found 2"):
        update([1.0, 2.0], 2, [0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match=r"predict: x has 3 features but w has 2"):
        predict([[1.0, 2.0, 3.0]], [1.0, 1.0], 0.0)
    model = Perceptron().fit(X, y)
    with pytest.raises(ValueError, match="Perceptron.predict: X has 3 features"):
        model.predict([[1.0, 2.0, 3.0]])
    with pytest.raises(RuntimeError, match="call fit"):
        Perceptron().predict(X)
    with pytest.raises(ValueError, match="init='random' needs a random generator"):
        Perceptron(init="random").fit(X, y)
    with pytest.raises(ValueError, match="lr must be positive"):
        Perceptron(lr=0)
    with pytest.raises(TypeError, match="Perceptron.fit: rng must be a numpy.random.Generator"):
        Perceptron().fit(X, y, rng="seed")
    with pytest.raises(ValueError, match="Perceptron.fit: epochs must be at least 1, got 0"):
        Perceptron().fit(X, y, epochs=0)
