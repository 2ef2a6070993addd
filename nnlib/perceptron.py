"""Rosenblatt's perceptron: a step neuron that learns its weights from labelled examples.

The perceptron predicts like the neuron of lesson 01, ``y_hat = step(x @ w + b)``, and learns with
one rule, applied to one example at a time::

    w <- w + lr * (y - y_hat) * x
    b <- b + lr * (y - y_hat)

When the prediction is right, ``y - y_hat`` is 0 and nothing changes. When the neuron stayed silent
on a 1, the input is added to the weights (the line turns towards the point); when it fired on a 0,
the input is subtracted. On linearly separable data this stops after finitely many mistakes
(Novikoff, 1962); on XOR it never stops.

Introduced in lesson 02 (the perceptron learns).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlib._validation import as_finite_number, as_float_array, as_learning_rate, as_positive_int
from nnlib.datasets import as_rng
from nnlib.neuron import step

__all__ = ["Perceptron", "Update", "predict", "trace_updates", "train_perceptron", "update"]


def _check_X_y(X: object, y: object, func: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate a data set: ``X`` of shape (n_samples, n_features), ``y`` of 0/1 labels, one per row."""
    X = as_float_array(X, func=func, name="X", ndim=(2,))
    y = as_float_array(y, func=func, name="y", ndim=(1,))
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{func}: X has {X.shape[0]} samples (shape {X.shape}) but y has {y.shape[0]} labels "
            f"(shape {y.shape}); they need one label per row of X"
        )
    labels = np.unique(y)
    if not np.all(np.isin(labels, (0.0, 1.0))):
        found = ", ".join(f"{v:g}" for v in labels)
        raise ValueError(
            f"{func}: y must hold only the labels 0 and 1, found {found}"
            + (" (for -1/+1 labels use (y + 1) // 2)" if -1.0 in labels else "")
        )
    return X, y.astype(np.int64)


def _check_w_b(w: object, b: object, n_features: int, func: str) -> tuple[np.ndarray, float]:
    w = as_float_array(w, func=func, name="w", ndim=(1,))
    b = as_finite_number(b, func=func, name="b")
    if w.shape[0] != n_features:
        raise ValueError(
            f"{func}: x has {n_features} features but w has {w.shape[0]} weights (shape {w.shape}); "
            "they need one weight per feature"
        )
    return w, b


def predict(X: np.ndarray, w: np.ndarray, b: float) -> int | np.ndarray:
    """The perceptron's prediction rule: 1 where ``x @ w + b >= 0``, else 0.

    Parameters
    ----------
    X : array_like, shape (n_features,) or (n_samples, n_features)
        One input vector, or a batch with one per row.
    w : array_like, shape (n_features,)
    b : float

    Returns
    -------
    int or ndarray of int, shape (n_samples,)
        The predicted label(s), 0 or 1.

    Examples
    --------
    >>> predict([[0, 0], [1, 1]], [1.0, 1.0], -1.5)
    array([0, 1])

    Introduced in lesson 02 (the perceptron learns).
    """
    X = as_float_array(X, func="predict", name="X", ndim=(1, 2))
    w, b = _check_w_b(w, b, X.shape[-1], "predict")
    return step(X @ w + b)


def update(x: np.ndarray, y: int, w: np.ndarray, b: float, lr: float = 1.0) -> tuple[np.ndarray, float]:
    """One step of Rosenblatt's rule for one example ``(x, y)``; returns the new ``(w, b)``.

    ``w + lr * (y - y_hat) * x`` and ``b + lr * (y - y_hat)``, where ``y_hat`` is the current
    prediction for ``x``. The arrays passed in are not modified.

    Parameters
    ----------
    x : array_like, shape (n_features,)
    y : int, 0 or 1
        The right label for ``x``.
    w : array_like, shape (n_features,)
    b : float
    lr : float, default 1.0
        The learning rate: how far one mistake moves the weights.

    Returns
    -------
    w : ndarray, shape (n_features,)
    b : float

    Examples
    --------
    >>> update([1.0, 2.0], 1, [0.0, 0.0], -1.0, lr=0.5)  # silent on a 1: add half of x
    (array([0.5, 1. ]), -0.5)

    Introduced in lesson 02 (the perceptron learns).
    """
    x = as_float_array(x, func="update", name="x", ndim=(1,))
    w, b = _check_w_b(w, b, x.shape[0], "update")
    lr = as_learning_rate(lr, func="update")
    y = as_finite_number(y, func="update", name="y")
    if y not in (0.0, 1.0):
        raise ValueError(f"update: y must be the label 0 or 1, found {y:g}")
    error = y - step(x @ w + b)
    return w + lr * error * x, b + lr * error


