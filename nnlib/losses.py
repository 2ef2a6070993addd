"""Costs that measure how wrong a prediction is, and their derivatives.

The error of one prediction is ``y - y_hat`` (target minus output). Squaring it makes every error
count positively and punishes big errors much more than small ones; summing over the data set gives
one number to make smaller (lesson 04).

For classifiers, the cross-entropy is the negative log-likelihood of the labels under the predicted
probabilities (lesson 05): binary for one sigmoid output, categorical for a softmax over several
classes. Each is computed stably, from the logits where it can, so ``log(0)`` is never taken.
The loss objects (``get_loss("binary_crossentropy")`` and the classes below) follow Keras: names,
a mean over the batch, and a check that the labels fit the loss.

Introduced in lesson 04 (learning from error); cross-entropy in lesson 05.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from nnlib._validation import as_float_array
from nnlib.activations import ACTIVATIONS, _log_softmax, _softmax

__all__ = [
    "LOSSES",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "Loss",
    "MeanSquaredError",
    "SparseCategoricalCrossentropy",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "categorical_cross_entropy",
    "get_loss",
    "mse",
    "mse_derivative",
    "one_hot",
    "softmax_cross_entropy",
    "sse",
    "sse_derivative",
]

#: Probabilities are kept in [EPSILON, 1 - EPSILON] before a log, as Keras does.
EPSILON = 1e-7


def _pair(y: np.ndarray, y_hat: np.ndarray, func: str) -> tuple[np.ndarray, np.ndarray]:
    y = as_float_array(y, func=func, name="y")
    y_hat = as_float_array(y_hat, func=func, name="y_hat")
    if y.shape != y_hat.shape:
        raise ValueError(
            f"{func}: y and y_hat must have the same shape (one prediction per target), "
            f"got y {y.shape} and y_hat {y_hat.shape}"
        )
    return y, y_hat


def sse(y: np.ndarray, y_hat: np.ndarray) -> float:
    """Sum of squared errors: ``sum((y - y_hat) ** 2)``.

    Parameters
    ----------
    y : array_like, shape (n_samples,)
        Targets.
    y_hat : array_like, shape (n_samples,)
        Predictions.

    Returns
    -------
    float

    Examples
    --------
    >>> sse([1.0, 0.0], [0.5, 0.25])
    0.3125

    Introduced in lesson 04 (learning from error).
    """
    y, y_hat = _pair(y, y_hat, "sse")
    return float(np.sum((y - y_hat) ** 2))


def sse_derivative(y: np.ndarray, y_hat: np.ndarray) -> np.ndarray:
    """How the sum of squared errors changes with each prediction: ``2 * (y_hat - y)``.

    Positive where the prediction is too high (lowering it lowers the cost), negative where it is
    too low.

    Examples
    --------
    >>> sse_derivative([1.0, 0.0], [0.5, 0.25])
    array([-1. ,  0.5])

    Introduced in lesson 04 (learning from error).
    """
    y, y_hat = _pair(y, y_hat, "sse_derivative")
    return 2.0 * (y_hat - y)


def mse(y: np.ndarray, y_hat: np.ndarray) -> float:
    """Mean squared error: the sum of squared errors divided by the number of samples.

    Examples
    --------
    >>> mse([1.0, 0.0], [0.5, 0.25])
    0.15625

    Introduced in lesson 04 (learning from error).
    """
    y, y_hat = _pair(y, y_hat, "mse")
    return float(np.mean((y - y_hat) ** 2))


def mse_derivative(y: np.ndarray, y_hat: np.ndarray) -> np.ndarray:
    """How the mean squared error changes with each prediction: ``2 * (y_hat - y) / n_samples``.

    Examples
    --------
    >>> mse_derivative([1.0, 0.0], [0.5, 0.25])
    array([-0.5 ,  0.25])

    Introduced in lesson 04 (learning from error).
    """
    y, y_hat = _pair(y, y_hat, "mse_derivative")
    return 2.0 * (y_hat - y) / y.size


def binary_cross_entropy(y: np.ndarray, p: np.ndarray) -> float:
    """Mean binary cross-entropy ``-mean(y log p + (1 - y) log(1 - p))`` of probabilities ``p``.

    The negative log-likelihood of 0/1 labels when the model says "class 1 with probability p".
    ``p`` is clipped to ``[1e-7, 1 - 1e-7]`` first, so a confident wrong answer costs a lot
    (about 16) but never infinity.

    Examples
    --------
    >>> round(binary_cross_entropy([1.0, 0.0], [0.9, 0.2]), 4)
    0.1643
    >>> round(binary_cross_entropy([1.0], [0.0]), 2)  # log(0) is never taken
    16.12

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    y, p = _pair(y, p, "binary_cross_entropy")
    _check_binary_labels(y, "binary_cross_entropy")
    _check_probabilities(p, "binary_cross_entropy", "binary_cross_entropy_from_logits(y, z)", rows=False)
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def binary_cross_entropy_from_logits(y: np.ndarray, z: np.ndarray) -> float:
    """Mean binary cross-entropy of ``sigmoid(z)``, computed from the logits ``z`` without overflow.

    Uses ``max(z, 0) - z * y + log(1 + exp(-|z|))``, which equals the cross-entropy exactly and
    stays finite for ``z = ±1000``.

    Examples
    --------
    >>> binary_cross_entropy_from_logits([1.0, 0.0], [1000.0, -1000.0])
    0.0
    >>> binary_cross_entropy_from_logits([0.0], [1000.0])
    1000.0

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    y, z = _pair(y, z, "binary_cross_entropy_from_logits")
    _check_binary_labels(y, "binary_cross_entropy_from_logits")
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def categorical_cross_entropy(y: np.ndarray, p: np.ndarray) -> float:
    """Mean categorical cross-entropy ``-mean_i sum_k y_ik log p_ik`` for one-hot labels ``y``.

    Examples
    --------
    >>> round(categorical_cross_entropy([[0, 1, 0]], [[0.2, 0.5, 0.3]]), 4)  # -log(0.5)
    0.6931

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    y, p = _pair(y, p, "categorical_cross_entropy")
    return CategoricalCrossentropy()(y, p)


