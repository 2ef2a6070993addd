"""Predicting with a sigmoid neuron: the dot product as similarity, a probability, a 0.5 threshold.

A sigmoid neuron computes ``z = x @ w + b`` like the neurons of lessons 01 and 02, but instead of a
hard step it squashes ``z`` into a number between 0 and 1, read as the probability that ``x``
belongs to class 1. Thresholding that probability at 0.5 gives a class again.

The classic worked example (input ``[1.66, 1.56]``, weights ``[1.45, -0.66]``, bias 0) is kept in
``CLASSIC_X``, ``CLASSIC_Y``, ``CLASSIC_W`` and ``CLASSIC_B``.

Introduced in lesson 03 (predicting with a sigmoid neuron).
"""

from __future__ import annotations

import numpy as np

from nnlib._validation import as_finite_number, as_float_array
from nnlib.activations import sigmoid

__all__ = [
    "CLASSIC_B",
    "CLASSIC_W",
    "CLASSIC_X",
    "CLASSIC_Y",
    "angle_between",
    "cosine_similarity",
    "dot",
    "make_prediction",
    "predict_class",
]

#: The two input vectors of the classic worked example, one per row ...
CLASSIC_X = np.array([[1.66, 1.56], [2.0, 1.5]])
#: ... their targets (the first belongs to class 1, the second to class 0) ...
CLASSIC_Y = np.array([1, 0])
#: ... and the (untrained) weights and bias used to predict them.
CLASSIC_W = np.array([1.45, -0.66])
CLASSIC_B = 0.0


def _two_vectors(u: object, v: object, func: str) -> tuple[np.ndarray, np.ndarray]:
    u = as_float_array(u, func=func, name="u", ndim=(1,))
    v = as_float_array(v, func=func, name="v", ndim=(1,))
    if u.shape != v.shape:
        raise ValueError(f"{func}: u has shape {u.shape} but v has shape {v.shape}; they need the same length")
    return u, v


def dot(u: np.ndarray, v: np.ndarray) -> float:
    """The dot product ``u[0]*v[0] + u[1]*v[1] + ...`` of two vectors of the same length.

    Large and positive when the vectors point the same way, zero when they are at right angles,
    negative when they point apart.

    Parameters
    ----------
    u, v : array_like, shape (n,)

    Returns
    -------
    float

    Examples
    --------
    >>> dot([1.0, 2.0], [3.0, -1.0])
    1.0

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    u, v = _two_vectors(u, v, "dot")
    return float(u @ v)


def cosine_similarity(u: np.ndarray, v: np.ndarray) -> float:
    """``dot(u, v) / (|u| |v|)``: the dot product with the lengths divided out, between -1 and 1.

    Examples
    --------
    >>> cosine_similarity([1.0, 0.0], [0.0, 2.0])
    0.0

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    u, v = _two_vectors(u, v, "cosine_similarity")
    lengths = np.linalg.norm(u) * np.linalg.norm(v)
    if lengths == 0:
        raise ValueError("cosine_similarity: a vector of length zero has no direction")
    return float(np.clip(u @ v / lengths, -1.0, 1.0))


def angle_between(u: np.ndarray, v: np.ndarray) -> float:
    """The angle between two vectors, in degrees (0: same direction, 90: at right angles).

    Examples
    --------
    >>> angle_between([1.0, 0.0], [1.0, 1.0])
    45.0

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    return float(np.round(np.degrees(np.arccos(cosine_similarity(u, v))), 10))


def make_prediction(x: np.ndarray, w: np.ndarray, b: float = 0.0) -> float | np.ndarray:
    """The probability a sigmoid neuron gives to class 1: ``sigmoid(x @ w + b)``.

    Parameters
    ----------
    x : array_like, shape (n_features,) or (n_samples, n_features)
        One input vector, or a batch with one per row.
    w : array_like, shape (n_features,)
    b : float, default 0.0

    Returns
    -------
    float or ndarray of shape (n_samples,)
        Probabilities between 0 and 1.

    Examples
    --------
    >>> round(make_prediction([1.66, 1.56], [1.45, -0.66], 0.0), 8)
    0.7985731

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    x = as_float_array(x, func="make_prediction", name="x", ndim=(1, 2))
    w = as_float_array(w, func="make_prediction", name="w", ndim=(1,))
    b = as_finite_number(b, func="make_prediction", name="b")
    if x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"make_prediction: x has {x.shape[-1]} features (shape {x.shape}) but w has "
            f"{w.shape[0]} weights (shape {w.shape}); they need one weight per feature"
        )
    return sigmoid(x @ w + b)


def predict_class(p: float | np.ndarray, threshold: float = 0.5) -> int | np.ndarray:
    """Turn probabilities into classes: 1 where ``p >= threshold``, else 0.

    With the default 0.5 this is the same decision as a step neuron on ``z``, because
    ``sigmoid(z) >= 0.5`` exactly when ``z >= 0``.

    Parameters
    ----------
    p : float or array_like
        Probabilities in [0, 1], any shape.
    threshold : float, default 0.5

    Returns
    -------
    int or ndarray of int
        0/1 with the shape of ``p``.

    Examples
    --------
    >>> predict_class([0.2, 0.5, 0.87])
    array([0, 1, 1])

    Introduced in lesson 03 (predicting with a sigmoid neuron).
    """
    p = as_float_array(p, func="predict_class", name="p")
    threshold = as_finite_number(threshold, func="predict_class", name="threshold")
    if np.any((p < 0) | (p > 1)):
        raise ValueError(
            f"predict_class: p must hold probabilities between 0 and 1, got values from {p.min():g} to {p.max():g}"
        )
    classes = (p >= threshold).astype(np.int64)
    return int(classes) if classes.ndim == 0 else classes
