"""Checks for lesson 05: XOR's hidden layer, shapes, the forward pass through any number of layers,
the deltas, the weight gradients, the numerical gradient, which broken backward passes a gradient
check flags, the network the learner assembles (its gradients, its training loop) and the initial
weights' scale.

The prediction exercises (5.1, 5.2, 5.8, 5.11) never show the right answer: a wrong prediction gets a
hint that names the idea it misses, without the values. A cell that reveals an answer opens once the
prediction is *well-formed* (every key asked for, in the format asked), right or wrong.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.backprop import network_forward as right_forward  # the reference: the check judges by it
from nnlib.checks._core import (
    Case,
    CheckFailed,
    NotAttemptedError,
    compare,
    format_value,
    require_function,
    run_cases,
)
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


def _shape_answer(answer: object) -> dict[str, tuple[int, ...]]:
    """The learner's shapes as tuples of ints, or ``CheckFailed`` naming what is malformed."""
    if not isinstance(answer, Mapping):
        raise CheckFailed(
            f"predicted_shapes: return a dict with the keys {', '.join(map(repr, SHAPES))}, each a tuple such as "
            f"(7, 3); got {type(answer).__name__}"
        )
    missing = [key for key in SHAPES if key not in answer]
    if missing:
        raise CheckFailed(f"predicted_shapes: the dict has no entry for {', '.join(missing)}; predict every shape")
    extra = [key for key in answer if key not in SHAPES]
    if extra:
        raise CheckFailed(
            f"predicted_shapes: the dict has keys that were not asked for: {', '.join(map(repr, extra))}. "
            f"Return exactly the ten keys {', '.join(map(repr, SHAPES))}"
        )
    shapes = {}
    for key in SHAPES:
        got = answer[key]
        try:
            shapes[key] = tuple(int(v) for v in (got if isinstance(got, (tuple, list)) else (got,)))
        except (TypeError, ValueError):
            raise CheckFailed(f"predicted_shapes: {key} must be a tuple of whole numbers, got {got!r}") from None
    return shapes


def check_shapes(predicted_shapes: Callable[[], Mapping[str, tuple[int, ...]]]) -> None:
    """Check the predicted shapes of Exercise 5.2 (7 samples, 3 features, Dense(5, relu), Dense(2)).

    The dict must hold exactly the keys of :data:`SHAPES`; an extra key is an error, not ignored.

    Examples
    --------
    >>> check_shapes(lambda: dict(SHAPES))
    predicted_shapes: 10/10 checks passed
    """
    __tracebackhide__ = True
    answer = _shape_answer(_call_prediction("predicted_shapes", predicted_shapes))
    for number, (key, want) in enumerate(SHAPES.items(), start=1):
        got = answer[key]
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


# --- Exercise 5.3: the forward pass through any number of layers ----------------------------------------


_relu = ACTIVATIONS["relu"].forward


def _close(a: object, b: np.ndarray) -> bool:
    try:
        a = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))


def _forward_fault(X, layers, activation, got, right) -> str:
    """Name the fault of a wrong forward pass by comparing it with the forward passes beginners write."""
    depth = len(layers)
    if len(got) == len(right):
        for number in range(depth):
            A_prev, Z = got[number]
            want_A, want_Z = right[number]
            if _close(A_prev, want_A) and _close(Z, want_Z):
                continue
            if number > 0 and _close(A_prev, right[number - 1][1]):
                return (
                    f"layer {number + 1}'s input is the previous layer's weighted sums Z: the hidden layer's "
                    "activation is missing between them"
                )
            if _close(A_prev, X) and number > 0:
                return f"layer {number + 1} was given X; each layer's input is the previous layer's output"
            if _close(A_prev, want_A) and _close(Z, activation(want_Z)):
                if number == depth - 1:
                    return (
                        "the last layer's weighted sums come out as they are (no activation): section 3 turns "
                        "them into probabilities"
                    )
                return "store each layer's weighted sums Z, before the activation: backpropagation needs them"
            W, b = layers[number]
            if _close(A_prev, want_A) and _close(Z, want_A @ W):
                return f"layer {number + 1}'s bias is missing: every unit adds its own bias to its weighted sum"
            if number > 0 and _close(A_prev, _relu(right[number - 1][1])):
                return "use the activation passed in as `activation`, not a fixed one: the check passes several"
            if number > 0 and _close(A_prev, np.tanh(right[number - 1][1])):
                return "use the activation passed in as `activation`, not a fixed one: the check passes several"
            if _close(Z, want_A) and _close(A_prev, want_Z):
                return "each pair is (A_prev, Z): the layer's input first, then its weighted sums"
            reversed_right = right[::-1]
            if all(_close(g[1], r[1]) for g, r in zip(got, reversed_right, strict=True)):
                return "the list goes first layer first, as the layers do"
            return (
                f"layer {number + 1} is the first one that is off: its input is the previous layer's "
                "activation (X for the first layer), its Z is that input through its kernel plus its bias"
            )
    return f"return one (A_prev, Z) pair per layer: this network has {depth} layers"