def train_perceptron(
    X: np.ndarray, y: np.ndarray, lr: float = 1.0, n_epochs: int = 100
) -> tuple[np.ndarray, float, list[int]]:
    """Train a perceptron from zero weights, visiting the samples in order, epoch after epoch.

    Stops early after the first epoch with no mistakes (the data is then separated).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like of 0/1, shape (n_samples,)
    lr : float, default 1.0
    n_epochs : int, default 100
        The most passes over the data.

    Returns
    -------
    w : ndarray, shape (n_features,)
    b : float
    mistakes : list of int, one per epoch run
        How many samples were misclassified (and so caused an update) in each epoch.

    Examples
    --------
    >>> w, b, mistakes = train_perceptron([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1])
    >>> w, b, mistakes
    (array([2., 1.]), -3.0, [2, 3, 3, 2, 1, 0])

    Introduced in lesson 02 (the perceptron learns).
    """
    X, y = _check_X_y(X, y, "train_perceptron")
    lr = as_learning_rate(lr, func="train_perceptron")
    n_epochs = as_positive_int(n_epochs, func="train_perceptron", name="n_epochs")
    model = Perceptron(lr=lr)._fit(X, y, n_epochs, None)
    return model.weights_.copy(), model.bias_, list(model.mistakes_)


class Perceptron:
    """Rosenblatt's perceptron, with a scikit-learn/Keras-like ``fit``/``predict``/``score``.

    Parameters
    ----------
    lr : float, default 1.0
        The learning rate.
    init : {"zeros", "random"}, default "zeros"
        Start from zero weights and bias, or from small random ones drawn with ``fit``'s ``rng``.

    Attributes (after ``fit``)
    --------------------------
    weights_ : ndarray, shape (n_features,)
    bias_ : float
    mistakes_ : list of int
        Misclassified samples in each epoch; the last is 0 if training converged.
    history_ : list of (ndarray, float)
        ``(w, b)`` before the first epoch and after every epoch (``len(mistakes_) + 1`` entries).
    converged_ : bool
        Whether an epoch went by without a mistake.

    Examples
    --------
    >>> from nnlib.datasets import logic_gate
    >>> X, y = logic_gate("OR")
    >>> model = Perceptron().fit(X, y)
    >>> model.predict(X), model.score(X, y), model.mistakes_
    (array([0, 1, 1, 1]), 1.0, [2, 2, 1, 0])

    Introduced in lesson 02 (the perceptron learns).
    """

    def __init__(self, lr: float = 1.0, init: str = "zeros") -> None:
        self.lr = as_learning_rate(lr, func="Perceptron")
        if init not in ("zeros", "random"):
            raise ValueError(f"Perceptron: init must be 'zeros' or 'random', got {init!r}")
        self.init = init

    def fit(
        self, X: np.ndarray, y: np.ndarray, epochs: int = 100, rng: np.random.Generator | int | None = None
    ) -> Perceptron:
        """Learn ``weights_`` and ``bias_`` from ``X`` (n_samples, n_features) and 0/1 labels ``y``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like of 0/1, shape (n_samples,)
        epochs : int, default 100
            The most passes over the data; training stops after the first epoch with no mistake.
        rng : numpy.random.Generator or int, optional
            Without it the samples are visited in the order given (fully deterministic). With it, in
            a new random order each epoch, and ``init="random"`` draws the starting weights from it.

        Returns
        -------
        Perceptron
            ``self``, so that ``Perceptron().fit(X, y).predict(X)`` works.
        """
        X, y = _check_X_y(X, y, "Perceptron.fit")
        epochs = as_positive_int(epochs, func="Perceptron.fit", name="epochs")
        if rng is not None:
            rng = as_rng(rng, "Perceptron.fit")
        return self._fit(X, y, epochs, rng)

    def _fit(self, X: np.ndarray, y: np.ndarray, epochs: int, rng: np.random.Generator | None) -> Perceptron:
        """``fit`` after its input checks (``train_perceptron`` checks with its own name, then calls this)."""
        if self.init == "random":
            if rng is None:
                raise ValueError("Perceptron.fit: init='random' needs a random generator, e.g. rng=0")
            w, b = rng.normal(0.0, 0.5, size=X.shape[1]), float(rng.normal(0.0, 0.5))
        else:
            w, b = np.zeros(X.shape[1]), 0.0
        self.history_ = [(w.copy(), b)]
        self.mistakes_ = []
        self.converged_ = False
        for _ in range(int(epochs)):
            order = np.arange(len(y)) if rng is None else rng.permutation(len(y))
            mistakes = 0
            for i in order:  # one example at a time: each update changes the next prediction
                error = y[i] - (1 if X[i] @ w + b >= 0 else 0)
                if error:
                    w = w + self.lr * error * X[i]
                    b = b + self.lr * error
                    mistakes += 1
            self.mistakes_.append(mistakes)
            self.history_.append((w.copy(), float(b)))
            if mistakes == 0:
                self.converged_ = True
                break
        self.weights_, self.bias_ = w, float(b)
        return self

    def _fitted(self, func: str) -> None:
        if not hasattr(self, "weights_"):
            raise RuntimeError(f"Perceptron.{func}: call fit(X, y) first")

    def predict(self, X: np.ndarray) -> int | np.ndarray:
        """Predicted labels (0/1) for one input vector or each row of ``X`` (n_samples, n_features)."""
        self._fitted("predict")
        X = as_float_array(X, func="Perceptron.predict", name="X", ndim=(1, 2))
        if X.shape[-1] != self.weights_.shape[0]:
            raise ValueError(
                f"Perceptron.predict: X has {X.shape[-1]} features (shape {X.shape}) but the model "
                f"was trained on {self.weights_.shape[0]}"
            )
        return step(X @ self.weights_ + self.bias_)

    def score(self, X: np.ndarray, y: np.ndarray) -> float:
        """The fraction of samples in ``X`` that the perceptron labels correctly (its accuracy)."""
        X, y = _check_X_y(X, y, "Perceptron.score")
        return float(np.mean(self.predict(X) == y))

    def __repr__(self) -> str:
        if not hasattr(self, "weights_"):
            return f"Perceptron(lr={self.lr:g}, init={self.init!r})"
        weights = ", ".join(f"{v:.4g}" for v in self.weights_)
        return f"Perceptron(lr={self.lr:g}, weights_=[{weights}], bias_={self.bias_:.4g})"


