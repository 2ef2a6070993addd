"""Checks for lesson 05: XOR's hidden layer, shapes, a layer's forward pass, the deltas, the weight
gradients, the numerical gradient, and which broken backward passes a gradient check flags.

The prediction exercises (5.1, 5.2, 5.8) never show the right answer: a wrong prediction gets a hint
that names the idea it misses, without the values.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.checks._core import Case, CheckFailed, NotAttemptedError, compare, require_function, run_cases
from nnlib.datasets import GATE_TARGETS
from nnlib.neuron import truth_table

#: A batch of 7 samples with 3 features through Dense(5, relu) then Dense(2, softmax): the shapes.
SHAPES = {
    "X": (7, 3),
    "W1": (3, 5),
    "b1": (5,),
    "Z1": (7, 5),
    "A1": (7, 5),
    "W2": (5, 2),
    "b2": (2,),
    "Z2": (7, 2),
    "dW1": (3, 5),
    "db1": (5,),
}

#: Which parameters' gradients each broken backward pass of Exercise 5.8 gets wrong.
BROKEN_FLAGS = {
    "A": frozenset({"W1", "b1"}),
    "B": frozenset({"b2"}),
    "C": frozenset({"W2"}),
    "D": frozenset({"W1", "b1", "W2", "b2"}),
}
PARAMETERS = ("W1", "b1", "W2", "b2")


class _Named:
    """A function that prints as its name in a check's report (instead of ``<function ... at 0x...>``)."""

    def __init__(self, name: str, fn: Callable[[np.ndarray], np.ndarray]) -> None:
        self.name, self.fn = name, fn

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self.fn(z)

    def __repr__(self) -> str:
        return self.name


_sigmoid = ACTIVATIONS["sigmoid"].forward


def _call_prediction(name: str, fn: Callable[[], object]) -> object:
    __tracebackhide__ = True
    require_function(name, fn)
    try:
        return fn()
    except NotImplementedError:
        raise NotAttemptedError(name) from None


# --- Exercise 5.1: XOR's hidden layer -----------------------------------------------------------------


def _gate_of(column: np.ndarray) -> str | None:
    for gate, targets in GATE_TARGETS.items():
        if tuple(int(v) for v in column) == targets:
            return gate
    return None


def check_xor_hidden_layer(xor_hidden_layer: Callable[[], tuple[np.ndarray, np.ndarray]]) -> None:
    """Check ``xor_hidden_layer()``: a kernel ``(2, 2)`` and bias ``(2,)`` whose units compute OR and NAND.

    Each unit fires (1) when its weighted sum is at least 0, as in lesson 01.

    Examples
    --------
    >>> check_xor_hidden_layer(lambda: (np.array([[1, -1], [1, -1]]), np.array([-0.5, 1.5])))
    xor_hidden_layer: 4/4 checks passed
    """
    __tracebackhide__ = True
    answer = _call_prediction("xor_hidden_layer", xor_hidden_layer)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise CheckFailed(
            f"xor_hidden_layer: return two things, the kernel and the bias (W1, b1); got {type(answer).__name__}"
        )
    try:
        W1, b1 = (np.asarray(a, dtype=np.float64) for a in answer)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"xor_hidden_layer: the kernel and the bias must be numbers ({error})") from None
    if W1.shape != (2, 2):
        raise CheckFailed(
            f"xor_hidden_layer: check 1 of 4 failed: the kernel has shape {W1.shape}, expected (2, 2): "
            "one row per input, one column per hidden unit"
        )
    if b1.shape != (2,):
        raise CheckFailed(
            f"xor_hidden_layer: check 2 of 4 failed: the bias has shape {b1.shape}, expected (2,): one per hidden unit"
        )
    X = truth_table(2).astype(np.float64)
    fired = (X @ W1 + b1 >= 0).astype(int)
    for unit, want in ((0, "OR"), (1, "NAND")):
        got = _gate_of(fired[:, unit])
        if got == want:
            continue
        transposed = (X @ W1.T + b1 >= 0).astype(int)
        if _gate_of(transposed[:, 0]) == "OR" and _gate_of(transposed[:, 1]) == "NAND":
            hint = (
                "the weights of each unit sit in a row, but in the kernel a unit's weights are a column: "
                "kernel[i, j] connects input i to unit j"
            )
        elif not fired[:, unit].any():
            hint = "this unit never fires, not even when both inputs are 1: look at the sign and size of its bias"
        elif fired[:, unit].all():
            hint = "this unit always fires, even for the inputs (0, 0): look at the sign and size of its bias"
        elif got is None:
            hint = (
                f"for the inputs (0,0), (0,1), (1,0), (1,1) it fires {fired[:, unit].tolist()}, which is no gate "
                "of two inputs treated alike: give both inputs the same weight"
            )
        elif want == "NAND" and got == "AND":
            hint = "this unit computes AND; NAND is its opposite: what happens to every weight and the bias?"
        elif got in ("AND", "NOR") and want == "OR":
            hint = f"this unit computes {got}: its threshold is too high, so one active input is not enough"
        elif got == "OR" and want == "NAND":
            hint = "this unit computes OR; the OR unit is the first one (column 0), NAND the second"
        elif got == "NAND" and want == "OR":
            hint = "this unit computes NAND; the OR unit is the first one (column 0), NAND the second"
        else:
            hint = f"this unit computes {got}; lesson 01's gate weights give {want}"
        number = 3 + unit
        raise CheckFailed(
            f"xor_hidden_layer: check {number} of 4 failed (hidden unit {unit + 1} should compute {want}): "
            f"it fires {fired[:, unit].tolist()} for the inputs (0,0), (0,1), (1,0), (1,1).\n    hint:     {hint}"
        )
    print("xor_hidden_layer: 4/4 checks passed")


