"""Checks for lesson 03: dot by hand, sigmoid, its derivative, make_prediction and the 0.5 threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnlib.checks._core import Case, run_cases


def _quietly(fn: Callable) -> Callable:
    """Call ``fn`` with NumPy's overflow warnings off: ``exp(1000)`` is inf, and 1 / (1 + inf) is 0.

    A straightforward ``1 / (1 + np.exp(-z))`` is right at z = -1000 but warns on the way; the check
    only asks for the right value. (nnlib's own sigmoid avoids the overflow altogether.)
    """

    if not callable(fn):
        return fn  # run_cases explains what went wrong

    def call(**inputs: Any) -> Any:
        with np.errstate(over="ignore", under="ignore"):
            return fn(**inputs)

    return call


def check_dot(dot: Callable) -> None:
    """Check a learner's ``dot(u, v)``, the dot product written with a loop (Exercise 3.1).

    Examples
    --------
    >>> from nnlib.prediction import dot
    >>> check_dot(dot)
    dot: 6/6 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case(
            "vectors of length 1",
            {"u": np.array([3.0]), "v": np.array([2.0])},
            6.0,
            "return a single number: the sum of the products u[i] * v[i]",
        ),
        Case(
            "only the first position is non-zero",
            {"u": np.array([2.0, 0.0, 0.0]), "v": np.array([5.0, 7.0, 9.0])},
            10.0,
            "start the total at 0 and add u[0] * v[0] for the first position",
        ),
        Case(
            "only the last position is non-zero",
            {"u": np.array([0.0, 0.0, 2.0]), "v": np.array([5.0, 7.0, 9.0])},
            18.0,
            "does your loop reach the last position? range(len(u)) covers every index",
        ),
        Case(
            "every position, with a negative product",
            {"u": np.array([1.0, 2.0, 3.0]), "v": np.array([4.0, -5.0, 6.0])},
            12.0,
            "multiply matching positions and add all the products: no product of sums",
        ),
        Case(
            "vectors at right angles",
            {"u": np.array([1.0, 2.0]), "v": np.array([-2.0, 1.0])},
            0.0,
            "perpendicular vectors have a dot product of exactly zero",
        ),
        Case(
            "the classic example's input and weights",
            {"u": np.array([1.66, 1.56]), "v": np.array([1.45, -0.66])},
            1.3774,
            "1.66 * 1.45 + 1.56 * (-0.66)",
        ),
    ]
    run_cases("dot", dot, cases)


