"""Gradient descent: turn a neuron's error into better weights, one small step at a time.

For a sigmoid neuron ``y_hat = sigmoid(X @ w + b)`` and the sum of squared errors, the chain rule
gives the slope of the cost with respect to each weight::

    dC/dw = X.T @ (2 * (y_hat - y) * y_hat * (1 - y_hat))      dC/db = sum(same factor)

and gradient descent steps against it: ``w -= lr * dC/dw``. The classic "error-weighted derivative"
update ``w += X.T @ (error * y_hat * (1 - y_hat))`` is the same step for half the sum of squared
errors with ``lr = 1``.

Introduced in lesson 04 (learning from error).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnlib._validation import as_finite_number, as_float_array, as_learning_rate, as_positive_int
from nnlib.activations import sigmoid
from nnlib.datasets import as_rng

__all__ = [
    "DivergenceError",
    "TrainingHistory",
    "gradient_descent",
    "gradient_step",
    "neuron_gradient",
    "train_error_weighted",
    "train_neuron",
]


#: Beyond this |z| the sigmoid's slope is below 1e-6: a neuron saturated on every sample has stopped learning.
SATURATED = 14.0


class DivergenceError(FloatingPointError):
    """Gradient descent blew up (the cost or the weights became inf or NaN)."""


@dataclass
class TrainingHistory:
    """What happened during training: the cost over the whole data set at recorded iterations."""

    iterations: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)

    def record(self, iteration: int, loss: float) -> None:
        """Add one point (iteration, loss) to the history."""
        self.iterations.append(iteration)
        self.losses.append(loss)


def _check_data(X: object, y: object, w: object, func: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = as_float_array(X, func=func, name="X", ndim=(2,))
    y = as_float_array(y, func=func, name="y", ndim=(1,))
    w = as_float_array(w, func=func, name="w", ndim=(1,))
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"{func}: X has {X.shape[0]} rows but y has {y.shape[0]} targets; they need one each")
    if w.shape[0] != X.shape[1]:
        raise ValueError(f"{func}: X has {X.shape[1]} features (shape {X.shape}) but w has {w.shape[0]} weights")
    if np.any((y < 0) | (y > 1)):
        raise ValueError(
            f"{func}: targets must lie in [0, 1] for a sigmoid neuron, got values from {y.min():g} to {y.max():g}"
        )
    return X, y, w


def neuron_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Slope of the sum of squared errors of a sigmoid neuron with respect to its weights and bias.

    Three factors, by the chain rule, for every sample: how the cost changes with the prediction
    (``2 * (y_hat - y)``), how the prediction changes with the weighted sum (``y_hat * (1 - y_hat)``),
    and how the weighted sum changes with each weight (the input ``x_j``; 1 for the bias).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
        Targets in [0, 1].
    w : array_like, shape (n_features,)
    b : float

    Returns
    -------
    dw : ndarray, shape (n_features,)
    db : float

    Examples
    --------
    >>> dw, db = neuron_gradient([[1.0, 2.0]], [0.0], [0.0, 0.0], 0.0)
    >>> dw, db
    (array([0.25, 0.5 ]), 0.25)

    Introduced in lesson 04 (learning from error).
    """
    X, y, w = _check_data(X, y, w, "neuron_gradient")
    b = as_finite_number(b, func="neuron_gradient", name="b")
    return _gradient(X, y, w, b)


def _gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """:func:`neuron_gradient` without the input checks, for the training loops (inputs already checked)."""
    y_hat = np.asarray(sigmoid(X @ w + b))
    delta = 2.0 * (y_hat - y) * y_hat * (1.0 - y_hat)
    return X.T @ delta, float(np.sum(delta))


def gradient_step(w: np.ndarray, b: float, dw: np.ndarray, db: float, lr: float) -> tuple[np.ndarray, float]:
    """One step of gradient descent: move the weights and the bias against their slopes.

    Parameters
    ----------
    w, dw : array_like, shape (n_features,)
        The weights and the slope of the cost with respect to each of them.
    b, db : float
        The bias and the slope of the cost with respect to it.
    lr : float
        Learning rate, > 0: how far to step for each unit of slope.

    Returns
    -------
    w : ndarray, shape (n_features,)
        ``w - lr * dw`` (a new array; the input is not modified).
    b : float
        ``b - lr * db``.

    Examples
    --------
    >>> w, b = gradient_step([1.0, -2.0], 0.5, [2.0, 0.0], 1.0, lr=0.25)
    >>> w, b
    (array([ 0.5, -2. ]), 0.25)

    Introduced in lesson 04 (learning from error).
    """
    w = as_float_array(w, func="gradient_step", name="w", ndim=(1,))
    dw = as_float_array(dw, func="gradient_step", name="dw", ndim=(1,))
    if w.shape != dw.shape:
        raise ValueError(f"gradient_step: dw must have one slope per weight, got w {w.shape} and dw {dw.shape}")
    b = as_finite_number(b, func="gradient_step", name="b")
    db = as_finite_number(db, func="gradient_step", name="db")
    lr = as_learning_rate(lr, func="gradient_step")
    return w - lr * dw, b - lr * db