# --- Exercise 5.2: shapes -----------------------------------------------------------------------------

_SHAPE_HINTS = {
    "X": "one row per sample, one column per feature",
    "W1": "a kernel has one row per input feature and one column per unit of the layer (Keras's layout)",
    "b1": "one bias per unit, shared by every sample of the batch",
    "Z1": "the weighted sums: one row per sample, one column per unit",
    "A1": "an activation works element by element, so it keeps the shape of what it is given",
    "W2": "the second kernel takes the hidden units as its inputs",
    "b2": "one bias per output unit",
    "Z2": "one row per sample, one column per output unit",
    "dW1": "a gradient has the shape of the thing it is the gradient of: the cost changes with every weight",
    "db1": "a gradient has the shape of the thing it is the gradient of",
}


def check_shapes(predicted_shapes: Callable[[], Mapping[str, tuple[int, ...]]]) -> None:
    """Check the predicted shapes of Exercise 5.2 (7 samples, 3 features, Dense(5, relu), Dense(2, softmax)).

    Examples
    --------
    >>> from nnlib.checks.lesson05 import SHAPES
    >>> check_shapes(lambda: dict(SHAPES))
    predicted_shapes: 10/10 checks passed
    """
    __tracebackhide__ = True
    answer = _call_prediction("predicted_shapes", predicted_shapes)
    if not isinstance(answer, Mapping):
        raise CheckFailed(f"predicted_shapes: return a dict such as {{'X': (7, 3), ...}}, got {type(answer).__name__}")
    missing = [key for key in SHAPES if key not in answer]
    if missing:
        raise CheckFailed(f"predicted_shapes: the dict has no entry for {', '.join(missing)}; predict every shape")
    for number, (key, want) in enumerate(SHAPES.items(), start=1):
        got = answer[key]
        try:
            got = tuple(int(v) for v in (got if isinstance(got, (tuple, list)) else (got,)))
        except (TypeError, ValueError):
            raise CheckFailed(f"predicted_shapes: {key} must be a tuple of whole numbers, got {got!r}") from None
        if got == want:
            continue
        hint = _SHAPE_HINTS[key]
        if got[::-1] == want and len(want) == 2:
            hint = f"the two numbers are swapped. {hint[0].upper()}{hint[1:]}"
        elif len(got) == 2 and len(want) == 1 and want[0] in got:
            hint = f"a bias is a vector, not a matrix: {hint}"
        raise CheckFailed(
            f"predicted_shapes: check {number} of {len(SHAPES)} failed: your shape for {key}, {got}, is not right.\n"
            f"    hint:     {hint}"
        )
    print(f"predicted_shapes: {len(SHAPES)}/{len(SHAPES)} checks passed")