def softmax_cross_entropy(y: np.ndarray, z: np.ndarray) -> float:
    """Mean categorical cross-entropy of ``softmax(z)`` from the logits ``z``, via log-sum-exp.

    ``y`` may be one-hot (same shape as ``z``) or integer class labels of shape ``(n_samples,)``.

    Examples
    --------
    >>> softmax_cross_entropy([1], [[0.0, 1000.0]]) == 0.0
    True

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    z = as_float_array(z, func="softmax_cross_entropy", name="z", ndim=(2,))
    labels = np.asarray(y)
    loss = SparseCategoricalCrossentropy(from_logits=True) if labels.ndim == 1 else CategoricalCrossentropy(True)
    return loss(y, z)


def _check_probabilities(p: np.ndarray, func: str, instead: str, *, rows: bool) -> None:
    """Refuse predictions that are not probabilities: outside [0, 1], or (``rows``) rows not summing to 1."""
    if np.any((p < 0) | (p > 1)):
        raise ValueError(
            f"{func}: expected probabilities in [0, 1], got values from {p.min():g} to {p.max():g}. If these are "
            f"raw scores (logits, no sigmoid or softmax applied), use {instead}"
        )
    if rows:
        sums = p.sum(axis=-1)
        if not np.allclose(sums, 1.0, atol=1e-3):
            bad = sums[np.argmax(np.abs(sums - 1.0))]
            raise ValueError(
                f"{func}: expected each row of predictions to be probabilities summing to 1, got a row summing to "
                f"{bad:g}. If these are raw scores (logits, no softmax applied), use {instead}"
            )


def _check_binary_labels(y: np.ndarray, func: str) -> None:
    if np.any((y < 0) | (y > 1)):
        raise ValueError(
            f"{func}: labels y must lie in [0, 1] (probabilities of class 1), got {y.min():g} to {y.max():g}"
        )


#: The losses by their Keras names, filled by each subclass that sets ``name`` (and ``aliases``).
LOSSES: dict[str, type[Loss]] = {}


class Loss:
    """A cost for training a network: a mean over the batch, with its gradient.

    ``loss(y_true, y_pred)`` checks the labels and returns the mean cost; :meth:`gradient` returns
    ``dC/dy_pred``. When the network's last activation is the one this loss pairs with (``pairs``:
    sigmoid for binary cross-entropy, softmax for categorical), :meth:`logit_gradient` gives the
    gradient with respect to the last layer's weighted sums directly: the famous ``(y_hat - y) / n``.
    With ``from_logits=True`` the predictions are taken to be logits (no activation), Keras-style.

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    name: ClassVar[str] = "loss"
    aliases: ClassVar[tuple[str, ...]] = ()
    pairs: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            for key in (cls.name, *cls.aliases):
                LOSSES[key] = cls

    def __init__(self, from_logits: bool = False) -> None:
        if not isinstance(from_logits, (bool, np.bool_)):
            raise TypeError(f"{type(self).__name__}: from_logits must be True or False, got {from_logits!r}")
        self.from_logits = bool(from_logits)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(from_logits={self.from_logits})" if self.pairs else f"{type(self).__name__}()"

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        """The mean cost over the batch, after checking the labels and (unless ``from_logits``) that
        the predictions are probabilities."""
        y_pred = as_float_array(y_pred, func=self.name, name="y_pred")
        y = self.check_labels(y_true, y_pred)
        if self.pairs is not None and not self.from_logits:
            instead = f"{type(self).__name__}(from_logits=True)"
            _check_probabilities(y_pred, self.name, instead, rows=ACTIVATIONS[self.pairs].min_units > 1)
        return self.value(y, y_pred)

    def check_labels(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """Return the labels as an array that fits ``y_pred``, or raise a ``ValueError`` saying why not."""
        y = as_float_array(y_true, func=self.name, name="y_true")
        if y.ndim == 1 and y_pred.ndim == 2 and y_pred.shape[1] == 1:
            y = y[:, None]
        if y.shape != y_pred.shape:
            raise ValueError(
                f"{self.name}: labels of shape {y.shape} do not fit predictions of shape {y_pred.shape}; "
                "they need one label per prediction"
            )
        return y

    def value(self, y: np.ndarray, y_pred: np.ndarray) -> float:  # pragma: no cover - abstract
        """The mean cost for labels that already fit (unchecked)."""
        raise NotImplementedError

    def gradient(self, y: np.ndarray, y_pred: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """``dC/dy_pred`` for labels that already fit (unchecked)."""
        raise NotImplementedError

    def logit_gradient(self, y: np.ndarray, y_hat: np.ndarray) -> np.ndarray:
        """``dC/dz`` of the last layer, given its activations ``y_hat`` (only where ``pairs`` matches)."""
        return (y_hat - y) / y.shape[0]

    def logit_value(self, y: np.ndarray, z: np.ndarray, logsumexp: np.ndarray | None = None) -> float:
        """The mean cost from the last layer's logits ``z`` (only where ``pairs`` matches)."""
        return type(self)(from_logits=True).value(y, z)


class MeanSquaredError(Loss):
    """``mse``: the mean of the squared errors over all outputs (Keras's ``"mse"``).

    Examples
    --------
    >>> MeanSquaredError()(np.array([[1.0], [0.0]]), np.array([[0.5], [0.5]]))
    0.25

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    name = "mse"
    aliases = ("mean_squared_error",)

    def value(self, y, y_pred):
        return float(np.mean((y_pred - y) ** 2))

    def gradient(self, y, y_pred):
        return 2.0 * (y_pred - y) / y.size


class BinaryCrossentropy(Loss):
    """``binary_crossentropy``: 0/1 labels against one sigmoid output per label.

    Examples
    --------
    >>> round(BinaryCrossentropy()(np.array([1.0, 0.0]), np.array([[0.9], [0.2]])), 4)
    0.1643

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    name = "binary_crossentropy"
    pairs = "sigmoid"

    def check_labels(self, y_true, y_pred):
        y = super().check_labels(y_true, y_pred)
        _check_binary_labels(y, self.name)
        return y

    def value(self, y, y_pred):
        if self.from_logits:
            z = y_pred
            return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))

    def gradient(self, y, y_pred):
        if self.from_logits:
            return (ACTIVATIONS["sigmoid"].forward(y_pred) - y) / y.size
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return (p - y) / (p * (1 - p)) / y.size

    def logit_gradient(self, y, y_hat):
        return (y_hat - y) / y.size


