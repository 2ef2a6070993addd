"""Checks for lesson 01: weighted_sum, step, and the weights of the OR and NAND gates."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlib.checks._core import (
    Case,
    CheckFailed,
    NotAttemptedError,
    Prediction,
    check_predictions,
    format_value,
    run_cases,
)
from nnlib.checks._core import predictions_made as predictions_made  # for the lesson's verify cells
from nnlib.datasets import GATE_TARGETS
from nnlib.neuron import Neuron, gate_sums, step, truth_table


def check_weighted_sum(weighted_sum: Callable) -> None:
    """Check a learner's ``weighted_sum(x, w, b)`` (Exercise 1.1).

    Examples
    --------
    >>> from nnlib.neuron import weighted_sum
    >>> check_weighted_sum(weighted_sum)
    weighted_sum: 6/6 checks passed
    """
    __tracebackhide__ = True
    w = np.array([2.0, 3.0, 4.0])
    cases = [
        Case(
            "one input, one weight",
            {"x": np.array([2.0]), "w": np.array([3.0]), "b": 0.0},
            6.0,
            "multiply each input by its weight and return a single number",
        ),
        Case(
            "only the first input is on",
            {"x": np.array([1.0, 0.0, 0.0]), "w": w, "b": 0.0},
            2.0,
            "with x = [1, 0, 0] the result is the first weight alone",
        ),
        Case(
            "only the last input is on",
            {"x": np.array([0.0, 0.0, 1.0]), "w": w, "b": 0.0},
            4.0,
            "the last input must count too: does your sum cover every position?",
        ),
        Case(
            "only the bias is non-zero",
            {"x": np.array([0.0, 0.0, 0.0]), "w": w, "b": 2.5},
            2.5,
            "every input is zero, so only the bias is left: is b added?",
        ),
        Case(
            "all terms together, some weights negative",
            {"x": np.array([1.0, 2.0, 3.0]), "w": np.array([0.5, -1.0, 2.0]), "b": 1.0},
            5.5,
            "add every product x[i] * w[i], then add b once (not once per input)",
        ),
        Case(
            "a batch: one input vector per row",
            {"x": np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0]]), "w": w, "b": -1.0},
            np.array([1.0, 2.0, 8.0]),
            "for a 2-D x each row is one input vector and gets its own sum: return one number per row "
            "(section 2 showed an operation that does every row at once)",
        ),
    ]
    run_cases("weighted_sum", weighted_sum, cases)


def check_step(step: Callable) -> None:
    """Check a learner's ``step(z)`` (Exercise 1.2).

    Examples
    --------
    >>> from nnlib.neuron import step
    >>> check_step(step)
    step: 5/5 checks passed
    """
    __tracebackhide__ = True
    cases = [
        Case("a positive sum", {"z": 2.5}, 1, "a positive weighted sum means the neuron fires: 1"),
        Case("a negative sum", {"z": -2.5}, 0, "a negative weighted sum means the neuron stays silent: 0"),
        Case(
            "a sum of exactly zero",
            {"z": 0.0},
            1,
            "the neuron fires when the sum reaches zero: compare with >=, not >",
        ),
        Case("a tiny negative sum", {"z": -1e-9}, 0, "anything below zero, however small, is silent"),
        Case(
            "an array of sums",
            {"z": np.array([-2.0, -0.5, 0.0, 0.5, 2.0])},
            np.array([0, 0, 1, 1, 1]),
            "z may be an array: `if` can only decide about one number, but a comparison applied to a whole "
            "NumPy array gives one answer per element",
        ),
    ]
    run_cases("step", step, cases)


def check_gate_weights(gate: str, choose_weights: Callable[[], tuple]) -> None:
    """Check a function returning ``(w, b)`` that makes one neuron compute ``gate`` on every input.

    Examples
    --------
    >>> check_gate_weights("AND", lambda: ([1.0, 1.0], -1.5))
    AND weights: 4/4 checks passed
    """
    __tracebackhide__ = True
    name = f"{gate} weights"
    if not callable(choose_weights):
        raise TypeError(
            f"check_{gate.lower()}_weights: expected your function {gate.lower()}_weights, got "
            f"{type(choose_weights).__name__}. Pass the function itself, without calling it."
        )
    try:
        chosen = choose_weights()
    except NotImplementedError:
        raise NotAttemptedError(name) from None
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        raise CheckFailed(
            f"{name}: {gate.lower()}_weights() must return two things, the weights and the "
            f"bias (`return w, b`); it returned {chosen!r}"
        )
    w, b = chosen
    try:
        neuron = Neuron(w, b)
    except (TypeError, ValueError) as error:
        raise CheckFailed(
            f"{name}: {gate.lower()}_weights() must return w, an array of two weights, then b, one number "
            f"(`return w, b`, in that order); it returned w = {w!r}, b = {b!r} ({error})"
        ) from error
    if neuron.n_inputs != 2:
        raise CheckFailed(f"{name}: w needs one weight per input, 2 in all; got {neuron.n_inputs}")
    yours = f"your w = {format_value(neuron.w)}, b = {format_value(neuron.b)}"
    cases = []
    for x, target, z in zip(
        truth_table(2), GATE_TARGETS[gate], gate_sums(truth_table(2), neuron.w, neuron.b), strict=True
    ):
        terms = " + ".join(f"{xi}*{format_value(wi)}" for xi, wi in zip(x, neuron.w, strict=True))
        need = "reach 0 (fire)" if target else "stay below 0 (silent)"
        cases.append(
            Case(
                f"input {x.tolist()} should give {target}",
                {"x": x},
                target,
                f"with {yours}, z = {terms} {'-' if neuron.b < 0 else '+'} {format_value(abs(neuron.b))} = "
                f"{format_value(z)} here; it must {need}",
            )
        )
    run_cases(name, lambda x: step(gate_sums(x, neuron.w, neuron.b)), cases)


def check_or_weights(or_weights: Callable[[], tuple]) -> None:
    """Check ``or_weights()``, which returns the weights and bias of an OR gate (Exercise 1.3)."""
    __tracebackhide__ = True
    check_gate_weights("OR", or_weights)


def check_nand_weights(nand_weights: Callable[[], tuple]) -> None:
    """Check ``nand_weights()``, which returns the weights and bias of a NAND gate (Exercise 1.4)."""
    __tracebackhide__ = True
    check_gate_weights("NAND", nand_weights)


#: The neurons of Exercise 1.5, each as (w, b): predict their outputs before running them.
PREDICT_NEURONS: dict[str, tuple[list[float], float]] = {
    "A": ([10.0, 10.0], -15.0),
    "B": ([-10.0, -10.0], 15.0),
    "C": ([1.0, 1.0], -2.0),
    "D": ([0.0, 1.0], -0.5),
}


def check_predicted_outputs(predicted_outputs: Callable[[], dict]) -> None:
    """Check ``predicted_outputs()``, the learner's prediction of four neurons' truth tables (Exercise 1.5).

    Examples
    --------
    >>> check_predicted_outputs(lambda: {"A": [0, 0, 0, 1], "B": [1, 1, 1, 0], "C": [0, 0, 0, 1], "D": [0, 1, 0, 1]})
    predicted_outputs: 4/4 checks passed
    """
    __tracebackhide__ = True
    and_gate, nand_gate = [0, 0, 0, 1], [1, 1, 1, 0]
    predictions = [
        Prediction(
            "A",
            "A: w = [10, 10], b = -15",
            and_gate,
            "A is section 5's AND neuron with every weight and the bias multiplied by 10, so every z is 10 "
            "times as large: does the sign of z, and so the output, change?",
        ),
        Prediction(
            "B",
            "B: w = [-10, -10], b = 15",
            nand_gate,
            "work out z for each input; B is A with every sign flipped",
            mistakes=(
                (
                    and_gate,
                    "B is A multiplied by -10, not by 10: a negative factor flips the sign of every z, "
                    "so firing and silence swap",
                ),
            ),
        ),
        Prediction(
            "C",
            "C: w = [1, 1], b = -2",
            and_gate,
            "work out z = x1*w1 + x2*w2 + b for each of the four inputs, then apply the step",
            mistakes=(
                (
                    [0, 0, 0, 0],
                    "at (1, 1), z = 1 + 1 - 2 is exactly 0: which way does this course's step go at 0?",
                ),
            ),
        ),
        Prediction(
            "D",
            "D: w = [0, 1], b = -0.5",
            [0, 1, 0, 1],
            "a weight of zero means 'ignore this input': which input is left to decide?",
            mistakes=(
                (
                    [0, 0, 1, 1],
                    "that follows x1, but x1's weight is 0 (ignored): the inputs are listed as (x1, x2)",
                ),
            ),
        ),
    ]
    check_predictions("predicted_outputs", predicted_outputs, predictions)
