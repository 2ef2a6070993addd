"""Cross-entropy and softmax (lesson 05): exact values, stability at extreme logits, label checks."""

import warnings

import numpy as np
import pytest

from nnlib.activations import log_softmax, softmax
from nnlib.losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    get_loss,
    one_hot,
    softmax_cross_entropy,
)


def test_binary_cross_entropy_is_the_negative_log_likelihood():
    assert binary_cross_entropy([1.0], [0.8]) == pytest.approx(-np.log(0.8))
    assert binary_cross_entropy([0.0], [0.8]) == pytest.approx(-np.log(0.2))
    assert binary_cross_entropy([1.0, 0.0], [0.9, 0.2]) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)


def test_from_logits_equals_from_probabilities():
    z = np.array([-3.0, -0.5, 0.0, 2.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    p = 1 / (1 + np.exp(-z))
    assert binary_cross_entropy_from_logits(y, z) == pytest.approx(binary_cross_entropy(y, p), rel=1e-12)
    logits = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    labels = np.array([1, 2])
    assert softmax_cross_entropy(labels, logits) == pytest.approx(
        categorical_cross_entropy(one_hot(labels, 3), softmax(logits)), rel=1e-12
    )
    assert softmax_cross_entropy(one_hot(labels, 3), logits) == pytest.approx(softmax_cross_entropy(labels, logits))


def test_extreme_logits_give_exact_finite_costs_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert binary_cross_entropy_from_logits([1.0, 0.0], [1000.0, -1000.0]) == 0.0
        assert binary_cross_entropy_from_logits([0.0], [1000.0]) == 1000.0
        assert softmax_cross_entropy([0], [[-1000.0, 1000.0]]) == 2000.0
        assert np.isfinite(binary_cross_entropy([1.0], [0.0]))  # clipped: log(0) is never taken
        assert np.allclose(log_softmax(np.array([[0.0, 1000.0]])), [[-1000.0, 0.0]])
        assert np.allclose(softmax(np.array([1000.0, -1000.0])), [1.0, 0.0])


def test_softmax_rows_sum_to_one_and_keep_order():
    p = softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.all(np.diff(p[0]) > 0) and np.allclose(p[1], 1 / 3)


def test_losses_are_means_over_the_batch_as_in_keras():
    loss = get_loss("sparse_categorical_crossentropy")
    p = np.array([[0.5, 0.5], [0.9, 0.1]])
    assert loss(np.array([0, 0]), p) == pytest.approx(-(np.log(0.5) + np.log(0.9)) / 2)
    assert get_loss("mse")(np.array([[1.0], [0.0]]), np.array([[0.0], [0.0]])) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: binary_cross_entropy([2.0], [0.5]), "labels y must lie in \\[0, 1\\]"),
        (lambda: binary_cross_entropy([1.0, 0.0], [0.5]), "same shape"),
        (lambda: categorical_cross_entropy([[1, 1, 0]], [[0.2, 0.5, 0.3]]), "one-hot"),
        (lambda: softmax([["a"]]), "must be numbers"),
        (lambda: get_loss(3), "unknown loss 3"),
    ],
)
def test_bad_labels_are_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
