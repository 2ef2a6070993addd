"""Lesson 05's checks: each passes the right answer, says "not attempted" for the stub, and names
each plausible wrong answer's fault with its own hint (never the answer)."""

import numpy as np
import pytest

from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson05 import (
    BROKEN_FLAGS,
    SHAPES,
    check_dense_forward,
    check_gradient_check_predictions,
    check_hidden_delta,
    check_layer_gradients,
    check_numerical_gradient,
    check_output_delta,
    check_shapes,
    check_xor_hidden_layer,
    flags_predicted_right,
)
from nnlib.gradcheck import numerical_gradient as reference_numerical_gradient


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise 5.x")


ALL_CHECKS = [
    check_xor_hidden_layer,
    check_shapes,
    check_dense_forward,
    check_output_delta,
    check_hidden_delta,
    check_layer_gradients,
    check_numerical_gradient,
    check_gradient_check_predictions,
]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.__name__)
def test_every_stub_reads_as_not_attempted(check):
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


def fails_with(check, answer, *fragments):
    with pytest.raises(CheckFailed) as info:
        check(answer)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


# -- 5.1 --------------------------------------------------------------------------------------------
OR_NAND = (np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5]))


def test_xor_hidden_layer_passes_lesson_01s_gates(capsys):
    check_xor_hidden_layer(lambda: OR_NAND)
    assert "4/4 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("W1", "b1", "fragment"),
    [
        ([[1, 1], [-1, -1]], [-0.5, 1.5], "a unit's weights are a column"),  # weights in rows
        ([[1, -1], [1, -1]], [-1.5, 1.5], "computes AND: its threshold is too high"),  # AND instead of OR
        ([[1, 1], [1, 1]], [-0.5, -1.5], "computes AND; NAND is its opposite"),  # AND instead of NAND
        ([[1, -1], [1, -1]], [-0.5, 0.5], "computes NOR"),  # NAND bias too low -> NOR
        ([[-1, 1], [-1, 1]], [1.5, -0.5], "the OR unit is the first one"),  # units swapped
        ([[1, -1], [0, -1]], [-0.5, 1.5], "give both inputs the same weight"),
        ([[1, -1, 0], [1, -1, 0]], [-0.5, 1.5], "expected (2, 2)"),
        ([[1, -1], [1, -1]], [[-0.5, 1.5]], "the bias has shape (1, 2)"),
        ([[1, -1], [1, -1]], [-0.5, -1.5], "never fires"),  # NAND with the sign of its bias flipped
        ([[1, -1], [1, -1]], [0.0, 1.5], "always fires"),  # OR with bias 0
    ],
)
def test_xor_hidden_layer_names_each_mistake(W1, b1, fragment):
    message = fails_with(check_xor_hidden_layer, lambda: (np.array(W1, float), np.array(b1, float)), fragment)
    assert "1.5" not in message.split("hint")[-1]  # no weights or bias values in the hint


# -- 5.2 --------------------------------------------------------------------------------------------
def with_shape(key, value):
    shapes = dict(SHAPES)
    shapes[key] = value
    return lambda: shapes


def test_shapes_pass(capsys):
    check_shapes(lambda: dict(SHAPES))
    assert "10/10" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("W1", (5, 3), "the two numbers are swapped"),
        ("b1", (7, 5), "one bias per unit, shared by every sample"),
        ("b1", (1, 5), "a bias is a vector, not a matrix"),
        ("Z1", (7, 3), "one column per unit"),
        ("A1", (7, 2), "keeps the shape"),
        ("dW1", (7, 5), "a gradient has the shape of the thing"),
    ],
)
def test_shapes_name_each_mistake_without_the_answer(key, value, fragment):
    message = fails_with(check_shapes, with_shape(key, value), fragment, key)
    assert str(SHAPES[key]) not in message


def test_shapes_missing_entries_are_listed():
    fails_with(check_shapes, lambda: {"X": (7, 3)}, "no entry for W1")


# -- 5.3 --------------------------------------------------------------------------------------------
def right_forward(X, W, b, activation):
    Z = X @ W + b
    return Z, activation(Z)


def test_dense_forward_passes(capsys):
    check_dense_forward(right_forward)
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda X, W, b, activation: (X @ W, activation(X @ W)), "the bias is missing"),
        (lambda X, W, b, activation: (X @ W + b, X @ W + b), "A is still Z"),
        (lambda X, W, b, activation: (X @ W + b, activation(X @ W) + b), "added after the activation"),
        (lambda X, W, b, activation: (X @ W.T + b, activation(X @ W.T + b)), "raised ValueError"),
        (lambda X, W, b, activation: (X @ W + b, np.tanh(X @ W + b)), "not a fixed one"),
    ],
)
def test_dense_forward_names_each_mistake(answer, fragment):
    fails_with(check_dense_forward, answer, fragment)


# -- 5.4 --------------------------------------------------------------------------------------------
def onehot(P, y):
    return np.eye(P.shape[1])[y]


def test_output_delta_passes(capsys):
    check_output_delta(lambda P, y: (P - onehot(P, y)) / len(y))
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda P, y: (onehot(P, y) - P) / len(y), "the sign is flipped"),
        (lambda P, y: P - onehot(P, y), "gradient of the *sum*"),
        (lambda P, y: (P - onehot(P, y)) / P.size, "not by the number of entries"),
        (lambda P, y: (P - y[:, None]) / len(y), "compare P with the one-hot rows"),
        (lambda P, y: (P - 1) / len(y), "only in the column of each sample's own class"),
    ],
)
def test_output_delta_names_each_mistake(answer, fragment):
    fails_with(check_output_delta, answer, fragment)