def train_neuron(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float = 0.0,
    *,
    lr: float = 0.1,
    n_iterations: int = 1000,
    stochastic: bool = False,
    rng: np.random.Generator | None = None,
    record_every: int = 1,
) -> tuple[np.ndarray, float, TrainingHistory]:
    """Train one sigmoid neuron by gradient descent on the sum of squared errors.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
        Targets in [0, 1].
    w : array_like, shape (n_features,)
        Initial weights (not modified).
    b : float
        Initial bias.
    lr : float
        Learning rate, > 0.
    n_iterations : int
        Number of updates, >= 1.
    stochastic : bool
        False: each update uses the whole data set (batch). True: each update uses one sample drawn
        at random with ``rng``.
    rng : numpy.random.Generator or int, optional
        Needed when ``stochastic`` is True: a generator, or an integer seed for a new one.
    record_every : int
        Record the cost over the whole data set every this many iterations (and after the last).

    Returns
    -------
    w : ndarray, shape (n_features,)
    b : float
    history : TrainingHistory
        ``history.losses[k]`` is the sum of squared errors *before* update ``history.iterations[k]``
        (the last entry is after training).

    Raises
    ------
    DivergenceError
        If the weights or the cost stop being finite numbers, or if the steps overshot so far that the
        sigmoid is saturated on every sample while the cost is higher than at the start (its slope is
        then practically 0 and training cannot recover); the message names the learning rate.

    Examples
    --------
    >>> w, b, history = train_neuron([[0.0], [1.0]], [0.0, 1.0], [0.0], lr=1.0, n_iterations=500)
    >>> round(history.losses[0], 2), round(history.losses[-1], 4)
    (0.5, 0.0029)

    Introduced in lesson 04 (learning from error).
    """
    X, y, w = _check_data(X, y, w, "train_neuron")
    w = w.copy()
    b = as_finite_number(b, func="train_neuron", name="b")
    lr = as_learning_rate(lr, func="train_neuron")
    n_iterations = as_positive_int(n_iterations, func="train_neuron", name="n_iterations")
    record_every = as_positive_int(record_every, func="train_neuron", name="record_every")
    if stochastic:
        if rng is None:
            raise TypeError("train_neuron: stochastic training needs rng=, a seed such as rng=0 or a Generator")
        rng = as_rng(rng, "train_neuron")
    history = TrainingHistory()
    picks = rng.integers(X.shape[0], size=n_iterations) if stochastic else None
    for iteration in range(n_iterations + 1):
        if iteration % record_every == 0 or iteration == n_iterations:
            with np.errstate(over="ignore", invalid="ignore"):  # reported below as a DivergenceError
                z = X @ w + b
            loss = float(np.sum((np.asarray(sigmoid(z)) - y) ** 2)) if np.all(np.isfinite(z)) else np.inf
            if not np.isfinite(loss):
                raise DivergenceError(
                    f"train_neuron: the cost became {loss} at iteration {iteration} with learning rate "
                    f"lr = {lr:g}; try a smaller learning rate"
                )
            if history.losses and loss > history.losses[0] and np.min(np.abs(z)) > SATURATED:
                raise DivergenceError(
                    f"train_neuron: with learning rate lr = {lr:g} the steps overshot so far that by iteration "
                    f"{iteration} every weighted sum is beyond +-{np.min(np.abs(z)):.3g}, where the sigmoid is "
                    f"flat: the cost rose from {history.losses[0]:.4g} to {loss:.4g} and its slope is practically "
                    "0, so training cannot recover. Try a much smaller learning rate"
                )
            history.record(iteration, loss)
        if iteration == n_iterations:
            break
        rows = picks[iteration : iteration + 1] if stochastic else slice(None)
        dw, db = _gradient(X[rows], y[rows], w, b)
        with np.errstate(over="ignore", invalid="ignore"):  # reported below as a DivergenceError
            w -= lr * dw
            b -= lr * db
        if not (np.all(np.isfinite(w)) and np.isfinite(b)):
            raise DivergenceError(
                f"train_neuron: the weights became inf/NaN at iteration {iteration + 1} with learning rate "
                f"lr = {lr:g}; try a smaller learning rate"
            )
    return w, b, history


