"""Checks for lesson 04: the cost, its derivative, the chain-rule gradient, one step, the training loop."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable

import numpy as np

from nnlib.activations import sigmoid, sigmoid_derivative
from nnlib.checks._core import Case, Prediction, check_predictions, compare, run_cases
from nnlib.checks._core import predictions_made as predictions_made  # for the lesson's verify cells


def check_sse(sse: Callable) -> None:
    """Check a learner's ``sse(y, y_hat)`` (Exercise 4.1).

    Examples
    --------
    >>> from nnlib.losses import sse
    >>> check_sse(sse)
    sse: 5/5 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case(
            "a perfect prediction",
            {"y": np.array([1.0, 0.0]), "y_hat": np.array([1.0, 0.0])},
            0.0,
            "no error at all must cost nothing; return a single number",
        ),
        Case(
            "one error of 0.5",
            {"y": np.array([1.0]), "y_hat": np.array([0.5])},
            0.25,
            "square the error, the difference between target and prediction",
            mistakes=(
                (0.125, "that is half the squared error: this cost has no factor 1/2 in front"),
                (0.5, "that is the size of the error, not its square"),
            ),
        ),
        Case(
            "a prediction that is too high",
            {"y": np.array([0.0]), "y_hat": np.array([0.5])},
            0.25,
            "too high must cost as much as too low: squaring removes the sign",
        ),
        Case(
            "errors add up over the data set",
            {"y": np.array([1.0, 0.0, 1.0]), "y_hat": np.array([0.5, 0.5, 1.0])},
            0.5,
            "sum the squared errors of every sample (do not average them here)",
            mistakes=(
                (
                    0.0,
                    "the errors +0.5 and -0.5 cancelled out: that is the square of the summed errors. Square "
                    "each error first, then add the squares",
                ),
                (0.5 / 3, "that is the mean of the squared errors (the MSE); this cost is their sum"),
                (0.25, "that is half the sum of squared errors: this cost has no factor 1/2 in front"),
            ),
        ),
        Case(
            "the classic wrong prediction of lesson 03",
            {"y": np.array([0.0]), "y_hat": np.array([0.87101915])},
            0.87101915**2,
            "one sample: the cost is its squared error",
            atol=1e-9,
        ),
    ]
    run_cases("sse", sse, cases)