# --- Exercise 5.3: one layer's forward pass -----------------------------------------------------------


def check_dense_forward(dense_forward: Callable) -> None:
    """Check ``dense_forward(X, W, b, activation)`` returning ``(Z, A)`` (Exercise 5.3).

    Examples
    --------
    >>> check_dense_forward(lambda X, W, b, activation: (X @ W + b, activation(X @ W + b)))
    dense_forward: 5/5 checks passed
    """
    __tracebackhide__ = True
    X = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    W = np.array([[1.0, 0.0], [0.5, -1.0], [0.0, 2.0]])
    b = np.array([0.5, -0.25])

    identity = _Named("identity", lambda z: z)
    tanh = _Named("np.tanh", np.tanh)
    relu = _Named("relu", lambda z: np.maximum(z, 0))

    def case(what, X, W, b, activation, hint, mistakes=()):
        Z = X @ W + b
        fixed = "use the function passed in as `activation`, not a fixed one: the check passes different ones"
        mistakes = (*mistakes, ((Z, np.tanh(Z)), fixed), ((Z, np.maximum(Z, 0)), fixed))
        Z = X @ W + b
        return Case(
            what, {"X": X, "W": W, "b": b, "activation": activation}, (Z, activation(Z)), hint, mistakes=mistakes
        )

    one = X[:1]
    cases = [
        case(
            "one sample, no activation (the identity)",
            one,
            W,
            np.zeros(2),
            identity,
            "return two arrays (Z, A), each with one row per sample and one column per unit",
        ),
        case(
            "one sample, with a bias",
            one,
            W,
            b,
            identity,
            "every unit adds its own bias to its weighted sum",
            mistakes=(((one @ W, one @ W), "the bias is missing: every unit adds its own bias to its weighted sum"),),
        ),
        case(
            "a batch of two samples",
            X,
            W,
            b,
            identity,
            "each row of X is one sample; the same kernel and bias serve every row",
        ),
        case(
            "with tanh: A is the activation of Z",
            X,
            W,
            b,
            tanh,
            "A is the activation applied to Z, the sum with its bias",
            mistakes=(
                ((X @ W + b, X @ W + b), "A is still Z: apply the activation you were given to Z"),
                (
                    (X @ W + b, np.tanh(X @ W) + b),
                    "the bias was added after the activation; it belongs inside, to the weighted sum",
                ),
            ),
        ),
        case(
            "with ReLU",
            X,
            W,
            b,
            relu,
            "use the activation passed in as `activation`, whatever it is",
        ),
    ]
    run_cases("dense_forward", dense_forward, cases)


# --- Exercise 5.4: the output delta -------------------------------------------------------------------


def check_output_delta(output_delta: Callable) -> None:
    """Check ``output_delta(P, y)``: the gradient of the mean cross-entropy with respect to the logits.

    ``P`` holds softmax probabilities ``(n, k)`` and ``y`` integer class labels ``(n,)``.

    Examples
    --------
    >>> check_output_delta(lambda P, y: (P - np.eye(P.shape[1])[y]) / len(y))
    output_delta: 5/5 checks passed
    """
    __tracebackhide__ = True

    def right(P, y):
        return (P - np.eye(P.shape[1])[y]) / len(y)

    def case(what, P, y, hint, extra=()):
        P, y = np.array(P, dtype=np.float64), np.array(y)
        onehot = np.eye(P.shape[1])[y]
        n = len(y)
        mistakes = [
            (
                (onehot - P) / n,
                "the sign is flipped: the gradient is prediction minus target, so that a step "
                "against it raises the probability of the right class",
            ),
            (
                P - onehot,
                "this is the gradient of the *sum* over the batch; the cost is the mean, so each "
                "sample's share is divided by the number of samples",
            ),
            ((P - onehot) / P.size, "divide by the number of samples, not by the number of entries of P"),
            (
                (P - y[:, None]) / n,
                "y holds class numbers; compare P with the one-hot rows (a 1 in the column of the right class)",
            ),
            ((P - 1) / n, "subtract 1 only in the column of each sample's own class, not in every column"),
        ]
        return Case(what, {"P": P, "y": y}, right(P, y), hint, mistakes=tuple(mistakes) + tuple(extra))

    cases = [
        case(
            "one sample, right class is 0, perfect prediction",
            [[1.0, 0.0]],
            [0],
            "a perfect prediction leaves nothing to learn: return an array shaped like P, all zeros",
        ),
        case(
            "one sample, two classes",
            [[0.25, 0.75]],
            [0],
            "the right class's probability is too low: its entry must be negative; the wrong class's positive",
        ),
        case(
            "one sample, three classes",
            [[0.2, 0.5, 0.3]],
            [1],
            "every column gets the predicted probability, minus 1 in the column of the right class",
        ),
        case(
            "a batch of two samples",
            [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]],
            [1, 2],
            "the cost is a mean over the batch, so every sample's share is divided by the batch size",
        ),
        case(
            "four samples",
            [[0.7, 0.3], [0.4, 0.6], [0.5, 0.5], [0.1, 0.9]],
            [0, 0, 1, 1],
            "one row per sample, each with its own label",
        ),
    ]
    run_cases("output_delta", output_delta, cases)


