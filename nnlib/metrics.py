"""Metrics: numbers that say how well a model does, reported beside the loss (Keras's ``metrics=``).

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

import numpy as np

__all__ = ["METRICS", "accuracy", "class_numbers", "count_correct"]

#: The metric names ``compile`` accepts (``"acc"`` is Keras's short name for ``"accuracy"``).
METRICS = ("accuracy", "acc")


def accuracy(y_true: np.ndarray, probabilities: np.ndarray) -> float:
    """The fraction of samples whose most probable class is their label.

    Parameters
    ----------
    y_true : array_like, shape (n_samples,)
        Class numbers.
    probabilities : array_like, shape (n_samples, n_classes)

    Examples
    --------
    >>> accuracy(np.array([0, 1]), np.array([[0.9, 0.1], [0.8, 0.2]]))
    0.5

    Introduced in lesson 06 (build your own Keras).
    """
    y_true, probabilities = np.asarray(y_true), np.asarray(probabilities)
    if probabilities.ndim != 2 or y_true.shape != (probabilities.shape[0],):
        raise ValueError(
            f"accuracy: expected y_true of shape (n_samples,) and probabilities of shape (n_samples, n_classes), "
            f"got {y_true.shape} and {probabilities.shape}"
        )
    return float(np.mean(probabilities.argmax(axis=1) == y_true))


def class_numbers(Y: np.ndarray) -> np.ndarray:
    """The class of each label row: the column of the 1 (one-hot), or 0/1 for a single output.

    Examples
    --------
    >>> class_numbers(np.array([[0.0, 1.0], [1.0, 0.0]])), class_numbers(np.array([[0.0], [1.0]]))
    (array([1, 0]), array([0, 1]))

    Introduced in lesson 06 (build your own Keras).
    """
    if Y.ndim == 2 and Y.shape[1] > 1:
        return Y.argmax(axis=1)
    return (Y.reshape(Y.shape[0], -1)[:, 0] > 0.5).astype(np.intp)


def count_correct(y_hat: np.ndarray, classes: np.ndarray) -> int:
    """How many rows of outputs ``y_hat`` pick the class in ``classes`` (unchecked; for training loops).

    Several outputs: the largest one's column; a single output: above 0.5 means class 1.

    Examples
    --------
    >>> count_correct(np.array([[0.2, 0.8], [0.6, 0.4]]), np.array([1, 1]))
    1

    Introduced in lesson 06 (build your own Keras).
    """
    if y_hat.ndim == 2 and y_hat.shape[1] > 1:
        return int(np.count_nonzero(y_hat.argmax(axis=1) == classes))
    return int(np.count_nonzero((y_hat.reshape(y_hat.shape[0], -1)[:, 0] > 0.5) == classes))
