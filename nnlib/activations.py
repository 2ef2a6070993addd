"""Activation functions and their derivatives: sigmoid, tanh, ReLU, and softmax for several classes.

Each activation is written once, in the registry :data:`ACTIVATIONS` (name -> formula and slope),
and everything else uses it: the layers (``Dense(8, activation="tanh")``), the losses, autograd's
``Value``/``Tensor`` and the checks. The public functions below (``sigmoid``, ``relu``, ...) are the
registry's kernels with an input check in front.

Every function takes a number or an array of any shape and returns the same shape. They are
numerically stable: ``sigmoid(-1000)`` is ``0.0`` and ``sigmoid(1000)`` is ``1.0``, with no overflow
warning, because ``exp`` is only ever called on non-positive numbers.

Introduced in lesson 03 (predicting with a sigmoid neuron); ReLU, tanh and softmax are used from lesson 05.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnlib._validation import as_float_array

__all__ = [
    "ACTIVATIONS",
    "ActivationFunction",
    "get_activation",
    "log_softmax",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "tanh",
    "tanh_derivative",
]


@dataclass(frozen=True)
class ActivationFunction:
    """One activation: its formula and its slope, as unchecked kernels on arrays.

    Attributes
    ----------
    name : str
        The name layers accept, as in Keras (``"relu"``).
    forward : callable
        ``a = f(z)``, element by element (or row by row for softmax).
    slope : callable or None
        ``f'(z)`` element by element, computed from ``z`` and ``a = f(z)`` (whichever is cheaper).
        ``None`` for softmax, whose outputs depend on each other: see ``backward``.
    probabilities : bool
        True when every output lies in [0, 1] (sigmoid, softmax), so a cross-entropy can read them.
    min_units : int
        The fewest outputs it makes sense on (softmax over one unit is always 1).

    Examples
    --------
    >>> relu_fn = ACTIVATIONS["relu"]
    >>> z = np.array([-1.0, 2.0])
    >>> relu_fn.forward(z), relu_fn.backward(z, relu_fn.forward(z), np.ones(2))
    (array([0., 2.]), array([0., 1.]))

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
    probabilities: bool = False
    min_units: int = 1

    def backward(self, z: np.ndarray, a: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """The gradient with respect to ``z`` from ``grad``, the gradient with respect to ``a = f(z)``."""
        if self.slope is None:  # softmax: the Jacobian times grad, row by row, without building it
            return a * (grad - np.sum(grad * a, axis=-1, keepdims=True))
        return grad * self.slope(z, a)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """``f'(z)`` element by element (not defined for softmax)."""
        if self.slope is None:
            raise ValueError(f"{self.name}: has no element-wise derivative (each output depends on the whole row)")
        return self.slope(z, self.forward(z))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))`` as ``exp(z) / (1 + exp(z))`` where ``z < 0``: ``exp`` never overflows."""
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, unchecked: the kernel that layers and losses call in training loops."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """Log-softmax over the last axis via a shifted log-sum-exp, unchecked (never takes log(0))."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


#: Every activation by name. To add one, add one entry here (and, if lessons call it by itself, a
#: checked public function below); layers, losses, autograd and the checks pick it up.
ACTIVATIONS: dict[str, ActivationFunction] = {
    entry.name: entry
    for entry in (
        ActivationFunction("linear", lambda z: z, lambda z, a: 1.0),
        ActivationFunction("relu", lambda z: np.maximum(z, 0), lambda z, a: z > 0),
        ActivationFunction("sigmoid", _sigmoid, lambda z, a: a * (1 - a), probabilities=True),
        ActivationFunction("tanh", np.tanh, lambda z, a: 1 - a * a),
        ActivationFunction("softmax", _softmax, None, probabilities=True, min_units=2),
    )
}


def get_activation(activation: str | None, owner: str = "get_activation") -> ActivationFunction:
    """The registry entry for a name (``None`` means ``"linear"``), or a ``ValueError`` listing the names.

    Examples
    --------
    >>> get_activation("tanh").name
    'tanh'
    >>> get_activation("swish", "Dense(4)")
    Traceback (most recent call last):
    ...
    ValueError: Dense(4): unknown activation 'swish'; choose one of linear, relu, sigmoid, tanh, softmax or None

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if activation is None:
        return ACTIVATIONS["linear"]
    if not isinstance(activation, str) or activation.lower() not in ACTIVATIONS:
        raise ValueError(f"{owner}: unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)} or None")
    return ACTIVATIONS[activation.lower()]


def _unwrap(result: np.ndarray) -> float | np.ndarray:
    return float(result) if result.ndim == 0 else result


def sigmoid(z: float | np.ndarray) -> float | np.ndarray:
    """The logistic sigmoid ``1 / (1 + exp(-z))``: squashes any number into (0, 1).

    Computed as ``exp(z) / (1 + exp(z))`` where ``z < 0``, so ``exp`` never overflows.

    Parameters
    ----------
    z : float or array_like
        Weighted sums, any shape.

    Returns
    -------
    float or ndarray
        Values in [0, 1] with the shape of ``z``; read as the probability of class 1.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid(np.array([-1000.0, 1000.0]))
    array([0., 1.])

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    return _unwrap(_sigmoid(as_float_array(z, func="sigmoid", name="z")))