def check_network_forward(network_forward: Callable) -> None:
    """Check ``network_forward(X, layers, activation)``: one ``(A_prev, Z)`` pair per layer (Exercise 5.3).

    Every layer but the last applies ``activation``; the last layer's sums come out as they are.

    Examples
    --------
    >>> from nnlib.backprop import network_forward
    >>> check_network_forward(network_forward)
    network_forward: 5/5 checks passed
    """
    __tracebackhide__ = True
    require_function("network_forward", network_forward)
    rng = np.random.default_rng(5)

    def net(*sizes):
        return [
            (np.round(rng.normal(size=(m, k)), 2), np.round(rng.normal(size=k), 2))
            for m, k in zip(sizes, sizes[1:], strict=False)
        ]

    relu = _Named("relu", _relu)
    tanh = _Named("np.tanh", np.tanh)
    cases = [
        ("one layer: its sums come out as they are", rng.normal(size=(1, 3)).round(2), net(3, 2), relu),
        ("two layers, one sample", np.array([[1.0, -0.5, 2.0]]), net(3, 4, 2), relu),
        ("two layers, a batch of five", rng.normal(size=(5, 3)).round(2), net(3, 4, 2), relu),
        ("two layers with tanh", rng.normal(size=(5, 3)).round(2), net(3, 4, 2), tanh),
        ("four layers of different widths", rng.normal(size=(6, 2)).round(2), net(2, 5, 3, 4, 2), relu),
    ]
    total = len(cases)
    for number, (what, X, layers, activation) in enumerate(cases, start=1):
        right = right_forward(X, layers, activation)
        shapes = " -> ".join(str(W.shape) for W, _ in layers)
        context = f"network_forward: check {number} of {total} failed ({what}; X {X.shape}, kernels {shapes})"
        try:
            got = network_forward(X.copy(), copy.deepcopy(layers), activation)
        except NotImplementedError:
            raise NotAttemptedError("network_forward") from None
        except Exception as error:
            hint = (
                "loop over the list of layers, whatever its length (a network may have any number of layers); "
                "each layer's input is the previous layer's output, and a kernel has shape (inputs, units)"
            )
            if isinstance(error, NameError):
                hint = f"your function uses a name this notebook has not defined: {error}"
            raise CheckFailed(f"{context}: raised {type(error).__name__}: {error}\n    hint:     {hint}") from error
        if got is None:
            raise CheckFailed(f"{context}: returned None: is there a `return` statement at the end of your function?")
        if not isinstance(got, (list, tuple)) or not all(
            isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in got
        ):
            raise CheckFailed(
                f"{context}: returned {type(got).__name__}; expected a list with one (A_prev, Z) pair per layer\n"
                "    hint:     for every layer keep what went in and its weighted sums, as a pair"
            )
        if len(got) == len(right) and all(
            _close(g[0], r[0]) and _close(g[1], r[1]) for g, r in zip(got, right, strict=True)
        ):
            continue
        raise CheckFailed(
            f"{context}: not the right pairs\n    hint:     {_forward_fault(X, layers, activation, got, right)}"
        )
    print(f"network_forward: {total}/{total} checks passed")


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
        n = delta2.shape[0]
        mistakes = (
            (
                back * (Z1 > 0) / n,
                "divided by the number of samples again: the 1/n of the mean cost is already inside delta2, "
                "and every step back keeps it",
            ),
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
    """Check ``layer_gradients(A_prev, delta)`` returning ``(dW, db)`` (Exercise 5.6, find the bugs).

    The exercise gives a version with two bugs that hide on one sample with one unit (it divides dW
    by n and adds db up along the wrong axis); each has its own hint.

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
            ((dW, db * 0 + delta.sum()), "db adds up everything; each unit's bias gets only its own column"),
            ((dW, delta.sum(axis=1)), "db adds up over the units; add up over the samples, one entry per unit"),
            ((delta.T @ A_prev, db), "dW is transposed: it must have the kernel's shape, (inputs, units)"),
        ]
        if n > 1:  # with one sample, a sum and a mean are the same: these bugs hide there
            mistakes += [
                (
                    (dW, delta.mean(axis=0)),
                    "db is averaged: the 1/n of the mean cost is already inside delta, so "
                    "the samples' shares are added up, as for dW",
                ),
                ((dW / n, db / n), "dividing by n again: the 1/n of the mean cost is already inside delta"),
                (
                    (dW / n, db),
                    "dW is still divided by n: the 1/n of the mean cost is already inside delta, so dividing "
                    "again makes dW n times too small",
                ),
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

    The cases use the ``h`` they pass (one uses ``h = 0.5``, where ignoring ``h`` shows), values such
    as 0.3 that ``+= h; -= 2 * h; += h`` does not restore exactly, and matrices.

    Examples
    --------
    >>> from nnlib.gradcheck import numerical_gradient
    >>> check_numerical_gradient(numerical_gradient)
    numerical_gradient: 7/7 checks passed
    """
    __tracebackhide__ = True
    require_function("numerical_gradient", numerical_gradient)
    total = 7
    ignores_h = (
        "your slopes do not depend on the h passed in: the central difference of x³ at 1 is 3 + h², "
        "so with the check's h it is not exactly 3. Nudge by the h you are given"
    )

    def fail(number, what, problem, hint):
        raise CheckFailed(
            f"numerical_gradient: check {number} of {total} failed ({what}): {problem}\n    hint:     {hint}"
        )

    def run(number, what, f_of, x, expected, h=1e-6, atol=1e-6, mistakes=()):
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
            if np.allclose(x, before, rtol=1e-12, atol=1e-15):
                hint = (
                    "x is back only approximately (it differs in the last digits): that is floating-point "
                    "rounding, since adding h and taking it away again does not always give the number you "
                    "started from. Save each entry's original value and put that saved value back"
                )
            else:
                hint = "put every entry of x back exactly as it was"
            fail(number, what, f"after the call, x had changed: {before.tolist()} became {x.tolist()}", hint)
        problem = compare(got, expected, atol=atol, rtol=1e-7)
        if problem:
            hint = "nudge one entry of x up by h and down by h, and divide the change in f by the distance 2h"
            got_array = np.asarray(got, dtype=np.float64) if problem != "returned None" else None
            for wrong, wrong_hint in mistakes:
                if compare(got, wrong, atol=atol, rtol=1e-7) is None:
                    hint = wrong_hint
                    break
            else:
                if got_array is not None and got_array.shape == x.shape and np.all(got_array == 0):
                    hint = (
                        "every slope is 0: f never saw your nudges. f reads the array x itself, so change the "
                        "entries of x in place (not of a copy of x), and put them back afterwards"
                    )
            if problem.startswith("returned None"):
                hint = "return the array of slopes"
            fail(number, what, f"{problem}; expected {np.round(expected, 7).tolist()}, got {got!r}", hint)

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
            (np.array([3.0]), ignores_h),
        ),
    )
    h = 0.5
    run(
        3,
        "f = x³ at x = 1 with h = 0.5: the h passed in is the nudge",
        lambda x: float(x[0] ** 3),
        [1.0],
        np.array([3.0 + h * h]),
        h=h,
        atol=1e-9,
        mistakes=(
            (np.array([3.0]), ignores_h),
            (np.array([((1 + h) ** 3 - 1) / h]), "a one-sided difference: nudge both ways, up and down"),
        ),
    )
    run(
        4,
        "two entries: one slope per entry",
        lambda x: float(x[0] ** 2 + 5 * x[1]),
        [0.3, -0.7],
        np.array([0.6, 5.0]),
        mistakes=((np.array([5.6, 5.6]), "all entries were nudged together: nudge one entry at a time"),),
    )
    weights = np.array([[1.0, 2.0], [3.0, 4.0]])
    run(
        5,
        "a kernel: x is a matrix",
        lambda x: float(np.sum(x * weights)),
        [[0.5, 0.5], [0.5, 0.5]],
        weights,
        mistakes=(
            (
                np.array([[3.0, 3.0], [7.0, 7.0]]),
                "a whole row was nudged at once: for a matrix, x[i] is a row. Nudge one entry at a time, "
                "with an index for every axis",
            ),
        ),
    )
    run(6, "a kernel that is not square", lambda x: float(np.sum(x**2)), [[1.1, 2.3, 3.0]], np.array([[2.2, 4.6, 6.0]]))
    weights = np.array([0.5, -1.0])
    run(
        7,
        "a cost that depends on all entries together",
        lambda x: float(np.log1p(np.exp(x @ weights))),
        [1.1, 2.3],
        weights / (1 + np.exp(-(np.array([1.1, 2.3]) @ weights))),
    )
    print(f"numerical_gradient: {total}/{total} checks passed")