# --- Exercise 5.5: the hidden delta -------------------------------------------------------------------


def check_hidden_delta(hidden_delta: Callable) -> None:
    """Check ``hidden_delta(delta2, W2, Z1)`` for a ReLU hidden layer (Exercise 5.5).

    Examples
    --------
    >>> check_hidden_delta(lambda delta2, W2, Z1: (delta2 @ W2.T) * (Z1 > 0))
    hidden_delta: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, delta2, W2, Z1, hint):
        delta2, W2, Z1 = (np.array(a, dtype=np.float64) for a in (delta2, W2, Z1))
        back = delta2 @ W2.T
        mistakes = (
            (
                back,
                "a hidden unit that was switched off (z <= 0) sent nothing forward, so it gets no blame: "
                "multiply by ReLU's slope at Z1",
            ),
            (back * Z1, "multiply by ReLU's *slope* at Z1 (0 or 1), not by Z1 itself"),
            (back * (Z1 >= 0), "at z = 0 exactly, this course takes ReLU's slope to be 0 (as nnlib does)"),
            (back * np.maximum(Z1, 0), "multiply by ReLU's *slope* at Z1 (0 or 1), not by ReLU's output"),
            (back * Z1 * (1 - Z1), "that is the sigmoid's slope; this hidden layer uses ReLU"),
            (back * _sigmoid(Z1) * (1 - _sigmoid(Z1)), "that is the sigmoid's slope; this hidden layer uses ReLU"),
            (back * (1 - Z1**2), "that is tanh's slope; this hidden layer uses ReLU"),
            (back * (1 - np.tanh(Z1) ** 2), "that is tanh's slope; this hidden layer uses ReLU"),
        )
        return Case(what, {"delta2": delta2, "W2": W2, "Z1": Z1}, back * (Z1 > 0), hint, mistakes=mistakes)

    cases = [
        case(
            "one sample, one hidden unit, one output, unit on",
            [[0.5]],
            [[2.0]],
            [[1.0]],
            "the blame for a hidden unit is the output's delta times the weight that connects them",
        ),
        case(
            "one sample, one hidden unit switched off",
            [[0.5]],
            [[2.0]],
            [[-1.0]],
            "a unit whose weighted sum was negative passed nothing forward",
        ),
        case(
            "two hidden units, one output",
            [[0.5]],
            [[2.0], [-1.0]],
            [[1.0, 3.0]],
            "each hidden unit gets the output's delta times its own outgoing weight. W2 has one row per hidden "
            "unit and one column per output; sending blame back from the outputs uses it the other way round",
        ),
        case(
            "two hidden units, three outputs: blame from every output adds up",
            [[0.1, -0.2, 0.3]],
            [[1.0, 2.0, 0.0], [0.0, -1.0, 4.0]],
            [[0.5, 2.0]],
            "a hidden unit feeds every output unit, so it collects blame from all of them: a sum over outputs, "
            "which is what a matrix product with W2 turned around (transposed) does",
        ),
        case(
            "a batch of two samples, with a unit exactly at 0",
            [[0.1, -0.2, 0.3], [0.4, 0.0, -0.1]],
            [[1.0, 2.0, 0.0], [0.0, -1.0, 4.0]],
            [[0.5, 0.0], [-1.0, 2.0]],
            "one row per sample; ReLU's slope is 1 where z > 0 and 0 elsewhere",
        ),
    ]
    run_cases("hidden_delta", hidden_delta, cases)


# --- Exercise 5.6: the weight gradients ---------------------------------------------------------------


def check_layer_gradients(layer_gradients: Callable) -> None:
    """Check ``layer_gradients(A_prev, delta)`` returning ``(dW, db)`` (Exercise 5.6).

    Examples
    --------
    >>> check_layer_gradients(lambda A_prev, delta: (A_prev.T @ delta, delta.sum(axis=0)))
    layer_gradients: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, A_prev, delta, hint):
        A_prev, delta = np.array(A_prev, dtype=np.float64), np.array(delta, dtype=np.float64)
        dW, db = A_prev.T @ delta, delta.sum(axis=0)
        n = A_prev.shape[0]
        mistakes = [
            (
                (dW, delta.mean(axis=0)),
                "db is averaged: the 1/n of the mean cost is already inside delta, so "
                "the samples' shares are added up, as for dW",
            ),
            ((dW / n, db / n), "dividing by n again: the 1/n of the mean cost is already inside delta"),
            ((dW, db * 0 + delta.sum()), "db adds up everything; each unit's bias gets only its own column"),
            ((dW, delta.sum(axis=1)), "db adds up over the units; add up over the samples, one entry per unit"),
            ((delta.T @ A_prev, db), "dW is transposed: it must have the kernel's shape, (inputs, units)"),
        ]
        return Case(what, {"A_prev": A_prev, "delta": delta}, (dW, db), hint, mistakes=tuple(mistakes))

    cases = [
        case(
            "one sample, one input, one unit",
            [[2.0]],
            [[0.5]],
            "return (dW, db): dW shaped like the kernel (inputs, units), db like the bias (units,)",
        ),
        case(
            "an input of zero gets no blame",
            [[0.0, 3.0]],
            [[0.5]],
            "each weight's gradient is the unit's delta times the input that weight multiplied",
        ),
        case(
            "two units",
            [[1.0, 2.0]],
            [[0.5, -1.0]],
            "kernel[i, j] connects input i to unit j, so its gradient pairs input i with unit j's delta",
        ),
        case(
            "a batch: the samples' shares add up",
            [[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]],
            [[0.5, 0.25], [-0.75, 0.0], [0.25, 0.5]],
            "add up the shares of all samples; a matrix product over the batch does exactly that",
        ),
        case(
            "three inputs, two units, two samples",
            [[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]],
            [[0.5, -0.5], [0.25, 1.0]],
            "dW has one row per input and one column per unit; db one entry per unit",
        ),
    ]
    run_cases("layer_gradients", layer_gradients, cases)