def sigmoid_derivative(z: float | np.ndarray) -> float | np.ndarray:
    """The slope of the sigmoid at ``z``: ``s(z) * (1 - s(z))``, largest (0.25) at ``z = 0``.

    Examples
    --------
    >>> sigmoid_derivative(0.0)
    0.25

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    return _unwrap(ACTIVATIONS["sigmoid"].derivative(as_float_array(z, func="sigmoid_derivative", name="z")))


def tanh(z: float | np.ndarray) -> float | np.ndarray:
    """The hyperbolic tangent: squashes any number into (-1, 1); ``tanh(z) = 2 * sigmoid(2z) - 1``.

    Examples
    --------
    >>> tanh(0.0)
    0.0

    Introduced in lesson 03 (predicting with a sigmoid neuron); used in lesson 05.
    """
    return _unwrap(np.tanh(as_float_array(z, func="tanh", name="z")))


def tanh_derivative(z: float | np.ndarray) -> float | np.ndarray:
    """The slope of tanh at ``z``: ``1 - tanh(z)**2``.

    Examples
    --------
    >>> tanh_derivative(0.0)
    1.0

    Introduced in lesson 03 (predicting with a sigmoid neuron); used in lesson 05.
    """
    return _unwrap(ACTIVATIONS["tanh"].derivative(as_float_array(z, func="tanh_derivative", name="z")))


def relu(z: float | np.ndarray) -> float | np.ndarray:
    """The rectified linear unit ``max(0, z)``: negative sums are switched off.

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])

    Introduced in lesson 03 (predicting with a sigmoid neuron); used from lesson 05.
    """
    return _unwrap(ACTIVATIONS["relu"].forward(as_float_array(z, func="relu", name="z")))


def relu_derivative(z: float | np.ndarray) -> float | np.ndarray:
    """The slope of ReLU: 1 where ``z > 0``, else 0 (we take 0 at the kink, ``z = 0``).

    Examples
    --------
    >>> relu_derivative(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])

    Introduced in lesson 03 (predicting with a sigmoid neuron); used from lesson 05.
    """
    z = as_float_array(z, func="relu_derivative", name="z")
    return _unwrap(ACTIVATIONS["relu"].derivative(z).astype(np.float64))


def softmax(z: np.ndarray) -> np.ndarray:
    """Turn each row of scores (logits) into probabilities that are positive and add up to 1.

    ``softmax(z)_k = exp(z_k) / sum_j exp(z_j)``, computed after subtracting each row's largest score
    (which changes nothing mathematically), so ``exp`` never overflows, even for logits of 1000.

    Parameters
    ----------
    z : array_like, shape (n_classes,) or (n_samples, n_classes)
        Scores, one per class (and per sample).

    Returns
    -------
    ndarray, same shape as ``z``
        Each row sums to 1.

    Examples
    --------
    >>> softmax(np.array([1.0, 1.0]))
    array([0.5, 0.5])
    >>> softmax(np.array([[1000.0, 0.0]])).round(6)
    array([[1., 0.]])

    Introduced in lesson 05 (multi-layer networks).
    """
    return _softmax(as_float_array(z, func="softmax", name="z", ndim=(1, 2)))


def log_softmax(z: np.ndarray) -> np.ndarray:
    """The logarithm of :func:`softmax`, computed without ever taking ``log(0)``.

    ``log_softmax(z)_k = z_k - logsumexp(z)``, with the log-sum-exp shifted by the row's maximum.
    This is what a stable cross-entropy uses: ``log(softmax(z))`` would give ``-inf`` once a
    probability rounds to 0.

    Examples
    --------
    >>> log_softmax(np.array([0.0, 1000.0])).round(3)
    array([-1000.,     0.])

    Introduced in lesson 05 (multi-layer networks).
    """
    return _log_softmax(as_float_array(z, func="log_softmax", name="z", ndim=(1, 2)))