def train_error_weighted(X: np.ndarray, y: np.ndarray, w: np.ndarray, n_iterations: int) -> np.ndarray:
    """The classic error-weighted derivative: ``w += X.T @ ((y - y_hat) * y_hat * (1 - y_hat))``.

    Every iteration uses the whole data set; there is no separate bias (give X a column of ones to
    get one). This is gradient descent on half the sum of squared errors with learning rate 1.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
    w : array_like, shape (n_features,)
        Initial weights (not modified).
    n_iterations : int

    Returns
    -------
    ndarray, shape (n_features,)
        The trained weights.

    Examples
    --------
    >>> X = [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]]
    >>> w = train_error_weighted(X, [0, 1, 1, 0], [0.0, 0.0, 0.0], 1000)
    >>> bool(w[0] > 4)
    True

    Introduced in lesson 04 (learning from error).
    """
    X, y, w = _check_data(X, y, w, "train_error_weighted")
    n_iterations = as_positive_int(n_iterations, func="train_error_weighted", name="n_iterations")
    w = w.copy()
    for _ in range(n_iterations):
        y_hat = np.asarray(sigmoid(X @ w))
        w += X.T @ ((y - y_hat) * y_hat * (1.0 - y_hat))
    return w


def _slope(gradient: Callable[[np.ndarray], np.ndarray], point: np.ndarray) -> np.ndarray:
    """``gradient(point)`` as a float array shaped like ``point``, or a clear TypeError/ValueError."""
    slope = gradient(point.copy())
    expected = f"one slope per coordinate of the point, an array of shape {point.shape}"
    if slope is None:
        raise TypeError(
            f"gradient_descent: gradient({format_point(point)}) returned None; it must return {expected} "
            "(is there a `return` statement?)"
        )
    try:
        array = np.asarray(slope, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"gradient_descent: gradient({format_point(point)}) returned {type(slope).__name__} {slope!r}; "
            f"it must return numbers, {expected}"
        ) from None
    if array.shape != point.shape and array.size != point.size:
        raise ValueError(
            f"gradient_descent: gradient({format_point(point)}) returned shape {array.shape}; it must return {expected}"
        )
    return array.reshape(point.shape)


def format_point(point: np.ndarray) -> str:
    """A point as a short list for error messages."""
    return "[" + ", ".join(f"{v:.4g}" for v in point) + "]"


def gradient_descent(
    gradient: Callable[[np.ndarray], np.ndarray], start: np.ndarray, lr: float, n_steps: int
) -> np.ndarray:
    """Follow ``-gradient`` from ``start`` for ``n_steps`` steps of size ``lr``; return the whole path.

    Parameters
    ----------
    gradient : callable
        Maps a point (shape (d,)) to the slope of the cost there (shape (d,)).
    start : array_like, shape (d,)
    lr : float
        Learning rate, > 0.
    n_steps : int

    Returns
    -------
    ndarray, shape (n_steps + 1, d)
        Every point visited, the start included.

    Raises
    ------
    DivergenceError
        If a point stops being finite (the steps overshoot further every time).

    Examples
    --------
    >>> path = gradient_descent(lambda w: 2 * (w - 3.0), [0.0], lr=0.25, n_steps=3)
    >>> path.ravel()
    array([0.   , 1.5  , 2.25 , 2.625])

    Introduced in lesson 04 (learning from error).
    """
    if not callable(gradient):
        raise TypeError(
            f"gradient_descent: gradient must be a function of the point that returns its slope, "
            f"got {type(gradient).__name__} {gradient!r}"
        )
    point = as_float_array(start, func="gradient_descent", name="start", ndim=(1,)).copy()
    lr = as_learning_rate(lr, func="gradient_descent")
    n_steps = as_positive_int(n_steps, func="gradient_descent", name="n_steps")
    path = [point.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, n_steps + 1):
            point = point - lr * _slope(gradient, point)
            if not np.all(np.isfinite(point)):
                raise DivergenceError(
                    f"gradient_descent: the steps blew up to inf/NaN after {step} steps with learning rate "
                    f"lr = {lr:g}; try a smaller learning rate"
                )
            path.append(point.copy())
    return np.array(path)
