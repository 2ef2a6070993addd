"""Checks for lesson 03: dot by hand, sigmoid, its derivative, make_prediction and the 0.5 threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnlib.checks._core import Case, Prediction, check_predictions, run_cases
from nnlib.checks._core import predictions_made as predictions_made  # for the lesson's verify cells


def _quietly(fn: Callable) -> Callable:
    """Call ``fn`` with NumPy's overflow warnings off: ``exp(1000)`` is inf, and 1 / (1 + inf) is 0.

    A straightforward ``1 / (1 + np.exp(-z))`` is right at z = -1000 but warns on the way; the check
    only asks for the right value. (nnlib's own sigmoid avoids the overflow altogether.) A form that
    turns the overflow into NaN is not warned about either: its check message says "overflow".
    """

    if not callable(fn):
        return fn  # run_cases explains what went wrong

    def call(**inputs: Any) -> Any:
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
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
            "return a single number: the sum of the products of matching positions",
            mistakes=(
                (
                    0.0,
                    "the total stayed 0: with vectors of length 1 the loop must visit position 0. Does your "
                    "loop stop one position early, or start one late?",
                ),
            ),
        ),
        Case(
            "only the first position is non-zero",
            {"u": np.array([2.0, 0.0, 0.0]), "v": np.array([5.0, 7.0, 9.0])},
            10.0,
            "the first position counts too: does your loop start at position 0?",
        ),
        Case(
            "only the last position is non-zero",
            {"u": np.array([0.0, 0.0, 2.0]), "v": np.array([5.0, 7.0, 9.0])},
            18.0,
            "does your loop reach the last position? Count how many times it runs for a vector of length 3",
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
            nonfinite_hint=(
                "overflow: e to the power 1000 is too large for a floating-point number and becomes infinity, "
                "and infinity / infinity is NaN. Some ways of writing the formula put that infinity above "
                "and below the fraction line; the way section 2 writes it only ever divides by it"
            ),
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
            "at z = 0 the sigmoid is 0.5 and the slope is 0.25: section 3's formula needs the sigmoid's "
            "value at z, not z itself",
        ),
        Case(
            "a positive z",
            {"z": 2.0},
            float(s(2.0) * (1 - s(2.0))),
            "use section 3's formula with the sigmoid's value at z (not z itself)",
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
            "the bias belongs inside, with the weighted sum, before the sigmoid squashes it",
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
            "the sigmoid comes last, applied once to the whole weighted sum plus bias",
        ),
        Case(
            "a batch: one input vector per row",
            {"x": batch, "w": w, "b": 0.5},
            s(batch @ w + 0.5),
            "for a 2-D x return one probability per row: each row is one input vector",
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
            "p may be an array: `if` decides about one number only, while a comparison applied to a whole "
            "array gives one answer per element",
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


def check_predicted_effects(predicted_effects: Callable[[], dict]) -> None:
    """Check ``predicted_effects()``, predictions about the classic neuron (Exercise 3.6).

    Examples
    --------
    >>> check_predicted_effects(
    ...     lambda: {"bias_alone_can_fix_both": False, "p2_after_scaling": "higher", "class2_after_scaling": 1}
    ... )
    predicted_effects: 3/3 checks passed
    """
    __tracebackhide__ = True
    predictions = [
        Prediction(
            "bias_alone_can_fix_both",
            "can some bias, with the weights kept, make both answers right?",
            False,
            "a bias adds the same number to both weighted sums, so it never changes which sum is the larger. "
            "For both answers to be right, which of the two sums must be the larger one?",
        ),
        Prediction(
            "p2_after_scaling",
            "x2's probability after w and b are multiplied by 5: 'higher', 'lower' or 'same'",
            "higher",
            "multiplying w and b by 5 multiplies z by 5: z = 1.91 moves further from 0. Where does the "
            "sigmoid go as z grows?",
        ),
        Prediction(
            "class2_after_scaling",
            "x2's class (0 or 1) after w and b are multiplied by 5",
            1,
            "the class depends only on the sign of z, and multiplying by a positive number keeps the sign: "
            "the decision line stays where it is",
        ),
    ]
    check_predictions("predicted_effects", predicted_effects, predictions)