# --- Exercise 5.7: the numerical gradient -------------------------------------------------------------


def check_numerical_gradient(numerical_gradient: Callable) -> None:
    """Check ``numerical_gradient(f, x, h)``: central differences, every entry, ``x`` restored (Exercise 5.7).

    Examples
    --------
    >>> from nnlib.gradcheck import numerical_gradient
    >>> check_numerical_gradient(numerical_gradient)
    numerical_gradient: 6/6 checks passed
    """
    __tracebackhide__ = True
    require_function("numerical_gradient", numerical_gradient)
    total = 6

    def fail(number, what, problem, hint):
        raise CheckFailed(
            f"numerical_gradient: check {number} of {total} failed ({what}): {problem}\n    hint:     {hint}"
        )

    def run(number, what, f_of, x, expected, h=1e-5, atol=1e-6, mistakes=()):
        x = np.array(x, dtype=np.float64)
        before = x.copy()
        try:
            got = numerical_gradient(lambda: f_of(x), x, h)
        except NotImplementedError:
            raise NotAttemptedError("numerical_gradient") from None
        except Exception as error:
            hint = "visit every entry of x, whatever its shape; nudge it, measure f, put it back"
            if isinstance(error, IndexError | TypeError) and x.ndim == 2:
                hint = "x can be a matrix (a kernel): visit every entry, not only the first axis"
            fail(number, what, f"raised {type(error).__name__}: {error}", hint)
        if x.ndim == 2 and np.shape(got) != x.shape:
            fail(
                number,
                what,
                f"returned shape {np.shape(got)}, expected {x.shape}",
                "x can be a matrix (a kernel): visit every entry, not only the first axis, and return one slope "
                "per entry",
            )
        if not np.array_equal(x, before):
            fail(number, what, "after the call, x had changed", "put every entry of x back exactly as it was")
        problem = compare(got, expected, atol=atol, rtol=1e-5)
        if problem:
            hint = "nudge one entry of x up by h and down by h, and divide the change in f by the distance 2h"
            for wrong, wrong_hint in mistakes:
                if compare(got, wrong, atol=atol, rtol=1e-5) is None:
                    hint = wrong_hint
                    break
            if problem.startswith("returned None"):
                hint = "return the array of slopes"
            fail(number, what, f"{problem}; expected {np.round(expected, 6).tolist()}, got {got!r}", hint)

    run(
        1,
        "f = 3x for one number",
        lambda x: float(3 * x[0]),
        [2.0],
        np.array([3.0]),
        mistakes=((np.array([6.0]), "twice too big: the two nudged points are 2h apart, not h"),),
    )
    h = 1e-3
    run(
        2,
        "f = x³ at x = 1 with h = 0.001: central, not one-sided",
        lambda x: float(x[0] ** 3),
        [1.0],
        np.array([3.0 + h * h]),
        h=h,
        atol=1e-9,
        mistakes=(
            (np.array([((1 + h) ** 3 - 1) / h]), "a one-sided difference: nudge both ways, up and down"),
            (np.array([((1 + h) ** 3 - (1 - h) ** 3) / h]), "the two nudged points are 2h apart, not h"),
        ),
    )
    run(
        3,
        "two entries: one slope per entry",
        lambda x: float(x[0] ** 2 + 5 * x[1]),
        [3.0, -1.0],
        np.array([6.0, 5.0]),
        mistakes=((np.array([11.0, 11.0]), "all entries were nudged together: nudge one entry at a time"),),
    )
    run(
        4,
        "a kernel: x is a matrix",
        lambda x: float(np.sum(x * np.array([[1.0, 2.0], [3.0, 4.0]]))),
        [[0.5, 0.5], [0.5, 0.5]],
        np.array([[1.0, 2.0], [3.0, 4.0]]),
    )
    run(5, "a kernel that is not square", lambda x: float(np.sum(x**2)), [[1.0, 2.0, 3.0]], np.array([[2.0, 4.0, 6.0]]))
    weights = np.array([0.5, -1.0])
    run(
        6,
        "a cost that depends on all entries together",
        lambda x: float(np.log1p(np.exp(x @ weights))),
        [1.0, 2.0],
        weights / (1 + np.exp(-(np.array([1.0, 2.0]) @ weights))),
    )
    print(f"numerical_gradient: {total}/{total} checks passed")