def check_sigmoid(sigmoid: Callable) -> None:
    """Check a learner's ``sigmoid(z)`` (Exercise 3.2).

    Examples
    --------
    >>> from nnlib.activations import sigmoid
    >>> check_sigmoid(sigmoid)
    sigmoid: 6/6 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case("z = 0", {"z": 0.0}, 0.5, "sigmoid(0) is 1 / (1 + e^0); return a single number for a single z"),
        Case(
            "a positive z",
            {"z": 2.0},
            1.0 / (1.0 + np.exp(-2.0)),
            "for a positive z the answer is above 0.5: check the minus sign inside exp",
        ),
        Case(
            "a negative z",
            {"z": -2.0},
            1.0 / (1.0 + np.exp(2.0)),
            "for a negative z the answer is below 0.5, but never below 0",
        ),
        Case(
            "a 1-D array of z",
            {"z": np.array([-1.0, 0.0, 1.0])},
            1.0 / (1.0 + np.exp(-np.array([-1.0, 0.0, 1.0]))),
            "use np.exp (math.exp takes one number only) so the whole array is done at once",
        ),
        Case(
            "a batch (2-D array): the shape is kept",
            {"z": np.array([[0.0, 3.0, -3.0], [0.5, -0.5, 10.0]])},
            1.0 / (1.0 + np.exp(-np.array([[0.0, 3.0, -3.0], [0.5, -0.5, 10.0]]))),
            "work element by element; do not sum, flatten or reshape z",
        ),
        Case(
            "very large positive and negative z",
            {"z": np.array([-1000.0, 1000.0])},
            np.array([0.0, 1.0]),
            "the answer must stay between 0 and 1 even for huge z",
        ),
    ]
    run_cases("sigmoid", _quietly(sigmoid), cases)


def check_sigmoid_derivative(sigmoid_derivative: Callable) -> None:
    """Check a learner's ``sigmoid_derivative(z)`` (Exercise 3.3).

    Examples
    --------
    >>> from nnlib.activations import sigmoid_derivative
    >>> check_sigmoid_derivative(sigmoid_derivative)
    sigmoid_derivative: 5/5 checks passed
    """
    __tracebackhide__ = True

    def s(z: Any) -> Any:
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))

    z_array = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    cases = [
        Case(
            "z = 0",
            {"z": 0.0},
            0.25,
            "at z = 0 the sigmoid is 0.5, so the slope is 0.5 times (1 - 0.5): compute s = sigmoid(z) once, "
            "then combine s with 1 - s",
        ),
        Case(
            "a positive z",
            {"z": 2.0},
            float(s(2.0) * (1 - s(2.0))),
            "compute s = sigmoid(z) first, then s * (1 - s)",
        ),
        Case(
            "a negative z (the curve is symmetric)",
            {"z": -2.0},
            float(s(2.0) * (1 - s(2.0))),
            "the slope at -z equals the slope at z; a negative answer means a sign slipped",
        ),
        Case(
            "an array of z: the shape is kept",
            {"z": z_array},
            s(z_array) * (1 - s(z_array)),
            "work element by element with NumPy operations, not with `if` or math functions",
        ),
        Case(
            "very large |z|: the curve is flat",
            {"z": np.array([-1000.0, 1000.0])},
            np.array([0.0, 0.0]),
            "far from 0 the sigmoid is flat, so its slope is 0 (and never NaN)",
        ),
    ]
    run_cases("sigmoid_derivative", _quietly(sigmoid_derivative), cases)


def check_make_prediction(make_prediction: Callable) -> None:
    """Check a learner's ``make_prediction(x, w, b)`` (Exercise 3.4).

    Examples
    --------
    >>> from nnlib.prediction import make_prediction
    >>> check_make_prediction(make_prediction)
    make_prediction: 6/6 checks passed
    """
    __tracebackhide__ = True

    def s(z: Any) -> Any:
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))

    w = np.array([1.45, -0.66])
    batch = np.array([[1.66, 1.56], [2.0, 1.5], [0.0, 0.0]])
    cases = [
        Case(
            "all inputs zero, bias zero",
            {"x": np.zeros(2), "w": w, "b": 0.0},
            0.5,
            "return one number: the sigmoid of the weighted sum (here the sum is 0)",
        ),
        Case(
            "only the bias is non-zero",
            {"x": np.zeros(2), "w": w, "b": 1.0},
            float(s(1.0)),
            "add b to the weighted sum before applying the sigmoid",
        ),
        Case(
            "only the first input is non-zero",
            {"x": np.array([1.0, 0.0]), "w": w, "b": 0.0},
            float(s(1.45)),
            "multiply the inputs by the weights, add them up, then apply the sigmoid",
        ),
        Case(
            "only the second input is non-zero",
            {"x": np.array([0.0, 2.0]), "w": w, "b": 0.0},
            float(s(-1.32)),
            "the second input's product counts too (its weight is negative)",
        ),
        Case(
            "the classic input [1.66, 1.56]",
            {"x": np.array([1.66, 1.56]), "w": w, "b": 0.0},
            float(s(1.3774)),
            "sigmoid(x @ w + b): the sigmoid comes last, applied once to the whole sum",
        ),
        Case(
            "a batch: one input vector per row",
            {"x": batch, "w": w, "b": 0.5},
            s(batch @ w + 0.5),
            "for a 2-D x return one probability per row; x @ w does every row at once",
        ),
    ]
    run_cases("make_prediction", _quietly(make_prediction), cases)


def check_predict_class(predict_class: Callable) -> None:
    """Check a learner's ``predict_class(p, threshold=0.5)`` (Exercise 3.5).

    Examples
    --------
    >>> from nnlib.prediction import predict_class
    >>> check_predict_class(predict_class)
    predict_class: 6/6 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case("a high probability", {"p": 0.87}, 1, "above the threshold means class 1; return a single number"),
        Case("a low probability", {"p": 0.2}, 0, "below the threshold means class 0"),
        Case(
            "exactly 0.5",
            {"p": 0.5},
            1,
            "sigmoid(0) = 0.5 and the step neuron fires at z = 0: use >=, not >",
        ),
        Case(
            "an array of probabilities",
            {"p": np.array([0.1, 0.49, 0.5, 0.51, 0.99])},
            np.array([0, 0, 1, 1, 1]),
            "compare the whole array at once (p >= threshold) instead of using `if`",
        ),
        Case(
            "a batch (2-D array): the shape is kept",
            {"p": np.array([[0.3, 0.7], [0.9, 0.05]])},
            np.array([[0, 1], [1, 0]]),
            "work element by element; do not flatten p",
        ),
        Case(
            "a threshold other than 0.5",
            {"p": np.array([0.6, 0.8]), "threshold": 0.7},
            np.array([0, 1]),
            "compare with the threshold argument, not with a fixed 0.5",
        ),
    ]
    run_cases("predict_class", predict_class, cases)
