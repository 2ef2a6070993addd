"""Backpropagation written out step by step for a two-layer network, as lesson 05 derives it.

The network is ``Z1 = X @ W1 + b1``, ``A1 = relu(Z1)``, ``Z2 = A1 @ W2 + b2``, ``P = softmax(Z2)``
with the mean categorical cross-entropy as its cost. Going backwards, each step is one function:

    delta2 = output_delta(P, y)              # dC/dZ2 = (P - onehot(y)) / n
    dW2, db2 = layer_gradients(A1, delta2)   # A1.T @ delta2 and the sum over samples
    delta1 = hidden_delta(delta2, W2, Z1)    # (delta2 @ W2.T) * relu'(Z1)
    dW1, db1 = layer_gradients(X, delta1)

``network_forward``, ``network_gradients`` and ``train_network`` run the same steps for any number of
layers (ReLU hidden layers, softmax output), the network a learner of lesson 05 assembles from these
pieces. :mod:`nnlib.layers` does the same for any stack of layers and activations; this module keeps
every step in sight.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlib.losses import softmax_cross_entropy

__all__ = [
    "dense_forward",
    "hidden_delta",
    "layer_gradients",
    "network_forward",
    "network_gradients",
    "output_delta",
    "train_network",
    "two_layer_gradients",
]

#: A network for :func:`network_forward`: one ``(W, b)`` pair per layer, first layer first.
Layers = list[tuple[np.ndarray, np.ndarray]]


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


def relu(z: np.ndarray) -> np.ndarray:
    """``max(z, 0)`` entry by entry (lesson 03's ReLU), as the hidden activation of this module's networks."""
    return np.maximum(z, 0)


def network_forward(
    X: np.ndarray, layers: Layers, activation: Callable[[np.ndarray], np.ndarray]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The forward pass through any number of dense layers, keeping what backpropagation needs.

    Every layer but the last applies ``activation`` to its weighted sums; the last layer's sums (the
    logits) are kept as they are.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    layers : list of (W, b) pairs, first layer first
    activation : callable
        The hidden layers' activation.

    Returns
    -------
    list of (A_prev, Z) pairs, one per layer
        ``A_prev`` is what went into the layer (``X`` for the first), ``Z`` its weighted sums; the
        last ``Z`` is the network's output.

    Examples
    --------
    >>> layers = [(np.ones((2, 3)), np.zeros(3)), (np.ones((3, 1)), np.array([-1.0]))]
    >>> cache = network_forward(np.array([[1.0, -2.0]]), layers, relu)
    >>> [Z.tolist() for _, Z in cache]
    [[[-1.0, -1.0, -1.0]], [[-1.0]]]

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    cache, A = [], X
    for number, (W, b) in enumerate(layers, start=1):
        Z = A @ W + b
        cache.append((A, Z))
        A = activation(Z) if number < len(layers) else Z
    return cache


def network_gradients(X: np.ndarray, y: np.ndarray, layers: Layers) -> tuple[float, Layers]:
    """The mean cross-entropy of a ReLU network with a softmax output, and every gradient.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    y : ndarray of int, shape (n_samples,)
        The right class of each sample.
    layers : list of (W, b) pairs, first layer first

    Returns
    -------
    cost : float
    grads : list of (dW, db) pairs
        One per layer, in the same order, each shaped like its parameter.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> layers = [(rng.normal(size=(2, 4)), np.zeros(4)), (rng.normal(size=(4, 2)), np.zeros(2))]
    >>> cost, grads = network_gradients(rng.normal(size=(5, 2)), np.array([0, 1, 1, 0, 1]), layers)
    >>> [dW.shape for dW, _ in grads]
    [(2, 4), (4, 2)]

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    cache = network_forward(X, layers, relu)
    logits = cache[-1][1]
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    delta = output_delta(shifted / shifted.sum(axis=1, keepdims=True), y)
    grads = []
    for number in range(len(layers) - 1, -1, -1):
        A_prev, _ = cache[number]
        grads.append(layer_gradients(A_prev, delta))
        if number > 0:
            delta = hidden_delta(delta, layers[number][0], cache[number - 1][1])
    return softmax_cross_entropy(y, logits), grads[::-1]


def train_network(X: np.ndarray, y: np.ndarray, layers: Layers, lr: float, epochs: int) -> list[float]:
    """Full-batch gradient descent on :func:`network_gradients`; the layers' arrays change in place.

    Returns
    -------
    list of float
        The cost before each epoch's step.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> layers = [(rng.normal(size=(2, 8)), np.zeros(8)), (rng.normal(size=(8, 2)), np.zeros(2))]
    >>> costs = train_network(np.eye(2), np.array([0, 1]), layers, lr=0.5, epochs=50)
    >>> costs[-1] < costs[0]
    True

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    costs = []
    for _ in range(epochs):
        cost, grads = network_gradients(X, y, layers)
        costs.append(cost)
        for (W, b), (dW, db) in zip(layers, grads, strict=True):
            W -= lr * dW
            b -= lr * db
    return costs