# -- 5.5 --------------------------------------------------------------------------------------------
def test_hidden_delta_passes(capsys):
    check_hidden_delta(lambda delta2, W2, Z1: (delta2 @ W2.T) * (Z1 > 0))
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda delta2, W2, Z1: delta2 @ W2.T, "switched off"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * Z1, "not by Z1 itself"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * (Z1 >= 0), "at z = 0 exactly"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * np.maximum(Z1, 0), "*slope* at Z1"),
        (lambda delta2, W2, Z1: (delta2 * W2[:, 0]) * (Z1 > 0), "collects blame from all of them"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * (1 - np.tanh(Z1) ** 2), "that is tanh's slope"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * Z1 * (1 - Z1), "the sigmoid's slope"),
        (lambda delta2, W2, Z1: (delta2 @ W2) * (Z1 > 0), "the other way round"),
    ],
)
def test_hidden_delta_names_each_mistake(answer, fragment):
    fails_with(check_hidden_delta, answer, fragment)


# -- 5.6 --------------------------------------------------------------------------------------------
def test_layer_gradients_pass(capsys):
    check_layer_gradients(lambda A_prev, delta: (A_prev.T @ delta, delta.sum(axis=0)))
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda A_prev, delta: (A_prev.T @ delta, delta.mean(axis=0)), "db is averaged"),
        (lambda A_prev, delta: (A_prev.T @ delta / len(A_prev), delta.sum(0) / len(A_prev)), "dividing by n again"),
        (lambda A_prev, delta: (A_prev.T @ delta, np.full(delta.shape[1], delta.sum())), "only its own column"),
        (lambda A_prev, delta: (delta.T @ A_prev, delta.sum(axis=0)), "transposed"),
        (lambda A_prev, delta: (A_prev.T @ delta, delta.sum(axis=1)), "add up over the samples"),
    ],
)
def test_layer_gradients_name_each_mistake(answer, fragment):
    fails_with(check_layer_gradients, answer, fragment)


# -- 5.7 --------------------------------------------------------------------------------------------
def test_numerical_gradient_passes_the_library_version(capsys):
    check_numerical_gradient(reference_numerical_gradient)
    assert "6/6" in capsys.readouterr().out


def one_sided(f, x, h=1e-5):
    grad = np.zeros_like(x)
    base = f()
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        grad[i] = (f() - base) / h
        x[i] = saved
    return grad


def over_h(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        down = f()
        x[i] = saved
        grad[i] = (up - down) / h
    return grad


def never_restores(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        grad[i] = (up - f()) / (2 * h)
    return grad


def first_axis_only(f, x, h=1e-5):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        down = f()
        x[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad


def same_slope_everywhere(f, x, h=1e-5):
    saved = x.copy()
    x += h
    up = f()
    x[:] = saved - h
    down = f()
    x[:] = saved
    return np.full(x.shape, (up - down) / (2 * h))


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (one_sided, "a one-sided difference"),
        (over_h, "2h apart"),
        (never_restores, "put every entry of x back"),
        (first_axis_only, "x can be a matrix"),
        (same_slope_everywhere, "all entries were nudged together"),
    ],
)
def test_numerical_gradient_names_each_mistake(answer, fragment):
    fails_with(check_numerical_gradient, answer, fragment)


# -- 5.8 --------------------------------------------------------------------------------------------
def flags_with(letter, names):
    answer = {k: set(v) for k, v in BROKEN_FLAGS.items()}
    answer[letter] = set(names)
    return lambda: answer


def test_gradient_check_predictions_pass(capsys):
    right = flags_with("A", BROKEN_FLAGS["A"])
    check_gradient_check_predictions(right)
    assert "4/4" in capsys.readouterr().out and flags_predicted_right(right)


@pytest.mark.parametrize(
    ("letter", "names", "fragment"),
    [
        ("A", {"W1"}, "Which of the four gradients are computed from delta1?"),
        ("D", {"W2", "b2"}, "Follow delta2 through the four steps"),
        ("B", {"b2", "W2"}, "Is that value used again afterwards?"),
        ("C", {"W2", "W1", "b1"}, "Which other gradients are computed from that?"),
        ("C", set(), "you predicted that nothing is flagged"),
    ],
)
def test_gradient_check_predictions_ask_a_question_and_never_give_the_set(letter, names, fragment):
    answer = flags_with(letter, names)
    message = fails_with(check_gradient_check_predictions, answer, fragment, f"backward pass {letter}")
    assert not flags_predicted_right(answer)
    for leak in ("{", "more than", "less than", "W1", "b1", "W2", "b2"):
        assert leak not in message.replace("dW2", ""), (leak, message)


def test_prediction_answers_of_the_wrong_kind_are_explained():
    fails_with(check_gradient_check_predictions, lambda: ["A"], "return a dict")
    fails_with(check_gradient_check_predictions, lambda: {"A": {"W1"}}, "no entry for 'B'")
    fails_with(check_gradient_check_predictions, lambda: {k: {"w1"} for k in "ABCD"}, "the parameters are W1")