def check_sse_derivative(sse_derivative: Callable) -> None:
    """Check a learner's ``sse_derivative(y, y_hat)`` (Exercise 4.2).

    Examples
    --------
    >>> from nnlib.losses import sse_derivative
    >>> check_sse_derivative(sse_derivative)
    sse_derivative: 5/5 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case(
            "one value per prediction",
            {"y": np.array([1.0, 0.0]), "y_hat": np.array([1.0, 0.0])},
            np.array([0.0, 0.0]),
            "return an array with one slope per prediction, zero where there is no error",
        ),
        Case(
            "a prediction that is too high",
            {"y": np.array([0.0]), "y_hat": np.array([0.5])},
            np.array([1.0]),
            "too high: the slope is positive, so stepping against it lowers the prediction",
            mistakes=(
                (np.array([0.5]), "the size is half what it should be: the slope of e ** 2 is 2 * e"),
                (np.array([-1.0]), "the sign is flipped: use prediction minus target, y_hat - y"),
            ),
        ),
        Case(
            "a prediction that is too low",
            {"y": np.array([1.0]), "y_hat": np.array([0.5])},
            np.array([-1.0]),
            "too low: the slope is negative. Check the order: prediction minus target",
            mistakes=((np.array([-0.5]), "the size is half what it should be: the slope of e ** 2 is 2 * e"),),
        ),
        Case(
            "the factor 2 from the square",
            {"y": np.array([0.0]), "y_hat": np.array([0.25])},
            np.array([0.5]),
            "the derivative of e ** 2 is 2 * e",
        ),
        Case(
            "several samples at once",
            {"y": np.array([1.0, 0.0, 0.5]), "y_hat": np.array([0.0, 1.0, 0.5])},
            np.array([-2.0, 2.0, 0.0]),
            "work on whole arrays, element by element",
            mistakes=(
                (
                    np.array([-2.0, 2.0, 0.0]) / 3,
                    "divided by the number of samples: that would be the slope of the mean. Each prediction "
                    "appears in one term of the sum, so its slope is that term's slope alone",
                ),
            ),
        ),
    ]
    run_cases("sse_derivative", sse_derivative, cases)


def _reference_gradient(X, y, w, b):
    y_hat = sigmoid(X @ w + b)
    delta = 2 * (y_hat - y) * y_hat * (1 - y_hat)
    return X.T @ delta, float(np.sum(delta))


def _factor_mistakes(X, y, w, b):
    """Typical wrong gradients for these inputs, each with the chain-rule factor it gets wrong.

    Every chain-rule factor multiplies the others, so any mistake changes every non-zero case. To
    name the factor anyway, a failing answer is compared with these recognisable wrong versions.
    """
    y_hat = sigmoid(X @ w + b)
    error, slope = 2 * (y_hat - y), y_hat * (1 - y_hat)

    def gradient(delta):
        return X.T @ delta, float(np.sum(delta))

    right_delta = error * slope

    def with_prediction(p):
        return gradient(2 * (p - y) * p * (1 - p))

    return [
        (
            "the prediction leaves out the bias",
            "y_hat is wrong before any factor is computed: the prediction is the sigmoid of the weighted "
            "sum plus the bias b",
            with_prediction(sigmoid(X @ w)) if b != 0 else None,
        ),
        (
            "the prediction is z itself",
            "y_hat is wrong before any factor is computed: the prediction is the sigmoid of z, not z",
            with_prediction(X @ w + b),
        ),
        (
            "the error factor is half its size",
            "the first factor is the slope of the squared error with respect to y_hat: what does "
            "differentiating a square bring down in front?",
            gradient(right_delta / 2),
        ),
        (
            "the error factor has the wrong sign",
            "when the prediction is too high the gradient must be positive, so that stepping against it "
            "lowers the prediction: check the order of y_hat and y",
            gradient(-right_delta),
        ),
        (
            "the error factor has the wrong sign and is half its size",
            "this is the classic update's error (y - y_hat); the cost's slope with respect to y_hat points "
            "the other way and carries the 2 from the square",
            gradient(-right_delta / 2),
        ),
        (
            "the sigmoid's slope is missing",
            "the chain goes weight -> z -> y_hat -> cost: the middle link, how y_hat changes with z, "
            "must be a factor too",
            gradient(error),
        ),
        (
            "the sigmoid's slope is taken at y_hat instead of z",
            "sigmoid_derivative(y_hat) applies the sigmoid a second time; the slope belongs at z, and "
            "lesson 03 showed how to write it with y_hat alone",
            gradient(error * sigmoid_derivative(y_hat)),
        ),
        (
            "the sigmoid's slope is incomplete",
            "the sigmoid's slope at z has two parts that multiply; one of them is missing",
            gradient(error * y_hat),
        ),
        (
            "the sigmoid's slope is incomplete",
            "the sigmoid's slope at z has two parts that multiply; one of them is missing",
            gradient(error * (1 - y_hat)),
        ),
        (
            "the input factor is missing",
            "every weight got the same change: the last factor, how z changes with w_j, differs from weight to weight",
            (np.full(w.shape, np.sum(right_delta)), float(np.sum(right_delta))),
        ),
        (
            "the samples are averaged, not added",
            "the cost is a sum over the samples, so its gradient is a sum as well (no division by the "
            "number of samples)",
            gradient(right_delta / len(y)) if len(y) > 1 else None,
        ),
    ]


def _name_the_factor(fn: Callable, cases: list[Case]) -> list[Case]:
    """Find the first case ``fn`` gets wrong and, if its answer is a typical mistake, say which factor."""
    if not callable(fn):
        return cases
    for position, case in enumerate(cases):
        inputs = copy.deepcopy(dict(case.inputs))
        try:
            got = fn(**inputs)
        except Exception:  # run_cases reports crashes and "not attempted" itself
            return cases
        if compare(got, case.expected) is None:
            continue
        for what, hint, wrong in _factor_mistakes(**case.inputs):
            if wrong is not None and compare(got, wrong) is None:
                return _replace_case(cases, position, what, hint)
        if isinstance(got, (tuple, list)) and len(got) == 2 and compare(got[0], case.expected[0]) is None:
            hint = "the bias is a weight whose input is always 1: same first two factors, summed over samples"
            return _replace_case(cases, position, "dw is right but db is not", hint)
        return cases
    return cases


def _replace_case(cases: list[Case], position: int, what: str, hint: str) -> list[Case]:
    named = dataclasses.replace(cases[position], what=f"{cases[position].what}; {what}", hint=hint)
    return [*cases[:position], named, *cases[position + 1 :]]


def check_neuron_gradient(neuron_gradient: Callable) -> None:
    """Check a learner's ``neuron_gradient(X, y, w, b)`` (Exercise 4.4), naming the factor that is off.

    The single-sample cases use ``y_hat = 0.75`` or ``0.25``, where the three chain-rule factors have
    different values, so a typical mistake (a missing 2, the wrong sign, the sigmoid's slope missing or
    taken at ``y_hat``, the input left out, an average instead of a sum) is recognised and named.

    Examples
    --------
    >>> from nnlib.training import neuron_gradient
    >>> check_neuron_gradient(neuron_gradient)
    neuron_gradient: 6/6 checks passed
    """
    __tracebackhide__ = True
    log3 = float(np.log(3.0))  # sigmoid(log 3) = 0.75, sigmoid(-log 3) = 0.25

    def case(what, X, y, w, b, hint):
        X, y, w = np.array(X, float), np.array(y, float), np.array(w, float)
        return Case(what, {"X": X, "y": y, "w": w, "b": b}, _reference_gradient(X, y, w, b), hint)

    cases = [
        case(
            "prediction equals the target: nothing to learn",
            [[1.0, 2.0]],
            [0.5],
            [0.0, 0.0],
            0.0,
            "with w = 0 and b = 0 the prediction is 0.5, the target: return (an array shaped like w, a number)",
        ),
        case(
            "one sample, prediction 0.75 but target 0",
            [[1.0, 3.0]],
            [0.0],
            [0.0, 0.0],
            log3,
            "multiply the three factors of the chain rule: the error's slope, the sigmoid's slope, the input "
            "(and check y_hat itself first: here it should be 0.75)",
        ),
        case(
            "one sample, prediction 0.25 but target 1",
            [[2.0, -1.0]],
            [1.0],
            [0.0, 0.0],
            -log3,
            "a prediction that is too low needs a negative error factor",
        ),
        case(
            "an input of zero gets no share of the blame",
            [[0.0, 1.0]],
            [1.0],
            [0.5, -0.5],
            0.0,
            "the last factor is the input itself: dw[j] is multiplied by x[j]",
        ),
        case(
            "the bias: its 'input' is always 1",
            [[0.0, 0.0]],
            [1.0],
            [1.0, 1.0],
            -1.0,
            "db uses the same first two factors as the weights, times 1",
        ),
        case(
            "a batch: add up the samples' gradients",
            [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]],
            [1.0, 0.0, 1.0],
            [0.3, -0.2],
            0.1,
            "for several rows, every sample's gradient is added up, for dw and for db (section 4's matrix form "
            "does the adding)",
        ),
    ]
    run_cases("neuron_gradient", neuron_gradient, _name_the_factor(neuron_gradient, cases))


def check_gradient_step(gradient_step: Callable) -> None:
    """Check a learner's ``gradient_step(w, b, dw, db, lr)`` (Exercise 4.5).

    Examples
    --------
    >>> check_gradient_step(lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db))
    gradient_step: 5/5 checks passed
    """
    __tracebackhide__ = True
    w = np.array([1.0, -2.0])
    cases = [
        Case(
            "a zero gradient changes nothing",
            {"w": w, "b": 0.5, "dw": np.zeros(2), "db": 0.0, "lr": 0.1},
            (w, 0.5),
            "return the new (w, b); with a zero slope they stay where they are",
        ),
        Case(
            "step against the slope",
            {"w": w, "b": 0.5, "dw": np.array([1.0, 0.0]), "db": 0.0, "lr": 1.0},
            (np.array([0.0, -2.0]), 0.5),
            "a positive slope means the cost rises to the right: step left (subtract)",
        ),
        Case(
            "the learning rate scales the step",
            {"w": w, "b": 0.5, "dw": np.array([1.0, 0.0]), "db": 0.0, "lr": 0.25},
            (np.array([0.75, -2.0]), 0.5),
            "multiply the slope by lr before subtracting",
        ),
        Case(
            "the bias steps too",
            {"w": w, "b": 0.5, "dw": np.zeros(2), "db": 2.0, "lr": 0.5},
            (w, -0.5),
            "b moves by -lr * db",
        ),
        Case(
            "every weight at once",
            {"w": w, "b": 0.0, "dw": np.array([-2.0, 4.0]), "db": 1.0, "lr": 0.5},
            (np.array([2.0, -4.0]), -0.5),
            "update the whole array w in one expression",
        ),
    ]
    run_cases("gradient_step", gradient_step, cases)


def _reference_train(X, y, w, b, lr, n_iterations, *, record_after=False, mean=False, fixed_b=False):
    """The right training loop, or (with a flag) one of the typical wrong ones the check names."""
    losses = []
    for _ in range(n_iterations):
        if not record_after:
            losses.append(float(np.sum((y - sigmoid(X @ w + b)) ** 2)))
        dw, db = _reference_gradient(X, y, w, b)
        w, b = w - lr * dw, b if fixed_b else b - lr * db
        if record_after:
            losses.append(float(np.sum((y - sigmoid(X @ w + b)) ** 2)))
    losses = np.array(losses)
    return w, b, losses / len(y) if mean else losses


TRAIN_MISTAKES = (
    (
        {"record_after": True},
        "the losses are recorded after each step: losses[i] must be the cost before update i, so that "
        "losses[0] is the cost of the starting weights",
    ),
    ({"mean": True}, "the losses are averaged: this lesson's cost is the sum of squared errors, not the mean"),
    ({"fixed_b": True}, "b never changes: the bias takes a gradient step too, every iteration"),
)


def check_train(train: Callable) -> None:
    """Check a learner's ``train(X, y, w, b, lr, n_iterations)`` (Exercise 4.6).

    Examples
    --------
    >>> from nnlib.checks.lesson04 import _reference_train
    >>> check_train(_reference_train)
    train: 4/4 checks passed
    """
    __tracebackhide__ = True
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    w = np.array([0.2, -0.3])

    def case(what, b, lr, n, hint):
        inputs = {"X": X, "y": y, "w": w, "b": b, "lr": lr, "n_iterations": n}
        mistakes = tuple((_reference_train(X, y, w.copy(), b, lr, n, **flag), text) for flag, text in TRAIN_MISTAKES)
        return Case(what, inputs, _reference_train(X, y, w.copy(), b, lr, n), hint, mistakes=mistakes)

    cases = [
        case(
            "one iteration",
            0.1,
            0.5,
            1,
            "one iteration: record the cost, compute the gradient, take one step; return (w, b, losses)",
        ),
        case(
            "three iterations",
            0.1,
            0.5,
            3,
            "losses[i] is the cost before update i; each iteration starts from the previous step's w and b",
        ),
        case("a larger learning rate", 0.0, 2.0, 5, "use lr for every step"),
        case(
            "fifty iterations: the cost keeps falling",
            0.0,
            1.0,
            50,
            "if the first iterations are right but not the later ones, is w updated in place of the old one?",
        ),
    ]
    run_cases("train", train, cases)


def check_predicted_rates(predicted_rates: Callable[[], dict]) -> None:
    """Check ``predicted_rates()``, predictions about gradient descent on the bowl (Exercise 4.3).

    Examples
    --------
    >>> check_predicted_rates(lambda: {"lr_one_step": 0.5, "lr_limit": 1.0, "steps_at_lr_0.25": 9})
    predicted_rates: 3/3 checks passed
    """
    __tracebackhide__ = True
    multiple = (
        "write the distance to the bottom after one step, w_new - 3, as a multiple of the distance before, "
        "w - 3, using the update w_new = w - lr * 2 * (w - 3)"
    )
    predictions = [
        Prediction(
            "lr_one_step",
            "the learning rate that lands on the bottom of the bowl in one step from w = 0",
            0.5,
            "from w = 0 the slope is -6, so the first step is 6 * lr long, and the bottom is 3 away",
            atol=0.005,
        ),
        Prediction(
            "lr_limit",
            "the learning rate from which descent on the bowl stops converging",
            1.0,
            f"{multiple}. Descent converges while that multiple is smaller than 1 in size",
            mistakes=(
                (
                    0.5,
                    "0.5 is where the first step lands exactly on the bottom. A little more overshoots, but "
                    f"does the overshoot shrink or grow from step to step? {multiple[0].upper()}{multiple[1:]}",
                ),
            ),
            atol=0.005,
        ),
        Prediction(
            "steps_at_lr_0.25",
            "steps from w = 0 with lr = 0.25 until w is within 0.01 of the bottom",
            9,
            f"{multiple}: with lr = 0.25, what happens to the distance, 3 at the start, at every step?",
            mistakes=(
                (8, "close: after 8 steps the distance is 3 / 256, about 0.0117, still more than 0.01"),
                (
                    2,
                    "lr = 0.25 is half the one-step rate, but the second step is not as long as the first: "
                    "the step shrinks with the slope",
                ),
            ),
        ),
    ]
    check_predictions("predicted_rates", predicted_rates, predictions)