@dataclass(frozen=True)
class Update:
    """One look at one example during training (see ``trace_updates``).

    Introduced in lesson 02 (the perceptron learns).
    """

    epoch: int  # 1-based
    index: int  # which row of X
    x: np.ndarray
    y: int
    y_hat: int
    w_before: np.ndarray
    b_before: float
    w_after: np.ndarray
    b_after: float

    @property
    def mistake(self) -> bool:
        """Whether the prediction was wrong (and so the weights moved)."""
        return self.y != self.y_hat


def trace_updates(X: np.ndarray, y: np.ndarray, lr: float = 1.0, n_epochs: int = 10) -> list[Update]:
    """Every step of ``train_perceptron``, one example at a time, for stepping through training.

    Stops after the first epoch with no mistakes, like ``train_perceptron``.

    Returns
    -------
    list of Update
        One entry per example looked at, in order.

    Examples
    --------
    >>> steps = trace_updates([[0, 0], [1, 1]], [0, 1])
    >>> [(s.epoch, s.index, s.y_hat, s.mistake) for s in steps]
    [(1, 0, 1, True), (1, 1, 0, True), (2, 0, 1, True), (2, 1, 1, False), (3, 0, 0, False), (3, 1, 1, False)]

    Introduced in lesson 02 (the perceptron learns).
    """
    X, y = _check_X_y(X, y, "trace_updates")
    lr = as_learning_rate(lr, func="trace_updates")
    n_epochs = as_positive_int(n_epochs, func="trace_updates", name="n_epochs")
    w, b = np.zeros(X.shape[1]), 0.0
    steps = []
    for epoch in range(1, n_epochs + 1):
        mistakes = 0
        for i in range(len(y)):
            y_hat = 1 if X[i] @ w + b >= 0 else 0
            error = int(y[i]) - y_hat
            w_new, b_new = w + lr * error * X[i], b + lr * error
            steps.append(Update(epoch, i, X[i].copy(), int(y[i]), y_hat, w, b, w_new, float(b_new)))
            w, b = w_new, float(b_new)
            mistakes += error != 0
        if mistakes == 0:
            break
    return steps