# --- Exercise 5.8: which parameters does a gradient check flag? ----------------------------------------


def _flags(answer: object) -> dict[str, frozenset[str]]:
    if not isinstance(answer, Mapping):
        raise CheckFailed(
            "predicted_flags: return a dict from letter to the set of parameters flagged, e.g. {'A': {'W1'}, ...}; "
            f"got {type(answer).__name__}"
        )
    extra = [key for key in answer if key not in BROKEN_FLAGS]
    if extra:
        raise CheckFailed(
            f"predicted_flags: keys not asked for: {', '.join(map(repr, extra))}; return exactly the keys "
            "'A', 'B', 'C', 'D'"
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


# --- Exercise 5.9: the assembled network's gradients ------------------------------------------------------


def _network(sizes: Sequence[int], rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (rng.normal(size=(m, k)) * np.sqrt(2 / m), rng.normal(size=k) * 0.1)
        for m, k in zip(sizes, sizes[1:], strict=False)
    ]


def _copy_layers(layers):
    return [(W.copy(), b.copy()) for W, b in layers]


def _gradient_pairs(got: object, layers, context: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The learner's ``(cost, grads)`` checked for form; returns the gradient pairs as arrays."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise CheckFailed(
            f"{context}: returned {type(got).__name__}; expected two things, (cost, grads)\n"
            "    hint:     return the cost (a number) and the list of (dW, db) pairs"
        )
    _, grads = got
    if not isinstance(grads, (tuple, list)) or len(grads) != len(layers):
        count = len(grads) if isinstance(grads, (tuple, list)) else type(grads).__name__
        raise CheckFailed(
            f"{context}: grads holds {count} items for {len(layers)} layers\n"
            "    hint:     one (dW, db) pair per layer, for every layer of the list, first layer first"
        )
    pairs = []
    for number, ((W, b), pair) in enumerate(zip(layers, grads, strict=True), start=1):
        try:
            dW, db = (np.asarray(g, dtype=np.float64) for g in pair)
        except (TypeError, ValueError):
            raise CheckFailed(
                f"{context}: item {number} of grads is not a (dW, db) pair of arrays\n"
                "    hint:     one (dW, db) pair per layer"
            ) from None
        if dW.shape != W.shape or db.shape != b.shape:
            shapes = [tuple(np.shape(p[0])) for p in grads]
            hint = "a gradient has the shape of its parameter"
            if shapes == [W.shape for W, _ in layers][::-1]:
                hint = "the pairs are in reverse order: the list goes first layer first, like the layers"
            raise CheckFailed(
                f"{context}: layer {number}'s gradients have shapes {dW.shape} and {db.shape}; its kernel and bias "
                f"have {W.shape} and {b.shape}\n    hint:     {hint}"
            )
        pairs.append((dW, db))
    return pairs


def check_network_gradients(network_gradients: Callable, numerical_gradient: Callable) -> None:
    """Check ``network_gradients(X, y, layers)`` with the learner's own ``numerical_gradient`` (Exercise 5.9).

    Networks of one to four layers (ReLU hidden layers, softmax output) on small random batches: the
    cost must be the mean cross-entropy, and every gradient must agree with the numerical one
    (relative error below 1e-6). A wrong layer gets a hint that says where the mistake sits.

    Examples
    --------
    >>> from nnlib.backprop import network_gradients
    >>> from nnlib.gradcheck import numerical_gradient
    >>> check_network_gradients(network_gradients, numerical_gradient)
    network_gradients: 4/4 checks passed (every gradient agrees with your numerical_gradient)
    """
    __tracebackhide__ = True
    require_function("network_gradients", network_gradients)
    if not passes(check_numerical_gradient, numerical_gradient):
        raise CheckFailed(
            "network_gradients: this check measures your gradients with your numerical_gradient, which does not "
            "pass its own check yet: run check_numerical_gradient(numerical_gradient) and fix it first"
        )
    from nnlib.backprop import network_gradients as reference
    from nnlib.gradcheck import relative_error

    rng = np.random.default_rng(7)
    cases = [
        ("one layer (no hidden layer)", [3, 2]),
        ("two layers", [2, 5, 2]),
        ("three layers", [3, 4, 5, 3]),
        ("four layers", [2, 6, 4, 5, 2]),
    ]
    total = len(cases)
    for number, (what, sizes) in enumerate(cases, start=1):
        layers = _network(sizes, rng)
        X, y = rng.normal(size=(6, sizes[0])), rng.integers(0, sizes[-1], size=6)
        context = f"network_gradients: check {number} of {total} failed ({what}, sizes {sizes})"
        mine = _copy_layers(layers)
        try:
            got = network_gradients(X.copy(), y.copy(), mine)
        except NotImplementedError:
            raise NotAttemptedError("network_gradients") from None
        except Exception as error:
            raise CheckFailed(
                f"{context}: raised {type(error).__name__}: {error}\n    hint:     go forward through every layer "
                "of the list, then back through every layer, last first; a network may have any number of layers"
            ) from error
        pairs = _gradient_pairs(got, layers, context)
        if not all(
            np.array_equal(a, b) for pa, pb in zip(mine, layers, strict=True) for a, b in zip(pa, pb, strict=True)
        ):
            raise CheckFailed(
                f"{context}: the layers' weights changed\n    hint:     computing gradients must leave the weights "
                "as they were (training changes them, later)"
            )
        right_cost, right = reference(X, y, _copy_layers(layers))
        try:
            cost = float(got[0])
        except (TypeError, ValueError):
            raise CheckFailed(f"{context}: the cost must be a number, got {got[0]!r}") from None
        if not np.isclose(cost, right_cost, rtol=1e-9, atol=1e-12):
            hint = "the cost is the mean cross-entropy of the softmax probabilities of the last layer's sums"
            if np.isclose(cost, right_cost * len(y)):
                hint = "this is the cross-entropy summed over the samples; the cost is its mean"
            raise CheckFailed(f"{context}: cost {cost!r}, expected {right_cost!r}\n    hint:     {hint}")
        wrong = []
        for layer_number, ((W, b), (dW, db)) in enumerate(zip(mine, pairs, strict=True), start=1):

            def cost_now(X=X, y=y, mine=mine):
                return float(network_gradients(X, y, mine)[0])

            for name, param, analytic in (("W", W, dW), ("b", b, db)):
                numerical = np.asarray(numerical_gradient(cost_now, param, 1e-6), dtype=np.float64)
                if relative_error(analytic, numerical) > 1e-6:
                    wrong.append(f"{name}{layer_number}")
        if not wrong:
            continue
        depth = len(layers)
        last = {f"W{depth}", f"b{depth}"}
        if len(wrong) == 2 * depth and all(
            np.allclose(d, r * len(y)) for p, q in zip(pairs, right, strict=True) for d, r in zip(p, q, strict=True)
        ):
            hint = "every gradient is n times too big: the output delta of the mean cost already holds the 1/n"
        elif set(wrong) <= last:
            hint = "the last layer's gradients are off: it starts from the output delta and the last layer's input"
        elif not set(wrong) & last:
            hint = (
                "the last layer is right, the layers below it are not: look at how the delta goes back through "
                "each hidden layer (the kernel of the layer above, this layer's own weighted sums) and which "
                "input each layer's gradients use"
            )
        else:
            hint = "start from the output delta at the last layer, then go back one layer at a time"
        raise CheckFailed(
            f"{context}: your numerical_gradient disagrees with the gradients of {', '.join(wrong)} "
            f"(relative error above 1e-6)\n    hint:     {hint}"
        )
    print(f"network_gradients: {total}/{total} checks passed (every gradient agrees with your numerical_gradient)")


# --- Exercise 5.10: the training loop -----------------------------------------------------------------


def _step_scale(train_network: Callable, X, y, start, lr: float) -> float | None:
    """How many gradients one epoch of the learner's loop moves the weights by, if it is a multiple at all."""
    from nnlib.backprop import network_gradients

    layers = _copy_layers(start)
    try:
        train_network(X.copy(), y.copy(), layers, lr, 1)
    except Exception:  # the main check has already run this loop; nothing more to learn here
        return None
    _, grads = network_gradients(X, y, _copy_layers(start))
    moved = np.concatenate(
        [(s - a).ravel() for sp, ap in zip(start, layers, strict=True) for s, a in zip(sp, ap, strict=True)]
    )
    gradient = np.concatenate([g.ravel() for pair in grads for g in pair])
    scale = float(moved @ gradient / (gradient @ gradient))
    return scale if np.allclose(moved, scale * gradient, rtol=1e-6, atol=1e-12) else None


def check_train_network(train_network: Callable) -> None:
    """Check ``train_network(X, y, layers, lr, epochs)``: full-batch gradient descent (Exercise 5.10).

    Trains a 2-8-2 network on XOR and a 2-8-8-2 network on the moons: the costs (one per epoch, each
    measured before that epoch's step) must fall as gradient descent's do, and every layer's arrays
    must change in place.

    Examples
    --------
    >>> from nnlib.backprop import train_network
    >>> check_train_network(train_network)
    train_network: 2/2 checks passed (XOR's cost fell from 0.66 to 0.0043)
    """
    __tracebackhide__ = True
    require_function("train_network", train_network)
    from nnlib.backprop import train_network as reference
    from nnlib.datasets import logic_gate, make_moons

    X_xor, y_xor = logic_gate("XOR")
    X_moons, y_moons = make_moons(60, noise=0.1, rng=1)
    cases = [
        ("XOR, 2-8-2, lr 0.5, 300 epochs", X_xor.astype(np.float64), y_xor, [2, 8, 2], 0.5, 300),
        ("moons, 2-8-8-2, lr 0.3, 60 epochs", X_moons, y_moons, [2, 8, 8, 2], 0.3, 60),
    ]
    summary = ""
    for number, (what, X, y, sizes, lr, epochs) in enumerate(cases, start=1):
        start = _network(sizes, np.random.default_rng(0))
        context = f"train_network: check {number} of 2 failed ({what})"
        mine = _copy_layers(start)
        try:
            costs = train_network(X.copy(), y.copy(), mine, lr, epochs)
        except NotImplementedError:
            raise NotAttemptedError("train_network") from None
        except Exception as error:
            raise CheckFailed(
                f"{context}: raised {type(error).__name__}: {error}\n    hint:     each epoch: the cost and "
                "gradients from network_gradients, then one step for every kernel and bias"
            ) from error
        right_layers = _copy_layers(start)
        right = reference(X, y, right_layers, lr, epochs)
        try:
            costs = [float(c) for c in costs]
        except TypeError:
            raise CheckFailed(
                f"{context}: returned {type(costs).__name__}; expected the list of costs, one per epoch"
            ) from None
        if len(costs) != epochs:
            raise CheckFailed(
                f"{context}: {len(costs)} costs for {epochs} epochs\n    hint:     record one cost per epoch"
            )
        moved = [
            not np.array_equal(a, s)
            for pair, spair in zip(mine, start, strict=True)
            for a, s in zip(pair, spair, strict=True)
        ]
        if not any(moved):
            raise CheckFailed(
                f"{context}: the layers you were given never changed\n    hint:     update the arrays in place, "
                "so that the caller's layers learn (a new array given to a local name is lost after the loop)"
            )
        if not np.isclose(costs[0], right[0]):
            hint = "the first cost is the cost of the untrained network, measured before the first step"
            if np.isclose(costs[0], right[1]):
                hint = "the costs are recorded after each step; record each epoch's cost before its step"
            raise CheckFailed(f"{context}: first cost {costs[0]:.6f}, expected {right[0]:.6f}\n    hint:     {hint}")
        if costs[-1] > costs[0]:
            raise CheckFailed(
                f"{context}: the cost rose from {costs[0]:.4f} to {costs[-1]:.4f}\n    hint:     a step goes "
                "against the gradient: downhill"
            )
        if not all(moved[1::2]):
            raise CheckFailed(f"{context}: some biases never moved\n    hint:     every layer's bias learns too")
        if not all(moved[0::2]):
            raise CheckFailed(f"{context}: some kernels never moved\n    hint:     every layer's kernel learns")
        if not np.allclose(costs, right, rtol=1e-6, atol=1e-9):
            k = int(np.argmax(~np.isclose(costs, right, rtol=1e-6, atol=1e-9)))
            hint = (
                "each epoch is one step of every kernel and bias against its gradient, times lr, all computed "
                "from the same network_gradients call"
            )
            scale = _step_scale(train_network, X, y, start, lr)
            if scale is not None and not np.isclose(scale, lr):
                hint = (
                    f"one epoch moved the weights by {scale:.3g} times the gradient, not lr = {lr} times: "
                    "use the lr passed in"
                )
            raise CheckFailed(
                f"{context}: your costs leave gradient descent's at epoch {k + 1}: {costs[k]:.6f}, expected "
                f"{right[k]:.6f}\n    hint:     {hint}"
            )
        if number == 1:
            summary = f"XOR's cost fell from {costs[0]:.2g} to {costs[-1]:.2g}"
    print(f"train_network: 2/2 checks passed ({summary})")


# --- Exercise 5.11: the initial weights' scale --------------------------------------------------------

#: The predictions of Exercise 5.11 and their right values.
INIT_PREDICTIONS = ("spread_z", "sigma", "distinct_units")


def _init_answer(answer: object) -> dict[str, float]:
    """The learner's Exercise 5.11 answer as numbers, or ``CheckFailed`` naming what is malformed."""
    if not isinstance(answer, Mapping):
        raise CheckFailed(
            f"predicted_initialisation: return a dict with the keys {', '.join(map(repr, INIT_PREDICTIONS))}, "
            f"each a number; got {type(answer).__name__}"
        )
    missing = [key for key in INIT_PREDICTIONS if key not in answer]
    extra = [key for key in answer if key not in INIT_PREDICTIONS]
    if missing or extra:
        problem = f"no entry for {', '.join(map(repr, missing))}" if missing else ""
        if extra:
            problem += ("; " if problem else "") + f"keys not asked for: {', '.join(map(repr, extra))}"
        raise CheckFailed(
            f"predicted_initialisation: {problem}. Return exactly the keys {', '.join(map(repr, INIT_PREDICTIONS))}"
        )
    numbers = {}
    for key in INIT_PREDICTIONS:
        value = answer[key]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise CheckFailed(f"predicted_initialisation: {key} must be a number, got {value!r}")
        numbers[key] = float(value)
    return numbers


def check_initialisation_predictions(predicted_initialisation: Callable[[], Mapping[str, float]]) -> None:
    """Grade Exercise 5.11 (a weighted sum's spread, the weights' spread that keeps it, symmetry).

    Examples
    --------
    >>> check_initialisation_predictions(lambda: {"spread_z": 10, "sigma": 0.1, "distinct_units": 1})
    predicted_initialisation: 3/3 checks passed
    """
    __tracebackhide__ = True
    answer = _init_answer(_call_prediction("predicted_initialisation", predicted_initialisation))
    grades = [
        (
            "spread_z",
            "the spread of z = x·w over 100 inputs, weights of spread 1",
            10.0,
            0.5,
            {
                100.0: "100 is the variance of z; the spread (standard deviation) is its square root",
                1.0: "each of the 100 products adds its own variance to the sum: the spread grows with n",
                0.1: "the sum of 100 products varies more than one product does, not less",
            },
            "variances of independent terms add up, and the spread is the square root of the variance",
        ),
        (
            "sigma",
            "the weights' spread that keeps z's spread at 1",
            0.1,
            0.005,
            {
                0.01: "0.01 is the variance the weights need (1/100); their spread is its square root",
                1.0: "with spread 1 the sum's spread is your first answer, not 1",
            },
            "n × variance of the weights must be 1; the spread is the square root of the variance",
        ),
        (
            "distinct_units",
            "how many different hidden units the network with equal starting weights ends with",
            1.0,
            0.0,
            {
                8.0: "every hidden unit starts the same, so each gets the same gradient in every step: can they "
                "ever become different?",
            },
            "units that start identical compute the same output and receive the same gradient",
        ),
    ]
    for number, (key, what, want, atol, mistakes, hint) in enumerate(grades, start=1):
        got = answer[key]
        if abs(got - want) <= atol:
            continue
        hint = next((text for wrong, text in mistakes.items() if abs(got - wrong) <= max(atol, 1e-9)), hint)
        raise CheckFailed(
            f"predicted_initialisation: prediction {number} of 3 is not right ({what})\n"
            f"    you predicted: {key} = {format_value(got)}\n    hint:          {hint}"
        )
    print("predicted_initialisation: 3/3 checks passed")


# --- reveals that wait for the learner's prediction ------------------------------------------------


def passes(check: Callable[[Callable], None], answer: Callable) -> bool:
    """True if ``check(answer)`` passes; runs quietly (nothing printed, nothing raised)."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            check(answer)
        except Exception:  # failed, or crashed in a way the check did not foresee: either way, not passing
            return False
    return True


#: For each prediction of lesson 05, the function that reads its answer (raising ``CheckFailed`` if malformed).
_FORMATS = {
    "predicted_shapes": _shape_answer,
    "predicted_flags": lambda answer: _flags(answer),
    "predicted_initialisation": _init_answer,
}


def well_formed(prediction: Callable[[], object]) -> bool:
    """True once a prediction of this lesson is well-formed: every key asked for, in the format asked.

    Right or wrong does not matter: the cell that shows the answer opens for any well-formed prediction.

    Examples
    --------
    >>> def predicted_shapes():
    ...     return {key: (1,) for key in SHAPES}
    >>> well_formed(predicted_shapes)
    True
    """
    name = getattr(prediction, "__name__", "")
    if name not in _FORMATS:
        raise ValueError(f"well_formed: expected one of {', '.join(_FORMATS)}, got {name or prediction!r}")
    try:
        _FORMATS[name](copy.deepcopy(prediction()))
    except Exception:  # not attempted, malformed, or the learner's function crashed: not yet
        return False
    return True


def reveal_when_well_formed(prediction: Callable[[], object], show: Callable[[], None]) -> None:
    """Call ``show()`` (which reveals the answer) once ``prediction`` is well-formed, right or wrong.

    Until then print what to do, so a learner who runs every cell commits to an answer first.

    Examples
    --------
    >>> def predicted_shapes():
    ...     raise NotImplementedError
    >>> reveal_when_well_formed(predicted_shapes, lambda: print("the table"))  # doctest: +ELLIPSIS
    This cell shows the answer, so it opens once your prediction above is well-formed (every key asked for, ...
    """
    if well_formed(prediction):
        show()
    else:
        print(
            "This cell shows the answer, so it opens once your prediction above is well-formed "
            "(every key asked for, in the format asked; right or not)."
        )


def yours_if_it_passes(check: Callable[[Callable], None], yours: Callable, library: Callable) -> Callable:
    """Your function if it passes ``check``, otherwise the library's (the rest of the lesson uses the result).

    Examples
    --------
    >>> from nnlib.gradcheck import numerical_gradient
    >>> yours_if_it_passes(check_numerical_gradient, None, numerical_gradient) is numerical_gradient
    Your numerical_gradient does not pass its check yet: the rest of the lesson uses the library's.
    True
    """
    name = getattr(library, "__name__", "function")
    if yours is not None and passes(check, yours):
        print(f"Your {name} passes its check: the rest of the lesson uses yours.")
        return yours
    print(f"Your {name} does not pass its check yet: the rest of the lesson uses the library's.")
    return library


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