class CategoricalCrossentropy(Loss):
    """``categorical_crossentropy``: one-hot labels ``(n_samples, n_classes)`` against a softmax output.

    Examples
    --------
    >>> CategoricalCrossentropy()([1, 2], np.full((2, 3), 1 / 3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: categorical_crossentropy: expected one-hot labels of shape (2, 3), got integer labels ...

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    name = "categorical_crossentropy"
    pairs = "softmax"

    def check_labels(self, y_true, y_pred):
        y = as_float_array(y_true, func=self.name, name="y_true")
        if y_pred.ndim != 2:
            raise ValueError(f"{self.name}: expected predictions of shape (n_samples, n_classes), got {y_pred.shape}")
        if y.ndim == 1 and y.shape[0] == y_pred.shape[0]:
            raise ValueError(
                f"{self.name}: expected one-hot labels of shape {y_pred.shape}, got integer labels of shape "
                f"{y.shape}; use sparse_categorical_crossentropy for integer labels"
            )
        if y.shape != y_pred.shape:
            raise ValueError(f"{self.name}: expected one-hot labels of shape {y_pred.shape}, got shape {y.shape}")
        if np.any((y < 0) | (y > 1)) or not np.allclose(y.sum(axis=1), 1.0):
            raise ValueError(f"{self.name}: each row of the labels must be one-hot (or probabilities summing to 1)")
        return y

    def value(self, y, y_pred):
        if self.from_logits:
            return self.value_from_logits(y, y_pred)
        p = np.clip(y_pred, EPSILON, 1.0)
        return float(-np.sum(y * np.log(p)) / y.shape[0])

    def gradient(self, y, y_pred):
        if self.from_logits:
            return (_softmax(y_pred) - y) / y.shape[0]
        return -y / np.clip(y_pred, EPSILON, 1.0) / y.shape[0]

    def logit_value(self, y, z, logsumexp=None):
        if logsumexp is None:
            return self.value_from_logits(y, z)
        return float(np.sum(y * (logsumexp - z)) / y.shape[0])  # -sum y log softmax(z), rows of y sum to 1

    def value_from_logits(self, y: np.ndarray, z: np.ndarray) -> float:
        """Mean cross-entropy of ``softmax(z)`` computed with log-sum-exp (no ``log(0)``)."""
        return float(-np.sum(y * _log_softmax(z)) / y.shape[0])


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """``sparse_categorical_crossentropy``: integer labels ``(n_samples,)`` against a softmax output.

    The same cost as the categorical one, with each label written as its class number instead of a
    one-hot row (``2`` instead of ``[0, 0, 1]``).

    Examples
    --------
    >>> round(SparseCategoricalCrossentropy()(np.array([1]), np.array([[0.2, 0.5, 0.3]])), 4)
    0.6931

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """

    name = "sparse_categorical_crossentropy"

    def check_labels(self, y_true, y_pred):
        labels = as_float_array(y_true, func=self.name, name="y_true")
        if y_pred.ndim != 2:
            raise ValueError(f"{self.name}: expected predictions of shape (n_samples, n_classes), got {y_pred.shape}")
        n, k = y_pred.shape
        if labels.ndim == 2 and labels.shape == (n, k):
            raise ValueError(
                f"{self.name}: expected integer class labels of shape ({n},), got one-hot labels of shape "
                f"{labels.shape}; use categorical_crossentropy for one-hot labels"
            )
        if labels.ndim == 2 and labels.shape == (n, 1):
            labels = labels[:, 0]
        if labels.shape != (n,):
            raise ValueError(f"{self.name}: expected integer class labels of shape ({n},), got shape {labels.shape}")
        if np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= k:
            raise ValueError(
                f"{self.name}: labels must be whole class numbers from 0 to {k - 1} (the model has {k} outputs), "
                f"got values from {labels.min():g} to {labels.max():g}"
            )
        return _one_hot(labels.astype(np.intp), k, y_pred.dtype)


def one_hot(labels: np.ndarray, n_classes: int, dtype: type = np.float64) -> np.ndarray:
    """Integer class labels ``(n,)`` as one-hot rows ``(n, n_classes)``.

    Examples
    --------
    >>> one_hot(np.array([2, 0]), 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    >>> one_hot([-1], 3)
    Traceback (most recent call last):
    ...
    ValueError: one_hot: labels must be whole class numbers from 0 to 2, got values from -1 to -1

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"one_hot: n_classes must be a positive whole number, got {n_classes!r}")
    labels = as_float_array(labels, func="one_hot", name="labels", ndim=(1,))
    if np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(
            f"one_hot: labels must be whole class numbers from 0 to {n_classes - 1}, "
            f"got values from {labels.min():g} to {labels.max():g}"
        )
    return _one_hot(labels.astype(np.intp), n_classes, dtype)


def _one_hot(labels: np.ndarray, n_classes: int, dtype: type) -> np.ndarray:
    """One-hot rows for labels already checked to be class numbers (unchecked kernel)."""
    out = np.zeros((labels.shape[0], n_classes), dtype=dtype)
    out[np.arange(labels.shape[0]), labels] = 1
    return out


def get_loss(loss: str | Loss) -> Loss:
    """A loss object from its Keras name (or the object itself).

    Examples
    --------
    >>> get_loss("binary_crossentropy")
    BinaryCrossentropy(from_logits=False)
    >>> get_loss("hinge")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: get_loss: unknown loss 'hinge'; choose one of mse, mean_squared_error, binary_crossentropy, ...

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if isinstance(loss, Loss):
        return loss
    if isinstance(loss, str) and loss.lower() in LOSSES:
        return LOSSES[loss.lower()]()
    raise ValueError(f"get_loss: unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
