"""Backpropagation written out step by step for a two-layer network, as lesson 05 derives it.

The network is ``Z1 = X @ W1 + b1``, ``A1 = relu(Z1)``, ``Z2 = A1 @ W2 + b2``, ``P = softmax(Z2)``
with the mean categorical cross-entropy as its cost. Going backwards, each step is one function:

    delta2 = output_delta(P, y)              # dC/dZ2 = (P - onehot(y)) / n
    dW2, db2 = layer_gradients(A1, delta2)   # A1.T @ delta2 and the sum over samples
    delta1 = hidden_delta(delta2, W2, Z1)    # (delta2 @ W2.T) * relu'(Z1)
    dW1, db1 = layer_gradients(X, delta1)

:mod:`nnlib.layers` does the same for any stack of layers; this module keeps every step in sight.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlib.losses import softmax_cross_entropy

__all__ = ["dense_forward", "hidden_delta", "layer_gradients", "output_delta", "two_layer_gradients"]


def dense_forward(
    X: np.ndarray, W: np.ndarray, b: np.ndarray, activation: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """One dense layer on a batch: the weighted sums ``Z = X @ W + b`` and the activations ``A``.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_in)
    W : ndarray, shape (n_in, n_units)
    b : ndarray, shape (n_units,)
    activation : callable
        Applied to ``Z`` element by element (or row by row for softmax).

    Returns
    -------
    Z, A : ndarray, shape (n_samples, n_units)

    Examples
    --------
    >>> Z, A = dense_forward(np.array([[1.0, 2.0]]), np.array([[1.0], [-1.0]]), np.array([0.5]), np.tanh)
    >>> Z
    array([[-0.5]])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    Z = X @ W + b
    return Z, activation(Z)


def output_delta(P: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The gradient of the mean cross-entropy with respect to the output layer's weighted sums.

    Parameters
    ----------
    P : ndarray, shape (n_samples, n_classes)
        Softmax probabilities.
    y : ndarray of int, shape (n_samples,)
        The right class of each sample.

    Returns
    -------
    ndarray, shape (n_samples, n_classes)
        ``(P - onehot(y)) / n_samples``.

    Examples
    --------
    >>> output_delta(np.array([[0.25, 0.75]]), np.array([0]))
    array([[-0.75,  0.75]])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    delta = P.astype(np.float64, copy=True)
    delta[np.arange(len(y)), y] -= 1.0
    return delta / len(y)


def hidden_delta(delta2: np.ndarray, W2: np.ndarray, Z1: np.ndarray) -> np.ndarray:
    """The gradient with respect to a ReLU hidden layer's weighted sums, from the next layer's delta.

    Each hidden unit collects the blame of every output unit it feeds, weighted by the connecting
    weight (``delta2 @ W2.T``), and passes it on only if it was switched on (ReLU's slope at ``Z1``).

    Examples
    --------
    >>> hidden_delta(np.array([[0.5]]), np.array([[2.0], [-1.0]]), np.array([[1.0, -3.0]]))
    array([[ 1., -0.]])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    return (delta2 @ W2.T) * (Z1 > 0)


def layer_gradients(A_prev: np.ndarray, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The gradients of a layer's kernel and bias from its input ``A_prev`` and its delta.

    Returns
    -------
    dW : ndarray, shape (n_in, n_units)
        ``A_prev.T @ delta``: every sample's share, added up.
    db : ndarray, shape (n_units,)
        ``delta`` added up over the samples.

    Examples
    --------
    >>> dW, db = layer_gradients(np.array([[1.0, 2.0]]), np.array([[0.5]]))
    >>> dW.ravel().tolist(), db.tolist()
    ([0.5, 1.0], [0.5])

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    return A_prev.T @ delta, delta.sum(axis=0)


def two_layer_gradients(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """The cost and every gradient of the ReLU → softmax network, by the four steps above.

    Returns
    -------
    cost : float
        The mean cross-entropy.
    grads : dict
        ``{"W1": ..., "b1": ..., "W2": ..., "b2": ...}``, each shaped like its parameter.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> cost, grads = two_layer_gradients(rng.normal(size=(4, 3)), np.array([0, 1, 1, 0]),
    ...     rng.normal(size=(3, 5)), np.zeros(5), rng.normal(size=(5, 2)), np.zeros(2))
    >>> sorted(grads), grads["W1"].shape
    (['W1', 'W2', 'b1', 'b2'], (3, 5))

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    Z1, A1 = dense_forward(X, W1, b1, lambda z: np.maximum(z, 0))
    Z2 = A1 @ W2 + b2
    shifted = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    P = shifted / shifted.sum(axis=1, keepdims=True)
    delta2 = output_delta(P, y)
    dW2, db2 = layer_gradients(A1, delta2)
    delta1 = hidden_delta(delta2, W2, Z1)
    dW1, db1 = layer_gradients(X, delta1)
    return softmax_cross_entropy(y, Z2), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