# --- Exercise 5.8: which parameters does a gradient check flag? ----------------------------------------


def _flags(answer: object) -> dict[str, frozenset[str]]:
    if not isinstance(answer, Mapping):
        raise CheckFailed(
            "predicted_flags: return a dict from letter to the set of parameters flagged, e.g. {'A': {'W1'}, ...}; "
            f"got {type(answer).__name__}"
        )
    result = {}
    for letter in BROKEN_FLAGS:
        if letter not in answer:
            raise CheckFailed(f"predicted_flags: the dict has no entry for {letter!r}; predict all four")
        value = answer[letter]
        names = {value} if isinstance(value, str) else set(value)
        unknown = names - set(PARAMETERS)
        if unknown:
            raise CheckFailed(
                f"predicted_flags: {letter!r} lists {sorted(unknown)}; the parameters are {', '.join(PARAMETERS)}"
            )
        result[letter] = frozenset(names)
    return result


_FLAG_HINTS = {
    "A": "the bug changes delta1. Which of the four gradients are computed from delta1?",
    "B": "the bug changes one gradient after it has been computed. Is that value used again afterwards?",
    "C": "the bug changes what dW2 is computed from. Which other gradients are computed from that?",
    "D": "the bug changes delta2. Follow delta2 through the four steps: which gradients depend on it, "
    "directly or through delta1?",
}


