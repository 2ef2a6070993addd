"""Costs that measure how wrong a prediction is, and their derivatives.

The error of one prediction is ``y - y_hat`` (target minus output). Squaring it makes every error
count positively and punishes big errors much more than small ones; summing over the data set gives
one number to make smaller.

Introduced in lesson 04 (learning from error).
"""

from __future__ import annotations

import numpy as np

from nnlib._validation import as_float_array

__all__ = ["mse", "mse_derivative", "sse", "sse_derivative"]


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