def check_gradient_check_predictions(predicted_flags: Callable[[], Mapping[str, object]]) -> None:
    """Check the predictions of Exercise 5.8 without telling which parameters are right.

    A wrong letter gets a hint about how a mistake travels through the backward pass.

    Examples
    --------
    >>> from nnlib.checks.lesson05 import BROKEN_FLAGS
    >>> check_gradient_check_predictions(lambda: {k: set(v) for k, v in BROKEN_FLAGS.items()})
    predicted_flags: 4/4 checks passed
    """
    __tracebackhide__ = True
    flags = _flags(_call_prediction("predicted_flags", predicted_flags))
    for number, (letter, want) in enumerate(BROKEN_FLAGS.items(), start=1):
        got = flags[letter]
        if got == want:
            continue
        if not got:
            detail = "you predicted that nothing is flagged, but every pass here has a bug that shows"
        else:
            detail = "not right yet"
        raise CheckFailed(
            f"predicted_flags: check {number} of 4 failed (backward pass {letter}): {detail}.\n"
            f"    hint:     {_FLAG_HINTS[letter]}"
        )
    print("predicted_flags: 4/4 checks passed")


def flags_predicted_right(predicted_flags: Callable[[], Mapping[str, object]]) -> bool:
    """True once Exercise 5.8's predictions are right (the reveal cell waits for this)."""
    try:
        return _flags(copy.deepcopy(predicted_flags())) == BROKEN_FLAGS
    except (NotImplementedError, CheckFailed, TypeError):
        return False


# --- reveals that wait for the learner's prediction ------------------------------------------------


def passes(check: Callable[[Callable], None], answer: Callable) -> bool:
    """True if ``check(answer)`` passes; runs quietly (nothing printed, nothing raised)."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            check(answer)
        except (CheckFailed, TypeError):
            return False
    return True


def reveal_when_right(check: Callable[[Callable], None], answer: Callable, show: Callable[[], None]) -> None:
    """Call ``show()`` (which reveals the answer) only once ``answer`` passes ``check``.

    Until then print what to do, so a learner who runs every cell does not see the answer first.

    Examples
    --------
    >>> reveal_when_right(check_shapes, lambda: {}, lambda: print("the table"))
    This cell shows the answer, so it waits until your prediction passes its check above.
    """
    if passes(check, answer):
        show()
    else:
        print("This cell shows the answer, so it waits until your prediction passes its check above.")


#: Used until Exercise 5.1 passes: a hidden layer whose units compute AND and OR (not OR and NAND).
PLACEHOLDER_HIDDEN = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-1.5, -0.5]))


def xor_hidden_or_placeholder(xor_hidden_layer: Callable) -> tuple[np.ndarray, np.ndarray, tuple[str, str]]:
    """The learner's hidden layer once Exercise 5.1 passes; until then a stand-in whose units compute AND and OR.

    Returns
    -------
    W1, b1 : ndarray
    names : (str, str)
        What the two hidden units compute, for the diagram's labels.

    Examples
    --------
    >>> W1, b1, names = xor_hidden_or_placeholder(lambda: (np.array([[1, -1], [1, -1]]), np.array([-0.5, 1.5])))
    >>> b1.tolist(), names
    ([-0.5, 1.5], ('OR', 'NAND'))
    """
    if passes(check_xor_hidden_layer, xor_hidden_layer):
        W1, b1 = xor_hidden_layer()
        return np.asarray(W1, dtype=np.float64), np.asarray(b1, dtype=np.float64), ("OR", "NAND")
    print(
        "Exercise 5.1 is not solved yet, so this cell uses a stand-in hidden layer whose units compute AND and OR "
        "(not OR and NAND): watch the network get XOR wrong."
    )
    return PLACEHOLDER_HIDDEN[0].copy(), PLACEHOLDER_HIDDEN[1].copy(), ("AND", "OR")
